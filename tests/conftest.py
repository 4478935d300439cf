"""Shared fixtures: the project root and a small interview record for crafted texts."""

from __future__ import annotations

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
