"""Every chapter runs as a plain Jupyter notebook (jupytext + nbclient), as a reader would run it: from its
source, as the site's download, and paired for Jupyter."""

import copy
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from interviews import paths
from interviews.dev import server
from interviews.report import notebook
from tests.integration.helpers import PREFIX

JUPYTEXT = Path(sys.executable).parent / "jupytext"

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


def figures(nb) -> list[str]:
    """The PNG figures of a notebook's outputs, in order."""
    return [out["data"]["image/png"] for cell in nb.cells if cell.cell_type == "code"
            for out in cell.outputs if "image/png" in out.get("data", {})]


def test_a_downloaded_notebook_reruns_from_the_repository_root_and_draws_the_same_figures(build, root):
    """Each chapter's notebook, as the site serves it, run afresh from the root of the project."""
    rerun = 0
    with server.serve(build / "html", prefix=PREFIX) as base:
        for chapter in paths.toc_chapters(root):
            if not (build / "html" / f"{chapter}.ipynb").is_file():
                continue  # a page without code (the references): no notebook
            with urllib.request.urlopen(f"{base}{chapter}.ipynb") as response:
                downloaded = nbformat.reads(response.read().decode("utf-8"), as_version=4)
            drawn = figures(downloaded)
            if not drawn:
                continue
            fresh = copy.deepcopy(downloaded)
            for cell in fresh.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            NotebookClient(fresh, timeout=300, kernel_name="python3",
                           resources={"metadata": {"path": str(root)}}).execute()
            assert notebook.errors(fresh) == [], chapter
            assert figures(fresh) == drawn, f"{chapter}: the re-run draws other figures"
            rerun += 1
    assert rerun >= 5, "the interview and theme chapters have figures"


def test_a_chapter_paired_for_jupyter_round_trips_and_the_build_ignores_its_notebook(project, build):
    """README's recipe: jupytext pairs the chapter with notebooks/...ipynb (jupytext.toml), an edit made
    there goes back into the .md with --sync, and the strict build still finds one file per page."""
    chapter = project / "book" / "interviews" / "liu-youping-2020.md"
    paired = project / "notebooks" / "interviews" / "liu-youping-2020.ipynb"
    before = jupytext.read(chapter)
    sync = [str(JUPYTEXT), "--sync"]
    result = subprocess.run([*sync, str(chapter.relative_to(project))], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0 and paired.is_file(), result.stderr
    assert without_ids(jupytext.read(chapter)) == without_ids(before), "pairing leaves the chapter's content as it is"

    nb = nbformat.read(paired, as_version=4)
    summary = next(c for c in nb.cells if c.cell_type == "markdown" and "\n## Summary\n" in f"\n{c.source}")
    summary.source += "\n\nA sentence written in Jupyter."
    nbformat.write(nb, paired)
    later = chapter.stat().st_mtime + 10
    os.utime(paired, (later, later))  # saved after the chapter, as an edit in Jupyter is
    result = subprocess.run([*sync, str(paired.relative_to(project))], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "A sentence written in Jupyter." in chapter.read_text(encoding="utf-8")

    shutil.copytree(build / ".jupyter_cache", project / "_build" / ".jupyter_cache")  # the outputs, not re-run
    built = subprocess.run([sys.executable, "-m", "interviews", "build", "--builder", "html"],
                           cwd=project, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert "WARNING" not in built.stderr, built.stderr[-3000:]
    page = (project / "_build" / "html" / "book" / "interviews" / "liu-youping-2020.html").read_text(encoding="utf-8")
    assert "A sentence written in Jupyter." in page
    assert not (project / "_build" / "html" / "notebooks").exists()


def without_ids(nb) -> list[dict]:
    return [{k: v for k, v in cell.items() if k != "id"} for cell in nb.cells]
