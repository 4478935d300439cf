"""Executing the chapters in parallel into the cache (`interviews.report.preexecute`), on a small book."""

import json
import os
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from jupyter_cache.executors.utils import single_nb_execution

from interviews.report import build_cache, forked_kernels, preexecute

HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# {title}

"""


def cell(code: str) -> str:
    return f"```{{code-cell}} ipython3\n{code}\n```\n\n"


@pytest.fixture
def book(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWS_CACHE", str(tmp_path / "machine"))  # the timings go here, not to ~/.cache
    root = tmp_path / "book"
    (root / "data" / "notes").mkdir(parents=True)
    (root / "data" / "interviews.yml").write_text("interviews: []\n")
    (root / "data" / "a.txt").write_text("alpha\n")
    (root / "data" / "b.txt").write_text("beta\n")
    (root / "_config.yml").write_text("title: T\nexecute:\n  execute_notebooks: cache\n  timeout: 60\n")
    (root / "_toc.yml").write_text("format: jb-book\nroot: intro\nparts:\n"
                                   "  - chapters:\n      - file: a\n      - file: b\n")
    (root / "intro.md").write_text("# Intro\n\nNo code here.\n")
    (root / "a.md").write_text(HEADER.format(title="A") + cell("print(open('data/a.txt').read().strip())")
                               + cell("import os\nsorted(os.listdir('data'))"))
    (root / "b.md").write_text(HEADER.format(title="B") + cell("open('data/b.txt').read().upper()"))
    return root


def test_notebook_chapters_are_the_toc_pages_myst_nb_executes(book, root):
    assert preexecute.notebook_chapters(book) == ["a.md", "b.md"]
    chapters = preexecute.notebook_chapters(root)
    assert chapters[0] == "book/intro.md" and "book/interviews/liu-youping-2020.md" in chapters
    assert "book/references.md" not in chapters, "a page without a kernelspec is not a notebook"


def test_run_executes_what_is_missing_then_only_chapters_whose_inputs_changed(book):
    build, lines = book / "_build", []
    first = preexecute.run(book, build, jobs=2, log=lines.append)
    assert sorted(first.executed) == ["a.md", "b.md"] and first.cached == [] and first.errors == {}
    assert lines[0] == "executing 2 chapter(s) with 2 kernel(s) at a time; 0 cached"
    record = json.loads((build / build_cache.RECORD).read_text())["chapters"]
    assert sorted(record["a.md"]["inputs"]) == ["data/", "data/a.txt"]
    assert sorted(record["b.md"]["inputs"]) == ["data/b.txt"]
    assert sorted(preexecute.machine_timings()) == ["a.md", "b.md"], "the machine keeps how long each took"

    reads = []
    original = preexecute.read_chapter

    def counted(path, config, text=None):
        reads.append(path.name)
        return original(path, config, text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(preexecute, "read_chapter", counted)
        again = preexecute.run(book, build, jobs=2, log=lines.append)
        assert again.executed == [] and again.cached == ["a.md", "b.md"]
        assert reads == ["intro.md"], "a rebuild with nothing changed reads no chapter it executed before"
        reads.clear()
        (book / "a.md").write_text((book / "a.md").read_text() + "More prose, the same code.\n")
        prose = preexecute.run(book, build, jobs=2, log=lines.append)
        assert prose.executed == [] and prose.cached == ["a.md", "b.md"] and sorted(reads) == ["a.md", "intro.md"], \
            "a chapter whose text changed is read, and its outputs found by its code"
        cache = preexecute.cache_path(build)
        (record,) = [r for r in cache.list_cache_records() if r.uri.endswith("a.md")]
        cache.remove_cache(record.pk)
        lost = preexecute.run(book, build, jobs=2, log=lines.append)
        assert lost.executed == ["a.md"] and lost.cached == ["b.md"], "outputs gone from the cache: run again"

    (book / "data" / "b.txt").write_text("gamma\n")
    third = preexecute.run(book, build, jobs=2, log=lines.append)
    assert third.executed == ["b.md"] and third.cached == ["a.md"]
    cache = preexecute.cache_path(build)
    notebook = preexecute.read_chapter(book / "b.md", preexecute._md_config(preexecute.book_config(book)))
    _, merged = cache.merge_match_into_notebook(notebook)
    assert merged.cells[1].outputs[0]["data"]["text/plain"] == "'GAMMA\\n'", "the new input's output is cached"
    assert len(cache.list_cache_records()) == 2, "the stale outputs were removed"


def test_source_digest_follows_the_text_and_the_reading_settings_whatever_their_order():
    settings = preexecute._reading_settings({"myst_enable_extensions": {"colon_fence", "dollarmath", "deflist"},
                                             "nb_execution_mode": "cache", "html_theme": "not a reading setting"})
    assert "html_theme" not in settings and '["colon_fence", "deflist", "dollarmath"]' in settings
    digest = preexecute.source_digest("# A\n", settings)
    assert digest == preexecute.source_digest("# A\n", settings)
    assert digest != preexecute.source_digest("# A \n", settings)
    assert digest != preexecute.source_digest("# A\n", preexecute._reading_settings({"nb_execution_mode": "off"}))


def test_chapters_wait_for_every_output_and_fail_rather_than_lose_one(book, monkeypatch):
    """nbclient drops the outputs that arrive more than 4 s after a cell's reply, with a log line only."""
    import nbclient

    made = []

    class Recorded(nbclient.NotebookClient):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(nbclient, "NotebookClient", Recorded)
    result = preexecute.run(book, book / "_build", jobs=1, log=lambda _: None, fork=False)
    assert sorted(result.executed) == ["a.md", "b.md"] and len(made) == 2
    assert all(c.raise_on_iopub_timeout and c.iopub_timeout >= 60 for c in made)
    assert all(c.shutdown_kernel == "graceful" for c in made), "a kernel started afresh ends in its own time"
    if forked_kernels.available():
        made.clear()
        result = preexecute.run(book, book / "_build2", jobs=1, log=lambda _: None, fork=True)
        assert sorted(result.executed) == ["a.md", "b.md"] and len(made) == 2
        assert all(c.shutdown_kernel == "immediate" for c in made), "a forked kernel is ended when it has run"


@pytest.mark.parametrize("fork", [True, False], ids=["forked kernels", "kernels started afresh"])
def test_outputs_match_plain_execution_and_a_failing_cell_is_reported(book, fork):
    (book / "b.md").write_text(HEADER.format(title="B") + cell("1 + 1") + cell("raise ValueError('bad input')"))
    result = preexecute.run(book, book / "_build", jobs=1, log=lambda _: None, fork=fork)
    assert result.executed == ["a.md"]
    assert list(result.errors) == ["b.md"] and "ValueError" in result.errors["b.md"]
    assert "b.md" not in build_cache.load_record(book / "_build"), "a failed chapter is not recorded"

    config = preexecute.book_config(book)
    plain = preexecute.read_chapter(book / "a.md", preexecute._md_config(config))
    single_nb_execution(plain, cwd=str(book), timeout=60, allow_errors=False)
    _, cached = preexecute.cache_path(book / "_build").merge_match_into_notebook(
        preexecute.read_chapter(book / "a.md", preexecute._md_config(config)))
    def without_ids(notebook):  # each reading gives the cells new random ids
        data = json.loads(nbformat.writes(notebook))
        return {**data, "cells": [{k: v for k, v in c.items() if k != "id"} for c in data["cells"]]}

    assert without_ids(cached) == without_ids(plain), "the tracer leaves no trace in the outputs"
    assert [c.execution_count for c in cached.cells if c.cell_type == "code"] == [1, 2]


def test_schedule_puts_the_longest_first(root):
    def job(chapter, code_cells):
        cells = [SimpleNamespace(cell_type="code")] * code_cells + [SimpleNamespace(cell_type="markdown")] * 3
        return SimpleNamespace(chapter=chapter, notebook=SimpleNamespace(cells=cells))

    jobs = [job("book/interviews/liu-youping-2020.md", 30), job("book/intro.md", 5), job("book/methods.md", 17),
            job("book/glossary.md", 1), job("book/appendix/data.md", 5)]
    order = [j.chapter for j in preexecute.schedule(jobs, {}, root)]
    assert order == ["book/methods.md", "book/intro.md", "book/appendix/data.md", "book/glossary.md",
                     "book/interviews/liu-youping-2020.md"], "unknown times: more code first, one interview's last"
    order = [j.chapter for j in preexecute.schedule(jobs, {"book/glossary.md": 9.0, "book/intro.md": 1.0}, root)]
    assert order[:2] == ["book/glossary.md", "book/intro.md"]


def test_machine_timings_order_a_build_that_has_no_record(book, monkeypatch):
    assert preexecute.machine_timings() == {}
    preexecute.note_timings({"b.md": 5.0, "a.md": 0.5})
    preexecute.note_timings({"a.md": 1.25})
    assert preexecute.machine_timings() == {"a.md": 1.25, "b.md": 5.0}, "the latest time of each chapter"
    orders = []

    async def record_order(jobs, *_):
        orders.append([j.chapter for j in jobs])

    monkeypatch.setattr(preexecute, "_execute_all", record_order)
    preexecute.run(book, book / "_build", jobs=2, log=lambda _: None)
    assert orders == [["b.md", "a.md"]], "a clean build starts with the chapter that took longest last time"
    (Path(os.environ["INTERVIEWS_CACHE"]) / preexecute.TIMINGS).write_text("[not, a mapping]")
    assert preexecute.machine_timings() == {}, "an unreadable file is no timing, not an error"


def test_kernel_chapters_guess_the_notebook_chapters(book, root):
    assert preexecute.kernel_chapters(book) == preexecute.notebook_chapters(book) == ["a.md", "b.md"]
    assert preexecute.kernel_chapters(root) == preexecute.notebook_chapters(root)


def test_the_fork_server_starts_before_the_chapters_are_read_only_when_one_will_run(book, monkeypatch):
    events = []
    original = preexecute.read_chapters
    monkeypatch.setattr(preexecute.forked_kernels, "start_server", lambda: events.append("server"))
    monkeypatch.setattr(preexecute, "read_chapters", lambda *a: events.append("read") or original(*a))
    preexecute.run(book, book / "_build", jobs=2, log=lambda _: None, fork=False)
    assert events == ["read"], "no fork server without forking"
    events.clear()
    preexecute.run(book, book / "_build", jobs=2, log=lambda _: None, fork=True)
    assert events == ["read"], "nothing stale: the server is not started early"
    (book / "data" / "b.txt").write_text("gamma\n")
    events.clear()
    preexecute.run(book, book / "_build", jobs=2, log=lambda _: None, fork=True)
    assert events == ["server", "read"], "a stale chapter: the server first"
