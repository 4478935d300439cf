"""Helpers shared by the tests: a crafted interview record, a snapshot of a folder, the command line."""

from __future__ import annotations

import io
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


def _extents(fig: Figure) -> list[tuple[Text, object]]:
    """Each drawn text with its box in display pixels (`get_window_extent` with the figure's renderer)."""
    texts = drawn_texts(fig)
    renderer = fig.canvas.get_renderer()
    return [(t, t.get_window_extent(renderer)) for t in texts]


def overlapping(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap (boxes sorted by their left edge, so that only
    neighbours along x are compared)."""
    boxes = sorted(_extents(fig), key=lambda tb: tb[1].x0)
    pairs = []
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            if box_b.x0 >= box_a.x1:
                break
            if box_a.overlaps(box_b):
                pairs.append((a.get_text(), b.get_text()))
    return pairs


def outside(fig: Figure) -> list[str]:
    """Drawn texts that extend beyond the figure."""
    frame = fig.bbox
    return [t.get_text() for t, box in _extents(fig)
            if not (frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1
                    and frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1)]


def chapter_source(code: str) -> str:
    """A minimal MyST notebook chapter with one code cell holding `code`."""
    return ("---\njupytext:\n  text_representation: {extension: .md, format_name: myst}\n"
            "kernelspec: {display_name: Python 3, language: python, name: python3}\n---\n\n"
            f"# A chapter\n\n```{{code-cell}} ipython3\n{code}\n```\n")
