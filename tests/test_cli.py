"""The command line (`python -m interviews`): output, and one clear line with exit 2 for bad input."""

import io
import os
import subprocess
import sys

import pandas as pd
import pytest

from interviews import cli, paths
from interviews.corpus.metadata import load_interviews
from interviews.report import tables
from tests.helpers import call_cli, chapter_source, run_cli, snapshot


def run(*args, cwd):
    return call_cli(cwd, *args)


def test_python_m_interviews_runs_the_command_line_and_exits_with_its_status(root):
    ok = run_cli(root, "check")
    assert ok.returncode == 0 and ok.stdout.endswith("ok\n")
    bad = run_cli(root, "parse", "README.md")
    assert bad.returncode == 2 and bad.stderr.startswith("error: README.md:") and bad.stdout == ""


def test_parse_prints_paragraph_csv(root):
    result = run("parse", "data/raw/004_3c21b3ff8cb724c3.txt", cwd=root)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert list(frame.columns) == tables.PARAGRAPH_COLUMNS
    assert len(frame) == 15 and set(frame.interview) == {"wang-zhongping-2022"}


def test_a_file_that_is_no_transcript_exits_2_with_one_line(root):
    result = run("parse", "README.md", cwd=root)
    assert result.returncode == 2
    assert result.stderr.startswith("error: README.md:3: no speaker labels found")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


ARTICLE = """---
title: "Jane Doe: volunteers need platforms"
date: 2023-09-14
author: John Smith
---

By John Smith

**1. How did volunteers respond?**

Quickly. We mobilized 3,000 volunteers.

**2. What problems remain?**

Capacity.

---

*Subscribe to our newsletter.*
"""


def test_parse_reads_any_file_without_adding_it(project, tmp_path):
    raw = tmp_path / "Jane Doe 2023.md"
    raw.write_text(ARTICLE, encoding="utf-8")
    before = snapshot(project)
    result = run("parse", str(raw), "--interviewee", "Jane Doe", cwd=project)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert list(frame.role) == ["interviewer", "interviewee", "interviewer", "interviewee"]
    assert set(frame.interview) == {"jane-doe-2023"} and frame.speaker.iloc[0] == "John Smith"
    assert snapshot(project) == before


def test_parse_explain_shows_every_line_and_why_it_was_left_out(project, tmp_path):
    raw = tmp_path / "article.md"
    raw.write_text(ARTICLE, encoding="utf-8")
    result = run("parse", str(raw), "--explain", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "== article.md (article)"
    assert lines[1].startswith("lines 1-5") and "front matter" in lines[1]
    assert lines[2].startswith("line 7") and "left out: a byline: By John Smith" in lines[2]
    assert "line 9         p01  interviewer (John Smith): How did volunteers respond?" in lines
    assert any(line.startswith("line 17") and "thematic break" in line for line in lines)
    assert any(line.startswith("line 19") and "notice" in line for line in lines)


def test_code_reads_any_file(project, tmp_path):
    raw = tmp_path / "article.md"
    raw.write_text(ARTICLE, encoding="utf-8")
    result = run("code", str(raw), "--interviewee", "Jane Doe", cwd=project)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert len(frame) == 4 and "volunteering" in frame.themes.iloc[1]


def test_add_takes_role_affiliation_translator_and_alias(project, tmp_path):
    raw = tmp_path / "jd.txt"
    raw.write_text("Q: Why?\n\nJD: Because.\n", encoding="utf-8")
    result = run("add", str(raw), "--slug", "jane-doe-2024", "--interviewee", "Jane Doe", "--alias", "JD",
                 "--role", "Director", "--affiliation", "Example Foundation", "--translator", "T. R.", cwd=project)
    assert result.returncode == 0, result.stderr
    (jane,) = [i for i in load_interviews(paths.metadata_file(project)) if i.slug == "jane-doe-2024"]
    assert (jane.interviewee.role, jane.interviewee.affiliation, jane.translator) == (
        "Director", "Example Foundation", "T. R.")
    assert jane.speakers[0].aliases == ("Jane Doe", "JD", "Doe")


def test_check_reports_every_interview(root):
    result = run("check", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "liu-youping-2020: 61 paragraphs, 13 questions, 13 answers" in result.stdout
    assert "wang-zhongping-2022: 15 paragraphs, 4 questions, 4 answers" in result.stdout
    assert "hand coding: 76 paragraphs, second coding: 76, splits checked" in result.stdout


def test_check_stops_on_a_bad_hand_coding_with_its_file_and_line(project):
    path = project / "data" / "gold" / "second_coding.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",weakness"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "second_coding.csv" in result.stderr and ":4" in result.stderr and "parent theme" in result.stderr


def test_check_reads_the_training_examples_and_stops_on_a_bad_one(root, project):
    assert "; training examples: " in run("check", cwd=root).stdout
    path = project / "data" / "training" / "examples.yml"
    text = path.read_text(encoding="utf-8")
    line = text[:text.index("- id: a-002")].count("\n") + 1
    path.write_text(text.replace("- id: a-002", "- id: a-001", 1), encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "examples.yml" in result.stderr and "'a-001' is given twice" in result.stderr
    assert f":{line}:" in result.stderr


def test_tables_writes_to_out_dir(root, tmp_path):
    result = run("tables", "--out", str(tmp_path), cwd=root)
    assert result.returncode == 0, result.stderr
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.csv"))
    expected = {"paragraphs.csv", "coded_paragraphs.csv", "interviews_overview.csv", "figures/fig-log-odds.csv"}
    assert expected <= set(names)
    again = run("tables", "--out", str(tmp_path), cwd=root)
    assert again.returncode == 0 and "wrote" not in again.stdout, "unchanged tables are not written again"
    assert again.stdout.count("unchanged") == len(names)
    (tmp_path / "figures" / "fig-gone.csv").write_text("a\n1\n", encoding="utf-8")
    tidied = run("tables", "--out", str(tmp_path), cwd=root)
    assert tidied.returncode == 0 and "removed" in tidied.stdout and "fig-gone.csv" in tidied.stdout
    assert not (tmp_path / "figures" / "fig-gone.csv").exists(), "a table no figure draws is removed"
    assert (tmp_path / "figures" / "fig-log-odds.csv").exists()


def test_tables_are_computed_again_only_when_what_they_read_changed(project):
    first = call_cli(project, "tables")
    assert first.returncode == 0 and "data/processed/coded_paragraphs.csv" in first.stdout
    again = call_cli(project, "tables")
    assert again.returncode == 0 and again.stdout.startswith("data/processed: current"), again.stdout
    notes = paths.annotations_file(project, "liu-youping-2020")
    notes.write_text(notes.read_text(encoding="utf-8") + "# reading notes the tables do not read\n", encoding="utf-8")
    assert call_cli(project, "tables").stdout.startswith("data/processed: current")
    codebook = paths.codebook_file(project)
    codebook.write_text(codebook.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    recomputed = call_cli(project, "tables")
    assert "unchanged" in recomputed.stdout and "current" not in recomputed.stdout, "a read input changed"
    (project / "data" / "processed" / "paragraphs.csv").write_text("edited by hand\n", encoding="utf-8")
    repaired = call_cli(project, "tables")
    assert "wrote" in repaired.stdout and "paragraphs.csv" in repaired.stdout, "an edited output is written again"


def test_check_checks_the_hand_codings_again_only_when_a_file_they_are_read_from_changed(project, monkeypatch):
    first = call_cli(project, "check")
    assert first.returncode == 0, first.stderr
    line = next(x for x in first.stdout.splitlines() if x.startswith("hand coding:"))
    monkeypatch.setattr(cli, "hand_codings", lambda *a: pytest.fail("unchanged: not checked again"))
    notes = paths.annotations_file(project, "liu-youping-2020")
    notes.write_text(notes.read_text(encoding="utf-8") + "# notes are checked every time\n", encoding="utf-8")
    again = call_cli(project, "check")
    assert again.returncode == 0 and line in again.stdout.splitlines()
    monkeypatch.undo()
    calls, real = [], cli.hand_codings
    monkeypatch.setattr(cli, "hand_codings", lambda *a: calls.append(1) or real(*a))
    examples = project / "data" / "training" / "examples.yml"
    examples.write_text(examples.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    changed = call_cli(project, "check")
    assert changed.returncode == 0 and calls == [1], "a changed file of the hand codings is checked again"
    assert line in changed.stdout.splitlines()


def test_code_prints_themes_csv_for_both_interviews(root):
    result = run("code", "data/raw/000_cc888188d56cd67b.txt", "data/raw/004_3c21b3ff8cb724c3.txt", cwd=root)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert list(frame.columns) == ["interview", "paragraph", "speaker", "role", "themes", "text"]
    assert len(frame) == 76
    for themes in frame.themes:
        assert themes.split(";") == sorted(themes.split(";"))
    wang = frame.set_index("paragraph").loc["wang-zhongping-2022:p11"]
    assert "weakness.capacity" in wang.themes and wang.text.startswith("Realizing the")


def test_code_rejects_a_file_that_is_no_transcript_and_no_file(root):
    bad = run("code", "README.md", cwd=root)
    assert bad.returncode == 2 and "README.md:3: no speaker labels found" in bad.stderr and bad.stdout == ""
    none = run("code", cwd=root)
    assert none.returncode == 2 and "name at least one raw transcript file" in none.stderr


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BREAKAGES = {
    "metadata-missing-field": ("data/interviews.yml", "    original_outlet: China Philanthropy Times\n", "",
                               "interviews.yml:", "missing required field(s): original_outlet"),
    "metadata-bad-date": ("data/interviews.yml", 'date: "2020-04-15"', 'date: "2020-04-31"',
                          "interviews.yml:", "not a calendar date"),
    "metadata-duplicate-slug": ("data/interviews.yml", "slug: wang-zhongping-2022", "slug: liu-youping-2020",
                                "interviews.yml:", "duplicate slug 'liu-youping-2020'"),
    "metadata-yaml-syntax": ("data/interviews.yml", "    title: \"Liu Youping:", "    title: [\"Liu Youping:",
                             "interviews.yml:", "YAML syntax error"),
    "codebook-duplicate-id": ("data/codebook.yml", "  - id: volunteering\n", "  - id: response\n",
                              "codebook.yml:", "duplicate id 'response'"),
    "codebook-unknown-parent": ("data/codebook.yml", "    parent: weakness\n", "    parent: weaknesses\n",
                                "codebook.yml:", "unknown parent 'weaknesses'"),
    "codebook-invalid-regex": ("data/codebook.yml", "      - fragment*\n", "      - '/fragment(/'\n",
                               "codebook.yml:", "invalid pattern"),
    "notes-misspelled-key": ("data/annotations/wang-zhongping-2022.yml", "    quote: \"I think that",
                             "    quotes: \"I think that", "wang-zhongping-2022.yml:8:",
                             "unknown key 'quotes' in key_quotes[0]; did you mean 'quote'?"),
    "notes-unknown-theme": ("data/annotations/liu-youping-2020.yml", "theme: weakness.capacity",
                            "theme: weakness.capacty", "liu-youping-2020.yml:", "unknown theme 'weakness.capacty'"),
    "notes-straight-apostrophe": ("data/annotations/liu-youping-2020.yml", "we received the leaders’ approval",
                                  "we received the leaders' approval", "liu-youping-2020.yml:203:",
                                  "the quote has straight apostrophe ' (U+0027) where"),
    "documents-misquote": ("data/annotations/documents.yml", "the government’s ability", "the government ability",
                           "documents.yml:57:", "quote not found verbatim in liu-youping-2020:p"),
    "raw-file-changed": ("data/raw/004_3c21b3ff8cb724c3.txt", "Hozon", "H0zon",
                         "004_3c21b3ff8cb724c3.txt", "raw file changed"),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_broken_project_file(project, case):
    name, old, new, where, message = BREAKAGES[case]
    replace(project / name, old, new)
    before = snapshot(project)
    command = ["code", "data/raw/000_cc888188d56cd67b.txt"] if name == "data/codebook.yml" else ["check"]
    result = run(*command, cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert where in lines[0] and message in lines[0]
    if name != "data/raw/004_3c21b3ff8cb724c3.txt":
        assert any(f":{n}:" in lines[0] for n in range(1, 500)), "the line number is named"
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert snapshot(project) == before


def test_debug_shows_the_traceback(project):
    replace(project / "data" / "interviews.yml", 'date: "2020-04-15"', 'date: "someday"')
    result = run("--debug", "check", cwd=project)
    assert result.returncode == 2
    assert "Traceback" in result.stderr and result.stderr.strip().splitlines()[-1].startswith("error: ")


def test_freshen_executes_what_is_stale_and_names_a_failing_chapter(tmp_path):
    book = tmp_path / "book"
    (book / "data").mkdir(parents=True)
    (book / "data" / "interviews.yml").write_text("interviews: []\n")
    (book / "_config.yml").write_text("title: T\nexecute:\n  execute_notebooks: cache\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: a\n")
    header = ("---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  name: python3\n"
              "---\n\n# A\n\n")
    (book / "a.md").write_text(header + "```{code-cell} ipython3\n1 + 1\n```\n")
    first = run("freshen", "--build-dir", "_build", "--jobs", "1", cwd=book)
    assert first.returncode == 0 and "chapters: 1 executed, 0 cached" in first.stdout, first.stderr
    assert "chapters: 0 executed, 1 cached" in run("freshen", "--build-dir", "_build", cwd=book).stdout
    (book / "a.md").write_text(header + "```{code-cell} ipython3\n1 / 0\n```\n")
    failed = run("freshen", "--build-dir", "_build", cwd=book)
    assert failed.returncode == 1 and "error: a.md: a cell failed" in failed.stderr
    assert "ZeroDivisionError" in failed.stderr


def test_freshen_check_stops_on_bad_notes_before_any_table_or_chapter(project):
    notes = project / "data" / "annotations" / "liu-youping-2020.yml"
    notes.write_text(notes.read_text(encoding="utf-8") + "quotes: []\n", encoding="utf-8")  # a misspelled key
    result = run("freshen", "--build-dir", "_build", "--check", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line] == [result.stderr.strip()]
    assert "liu-youping-2020.yml" in result.stderr and "quotes" in result.stderr
    assert "data/processed" not in result.stdout and "executed" not in result.stdout
    assert not (project / "_build" / ".jupyter_cache").exists()


def test_figures_exports_every_figure_as_svg_and_png(root, tmp_path):
    result = run("figures", "--out", str(tmp_path), cwd=root)
    assert result.returncode == 0, result.stderr
    svgs, pngs = sorted(tmp_path.glob("*.svg")), sorted(tmp_path.glob("*.png"))
    assert len(svgs) == len(pngs) > 5 and [p.stem for p in svgs] == [p.stem for p in pngs]
    assert f"wrote {2 * len(svgs)} files ({len(svgs)} figures" in result.stdout


TINY_CHAPTER = chapter_source("print(6 * 7)")


def test_notebook_runs_a_chapter_and_reports_a_failing_cell(tmp_path):
    chapter = tmp_path / "tiny.md"
    chapter.write_text(TINY_CHAPTER, encoding="utf-8")
    out = tmp_path / "tiny.ipynb"
    result = run("notebook", str(chapter), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"42\\n"' in out.read_text(encoding="utf-8")
    chapter.write_text(TINY_CHAPTER.replace("print(6 * 7)", "1 / 0"), encoding="utf-8")
    failed = run("notebook", str(chapter), "--out", str(out), cwd=tmp_path)
    assert failed.returncode == 1 and "ZeroDivisionError" in failed.stderr


def test_notebook_refuses_what_is_not_a_chapter(root):
    result = run("notebook", "README.txt", cwd=root)
    assert result.returncode == 2 and "expected a chapter file" in result.stderr


def test_every_rerun_line_names_a_command_that_runs_from_the_project_folder(root):
    """Chapters tell readers how to re-run them: the venv's Python, a real chapter, a command the CLI accepts."""
    lines = []
    for chapter in paths.toc_chapters(root):
        text = (root / f"{chapter}.md").read_text(encoding="utf-8")
        lines += [(chapter, line) for line in text.splitlines() if line.startswith("*To re-run this chapter")]
    assert len(lines) >= 6
    for chapter, line in lines:
        command = line.split("`")[-2].split()
        assert command[:3] == [".venv/bin/python", "-m", "interviews"], line
        assert command[4] == f"{chapter}.md" and (root / command[4]).is_file()
        assert cli.build_parser().parse_args(command[3:]).func is cli.cmd_notebook


def test_review_writes_proposals_keeps_decisions_and_check_validates_them(project):
    path = paths.review_file(project, "wang-zhongping-2022")
    first = run("review", "wang-zhongping-2022", cwd=project)
    assert first.returncode == 0, first.stderr
    assert f"wrote {path}: 15 paragraphs, 0 reviewed" in first.stdout
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[10, ["reviewed", "themes", "note"]] = ["yes", "weakness.capacity", "checked"]
    table.to_csv(path, index=False)
    again = run("review", "wang-zhongping-2022", cwd=project)
    assert "15 paragraphs, 1 reviewed" in again.stdout
    kept = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(kept.loc[10, ["reviewed", "themes", "note"]]) == ["yes", "weakness.capacity", "checked"]
    assert "1 of 15 paragraphs' coding reviewed" in run("check", cwd=project).stdout
    kept.loc[11, "themes"] = "no.such.theme"
    kept.to_csv(path, index=False)
    bad = run("check", cwd=project)
    assert bad.returncode == 2 and f"{path}:13:" in bad.stderr and "no.such.theme" in bad.stderr


def test_review_of_an_unknown_interview_exits_2(root):
    result = run("review", "nobody-2030", cwd=root)
    assert result.returncode == 2 and "no interview 'nobody-2030'" in result.stderr


def test_add_a_panel_with_one_moderator(project, tmp_path):
    raw = tmp_path / "panel.txt"
    raw.write_text("Lee: Why?\n\nDoe: For my town.\n\nWang: For the young.\n\nLee: And?\n\nJane Doe: Done.\n",
                   encoding="utf-8")
    result = run("add", str(raw), "--slug", "panel-2024", "--interviewee", "Jane Doe", "--interviewee", "Wang Li",
                 "--interviewer", "Ann Lee", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "parsed" in result.stdout and "2 questions, 3 answers" in result.stdout
    parsed = run("parse", "data/raw/panel.txt", cwd=project)
    frame = pd.read_csv(io.StringIO(parsed.stdout), keep_default_na=False)
    assert list(frame.speaker) == ["Ann Lee", "Jane Doe", "Wang Li", "Ann Lee", "Jane Doe"]


def test_site_puts_the_pdf_into_the_site_and_notes_a_missing_base_url(tmp_path):
    missing = run("site", "--build-dir", str(tmp_path), cwd=tmp_path)
    assert missing.returncode == 2 and "index.html" in missing.stderr and "make html" in missing.stderr
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "index.html").write_text("<p>book</p>", encoding="utf-8")
    (tmp_path / "latex").mkdir()
    (tmp_path / "latex" / "book.pdf").write_bytes(b"%PDF-1.5")
    result = run("site", "--build-dir", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "html" / "book.pdf").read_bytes() == b"%PDF-1.5"
    assert "html.baseurl is not set" in result.stdout
    (tmp_path / "html" / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    assert "html.baseurl" not in run("site", "--build-dir", str(tmp_path), cwd=tmp_path).stdout


@pytest.mark.parametrize("page, status", [("# A page\n\nSome text.\n", 0),
                                          ("# A page\n\nA reference to {ref}`nowhere`.\n", 1)])
def test_build_builds_strictly_and_exits_with_jupyter_books_status_with_all_output_written(tmp_path, page, status):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "interviews.yml").write_text("interviews: []\n", encoding="utf-8")
    (tmp_path / "_config.yml").write_text(  # sphinx-sitemap starts a child process, which must not outlive the build
        "title: A book\nexecute:\n  execute_notebooks: 'off'\nhtml:\n  baseurl: https://example.org/\n"
        "sphinx:\n  extra_extensions: [sphinx_sitemap]\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    (tmp_path / "index.md").write_text(page, encoding="utf-8")
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # output must be flushed at exit
    result = subprocess.run([sys.executable, "-m", "interviews", "build", "--builder", "html"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120, env=buffered)
    assert result.returncode == status, result.stdout[-2000:] + result.stderr[-2000:]
    if status:  # the warning that failed the strict build is shown, and the last words of Jupyter Book's report
        assert "undefined label" in result.stderr and "non-zero exit code" in result.stdout
    else:
        assert (tmp_path / "_build" / "html" / "index.html").is_file()
        assert "Your book's HTML pages are here" in result.stdout
