"""Every chapter runs as a plain Jupyter notebook (jupytext + nbclient), as a reader would run it."""

import nbformat
import pytest

from interviews import paths
from interviews.report import notebook

pytestmark = pytest.mark.build


def test_every_chapter_executes_as_a_notebook(root, tmp_path):
    for chapter in [root / f"{c}.md" for c in paths.toc_chapters(root)]:
        executed = notebook.execute(chapter)
        assert notebook.errors(executed) == [], chapter
        images = [
            out for cell in executed.cells if cell.cell_type == "code"
            for out in cell.outputs if "image/png" in out.get("data", {})
        ]
        if "interviews" in chapter.parts:
            assert len(images) == 2, f"{chapter.name}: expected two figures"
        path = notebook.write(executed, tmp_path / chapter.with_suffix(".ipynb").name)
        assert nbformat.read(path, as_version=4).cells == executed.cells, "the written notebook keeps its outputs"


def test_a_chapter_refuses_a_changed_raw_file_and_names_it(project):
    raw = project / "data" / "raw" / "000_cc888188d56cd67b.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("Hubei", "Hubie", 1), encoding="utf-8")
    with pytest.raises(notebook.CellExecutionError) as info:
        notebook.execute(project / "book" / "intro.md")
    assert "raw file changed" in str(info.value) and "000_cc888188d56cd67b.txt" in str(info.value)
