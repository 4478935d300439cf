"""Tests of interviews.report.figures: every chart of the book, its data and its exported files."""

import dataclasses
import datetime
import re

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib.figure import Figure

from interviews.dev import synthetic
from interviews.report import chapter_data, figures, plots
from interviews.report.chapter_data import CorpusData, InterviewData
from tests.helpers import outside, overlapping


@pytest.fixture(scope="module", autouse=True)
def style():
    with mpl.rc_context():
        plots.setup()
        yield


@pytest.fixture(scope="module")
def themes(root):
    return chapter_data.load_themes(root)


@pytest.fixture(scope="module")
def charts(themes):
    return figures.all_charts(themes)


def test_every_chart_has_a_unique_name_starting_with_fig(charts):
    names = [c.name for c in charts]
    assert len(set(names)) == len(names)
    assert all(name.startswith("fig-") for name in names)


def test_all_charts_puts_interview_charts_first_in_metadata_order(themes, charts):
    slugs = [i.slug for i in themes.corpus.interviews]
    expected = [f"fig-{slug}-{kind}" for slug in slugs for kind in ("answer-lengths", "wordcloud")]
    assert [c.name for c in charts[:len(expected)]] == expected
    assert [c.name for c in charts[len(expected):]] == [
        "fig-weakness-prevalence", "fig-government-prevalence", "fig-timeline", "fig-theme-heatmap",
        "fig-theme-trajectory", "fig-question-answer-alignment",
        "fig-theme-cooccurrence", "fig-log-odds", "fig-wordcloud-pair"]


def test_every_chart_has_data_and_draws_a_figure(charts):
    for chart in charts:
        assert len(chart.data) > 0 and len(chart.data.columns) > 0, chart.name
        assert isinstance(chart.figure, Figure) and chart.figure.axes, chart.name
        assert chart.figure is chart.figure  # drawn once, then kept


def test_chart_shows_as_png(charts, tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWS_CACHE", str(tmp_path))
    assert charts[0]._repr_png_().startswith(b"\x89PNG\r\n\x1a\n")


def test_a_charts_png_is_kept_and_shown_again_without_drawing(themes, tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWS_CACHE", str(tmp_path))
    chart = figures.weakness_prevalence(themes)
    png = chart.png()
    assert png == plots.png_bytes(figures.weakness_prevalence(themes).figure)
    assert list((tmp_path / "charts").glob("*.png")) == [tmp_path / "charts" / f"{chart.key()}.png"]
    with monkeypatch.context() as patch:
        patch.setattr(figures.Chart, "draw", lambda self: pytest.fail("a kept chart is drawn again"))
        assert figures.weakness_prevalence(themes).png() == png
    (tmp_path / "charts" / f"{chart.key()}.png").write_bytes(b"damaged")
    assert figures.weakness_prevalence(themes).png() == png  # a damaged file is drawn again


def test_a_chart_is_kept_under_everything_it_is_drawn_from(themes):
    chart = figures.weakness_prevalence(themes)
    table, names, title = chart.args
    renamed = {**names, next(iter(names)): "Someone Else"}
    changed = table.copy()
    changed.iloc[0, -1] = 99
    keys = {dataclasses.replace(chart, args=args).key() for args in
            [(table, names, title), (table, renamed, title), (changed, names, title), (table, names, "Another")]}
    assert len(keys) == 4
    assert dataclasses.replace(chart, name="fig-other").key() != chart.key()
    assert dataclasses.replace(chart, plot=plots.heatmap).key() != chart.key()


def test_a_chart_cannot_be_kept_under_values_it_cannot_fingerprint(themes):
    assert figures.fingerprint({"a": [1, 2.5, None]}) != figures.fingerprint({"a": [1, 2.5]})
    assert figures.fingerprint(pd.DataFrame({"x": [1]})) != figures.fingerprint(pd.DataFrame({"x": [1.0]}))
    with pytest.raises(TypeError, match="ThemeData"):
        figures.fingerprint((themes,))


def test_svg_is_the_same_for_two_charts_built_alike_and_has_no_date(themes):
    today = datetime.date.today().isoformat().encode()
    for make in (figures.theme_trajectory, figures.log_odds):
        svg = make(themes).svg_bytes()
        assert svg == make(themes).svg_bytes()
        assert svg.startswith(b"<?xml") and b"<svg" in svg
        assert b"dc:date" not in svg and today not in svg
        assert re.search(rb"\d{4}-\d\d-\d\d", svg) is None


def test_svg_bytes_are_identical_across_two_calls(themes):
    charts = [figures.weakness_prevalence(themes), figures.theme_heatmap(themes), figures.theme_trajectory(themes)]
    assert [c.name for c in charts if c.svg_bytes() != c.svg_bytes()] == []


def test_export_writes_an_svg_and_a_png_named_after_each_chart(themes, tmp_path):
    charts = [figures.log_odds(themes), figures.government_prevalence(themes)]
    written = figures.export(charts, tmp_path)
    expected = [tmp_path / f"{c.name}.{suffix}" for c in charts for suffix in ("svg", "png")]
    assert written == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in expected)
    assert (tmp_path / "fig-log-odds.svg").read_bytes().startswith(b"<?xml")
    assert (tmp_path / "fig-government-prevalence.png").read_bytes().startswith(b"\x89PNG")


def test_log_odds_pair_is_the_first_two_interviews_of_the_metadata(themes):
    slugs = [i.slug for i in themes.corpus.interviews]
    assert figures.log_odds_pair(themes) == slugs[:2]
    reordered = dataclasses.replace(themes, corpus=CorpusData(themes.corpus.interviews[::-1],
                                                              themes.corpus.transcripts))
    assert figures.log_odds_pair(reordered) == slugs[::-1][:2]


def test_log_odds_chart_names_the_pair_by_surname(themes):
    a, b = (themes.surnames[s] for s in figures.log_odds_pair(themes))
    title = figures.log_odds(themes).figure.axes[0].get_title(loc="left")
    assert title.startswith(f"Words that distinguish {a} from {b} ")


def test_a_single_interview_has_no_log_odds_chart(themes):
    first = themes.corpus.interviews[0]
    single = dataclasses.replace(
        themes, corpus=CorpusData([first], {first.slug: themes.corpus.transcripts[first.slug]}),
        coded=themes.coded[themes.coded.interview == first.slug])
    names = [c.name for c in figures.all_charts(single)]
    assert "fig-log-odds" not in names
    assert names[:2] == [f"fig-{first.slug}-answer-lengths", f"fig-{first.slug}-wordcloud"]
    assert len(names) == 2 + len(figures.THEME_CHARTS) - 1


@pytest.fixture(scope="module", params=[2, 12, 50])
def scaled(request, root):
    """The book's corpus with synthetic interviews up to 2, 12 and 50 (`interviews.dev.synthetic.theme_data`)."""
    return synthetic.theme_data(root, request.param)


def test_no_text_of_any_chart_leaves_the_figure_or_overlaps_another_at_2_12_and_50_interviews(scaled):
    """Every label, tick label and annotation lies inside the figure, and no two overlap (word clouds aside).

    Every theme chart is drawn from the corpus at each size; the interview charts, which
    draw one interview, for the real interviews and one synthetic interview of each.
    """
    charts = [make(scaled) for make in figures.THEME_CHARTS]
    for interview in scaled.corpus.interviews[:4]:
        data = InterviewData(interview, scaled.corpus.transcripts[interview.slug], None, scaled.concepts)
        charts += [figures.answer_lengths(data), figures.word_cloud(data)]
    for chart in charts:
        fig = chart.draw()
        assert outside(fig) == [], (len(scaled.names), chart.name)
        assert overlapping(fig) == [], (len(scaled.names), chart.name)


def test_no_legend_names_more_than_a_few_interviewees(root):
    """With twelve interviews, colour names no interviewee: no legend lists more than plots.FEW of them."""
    many = synthetic.theme_data(root, 12)
    names = set(many.chart_names.values()) | set(many.names.values())
    for make in figures.THEME_CHARTS:
        texts = {t.get_text() for legend in make(many).figure.legends for t in legend.get_texts()}
        assert len(texts & names) <= plots.FEW, make.__name__
    two = figures.weakness_prevalence(synthetic.theme_data(root, 2)).figure
    assert {t.get_text() for t in two.legends[0].get_texts()} == {"Liu Youping", "Wang Zhongping"}
