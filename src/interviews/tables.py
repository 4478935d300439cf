"""Generated tables: the parsed and coded paragraphs, and the data behind every figure.

`python -m interviews tables` writes them to `data/processed/` (figures' data in
`data/processed/figures/<figure name>.csv`); chapters link each figure to its CSV
with :func:`download`, which also refuses to link a stale file, so the book can
never offer data that differ from what its figures show.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from . import paths, structure
from .chapter import ThemeData, load_themes

PARAGRAPH_COLUMNS = [
    "interview", "paragraph", "line", "section", "speaker", "role", "turn", "exchange", "words", "text",
]


def figures_dir(root: Path) -> Path:
    return root / "data" / "processed" / "figures"


def to_csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.6g")


def figure_data(t: ThemeData) -> dict[str, pd.DataFrame]:
    """Figure name -> the table the figure draws (one entry per figure in the book)."""
    from .gallery import all_charts

    return {chart.name: chart.data for chart in all_charts(t)}


def generated_tables(root: Path) -> dict[str, str]:
    """Relative path (under data/processed) -> CSV text of every generated table."""
    t = load_themes(root)
    paragraphs = t.corpus.paragraphs
    out = {
        "paragraphs.csv": to_csv(paragraphs[PARAGRAPH_COLUMNS]),
        "coded_paragraphs.csv": to_csv(t.coded[["interview", "paragraph", "speaker", "role", "themes", "evidence"]]),
        "interviews_overview.csv": to_csv(structure.overview(paragraphs)),
    }
    for name, frame in figure_data(t).items():
        out[f"figures/{name}.csv"] = to_csv(frame)
    return out


def download(chart, root: Path | None = None) -> Markdown:
    """A download link to the chart's committed CSV, after checking it equals the chart's data."""
    name, frame = chart.name, chart.data
    root = paths.project_root(root)
    path = figures_dir(root) / f"{name}.csv"
    if not path.is_file() or path.read_text(encoding="utf-8") != to_csv(frame):
        raise RuntimeError(f"{path} is missing or stale: run `make tables` (python -m interviews tables)")
    rel = path.relative_to(root).as_posix()
    # Only in HTML: in the PDF a link to a file beside the website means nothing.
    return Markdown(f"```{{only}} html\nData of this figure: {{download}}`{name}.csv </{rel}>` (CSV).\n```\n")
