from interviews.analysis import structure
from interviews.corpus.transcripts import parse_text

TEXT = (
    "A framing paragraph of six words.\n\n"
    "Interviewer: One two three?\n\n"
    "Doe: One two three four five.\n\nSix seven.\n\n"
    "Interviewer: Again?\n\n"
    "Doe: One.\n"
)


def test_overview_and_exchanges(interview):
    p = parse_text(TEXT, interview).paragraphs
    o = structure.overview(p).iloc[0]
    assert (o.paragraphs, o.questions, o.answers, o.answer_paragraphs) == (6, 2, 2, 3)
    assert (o.words, o.question_words, o.answer_words, o.framing_words) == (18, 4, 8, 6)
    assert o.mean_answer_words == 4.0 and o.longest_answer_words == 7
    x = structure.exchanges(p)
    assert x.answer_words.tolist() == [7, 1]
    assert x.question_paragraph.tolist() == ["jane-doe-2024:p02", "jane-doe-2024:p05"]


def test_words_by_speaker_orders_roles(interview):
    w = structure.words_by_speaker(parse_text(TEXT, interview).paragraphs)
    assert w.role.tolist() == ["narrator", "interviewer", "interviewee"]
    assert w.words.tolist() == [6, 4, 8]
    assert round(w.share_pct.sum()) == 100


def test_answer_words_by_speaker_counts_each_panellist_in_each_exchange():
    import pandas as pd

    p = pd.DataFrame({
        "exchange": [0, 1, 1, 1, 1, 2, 2],
        "role": ["narrator", "interviewer", "interviewee", "interviewee", "interviewee", "interviewer", "interviewee"],
        "speaker": ["", "Mod", "Doe", "Wang", "Wang", "Mod", "Wang"],
        "words": [9, 5, 3, 4, 6, 2, 7]})
    table = structure.answer_words_by_speaker(p)
    assert table.values.tolist() == [[1, "Doe", 3], [1, "Wang", 10], [2, "Doe", 0], [2, "Wang", 7]]
