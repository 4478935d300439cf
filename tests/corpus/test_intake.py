"""Adding and removing an interview (`interviews.corpus.intake`): bad input writes nothing, a failed write is undone."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from interviews import paths
from interviews.corpus import intake
from interviews.corpus.intake import default_title
from interviews.corpus.metadata import load_interviews
from interviews.errors import InputError
from interviews.report import tables
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


def fail_once_at(monkeypatch, root: Path, target: str) -> None:
    """Make the first write or delete of `target` fail (a path, or 'first table'/'last table' of data/processed)."""
    real_write, real_remove = paths.write_atomic, paths.remove_file
    real_tables = tables.generated_tables
    names: list[str] = []

    def generated(project):
        out = real_tables(project)
        names.extend(out)
        return out

    def hit(path) -> bool:
        if target.endswith(" table") and names:
            name = names[0] if target == "first table" else names[-1]
            wanted = root / "data" / "processed" / name
        else:
            wanted = root / target
        if Path(path) == wanted and not fired:
            fired.append(path)
            return True
        return False

    fired: list = []

    def write(path, content):
        if hit(path):
            raise OSError(f"disk full writing {path}")
        real_write(path, content)

    def remove(path):
        if hit(path):
            raise OSError(f"cannot delete {path}")
        real_remove(path)

    monkeypatch.setattr(paths, "write_atomic", write)
    monkeypatch.setattr(paths, "remove_file", remove)
    monkeypatch.setattr(tables, "generated_tables", generated)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, _build included, except Python's caches."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


ADD_WRITES = ["data/interviews.yml", "data/raw.sha256", "data/raw/jane-doe-2024.md",
              "book/interviews/jane-doe-2024.md", "_toc.yml", "first table", "last table"]


@pytest.mark.parametrize("target", ADD_WRITES)
def test_add_with_a_failed_write_leaves_the_tree_as_it_was(project, monkeypatch, target):
    before = tree(project)
    plan = intake.plan_add(project, JANE, "jane-doe-2024", "Jane Doe")
    assert target.endswith(" table") or project / target in plan.changes
    fail_once_at(monkeypatch, project, target)
    with pytest.raises(OSError, match="disk full"):
        intake.apply(project, plan)
    monkeypatch.undo()
    assert tree(project) == before


@pytest.fixture(scope="module")
def added(root, tmp_path_factory) -> Path:
    """A project with jane-doe-2024 added, a summary written into its chapter, and pages from a build."""
    from interviews.dev.bench import copy_tracked

    project = copy_tracked(root, tmp_path_factory.mktemp("added") / "project")
    intake.apply(project, intake.plan_add(project, JANE, "jane-doe-2024", "Jane Doe"))
    chapter = paths.chapter_file(project, "jane-doe-2024")
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "## Summary\n", "## Summary\n\nMy own summary (p02).\n"), encoding="utf-8")
    for page in BUILT:
        (project / page).parent.mkdir(parents=True, exist_ok=True)
        (project / page).write_text("built", encoding="utf-8")
    return project


BUILT = ["_build/html/book/interviews/jane-doe-2024.html", "_build/html/_sources/book/interviews/jane-doe-2024.md",
         "_build/jupyter_execute/book/interviews/jane-doe-2024.ipynb",
         "_build/html/book/interviews/wang-zhongping-2022.html"]
REMOVE_WRITES = ["backups/jane-doe-2024.md", "data/interviews.yml", "data/raw.sha256", "data/raw/jane-doe-2024.md",
                 "book/interviews/jane-doe-2024.md", "_toc.yml", *BUILT[:3], "first table", "last table"]


@pytest.mark.parametrize("target", REMOVE_WRITES)
def test_remove_with_a_failed_write_leaves_the_tree_as_it_was(added, monkeypatch, target):
    before = tree(added)
    plan = intake.plan_remove(added, "jane-doe-2024", force=True)
    assert target.endswith(" table") or added / target in plan.changes
    fail_once_at(monkeypatch, added, target)
    with pytest.raises(OSError, match="disk full|cannot delete"):
        intake.apply(added, plan)
    monkeypatch.undo()
    assert tree(added) == before


def test_remove_refuses_an_edited_chapter_and_with_force_keeps_a_copy(added, tmp_path):
    project = tmp_path / "copy"
    for name, data in tree(added).items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_bytes(data)
    chapter = paths.chapter_file(project, "jane-doe-2024").read_bytes()
    before = tree(project)
    refused = run(project, "remove", "jane-doe-2024")
    assert refused.returncode == 2 and "edited since it was generated" in refused.stderr
    assert "use --force" in refused.stderr and "backups/jane-doe-2024.md" in refused.stderr
    assert tree(project) == before
    forced = run(project, "remove", "jane-doe-2024", "--force")
    assert forced.returncode == 0, forced.stderr
    assert (project / "backups" / "jane-doe-2024.md").read_bytes() == chapter
    assert "kept a copy of the edited chapter in backups/jane-doe-2024.md" in forced.stdout
    assert not paths.chapter_file(project, "jane-doe-2024").exists()
    # the chapter's built pages are gone, the other chapters' stay
    assert [p for p in BUILT if (project / p).exists()] == ["_build/html/book/interviews/wang-zhongping-2022.html"]
    assert "deleted its 3 built files from _build/" in forced.stdout


def test_the_hand_written_chapters_count_as_edited(root):
    interviews = load_interviews(paths.metadata_file(root))
    assert all(intake.edited(root, i) for i in interviews)


def test_a_second_add_waits_for_the_lock_then_gives_up_clearly(project):
    with intake.locked(project):
        with pytest.raises(InputError, match="another add or remove is running"):
            with intake.locked(project, wait=0.2):
                pass
    with intake.locked(project, wait=0.2):  # released
        pass


def test_two_adds_at_once_both_land_intact(project, tmp_path, monkeypatch):
    """Two adds started together, each slow to parse: the lock makes them take turns, so no record is lost."""
    real_parse = intake.transcripts.parse_text

    def slow_parse(*args, **kwargs):  # both have read the metadata by now; without the lock both would write it
        time.sleep(0.5)
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(intake.transcripts, "parse_text", slow_parse)
    errors = []

    def add(n):
        raw = tmp_path / f"new{n}.txt"
        raw.write_text(f"Q: Question {n}?\n\nA: Answer {n}.\n", encoding="utf-8")
        try:
            intake.add(project, raw, f"new-{n}", "Jane Doe")
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    slugs = [i.slug for i in load_interviews(paths.metadata_file(project))]
    assert sorted(slugs[-2:]) == ["new-1", "new-2"]
    toc = paths.toc_file(project).read_text(encoding="utf-8")
    assert "book/interviews/new-1\n" in toc and "book/interviews/new-2\n" in toc
    monkeypatch.undo()
    check = run(project, "check")
    assert check.returncode == 0, check.stderr


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
    interviewee, interviewer = (s["aliases"] for s in record["speakers"])
    assert "Doe" not in interviewee and "Doe" not in interviewer  # a shared family name labels neither
    assert interviewee == ["Jane Doe"] and interviewer == ["John Doe", "Interviewer"]
    assert record["date_certainty"] == "unknown" and "date" not in record


@pytest.mark.parametrize(
    ("name", "aliases"),
    [
        ("Jane Doe", ["Jane Doe", "Doe"]),
        ("Mary Ann Smith", ["Mary Ann Smith", "Smith"]),
        ("Wang Zhongping", ["Wang Zhongping", "Wang"]),
        ("Ouyang Xiu", ["Ouyang Xiu", "Ouyang"]),
        ("WANG Zhongping", ["WANG Zhongping", "WANG"]),
        ("Madonna", ["Madonna"]),
    ],
)
def test_aliases_are_the_full_and_the_family_name_never_the_given_name_alone(name, aliases):
    assert intake._aliases(name) == aliases


def test_make_record_takes_role_affiliation_translator_and_aliases():
    record = intake.make_record("x-2024", "x.txt", "Q: a?\n\nA: b.\n", "Jane Doe", role="Director",
                                affiliation="Example Foundation", translator="T. Ranslator", aliases=("JD",))
    assert record["interviewee"] == {"name": "Jane Doe", "role": "Director", "affiliation": "Example Foundation"}
    assert record["translator"] == "T. Ranslator"
    assert record["speakers"][0]["aliases"] == ["Jane Doe", "JD", "Doe"]
    assert intake._interview(record, Path("x.yml")).interviewee.affiliation == "Example Foundation"


FRONT = """---
title: "Jane Doe: on volunteers"
date: 2024-05-01
author: [John Smith]
publication: Example Weekly
translator: {name: T. Ranslator}
tags: [a, b]
---

Q: Why?

A: Because.
"""


def test_front_matter_fills_what_the_command_line_leaves_out():
    record = intake.make_record("x-2024", "x.md", FRONT, "Jane Doe")
    assert record["title"] == "Jane Doe: on volunteers"
    assert (record["date"], record["date_certainty"]) == ("2024-05-01", "stated")
    assert record["interviewer"] == {"name": "John Smith"} and "Smith" in record["speakers"][1]["aliases"]
    assert record["original_outlet"] == record["publisher"] == "Example Weekly"
    assert record["translator"] == "T. Ranslator"
    given = intake.make_record("x-2024", "x.md", FRONT, "Jane Doe", "Ann Lee", "Mine", "2023", "Other")
    assert (given["title"], given["date"], given["interviewer"]["name"], given["original_outlet"]) == (
        "Mine", "2023", "Ann Lee", "Other")


@pytest.mark.parametrize(
    ("value", "date"),
    [("2024-05-01T09:30:00Z", "2024-05-01"), ("May 1, 2024", "2024-05-01"), ("1 May 2024", "2024-05-01"),
     ("March 2021", "2021-03"), ("2022", "2022"), ("01/05/2024", None), ("soon", None)],
)
def test_front_matter_dates_are_read_without_guessing(value, date):
    assert intake.front_matter(f"---\ndate: \"{value}\"\n---\n").get("date") == date


def test_broken_front_matter_is_left_alone():
    assert intake.front_matter("---\ntitle: [unclosed\n---\nQ: a?\n") == {}
    assert intake.front_matter("no front matter\n") == {}


def test_add_says_what_came_from_the_front_matter_and_what_was_left_out(project, tmp_path):
    raw = tmp_path / "jane.md"
    raw.write_text(FRONT + "\n---\n\n![Jane](jane.jpg)\n\nSubscribe to our newsletter.\n", encoding="utf-8")
    plan = intake.plan_add(project, raw, "jane-doe-2024", "Jane Doe", date="2024-06-01")
    assert "from the front matter: title, interviewer, outlet, translator" in plan.messages
    assert any(m.startswith("left out 3 lines of page furniture") and "--explain" in m for m in plan.messages)


def test_a_panel_record_has_a_speaker_for_each_panellist_and_no_shared_label():
    record = intake.make_record("panel-2024", "p.txt", "x", ["Jane Doe", "Wang Li", "John Doe"], "Ann Lee")
    assert record["interviewee"] == {"name": "Jane Doe, Wang Li and John Doe"}
    assert [(s["name"], s["role"], s["aliases"]) for s in record["speakers"]] == [
        ("Jane Doe", "interviewee", ["Jane Doe"]),  # "Doe" would name two panellists: it names neither
        ("Wang Li", "interviewee", ["Wang Li", "Wang"]),
        ("John Doe", "interviewee", ["John Doe"]),
        ("Ann Lee", "interviewer", ["Ann Lee", "Interviewer", "Lee"]),
    ]
    with pytest.raises(InputError, match="describe one interviewee"):
        intake.make_record("panel-2024", "p.txt", "x", ["Jane Doe", "Wang Li"], aliases=("JD",))
    with pytest.raises(InputError, match="a name is given twice"):
        intake.make_record("panel-2024", "p.txt", "x", ["Jane Doe", "jane  doe"])
