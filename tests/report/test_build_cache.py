"""Which chapters' cached outputs are stale (`interviews.report.build_cache`)."""

import json
import shutil
from types import SimpleNamespace

from interviews.report import build_cache
from interviews.report.build_cache import METADATA, Reads

LIU, WANG = "liu-youping-2020", "wang-zhongping-2022"


def _project(root, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(root / "data", copy / "data", ignore=shutil.ignore_patterns("processed"))
    (copy / "src" / "interviews").mkdir(parents=True)
    (copy / "src" / "interviews" / "m.py").write_text("x = 1\n")
    (copy / "requirements.txt").write_text("pandas==3\n")
    return copy


def test_code_digest_follows_the_package_not_its_bytecode(root, tmp_path):
    project = _project(root, tmp_path)
    before = build_cache.code_digest(project)
    (project / "src" / "interviews" / "__pycache__").mkdir()
    (project / "src" / "interviews" / "__pycache__" / "m.pyc").write_bytes(b"\0")
    assert build_cache.code_digest(project) == before
    (project / "src" / "interviews" / "m.py").write_text("x = 2\n")
    assert build_cache.code_digest(project) != before


def test_listing_digest_follows_names_under_data_not_content(root, tmp_path):
    project = _project(root, tmp_path)
    before = build_cache.listing_digest(project)
    (project / "data" / "concepts.yml").write_text("changed: true\n")
    assert build_cache.listing_digest(project) == before
    (project / "data" / "reviews").mkdir()
    (project / "data" / "reviews" / f"{LIU}.csv").write_text("paragraph\n")
    assert build_cache.listing_digest(project) != before


def test_a_record_digest_changes_with_that_record_only(root, tmp_path):
    project = _project(root, tmp_path)
    meta = project / METADATA
    liu, wang = (build_cache.input_digest(project, f"{METADATA}#{s}") for s in (LIU, WANG))
    meta.write_text("# a new comment\n" + meta.read_text(encoding="utf-8"), encoding="utf-8")
    assert build_cache.input_digest(project, f"{METADATA}#{LIU}") == liu, "comments are not part of a record"
    meta.write_text(meta.read_text(encoding="utf-8").replace("role: Deputy Secretary-General", "role: Director"),
                    encoding="utf-8")
    assert build_cache.input_digest(project, f"{METADATA}#{LIU}") != liu
    assert build_cache.input_digest(project, f"{METADATA}#{WANG}") == wang
    assert build_cache.input_digest(project, f"{METADATA}#nobody-1999") == build_cache.MISSING
    assert build_cache.input_digest(project, "data/none.yml") == build_cache.MISSING
    folder = build_cache.input_digest(project, "data/annotations/")
    (project / "data" / "annotations" / "new.yml").write_text("{}\n")
    assert build_cache.input_digest(project, "data/annotations/") != folder


def test_the_metadata_file_is_parsed_once_for_all_its_records(root, tmp_path, monkeypatch):
    import yaml

    project, parses, load = _project(root, tmp_path), [], yaml.load
    monkeypatch.setattr(yaml, "load", lambda *a, **k: parses.append(1) or load(*a, **k))
    build_cache._parsed_records.cache_clear()
    digests = [build_cache.input_digest(project, f"{METADATA}#{s}") for s in (LIU, WANG, LIU, "nobody-1999")]
    assert len(parses) == 1 and digests[0] == digests[2] != digests[1]
    meta = project / METADATA
    meta.write_text(meta.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert build_cache.input_digest(project, f"{METADATA}#{LIU}") == digests[0] and len(parses) == 2, \
        "new bytes are parsed again"


def test_parse_trace_keeps_the_project_inputs(tmp_path):
    root = tmp_path / "p"
    for name in ("data/a.yml", "data/interviews.yml", "src/interviews/x.py", "book/b.bib"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n")
    lines = [f"r\t{root}/data/a.yml\t", f"r\t{root}/src/interviews/x.py\t", "r\t/usr/lib/python3/os.py\t",
             f"r\t{root}/data/gone.yml\t", f"d\t{root}/data\t", f"r\t{root}/book/../book/b.bib\t", "junk",
             f"m\t{root}/data/interviews.yml\t{LIU}", f"r\t{root}/data/interviews.yml\t"]
    reads = build_cache.parse_trace(root, lines)
    assert reads.files == {"data/a.yml", "book/b.bib", "data/interviews.yml"}
    assert reads.folders == {"data"} and reads.requests == [LIU] and reads.metadata_opens == 1
    assert reads.inputs() == ["book/b.bib", "data/", "data/a.yml", f"{METADATA}#{LIU}"]


def test_traced_notes_the_reads_inside_the_block_only(tmp_path):
    first, second, out = tmp_path / "first.txt", tmp_path / "second.txt", tmp_path / "out.txt"
    for f in (first, second):
        f.write_text("x")
    (tmp_path / "data").mkdir()
    with build_cache.traced() as lines:
        first.read_text()
        out.write_text("written, not read")
        with build_cache.traced() as inner:
            sorted((tmp_path / "data").iterdir())
    second.read_text()
    reads = build_cache.parse_trace(tmp_path, lines)
    assert reads.files == {"first.txt"} and reads.folders == {"data"}, "reads inside the block; writes are not reads"
    inner_reads = build_cache.parse_trace(tmp_path, inner)
    assert inner_reads.folders == {"data"} and not inner_reads.files


def test_the_tables_are_current_until_an_input_an_output_or_the_package_changes(tmp_path):
    root, build = tmp_path / "p", tmp_path / "p" / "_build"
    for name in ("data/codebook.yml", "data/annotations/liu.yml", "data/processed/t.csv", "src/interviews/x.py",
                 "requirements.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n")
    assert build_cache.step_current(root, build, "tables") is None, "no record yet"
    build_cache.save_step(root, build, "tables", [f"r\t{root}/data/codebook.yml\t"], [root / "data/processed/t.csv"],
                          note="3 tables")
    assert build_cache.step_current(root, build, "tables") == "3 tables"
    assert build_cache.step_current(root, build, "check") is None, "another step, another record"
    (root / "data/annotations/liu.yml").write_text("notes the tables do not read\n")
    assert build_cache.step_current(root, build, "tables")
    for name, change in (("data/codebook.yml", "y\n"), ("data/processed/t.csv", "edited\n"),
                         ("src/interviews/x.py", "y = 1\n")):
        (root / name).write_text(change)
        assert not build_cache.step_current(root, build, "tables"), f"{name} changed"
        (root / name).write_text("x\n")
        assert build_cache.step_current(root, build, "tables"), "the same bytes again"
    (root / "data/new.csv").write_text("a file added under data/")
    assert not build_cache.step_current(root, build, "tables")
    build_cache.step_record(build, "tables").write_text("{not json")
    assert not build_cache.step_current(root, build, "tables")


def test_the_metadata_file_counts_whole_unless_every_opening_asked_for_one_record():
    one = Reads(files={METADATA}, requests=[LIU], metadata_opens=1)
    assert one.inputs() == [f"{METADATA}#{LIU}"]
    assert Reads(files={METADATA}, requests=[LIU], metadata_opens=2).inputs() == [METADATA]
    assert Reads(files={METADATA}, requests=[LIU, None], metadata_opens=2).inputs() == [METADATA]
    assert Reads(files={METADATA}, metadata_opens=1).inputs() == [METADATA]
    assert Reads(files={METADATA}, requests=[LIU, WANG], metadata_opens=2).inputs() == [
        f"{METADATA}#{LIU}", f"{METADATA}#{WANG}"]



def _book(tmp_path, page: str):
    root = tmp_path / "p"
    (root / "book").mkdir(parents=True)
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nparts:\n- chapters:\n  - file: book/a.md\n")
    (root / "book" / "intro.md").write_text("Intro {glue:text}`n-interviews` and {glue}`share:.1f`.\n")
    (root / "book" / "a.md").write_text(page)
    (root / "book" / "unlisted.md").write_text("{glue:text}`not-in-the-book`\n")
    return root


def test_quoted_glue_keys_reads_roles_and_directives_of_the_books_pages(tmp_path):
    root = _book(tmp_path, "See {glue:text}`liu-youping-2020-answers:,` ({glue:any}`other.ipynb::lift-max`).\n"
                           "```{glue:figure} trajectory-chart\n:name: fig\n```\n{glue:md}`x-y`, `{not-glue}`\n")
    assert build_cache.quoted_glue_keys(root) == {"n-interviews", "share", "liu-youping-2020-answers", "lift-max",
                                                   "trajectory-chart", "x-y"}


def test_a_chapter_that_asks_for_the_quoted_keys_depends_on_them_not_on_the_pages(tmp_path):
    root = _book(tmp_path, "Text {glue:text}`k1`.\n")
    with build_cache.traced() as lines:
        assert build_cache.quoted_glue_keys(root) == {"n-interviews", "share", "k1"}
    reads = build_cache.parse_trace(root, lines)
    assert reads.glue_keys and not reads.files, "the pages and the table of contents read are not inputs"
    assert reads.inputs() == [build_cache.GLUE_KEYS]
    before = build_cache.input_digest(root, build_cache.GLUE_KEYS)
    page = root / "book" / "a.md"
    page.write_text("Other prose, same key: {glue:text}`k1:.2f`.\n")
    assert build_cache.input_digest(root, build_cache.GLUE_KEYS) == before
    page.write_text("Text {glue:text}`k1` and {glue:text}`k2`.\n")
    assert build_cache.input_digest(root, build_cache.GLUE_KEYS) != before
    assert build_cache.parse_trace(root, [f"q\t{tmp_path}\t"]).glue_keys is False, "another folder's keys"

CHAPTERS = {
    "book/interviews/liu.md": Reads(files={f"data/annotations/{LIU}.yml", METADATA}, requests=[LIU],
                                    metadata_opens=1),
    "book/interviews/wang.md": Reads(files={f"data/annotations/{WANG}.yml", METADATA}, requests=[WANG],
                                     metadata_opens=1),
    "book/themes/all.md": Reads(files={f"data/annotations/{LIU}.yml", f"data/annotations/{WANG}.yml", METADATA},
                                requests=[None], metadata_opens=1),
    "book/methods.md": Reads(files={"data/codebook.yml"}),
}


def _recorded(project, build):
    snapshot = build_cache.Snapshot(project)
    build_cache.save_record(build, {c: snapshot.entry(r, 1.0) for c, r in CHAPTERS.items()})
    for name in build_cache.CACHES:
        (build / name).mkdir(parents=True, exist_ok=True)


def _freshen(project, build):
    removed = []
    stale = build_cache.freshen(project, build, list(CHAPTERS), uncache=removed.append)
    assert removed == stale
    return stale


def test_freshen_finds_exactly_the_chapters_that_read_a_changed_input(root, tmp_path):
    project, build = _project(root, tmp_path), tmp_path / "_build"
    _recorded(project, build)
    assert _freshen(project, build) == []
    notes = project / "data" / "annotations" / f"{LIU}.yml"
    notes.write_text(notes.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert _freshen(project, build) == ["book/interviews/liu.md", "book/themes/all.md"]
    assert set(build_cache.load_record(build)) == {"book/interviews/wang.md", "book/methods.md"}
    assert (build / ".jupyter_cache").is_dir(), "the other chapters' outputs stay"
    assert _freshen(project, build) == ["book/interviews/liu.md", "book/themes/all.md"], "no record: still stale"

    _recorded(project, build)
    meta = project / METADATA
    meta.write_text(meta.read_text(encoding="utf-8").replace("role: Deputy Secretary-General", "role: Director"),
                    encoding="utf-8")
    assert _freshen(project, build) == ["book/interviews/liu.md", "book/themes/all.md"]


def test_freshen_makes_every_chapter_stale_when_a_data_file_appears_or_the_code_changes(root, tmp_path):
    project, build = _project(root, tmp_path), tmp_path / "_build"
    _recorded(project, build)
    (project / "data" / "reviews").mkdir()
    (project / "data" / "reviews" / f"{WANG}.csv").write_text("paragraph\n")
    assert _freshen(project, build) == list(CHAPTERS)
    assert (build / ".jupyter_cache").is_dir()

    _recorded(project, build)
    (project / "src" / "interviews" / "m.py").write_text("x = 3\n")
    assert _freshen(project, build) == list(CHAPTERS)
    assert not any((build / name).exists() for name in build_cache.CACHES), "a new package: start clean"


def test_freshen_without_a_record_starts_clean(root, tmp_path):
    project, build = _project(root, tmp_path), tmp_path / "_build"
    (build / ".doctrees").mkdir(parents=True)
    assert _freshen(project, build) == list(CHAPTERS)
    assert not (build / ".doctrees").exists()
    assert build_cache.load_record(build) == {}
    (build / build_cache.RECORD).write_text("not json")
    assert build_cache.load_record(build) == {}
    for chapters in ({"a.md": {"code": "c", "listing": "l", "inputs": {}, "unknown": 1}}, {"a.md": ["c"]}):
        (build / build_cache.RECORD).write_text(json.dumps({"version": build_cache.RECORD_VERSION,
                                                             "chapters": chapters}))
        assert build_cache.load_record(build) == {}, "entries of another shape are no record"


def test_sphinx_rereads_the_pages_whose_chapters_ran_again(root, tmp_path):
    project, build = _project(root, tmp_path), tmp_path / "_build"
    _recorded(project, build)
    env = SimpleNamespace(found_docs={"book/interviews/liu", "book/methods", "book/intro"},
                          doc2path=lambda d: project / f"{d}.md")
    app = SimpleNamespace(outdir=str(build / "html"), srcdir=str(project), env=env)
    build_cache._forget_tokens(app, env, [])
    for doc in sorted(env.found_docs):
        build_cache._remember(app, doc, [""])
    assert build_cache._outdated(app, env, set(), set(), set()) == []
    notes = project / "data" / "annotations" / f"{LIU}.yml"
    notes.write_text(notes.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    build_cache.freshen(project, build, list(CHAPTERS), uncache=lambda c: None)
    assert build_cache._outdated(app, env, set(), set(), set()) == ["book/interviews/liu"]
    assert build_cache._outdated(app, env, set(), {"book/interviews/liu"}, set()) == []
    build_cache._purge(app, env, "book/interviews/liu")
    assert "book/interviews/liu" not in env.interviews_inputs
    other = SimpleNamespace(interviews_inputs={"book/intro": "t"})
    build_cache._merge(app, env, ["book/intro"], other)
    assert env.interviews_inputs["book/intro"] == "t"
