"""Every chapter runs as a plain Jupyter notebook (jupytext + nbclient), as a reader would run it."""

import pytest
import yaml

from interviews import notebook

pytestmark = pytest.mark.build


def chapters(root):
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [root / f"{f}.md" for f in files]


def test_every_chapter_executes_as_a_notebook(root, tmp_path):
    for chapter in chapters(root):
        executed = notebook.execute(chapter)
        assert notebook.errors(executed) == [], chapter
        images = [
            out for cell in executed.cells if cell.cell_type == "code"
            for out in cell.outputs if "image/png" in out.get("data", {})
        ]
        if "interviews" in chapter.parts:
            assert len(images) == 2, f"{chapter.name}: expected two figures"
        path = notebook.write(executed, tmp_path / chapter.with_suffix(".ipynb").name)
        assert path.stat().st_size > 1000
