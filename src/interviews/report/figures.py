"""Every figure of the book, by name, with the data it draws.

A :class:`Chart` pairs a figure's name (its label in the book), the table it
draws, and the plotting function with the values it is drawn from. Chapters show a
chart by returning it from a cell (it displays as PNG), link its data with
`tables.download(chart)`, and `python -m interviews figures` exports every chart as SVG
and PNG. So the figure a reader sees, its CSV and the exported files come from one
definition.

Drawing a chart's PNG takes a quarter to half a second, most of it matplotlib's
rasterizing. A chart's PNG is therefore kept in the machine's cache
(:func:`interviews.paths.user_cache_dir`, folder `charts/`), named by a digest of
everything it is drawn from (:meth:`Chart.key`): the plotting function and its values,
the package's code and the versions of matplotlib and Pillow. A chapter whose chart
is unchanged shows the kept PNG without drawing it.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import paths
from ..analysis import alignment, comparison, structure, words
from . import plots
from .chapter_data import InterviewData, ThemeData

KEPT_CHARTS = 200  # PNGs the machine's cache keeps, the most recently used


def fingerprint(value) -> bytes:
    """Bytes that stand for a value a chart is drawn from: equal values give equal bytes.

    Tables by their CSV with index and types, arrays by their bytes, containers item by item
    (mappings with their keys in order), and plain values by their repr; any other type is
    a TypeError, so that a chart cannot be kept under a digest that leaves out what it draws.
    """
    if isinstance(value, pd.DataFrame):
        return b"frame" + json.dumps([list(map(str, value.columns)), list(map(str, value.dtypes))]).encode() \
            + value.to_csv(lineterminator="\n").encode()
    if isinstance(value, pd.Series):
        return b"series" + str(value.dtype).encode() + value.to_csv(lineterminator="\n").encode()
    if isinstance(value, np.ndarray):
        return b"array" + str((value.dtype, value.shape)).encode() + value.tobytes()
    if isinstance(value, dict):
        return b"{" + b",".join(fingerprint(k) + b":" + fingerprint(v) for k, v in value.items()) + b"}"
    if isinstance(value, (list, tuple)):
        return b"[" + b",".join(map(fingerprint, value)) + b"]"
    if value is None or isinstance(value, (str, int, float, bool, np.integer, np.floating)):
        return repr(value).encode()
    raise TypeError(f"a chart cannot be drawn from a {type(value).__name__}: give it tables and plain values")


@dataclass
class Chart:
    """A figure of the book: its name, the table its CSV holds, and `plot(*args)`, which draws it."""

    name: str
    data: pd.DataFrame
    plot: Callable[..., Figure] = field(repr=False)
    args: tuple = field(default=(), repr=False)

    def draw(self) -> Figure:
        return self.plot(*self.args)

    @cached_property
    def figure(self) -> Figure:
        return self.draw()

    def key(self) -> str:
        """A digest of everything the chart's PNG is drawn from (see the module's docstring)."""
        h = hashlib.sha256()
        for part in (self.name.encode(), f"{self.plot.__module__}.{self.plot.__qualname__}".encode(),
                     fingerprint(self.args), paths.package_digest().encode(),
                     metadata.version("matplotlib").encode(), metadata.version("pillow").encode()):
            h.update(part + b"\0")
        return h.hexdigest()

    def png(self) -> bytes:
        """The chart as PNG (:func:`plots.png_bytes`), from the machine's cache where it was drawn before."""
        return paths.kept_or_made(paths.user_cache_dir() / "charts", f"{self.key()}.png",
                                  lambda: plots.png_bytes(self.figure), KEPT_CHARTS,
                                  usable=lambda data: data.startswith(b"\x89PNG"))

    def _repr_png_(self) -> bytes:
        return self.png()

    def svg_bytes(self) -> bytes:
        """SVG without a date, with fixed ids (the style's svg.hashsalt): the same bytes every run."""
        buffer = io.BytesIO()
        with mpl.rc_context(plots.STYLE):
            self.figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plots.freeze_layout(self.figure)
        return buffer.getvalue()


def answer_lengths(data: InterviewData) -> Chart:
    """Words per answer; for a panel, per panellist (its data then has a row per exchange and panellist)."""
    exchanges = structure.exchanges(data.paragraphs)
    by_speaker = structure.answer_words_by_speaker(data.paragraphs)
    panel = by_speaker.speaker.nunique() > 1
    return Chart(f"fig-{data.interview.slug}-answer-lengths", by_speaker if panel else exchanges,
                 plots.answer_lengths, (exchanges, data.interview.interviewee.name, by_speaker if panel else None))


def word_cloud(data: InterviewData) -> Chart:
    frequencies = words.word_frequencies(data.answer_texts)
    return Chart(f"fig-{data.interview.slug}-wordcloud", frequencies, plots.word_cloud, (frequencies,))


def prevalence(themes: ThemeData, parent: str, title: str) -> Chart:
    table = themes.prevalence(themes.codebook.children(parent))
    return Chart(f"fig-{parent}-prevalence", table, plots.prevalence_chart, (table, themes.chart_names, title))


def weakness_prevalence(themes: ThemeData) -> Chart:
    return prevalence(themes, "weakness", "Sector weaknesses in the answers")


def government_prevalence(themes: ThemeData) -> Chart:
    return prevalence(themes, "government", "Government relations in the answers")


def theme_heatmap(themes: ThemeData) -> Chart:
    """Themes by interviewee, % of answer paragraphs: a row per theme, or a row per interviewee when there are
    more interviewees than themes."""
    table = themes.prevalence()
    values = comparison.heatmap_table(table, themes.chart_names)
    values = values.T if values.shape[1] > values.shape[0] else values
    return Chart("fig-theme-heatmap", table, plots.heatmap,
                 (values, "Themes in the answers (% of answer paragraphs)", "{:.0f}", "% of answer paragraphs"))


def theme_trajectory(themes: ThemeData) -> Chart:
    table = comparison.trajectory(themes.best, themes.codebook)
    labels = [themes.codebook.label(t) for t in themes.codebook.leaves()]
    return Chart("fig-theme-trajectory", table, plots.trajectory_chart, (table, labels, themes.chart_names))


MIN_SHARED = 3  # the co-occurrence chart shows pairs that share at least this many paragraphs in an interview


def theme_cooccurrence(themes: ThemeData) -> Chart:
    """Pairs of themes sharing at least three paragraphs in an interview, with their lift over chance."""
    table = comparison.cooccurrence_lift(themes.best, themes.codebook, list(themes.names))
    shown = table[table.groupby(["theme_a", "theme_b"])["observed"].transform("max") >= MIN_SHARED]
    return Chart("fig-theme-cooccurrence", shown.reset_index(drop=True), plots.lift_chart,
                 (shown, themes.chart_names, "Themes sharing paragraphs, against chance"))


def question_answer_alignment(themes: ThemeData) -> Chart:
    """Each exchange's themes: asked and answered, asked only, answered only (best coding)."""
    exchanges = alignment.exchange_themes(themes.best, themes.codebook, list(themes.names))
    long = alignment.alignment(exchanges, themes.codebook)
    counts = exchanges.groupby("interview").exchange.max().to_dict()
    labels = [themes.codebook.label(t) for t in themes.codebook.leaves()]
    return Chart("fig-question-answer-alignment", long, plots.alignment_chart,
                 (long, labels, themes.chart_names, counts))


def timeline(themes: ThemeData) -> Chart:
    """The events the interviews mention, in date order, with where each date comes from."""
    events = themes.timeline()
    table = events.assign(interviews=events.interviews.str.join("; "), paragraphs=events.paragraphs.str.join("; "))
    names = {s: n for s, n in themes.names.items() if any(s in i for i in events.interviews)}
    return Chart("fig-timeline", table, plots.timeline_chart, (events, names, themes.surnames))


def log_odds_pair(themes: ThemeData) -> list[str]:
    """The two interviews that the pairwise comparison of words compares: the first two of the metadata."""
    return list(themes.names)[:2]


def log_odds_pair_table(themes: ThemeData) -> pd.DataFrame:
    """The pair of :func:`log_odds_pair`, compared word by word, with each side's family-wise threshold."""
    slugs = log_odds_pair(themes)
    table = comparison.speaker_log_odds(themes.worded, *slugs)
    high_a, high_b = comparison.permutation_thresholds(themes.worded, *slugs)
    return table.assign(threshold_a=round(high_a, 4), threshold_b=round(high_b, 4),
                        beyond=(table.z > high_a) | (table.z < -high_b))


AGAINST_REST_ROWS = 15  # the chart's data keeps each interview's most distinctive words and any beyond its threshold


def log_odds(themes: ThemeData) -> Chart:
    """The words that distinguish each interview from the others.

    With two interviews, the pair of :func:`log_odds_pair` side by side (one against the
    other is each against the rest); with more, a panel per interview against all the
    others (`comparison.against_rest`).
    """
    if len(themes.names) == 2:
        table = log_odds_pair_table(themes)
        high_a, high_b = float(table.threshold_a.iloc[0]), float(table.threshold_b.iloc[0])
        a, b = (themes.surnames[s] for s in log_odds_pair(themes))
        return Chart("fig-log-odds", table, plots.log_odds_chart,
                     (comparison.distinctive_words(table, 12), a, b, (high_a, high_b)))
    table = comparison.against_rest(themes.worded, list(themes.names))
    rank = table.groupby("interview", sort=False).cumcount()
    table = table[(rank < AGAINST_REST_ROWS) | table.beyond].reset_index(drop=True)
    return Chart("fig-log-odds", table, plots.against_rest_chart, (table, themes.chart_names))


def word_cloud_pair(themes: ThemeData) -> Chart:
    frequencies = themes.word_frequencies()
    table = pd.concat([f.assign(speaker=name) for name, f in frequencies.items()],
                      ignore_index=True)[["speaker", "word", "count"]]
    return Chart("fig-wordcloud-pair", table, plots.word_cloud_pair, (frequencies,))


THEME_CHARTS = [weakness_prevalence, government_prevalence, timeline, theme_heatmap, theme_trajectory,
                question_answer_alignment, theme_cooccurrence, log_odds, word_cloud_pair]


def all_charts(themes: ThemeData) -> list[Chart]:
    """Every chart of the book, interview chapters first (metadata order), then the theme chapters."""
    charts = []
    for interview in themes.corpus.interviews:
        data = InterviewData(interview, themes.corpus.transcripts[interview.slug], None, themes.concepts)
        charts += [answer_lengths(data), word_cloud(data)]
    if len(themes.names) >= 2:
        return charts + [make(themes) for make in THEME_CHARTS]
    return charts + [make(themes) for make in THEME_CHARTS if make is not log_odds]


def export(charts: list[Chart], out: Path) -> list[Path]:
    """Write each chart as <name>.svg and <name>.png (deterministic bytes)."""
    from ..paths import write_atomic

    written = []
    for chart in charts:
        # The PNG first: its layout is the one a chapter shows; the SVG then keeps it (see plots.freeze_layout).
        png = plots.png_bytes(chart.figure)
        for suffix, content in (("svg", chart.svg_bytes()), ("png", png)):
            path = Path(out) / f"{chart.name}.{suffix}"
            write_atomic(path, content)
            written.append(path)
    return written
