"""An interview added with `add` builds into the book, is escaped in the browser, and `remove` undoes it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from interviews.dev import server
from tests.helpers import run_cli as run
from tests.helpers import snapshot
from tests.integration.helpers import open_page

JANE = Path(__file__).parents[1] / "data" / "jane-doe-2024.md"
ADD = ["add", str(JANE), "--slug", "jane-doe-2024", "--interviewee", "Jane Doe", "--date", "2024-05-01",
       "--outlet", "Example Weekly"]


@pytest.mark.build
def test_add_build_remove_round_trip(project, browser):
    before = snapshot(project)
    added = run(project, *ADD)
    assert added.returncode == 0, added.stderr
    assert "next: make book" in added.stdout
    assert (project / "data" / "raw" / "jane-doe-2024.md").read_bytes() == JANE.read_bytes()
    assert "- slug: jane-doe-2024" in (project / "data" / "interviews.yml").read_text(encoding="utf-8")
    assert "# One record per interview" in (project / "data" / "interviews.yml").read_text(encoding="utf-8")

    again = run(project, *ADD)
    assert again.returncode == 2 and "use --force" in again.stderr
    forced = run(project, *ADD, "--force")
    assert forced.returncode == 0, forced.stderr

    build = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "--builder", "html",
         "-n", "-W", "--keep-going"],
        cwd=project, capture_output=True, text=True,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    chapter = (project / "_build" / "html" / "book" / "interviews" / "jane-doe-2024.html").read_text(encoding="utf-8")
    assert "machine-selected" in chapter and "Jane Doe (2024)" in chapter
    # source text is escaped: shown as characters, never as live HTML
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chapter and "<script>alert(1)" not in chapter
    assert "&lt;img src=x onerror=alert(2)&gt;" in chapter and "<img src=x" not in chapter
    heatmap = (project / "data" / "processed" / "figures" / "fig-theme-heatmap.csv").read_text(encoding="utf-8")
    assert "jane-doe-2024" in heatmap
    comparison = (project / "_build" / "html" / "book" / "themes" / "comparison.html").read_text(encoding="utf-8")
    assert "Jane Doe" in comparison

    # and in a real browser nothing from the transcript runs: no alert, the characters are on the page
    with server.serve(project / "_build" / "html") as base:
        page, log = open_page(browser, base + "book/interviews/jane-doe-2024.html", base)
        text = page.inner_text("article")
        injected = page.evaluate("document.querySelectorAll('article img[src=\"x\"], article script').length")
        page.close()
    assert log.dialogs == [] and log.errors == []
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert injected == 0

    removed = run(project, "remove", "jane-doe-2024")
    assert removed.returncode == 0, removed.stderr
    assert snapshot(project) == before


