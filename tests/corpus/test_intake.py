"""Adding and removing an interview (`interviews.corpus.intake`): bad input writes nothing, a failed write is undone."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from interviews import paths
from interviews.corpus import intake
from interviews.corpus.intake import default_title
from interviews.errors import InputError
from tests.helpers import call_cli as run
from tests.helpers import snapshot

JANE = Path(__file__).parents[1] / "data" / "jane-doe-2024.md"


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [], "binary data"),
        (b"Q: Hello?\n\nMARY ROE: Hi.\n", [], "unknown speaker label 'MARY ROE'"),
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
    if message != "is not a slug" and "--date" not in extra:
        assert str(raw) in result.stderr, "the error names the transcript"
    assert snapshot(project) == before


def test_existing_slug_is_refused_without_force(project):
    result = run(project, "add", str(JANE), "--slug", "wang-zhongping-2022", "--interviewee", "Jane Doe")
    assert result.returncode == 2 and "exists already; use --force" in result.stderr


def test_remove_unknown_slug(project):
    result = run(project, "remove", "nobody-1999")
    assert result.returncode == 2 and "no interview with slug 'nobody-1999'" in result.stderr


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
    assert default_title(text, "Jane Doe") == title


def test_default_title_from_a_website_page():
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
    copy = tmp_path / f"copy-{raw}"
    copy.write_bytes((project / "data" / "raw" / raw).read_bytes())
    assert run(project, "add", str(copy), "--slug", "copy-2020", *names).returncode == 0
    configured = run(project, "parse", f"data/raw/{raw}")
    added = run(project, "parse", f"data/raw/{copy.name}")
    columns = ["role", "section", "turn", "exchange", "words", "text"]
    a = pd.read_csv(io.StringIO(configured.stdout), keep_default_na=False)[columns]
    b = pd.read_csv(io.StringIO(added.stdout), keep_default_na=False)[columns]
    pd.testing.assert_frame_equal(a, b)


def test_bom_and_crlf_transcript_is_copied_unchanged(project, tmp_path):
    raw = tmp_path / "bom.txt"
    raw.write_bytes("\ufeffQ: Hello?\r\n\r\nA: Hi – “quoted”.\r\n".encode())
    result = run(project, "add", str(raw), "--slug", "bom-2024", "--interviewee", "Jane Doe")
    assert result.returncode == 0, result.stderr
    assert (project / "data" / "raw" / "bom.txt").read_bytes() == raw.read_bytes()


def test_plan_add_writes_nothing_and_lists_every_change(project):
    before = snapshot(project)
    plan = intake.plan_add(project, JANE, "jane-doe-2024", "Jane Doe", date="2024-05-01")
    assert snapshot(project) == before
    changed = {p.relative_to(project).as_posix() for p in plan.changes}
    assert changed == {"data/interviews.yml", "data/raw.sha256", "data/raw/jane-doe-2024.md",
                       "book/interviews/jane-doe-2024.md", "_toc.yml"}
    assert plan.changes[project / "_toc.yml"].decode().count("book/interviews/jane-doe-2024") == 1
    assert "- slug: jane-doe-2024" in plan.changes[project / "data" / "interviews.yml"].decode()


@pytest.mark.parametrize("failing", range(8))
def test_a_failed_write_restores_every_file(project, monkeypatch, failing):
    """Whichever write fails (the plan's files, then the regenerated tables), the tree is as before."""
    before = snapshot(project)
    plan = intake.plan_add(project, JANE, "jane-doe-2024", "Jane Doe")
    real_write = paths.write_atomic
    calls = []

    def write(path, content):
        calls.append(path)
        if len(calls) == failing + 1:
            raise OSError(f"disk full at write {failing + 1}")
        real_write(path, content)

    monkeypatch.setattr(paths, "write_atomic", write)
    with pytest.raises(OSError, match="disk full"):
        intake.apply(project, plan)
    monkeypatch.setattr(paths, "write_atomic", real_write)
    assert snapshot(project) == before


def test_remove_undoes_add_byte_for_byte(project):
    before = snapshot(project)
    intake.apply(project, intake.plan_add(project, JANE, "jane-doe-2024", "Jane Doe"))
    assert snapshot(project) != before
    plan = intake.plan_remove(project, "jane-doe-2024")
    intake.apply(project, plan)
    assert snapshot(project) == before
    assert any("removed 'jane-doe-2024'" in m for m in plan.messages)


def test_make_record_refuses_a_bad_date_and_keeps_aliases_apart():
    with pytest.raises(InputError, match="not a calendar date"):
        intake.make_record("x-2024", "x.txt", "Q: a?\n\nA: b.\n", "Jane Doe", None, None, "2024-02-30", None)
    record = intake.make_record("x-2024", "x.txt", "Q: a?\n\nA: b.\n", "Jane Doe", "John Doe", None, None, None)
    interviewer = record["speakers"][1]["aliases"]
    assert "Doe" in record["speakers"][0]["aliases"] and "Doe" not in interviewer
    assert record["date_certainty"] == "unknown" and "date" not in record
