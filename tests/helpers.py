"""Helpers shared by the tests: a crafted interview record, a snapshot of a folder, the command line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

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
