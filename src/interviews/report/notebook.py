"""Run a chapter as a Jupyter notebook, outside the book build.

`execute("book/interviews/liu-youping-2020.md")` converts the MyST Markdown chapter
with jupytext and runs it with nbclient in the chapter's own folder, exactly as
the book build does, and returns the executed notebook.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

__all__ = ["CellExecutionError", "OUTPUT_WAIT", "errors", "execute", "write"]

# nbclient waits 4 s by default, after a cell's reply, for the outputs still on their way, and then drops
# the rest with a log line only. A chapter that glues a thousand values sends as many messages, and on
# a busy machine they can take longer: its glue keys would be missing. Wait longer, and fail if even
# that is not enough.
OUTPUT_WAIT = {"iopub_timeout": 120, "raise_on_iopub_timeout": True}


def execute(chapter: str | Path, timeout: int = 300):
    chapter = Path(chapter).resolve()
    notebook = jupytext.read(chapter, fmt="md:myst")  # every page is MyST, with or without a kernel
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(chapter.parent)}}, **OUTPUT_WAIT).execute()
    return notebook


def write(notebook, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def errors(notebook) -> list[str]:
    """Error outputs of the executed notebook (empty when every cell ran)."""
    return [
        f"{out.get('ename')}: {out.get('evalue')}"
        for cell in notebook.cells if cell.cell_type == "code"
        for out in cell.get("outputs", []) if out.get("output_type") == "error"
    ]
