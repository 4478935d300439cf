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

from . import annotations, corpus, paths, structure
from .corpus import Transcript
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
    def exchanges(self) -> pd.DataFrame:
        return structure.exchanges(self.paragraphs)

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
