"""An interview added with `add` builds into the book, is escaped in the browser, and `remove` undoes it."""

from __future__ import annotations

import re
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
# A second interview with nothing to show in most sections (no facts, no quotes, one answer of one word)
# and hostile names: they must build strictly and show as text everywhere.
HOSTILE_NAME = "Ann <script>alert(3)</script> <img src=y onerror=alert(4)> *Roe* $x$"
HOSTILE = ["--slug", "ann-roe-2023", "--interviewee", HOSTILE_NAME, "--date", "2023",
           "--title", "<img src=z onerror=alert(5)> {ref}`intro` [link](http://x.org)",
           "--outlet", "\\textbf{Bold} & 100% #1 ~ ^ _"]


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
    tiny = project.parent / "tiny.txt"
    tiny.write_text("Q: Hi?\n\nA: Yes.\n", encoding="utf-8")
    hostile = run(project, "add", str(tiny), *HOSTILE)
    assert hostile.returncode == 0, hostile.stderr

    build = subprocess.run([sys.executable, "-m", "interviews", "build", "--builder", "html"],
                           cwd=project, capture_output=True, text=True)
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
    # hostile names and titles: no live tag in any page (heading, navigation, print header, tables)
    pages = {p.relative_to(project / "_build" / "html").as_posix(): p.read_text(encoding="utf-8")
             for p in (project / "_build" / "html").rglob("*.html")}
    live = re.compile(r"<script>alert|<img[^>]*onerror")
    assert [name for name, page in pages.items() if live.search(page)] == []
    assert sum("Ann &lt;script&gt;alert(3)" in page for page in pages.values()) > 10  # the navigation of each page
    ann = pages["book/interviews/ann-roe-2023.html"]
    assert "Ann &lt;script&gt;alert(3)&lt;/script&gt; &lt;img src=y onerror=alert(4)&gt; *Roe* $x$ (2023)" in ann
    assert "\\textbf{Bold} &amp; 100% #1 ~ ^ _" in ann

    # and in a real browser nothing from the transcript runs: no alert, the characters are on the page
    with server.serve(project / "_build" / "html") as base:
        page, log = open_page(browser, base + "book/interviews/jane-doe-2024.html", base)
        text = page.inner_text("article")
        injected = page.evaluate("document.querySelectorAll('article img[src=\"x\"], article script').length")
        page.close()
        hostile_logs = []
        for url in ("book/interviews/ann-roe-2023.html", "book/intro.html", "search.html?q=Ann"):
            page, hostile_log = open_page(browser, base + url, base)
            if url.startswith("search"):
                page.wait_for_selector("#search-results li", timeout=10_000)
            shown = page.inner_text("body")
            live = page.evaluate("document.querySelectorAll('img[src=\"y\"], img[src=\"z\"]').length")
            page.close()
            hostile_logs.append((url, hostile_log.dialogs, live, HOSTILE_NAME in shown))
    assert log.dialogs == [] and log.errors == []
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert injected == 0
    assert hostile_logs == [(url, [], 0, True) for url, *_ in hostile_logs]

    for slug in ("ann-roe-2023", "jane-doe-2024"):
        removed = run(project, "remove", slug)
        assert removed.returncode == 0, removed.stderr
        assert not (project / "_build" / "html" / "book" / "interviews" / f"{slug}.html").exists()
    assert snapshot(project) == before


