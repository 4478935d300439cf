"""The data a chapter loads, in one call: one interview, the whole corpus, or the coded corpus.

* :func:`load` - one interview with its transcript and reading notes (interview chapters);
* :func:`load_all` - every interview and transcript (introduction, Methods);
* :func:`load_themes` - the corpus coded with the codebook (theme chapters, Methods, appendix);
* :func:`agreement_report` - the coder against the hand codings (Methods).

Loading validates the metadata, checks every raw file against its SHA-256 manifest,
parses all transcripts and checks the reading notes (quotes verbatim, paragraph ids
real), so a chapter never shows data that failed a check.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import paths
from ..analysis import alignment, comparison, coverage, structure, words
from ..coding import agreement, classifier, coder, review, validation
from ..coding.codebook import Codebook, load_codebook
from ..corpus import reading_notes, transcripts
from ..corpus.concepts import Concept, canonical, load_concepts
from ..corpus.metadata import Interview, find
from ..corpus.transcripts import Transcript
from ..errors import InputError


@dataclass
class InterviewData:
    interview: Interview
    transcript: Transcript
    notes: reading_notes.Annotations
    concepts: list[Concept] = field(default_factory=list)
    root: Path | None = None

    @property
    def paragraphs(self) -> pd.DataFrame:
        return self.transcript.paragraphs

    @property
    def answers(self) -> pd.DataFrame:
        return transcripts.answers(self.paragraphs)

    @property
    def answer_texts(self) -> pd.Series:
        """The answers' texts as word statistics read them: each concept of the map as one word."""
        return self.answers.text.map(lambda t: canonical(t, self.concepts))

    @property
    def overview(self) -> dict:
        return structure.overview(self.paragraphs).iloc[0].to_dict()

    @cached_property
    def domain_fit(self) -> pd.DataFrame:
        """Every interview's coverage by the codebook, as `python -m interviews tables` wrote it."""
        path = paths.domain_fit_file(paths.project_root(self.root))
        if not path.is_file():
            raise InputError(path, "missing: run `python -m interviews tables` (or `make tables`) first")
        return pd.read_csv(path, dtype={"interview": str, "poor": bool})

    @cached_property
    def names(self) -> dict[str, str]:
        return {self.interview.slug: self.interview.interviewee.name}


def load(slug: str, root: str | Path | None = None) -> InterviewData:
    root = paths.project_root(root)
    interviews, transcript = transcripts.load_one(slug, root)
    interview = find(interviews, slug)
    notes = reading_notes.load(paths.annotations_file(root, slug), slug, transcript.paragraphs)
    return InterviewData(interview, transcript, notes, load_concepts(paths.concepts_file(root)), root)


@dataclass
class CorpusData:
    interviews: list[Interview]
    transcripts: dict[str, Transcript]

    @property
    def paragraphs(self) -> pd.DataFrame:
        return transcripts.paragraphs(self.transcripts)

    @property
    def overview(self) -> pd.DataFrame:
        return structure.overview(self.paragraphs)

    def totals(self) -> dict[str, int]:
        o = self.overview
        return {
            "n_interviews": len(self.interviews),
            "n_paragraphs": int(o.paragraphs.sum()),
            "n_words": int(o.words.sum()),
            "n_questions": int(o.questions.sum()),
            "n_answers": int(o.answers.sum()),
            "n_answer_words": int(o.answer_words.sum()),
        }


def load_all(root: str | Path | None = None) -> CorpusData:
    interviews, parsed = transcripts.load_corpus(paths.project_root(root))
    return CorpusData(interviews, parsed)


@dataclass
class ThemeData:
    """The corpus coded with the codebook, for the theme chapters and the methods."""

    corpus: CorpusData
    codebook: Codebook
    coded: pd.DataFrame
    root: Path

    @property
    def names(self) -> dict[str, str]:
        """Interview slug -> interviewee name, in metadata order."""
        return {i.slug: i.interviewee.name for i in self.corpus.interviews}

    @property
    def surnames(self) -> dict[str, str]:
        return {slug: name.split()[0] for slug, name in self.names.items()}

    @cached_property
    def domain_fit(self) -> pd.DataFrame:
        """How far the codebook covers each interview (analysis.coverage.domain_fit), by its patterns alone.

        The classifier is left out: it learned from half of the seed interviews' paragraphs
        and gives themes to generic words, so it would make the check nearly inert.
        """
        return coverage.domain_fit(patterns_only(self.coded, self.codebook))

    @cached_property
    def concepts(self) -> list[Concept]:
        """The concept map, its paragraph ids checked against the corpus."""
        return load_concepts(paths.concepts_file(self.root), set(self.coded.paragraph))

    @cached_property
    def worded(self) -> pd.DataFrame:
        """The coded paragraphs with texts as word statistics read them (concepts as one word)."""
        return self.coded.assign(text=self.coded.text.map(lambda t: canonical(t, self.concepts)))

    def notes(self, slug: str) -> reading_notes.Annotations:
        path = paths.annotations_file(self.root, slug)
        notes = reading_notes.load(path, slug, self.corpus.transcripts[slug].paragraphs)
        for entry in notes.problems:
            if entry.theme and entry.theme not in self.codebook.themes:
                raise InputError(path, f"unknown theme {entry.theme!r} for problem {entry.text[:40]!r}")
        return notes

    def all_notes(self) -> dict[str, reading_notes.Annotations]:
        """Slug -> reading notes, for every interview in metadata order."""
        return {slug: self.notes(slug) for slug in self.names}

    @cached_property
    def reviews(self) -> dict[str, pd.DataFrame]:
        """The review files of interviews without a hand coding (slug -> checked review table)."""
        hand = set(self.gold().interview)
        return {slug: review.load(paths.review_file(self.root, slug), slug, self.coded, self.codebook)
                for slug in self.names
                if slug not in hand and paths.review_file(self.root, slug).is_file()}

    @cached_property
    def best(self) -> pd.DataFrame:
        """The paragraphs with the best themes there are, and column `coding` saying whose they are.

        'hand': the hand coding of an interview that has one; 'reviewed': a person's
        decision in the interview's review file; 'coder': the automatic coder's proposal,
        provisional until reviewed. `evidence` stays the coder's.
        """
        gold = self.gold().set_index("paragraph").themes
        decided = pd.concat([r[r.reviewed == "yes"].set_index("paragraph").themes for r in self.reviews.values()]
                            + [pd.Series(dtype=str)])
        hand = self.coded.paragraph.isin(gold.index)
        reviewed = self.coded.paragraph.isin(decided.index) & ~hand
        themes = self.coded.themes.where(~hand, self.coded.paragraph.map(gold))
        themes = themes.where(~reviewed, self.coded.paragraph.map(decided))
        coding = ["hand" if h else "reviewed" if r else "coder" for h, r in zip(hand, reviewed)]
        return self.coded.assign(themes=themes, coding=coding)

    @property
    def chart_names(self) -> dict[str, str]:
        """Interviewee names for charts and tables, saying whose coding an interview's figures rest on.

        A hand-coded interview keeps its name; others are marked '(reviewed coding)',
        '(automatic coding, provisional)', or '(automatic coding, N of M paragraphs reviewed)'.
        """
        out = {}
        kinds = pd.crosstab(self.best.interview, self.best.coding)
        for slug, name in self.names.items():
            counts = kinds.loc[slug] if slug in kinds.index else pd.Series(dtype=int)
            reviewed, total = int(counts.get("reviewed", 0)), int(counts.sum())
            if int(counts.get("hand", 0)) == total:
                out[slug] = name
            elif reviewed == total:
                out[slug] = f"{name} (reviewed coding)"
            elif reviewed == 0:
                out[slug] = f"{name} (automatic coding, provisional)"
            else:
                out[slug] = f"{name} (automatic coding, {reviewed} of {total} paragraphs reviewed)"
        return out

    def review_summary(self) -> pd.DataFrame:
        """Per reviewed interview: paragraphs reviewed, and how far the reviewer kept the coder's proposals."""
        rows = [{"interview": slug, **review.summary(frame, self.codebook)} for slug, frame in self.reviews.items()]
        return pd.DataFrame(rows, columns=["interview", "paragraphs", "reviewed", "kept", "added", "dropped",
                                           "kappa", "f1"])

    def prevalence(self, themes: list[str] | None = None, coded: pd.DataFrame | None = None) -> pd.DataFrame:
        """Theme prevalence in each interview's answers, from `best` (or the given coded table)."""
        table = self.best if coded is None else coded
        return comparison.prevalence(table, self.codebook, themes, list(self.names))

    def second_coding(self) -> pd.DataFrame:
        """The coded paragraphs with the themes of the blind second hand coding (`data/gold/second_coding.csv`)."""
        second = agreement.load_gold(paths.second_coding_file(self.root), self.codebook, self.coded)
        themes = self.coded.paragraph.map(second.set_index("paragraph").themes).fillna("")
        return self.coded.assign(themes=themes)

    def exchange_themes(self) -> pd.DataFrame:
        """Each exchange's asked and answered themes (`analysis.alignment.exchange_themes`, best coding)."""
        return alignment.exchange_themes(self.best, self.codebook, list(self.names))

    def documents(self) -> pd.DataFrame:
        return reading_notes.load_documents(self.root / "data" / "annotations" / "documents.yml", self.coded)

    def models(self) -> pd.DataFrame:
        """The hand-written comparison of models (`data/annotations/models.yml`), checked."""
        return reading_notes.load_models(paths.models_file(self.root), self.coded)

    def timeline(self) -> pd.DataFrame:
        """The events the interviews mention, with the provenance of their dates, checked."""
        return reading_notes.load_timeline(paths.timeline_file(self.root), self.coded,
                                           paths.bibliography_keys(self.root))

    @cached_property
    def hand_coded(self) -> list[str]:
        """The interviews with a hand coding of every paragraph (the seed interviews), in metadata order."""
        coded = set(pd.read_csv(paths.gold_file(self.root), usecols=["interview"], dtype=str).interview)
        return [slug for slug in self.names if slug in coded]

    def gold(self) -> pd.DataFrame:
        return agreement.load_gold(paths.gold_file(self.root), self.codebook, self.coded)

    def classifier(self):
        """The codebook's classifier trained on the development text (None for a codebook without one)."""
        return classifier.trained(self.codebook)

    def split(self) -> pd.DataFrame:
        """The split the coder is evaluated on (paragraph, unit, split)."""
        return pd.read_csv(paths.exchange_split_file(self.root))

    def word_frequencies(self) -> dict[str, pd.DataFrame]:
        a = transcripts.answers(self.worded)
        return {name: words.word_frequencies(a[a.interview == slug].text) for slug, name in self.names.items()}


def patterns_only(paragraphs: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """`paragraphs` coded by the codebook's patterns (and carry rule) without its classifier."""
    plain = paragraphs.drop(columns=[c for c in ("themes", "evidence") if c in paragraphs])
    return coder.code_paragraphs(plain, replace(codebook, classifier=None), kept=True)


def load_themes(root: str | Path | None = None) -> ThemeData:
    root = paths.project_root(root)
    data = load_all(root)
    codebook = load_codebook(paths.codebook_file(root))
    coded = coder.code_paragraphs(data.paragraphs, codebook, kept=True)
    return ThemeData(data, codebook, coded, root)


@dataclass
class Evaluation:
    """One codebook's coder against the hand coding, on the two halves of one split."""

    codebook: Codebook
    test: pd.DataFrame  # hand-coded rows of the test half (interview, paragraph, themes, unit)
    dev: pd.DataFrame
    coded: pd.Series  # the coder's themes by paragraph id
    agreement_test: pd.DataFrame
    agreement_dev: pd.DataFrame

    @property
    def disagreements_test(self) -> pd.DataFrame:
        return agreement.disagreements(self.test, self.test.themes, self.coded.loc[self.test.paragraph])

    def intervals_test(self, resamples: int = 2000) -> pd.DataFrame:
        """Bootstrap intervals of the test-half figures, resampling its units (exchanges)."""
        return agreement.bootstrap_intervals(self.test.themes, self.coded.loc[self.test.paragraph], self.test.unit,
                                             self.codebook, resamples)


def evaluate(gold: pd.DataFrame, paragraphs: pd.DataFrame, codebook: Codebook, split: pd.DataFrame) -> Evaluation:
    """Code `paragraphs` with `codebook` and score them against `gold` on each half of `split`.

    `split` has paragraph and split, and unit where the split has units (a paragraph
    is its own unit otherwise). Only the interviews that `gold` codes are coded (whole,
    so that a question's topic carries to its answers as in the corpus).
    """
    paragraphs = paragraphs[paragraphs.interview.isin(set(gold.interview))]
    coded = coder.code_paragraphs(paragraphs, codebook, kept=True).set_index("paragraph").themes
    units = split.set_index("paragraph").unit if "unit" in split else split.set_index("paragraph").index.to_series()
    side = split.set_index("paragraph").split
    rows = gold.assign(unit=gold.paragraph.map(units).to_numpy())
    test, dev = rows[rows.paragraph.map(side) == "test"], rows[rows.paragraph.map(side) == "dev"]
    return Evaluation(
        codebook=codebook, test=test, dev=dev, coded=coded,
        agreement_test=agreement.agreement(test.themes, coded.loc[test.paragraph], codebook),
        agreement_dev=agreement.agreement(dev.themes, coded.loc[dev.paragraph], codebook),
    )


# The second coder's brief showed this paragraph's first coding as a format example (second_coding.md).
CUED_PARAGRAPHS = ("liu-youping-2020:p02",)


@dataclass
class AgreementReport:
    """How far the numbers of the theme chapters can be trusted: the coder and the codings compared.

    * `current`: this codebook on the split by exchanges;
    * `first`: the first codebook (data/codebook_v1.yml) on the first split, as it was reported;
    * `first_restricted`: the first codebook keeping only the patterns and vetoes that match a
      paragraph of the first split's development half, on the same split (an ablation);
    * `current_strict`: this codebook keeping only what matches a development paragraph (of the
      seed interviews or the validation set), down to each alternative word of its regexes, on the
      split by exchanges (the same ablation, stricter);
    * `previous`: the codebook before its revision against the validation set's development
      interviews (data/codebook_v2.yml), on the split by exchanges;
    * `round_one` to `round_seven`: the codebooks of the validation set's first seven rounds
      (data/codebook_v3.yml to _v9.yml), on the split by exchanges;
    * `validation`: agreement tables on the validation set, keyed 'r<round>-<codebook>-<part>':
      each round's test and development text scored with the codebook revised in that round and
      with the one before it ('r1-v2-test', 'r1-v3-test', 'r2-v3-test', 'r2-v4-test', ...);
    * `validation_intervals`: bootstrap intervals (resampling exchanges) for each round's test
      (from round 2 on) with the codebook revised in that round, keyed as `validation`;
      `latest` is the key of the latest round's ('r3-v5-test');
    * `validation_pooled`: the latest round's codebook on the test interviews of every round it
      scored, pooled (:func:`pooled_scores`);
    * `recheck`: the second coding made with the first codebook, against the first coding;
    * `second`: the second hand coding, made blind from the codebook, against the first.
    """

    gold: pd.DataFrame
    current: Evaluation
    first: Evaluation
    first_restricted: Evaluation
    current_strict: Evaluation
    first_unsupported: list[tuple[str, str, str]]
    previous: Evaluation
    round_one: Evaluation
    round_two: Evaluation
    round_three: Evaluation
    round_four: Evaluation
    round_five: Evaluation
    round_six: Evaluation
    round_seven: Evaluation
    current_nocarry: Evaluation  # this codebook without its carry rule, on the split by exchanges
    validation: dict[str, pd.DataFrame]
    validation_intervals: dict[str, pd.DataFrame]
    latest: str  # the key of the latest round's test with the codebook revised in it
    recheck: pd.DataFrame  # the re-check's rows, aligned with `gold`
    second: pd.DataFrame  # the blind second coding's rows, aligned with `gold`
    units: pd.Series  # each gold row's exchange unit (for resampling)
    paragraphs: pd.DataFrame  # the coded paragraphs (paragraph, text, ...)
    validation_sizes: dict[str, int]  # paragraphs of each part, keyed 'r<round>-<part>'
    validation_interviews: dict[str, int]  # interviews of each part, keyed 'r<round>-<part>'
    validation_round: int  # the latest round, whose test scores this codebook
    validation_extra: dict[str, float]  # the latest test without carrying, and the coder's coverage of it
    validation_ranges: dict[str, float]  # each test part's lowest and highest micro F1 of one interview
    validation_gains: dict[str, float]  # each revised codebook's micro F1 gain on its round's test, with an interval
    validation_pooled: dict[str, float | int]  # the latest codebook on every round's test it scored, pooled
    twice: dict[str, float | int]  # validation paragraphs coded by two readers apart (double_coded)
    twice_themes: pd.DataFrame  # the same, theme by theme

    def intercoder(self, without: tuple[str, ...] = ()) -> dict[str, float | int]:
        """The two hand codings compared (agreement.intercoder), leaving out the paragraphs `without`."""
        keep = ~self.gold.paragraph.isin(without).to_numpy()
        return agreement.intercoder(self.gold.themes[keep], self.second.themes[keep], self.units[keep],
                                    self.current.codebook)

    def numbers(self) -> dict[str, float | int]:
        """Headline numbers for the Methods prose (kappas and F1 as floats, counts as ints)."""
        out: dict[str, float | int] = {"n-gold": len(self.gold), "n-test": len(self.current.test),
                                       "n-dev": len(self.current.dev),
                                       "n-test-units": self.current.test.unit.nunique(),
                                       "n-dev-units": self.current.dev.unit.nunique()}
        halves = (("test", self.current.agreement_test), ("dev", self.current.agreement_dev),
                  ("v1-test", self.first.agreement_test), ("v1-dev", self.first.agreement_dev),
                  ("v1-restricted-test", self.first_restricted.agreement_test),
                  ("strict-test", self.current_strict.agreement_test),
                  ("v2-test", self.previous.agreement_test), ("v2-dev", self.previous.agreement_dev),
                  ("v3-test", self.round_one.agreement_test), ("v3-dev", self.round_one.agreement_dev),
                  ("v4-test", self.round_two.agreement_test), ("v4-dev", self.round_two.agreement_dev),
                  ("v5-test", self.round_three.agreement_test), ("v5-dev", self.round_three.agreement_dev),
                  ("v6-test", self.round_four.agreement_test), ("v6-dev", self.round_four.agreement_dev),
                  ("v7-test", self.round_five.agreement_test), ("v7-dev", self.round_five.agreement_dev),
                  ("v8-test", self.round_six.agreement_test), ("v8-dev", self.round_six.agreement_dev),
                  ("v9-test", self.round_seven.agreement_test), ("v9-dev", self.round_seven.agreement_dev),
                  ("nocarry-test", self.current_nocarry.agreement_test),
                  *((f"validation-{key}", table) for key, table in self.validation.items()))
        for prefix, table in halves:
            rows = table.set_index("theme")
            for average in ("micro", "macro"):
                out[f"{prefix}-{average}-kappa"] = float(rows.loc[f"{average} average", "kappa"])
            out[f"{prefix}-micro-f1"] = float(rows.loc["micro average", "f1"])
            out[f"{prefix}-micro-precision"] = float(rows.loc["micro average", "precision"])
            out[f"{prefix}-micro-recall"] = float(rows.loc["micro average", "recall"])
            out[f"{prefix}-micro-support"] = int(rows.loc["micro average", "support"])
            out[f"{prefix}-micro-coded"] = int(rows.loc["micro average", "predicted"])
            leaves = table[table.level == "theme"]
            out[f"{prefix}-macro-themes"] = int(leaves.kappa.notna().sum())
        for prefix, evaluation in (("test", self.current), ("v6-test", self.round_four), ("v7-test", self.round_five),
                                   ("v8-test", self.round_six), ("v9-test", self.round_seven)):
            wrong = evaluation.disagreements_test
            out[f"{prefix}-codes-added"] = sum(map(len, coder.theme_sets(wrong.added)))
            out[f"{prefix}-codes-missed"] = sum(map(len, coder.theme_sets(wrong.missed)))
        for key, table in self.validation.items():
            leaves = table[(table.level == "theme") & (table.support > 0)]
            out[f"validation-{key}-themes"] = len(leaves)
            out[f"validation-{key}-zero-recall"] = int((leaves.recall.fillna(0) == 0).sum())
            out[f"validation-{key}-low-recall"] = int((leaves.recall.fillna(0) < 0.1).sum())
            out[f"validation-{key}-unreliable-themes"] = int((leaves.support < 5).sum())
            for row in table[table.theme.isin(self.current.codebook.themes)].itertuples():
                out[f"validation-{key}-{row.theme}-support"] = int(row.support)
                out[f"validation-{key}-{row.theme}-coded"] = int(row.predicted)
                found = row.recall * row.support if row.support else 0
                out[f"validation-{key}-{row.theme}-found"] = int(round(found))
        for key, count in self.validation_sizes.items():
            out[f"validation-{key}-paragraphs"] = int(count)
        for key, count in self.validation_interviews.items():
            out[f"validation-{key}-interviews"] = int(count)
        out["validation-round"] = self.validation_round
        for key, value in self.validation_extra.items():
            out[f"validation-latest-{key}"] = value
        for key, value in self.validation_pooled.items():
            out[f"validation-pooled-{key}"] = value
        if self.validation_pooled:
            low, high = self.validation_pooled["micro-f1-low"], self.validation_pooled["micro-f1-high"]
            out["validation-pooled-goal"] = ("lies wholly below" if high < GOAL_MICRO_F1 else
                                             "lies wholly above" if low >= GOAL_MICRO_F1 else "covers")
        for key, value in {**self.validation_ranges, **self.validation_gains}.items():
            out[f"validation-{key}"] = value
            if key.startswith(self.latest + "-"):
                out["validation-latest-test" + key[len(self.latest):]] = value
        for key, value in self.twice.items():
            out[f"twice-{key}"] = value
        for key, table in self.validation.items():
            if key.endswith("-test"):
                met = (table.set_index("theme").loc["micro average", "f1"] >= GOAL_MICRO_F1
                       and out[f"validation-{key}-zero-recall"] == 0)
                out[f"validation-{key}-goal"] = "is met" if met else "is not met"
        out["validation-latest-goal"] = out[f"validation-{self.latest}-goal"]
        out["validation-latest-test-micro-f1"] = out[f"validation-{self.latest}-micro-f1"]
        for key, table in self.validation_intervals.items():
            intervals = table.set_index("theme")
            for name, figure in (("micro average", "micro-kappa"), ("micro f1", "micro-f1")):
                for end in ("low", "high"):
                    out[f"validation-{key}-{figure}-{end}"] = float(intervals.loc[name, end])
                    if key == self.latest:
                        out[f"validation-latest-test-{figure}-{end}"] = float(intervals.loc[name, end])
        micro = self.current.agreement_test.set_index("theme").loc["micro average"]
        out["test-support"], out["test-coded"] = int(micro.support), int(micro.predicted)
        out["test-count-balance"] = ("overcounts" if micro.predicted > micro.support else
                                     "undercounts" if micro.predicted < micro.support else "exact")
        leaves = self.current.agreement_test[self.current.agreement_test.level == "theme"]
        out["test-unreliable-themes"] = int((leaves.kappa.notna() & (leaves.support < 5)).sum())
        intervals = self.current.intervals_test().set_index("theme")
        for name, key in (("micro average", "test-micro-kappa"), ("macro average", "test-macro-kappa"),
                          ("micro f1", "test-micro-f1")):
            out[f"{key}-low"] = float(intervals.loc[name, "low"])
            out[f"{key}-high"] = float(intervals.loc[name, "high"])
        dev = self.first.agreement_dev[self.first.agreement_dev.level == "theme"]
        empty = set(dev.theme[dev.support == 0])
        test = self.first.agreement_test[self.first.agreement_test.theme.isin(empty)]
        out["v1-dev-empty-themes"] = len(empty)
        out["v1-dev-empty-test-positives"] = int(test.support.sum())
        out["v1-dev-empty-test-found"] = int((test.recall.fillna(0) * test.support).round().sum())
        kinds = [kind for _, kind, _ in self.first_unsupported]
        out["v1-patterns"] = sum(len(t.patterns) + len(t.vetoes) for t in self.first.codebook.themes.values())
        out["v1-unsupported-patterns"] = kinds.count("pattern") + kinds.count("veto")
        out["v1-unsupported-quotations"] = kinds.count("quotation")
        out["v1-quotations"] = sum(len(agreement.QUOTE_RE.findall(t.include + t.exclude))
                                   for t in self.first.codebook.themes.values())
        first_codes = coder.theme_sets(self.gold.themes)
        second_codes = coder.theme_sets(self.recheck.themes)
        out["recheck-codes"] = sum(map(len, first_codes))
        out["recheck-dropped"] = sum(len(a - b) for a, b in zip(first_codes, second_codes))
        out["recheck-added"] = sum(len(b - a) for a, b in zip(first_codes, second_codes))
        recheck = agreement.agreement(self.gold.themes, self.recheck.themes.set_axis(self.gold.index),
                                      self.first.codebook).set_index("theme")
        out["recheck-micro-kappa"] = float(recheck.loc["micro average", "kappa"])
        for key, value in self.intercoder().items():
            out[f"second-{key.replace('_', '-')}"] = value
        out["second-kappa-without-cued"] = self.intercoder(CUED_PARAGRAPHS)["kappa"]
        quoted = agreement.quoted_paragraphs(self.previous.codebook, self.paragraphs)  # the notes the brief gave
        unquoted = self.intercoder(tuple(quoted))
        out["second-quoted-paragraphs"] = len(quoted)
        out["second-kappa-unquoted"] = unquoted["kappa"]
        out["second-kappa-unquoted-low"] = unquoted["kappa_low"]
        out["second-kappa-unquoted-high"] = unquoted["kappa_high"]
        first_dev = set(self.first.dev.paragraph)
        out["test-in-first-dev"] = int(self.current.test.paragraph.isin(first_dev).sum())
        test_half = self.intercoder(tuple(self.current.dev.paragraph))
        out["second-kappa-test"], out["second-alpha-test"] = test_half["kappa"], test_half["alpha"]
        quoted_test = [p for p in quoted if p in set(self.current.test.paragraph)]
        out["second-quoted-test-paragraphs"] = len(quoted_test)
        out["second-unquoted-test-paragraphs"] = len(self.current.test) - len(quoted_test)
        left_out = (*self.current.dev.paragraph, *quoted_test)
        out["second-kappa-test-unquoted"] = self.intercoder(left_out)["kappa"]
        return out


# The codebook each validation round scored: the one revised in that round (fitted to its development text),
# or the round before's where a round kept it unrevised (round 9: data/validation/revision_notes_round9.md).
ROUND_CODEBOOKS = {1: ("v3", paths.codebook_v3_file), 2: ("v4", paths.codebook_v4_file),
                   3: ("v5", paths.codebook_v5_file), 4: ("v6", paths.codebook_v6_file),
                   5: ("v7", paths.codebook_v7_file), 6: ("v8", paths.codebook_v8_file),
                   7: ("v9", paths.codebook_v9_file), 8: ("v10", paths.codebook_file),
                   9: ("v10", paths.codebook_file)}
FIRST_PREVIOUS = ("v2", paths.codebook_v2_file)  # the codebook before round 1's revision
GOAL_MICRO_F1 = 0.70  # the out-of-sample goal: at least this micro F1, and no theme at zero recall


def _codebook(file, current: Codebook, root: Path) -> Codebook:
    """The codebook a ROUND_CODEBOOKS entry names: the current one for data/codebook.yml (or none named)."""
    return current if file is None or file is paths.codebook_file else load_codebook(file(root))


def revised_in(round_: int) -> tuple:
    """(name, file) of the codebook revised in a validation round; ("current", None) for a round without its own."""
    return ROUND_CODEBOOKS.get(round_, ("current", None))


class ValidationScores(NamedTuple):
    tables: dict[str, pd.DataFrame]  # agreement tables, 'r<round>-<codebook>-<part>'
    sizes: dict[str, int]  # paragraphs of each part, 'r<round>-<part>'
    counts: dict[str, int]  # interviews of each part, 'r<round>-<part>'
    ranges: dict[str, float]  # lowest and highest micro F1 of one interview, 'r<round>-<codebook>-test-...'
    intervals: dict[str, pd.DataFrame]  # bootstrap intervals of each test from round 2 on, 'r<round>-<codebook>-test'
    gains: dict[str, float]  # the revised codebook's micro F1 gain on each test, paired interval: '...-test-gain'


def scoring_plan(written: pd.DataFrame) -> list[tuple[int, tuple, tuple]]:
    """(round, codebook before, codebook revised) for each validation round, each codebook as (name, file)."""
    plan, before = [], FIRST_PREVIOUS
    for round_ in sorted(set(written["round"])):
        revised = revised_in(round_)
        plan.append((round_, before, revised))
        before = revised
    return plan


def round_codings(root: Path, written: pd.DataFrame, current: Codebook) -> dict[str, tuple[Codebook, pd.Series]]:
    """Each codebook the validation rounds are scored with (:func:`scoring_plan`), by name: the codebook, and its
    coding of the validation paragraphs up to the last round it scores, indexed like `written`.

    Each paragraph is coded once per codebook; a coding does not depend on which other
    interviews are coded with it (a question's topic carries only within its exchange).
    """
    last: dict[str, tuple] = {}
    for round_, *used in scoring_plan(written):
        for name, file in used:
            last[name] = (file, round_)
    out = {}
    for name, (file, round_) in last.items():
        codebook = _codebook(file, current, root)
        rows = written[written["round"] <= round_]
        out[name] = codebook, validation.coded(rows.reset_index(drop=True), codebook, kept=True).set_axis(rows.index)
    return out


def validation_scores(written: pd.DataFrame, codings: dict[str, tuple[Codebook, pd.Series]],
                      current: Codebook) -> ValidationScores:
    """Each round's test and development text, scored with the codebook revised in the round and the one before.

    `codings` are the codebooks' codings of the validation paragraphs (:func:`round_codings`).
    Returns the agreement tables ('r<round>-<codebook>-<part>'), the paragraphs and
    interviews of each part ('r<round>-<part>'), the lowest and highest micro F1 of one
    interview in each test part ('r<round>-<codebook>-test-interview-f1-min', '-max'), and
    bootstrap intervals of each round's test with the codebook revised in it
    (resampling exchanges) and that codebook's gain in micro F1 over the one before, with an
    interval from the same resamples ('r<round>-<codebook>-test-gain', '-gain-low', '-gain-high').
    A round without a codebook of its own (the latest, before its revision) is scored with the
    current codebook only.
    """
    out = ValidationScores({}, {}, {}, {}, {}, {})
    for round_, before, revised in scoring_plan(written):
        tested: list[pd.Series] = []  # the test part as coded by `before`, then by `revised`
        for name, _ in (before, revised):
            codebook, coding = codings[name]
            for part in ("dev", "test"):
                rows = written.index[validation.in_part(written, part, round_)]
                if not len(rows):
                    continue
                chosen = written.loc[rows].reset_index(drop=True)
                coded = coding.loc[rows].reset_index(drop=True)
                key = f"r{round_}-{name}-{part}"
                out.tables[key] = agreement.agreement(chosen.themes, coded, codebook)
                if part == "test":
                    tested.append(coded)
                    f1 = agreement.micro_f1_within(chosen.themes, coded, chosen.interview, codebook)
                    out.ranges[f"{key}-interview-f1-min"] = float(f1.min())
                    out.ranges[f"{key}-interview-f1-max"] = float(f1.max())
                    if name == revised[0]:
                        units = chosen.interview + ":" + chosen.exchange.astype(str)
                        out.intervals[key] = agreement.bootstrap_intervals(chosen.themes, coded, units, current)
                        if len(tested) == 2 and before != revised:
                            gain, low, high = agreement.paired_f1_gain(chosen.themes, *tested, units, current)
                            out.gains.update({f"{key}-gain": gain, f"{key}-gain-low": low, f"{key}-gain-high": high})
        for part in ("dev", "test"):
            chosen = validation.part(written, part, round_)
            out.sizes[f"r{round_}-{part}"] = len(chosen)
            out.counts[f"r{round_}-{part}"] = chosen.interview.nunique()
    return out


def pooled_scores(written: pd.DataFrame, codings: dict[str, tuple[Codebook, pd.Series]],
                  current: Codebook) -> dict[str, float | int]:
    """The latest round's codebook on the test interviews of every round it scored, pooled as one test.

    A codebook kept unrevised through later rounds scores each of them; their test parts
    together give one larger out-of-sample test. Returns the rounds (`rounds`, `first-round`,
    `last-round`), the paragraphs and interviews, the last round's micro F1 minus the first's
    (`difference`, with a 95% interval from resampling each round's interviews on its own),
    and the micro F1, precision, recall and pooled kappa of all of them with 95% intervals from
    resampling whole interviews (more of the variation between texts than resampling
    exchanges leaves in; none between writers or readers beyond these rounds').
    """
    name = revised_in(validation.latest_round(written))[0]
    rounds = [r for r in sorted(set(written["round"])) if revised_in(r)[0] == name]
    rows = written.index[written["round"].isin(rounds) & (written.split == "test")]
    chosen = written.loc[rows].reset_index(drop=True)
    coded = codings[name][1].loc[rows].reset_index(drop=True)
    table = agreement.agreement(chosen.themes, coded, codings[name][0]).set_index("theme").loc["micro average"]
    intervals = agreement.bootstrap_intervals(chosen.themes, coded, chosen.interview, current).set_index("theme")
    truth, guess = coder.leaf_codes(chosen.themes, current), coder.leaf_codes(coded, current)
    ends = []  # the first and the last round's micro F1, each round's interviews resampled on their own
    for k, round_ in enumerate((rounds[0], rounds[-1])):
        rows_of = (chosen["round"] == round_).to_numpy()
        weights = agreement.resample_weights(chosen.interview[rows_of], 2000, seed=agreement.SEED + k)
        ends.append(agreement.weighted_micro_f1(np.vstack([np.ones(rows_of.sum()), weights]),
                                                truth[rows_of], guess[rows_of]))
    difference = ends[1] - ends[0]  # row 0: the rounds as they are; then the resamples
    return {"rounds": len(rounds), "first-round": rounds[0], "last-round": rounds[-1], "paragraphs": len(chosen),
            "difference": float(difference[0]),
            **dict(zip(("difference-low", "difference-high"), map(float, np.quantile(difference[1:], [0.025, 0.975])))),
            "interviews": chosen.interview.nunique(), "micro-f1": float(table.f1),
            "micro-precision": float(table.precision), "micro-recall": float(table.recall),
            "micro-kappa": float(table.kappa),
            **{f"{figure}-{end}": float(intervals.loc[row, end]) for row, figure in
               (("micro f1", "micro-f1"), ("micro average", "micro-kappa")) for end in ("low", "high")}}


def double_coded(written: pd.DataFrame, twice: pd.DataFrame, codings: dict[str, tuple[Codebook, pd.Series]],
                 current: Codebook) -> tuple[dict[str, float | int], pd.DataFrame]:
    """Two readers' blind codings of the same validation paragraphs, and the coder, compared.

    The first reader's coding (`blind_coding.csv`, the reference the coder is scored against)
    and the second's (`second_coding.csv`); each paragraph coded by the codebook of its round
    (ROUND_CODEBOOKS) as part of its whole interview, as `codings` hold it (:func:`round_codings`),
    so that a question's topic carries to its answer even where the second reader coded only the
    answer. Returns headline figures
    (how far the readers agree: Cohen's kappa and Krippendorff's alpha with intervals, the
    second reader's micro F1, precision and recall against the first, with an interval, and
    the direction of their disagreements; the coder's micro F1 against each reader; each
    theme's paragraphs per reader, '<theme>-first' and '-second'; the lowest and highest kappa
    between the readers over the themes the first coded in at least UNRELIABLE_SUPPORT
    paragraphs) and a table per leaf theme: paragraphs each reader coded with it, kappa between
    the readers with its bootstrap interval (resampling exchanges), and the coder's kappa against each.
    Empty without a second coding.
    """
    columns = ["theme", "first", "second", "readers_kappa", "readers_low", "readers_high", "coder_first_kappa",
               "coder_second_kappa"]
    if twice.empty:
        return {}, pd.DataFrame(columns=columns)
    found = pd.Index(written.paragraph).get_indexer(twice.paragraph)
    if (found < 0).any():
        raise ValueError(f"{twice.paragraph[found < 0].iloc[0]!r} is not a validation paragraph")
    where = written.index[found]
    rows = written.loc[where].reset_index(drop=True)
    coded = pd.Series([codings[revised_in(round_)[0]][1].loc[row]
                       for round_, row in zip(rows["round"], where)], dtype=object)
    first, second = rows.themes, twice.themes.set_axis(rows.index)
    units = rows.interview + ":" + rows.exchange.astype(str)
    readers = agreement.agreement(first, second, current).set_index("theme")
    coder_first = agreement.agreement(first, coded, current).set_index("theme")
    coder_second = agreement.agreement(second, coded, current).set_index("theme")
    readers_ci = agreement.bootstrap_intervals(first, second, units, current).set_index("theme")
    out: dict[str, float | int] = {"paragraphs": len(rows), "interviews": rows.interview.nunique()}
    for key, value in agreement.intercoder(first, second, units, current).items():
        out[key.replace("_", "-")] = value
    for name, table in (("readers", readers), ("coder-first", coder_first), ("coder-second", coder_second)):
        for figure in ("f1", "precision", "recall"):
            out[f"{name}-micro-{figure}"] = float(table.loc["micro average", figure])
    out["readers-micro-f1-low"] = float(readers_ci.loc["micro f1", "low"])
    out["readers-micro-f1-high"] = float(readers_ci.loc["micro f1", "high"])
    leaves = [t for t in current.leaves() if t in readers.index]
    per_theme = pd.DataFrame({
        "theme": leaves,
        "first": [int(readers.loc[t, "support"]) for t in leaves],
        "second": [int(readers.loc[t, "predicted"]) for t in leaves],
        "readers_kappa": [float(readers.loc[t, "kappa"]) for t in leaves],
        "readers_low": [float(readers_ci.loc[t, "low"]) for t in leaves],
        "readers_high": [float(readers_ci.loc[t, "high"]) for t in leaves],
        "coder_first_kappa": [float(coder_first.loc[t, "kappa"]) for t in leaves],
        "coder_second_kappa": [float(coder_second.loc[t, "kappa"]) for t in leaves],
    })
    for row in per_theme.itertuples():
        out[f"{row.theme}-first"], out[f"{row.theme}-second"] = row.first, row.second
    reliable = per_theme.readers_kappa[per_theme["first"] >= agreement.UNRELIABLE_SUPPORT].dropna()
    if len(reliable):
        out["readers-theme-kappa-min"], out["readers-theme-kappa-max"] = float(reliable.min()), float(reliable.max())
    return out, per_theme


def agreement_report(themes: ThemeData) -> AgreementReport:
    """The coder against the hand coding on both splits, the ablation, and the re-check of the first coding."""
    root, gold = themes.root, themes.gold()
    first_codebook = load_codebook(paths.codebook_v1_file(root))
    first_split = pd.read_csv(paths.split_v1_file(root))
    dev_texts = list(themes.coded.text[themes.coded.paragraph.isin(first_split.paragraph[first_split.split == "dev"])])
    unsupported = agreement.unsupported(first_codebook, dev_texts)
    split = themes.split()
    written = validation.load(root, themes.codebook)
    current_dev = list(themes.coded.text[themes.coded.paragraph.isin(split.paragraph[split.split == "dev"])])
    current_dev += list(validation.part(written, "dev", themes.codebook.validation_round).text)
    codings = round_codings(root, written, themes.codebook)
    scores = validation_scores(written, codings, themes.codebook)
    latest = validation.latest_round(written)
    latest_name = revised_in(latest)[0]
    scorer = codings[latest_name][0]
    books = {name: codings[name][0] if name in codings else _codebook(file, themes.codebook, root)
             for name, file in (FIRST_PREVIOUS, *ROUND_CODEBOOKS.values())}
    test = validation.part(written, "test", latest)
    nocarry_test = replace(scorer, themes={k: replace(t, carry=False) for k, t in scorer.themes.items()})
    nocarry = agreement.agreement(test.themes, validation.coded(test, nocarry_test, kept=True), scorer)
    as_transcript = test.assign(role=test.role.map(validation.ROLES))
    fit = coverage.domain_fit(as_transcript.assign(
        themes=validation.coded(test, replace(scorer, classifier=None), kept=True).to_numpy()))
    hand = coverage.domain_fit(as_transcript)
    answers = fit.answer_paragraphs.sum()
    extra = {"test-nocarry-micro-f1": float(nocarry.set_index("theme").loc["micro average", "f1"]),
             "test-coverage-min": float(fit.share.min()), "test-coverage-max": float(fit.share.max()),
             "test-coverage-pooled": float(fit.coded.sum() / answers),
             "test-hand-coverage-pooled": float(hand.coded.sum() / answers)}
    twice, twice_themes = double_coded(written, validation.load_second(root, themes.codebook, written), codings,
                                       themes.codebook)
    restricted = agreement.restricted(first_codebook, dev_texts)
    plain = replace(themes.codebook, themes={k: replace(t, carry=False) for k, t in themes.codebook.themes.items()})
    recheck = agreement.load_gold(paths.recheck_v1_file(root), first_codebook, themes.coded)
    second = agreement.load_gold(paths.second_coding_file(root), themes.codebook, themes.coded)
    units = agreement.exchange_units(themes.coded).set_axis(themes.coded.paragraph).loc[gold.paragraph]
    return AgreementReport(
        gold=gold,
        current=evaluate(gold, themes.coded, themes.codebook, themes.split()),
        first=evaluate(gold, themes.coded, first_codebook, first_split),
        first_restricted=evaluate(gold, themes.coded, restricted, first_split),
        current_strict=evaluate(gold, themes.coded, agreement.restricted(themes.codebook, current_dev, wording=True),
                                themes.split()),
        first_unsupported=unsupported,
        previous=evaluate(gold, themes.coded, books["v2"], split),
        round_one=evaluate(gold, themes.coded, books["v3"], split),
        round_two=evaluate(gold, themes.coded, books["v4"], split),
        round_three=evaluate(gold, themes.coded, books["v5"], split),
        round_four=evaluate(gold, themes.coded, books["v6"], split),
        round_five=evaluate(gold, themes.coded, books["v7"], split),
        round_six=evaluate(gold, themes.coded, books["v8"], split),
        round_seven=evaluate(gold, themes.coded, books["v9"], split),
        current_nocarry=evaluate(gold, themes.coded, plain, split),
        validation=scores.tables,
        validation_intervals=scores.intervals,
        latest=f"r{latest}-{latest_name}-test",
        validation_sizes=scores.sizes,
        validation_interviews=scores.counts,
        validation_round=latest,
        validation_extra=extra,
        validation_ranges=scores.ranges,
        validation_gains=scores.gains,
        validation_pooled=pooled_scores(written, codings, themes.codebook),
        twice=twice,
        twice_themes=twice_themes,
        recheck=recheck.set_index("paragraph").loc[gold.paragraph].reset_index(),
        second=second.set_index("paragraph").loc[gold.paragraph].reset_index(),
        units=units.reset_index(drop=True).set_axis(gold.index),
        paragraphs=themes.coded,
    )
