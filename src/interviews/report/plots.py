"""Figures. Each function takes plain data (a DataFrame) and returns a Figure.

Figures are built with `matplotlib.figure.Figure` (not pyplot), so a chapter
cell that returns one shows it exactly once. Colours come from the Okabe-Ito
palette, which stays distinguishable under the common colour-vision deficiencies.
Nothing random is left unseeded and no dates are written into the files.
"""

from __future__ import annotations

import functools
import io
import math
import textwrap

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator
from PIL import Image
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
    # Names, titles and labels come from the data: "$" is a dollar sign, never the start of mathtext.
    "text.parse_math": False,
}


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG, without metadata that could vary between runs.

    The image is reduced to a 256-colour palette (no dithering): charts in a few flat
    colours look the same and the file is about a third of the size, which the
    book's web pages load faster.
    """
    buffer = io.BytesIO()
    with mpl.rc_context(STYLE):  # the pixels as they are drawn: encoding a PNG only to decode it would cost time
        fig.savefig(buffer, format="rgba", dpi=STYLE["savefig.dpi"])
    freeze_layout(fig)
    width, height = (int(side * STYLE["savefig.dpi"]) for side in fig.get_size_inches())  # as Agg sizes its canvas
    if len(buffer.getvalue()) != 4 * width * height:
        raise RuntimeError(f"the figure was drawn at another size than {width} x {height} pixels")
    image = Image.frombuffer("RGBA", (width, height), buffer.getvalue(), "raw", "RGBA", 0, 1).convert("RGB")
    palette = image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def freeze_layout(fig: Figure) -> None:
    """Keep the layout of the figure's last drawing: later drawings give the same picture.

    The constrained layout moves the axes a little on every drawing until it settles,
    so without this a figure drawn twice (a chapter's PNG, then an export) would differ.
    """
    fig.set_layout_engine("none")


def setup() -> None:
    """Apply the book's style and let a notebook show a returned Figure as PNG (call once per chapter)."""
    mpl.rcParams.update(STYLE)
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, png_bytes)


def _styled(draw):
    """Run a chart function under the book's style, so that every text it creates follows STYLE."""
    @functools.wraps(draw)
    def styled(*args, **kwargs):
        with mpl.rc_context(STYLE):
            return draw(*args, **kwargs)
    return styled


def _figure(width: float = 7.0, height: float = 3.6) -> Figure:
    with mpl.rc_context(STYLE):
        return Figure(figsize=(width, height), layout="constrained")


# Up to this many interviews, a chart tells them apart by colour (and marker) with a legend; beyond it,
# by labelled rows or one panel per interview (small multiples): colour cannot name fifty interviews.
FEW = 4


def _columns(n: int, most: int) -> int:
    """How many columns of panels a grid of `n` small multiples gets: about three rows per column, at most `most`."""
    return max(1, min(most, math.ceil(n / 3)))


def _grid(fig: Figure, n: int, ncols: int, sharey: bool = True, height_ratios=None) -> list:
    """`n` panels in rows of `ncols` (unused cells removed); tick labels only where no panel is below or to the left."""
    nrows = math.ceil(n / ncols)
    axes = list(fig.subplots(nrows, ncols, squeeze=False, sharex=True, sharey=sharey,
                             height_ratios=height_ratios).flat)
    for ax in axes[n:]:
        ax.remove()
    for i, ax in enumerate(axes[:n]):
        ax.tick_params(labelbottom=i + ncols >= n, labelleft=not sharey or i % ncols == 0)
    return axes[:n]


def _wrapped(text: str, width: int) -> str:
    return textwrap.fill(text, width, break_long_words=False)


@_styled
def answer_lengths(exchanges: pd.DataFrame, interviewee: str, by_speaker: pd.DataFrame | None = None) -> Figure:
    """Bars: words in each answer, in interview order, coloured by the source's section; for a panel
    (`by_speaker` naming more than one speaker), stacked by panellist instead, each with its colour and hatch."""
    fig = _figure()
    ax = fig.add_subplot()
    if by_speaker is not None and by_speaker.speaker.nunique() > 1:
        bottom = pd.Series(0, index=exchanges.exchange.astype(int).tolist(), dtype=float)
        for i, (who, part) in enumerate(by_speaker.groupby("speaker", sort=False)):
            heights = part.set_index("exchange").answer_words.reindex(bottom.index, fill_value=0)
            ax.bar(bottom.index, heights, bottom=bottom, color=OKABE_ITO[i % len(OKABE_ITO)],
                   hatch=HATCHES[i % len(HATCHES)], edgecolor="white", linewidth=0.5, width=0.75,
                   label=textwrap.shorten(who, 40))
            bottom = bottom + heights
        ax.set_xticks(exchanges.exchange)
        ax.set_xlabel("Question number (order in the interview)")
        ax.set_ylabel("Words in the answers")
        ax.set_title("Length of each panellist's answers through the interview", loc="left")
        ax.legend(title="Panellist", loc="upper center", bbox_to_anchor=(0.5, -0.22),
                  ncols=min(3, by_speaker.speaker.nunique()), frameon=False, fontsize=8, title_fontsize=8)
        return fig
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


CLOUD_SCALE = 2  # the words are placed on a canvas this many times smaller than the image, then drawn full size


def _cloud_image(frequencies: pd.DataFrame, max_words: int, width: int, height: int, margin: int, seed: int):
    """The word cloud of `word`/`count` rows as a `width` x `height` image array (fixed seed: the same layout every
    run); `margin` is the space around each word in the image's pixels."""
    counts = dict(zip(frequencies.word.head(max_words), frequencies["count"].head(max_words)))
    return WordCloud(
        width=width // CLOUD_SCALE, height=height // CLOUD_SCALE, scale=CLOUD_SCALE, background_color="white",
        random_state=seed, color_func=_colour, prefer_horizontal=0.95, max_words=max_words,
        margin=-(-margin // CLOUD_SCALE), relative_scaling=0.5,
    ).generate_from_frequencies(counts).to_array()


@_styled
def word_cloud(frequencies: pd.DataFrame, max_words: int = 80, seed: int = SEED) -> Figure:
    """A word cloud of `word`/`count` rows."""
    fig = _figure(7.0, 3.5)
    ax = fig.add_subplot()
    ax.imshow(_cloud_image(frequencies, max_words, 1400, 700, 4, seed), interpolation="bilinear")
    ax.set_axis_off()
    return fig


HATCHES = ["", "//", "..", "xx", "\\\\", "oo"]


@_styled
def prevalence_chart(prevalence: pd.DataFrame, names: dict[str, str], title: str) -> Figure:
    """Grouped horizontal bars: each theme's share of each interviewee's answer paragraphs, with its interval.

    `prevalence` is `comparison.prevalence` output (share, share_low, share_high,
    paragraphs); `names` maps interview slugs to display names, in the order to
    draw them. Error bars give the 95% Wilson interval; the number after a bar is
    the count of paragraphs behind the share. Hatching repeats the colour cue. With more
    than FEW interviews, one panel per theme with a labelled row per interview instead.
    """
    if len(names) > FEW:
        return _prevalence_panels(prevalence, names, title)
    labels = list(dict.fromkeys(prevalence.label))
    height = 1.6 + 0.42 * len(labels) * max(1, len(names)) ** 0.5
    fig = _figure(7.0, height)
    ax = fig.subplots()
    bar = 0.8 / len(names)
    for i, (slug, name) in enumerate(names.items()):
        columns = ["share", "share_low", "share_high", "paragraphs"]
        part = prevalence[prevalence.interview == slug].set_index("label")[columns].reindex(labels).fillna(0)
        share, low, high = part.share * 100, part.share_low * 100, part.share_high * 100
        ys = [j + (i - (len(names) - 1) / 2) * bar for j in range(len(labels))]
        ax.barh(ys, share, height=bar * 0.95, color=OKABE_ITO[i % len(OKABE_ITO)],
                hatch=HATCHES[i % len(HATCHES)], edgecolor="white", linewidth=0.5, label=name)
        ax.errorbar(share, ys, xerr=[share - low, high - share], fmt="none", ecolor="#333333", elinewidth=0.8,
                    capsize=2)
        for y, h, n in zip(ys, high, part.paragraphs):
            ax.text(h, y, f" {int(n)}", va="center", fontsize=6.5, color="#333333")
    ax.set_xlabel("Share of answer paragraphs (%), with 95% interval")
    ax.set_xlim(0, 108)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    fig.legend(loc="outside lower center", ncols=min(len(names), 4), fontsize=8, frameon=False)
    fig.suptitle(title, x=0.02, ha="left", fontsize=11)
    return fig


def _prevalence_panels(prevalence: pd.DataFrame, names: dict[str, str], title: str) -> Figure:
    """:func:`prevalence_chart` for many interviews: a panel per theme, a row per interview (names on the left).

    The count of paragraphs stands at the right end of each row, after the bar and its interval.
    """
    labels = list(dict.fromkeys(prevalence.label))
    fig = _figure(7.0, 1.5 + 0.16 * len(names))
    axes = fig.subplots(1, len(labels), sharey=True, squeeze=False)[0]
    ys = list(range(len(names)))
    columns = ["share", "share_low", "share_high", "paragraphs"]
    for ax, label in zip(axes, labels):
        part = prevalence[prevalence.label == label].set_index("interview")[columns].reindex(list(names)).fillna(0)
        share, low, high = part.share * 100, part.share_low * 100, part.share_high * 100
        ax.barh(ys, share, height=0.7, color=OKABE_ITO[0])
        ax.errorbar(share, ys, xerr=[share - low, high - share], fmt="none", ecolor="#333333", elinewidth=0.6,
                    capsize=1.2)
        for y, n in zip(ys, part.paragraphs):
            ax.text(134, y, f"{int(n)}", va="center", ha="right", fontsize=6, color="#333333")
        ax.set_xlim(0, 135)
        ax.set_xticks([0, 50, 100], ["0", "50", "100"], fontsize=7)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(_wrapped(label, 11), fontsize=7)
    axes[0].set_yticks(ys, list(names.values()), fontsize=7)
    axes[0].set_ylim(len(names) - 0.5, -0.5)
    fig.supxlabel("Share of answer paragraphs (%), with 95% interval; at the right, the count of paragraphs",
                  fontsize=8)
    fig.suptitle(title, x=0.02, ha="left", fontsize=11)
    return fig


@_styled
def heatmap(values: pd.DataFrame, title: str, fmt: str = "{:.0f}", cbar_label: str = "") -> Figure:
    """Annotated heatmap of a rows x columns table (cividis: readable in colour-blind vision and grey)."""
    rows, cols = values.shape
    fig = _figure(min(7.0, max(5.0, 3.4 + 1.2 * cols)), 1.6 + (0.34 if rows <= 20 else 0.2) * rows)
    ax = fig.add_subplot()
    data = values.to_numpy(dtype=float)
    image = ax.imshow(data, cmap="cividis", aspect="auto", vmin=0)
    # Many columns: upright labels, and values in a font that fits a narrow cell.
    many = cols > 8
    ax.set_xticks(range(cols), list(values.columns), rotation=90 if many else 50 if cols > 3 else 0,
                  ha="center" if many or cols <= 3 else "right", rotation_mode="default" if many else "anchor",
                  fontsize=7 if many else None)
    ax.set_yticks(range(rows), list(values.index), fontsize=7 if rows > 20 else None)
    size = 7.5 if cols <= 12 else 6
    top = data.max() if data.size else 0
    for r in range(rows):
        for c in range(cols):
            v = data[r, c]
            ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=size,
                    color="black" if top and v > 0.6 * top else "white")
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    bar = fig.colorbar(image, ax=ax, shrink=0.8)
    bar.set_label(cbar_label)
    ax.set_title(title, loc="left")
    return fig


TRAJECTORY_ROLES = {"interviewee": ("o", OKABE_ITO[0], "answer"), "interviewer": ("s", OKABE_ITO[1], "question"),
                    "narrator": ("^", OKABE_ITO[2], "framing"), "editor": ("D", OKABE_ITO[3], "editor's note")}


def _role_legend(fig: Figure, axes, loc: str) -> None:
    """One legend entry per role that some panel shows, below the panels."""
    handles, texts = [], []
    for ax in axes:
        for h, t in zip(*ax.get_legend_handles_labels()):
            if t not in texts:
                handles.append(h)
                texts.append(t)
    fig.legend(handles, texts, loc=loc, ncols=len(texts), frameon=False, fontsize=8)


@_styled
def trajectory_chart(trajectory: pd.DataFrame, labels: list[str], names: dict[str, str]) -> Figure:
    """Where each theme occurs through each interview: one row per theme, one panel per interview.

    Up to two interviews, the panels are stacked; more make a grid of small panels, the
    theme labels on the left of each row of panels and the interviewee above each panel.
    """
    many = len(names) > 2
    ncols = _columns(len(names), 5) if many else 1
    nrows = math.ceil(len(names) / ncols)
    row_height = 0.1 if many else 0.2
    height = 1.0 + nrows * (row_height * len(labels) + (0.45 if many else 0)) if many else \
        min(9.0, 1.0 + 0.2 * len(labels) * len(names))
    fig = _figure(7.0, height)
    axes = _grid(fig, len(names), ncols)
    row = {label: i for i, label in enumerate(labels)}
    for ax, (slug, name) in zip(axes, names.items()):
        part = trajectory[trajectory.interview == slug]
        for role, (marker, colour, text) in TRAJECTORY_ROLES.items():
            pts = part[part.role == role]
            if len(pts):
                ax.scatter(pts.position * 100, pts.label.map(row), marker=marker, s=7 if many else 22, color=colour,
                           label=text, linewidths=0)
        ax.set_yticks(range(len(labels)), labels, fontsize=6 if many else 8)
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.set_title(_wrapped(name, 24) if many else name, loc="left", fontsize=6.5 if many else 10)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        if many:
            ax.set_xticks([0, 50, 100])
            ax.tick_params(axis="x", labelsize=6.5)
    axes[-1].set_xlim(0, 100)
    xlabel = "Position in the interview (% of paragraphs, in source order)"
    if many:
        fig.supxlabel(xlabel, fontsize=8)
    else:
        axes[-1].set_xlabel(xlabel)
    _role_legend(fig, axes, "outside upper center" if many else "outside lower center")
    return fig


@_styled
def alignment_chart(long: pd.DataFrame, labels: list[str], names: dict[str, str], exchanges: dict[str, int]) -> Figure:
    """For each exchange (a row) and theme (a column): asked and answered, asked only, or answered only.

    `long` is `alignment.alignment` output with labels; `exchanges` gives each
    interview's number of exchanges, so that an exchange without any theme keeps its row.
    One panel per interview, stacked for up to two interviews and in a grid of small
    panels for more; shapes and colours both tell the three cases apart.
    """
    styles = {"asked and answered": ("o", OKABE_ITO[0]), "asked, not answered": ("s", OKABE_ITO[1]),
              "answered, not asked": ("^", OKABE_ITO[2])}
    many = len(names) > 2
    counts = [max(1, exchanges.get(slug, 1)) for slug in names]
    ncols = _columns(len(names), 3) if many else 1
    heights = [max(counts[i:i + ncols]) for i in range(0, len(counts), ncols)]
    if many:
        fig = _figure(7.0, 2.6 + 0.11 * sum(heights) + 0.45 * len(heights))
    else:
        fig = _figure(7.0, 2.2 + 0.24 * sum(heights) + 0.3 * len(names))
    axes = _grid(fig, len(names), ncols, sharey=False, height_ratios=heights)
    column = {label: i for i, label in enumerate(labels)}
    for i, (ax, (slug, name)) in enumerate(zip(axes, names.items())):
        part = long[long.interview == slug]
        for status, (marker, colour) in styles.items():
            pts = part[part.status == status]
            ax.scatter(pts.label.map(column), pts.exchange, marker=marker, s=9 if many else 30, color=colour,
                       label=status, linewidths=0, zorder=3)
        count = exchanges.get(slug, 1)
        ax.set_yticks(range(1, count + 1), [f"Q{n}" for n in range(1, count + 1)], fontsize=5.5 if many else 7.5)
        ax.set_ylim((heights[i // ncols] if many else count) + 0.6, 0.4)
        ax.set_title(_wrapped(name, 30) if many else name, loc="left", fontsize=6.5 if many else 10)
        ax.grid(color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="x", labelrotation=90, labelsize=6 if many else 7.5)
    axes[-1].set_xticks(range(len(labels)), labels)
    axes[-1].set_xlim(-0.6, len(labels) - 0.4)
    handles = [axes[0].scatter([], [], marker=m, s=30, color=c, linewidths=0) for m, c in styles.values()]
    fig.legend(handles, list(styles), loc="outside upper center" if many else "outside lower center", ncols=3,
               frameon=False, fontsize=8)
    return fig


@_styled
def lift_chart(lift: pd.DataFrame, names: dict[str, str], title: str) -> Figure:
    """Dot plot of theme pairs: lift (observed / expected paragraphs with both) on a log axis, per interview.

    `lift` is `comparison.cooccurrence_lift` output, already filtered to the pairs to
    show; each row is a pair, each interview a colour and marker, and the label after
    each dot gives the observed and expected counts. A line marks lift 1 (chance). With
    more than FEW interviews, every interview's dot looks alike (half transparent, so
    that dots on one another darken) and carries no label.
    """
    order = lift.assign(pair=list(zip(lift.label_a, lift.label_b))).groupby("pair", sort=False).lift.max()
    pairs = list(order.sort_values(ascending=False, kind="stable").index)
    many = len(names) > FEW
    fig = _figure(7.0, 1.4 + len(pairs) * (0.3 if many else 0.1 + 0.12 * len(names)))
    ax = fig.subplots()
    markers = ["o", "s", "^", "D", "v", "P"]
    step = 0.6 / max(1, len(names))
    if many:  # one row per pair, a dot per interview; the counts are in the chart's data
        ys = [pairs.index((a, b)) for a, b in zip(lift.label_a, lift.label_b)]
        ax.scatter(lift.lift, ys, color=OKABE_ITO[0], s=16, alpha=0.45, linewidths=0, zorder=3,
                   label=f"a dot per interview ({len(names)} interviews; darker where dots coincide)")
    for i, (slug, name) in enumerate([] if many else names.items()):
        part = lift[lift.interview == slug]
        ys = [pairs.index((a, b)) + (i - (len(names) - 1) / 2) * step for a, b in zip(part.label_a, part.label_b)]
        ax.scatter(part.lift, ys, color=OKABE_ITO[i % len(OKABE_ITO)], marker=markers[i % len(markers)], s=28,
                   label=name, zorder=3)
        for x, y, o, e in zip(part.lift, ys, part.observed, part.expected):
            ax.text(x, y, f"  {o} vs {e:.1f}", va="center", fontsize=6.5, color="#333333")
    ax.set_xscale("log", base=2)
    ticks = [2.0 ** k for k in range(-4, 7)]
    ax.set_xticks(ticks, [f"{x:g}" for x in ticks])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.axvline(1, color="#555555", linestyle="--", linewidth=0.8)
    ax.set_yticks(range(len(pairs)), [f"{a} + {b}" for a, b in pairs], fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlabel("Lift: observed ÷ expected (1 = chance)")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    lo, hi = lift.lift.min() if len(lift) else 1, lift.lift.max() if len(lift) else 1
    ax.set_xlim(min(lo, 1) / 1.5, max(hi, 1) * 3)
    fig.legend(loc="outside lower center", ncols=1 if many else min(len(names), 4), fontsize=8, frameon=False)
    fig.suptitle(title, x=0.02, ha="left", fontsize=11)
    return fig


@_styled
def log_odds_chart(distinctive: pd.DataFrame, name_a: str, name_b: str,
                   thresholds: tuple[float, float] = (1.96, 1.96)) -> Figure:
    """Horizontal bars of z-scores: words most typical of a (right) and of b (left).

    Dashed lines mark the thresholds of each side (a's to the right, b's to the left).
    """
    frame = distinctive.sort_values("z", kind="stable")
    fig = _figure(7.0, 1.0 + 0.19 * len(frame))
    ax = fig.add_subplot()
    colours = [OKABE_ITO[0] if z > 0 else OKABE_ITO[1] for z in frame.z]
    hatches = ["" if z > 0 else "//" for z in frame.z]
    bars = ax.barh(range(len(frame)), frame.z, color=colours, edgecolor="white", linewidth=0.5)
    for b, h in zip(bars, hatches):
        b.set_hatch(h)
    ax.set_yticks(range(len(frame)), [f"{w} ({a}/{b})" for w, a, b in zip(frame.word, frame.count_a, frame.count_b)],
                  fontsize=7.5)
    for x in (-thresholds[1], thresholds[0]):
        ax.axvline(x, color="#555555", linestyle="--", linewidth=0.8)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"z-score of the weighted log-odds ratio (right: {name_a}; left: {name_b})")
    ax.set_title(f"Words that distinguish {name_a} from {name_b} (counts {name_a}/{name_b})", loc="left")
    return fig


@_styled
def against_rest_chart(table: pd.DataFrame, names: dict[str, str], words: int = 6) -> Figure:
    """A panel per interview: the words most typical of its answers against all the others' (z-scores).

    `table` is `comparison.against_rest` output; the bars are each interview's `words`
    highest z-scores, labelled with the word and its count in the interview's answers,
    and a dashed line marks its family-wise threshold.
    """
    ncols = _columns(len(names), 3)
    nrows = math.ceil(len(names) / ncols)
    fig = _figure(7.0, 1.0 + nrows * (0.16 * words + 0.5))
    axes = _grid(fig, len(names), ncols, sharey=False)
    for ax, (slug, name) in zip(axes, names.items()):
        top = table[table.interview == slug].sort_values(["z", "word"], ascending=[False, True], kind="stable")
        top = top.head(words).iloc[::-1]
        ax.barh(range(len(top)), top.z, color=OKABE_ITO[0], height=0.7)
        ax.set_yticks(range(len(top)), [f"{w} ({a})" for w, a in zip(top.word, top.count_a)], fontsize=6)
        ax.set_ylim(-0.6, words - 0.4)
        if len(top):
            ax.axvline(float(top.threshold.iloc[0]), color="#555555", linestyle="--", linewidth=0.8)
        else:
            ax.text(0.02, 0.5, "no content words to compare", transform=ax.transAxes, fontsize=6, va="center")
        ax.axvline(0, color="black", linewidth=0.6)
        ax.set_title(_wrapped(name, 22), loc="left", fontsize=6.5)
        ax.tick_params(axis="x", labelsize=6.5)
    fig.supxlabel("z-score of the weighted log-odds ratio, the interview against all the others "
                  "(dashed: family-wise threshold)", fontsize=8)
    return fig


@_styled
def word_cloud_pair(frequencies: dict[str, pd.DataFrame], max_words: int = 60, seed: int = SEED) -> Figure:
    """Word clouds side by side, one per speaker, each with the same fixed seed (rows of three for more than two)."""
    many = len(frequencies) > 2
    ncols = 3 if many else len(frequencies)
    nrows = math.ceil(len(frequencies) / max(1, ncols))
    fig = _figure(7.0, 1.75 * nrows if many else 2.4)
    axes = list(fig.subplots(nrows, max(1, ncols), squeeze=False).flat)
    for ax in axes:
        ax.set_axis_off()
    for ax, (name, freq) in zip(axes, frequencies.items()):
        ax.imshow(_cloud_image(freq, max_words, 900, 600, 3, seed), interpolation="bilinear")
        ax.set_title(name, fontsize=8 if many else 10)
    return fig


TIMELINE_SHAPES = {"text": ("o", "date given in the text"),
                   "inferred": ("s", "year or month inferred from the text"),
                   "outside": ("D", "date from a cited outside source")}


@_styled
def timeline_chart(events: pd.DataFrame, names: dict[str, str], surnames: dict[str, str]) -> Figure:
    """One row per event, in date order: a marker at its date, shaped by where the date comes from.

    `events` is `reading_notes.load_timeline` output. The colour is the interview that
    mentions the event; a line under a marker spans the year or month that a date of
    that precision covers. The row label names the event and its paragraphs.
    """
    # Colour names the interview while there are few; beyond, the row labels do (they cite each paragraph).
    colour = {slug: OKABE_ITO[i % len(OKABE_ITO)] if len(names) <= FEW else "#555555" for i, slug in enumerate(names)}
    fig = _figure(7.0, 1.5 + 0.3 * max(1, len(events)))
    ax = fig.add_subplot()
    for y, e in enumerate(events.itertuples()):
        marker = TIMELINE_SHAPES[e.date_from][0]
        span = 1.0 if len(e.date) == 4 else (1 / 12 if len(e.date) == 7 else 0.0)
        c = colour.get(e.interviews[0], "#555555")
        if span:
            ax.plot([e.when - span / 2, e.when + span / 2], [y, y], color=c, linewidth=2.2, alpha=0.5,
                    solid_capstyle="butt")
        ax.scatter([e.when], [y], marker=marker, s=34, color=c, zorder=3, linewidths=0)
    labels = []
    for e in events.itertuples():
        refs = "; ".join(f"{surnames[s]} " + ", ".join(p.split(":")[1] for p in e.paragraphs if p.startswith(s + ":"))
                         for s in e.interviews)
        labels.append(textwrap.fill(f"{e.event} ({refs})", 52))
    ax.set_yticks(range(len(events)), labels, fontsize=7.5)
    ax.set_ylim(len(events) - 0.4, -0.6)
    if len(events):
        ax.set_xlim(int(events.when.min()) - 1, int(events.when.max()) + 2)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel("Year")
    shapes = [ax.scatter([], [], marker=m, s=34, color="#555555", linewidths=0) for m, _ in TIMELINE_SHAPES.values()]
    shown = names if len(names) <= FEW else {}
    people = [ax.scatter([], [], marker="o", s=34, color=colour[s], linewidths=0) for s in shown]
    labels = [label for _, label in TIMELINE_SHAPES.values()] + [f"mentioned by {names[s]}" for s in shown]
    fig.legend(shapes + people, labels, loc="outside lower center", ncols=2, frameon=False, fontsize=7.5)
    return fig
