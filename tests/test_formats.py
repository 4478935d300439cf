"""The transcript formats the parser accepts, each on a small crafted text."""

import pytest

from conftest import make_interview
from interviews.corpus import parse_text, read_text
from interviews.errors import InputError
from interviews.metadata import Person, Speaker


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


def test_multi_paragraph_answers_and_missing_answer_label():
    t = parse("Q: Why?\n\nBecause of this.\n\nAnd that.\n\nQ: More?\n\nA: No.\n")
    assert list(t.paragraphs.role) == ["interviewer", "interviewee", "interviewee", "interviewer", "interviewee"]
    assert list(t.paragraphs.turn) == [1, 2, 2, 3, 4]


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
    assert "'Jane Doe:'" in str(info.value) and info.value.line == 1


def test_unknown_name_is_an_error_never_a_guess_by_position():
    with pytest.raises(InputError, match="unknown speaker label 'JOHN SMITH'") as info:
        parse("JOHN SMITH: Why?\n\nJANE DOE: Because.\n")
    assert info.value.line == 1


def test_q_a_convention_needs_a_single_interviewer():
    interview = make_interview(speakers=(
        Speaker("Jane Doe", "interviewee", ("Jane Doe",)),
        Speaker("Reporter", "interviewer", ("Reporter",)),
        Speaker("Editor", "interviewer", ("Editor",)),
    ))
    with pytest.raises(InputError, match="2 speakers with role interviewer"):
        parse_text("Q: Why?\n\nA: Because.\n", interview)


def test_bom_crlf_file(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes("\ufeff---\r\ntitle: x\r\n---\r\n\r\nQ: Why?\r\n\r\nA: Because.\r\n".encode())
    t = parse_text(read_text(path), make_interview())
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
