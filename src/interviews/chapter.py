"""Everything one interview chapter shows, loaded in one call.

Chapters are thin: `data = chapter.load("liu-youping-2020")`, then short calls to
`structure`, `facts`, `figures` and `render`. Loading validates the metadata,
checks every raw file against its SHA-256 manifest, parses all transcripts and
checks the reading notes (quotes verbatim, paragraph ids real).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import annotations, coding, compare, corpus, paths, structure, text, validation
from .codebook import Codebook, load_codebook
from .corpus import Transcript
from .errors import InputError
from .metadata import Interview, find


@dataclass
class InterviewData:
    interview: Interview
    transcript: Transcript
    notes: annotations.Annotations

    @property
    def paragraphs(self) -> pd.DataFrame:
        return self.transcript.paragraphs

    @property
    def answers(self) -> pd.DataFrame:
        return self.paragraphs[self.paragraphs.role == "interviewee"]

    @property
    def overview(self) -> dict:
        return structure.overview(self.paragraphs).iloc[0].to_dict()


def load(slug: str, root: str | Path | None = None) -> InterviewData:
    root = paths.project_root(root)
    interviews, transcripts = corpus.load_corpus(root)
    interview = find(interviews, slug)
    transcript = transcripts[slug]
    notes = annotations.load(paths.annotations_file(root, slug), slug, transcript.paragraphs)
    return InterviewData(interview, transcript, notes)


@dataclass
class CorpusData:
    interviews: list[Interview]
    transcripts: dict[str, Transcript]

    @property
    def paragraphs(self) -> pd.DataFrame:
        return corpus.paragraphs(self.transcripts)

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
    interviews, transcripts = corpus.load_corpus(paths.project_root(root))
    return CorpusData(interviews, transcripts)


@dataclass
class ThemeData:
    """The corpus coded with the codebook, for the theme chapters and the methods."""

    corpus: CorpusData
    book: Codebook
    coded: pd.DataFrame
    root: Path

    @property
    def names(self) -> dict[str, str]:
        """Interview slug -> interviewee name, in metadata order."""
        return {i.slug: i.interviewee.name for i in self.corpus.interviews}

    @property
    def surnames(self) -> dict[str, str]:
        return {slug: name.split()[0] for slug, name in self.names.items()}

    def notes(self, slug: str) -> annotations.Annotations:
        path = paths.annotations_file(self.root, slug)
        notes = annotations.load(path, slug, self.corpus.transcripts[slug].paragraphs)
        for entry in notes.problems:
            if entry.theme and entry.theme not in self.book.themes:
                raise InputError(path,
                                             f"unknown theme {entry.theme!r} for problem {entry.text[:40]!r}")
        return notes

    def prevalence(self, themes: list[str] | None = None) -> pd.DataFrame:
        return compare.prevalence(self.coded, self.book, themes, list(self.names))

    def documents(self) -> pd.DataFrame:
        return annotations.load_documents(self.root / "data" / "annotations" / "documents.yml", self.coded)

    def gold(self) -> pd.DataFrame:
        return validation.load_gold(paths.gold_file(self.root), self.book, self.coded)

    def hand_coded(self, slug: str, theme: str, role: str = "interviewee") -> int:
        """How many of `slug`'s paragraphs with `role` the hand coding gives `theme`."""
        gold = self.gold().merge(self.coded[["paragraph", "role"]])
        part = gold[(gold.interview == slug) & (gold.role == role)]
        return int(part.themes.str.split(";").map(lambda t: theme in t).sum())

    def split(self) -> pd.DataFrame:
        return pd.read_csv(paths.split_file(self.root))

    def word_frequencies(self) -> dict[str, pd.DataFrame]:
        a = compare.answers(self.coded)
        return {name: text.word_frequencies(a[a.interview == slug].text) for slug, name in self.names.items()}


def load_themes(root: str | Path | None = None) -> ThemeData:
    root = paths.project_root(root)
    data = load_all(root)
    book = load_codebook(paths.codebook_file(root))
    coded = coding.code_paragraphs(data.paragraphs, book)
    return ThemeData(data, book, coded, root)


@dataclass
class Validation:
    """The coder against the hand coding (test and development halves) and the two hand codings."""

    gold: pd.DataFrame
    test: pd.DataFrame  # gold rows of the test half
    dev: pd.DataFrame
    agreement_test: pd.DataFrame
    agreement_dev: pd.DataFrame
    agreement_coders: pd.DataFrame
    disagreements_test: pd.DataFrame

    def summary(self) -> dict[str, float | int]:
        """Headline numbers for the Methods prose (kappas and F1 as floats, counts as ints)."""
        out: dict[str, float | int] = {"n-gold": len(self.gold), "n-test": len(self.test), "n-dev": len(self.dev)}
        for prefix, table in (("test", self.agreement_test), ("dev", self.agreement_dev),
                              ("coders", self.agreement_coders)):
            rows = table.set_index("theme")
            for average in ("micro", "macro"):
                out[f"{prefix}-{average}-kappa"] = float(rows.loc[f"{average} average", "kappa"])
            out[f"{prefix}-micro-f1"] = float(rows.loc["micro average", "f1"])
        return out


def validate(themes: ThemeData) -> Validation:
    gold = themes.gold()
    split = themes.split().set_index("paragraph").split
    coded = themes.coded.set_index("paragraph").themes
    test = gold[gold.paragraph.map(split) == "test"]
    dev = gold[gold.paragraph.map(split) == "dev"]
    second = validation.load_gold(paths.second_coder_file(themes.root), themes.book, themes.coded)
    second_themes = second.set_index("paragraph").themes.loc[gold.paragraph]
    return Validation(
        gold=gold, test=test, dev=dev,
        agreement_test=validation.agreement(test.themes, coded.loc[test.paragraph], themes.book),
        agreement_dev=validation.agreement(dev.themes, coded.loc[dev.paragraph], themes.book),
        agreement_coders=validation.agreement(gold.themes, second_themes, themes.book),
        disagreements_test=validation.disagreements(test, test.themes, coded.loc[test.paragraph]),
    )
