"""Generated tables: the parsed and coded paragraphs, and the data behind every figure.

`python -m interviews tables` writes them to `data/processed/` (figures' data in
`data/processed/figures/<figure name>.csv`); chapters link each figure to its CSV
with :func:`download`, which also refuses to link a stale file, so the book can
never offer data that differ from what its figures show.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from .. import paths
from ..analysis import structure
from .chapter_data import ThemeData, load_themes

PARAGRAPH_COLUMNS = [
    "interview", "paragraph", "line", "section", "speaker", "role", "turn", "exchange", "words", "text",
]


def to_csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.6g")


def figure_data(t: ThemeData) -> dict[str, pd.DataFrame]:
    """Figure name -> the table the figure draws (one entry per figure in the book)."""
    from .figures import all_charts

    return {chart.name: chart.data for chart in all_charts(t)}


MAIN_TABLES = ("paragraphs.csv", "coded_paragraphs.csv", "interviews_overview.csv", "domain_fit.csv")

# What each column of the main tables means; `data_dictionary` refuses a column missing here.
COLUMN_MEANINGS: dict[str, dict[str, str]] = {
    "paragraphs.csv": {
        "interview": "The interview's slug, as in data/interviews.yml.",
        "paragraph": "Paragraph id: the slug, a colon and p with the number in source order (p01, p02, ...).",
        "line": "Line of the raw file on which the paragraph starts (1-based).",
        "section": "The heading the paragraph falls under; empty before the first heading.",
        "speaker": "Who speaks: the speaker's name from the metadata, or the narrator or editor of the framing text.",
        "role": "interviewer (questions), interviewee (answers), narrator (framing prose) or editor (editor's note).",
        "turn": "Number of the speaker's turn, from 1 in each interview; 0 for framing prose and editor's notes.",
        "exchange": "Number of the question-and-answer exchange the paragraph belongs to; 0 outside the exchanges.",
        "words": "Number of words: runs of letters or digits, joined by inner apostrophes or hyphens.",
        "text": "The paragraph's text without its speaker label, its lines joined by single spaces.",
    },
    "coded_paragraphs.csv": {
        "interview": "The interview's slug.",
        "paragraph": "Paragraph id (see paragraphs.csv).",
        "speaker": "Who speaks (see paragraphs.csv).",
        "role": "The speaker's role (see paragraphs.csv).",
        "themes": "Ids of the codebook's themes the automatic coder assigns, sorted and joined by ';'; empty if none.",
        "evidence": "For each theme, the phrases that matched: 'theme: phrase, phrase | theme: phrase'.",
    },
    "interviews_overview.csv": {
        "interview": "The interview's slug.",
        "paragraphs": "Number of paragraphs.",
        "words": "Number of words in all paragraphs.",
        "questions": "Number of the interviewer's turns.",
        "answers": "Number of the interviewee's turns.",
        "answer_paragraphs": "Number of the interviewee's paragraphs.",
        "question_words": "Words in the interviewer's paragraphs.",
        "answer_words": "Words in the interviewee's paragraphs.",
        "framing_words": "Words in framing prose and editor's notes.",
        "mean_answer_words": "Mean number of words per answer (one decimal).",
        "longest_answer_words": "Number of words of the longest answer.",
        "answer_share": "The interviewee's share of all words (three decimals).",
    },
    "domain_fit.csv": {
        "interview": "The interview's slug.",
        "answer_paragraphs": "Number of the interviewee's paragraphs.",
        "coded": "Answer paragraphs to which the codebook's patterns give at least one theme.",
        "share": "coded / answer_paragraphs (four decimals).",
        "share_low": "Lower end of the share's 95% Wilson interval.",
        "share_high": "Upper end of the share's 95% Wilson interval.",
        "rest_share": "The same share in all other interviews' answer paragraphs pooled; empty with one interview.",
        "poor": "True when share is below half of rest_share: the codebook barely covers the interview (see Methods).",
    },
}


def _main_frames(t: ThemeData) -> dict[str, pd.DataFrame]:
    paragraphs = t.corpus.paragraphs
    return {
        "paragraphs.csv": paragraphs[PARAGRAPH_COLUMNS],
        "coded_paragraphs.csv": t.coded[list(COLUMN_MEANINGS["coded_paragraphs.csv"])],
        "interviews_overview.csv": structure.overview(paragraphs),
        "domain_fit.csv": t.domain_fit,
    }


def main_frames(root: Path) -> dict[str, pd.DataFrame]:
    """The main tables (:data:`MAIN_TABLES`, in that order), computed."""
    return _main_frames(load_themes(root))


def generated_frames(root: Path) -> dict[str, pd.DataFrame]:
    """Relative path (under data/processed) -> every generated table: the main tables, then each figure's data
    ('figures/<name>.csv', in book order)."""
    t = load_themes(root)
    out = _main_frames(t)
    for name, frame in figure_data(t).items():
        out[f"figures/{name}.csv"] = frame
    return out


def committed_figure_tables(root: Path) -> dict[str, pd.DataFrame]:
    """The figures' data tables as `python -m interviews tables` wrote them, read from
    `data/processed/figures/` ('figures/<name>.csv', by name), without computing them again: the
    chapter that shows each figure checks its file against the figure's data (:func:`download`)."""
    folder = root / "data" / "processed" / "figures"
    return {f"figures/{path.name}": pd.read_csv(path, keep_default_na=False) for path in sorted(folder.glob("*.csv"))}


def stale_figure_tables(folder: Path, generated: Iterable[str]) -> list[Path]:
    """The figure tables in `folder` (a `data/processed`) that are not among the `generated` names
    ('figures/<name>.csv'): left by a figure that is gone."""
    keep = {folder / name for name in generated}
    return sorted(p for p in (folder / "figures").glob("*.csv") if p not in keep)


def generated_tables(root: Path) -> dict[str, str]:
    """Relative path (under data/processed) -> CSV text of every generated table."""
    return {name: to_csv(frame) for name, frame in generated_frames(root).items()}


def column_type(series: pd.Series) -> str:
    """A reader's name for a column's type."""
    kind = series.dtype.kind
    return {"i": "integer", "u": "integer", "f": "decimal number", "b": "true/false"}.get(kind, "text")


def data_dictionary(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per column of the main tables: table, column, type and meaning.

    Raises ValueError if a table has a column without a meaning, or a meaning names
    a column the table does not have, so the dictionary cannot drift from the data.
    """
    rows = []
    for table in MAIN_TABLES:
        columns, meanings = list(frames[table].columns), COLUMN_MEANINGS[table]
        if set(columns) != set(meanings):
            differ = sorted(set(columns) ^ set(meanings))
            raise ValueError(f"data dictionary of {table} is out of date: columns {differ}")
        for c in columns:
            rows.append({"table": table, "column": c, "type": column_type(frames[table][c]), "meaning": meanings[c]})
    return pd.DataFrame(rows)


def _checked(name: str, frame: pd.DataFrame, root: Path) -> str:
    """The path of a committed table relative to the project, after checking it equals `frame`."""
    path = root / "data" / "processed" / name
    if not path.is_file() or path.read_text(encoding="utf-8") != to_csv(frame):
        raise RuntimeError(f"{path} is missing or stale: run `make tables` (python -m interviews tables)")
    return path.relative_to(root).as_posix()


def download(chart, root: Path | None = None) -> Markdown:
    """A download link to the chart's committed CSV, after checking it equals the chart's data."""
    rel = _checked(f"figures/{chart.name}.csv", chart.data, paths.project_root(root))
    # Only in HTML: in the PDF a link to a file beside the website means nothing.
    return Markdown(f"```{{only}} html\nData of this figure: {{download}}`{chart.name}.csv </{rel}>` (CSV).\n```\n")


def downloads(frames: dict[str, pd.DataFrame], root: Path | None = None, check: bool = True) -> Markdown:
    """A table of the generated tables: file (a download link in HTML), rows and columns. Each file is first
    checked against its frame (:func:`download`), unless `check` is False (frames read from the files:
    :func:`committed_figure_tables`)."""
    root = paths.project_root(root)
    lines = []
    for name, frame in frames.items():
        if check:
            _checked(name, frame, root)
        rel = f"data/processed/{name}"
        lines.append(f"| {{download}}`{name} </{rel}>` | {len(frame)} | {len(frame.columns)} |")
    header = "| File | Rows | Columns |\n|---|---:|---:|\n"
    html = header + "\n".join(lines)
    latex = header + "\n".join(f"| `data/processed/{n}` | {len(f)} | {len(f.columns)} |" for n, f in frames.items())
    return Markdown(f"```{{only}} html\n{html}\n```\n\n```{{only}} latex\n{latex}\n```\n")
