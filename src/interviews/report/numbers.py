"""The numbers that chapters quote in their prose, computed for every interview.

Each function returns a mapping of glue key -> value; a chapter glues them all with
:func:`glue` and its prose picks the ones it discusses (``{glue:text}`key```), so no
chapter computes anything or names an interview in code. Keys start with the
interview's slug where they describe one interview.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pandas as pd

from .. import paths
from ..analysis import alignment as alignment_analysis
from ..analysis import comparison
from ..coding import coder
from ..coding.agreement import EXCHANGE_SEED
from ..coding.codebook import load_codebook
from ..coding.coder import theme_sets
from . import build_cache
from .chapter_data import ROUND_CODEBOOKS, AgreementReport, ThemeData
from .figures import log_odds_pair, log_odds_pair_table

Z_THRESHOLD = 1.96  # two-sided 5% for a standard normal z-score


def glue(values: dict[str, object], root: Path | None = None) -> None:
    """Glue each value whose key a page of the book quotes (``{glue:text}`key```), without displaying it.

    The chapters compute more values than their prose quotes (every interview's, every validation
    round's), and each glued value is a message from the kernel and an output that the cache and
    Sphinx read, about a millisecond each; the others are left out. `root` is the project's folder
    (by default the one holding the working directory)."""
    from myst_nb import glue as myst_glue

    quoted = build_cache.quoted_glue_keys(root or paths.project_root())
    for key, value in values.items():
        if key in quoted:
            myst_glue(key, value, display=False)


def agreement(themes: ThemeData, report: AgreementReport) -> dict[str, object]:
    """The agreement report's headline numbers, the split's seed, the number of themes ('n-leaves') and the
    classifier's settings and training size ('classifier-...')."""
    from ..coding import classifier, examples, sentences
    from ..coding.coder import BRITISH_STEMS

    settings = themes.codebook.classifier
    earlier = {}  # each earlier round's codebook with a classifier: training size and threshold, '...-v5'
    for name, file in ROUND_CODEBOOKS.values():
        if file is not paths.codebook_file and file(themes.root).is_file():
            model = classifier.trained(load_codebook(file(themes.root)))
            if model is not None:
                earlier[f"classifier-training-{name}"] = model.training_size
                earlier[f"classifier-threshold-{name}"] = model.settings.threshold
    return {**report.numbers(), "exchange-seed": EXCHANGE_SEED, "n-leaves": len(themes.codebook.leaves()),
            "british-stems": len(BRITISH_STEMS), **earlier,
            **({"classifier-threshold": settings.threshold,
                "classifier-training": classifier.trained(themes.codebook).training_size} if settings else {}),
            **({"classifier-confirm": settings.confirm} if settings and settings.confirm else {}),
            **({"classifier-vectors": settings.vectors, "classifier-vector-width": sentences.WIDTH}
               if settings and settings.vectors else {}),
            **({"classifier-examples": len(examples.load(themes.root / settings.examples, themes.codebook))}
               if settings and settings.examples else {})}


def prevalence(table: pd.DataFrame) -> dict[str, object]:
    """'<slug>-<theme>-n' (answer paragraphs with the theme), '-pct' (their share), '-low' and '-high' (its interval).

    Shares and the bounds of their 95% Wilson interval are whole percentages.
    """
    out: dict[str, object] = {}
    for row in table.itertuples():
        out[f"{row.interview}-{row.theme}-n"] = row.paragraphs
        out[f"{row.interview}-{row.theme}-pct"] = int(round(100 * row.share))
        out[f"{row.interview}-{row.theme}-low"] = int(round(100 * row.share_low))
        out[f"{row.interview}-{row.theme}-high"] = int(round(100 * row.share_high))
    return out


def interviews(themes: ThemeData) -> dict[str, object]:
    """Per interview: '<slug>-paragraphs' (all roles), '<slug>-answer-paragraphs', '<slug>-one-paragraph-pct'."""
    out: dict[str, object] = {}
    coded = themes.coded
    paragraphs = coded.interview.value_counts()
    answers = coded.interview[coded.role == "interviewee"].value_counts()
    for slug in themes.names:
        n = int(answers.get(slug, 0))
        out[f"{slug}-paragraphs"] = int(paragraphs.get(slug, 0))
        out[f"{slug}-answer-paragraphs"] = n
        out[f"{slug}-one-paragraph-pct"] = float(100 / n)
    return out


def cooccurrence(themes: ThemeData) -> dict[str, int]:
    """'<slug>-<theme>+<theme>-n': paragraphs (all roles) of an interview with both themes (ids sorted; best coding)."""
    out: dict[str, int] = {}
    leaves = sorted(themes.codebook.leaves())
    for slug in themes.names:
        sets = theme_sets(themes.best[themes.best.interview == slug].themes)
        for a, b in combinations(leaves, 2):
            out[f"{slug}-{a}+{b}-n"] = sum(a in s and b in s for s in sets)
    return out


def cooccurrence_lift(themes: ThemeData) -> dict[str, float]:
    """'<slug>-<theme>+<theme>-expected' and '-lift': paragraphs with both expected by chance, and observed / expected.

    Ids are sorted within a key, as in :func:`cooccurrence`; best coding; pairs that share no paragraph are left out.
    """
    table = comparison.cooccurrence_lift(themes.best, themes.codebook, list(themes.names))
    out: dict[str, float] = {}
    for row in table.itertuples():
        a, b = sorted((row.theme_a, row.theme_b))
        out[f"{row.interview}-{a}+{b}-expected"] = row.expected
        out[f"{row.interview}-{a}+{b}-lift"] = row.lift
    return out


def alignment(themes: ThemeData, coded: pd.DataFrame | None = None, suffix: str = "") -> dict[str, object]:
    """Per interview: '<slug>-exchanges' and the counts of exchange-theme pairs by status.

    The status keys are 'asked-answered', 'asked-only' and 'answered-only', each also as
    a rate per exchange ('-per-exchange'); from the best coding, or from `coded` with
    `suffix` added to every key (e.g. the second hand coding, '-second').
    """
    coded = themes.best if coded is None else coded
    exchanges = alignment_analysis.exchange_themes(coded, themes.codebook, list(themes.names))
    counts = alignment_analysis.summary(alignment_analysis.alignment(exchanges, themes.codebook)).set_index("interview")
    out: dict[str, object] = {}
    for slug in themes.names:
        n = int((exchanges.interview == slug).sum())
        out[f"{slug}-exchanges{suffix}"] = n
        for status, key in zip(alignment_analysis.STATUSES, ("asked-answered", "asked-only", "answered-only")):
            count = int(counts.loc[slug, status]) if slug in counts.index else 0
            out[f"{slug}-{key}{suffix}"] = count
            out[f"{slug}-{key}-per-exchange{suffix}"] = count / n if n else 0.0
    return out


def coding(themes: ThemeData) -> dict[str, object]:
    """'n-interviews', 'n-hand-coded' and 'coding-sentence': whose coding the theme chapters count, as a clause.

    The clause says how many interviews have no hand coding (their themes are the coder's,
    or a reviewer's decisions on them, as the charts and tables mark), or that there are none.
    """
    kinds = themes.best.groupby("interview").coding.agg(lambda c: set(c) == {"hand"})
    hand = sum(bool(kinds.get(slug, False)) for slug in themes.names)
    others = len(themes.names) - hand
    if others == 0:
        sentence = "the book has no interview without a hand coding."
    else:
        noun, verb = ("interview", "is") if others == 1 else ("interviews", "are")
        sentence = (f"the {others} {'other ' if hand else ''}{noun} without one {verb} coded by the automatic coder "
                    "or by a reviewer of its proposals, as the charts and tables mark.")
    return {"n-interviews": len(themes.names), "n-hand-coded": hand, "coding-sentence": sentence}


def coder_counts(themes: ThemeData, parent: str | None = None) -> dict[str, int]:
    """'<slug>-<theme>-coder-n': answer paragraphs that the automatic coder gives the theme (children of `parent`)."""
    chosen = themes.codebook.children(parent) if parent else None
    table = themes.prevalence(chosen, coded=themes.coded)
    return {f"{row.interview}-{row.theme}-coder-n": row.paragraphs for row in table.itertuples()}


def distinctive_words(themes: ThemeData, log_odds: pd.DataFrame | None = None) -> dict[str, object]:
    """Words whose z-score favours each speaker of the log-odds pair, under the two priors and thresholds.

    `log_odds` is the table of :func:`interviews.report.figures.log_odds_pair_table`
    (computed when not given: balanced prior, with the family-wise thresholds of each
    side, `threshold_a` and `threshold_b`), which compares the first interview of the
    pair (positive z) with the second (negative z), whatever the number of interviews.
    Keys: '<slug>-threshold' (that speaker's side), '<slug>-distinctive-words' (beyond it),
    '-196' (beyond |z| = 1.96), and '-pooled' and '-pooled-196' for the pooled prior with
    its own thresholds; '<slug>-distinctive-list' names the words beyond the threshold, most
    distinctive first.
    """
    first, second = log_odds_pair(themes)
    log_odds = log_odds_pair_table(themes) if log_odds is None else log_odds
    pooled = comparison.speaker_log_odds(themes.worded, first, second, prior="pooled")
    pooled_a, pooled_b = comparison.permutation_thresholds(themes.worded, first, second, prior="pooled")
    high_a, high_b = float(log_odds.threshold_a.iloc[0]), float(log_odds.threshold_b.iloc[0])
    out: dict[str, object] = {f"{first}-threshold": high_a, f"{second}-threshold": high_b}
    for suffix, table, (cut_a, cut_b) in (("", log_odds, (high_a, high_b)),
                                          ("-196", log_odds, (Z_THRESHOLD, Z_THRESHOLD)),
                                          ("-pooled", pooled, (pooled_a, pooled_b)),
                                          ("-pooled-196", pooled, (Z_THRESHOLD, Z_THRESHOLD))):
        out[f"{first}-distinctive-words{suffix}"] = int((table.z > cut_a).sum())
        out[f"{second}-distinctive-words{suffix}"] = int((table.z < -cut_b).sum())
    return {**out, **_beyond(log_odds, first, second, high_a, high_b, "-distinctive-list")}


def _beyond(table: pd.DataFrame, first: str, second: str, high_a: float, high_b: float, key: str) -> dict[str, str]:
    """The words beyond each side's threshold, most distinctive first, as prose ('<slug><key>')."""
    ahead = table.sort_values("z", ascending=False, kind="stable")
    return {f"{first}{key}": quoted_list(ahead[ahead.z > high_a].word),
            f"{second}{key}": quoted_list(ahead[ahead.z < -high_b].word[::-1])}


def distinctive_words_unmerged(themes: ThemeData) -> dict[str, str]:
    """'<slug>-distinctive-list-unmerged': the distinctive words if the concept map did not merge wordings.

    The same balanced prior and family-wise thresholds as the log-odds figure, on the texts
    as printed, so that the chapter can say what the merging changes.
    """
    first, second = log_odds_pair(themes)
    table = comparison.speaker_log_odds(themes.coded, first, second)
    high_a, high_b = comparison.permutation_thresholds(themes.coded, first, second)
    return _beyond(table, first, second, high_a, high_b, "-distinctive-list-unmerged")


def concept_map(themes: ThemeData) -> dict[str, int]:
    """'concepts', 'concept-variants': the concept map's size; 'concept-coding-changes': paragraphs
    whose automatic coding differs when the codebook's phrases are not expanded by the map."""
    plain = load_codebook(paths.codebook_file(themes.root), concepts=[])
    without = coder.code_paragraphs(themes.corpus.paragraphs, plain, kept=True)
    changed = (without.set_index("paragraph").themes != themes.coded.set_index("paragraph").themes).sum()
    return {"concepts": len(themes.concepts), "concept-variants": sum(len(c.variants) for c in themes.concepts),
            "concept-coding-changes": int(changed)}


def evidence_example(themes: ThemeData, paragraph: str, theme: str) -> dict[str, str]:
    """'evidence-example': the classifier's evidence for `theme` in one paragraph of the coded corpus
    ("learned 0.91: word, word, word"), for prose that quotes it. Raises ValueError when the coder's
    evidence for the theme there is not the classifier's (none, or the patterns')."""
    row = themes.coded[themes.coded.paragraph == paragraph]
    parts = coder.evidence_parts(row.evidence.iloc[0] if len(row) else "")
    if not parts.get(theme, "").startswith("learned "):
        raise ValueError(f"the coder's evidence for {theme!r} in {paragraph} is not the classifier's: "
                         f"{parts.get(theme, 'none')!r}")
    return {"evidence-example": parts[theme]}


def publishers(interviews) -> dict[str, str]:
    """'publishers': who published the English texts, as a sentence computed from the metadata.

    "All N interviews were published in English by X." when one publisher has them all,
    else each publisher with its number of interviews, most first (ties in metadata order).
    """
    counts: dict[str, int] = {}
    for i in interviews:
        counts[i.publisher] = counts.get(i.publisher, 0) + 1
    if len(counts) == 1:
        (name,) = counts
        every = "Both" if len(interviews) == 2 else "The" if len(interviews) == 1 else f"All {len(interviews)}"
        noun = "interview was" if len(interviews) == 1 else "interviews were"
        return {"publishers": f"{every} {noun} published in English by {name}."}
    parts = [f"{name} ({n})" for name, n in sorted(counts.items(), key=lambda kv: -kv[1])]
    listed = ", ".join(parts[:-1]) + " and " + parts[-1]
    return {"publishers": f"The English texts were published by {listed}."}


def quoted_list(words) -> str:
    """Words as prose: '“a”', '“a” and “b”', '“a”, “b” and “c”', or 'none'."""
    items = [f"“{w}”" for w in words]
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
