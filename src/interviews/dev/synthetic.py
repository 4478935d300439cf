"""Synthetic corpora made from the real paragraphs: for the benchmark, and for books of many interviews.

A synthetic interview takes one real interview (in turn), keeps its opening
paragraphs (editor's note, framing prose) and shuffles its question-and-answer
exchanges with a fixed seed. The result is written back as a labelled
transcript ("Name: text" at the start of each turn), so that the benchmark
times the real parser and coder on text of realistic length and vocabulary.

* :func:`corpus` - `n` shuffled copies of the real interviews (the throughput benchmark);
* :func:`scaled_corpus` - the interviews that take a corpus to `n`, each with a made-up
  interviewee of a distinct name, so that charts and tables can tell them apart;
* :func:`theme_data` - the book's coded corpus with those interviews added, in memory
  (the figures' tests at 2, 12 and 50 interviews);
* :func:`project` - a copy of the project with those interviews added as `python -m
  interviews add` adds them (a book of `n` interviews to build).
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..corpus.metadata import Interview, Speaker
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


def _shuffled_rows(transcript: Transcript, seed: int) -> list:
    """The transcript's paragraph rows: the opening as it is, then the exchanges in a seeded random order."""
    rows = list(transcript.paragraphs.itertuples(index=False))
    opening = [r for r in rows if r.exchange == 0]
    exchanges: dict[int, list] = {}
    for r in rows:
        if r.exchange > 0:
            exchanges.setdefault(r.exchange, []).append(r)
    order = sorted(exchanges)
    random.Random(seed).shuffle(order)
    return opening + [r for x in order for r in exchanges[x]]


def shuffled(transcript: Transcript, seed: int, slug: str) -> SyntheticInterview:
    """One real transcript with its exchanges in a seeded random order."""
    rows = _shuffled_rows(transcript, seed)
    interview = replace(transcript.interview, slug=slug, title=f"Synthetic interview {slug}")
    return SyntheticInterview(interview, render(rows, interview), len(rows))


def corpus(transcripts: list[Transcript], n: int, seed: int = 20201122) -> list[SyntheticInterview]:
    """`n` synthetic interviews, cycling through the real ones; the same for the same seed."""
    if not transcripts:
        raise ValueError("a synthetic corpus needs at least one real transcript")
    return [
        shuffled(transcripts[i % len(transcripts)], seed + i, f"synthetic-{i + 1:04d}")
        for i in range(n)
    ]


# Made-up interviewees for scaled corpora: distinct family names (none of the real interviews' people),
# written family name first, as `intake.family_name` reads a Chinese name.
FAMILY_NAMES = """
Chen Zhang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Luo Zheng Liang Xie Song Tang Han Feng Deng Cao
Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Ding Ren Shen Yao Lu Jin Fu Zhong Cui Tan
Qian Shi Kong Bai Qiu Qin Jia Xia Fang Yan Hou
""".split()
GIVEN_NAMES = "Hui Min Jing Lei Fang Tao Yan Qiang Ning Bo Xin Yun Jun Hong Ping Wei Lan Chao Dan Rui".split()


def person_name(i: int) -> str:
    """The i-th made-up interviewee ("Chen Hui"): distinct for every i, and so is the family name below
    len(FAMILY_NAMES)."""
    rounds = i // len(FAMILY_NAMES)
    return f"{FAMILY_NAMES[i % len(FAMILY_NAMES)]} {GIVEN_NAMES[i % len(GIVEN_NAMES)]}{'n' * rounds}"


def renamed(transcript: Transcript, seed: int, slug: str, name: str) -> SyntheticInterview:
    """:func:`shuffled`, with the interviewee called `name` (labelled by the full name)."""
    old = transcript.interview
    speakers = tuple(Speaker(name, s.role, (name, name.split()[0])) if s.role == "interviewee" else s
                     for s in old.speakers)
    interview = replace(old, slug=slug, title=f"{name}: a synthetic interview", raw_file=f"{slug}.txt",
                        interviewee=replace(old.interviewee, name=name), speakers=speakers)
    rows = [r._replace(speaker=name) if r.role == "interviewee" else r for r in _shuffled_rows(transcript, seed)]
    return SyntheticInterview(interview, render(rows, interview), len(rows))


def scaled_corpus(transcripts: list[Transcript], n: int, seed: int = 20201122) -> list[SyntheticInterview]:
    """The synthetic interviews that take the real `transcripts` to `n` interviews ('synthetic-03', ...).

    Each is a real interview in turn with its exchanges shuffled and a made-up interviewee
    of a distinct name; none when `n` is at most the number of real interviews.
    """
    if not transcripts:
        raise ValueError("a synthetic corpus needs at least one real transcript")
    real = len(transcripts)
    return [renamed(transcripts[i % real], seed + i, f"synthetic-{i + 1:02d}", person_name(i - real))
            for i in range(real, n)]


def theme_data(root: Path, n: int):
    """The book's coded corpus (`chapter_data.load_themes`) with synthetic interviews up to `n`, in memory.

    The real interviews come first and keep their hand coding; the synthetic ones are coded
    by the automatic coder. With `n` below the number of real interviews, the first `n`.
    """
    from ..coding import coder
    from ..corpus import transcripts
    from ..report import chapter_data

    themes = chapter_data.load_themes(root)
    real = themes.corpus.interviews[:n]
    parsed = {i.slug: themes.corpus.transcripts[i.slug] for i in real}
    for made in scaled_corpus(list(parsed.values()), n):
        parsed[made.interview.slug] = transcripts.parse_text(made.text, made.interview, made.interview.slug)
    corpus = chapter_data.CorpusData([t.interview for t in parsed.values()], parsed)
    coded = coder.code_paragraphs(corpus.paragraphs, themes.codebook)
    return chapter_data.ThemeData(corpus, themes.codebook, coded, themes.root)


def project(root: Path, dest: Path, n: int) -> Path:
    """A copy of the project's tracked files in `dest` with synthetic interviews added up to `n` interviews.

    Each is added as `python -m interviews add` adds one (raw copy, checksum, metadata
    record, chapter from the template, table of contents), then the tables are
    regenerated once. Returns `dest`, a project that `make book` builds.
    """
    from ..corpus import intake, transcripts
    from ..paths import write_atomic
    from .bench import copy_tracked

    copy_tracked(root, dest)
    parsed = transcripts.load_corpus(dest)[1]
    with tempfile.TemporaryDirectory() as scratch:
        for made in scaled_corpus(list(parsed.values()), n):
            raw = Path(scratch) / made.interview.raw_file
            raw.write_text(made.text, encoding="utf-8")
            i = made.interview
            plan = intake.plan_add(dest, raw, i.slug, i.interviewee.name, interviewer=i.interviewer.name,
                                   title=i.title, date=i.date or None, outlet=i.original_outlet,
                                   role=i.interviewee.role or None, affiliation=i.interviewee.affiliation or None,
                                   translator=i.translator)
            for path, content in plan.changes.items():
                write_atomic(path, content)
    from ..report import tables

    for name, text in tables.generated_tables(dest).items():
        write_atomic(dest / "data" / "processed" / name, text)
    return dest
