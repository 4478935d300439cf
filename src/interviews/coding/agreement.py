"""Hand coding (the gold standard), its development/test split, and agreement measures.

Two splits into a development and a test half are stored in `data/gold/`:
`split.csv`, paragraphs drawn at random within each interview (:func:`make_split`),
and `split_exchanges.csv`, whole exchanges stratified so that every theme has
development examples (:func:`make_exchange_split`). Each is made once with a fixed
seed; a test checks that the stored file is what the function gives. Agreement is computed with scikit-learn:
per theme support, precision, recall, F1 and Cohen's kappa, plus micro and macro
averages.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from fractions import Fraction
from math import comb
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ._alternatives import alternatives, pruned
from ._fast import candidates
from .codebook import Codebook, Pattern
from .coder import indicator_matrix, leaf_codes, normalize, pattern_hits, theme_sets

UNRELIABLE_SUPPORT = 5  # a kappa from fewer positives than this is marked as unreliable

SEED = 20201122
TEST_SHARE = 0.5
EXCHANGE_SEED = 20261203  # the seed of the split by exchanges (drawn once, on the day it was made)


def load_gold(path: str | Path, codebook: Codebook, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """`interview,paragraph,themes`: each paragraph of a coded interview exactly once, known themes only."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "hand-coding file not found") from None
    gold = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if list(gold.columns) != ["interview", "paragraph", "themes"]:
        raise InputError(path, "expected the header interview,paragraph,themes", line=1)
    leaves = set(codebook.leaves())
    known = set(paragraphs.paragraph)
    in_corpus = set(paragraphs.interview)
    for i, row in enumerate(gold.itertuples(), start=2):
        if row.interview not in in_corpus:
            continue  # an interview removed from the book keeps its hand coding on file
        if row.paragraph not in known:
            raise InputError(path, f"unknown paragraph {row.paragraph!r}", line=i)
        bad = sorted(theme_sets(pd.Series([row.themes]))[0] - leaves)
        if bad:
            raise InputError(path, f"unknown or parent theme(s) {bad}; code leaf themes of the codebook", line=i)
    gold = gold[gold.interview.isin(in_corpus)].reset_index(drop=True)
    dupes = gold.paragraph[gold.paragraph.duplicated()]
    if len(dupes):
        raise InputError(path, f"paragraph {dupes.iloc[0]!r} is coded twice")
    # Every paragraph of a hand-coded interview must be coded; interviews added
    # later without a hand coding are simply not part of the agreement measures.
    coded_interviews = set(gold.interview)
    in_scope = set(paragraphs.paragraph[paragraphs.interview.isin(coded_interviews)])
    missing = sorted(in_scope - set(gold.paragraph))
    if missing:
        raise InputError(path, f"{len(missing)} paragraph(s) not coded, e.g. {missing[0]!r}")
    return gold


def load_split(path: str | Path, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """A split file (`paragraph,split` with an optional `unit`): known paragraphs, each once, dev or test.

    Paragraphs of interviews no longer in the book are skipped, as in :func:`load_gold`;
    errors name the file and line.
    """
    path = Path(path)
    try:
        split = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InputError(path, "split file not found") from None
    if not {"paragraph", "split"} <= set(split.columns):
        raise InputError(path, "expected the columns paragraph and split (and unit)", line=1)
    known = set(paragraphs.paragraph)
    in_corpus = set(paragraphs.interview)
    seen: set[str] = set()
    for i, row in enumerate(split.itertuples(), start=2):
        if row.paragraph.rsplit(":", 1)[0] not in in_corpus:
            continue
        if row.paragraph not in known:
            raise InputError(path, f"unknown paragraph {row.paragraph!r}", line=i)
        if row.split not in ("dev", "test"):
            raise InputError(path, f"split must be dev or test, got {row.split!r}", line=i)
        if row.paragraph in seen:
            raise InputError(path, f"paragraph {row.paragraph!r} appears twice", line=i)
        seen.add(row.paragraph)
    return split[split.paragraph.isin(known)].reset_index(drop=True)


def make_split(paragraph_ids: pd.Series, interviews: pd.Series, seed: int = SEED) -> pd.DataFrame:
    """Half of each interview's paragraphs (rounded down) to `test`, the rest to `dev`."""
    rng = np.random.default_rng(seed)
    rows = []
    for slug in dict.fromkeys(interviews):
        ids = list(paragraph_ids[interviews == slug])
        test = set(rng.permutation(len(ids))[: int(len(ids) * TEST_SHARE)])
        rows += [{"paragraph": pid, "split": "test" if i in test else "dev"} for i, pid in enumerate(ids)]
    return pd.DataFrame(rows)


def exchange_units(paragraphs: pd.DataFrame) -> pd.Series:
    """The unit of the split for each paragraph: its interview and exchange ('<slug>:e03').

    An exchange is a question with its answer, so the two never fall on different
    sides; paragraphs outside the exchanges (framing prose, an editor's note) form
    one unit per interview ('<slug>:e00').
    """
    return paragraphs.interview + ":e" + paragraphs.exchange.map(lambda e: f"{int(e):02d}")


def make_exchange_split(paragraphs: pd.DataFrame, gold: pd.DataFrame, codebook: Codebook,
                        seed: int = EXCHANGE_SEED) -> pd.DataFrame:
    """Whole exchanges to `dev` or `test`, stratified so that every hand-coded theme has development examples.

    `paragraphs` has interview, paragraph and exchange; `gold` has paragraph and themes.
    Themes are visited from the rarest (fewest units) up: a theme with no unit in the
    development half yet gets one, drawn at random among its unassigned units, and a
    theme with two units or more and none in the test half gets one the same way. The
    other units are shuffled and go to the test half while it holds less than half of
    its interview's paragraphs. Returns paragraph, unit and split, in paragraph order.
    """
    rng = np.random.default_rng(seed)
    frame = paragraphs[["interview", "paragraph"]].assign(unit=exchange_units(paragraphs).to_numpy())
    themes_of = dict(zip(gold.paragraph, theme_sets(gold.themes)))
    units = list(dict.fromkeys(frame.unit))
    size = frame.groupby("unit").size()
    interview_of = dict(zip(frame.unit, frame.interview))
    carried: dict[str, list[str]] = {theme: [] for theme in codebook.leaves()}
    for unit, part in frame.groupby("unit", sort=False):
        for theme in sorted(set().union(*(themes_of.get(p, set()) for p in part.paragraph))):
            carried[theme].append(unit)
    side: dict[str, str] = {}
    for theme in sorted(carried, key=lambda t: (len(carried[t]), t)):
        for wanted, minimum in (("dev", 1), ("test", 2)):
            have = [u for u in carried[theme] if side.get(u) == wanted]
            free = [u for u in carried[theme] if u not in side]
            if len(carried[theme]) >= minimum and not have and free:
                side[free[int(rng.integers(len(free)))]] = wanted
    rest = [u for u in units if u not in side]
    for i in rng.permutation(len(rest)):
        unit = rest[i]
        slug = interview_of[unit]
        in_test = sum(size[u] for u, s in side.items() if s == "test" and interview_of[u] == slug)
        target = int((frame.interview == slug).sum() * TEST_SHARE)
        side[unit] = "test" if in_test + size[unit] <= target else "dev"
    return frame.assign(split=frame.unit.map(side))[["paragraph", "unit", "split"]].reset_index(drop=True)


QUOTE_RE = re.compile(r"“([^”]+)”")


PHRASE_PREFIX = r"(?<![\w-])"  # how every regex compiled from a plain phrase starts (codebook.compile_phrase)


def _alternative_patterns(pattern: Pattern):
    """(readable alternative, the pattern with only that alternative) for its hand-written regexes' alternations."""
    for k, regex in enumerate(pattern.regexes):
        if regex.pattern is None or regex.pattern.startswith(PHRASE_PREFIX):
            continue  # a phrase (its only alternations are the inflections the phrase language adds), or pruned
        for text, variant in alternatives(regex):
            yield text, replace(pattern, regexes=(*pattern.regexes[:k], variant, *pattern.regexes[k + 1:]))


def unsupported(codebook: Codebook, texts: list[str], wording: bool = False) -> list[tuple[str, str, str]]:
    """What of the codebook has no support in `texts` (the development paragraphs).

    A pattern or a veto is supported when it matches in at least one of the texts,
    and a quotation (“...”) in a theme's include or exclude note when it occurs
    verbatim in one. With `wording`, each alternative of an alternation in a
    hand-written regex is checked too (the pattern with only that alternative left
    must match): such wording may be generic, written from the definitions, so it
    is reported, not required. Returns (theme id, 'pattern' | 'veto' | 'quotation' |
    'alternative', what) for everything unsupported, in codebook order.
    """
    normalized = [normalize(text) for text in texts]
    may_match = candidates(codebook, texts)
    squashed = [" ".join(text.split()) for text in texts]

    def supported(pattern: Pattern, within: Pattern | None = None) -> bool:
        """Whether `pattern` hits one of the texts; it is `within`'s variant, if given, so hits only where it may."""
        return any(pattern_hits(pattern, normalized[i]) for i in may_match(within or pattern))

    out = []
    for theme in codebook.themes.values():
        for kind, patterns in (("pattern", theme.patterns), ("veto", theme.vetoes)):
            for pattern in patterns:
                if not supported(pattern):
                    out.append((theme.id, kind, pattern.source))
                    continue
                for text, variant in _alternative_patterns(pattern) if wording else ():
                    if not supported(variant, within=pattern):
                        out.append((theme.id, "alternative", f"{text} (in {pattern.source})"))
        for note in (theme.include, theme.exclude):
            for quote in QUOTE_RE.findall(note):
                if not any(" ".join(quote.split()) in text for text in squashed):
                    out.append((theme.id, "quotation", quote))
    return out


def quoted_paragraphs(codebook: Codebook, paragraphs: pd.DataFrame) -> list[str]:
    """Ids of the paragraphs that hold a quotation (“...”) of the codebook's include or exclude notes, whatever
    the case of its letters (a reader recognizes "Voluntary organizations" in "voluntary organizations")."""
    quotes = [" ".join(q.split()).casefold() for t in codebook.themes.values()
              for q in QUOTE_RE.findall(t.include + t.exclude)]
    return [pid for pid, text in zip(paragraphs.paragraph, paragraphs.text)
            if any(q in " ".join(text.split()).casefold() for q in quotes)]


def restricted(codebook: Codebook, texts: list[str], wording: bool = False) -> Codebook:
    """The codebook with only the patterns and vetoes that match at least one of `texts` (:func:`unsupported`).

    With `wording`, the alternatives of hand-written regexes that match none of the
    texts are removed as well (`_alternatives.pruned`), so that nothing is left that
    the texts do not support.
    """
    dropped = {(theme, source) for theme, kind, source in unsupported(codebook, texts) if kind in ("pattern", "veto")}
    normalized = [normalize(text) for text in texts]
    may_match = candidates(codebook, texts)

    def strict(pattern: Pattern) -> Pattern:
        regexes = list(pattern.regexes)
        # A variant matches a subset of what the whole regex matches, so only texts the pattern hits need trying.
        hit = [normalized[i] for i in may_match(pattern) if pattern_hits(pattern, normalized[i])]
        for k, regex in enumerate(regexes):
            if regex.pattern is None or regex.pattern.startswith(PHRASE_PREFIX):
                continue

            def keep(variant: re.Pattern, k=k) -> bool:
                candidate = replace(pattern, regexes=(*regexes[:k], variant, *regexes[k + 1:]))
                return any(pattern_hits(candidate, text) for text in hit)

            regexes[k] = pruned(regex, keep)
        return replace(pattern, regexes=tuple(regexes))

    themes = {}
    for theme_id, theme in codebook.themes.items():
        patterns = tuple(p for p in theme.patterns if (theme_id, p.source) not in dropped)
        vetoes = tuple(v for v in theme.vetoes if (theme_id, v.source) not in dropped)
        if wording:
            patterns, vetoes = tuple(map(strict, patterns)), tuple(map(strict, vetoes))
        themes[theme_id] = replace(theme, patterns=patterns, vetoes=vetoes)
    return replace(codebook, themes=themes)  # the rest (its round, its classifier) as it was


def agreement(gold: pd.Series, coded: pd.Series, codebook: Codebook) -> pd.DataFrame:
    """Per-theme support, precision, recall, F1 and Cohen's kappa of `coded` against `gold`, with averages.

    Computed for all themes at once with NumPy; the values are scikit-learn's
    (`precision_recall_fscore_support` with ``zero_division=nan``, `cohen_kappa_score`), which a
    test checks. Undefined scores are NaN, not 0: precision where the coder never gives the
    theme, recall where the gold coding never does, F1 where neither does, and kappa where
    both codings are the same constant. The micro average pools every paragraph-by-leaf-theme
    decision; the macro average is the mean over the leaf themes where a score is defined.
    """
    y_true = indicator_matrix(gold, codebook)
    y_pred = indicator_matrix(coded.set_axis(gold.index), codebook)
    t, p = y_true.to_numpy(), y_pred.to_numpy()
    support, predicted, hits = t.sum(axis=0), p.sum(axis=0), (t & p).sum(axis=0)
    precision, recall, f1 = _scores(hits, predicted, support)
    table = pd.DataFrame({
        "theme": list(y_true.columns),
        "level": ["parent" if c in codebook.parents() else "theme" for c in y_true.columns],
        "support": support.astype(int), "predicted": predicted.astype(int),
        "precision": precision, "recall": recall, "f1": f1, "kappa": binary_kappa(t, p),
    })
    leaves = codebook.leaves()
    lt, lp = y_true[leaves].to_numpy(), y_pred[leaves].to_numpy()
    mp, mr, mf = _scores(np.array([(lt & lp).sum()]), np.array([lp.sum()]), np.array([lt.sum()]))
    leaf_rows = table[table.level == "theme"]
    averages = pd.DataFrame([
        {"theme": "micro average", "level": "average", "support": int(lt.sum()), "predicted": int(lp.sum()),
         "precision": mp[0], "recall": mr[0], "f1": mf[0],
         "kappa": float(binary_kappa(lt.reshape(-1, 1), lp.reshape(-1, 1))[0])},
        {"theme": "macro average", "level": "average", "support": int(lt.sum()), "predicted": int(lp.sum()),
         "precision": leaf_rows.precision.mean(), "recall": leaf_rows.recall.mean(), "f1": leaf_rows.f1.mean(),
         # pandas skips NaN: macro averages are over the themes where the score is defined
         "kappa": leaf_rows.kappa.mean(skipna=True)},
    ])
    return pd.concat([table, averages], ignore_index=True)


def _scores(hits: np.ndarray, predicted: np.ndarray, support: np.ndarray) -> tuple[np.ndarray, ...]:
    """Precision, recall and F1 from counts, NaN where the denominator is 0 (as scikit-learn's zero_division=nan)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, hits / predicted, np.nan)
        recall = np.where(support > 0, hits / support, np.nan)
        f1 = np.where(support + predicted > 0, 2 * hits / (support + predicted), np.nan)
    return precision, recall, f1


def binary_kappa(truth: np.ndarray, coded: np.ndarray) -> np.ndarray:
    """Cohen's kappa of 0/1 codes along the first axis (one kappa per column); NaN where it is undefined.

    The same value as scikit-learn's `cohen_kappa_score` for two binary codings,
    computed for many columns (themes, resamples) at once.
    """
    truth, coded = truth.astype(float), coded.astype(float)
    observed = (truth == coded).mean(axis=0)
    a, b = truth.mean(axis=0), coded.mean(axis=0)
    expected = a * b + (1 - a) * (1 - b)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected < 1, (observed - expected) / (1 - expected), np.nan)


def resample_weights(units: pd.Series, resamples: int, seed: int = SEED) -> np.ndarray:
    """How often each row is drawn in each resample (resamples x rows) when whole `units` are drawn with
    replacement, as many as there are units."""
    codes, uniques = pd.factorize(units)
    n = len(uniques)
    draws = np.random.default_rng(seed).integers(n, size=(resamples, n))  # row r: the units of resample r
    counts = np.bincount((draws + n * np.arange(resamples)[:, None]).ravel(), minlength=resamples * n)
    return counts.reshape(resamples, n).astype(float)[:, codes]


def weighted_kappa(weights: np.ndarray, truth: np.ndarray, coded: np.ndarray) -> np.ndarray:
    """:func:`binary_kappa` of each column of 0/1 codes, once per row of `weights` (rows counted that often):
    resamples x columns."""
    n = weights.sum(axis=1, keepdims=True)
    truth, coded = truth.astype(float), coded.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _kappa(weights @ truth / n, weights @ coded / n, weights @ (truth == coded).astype(float) / n)


def _kappa(a: np.ndarray, b: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """Cohen's kappa of two binary codings from the shares coded 1 by each and the share agreed; NaN where
    chance agreement is total."""
    expected = a * b + (1 - a) * (1 - b)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected < 1, (observed - expected) / (1 - expected), np.nan)


def pooled_weighted_kappa(weights: np.ndarray, truth: np.ndarray, coded: np.ndarray) -> np.ndarray:
    """The kappa of every paragraph-by-theme decision pooled (rows x themes of 0/1 codes), once per row of
    `weights`: :func:`weighted_kappa` of the flattened decisions, each paragraph's counted as often as its
    weight, from per-paragraph counts (resamples x 1)."""
    n = truth.shape[1] * weights.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _kappa(weights @ truth.sum(axis=1, keepdims=True) / n, weights @ coded.sum(axis=1, keepdims=True) / n,
                      weights @ (truth == coded).sum(axis=1, keepdims=True) / n)


def weighted_micro_f1(weights: np.ndarray, truth: np.ndarray, coded: np.ndarray) -> np.ndarray:
    """Micro F1 of 0/1 codes (rows x themes) against `truth`, once per row of `weights` (how often each row
    counts, as in a resample); NaN where neither gives a code."""
    hits, total = weights @ (truth & coded).sum(axis=1), weights @ (truth.sum(axis=1) + coded.sum(axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, 2 * hits / total, np.nan)


def micro_f1_within(gold: pd.Series, coded: pd.Series, groups: pd.Series, codebook: Codebook) -> pd.Series:
    """Micro F1 of `coded` against `gold` within each group of paragraphs (an interview, say), by group in order
    of first appearance; NaN for a group where neither codes anything."""
    truth, guess = leaf_codes(gold, codebook), leaf_codes(coded.set_axis(gold.index), codebook)
    codes, names = pd.factorize(pd.Series(groups).to_numpy())
    membership = np.zeros((len(names), len(codes)))
    membership[codes, np.arange(len(codes))] = 1
    return pd.Series(weighted_micro_f1(membership, truth, guess), index=names)


def bootstrap_intervals(gold: pd.Series, coded: pd.Series, units: pd.Series, codebook: Codebook,
                        resamples: int = 2000, seed: int = SEED, level: float = 0.95) -> pd.DataFrame:
    """Percentile intervals of the agreement figures, resampling units (exchanges) with replacement.

    Rows: each leaf theme's kappa, then the micro (pooled) kappa, the macro kappa
    (mean over the themes where kappa is defined) and the micro F1. Columns: theme,
    low, high, and `defined`, the share of resamples in which the figure exists (a
    theme absent from a resample has no kappa). Resampling whole exchanges keeps a
    question and its answer together, as the split does.
    """
    leaves = codebook.leaves()
    truth, guess = leaf_codes(gold, codebook), leaf_codes(coded.set_axis(gold.index), codebook)
    weights = resample_weights(units, resamples, seed)
    per_theme = weighted_kappa(weights, truth, guess)
    pooled = pooled_weighted_kappa(weights, truth, guess)
    f1 = weighted_micro_f1(weights, truth, guess)
    defined = np.isfinite(per_theme)
    with np.errstate(invalid="ignore"):
        macro = np.where(defined.any(axis=1), np.where(defined, per_theme, 0).sum(axis=1) / defined.sum(axis=1), np.nan)
    values = np.column_stack([per_theme, pooled[:, 0], macro, f1])
    alpha = (1 - level) / 2
    rows = []
    for j, name in enumerate([*leaves, "micro average", "macro average", "micro f1"]):
        column = values[:, j][np.isfinite(values[:, j])]
        low, high = (np.quantile(column, [alpha, 1 - alpha]) if len(column) else (np.nan, np.nan))
        rows.append({"theme": name, "low": float(low), "high": float(high), "defined": len(column) / resamples})
    return pd.DataFrame(rows)


def paired_f1_gain(gold: pd.Series, before: pd.Series, after: pd.Series, units: pd.Series, codebook: Codebook,
                   resamples: int = 2000, seed: int = SEED, level: float = 0.95) -> tuple[float, float, float]:
    """How much `after` gains over `before` in micro F1 against the same `gold`, with a percentile interval
    from resampling units (exchanges): both codings are scored on the same resample each time, so the
    interval is that of the difference, narrower than the two figures' own intervals suggest."""
    truth = leaf_codes(gold, codebook)
    first, second = (leaf_codes(coded.set_axis(gold.index), codebook) for coded in (before, after))
    weights = np.vstack([np.ones(len(gold)), resample_weights(units, resamples, seed)])  # row 0: the data as it is
    difference = weighted_micro_f1(weights, truth, second) - weighted_micro_f1(weights, truth, first)
    gain, spread = float(difference[0]), difference[1:][np.isfinite(difference[1:])]
    alpha = (1 - level) / 2
    low, high = np.quantile(spread, [alpha, 1 - alpha]) if len(spread) else (np.nan, np.nan)
    return gain, float(low), float(high)


def weighted_alpha(weights: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Krippendorff's alpha of two coders' 0/1 decisions (nominal, nothing missing), once per row of `weights`
    (how often each unit counts, as in a resample); NaN where only one value occurs.

    With two coders each disagreeing unit adds one 0-1 and one 1-0 pair to the
    coincidence matrix, so alpha = 1 - (n - 1) d / (n0 n1), with n = 2 x units, d the
    disagreeing units and n0, n1 the counts of 0s and 1s; the `krippendorff` package
    gives the same value (tested).
    """
    pairs = 2 * weights.sum(axis=1)
    ones = weights @ (first + second)
    differ = weights @ (first != second)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((ones > 0) & (ones < pairs), 1 - (pairs - 1) * differ / ((pairs - ones) * ones), np.nan)


def mcnemar_exact(b: int, c: int) -> float:
    """The exact two-sided McNemar p-value of b and c discordant decisions: a binomial test of min(b, c) in b + c
    at one half (scipy's ``binomtest(min(b, c), b + c).pvalue``, tested), with whole-number arithmetic; 1 when
    b + c is 0."""
    n, k = b + c, min(b, c)
    if n == 0 or 2 * k == n:
        return 1.0
    return min(1.0, float(Fraction(2 * sum(comb(n, i) for i in range(k + 1)), 2**n)))


def intercoder(first: pd.Series, second: pd.Series, units: pd.Series, codebook: Codebook,
               resamples: int = 2000, seed: int = SEED, level: float = 0.95) -> dict[str, float | int]:
    """Agreement of two hand codings over every paragraph-by-theme decision (leaf themes).

    Cohen's kappa and Krippendorff's alpha (nominal; the `krippendorff` package) with
    percentile intervals from resampling `units` (exchanges) with replacement, and the
    direction of the disagreements: `first_only` decisions the first coding makes and the
    second does not, `second_only` the reverse, and the exact two-sided McNemar p-value
    that the two are equally likely (a binomial test of the smaller count).
    """
    import krippendorff

    a, b = leaf_codes(first, codebook), leaf_codes(second.set_axis(first.index), codebook)

    x, y = a.ravel(), b.ravel()
    kappa = float(binary_kappa(x.reshape(-1, 1), y.reshape(-1, 1))[0])
    alpha = float(krippendorff.alpha(reliability_data=np.vstack([x, y]), level_of_measurement="nominal"))
    weights = resample_weights(units, resamples, seed)
    kappas = weighted_kappa(np.repeat(weights, a.shape[1], axis=1), x.reshape(-1, 1), y.reshape(-1, 1))[:, 0]
    alphas = weighted_alpha(np.repeat(weights, a.shape[1], axis=1), x, y)
    tail = (1 - level) / 2
    (kappa_low, alpha_low), (kappa_high, alpha_high) = np.nanquantile(np.column_stack([kappas, alphas]),
                                                                      [tail, 1 - tail], axis=0)
    first_only, second_only = int((a & ~b.astype(bool)).sum()), int((~a.astype(bool) & b).sum())
    p = mcnemar_exact(first_only, second_only)
    return {"kappa": kappa, "kappa_low": float(kappa_low), "kappa_high": float(kappa_high),
            "alpha": alpha, "alpha_low": float(alpha_low), "alpha_high": float(alpha_high),
            "first_only": first_only, "second_only": second_only, "mcnemar_p": float(p),
            "decisions": int(a.size), "first_codes": int(a.sum()), "second_codes": int(b.sum())}


def disagreements(paragraphs: pd.DataFrame, gold: pd.Series, coded: pd.Series) -> pd.DataFrame:
    """Paragraphs where the coder and the hand coding differ: what each missed or added."""
    rows = []
    for pid, g, c in zip(paragraphs.paragraph, theme_sets(gold), theme_sets(coded)):
        if g != c:
            rows.append({"paragraph": pid, "missed": ";".join(sorted(g - c)), "added": ";".join(sorted(c - g))})
    return pd.DataFrame(rows, columns=["paragraph", "missed", "added"])
