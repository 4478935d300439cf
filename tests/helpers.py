"""Helpers shared by the tests: a crafted interview record, a snapshot of a folder, the command line."""

from __future__ import annotations

import io
import itertools
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from interviews.corpus.metadata import Interview, Person, Speaker

ROOT = Path(__file__).resolve().parents[1]


def make_interview(**overrides) -> Interview:
    """An interview between 'Jane Doe' (interviewee, alias 'Doe') and an 'Interviewer'."""
    values = dict(
        slug="jane-doe-2024",
        title="Jane Doe: a crafted interview",
        raw_file="jane.txt",
        interviewee=Person("Jane Doe", "Director", "Example Foundation"),
        interviewer=Person("Reporter"),
        original_outlet="Example Weekly",
        date="2024-05-01",
        date_certainty="stated",
        translator="Nobody",
        publisher="Example Weekly",
        speakers=(
            Speaker("Jane Doe", "interviewee", ("Jane Doe", "Doe")),
            Speaker("Reporter", "interviewer", ("Interviewer", "Q")),
        ),
        narrator="Reporter",
        editor="Example Editor",
    )
    values.update(overrides)
    return Interview(**values)


def snapshot(folder: Path) -> dict[str, bytes]:
    skip = {"_build", "__pycache__", ".pytest_cache", ".ruff_cache"}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*") if p.is_file() and not skip & set(p.relative_to(folder).parts)
    }


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m interviews ARGS` in `cwd`, with its output captured as text."""
    return subprocess.run([sys.executable, "-m", "interviews", *args], cwd=cwd, capture_output=True, text=True)


def call_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """`interviews.cli.main(ARGS)` in this process, in `cwd`, output captured: like :func:`run_cli`, faster."""
    from interviews import cli

    out, err, here = io.StringIO(), io.StringIO(), os.getcwd()
    try:
        os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            code = cli.main(list(args))
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(["interviews", *args], code, out.getvalue(), err.getvalue())


def drawn_texts(fig: Figure) -> list[Text]:
    """The texts the drawn figure shows: non-empty, visible, tick labels only where the tick is in view."""
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            hidden |= {id(t.label1) for t in axis.get_major_ticks()
                       if not ax.axison or not lo - 1e-9 <= t.get_loc() <= hi + 1e-9}
    texts = {id(t): t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()}
    return [t for key, t in texts.items() if key not in hidden]


def overlapping(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap."""
    texts = drawn_texts(fig)
    return [(a.get_text(), b.get_text()) for a, b in itertools.combinations(texts, 2)
            if a.get_window_extent().overlaps(b.get_window_extent())]


def outside(fig: Figure) -> list[str]:
    """Drawn texts that extend beyond the figure."""
    frame = fig.bbox
    return [t.get_text() for t in drawn_texts(fig)
            if not (frame.x0 - 1 <= t.get_window_extent().x0 and t.get_window_extent().x1 <= frame.x1 + 1
                    and frame.y0 - 1 <= t.get_window_extent().y0 and t.get_window_extent().y1 <= frame.y1 + 1)]


def chapter_source(code: str) -> str:
    """A minimal MyST notebook chapter with one code cell holding `code`."""
    return ("---\njupytext:\n  text_representation: {extension: .md, format_name: myst}\n"
            "kernelspec: {display_name: Python 3, language: python, name: python3}\n---\n\n"
            f"# A chapter\n\n```{{code-cell}} ipython3\n{code}\n```\n")
