"""The published site: the book's PDF inside it, each chapter as a notebook to download, a preview image.

`python -m interviews site` (run by `make book`) copies the PDF into the HTML site and
marks the site for GitHub Pages (`.nojekyll`: serve folders starting with `_` as they
are). The Sphinx extension :mod:`interviews.report.sphinx_web` writes each chapter's
executed notebook beside its page with :func:`download_notebook` and the preview image
that link previews show with :func:`preview_card`.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import shutil
from importlib import metadata
from pathlib import Path

import nbformat

from .. import paths
from ..errors import InputError

PDF = "book.pdf"  # the book's PDF in the site, beside index.html
NOJEKYLL = ".nojekyll"
PREVIEW = "_static/preview.png"  # the image of link previews (Open Graph, Twitter cards)
PREVIEW_SIZE = (1200, 630)  # pixels: the size link previews are drawn at


def assemble(build: Path) -> Path:
    """Put the built PDF into the built HTML site and mark the site for GitHub Pages; the site's folder.

    Raises InputError (naming the missing file) if the HTML or the PDF has not been built.
    """
    build = Path(build)
    html, pdf = build / "html", build / "latex" / PDF
    for needed, how in ((html / "index.html", "make html"), (pdf, "make pdf")):
        if not needed.is_file():
            raise InputError(needed, f"missing: build it first ({how}, or make book)")
    shutil.copyfile(pdf, html / PDF)
    (html / NOJEKYLL).write_bytes(b"")
    return html


def intro_cell(title: str, book: str, source: str, name: str) -> str:
    """The first cell of a downloaded notebook: what it is and how to re-run it."""
    return (
        f"**{title}**: a chapter of *{book}*, executed when the book was built (the outputs are those of the book).\n"
        "\n"
        f"The chapter's source is `{source}` in the book's repository. To re-run this notebook, save it in the root "
        "folder of a clone of the repository and, there:\n"
        "\n"
        "```sh\n"
        "make venv    # the pinned packages and the project's Jupyter kernel, in .venv\n"
        f".venv/bin/jupyter execute --inplace {name}\n"
        "```\n"
        "\n"
        "or open it in Jupyter started from that folder with the `.venv` kernel "
        "(`.venv/bin/pip install jupyterlab && .venv/bin/jupyter lab`). The code reads the data from the clone. "
        "MyST markup in the text (`{term}`, `{cite:p}`, `{glue:text}`) is rendered by the book, not by Jupyter."
    )


def download_notebook(executed, title: str, book: str, source: str) -> nbformat.NotebookNode:
    """The notebook a reader downloads: the executed chapter with its outputs, an intro cell first.

    The same bytes for the same chapter and outputs: cell ids are numbered, execution
    timings and the build's own metadata (jupytext, MyST-NB's source map) are left out.
    """
    nb = copy.deepcopy(executed)
    name = Path(source).with_suffix(".ipynb").name
    nb.metadata = nbformat.from_dict(
        {key: nb.metadata[key] for key in ("kernelspec", "language_info") if key in nb.metadata}
    )
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(intro_cell(title, book, source, name)))
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number}"
        cell.metadata.pop("execution", None)
    nbformat.validate(nb)
    return nb


def write_notebook(nb, path: Path) -> None:
    """Write the notebook (UTF-8, readable by all, like the rest of the site)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


KEPT_PREVIEWS = 8  # link-preview cards the machine's cache keeps (folder `preview-cards`), the most recently used


def preview_card(title: str, subtitle: str, path: Path) -> None:
    """Write the book's link-preview image (PREVIEW_SIZE, PNG) to `path`: title, subtitle and a band of
    the palette.

    The same bytes every time (no date or software version in the file). A card drawn before for the
    same title and subtitle, with the same package and matplotlib, is read from the machine's cache
    (drawing it imports matplotlib: about a second of a clean build)."""
    key = hashlib.sha256(json.dumps([title, subtitle, PREVIEW_SIZE, paths.package_digest(),
                                     metadata.version("matplotlib")]).encode()).hexdigest()
    data = paths.kept_or_made(paths.user_cache_dir() / "preview-cards", f"{key}.png",
                              lambda: _draw_preview(title, subtitle), KEPT_PREVIEWS)
    paths.write_atomic(path, data)


def _draw_preview(title: str, subtitle: str) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .plots import OKABE_ITO

    width, height = PREVIEW_SIZE
    fig = Figure(figsize=(width / 100, height / 100), dpi=100, facecolor="white")
    FigureCanvasAgg(fig)
    band = fig.add_axes((0, 0, 1, 0.05))
    band.set_axis_off()
    for i, colour in enumerate(OKABE_ITO):
        band.axvspan(i, i + 1, color=colour)
    band.set_xlim(0, len(OKABE_ITO))
    fig.text(0.07, 0.62, title, fontsize=54, fontweight="bold", color="#1a1a1a", va="bottom")
    fig.text(0.07, 0.50, subtitle, fontsize=30, color="#333333", va="top", wrap=True)
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
