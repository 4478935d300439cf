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

from . import compare, paths, structure
from .chapter import ThemeData, load_themes

PARAGRAPH_COLUMNS = [
    "interview", "paragraph", "line", "section", "speaker", "role", "turn", "exchange", "words", "text",
]


def figures_dir(root: Path) -> Path:
    return root / "data" / "processed" / "figures"


def to_csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.6g")


def theme_heatmap_data(t: ThemeData) -> pd.DataFrame:
    return t.prevalence()


def figure_data(t: ThemeData) -> dict[str, pd.DataFrame]:
    """Figure name -> the table the figure draws (one entry per figure in the book)."""
    frames: dict[str, pd.DataFrame] = {}
    for interview in t.corpus.interviews:
        paragraphs = t.corpus.transcripts[interview.slug].paragraphs
        frames[f"fig-{interview.slug}-answer-lengths"] = structure.exchanges(paragraphs)
        freq = t.word_frequencies()[interview.interviewee.name]
        frames[f"fig-{interview.slug}-wordcloud"] = freq
    frames["fig-weakness-prevalence"] = t.prevalence(t.book.children("weakness"))
    frames["fig-government-prevalence"] = t.prevalence(t.book.children("government"))
    frames["fig-theme-heatmap"] = t.prevalence()
    frames["fig-theme-trajectory"] = compare.trajectory(t.coded, t.book)
    co = compare.cooccurrence(t.coded, t.book)
    frames["fig-theme-cooccurrence"] = co.rename_axis("theme").reset_index()
    slugs = list(t.names)
    if len(slugs) >= 2:
        frames["fig-log-odds"] = compare.speaker_log_odds(t.coded, slugs[0], slugs[1])
    frames["fig-wordcloud-pair"] = pd.concat(
        [f.assign(speaker=name) for name, f in t.word_frequencies().items()], ignore_index=True
    )[["speaker", "word", "count"]]
    return frames


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


def download(name: str, frame: pd.DataFrame, root: Path | None = None) -> Markdown:
    """A download link to the figure's committed CSV, after checking it equals `frame`."""
    root = paths.project_root(root)
    path = figures_dir(root) / f"{name}.csv"
    if not path.is_file() or path.read_text(encoding="utf-8") != to_csv(frame):
        raise RuntimeError(f"{path} is missing or stale: run `make tables` (python -m interviews tables)")
    rel = path.relative_to(root).as_posix()
    # Only in HTML: in the PDF a link to a file beside the website means nothing.
    return Markdown(f"```{{only}} html\nData of this figure: {{download}}`{name}.csv </{rel}>` (CSV).\n```\n")
