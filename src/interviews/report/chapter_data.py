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

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..analysis import comparison, structure, words
from ..coding import agreement, coder
from ..coding.codebook import Codebook, load_codebook
from ..corpus import reading_notes, transcripts
from ..corpus.metadata import Interview, find
from ..corpus.transcripts import Transcript
from ..errors import InputError


@dataclass
class InterviewData:
    interview: Interview
    transcript: Transcript
    notes: reading_notes.Annotations

    @property
    def paragraphs(self) -> pd.DataFrame:
        return self.transcript.paragraphs

    @property
    def answers(self) -> pd.DataFrame:
        return transcripts.answers(self.paragraphs)

    @property
    def overview(self) -> dict:
        return structure.overview(self.paragraphs).iloc[0].to_dict()


def load(slug: str, root: str | Path | None = None) -> InterviewData:
    root = paths.project_root(root)
    interviews, parsed = transcripts.load_corpus(root)
    interview = find(interviews, slug)
    transcript = parsed[slug]
    notes = reading_notes.load(paths.annotations_file(root, slug), slug, transcript.paragraphs)
    return InterviewData(interview, transcript, notes)


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

    def notes(self, slug: str) -> reading_notes.Annotations:
        path = paths.annotations_file(self.root, slug)
        notes = reading_notes.load(path, slug, self.corpus.transcripts[slug].paragraphs)
        for entry in notes.problems:
            if entry.theme and entry.theme not in self.codebook.themes:
                raise InputError(path,
                                             f"unknown theme {entry.theme!r} for problem {entry.text[:40]!r}")
        return notes

    def all_notes(self) -> dict[str, reading_notes.Annotations]:
        """Slug -> reading notes, for every interview in metadata order."""
        return {slug: self.notes(slug) for slug in self.names}

    def prevalence(self, themes: list[str] | None = None) -> pd.DataFrame:
        return comparison.prevalence(self.coded, self.codebook, themes, list(self.names))

    def documents(self) -> pd.DataFrame:
        return reading_notes.load_documents(self.root / "data" / "annotations" / "documents.yml", self.coded)

    def gold(self) -> pd.DataFrame:
        return agreement.load_gold(paths.gold_file(self.root), self.codebook, self.coded)

    def split(self) -> pd.DataFrame:
        return pd.read_csv(paths.split_file(self.root))

    def word_frequencies(self) -> dict[str, pd.DataFrame]:
        a = transcripts.answers(self.coded)
        return {name: words.word_frequencies(a[a.interview == slug].text) for slug, name in self.names.items()}


def load_themes(root: str | Path | None = None) -> ThemeData:
    root = paths.project_root(root)
    data = load_all(root)
    codebook = load_codebook(paths.codebook_file(root))
    coded = coder.code_paragraphs(data.paragraphs, codebook)
    return ThemeData(data, codebook, coded, root)


@dataclass
class AgreementReport:
    """The coder against the hand coding (test and development halves) and the two hand codings."""

    gold: pd.DataFrame
    test: pd.DataFrame  # gold rows of the test half
    dev: pd.DataFrame
    agreement_test: pd.DataFrame
    agreement_dev: pd.DataFrame
    agreement_coders: pd.DataFrame
    disagreements_test: pd.DataFrame

    def numbers(self) -> dict[str, float | int]:
        """Headline numbers for the Methods prose (kappas and F1 as floats, counts as ints)."""
        out: dict[str, float | int] = {"n-gold": len(self.gold), "n-test": len(self.test), "n-dev": len(self.dev)}
        for prefix, table in (("test", self.agreement_test), ("dev", self.agreement_dev),
                              ("coders", self.agreement_coders)):
            rows = table.set_index("theme")
            for average in ("micro", "macro"):
                out[f"{prefix}-{average}-kappa"] = float(rows.loc[f"{average} average", "kappa"])
            out[f"{prefix}-micro-f1"] = float(rows.loc["micro average", "f1"])
        return out


def agreement_report(themes: ThemeData) -> AgreementReport:
    """The coder against the hand coding on each half of the split, and the second hand coding against the first."""
    gold = themes.gold()
    split = themes.split().set_index("paragraph").split
    coded = themes.coded.set_index("paragraph").themes
    test = gold[gold.paragraph.map(split) == "test"]
    dev = gold[gold.paragraph.map(split) == "dev"]
    second = agreement.load_gold(paths.second_coder_file(themes.root), themes.codebook, themes.coded)
    second_themes = second.set_index("paragraph").themes.loc[gold.paragraph]
    return AgreementReport(
        gold=gold, test=test, dev=dev,
        agreement_test=agreement.agreement(test.themes, coded.loc[test.paragraph], themes.codebook),
        agreement_dev=agreement.agreement(dev.themes, coded.loc[dev.paragraph], themes.codebook),
        agreement_coders=agreement.agreement(gold.themes, second_themes, themes.codebook),
        disagreements_test=agreement.disagreements(test, test.themes, coded.loc[test.paragraph]),
    )
