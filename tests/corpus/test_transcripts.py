"""The parser (`interviews.corpus.transcripts`): the real transcripts, and every accepted form on crafted texts."""

import re

import pytest

from interviews.corpus import transcripts
from interviews.corpus.metadata import Person, Speaker
from interviews.corpus.transcripts import heading_text, parse_text, read_text
from interviews.errors import InputError
from tests.helpers import make_interview


@pytest.fixture(scope="module")
def parsed(root):
    return transcripts.load_corpus(root)[1]


# --- the real files -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "paragraphs", "questions", "answers", "answer_paragraphs", "narrator", "editor"),
    [
        ("liu-youping-2020", 61, 13, 13, 41, 6, 1),
        ("wang-zhongping-2022", 15, 4, 4, 7, 4, 0),
    ],
)
def test_counts_determined_by_reading(parsed, slug, paragraphs, questions, answers, answer_paragraphs,
                                      narrator, editor):
    p = parsed[slug].paragraphs
    assert len(p) == paragraphs
    assert p[p.role == "interviewer"].turn.nunique() == questions
    assert p[p.role == "interviewee"].turn.nunique() == answers
    assert (p.role == "interviewee").sum() == answer_paragraphs
    assert (p.role == "narrator").sum() == narrator
    assert (p.role == "editor").sum() == editor


def test_liu_sections_and_roles(parsed):
    t = parsed["liu-youping-2020"]
    assert t.headings == [
        "Editor’s Note",
        "Social organizations have done remarkably well this time",
        "The absence of pivot organizations is the biggest issue",
        "We must emphasize cooperation, never confrontation",
        "A special primer into Charity",
    ]
    p = t.paragraphs.set_index("paragraph")
    assert p.loc["liu-youping-2020:p01", "role"] == "editor"
    assert p.loc["liu-youping-2020:p01", "section"] == "Editor’s Note"
    assert p.loc["liu-youping-2020:p02", "section"] == ""  # after the editor's note ends
    assert p.loc["liu-youping-2020:p08", "speaker"] == "Ma Guangzhi"
    assert p.loc["liu-youping-2020:p08", "text"].startswith("When was the first time")
    assert p.loc["liu-youping-2020:p36", "section"] == "The absence of pivot organizations is the biggest issue"
    assert "行业组织" in p.loc["liu-youping-2020:p36", "text"]
    assert p.loc["liu-youping-2020:p61", "exchange"] == 13
    assert t.in_brief.startswith("An interview with a keen observer")


def test_wang_aliases_and_title_line(parsed):
    t = parsed["wang-zhongping-2022"]
    p = t.paragraphs
    assert set(p[p.role == "interviewee"].speaker) == {"Wang Zhongping"}
    assert set(p[p.role == "interviewer"].speaker) == {"China Philanthropy Times reporter"}
    assert p.text.iloc[5].startswith("I think that in terms of volunteer services")  # label stripped
    assert t.headings == [] and t.in_brief is None
    # the unlabelled paragraphs after the first answer continue it
    assert list(p.turn[5:9]) == [2, 2, 2, 2]


def test_boilerplate_dropped_and_ids_sequential(parsed):
    for t in parsed.values():
        p = t.paragraphs
        assert not p.text.str.strip().isin(["Home", ">", "Analysis", "In Brief", "Table of Contents"]).any()
        assert not p.text.str.contains(t.interview.title, regex=False).any()
        assert list(p.n) == list(range(1, len(p) + 1))
        assert p.paragraph.is_unique
        assert (p.words > 0).all()
        assert p.line.is_monotonic_increasing


# --- crafted texts -------------------------------------------------------------------


def test_multi_paragraph_answers_and_answer_without_label(interview):
    text = (
        "Intro by the reporter.\n\n"
        "Interviewer: First question?\n\n"
        "Jane Doe: First answer.\n\nIt goes on.\n\n"
        "Interviewer: Second question?\n\n"
        "An answer whose label is missing.\n\n"
        "Q: Third question?\n\n"
        "Doe:Third answer, no space after the colon.\n"
    )
    p = parse_text(text, interview).paragraphs
    assert list(p.role) == ["narrator", "interviewer", "interviewee", "interviewee", "interviewer",
                            "interviewee", "interviewer", "interviewee"]
    assert list(p.exchange) == [0, 1, 1, 1, 2, 2, 3, 3]
    assert list(p.turn) == [0, 1, 2, 2, 3, 4, 5, 6]
    assert p.text.iloc[7] == "Third answer, no space after the colon."
    assert p.speaker.iloc[0] == "Reporter"


def test_hard_wrapped_lines_are_joined_and_headings_detected(interview):
    text = "# A Markdown heading\n\nInterviewer: A question\nwrapped over two lines?\n\nDoe: Yes.\n"
    t = parse_text(text, interview)
    assert t.headings == ["A Markdown heading"]
    assert t.paragraphs.text.iloc[0] == "A question wrapped over two lines?"
    assert t.paragraphs.line.tolist() == [3, 6]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("“The absence of pivot organizations is the biggest issue”",
         "The absence of pivot organizations is the biggest issue"),
        ("Editor’s Note", "Editor’s Note"),
        ("## Part two", "Part two"),
        ("“A full sentence that is quoted. And another one.”", None),
        ("Yes.", None),
        ("Interviewer: Why?", None),
        ("This is a long ordinary paragraph without a final stop but with many words in it", None),
    ],
)
def test_heading_rule(block, expected):
    assert heading_text(block) == expected


def test_unknown_speaker_label_is_an_error_never_a_guess_by_position(interview):
    text = "Interviewer: Hello?\n\nDoe: Hi.\n\nJohn Smith: I was not invited.\n"
    with pytest.raises(InputError, match="unknown speaker label 'John Smith'") as info:
        parse_text(text, interview, source="x.txt")
    assert info.value.line == 5


def test_colon_in_ordinary_prose_is_not_a_label(interview):
    text = "Interviewer: What matters?\n\nDoe: Two things.\n\nThe first thing we learned this year: patience.\n"
    p = parse_text(text, interview).paragraphs
    assert p.role.tolist() == ["interviewer", "interviewee", "interviewee"]


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"", "the file is empty", None),
        (b"  \n\n", "the file is empty", None),
        (b"Interviewer: a\n\n\x00\x01\x02", "binary data", 3),
        ("Interviewer: caf\xe9?\n\nDoe: oui\n".encode("latin-1"), "not UTF-8: byte 0xE9", 1),
        ("Interviewer: ok\n\nDoe: na\xefve\n".encode("latin-1"), "not UTF-8", 3),
    ],
)
def test_read_text_rejects_bad_files(tmp_path, content, message, line):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_text(path)
    assert info.value.path == path and info.value.line == line


# --- accepted forms ---------------------------------------------------------------------


def parse(text, **overrides):
    return parse_text(text, make_interview(**overrides), source="t.txt")


def roles_and_texts(t):
    return list(zip(t.paragraphs.role, t.paragraphs.text))


def test_name_labels_with_surname_alias_and_role_label():
    t = parse("Interviewer: Why?\n\nJane Doe: Because.\n\nInterviewer: And then?\n\nDoe: Then this.\n")
    assert roles_and_texts(t) == [("interviewer", "Why?"), ("interviewee", "Because."),
                                  ("interviewer", "And then?"), ("interviewee", "Then this.")]
    assert set(t.paragraphs.speaker) == {"Reporter", "Jane Doe"}


@pytest.mark.parametrize(
    "text",
    [
        "Q: Why?\n\nA: Because.\n\nQ:And then?\n\nA:Then this.\n",
        "Q1. Why?\n\nA: Because.\n\nQ2. And then?\n\nA: Then this.\n",
        "Q1: Why?\n\nA: Because.\n\nQ1-follow-up: And then?\n\nA: Then this.\n",
        "**Q1: Why?**\n\nBecause.\n\n**Q2: And then?**\n\nThen this.\n",
        "**Interviewer:** Why?\n\n**Jane Doe:** Because.\n\n**Interviewer**: And then?\n\n**Doe**: Then this.\n",
        "INTERVIEWER: Why?\n\nJANE DOE: Because.\n\nINTERVIEWER: And then?\n\nDOE: Then this.\n",
    ],
    ids=["q-a", "numbered-full-stop", "numbered-follow-up", "bold-questions-unlabelled-answers",
         "bold-names", "all-caps"],
)
def test_question_answer_conventions(text):
    t = parse(text)
    assert roles_and_texts(t) == [("interviewer", "Why?"), ("interviewee", "Because."),
                                  ("interviewer", "And then?"), ("interviewee", "Then this.")]
    assert list(t.paragraphs.exchange) == [1, 1, 2, 2]


def test_initials_learned_from_the_text():
    interview = make_interview(
        interviewee=Person("Andreas Fulda"),
        speakers=(Speaker("Andreas Fulda", "interviewee", ("Andreas Fulda", "Fulda")),
                  Speaker("Reporter", "interviewer", ("Interviewer",))),
    )
    text = "Interviewer: First?\n\nAndreas Fulda (AF): One.\n\nInterviewer: Second?\n\nAF: Two.\n"
    t = parse_text(text, interview)
    assert roles_and_texts(t)[1] == ("interviewee", "One.")
    assert roles_and_texts(t)[3] == ("interviewee", "Two.")


def test_front_matter_headings_html_and_boilerplate_are_ignored():
    text = (
        "---\ntitle: Jane Doe: a crafted interview\ndate: 2024-05-01\n---\n\n"
        "Jane Doe: a crafted interview\n\n  • Home\n  • >\n  • Analysis\n\n"
        "# Part one\n\n"
        '<figure>\n<img src="photo.jpg" alt="A photo">\n<figcaption>Jane Doe at work</figcaption>\n</figure>\n\n'
        "<div class=\"ad\"></div>\n\n"
        "Part two\n========\n\n"
        "Q: Why?\n\nA: Because <em>really</em>.\n\n"
        "**Closing words**\n\nTable of Contents\n"
    )
    t = parse(text)
    assert roles_and_texts(t) == [("interviewer", "Why?"), ("interviewee", "Because <em>really</em>.")]
    assert t.headings == ["Part one", "Part two", "Closing words"]
    assert t.paragraphs.line.tolist() == [24, 26]  # lines of the raw file, front matter included


def test_script_in_text_is_kept_as_text():
    t = parse("Q: Is <script>alert(1)</script> safe?\n\nA: It is <img src=x onerror=alert(1)> text.\n")
    assert t.paragraphs.text.tolist() == ["Is <script>alert(1)</script> safe?",
                                          "It is <img src=x onerror=alert(1)> text."]


def test_no_labels_is_an_error_that_says_how_to_label():
    with pytest.raises(InputError, match="no speaker labels found") as info:
        parse("An essay.\n\nWith paragraphs but no speakers.\n")
    assert "'Jane Doe:'" in str(info.value) and info.value.line == 1 and info.value.path == "t.txt"


def test_q_a_convention_needs_a_single_interviewer():
    interview = make_interview(speakers=(
        Speaker("Jane Doe", "interviewee", ("Jane Doe",)),
        Speaker("Reporter", "interviewer", ("Reporter",)),
        Speaker("Editor", "interviewer", ("Editor",)),
    ))
    with pytest.raises(InputError, match="2 speakers with role interviewer"):
        parse_text("Q: Why?\n\nA: Because.\n", interview)


def test_bom_crlf_and_front_matter_are_read(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes("\ufeff---\r\ntitle: x\r\n---\r\n\r\nQ: Why?\r\n\r\nA: Because.\r\n".encode())
    text = read_text(path)
    assert "\r" not in text and not text.startswith("\ufeff")
    t = parse_text(text, make_interview())
    assert roles_and_texts(t) == [("interviewer", "Why?"), ("interviewee", "Because.")]


def test_answers_without_questions_is_an_error():
    with pytest.raises(InputError, match="no questions found"):
        parse("Jane Doe: I just talk.\n\nDoe: And talk.\n")


def test_website_title_repeated_in_navigation_is_dropped_even_if_it_looks_like_a_label():
    text = (
        "Jane Doe: Volunteers Need Platforms\n\n  • Home\n  • >\n  • Analysis\n  • >\n"
        "  • Jane Doe: Volunteers Need Platforms\n\n"
        "An introduction by the editors.\n\nQ: Why?\n\nJane Doe: Because.\n\n"
        "In Brief\n\nA summary.\nTable of Contents\n"
    )
    t = parse(text, title="Some other title given by hand")
    assert roles_and_texts(t) == [("narrator", "An introduction by the editors."), ("interviewer", "Why?"),
                                  ("interviewee", "Because.")]
    assert t.in_brief == "A summary."


@pytest.mark.parametrize("label", ["Secondly", "Finally", "For example", "However"])
def test_discourse_words_with_a_colon_are_text_not_labels(label):
    t = parse(f"Q: Why?\n\nA: Two reasons.\n\n{label}: the second one.\n")
    assert t.paragraphs.text.iloc[-1] == f"{label}: the second one."
    assert t.paragraphs.role.iloc[-1] == "interviewee"


def test_honorifics_before_a_known_name():
    t = parse("Q: Why?\n\nMs. Doe: Because.\n\nDr. Jane Doe: Also this.\n")
    assert list(t.paragraphs.speaker) == ["Reporter", "Jane Doe", "Jane Doe"]


def test_paragraph_ids_short_ids_and_answers(interview):
    p = parse_text("Interviewer: Why?\n\nDoe: Because.\n\nIt goes on.\n", interview).paragraphs
    assert list(p.paragraph) == [transcripts.paragraph_id("jane-doe-2024", n) for n in (1, 2, 3)]
    assert transcripts.paragraph_id("x", 7, width=3) == "x:p007"
    assert [transcripts.short_id(i) for i in p.paragraph] == ["p01", "p02", "p03"]
    assert list(transcripts.answers(p).text) == ["Because.", "It goes on."]


def test_possessive_word_pattern_counts_like_the_plain_one(parsed):
    plain = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
    texts = [*transcripts.paragraphs(parsed).text, "a--b it's x- -y foo_bar d’état 1-2-3 a'b' ––"]
    for text in texts:
        assert transcripts.WORD_RE.findall(text) == plain.findall(text)
