"""Running a chapter as a notebook outside the book build (`interviews.report.notebook`)."""

import nbformat
import pytest

from interviews.report import notebook
from tests.helpers import chapter_source

CHAPTER = chapter_source("from pathlib import Path\nprint(Path.cwd().name)")


def test_execute_runs_the_chapter_in_its_own_folder_and_write_keeps_the_outputs(tmp_path):
    folder = tmp_path / "chapters"
    folder.mkdir()
    (folder / "one.md").write_text(CHAPTER, encoding="utf-8")
    executed = notebook.execute(folder / "one.md")
    assert notebook.errors(executed) == []
    assert executed.cells[-1].outputs[0]["text"] == "chapters\n", "cells run in the chapter's folder"
    written = notebook.write(executed, tmp_path / "out" / "one.ipynb")
    assert nbformat.read(written, as_version=4).cells == executed.cells


def test_a_failing_cell_raises_and_errors_lists_error_outputs(tmp_path):
    (tmp_path / "bad.md").write_text(CHAPTER.replace("print(Path.cwd().name)", "1 / 0"), encoding="utf-8")
    with pytest.raises(notebook.CellExecutionError, match="ZeroDivisionError"):
        notebook.execute(tmp_path / "bad.md")
    failed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("error", ename="ValueError", evalue="bad", traceback=[])])])
    assert notebook.errors(failed) == ["ValueError: bad"]
