"""Tests of interviews.report.plots: the figures drawn from plain tables."""

from types import SimpleNamespace

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from interviews.report import plots
from tests.helpers import drawn_texts, overlapping

PALETTE = [c.lower() for c in plots.OKABE_ITO]


def colour(artist) -> str:
    return to_hex(artist.get_facecolor()).lower()


def prevalence_frame() -> pd.DataFrame:
    """Two interviews, three themes; 'a' never has Talent and 'b' never has Trust."""
    return pd.DataFrame({"interview": ["a", "a", "b", "b"], "label": ["Capacity", "Trust", "Capacity", "Talent"],
                         "share": [0.25, 0.1, 0.5, 0.05], "share_low": [0.1, 0.02, 0.3, 0.01],
                         "share_high": [0.5, 0.4, 0.7, 0.2], "paragraphs": [3, 1, 6, 2]})


def trajectory_frame() -> pd.DataFrame:
    return pd.DataFrame({"interview": ["a", "a", "b", "b"], "position": [0.1, 0.5, 0.2, 0.9],
                         "role": ["interviewee", "interviewer", "interviewee", "narrator"],
                         "label": ["Capacity", "Trust", "Trust", "Capacity"]})


def distinctive_frame() -> pd.DataFrame:
    return pd.DataFrame({"word": ["social", "charity", "community"], "count_a": [76, 34, 3],
                         "count_b": [2, 0, 14], "z": [2.4, 1.8, -4.7]})


def test_answer_lengths_draws_one_bar_per_exchange():
    x = pd.DataFrame({"exchange": [1, 2, 3], "section": ["A", "A", "B"], "answer_words": [10, 30, 20]})
    fig = plots.answer_lengths(x, "Jane Doe")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert [p.get_height() for p in ax.patches] == [10, 30, 20]
    assert len(ax.get_legend().get_texts()) == 2


def test_answer_lengths_of_a_panel_stacks_each_panellists_words():
    x = pd.DataFrame({"exchange": [1, 2], "section": ["", ""], "answer_words": [13, 7]})
    by = pd.DataFrame({"exchange": [1, 1, 2, 2], "speaker": ["Doe", "Wang", "Doe", "Wang"],
                       "answer_words": [3, 10, 0, 7]})
    ax = plots.answer_lengths(x, "Doe, Wang", by).axes[0]
    assert [(p.get_y(), p.get_height()) for p in ax.patches] == [(0, 3), (0, 0), (3, 10), (0, 7)]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Doe", "Wang"]
    assert len({p.get_hatch() for p in ax.patches}) == 2, "panellists differ by hatch as well as colour"
    from tests.helpers import outside, overlapping

    names = ["Jane Doe-Smithson of the Example Foundation", "Wang Li", "Sam Roe", "Ann Lee", "Bo Chen"]
    many = pd.DataFrame({"exchange": [e for e in range(1, 13) for _ in names], "speaker": names * 12,
                         "answer_words": range(60)})
    twelve = pd.DataFrame({"exchange": range(1, 13), "section": "", "answer_words": 1})
    fig = plots.answer_lengths(twelve, "panel", many)
    assert overlapping(fig) == [] and outside(fig) == []
    one = plots.answer_lengths(x, "Doe", by[by.speaker == "Doe"]).axes[0]
    assert [p.get_height() for p in one.patches] == [13, 7], "one interviewee: the plain chart"


def test_figures_are_byte_identical_across_runs():
    freq = pd.DataFrame({"word": ["charity", "sector", "volunteers", "government"], "count": [9, 5, 3, 2]})
    assert plots.png_bytes(plots.word_cloud(freq)) == plots.png_bytes(plots.word_cloud(freq))
    x = pd.DataFrame({"exchange": [1, 2], "section": ["", ""], "answer_words": [5, 7]})
    assert plots.png_bytes(plots.answer_lengths(x, "A")) == plots.png_bytes(plots.answer_lengths(x, "A"))


def test_every_bar_is_coloured_from_the_okabe_ito_palette():
    x = pd.DataFrame({"exchange": range(1, 10), "section": list("ABCDEFGHI"), "answer_words": range(10, 19)})
    names = {"a": "Liu", "b": "Wang"}
    figs = [plots.answer_lengths(x, "A"), plots.prevalence_chart(prevalence_frame(), names, "T"),
            plots.log_odds_chart(distinctive_frame(), "Liu", "Wang")]
    bars = [p for fig in figs for ax in fig.axes for p in ax.patches]
    assert len(bars) == 9 + 6 + 3
    assert {colour(b) for b in bars} <= set(PALETTE)
    sections = [colour(p) for p in figs[0].axes[0].patches]
    assert sections[:8] == PALETTE and sections[8] == PALETTE[0]  # eight colours, then round again


def test_prevalence_chart_draws_a_bar_per_theme_and_interview_with_its_interval():
    fig = plots.prevalence_chart(prevalence_frame(), {"a": "Liu", "b": "Wang"}, "Sector weaknesses")
    (ax,) = fig.axes
    assert [p.get_width() for p in ax.patches] == pytest.approx([25, 10, 0, 50, 0, 5])
    assert [colour(p) for p in ax.patches] == [PALETTE[0]] * 3 + [PALETTE[1]] * 3
    assert [p.get_hatch() for p in ax.patches[::3]] == ["", "//"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Capacity", "Trust", "Talent"]
    assert ax.yaxis_inverted()  # first theme on top
    segments = [seg for coll in ax.collections for seg in coll.get_segments()]
    spans = [(round(s[0][0]), round(s[1][0])) for s in segments]
    assert spans[:3] == [(10, 50), (2, 40), (0, 0)], "error bars span the interval, in percent"


def test_prevalence_chart_writes_the_counts_after_the_intervals_and_names_the_interviews():
    fig = plots.prevalence_chart(prevalence_frame(), {"a": "Liu", "b": "Wang"}, "Sector weaknesses")
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.texts] == [" 3", " 1", " 0", " 6", " 0", " 2"]
    assert [round(t.get_position()[0]) for t in ax.texts[:3]] == [50, 40, 0]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Liu", "Wang"]
    assert fig.get_suptitle() == "Sector weaknesses"
    assert ax.get_xlabel() == "Share of answer paragraphs (%), with 95% interval"


def test_heatmap_writes_each_value_in_its_cell():
    values = pd.DataFrame({"Liu": [1.0, 2.5], "Wang": [30.0, 0.0]}, index=["Capacity", "Trust"])
    fig = plots.heatmap(values, "Themes", fmt="{:.1f}", cbar_label="% of answers")
    ax, bar = fig.axes
    cells = {(round(t.get_position()[0]), round(t.get_position()[1])): t for t in ax.texts}
    assert {k: t.get_text() for k, t in cells.items()} == {(0, 0): "1.0", (1, 0): "30.0", (0, 1): "2.5",
                                                          (1, 1): "0.0"}
    assert cells[1, 0].get_color() == "black" and cells[0, 0].get_color() == "white"  # dark text on light cells
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Liu", "Wang"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Capacity", "Trust"]
    assert ax.get_title(loc="left") == "Themes" and bar.get_ylabel() == "% of answers"


def test_heatmap_rotates_the_labels_of_more_than_three_columns():
    few = plots.heatmap(pd.DataFrame([[1, 2, 3]], columns=list("abc")), "T").axes[0]
    many = plots.heatmap(pd.DataFrame([[1, 2, 3, 4]], columns=list("abcd")), "T").axes[0]
    assert {t.get_rotation() for t in few.get_xticklabels()} == {0}
    assert {t.get_rotation() for t in many.get_xticklabels()} == {50}


def test_heatmap_of_zeros_has_white_text():
    ax = plots.heatmap(pd.DataFrame([[0, 0]], columns=["x", "y"]), "T").axes[0]
    assert [(t.get_text(), t.get_color()) for t in ax.texts] == [("0", "white"), ("0", "white")]


def test_trajectory_chart_draws_a_marker_per_paragraph_in_one_panel_per_interview():
    fig = plots.trajectory_chart(trajectory_frame(), ["Capacity", "Trust"], {"a": "Liu", "b": "Wang"})
    liu, wang = fig.axes
    assert [c.get_offsets().tolist() for c in liu.collections] == [[[10, 0]], [[50, 1]]]
    assert [c.get_offsets().tolist() for c in wang.collections] == [[[20, 1]], [[90, 0]]]
    assert [colour(c) for c in wang.collections] == [PALETTE[0], PALETTE[2]]
    assert [liu.get_title(loc="left"), wang.get_title(loc="left")] == ["Liu", "Wang"]
    assert [t.get_text() for t in liu.get_yticklabels()] == ["Capacity", "Trust"]
    assert wang.get_xlim() == (0, 100)


def test_trajectory_chart_has_one_legend_entry_per_role_shown():
    fig = plots.trajectory_chart(trajectory_frame(), ["Capacity", "Trust"], {"a": "Liu", "b": "Wang"})
    assert len(fig.legends) == 1
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["answer", "question", "framing"]


@pytest.mark.parametrize("labels", [["Capacity"], ["Capacity", "Trust"], ["Capacity", "Trust", "Talent"]])
@pytest.mark.parametrize("names", [{"a": "Liu Youping"}, {"a": "Liu Youping", "b": "Wang Zhongping"}])
def test_trajectory_chart_labels_do_not_overlap(labels, names):
    fig = plots.trajectory_chart(trajectory_frame(), labels, names)
    assert len(drawn_texts(fig)) >= len(labels) * len(names) + len(names) + 2
    assert overlapping(fig) == []


def test_log_odds_chart_sorts_words_by_z_with_their_counts():
    fig = plots.log_odds_chart(distinctive_frame(), "Liu", "Wang")
    ax = fig.axes[0]
    assert [p.get_width() for p in ax.patches] == [-4.7, 1.8, 2.4]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["community (3/14)", "charity (34/0)", "social (76/2)"]
    assert [colour(p) for p in ax.patches] == [PALETTE[1], PALETTE[0], PALETTE[0]]
    assert [p.get_hatch() for p in ax.patches] == ["//", "", ""]
    assert sorted(line.get_xdata()[0] for line in ax.lines) == [-1.96, 0, 1.96]
    assert "right: Liu; left: Wang" in ax.get_xlabel()
    assert ax.get_title(loc="left") == "Words that distinguish Liu from Wang (counts Liu/Wang)"


@pytest.mark.parametrize("n", [1, 3])
def test_log_odds_chart_labels_do_not_overlap(n):
    fig = plots.log_odds_chart(distinctive_frame().head(n), "Liu", "Wang")
    assert len(drawn_texts(fig)) >= n + 2
    assert overlapping(fig) == []


def test_against_rest_chart_draws_a_panel_per_interview_and_says_when_one_has_no_words():
    table = pd.DataFrame({"interview": ["a"] * 3, "word": ["charity", "sector", "donation"], "count_a": [9, 5, 2],
                          "z": [3.1, 2.0, 0.5], "threshold": [2.5] * 3})
    fig = plots.against_rest_chart(table, {"a": "Liu", "b": "Jane Doe"}, words=2)
    first, second = fig.axes
    assert [t.get_text() for t in first.get_yticklabels()] == ["sector (5)", "charity (9)"]
    assert [line.get_xdata()[0] for line in first.lines] == [2.5, 0]
    assert [t.get_text() for t in second.texts] == ["no content words to compare"] and not second.patches
    assert overlapping(fig) == []


def test_word_cloud_pair_draws_one_titled_panel_per_speaker():
    frequencies = {"Liu": pd.DataFrame({"word": ["charity", "sector"], "count": [9, 5]}),
                   "Wang": pd.DataFrame({"word": ["volunteer", "community"], "count": [8, 3]})}
    fig = plots.word_cloud_pair(frequencies, max_words=10)
    assert [ax.get_title() for ax in fig.axes] == ["Liu", "Wang"]
    assert not any(ax.axison for ax in fig.axes)
    images = [ax.images[0].get_array() for ax in fig.axes]
    assert [i.shape for i in images] == [(600, 900, 3)] * 2
    assert (images[0] != images[1]).any()
    again = plots.word_cloud_pair(frequencies, max_words=10)
    assert (again.axes[0].images[0].get_array() == images[0]).all()  # fixed seed: the same layout


def test_setup_applies_the_style_and_shows_figures_as_png(monkeypatch):
    from IPython.core.formatters import DisplayFormatter

    shell = SimpleNamespace(display_formatter=DisplayFormatter())
    monkeypatch.setattr("IPython.get_ipython", lambda: shell)
    with mpl.rc_context():
        plots.setup()
        assert mpl.rcParams["svg.hashsalt"] == "interviews-book" and mpl.rcParams["figure.dpi"] == 150
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == plots.OKABE_ITO
    assert shell.display_formatter.formatters["image/png"].lookup_by_type(Figure) is plots.png_bytes


def test_setup_outside_a_notebook_only_sets_the_style(monkeypatch):
    monkeypatch.setattr("IPython.get_ipython", lambda: None)
    with mpl.rc_context():
        plots.setup()
        assert mpl.rcParams["font.size"] == 10 and not mpl.rcParams["axes.spines.top"]


def timeline_frame(n: int) -> pd.DataFrame:
    """n events, alternating interviews and date provenances, with long event names."""
    kinds = ["text", "inferred", "outside"]
    dates = ["2003", "2020-01", "2016-03-16"]
    return pd.DataFrame([{
        "event": f"Event number {i} with a long name about a plenary session of a central committee",
        "date": dates[i % 3], "when": [2003.5, 2020.04, 2016.21][i % 3] + i / 100,
        "date_from": kinds[i % 3], "interviews": ["a" if i % 2 else "b"],
        "paragraphs": [f"{'a' if i % 2 else 'b'}:p{i + 1:02d}"],
    } for i in range(n)])


def test_timeline_chart_draws_one_row_per_event_shaped_by_provenance():
    events = timeline_frame(6)
    fig = plots.timeline_chart(events, {"a": "Liu Youping", "b": "Wang Zhongping"}, {"a": "Liu", "b": "Wang"})
    ax = fig.axes[0]
    markers = [c for c in ax.collections if len(c.get_offsets())]
    assert len(markers) == 6
    assert [round(c.get_offsets()[0][1]) for c in markers] == list(range(6))
    assert colour(markers[0]) == PALETTE[1] and colour(markers[1]) == PALETTE[0]  # b, then a, by names order
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[1].replace("\n", " ").endswith("(Liu p02)")
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[:3] == [label for _, label in plots.TIMELINE_SHAPES.values()]
    assert legend[3:] == ["mentioned by Liu Youping", "mentioned by Wang Zhongping"]


@pytest.mark.parametrize("n", [1, 17, 60])
def test_timeline_chart_labels_do_not_overlap(n):
    fig = plots.timeline_chart(timeline_frame(n), {"a": "Liu Youping", "b": "Wang Zhongping"},
                               {"a": "Liu", "b": "Wang"})
    assert overlapping(fig) == []


def test_dollar_signs_in_names_are_text_not_mathtext():
    exchanges = pd.DataFrame({"exchange": [1, 2], "answer_words": [10, 20], "section": ["A $x^2$", "B"]})
    fig = plots.answer_lengths(exchanges, "Jane $\\foo{$ Doe")
    plots.png_bytes(fig)  # draws without a mathtext parse error
    assert "Jane $\\foo{$ Doe" in fig.axes[0].get_title(loc="left")
