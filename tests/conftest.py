"""Shared fixtures: the project root and a small interview record for crafted texts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from interviews.metadata import Interview, Person, Speaker

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


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


@pytest.fixture
def interview() -> Interview:
    return make_interview()


def snapshot(folder: Path) -> dict[str, bytes]:
    skip = {"_build", "__pycache__", ".pytest_cache", ".ruff_cache"}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*") if p.is_file() and not skip & set(p.relative_to(folder).parts)
    }


@pytest.fixture
def project(root, tmp_path) -> Path:
    """A copy of the project's tracked files (what a clean clone has)."""
    files = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout
    copy = tmp_path / "project"
    for name in files.splitlines():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target)
    return copy
