"""Adding an interview: errors write nothing; add, build, remove leaves the project byte-identical."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import open_page, snapshot
from interviews import site

JANE = Path(__file__).parent / "data" / "jane-doe-2024.md"
ADD = ["add", str(JANE), "--slug", "jane-doe-2024", "--interviewee", "Jane Doe", "--date", "2024-05-01",
       "--outlet", "Example Weekly"]


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "interviews", *args], cwd=project, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (b"", [], "the file is empty"),
        ("Q: caf\xe9?\n\nA: oui\n".encode("latin-1"), [], "not UTF-8"),
        (b"Just an essay.\n\nNo speakers at all.\n", [], "no speaker labels found"),
        (b"JOHN SMITH: Hello?\n\nJANE DOE: Hi.\n", [], "unknown speaker label 'JOHN SMITH'"),
        (b"Q: Hello?\n\nA: Hi.\n", ["--date", "2024-13-01"], "not a calendar date"),
        (b"Q: Hello?\n\nA: Hi.\n", ["--slug", "Bad Slug"], "is not a slug"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(project, tmp_path, content, extra, message):
    raw = tmp_path / "new.txt"
    raw.write_bytes(content)
    before = snapshot(project)
    args = ["add", str(raw), "--slug", "new-2024", "--interviewee", "Jane Doe", *extra]
    result = run(project, *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(project) == before


def test_existing_slug_is_refused_without_force(project):
    result = run(project, "add", str(JANE), "--slug", "wang-zhongping-2022", "--interviewee", "Jane Doe")
    assert result.returncode == 2 and "exists already; use --force" in result.stderr


def test_remove_unknown_slug(project):
    result = run(project, "remove", "nobody-1999")
    assert result.returncode == 2 and "no interview with slug 'nobody-1999'" in result.stderr


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
    with site.serve(project / "_build" / "html") as base:
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


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("---\ntitle: From front matter\n---\n\nQ: a?\n\nA: b.\n", "From front matter"),
        ("# A heading title\n\nQ: a?\n\nA: b.\n", "A heading title"),
        ("Jane Doe on volunteering\n\nQ: a?\n\nA: b.\n", "Jane Doe on volunteering"),
        ("Q: a first question?\n\nA: b.\n", "Interview with Jane Doe"),
    ],
)
def test_default_title_never_eats_a_speaker_line(text, title):
    from interviews.catalog import default_title

    assert default_title(text, "Jane Doe") == title


def test_default_title_from_a_website_page():
    from interviews.catalog import default_title

    page = "Jane Doe: On Volunteers\n\n  • Home\n  • >\n  • Jane Doe: On Volunteers\n\nQ: a?\n\nA: b.\n"
    assert default_title(page, "Jane Doe") == "Jane Doe: On Volunteers"


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("000_cc888188d56cd67b.txt", ["--interviewee", "Liu Youping", "--interviewer", "Ma Guangzhi"]),
        ("004_3c21b3ff8cb724c3.txt", ["--interviewee", "Wang Zhongping"]),
    ],
)
def test_real_transcripts_added_with_names_only_parse_like_the_configured_ones(project, tmp_path, raw, names):
    """The general path (add with just names) must read a CDB page exactly as the hand-made metadata does."""
    import io

    import pandas as pd

    copy = tmp_path / f"copy-{raw}"
    copy.write_bytes((project / "data" / "raw" / raw).read_bytes())
    assert run(project, "add", str(copy), "--slug", "copy-2020", *names).returncode == 0
    configured = run(project, "parse", f"data/raw/{raw}")
    added = run(project, "parse", f"data/raw/{copy.name}")
    columns = ["role", "section", "turn", "exchange", "words", "text"]
    a = pd.read_csv(io.StringIO(configured.stdout), keep_default_na=False)[columns]
    b = pd.read_csv(io.StringIO(added.stdout), keep_default_na=False)[columns]
    pd.testing.assert_frame_equal(a, b)
