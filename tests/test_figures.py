import pandas as pd
from matplotlib.figure import Figure

from interviews import figures


def test_answer_lengths_draws_one_bar_per_exchange():
    x = pd.DataFrame({"exchange": [1, 2, 3], "section": ["A", "A", "B"], "answer_words": [10, 30, 20]})
    fig = figures.answer_lengths(x, "Jane Doe")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert [p.get_height() for p in ax.patches] == [10, 30, 20]
    assert len(ax.get_legend().get_texts()) == 2


def test_figures_are_byte_identical_across_runs():
    freq = pd.DataFrame({"word": ["charity", "sector", "volunteers", "government"], "count": [9, 5, 3, 2]})
    assert figures.png_bytes(figures.word_cloud(freq)) == figures.png_bytes(figures.word_cloud(freq))
    x = pd.DataFrame({"exchange": [1, 2], "section": ["", ""], "answer_words": [5, 7]})
    assert figures.png_bytes(figures.answer_lengths(x, "A")) == figures.png_bytes(figures.answer_lengths(x, "A"))


def test_palette_is_okabe_ito():
    assert figures.OKABE_ITO[:3] == ["#0072B2", "#E69F00", "#009E73"]
