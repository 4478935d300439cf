"""Figures. Each function takes plain data (a DataFrame) and returns a Figure.

Figures are built with `matplotlib.figure.Figure` (not pyplot), so a chapter
cell that returns one shows it exactly once. Colours come from the Okabe-Ito
palette, which stays distinguishable under the common colour-vision deficiencies.
Nothing random is left unseeded and no dates are written into the files.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure
from wordcloud import WordCloud

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Darker members, legible as text on white (word clouds).
TEXT_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"]
SEED = 2020

STYLE = {
    "figure.dpi": 150,
    "savefig.dpi": 150,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
    "svg.hashsalt": "interviews-book",
    "svg.fonttype": "none",
}


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG, without metadata that could vary between runs."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=STYLE["savefig.dpi"], metadata={"Software": None})
    return buffer.getvalue()


def setup() -> None:
    """Apply the book's style and let a notebook show a returned Figure as PNG (call once per chapter)."""
    mpl.rcParams.update(STYLE)
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, png_bytes)


def _figure(width: float = 7.0, height: float = 3.6) -> Figure:
    with mpl.rc_context(STYLE):
        return Figure(figsize=(width, height), layout="constrained")


def answer_lengths(exchanges: pd.DataFrame, interviewee: str) -> Figure:
    """Bars: words in each answer, in interview order, coloured by the source's section."""
    fig = _figure()
    ax = fig.add_subplot()
    sections = list(dict.fromkeys(exchanges.section.fillna("")))
    colour = {s: OKABE_ITO[i % len(OKABE_ITO)] for i, s in enumerate(sections)}
    for section in sections:
        part = exchanges[exchanges.section.fillna("") == section]
        label = textwrap.shorten(section, 60) if section else "(no section heading)"
        ax.bar(part.exchange, part.answer_words, color=colour[section], label=label, width=0.75)
    ax.set_xticks(exchanges.exchange)
    ax.set_xlabel("Question number (order in the interview)")
    ax.set_ylabel("Words in the answer")
    ax.set_title(f"Length of {interviewee}'s answers through the interview", loc="left")
    if len(sections) > 1:
        ax.legend(title="Section of the source", loc="upper center", bbox_to_anchor=(0.5, -0.22),
                  ncols=1, frameon=False, fontsize=8, title_fontsize=8)
    return fig


def _colour(word, font_size, position, orientation, random_state=None, **kwargs) -> str:
    return TEXT_COLOURS[(random_state.randint(0, 10**6) if random_state else 0) % len(TEXT_COLOURS)]


def word_cloud(frequencies: pd.DataFrame, max_words: int = 80, seed: int = SEED) -> Figure:
    """A word cloud of `word`/`count` rows (fixed seed: the same layout every run)."""
    freq = dict(zip(frequencies.word.head(max_words), frequencies["count"].head(max_words), strict=False))
    cloud = WordCloud(
        width=1400, height=700, background_color="white", random_state=seed, color_func=_colour,
        prefer_horizontal=0.95, max_words=max_words, margin=4, relative_scaling=0.5,
    ).generate_from_frequencies(freq)
    fig = _figure(7.0, 3.5)
    ax = fig.add_subplot()
    ax.imshow(cloud.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    return fig
