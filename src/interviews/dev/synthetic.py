"""Synthetic corpora for the throughput benchmark, made from the real paragraphs.

A synthetic interview takes one real interview (in turn), keeps its opening
paragraphs (editor's note, framing prose) and shuffles its question-and-answer
exchanges with a fixed seed. The result is written back as a labelled
transcript ("Name: text" at the start of each turn), so that the benchmark
times the real parser and coder on text of realistic length and vocabulary.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from ..corpus.metadata import Interview
from ..corpus.transcripts import Transcript


@dataclass(frozen=True)
class SyntheticInterview:
    interview: Interview
    text: str
    paragraphs: int  # how many paragraphs the text holds


def render(paragraphs, interview: Interview) -> str:
    """Paragraph rows (speaker, role, turn, text) as a labelled transcript."""
    label = {s.name: s.aliases[0] for s in interview.speakers}
    blocks, last_turn = [], None
    for row in paragraphs:
        text = " ".join(row.text.split())
        if row.role in ("interviewer", "interviewee") and row.turn != last_turn:
            text = f"{label[row.speaker]}: {text}"
        last_turn = row.turn
        blocks.append(text)
    return "\n\n".join(blocks) + "\n"


def shuffled(transcript: Transcript, seed: int, slug: str) -> SyntheticInterview:
    """One real transcript with its exchanges in a seeded random order."""
    frame = transcript.paragraphs
    rows = list(frame.itertuples(index=False))
    opening = [r for r in rows if r.exchange == 0]
    exchanges: dict[int, list] = {}
    for r in rows:
        if r.exchange > 0:
            exchanges.setdefault(r.exchange, []).append(r)
    order = sorted(exchanges)
    random.Random(seed).shuffle(order)
    body = [r for x in order for r in exchanges[x]]
    interview = replace(transcript.interview, slug=slug, title=f"Synthetic interview {slug}")
    return SyntheticInterview(interview, render(opening + body, interview), len(opening) + len(body))


def corpus(transcripts: list[Transcript], n: int, seed: int = 20201122) -> list[SyntheticInterview]:
    """`n` synthetic interviews, cycling through the real ones; the same for the same seed."""
    if not transcripts:
        raise ValueError("a synthetic corpus needs at least one real transcript")
    return [
        shuffled(transcripts[i % len(transcripts)], seed + i, f"synthetic-{i + 1:04d}")
        for i in range(n)
    ]


# Names for the interviewees of synthetic interviews in a project copy (family name first).
FAMILY = ("Chen", "Zhou", "Huang", "Zhao", "Sun", "Hu", "Guo", "He", "Gao", "Lin")
GIVEN = ("Jun", "Min", "Hua", "Ping", "Ying", "Lei")


def project_with_interviews(root: Path, dest: Path, n: int, seed: int = 20201122) -> Path:
    """A copy of the project's tracked files in `dest` with `n` interviews in all (for `make bench`).

    The real interviews are kept; synthetic ones (see :func:`corpus`) are added through
    the package's own `add` (raw file, manifest, metadata, chapter from the template, table
    of contents, generated tables), each named after the interview it was made from.
    """
    from ..corpus import intake
    from ..corpus.transcripts import load_corpus
    from .bench import copy_tracked

    project = copy_tracked(Path(root), Path(dest))
    _, parsed = load_corpus(project)
    if n < len(parsed):
        raise ValueError(f"the project has {len(parsed)} interviews already; cannot make a book of {n}")
    texts = project / ".synthetic"
    texts.mkdir()
    for number, made in enumerate(corpus(list(parsed.values()), n - len(parsed), seed)):
        interview = made.interview
        # A name of its own, so that charts and tables that list interviewees by name stay unambiguous.
        name = f"{FAMILY[number % len(FAMILY)]} {GIVEN[number // len(FAMILY) % len(GIVEN)]}"
        label = next(s.aliases[0] for s in interview.speakers if s.role == "interviewee")
        text = re.sub(rf"^{re.escape(label)}:", f"{name}:", made.text, flags=re.M)
        path = texts / f"{interview.slug}.md"
        path.write_text(text, encoding="utf-8")
        intake.add(project, path, interview.slug, name, interviewer=interview.interviewer.name,
                   title=f"Synthetic interview with {name}")
    shutil.rmtree(texts)
    return project
