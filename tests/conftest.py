"""Fixtures for every test: the project root, its agreement report, a crafted interview record, a copy of the
project."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviews.corpus.metadata import Interview
from tests.helpers import ROOT, make_interview


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def report(root):
    """The project's agreement report (chapter_data.agreement_report), computed once for the tests that read it."""
    from interviews.report import chapter_data

    return chapter_data.agreement_report(chapter_data.load_themes(root))


@pytest.fixture
def interview() -> Interview:
    return make_interview()


@pytest.fixture
def project(root, tmp_path) -> Path:
    """A copy of the project's tracked files (what a clean clone has)."""
    from interviews.dev.bench import copy_tracked

    return copy_tracked(root, tmp_path / "project")


