"""The parser (`interviews.corpus.transcripts`): the real transcripts, and every accepted form on crafted texts."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def test_bold_statements_between_bold_questions_are_questions_too():
    t = parse("**Why?**\n\nBecause.\n\n**You sound tired.**\n\nI am.\n\n"
              "**What can you measure? People imagine a lab.**\n\nNot much.\n\n**And then?**\n\nThen this.\n")
    assert [r for r, _ in roles_and_texts(t)] == ["interviewer", "interviewee"] * 4
    assert roles_and_texts(t)[2] == ("interviewer", "You sound tired.")
    alone = parse("**Why?**\n\nBecause.\n\n**And then?**\n\nThen this.\n\n**I stress this.**\n\n**Done?**\n\nYes.\n")
    assert [r for r, _ in roles_and_texts(alone)].count("interviewer") == 3, "a bold sentence with no answer after it"


@pytest.mark.parametrize("label",
                         ["Editor's note", "Introduction", "Foreword", "**Introduction:**", "From the editors"])
def test_a_labelled_introduction_is_the_editors_note(label):
    colon = "" if label.endswith(":**") else ":"
    t = parse(f"{label}{colon} She founded it in 2013.\n\nIt has nine staff.\n\nQ: Why?\n\nA: Because.\n")
    assert roles_and_texts(t) == [("editor", "She founded it in 2013."), ("editor", "It has nine staff."),
                                  ("interviewer", "Why?"), ("interviewee", "Because.")]


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


# --- real articles: furniture, numbering, questions by form, timestamps -----------------------


def reasons(t):
    return {s.line: s.reason for s in t.skipped}


def test_furniture_is_dropped_wherever_it_stands_and_reported():
    text = (
        "![Jane at work](https://x.org/jane.jpg)\n\n"
        "Q: Why?\n\n---\n\nA: Because.\n\n[Read the report](https://x.org/r.pdf)\n\nIt goes on.\n\n"
        "Subscribe to our newsletter!\n\nQ: And then?\n\nA: Then this.\n"
    )
    t = parse(text)
    assert roles_and_texts(t) == [("interviewer", "Why?"), ("interviewee", "Because."), ("interviewee", "It goes on."),
                                  ("interviewer", "And then?"), ("interviewee", "Then this.")]
    assert reasons(t) == {1: "image", 5: "thematic break", 9: "link-only line",
                          13: "a notice (subscription, sharing, copyright)"}


FOOTER = (
    "Q: Why?\n\nA: Because.\n\nAnd one more thing.\n\n"
    "---\n\n"
    "![](https://x.org/logo.png)\n\n"
    "Jane Doe spoke to us in May. Read our other interviews.\n\n"
    "**John Smith** is a reporter at Example Weekly.\n"
)


def test_the_conversation_ends_at_a_rule_after_the_last_answer():
    t = parse(FOOTER)
    assert roles_and_texts(t)[-1] == ("interviewee", "And one more thing.")
    r = reasons(t)
    assert (r[7], r[9]) == ("thematic break", "image")
    assert r[11] == "page footer after the conversation (it follows a thematic break at line 7)"
    assert r[13] == "page footer after the conversation: an author's bio (bold name)"


@pytest.mark.parametrize(
    ("tail", "reason"),
    [
        ("*Jane Doe is the director of Example Foundation.*", "a note in italics"),
        ("**Jane Doe** is the director of Example Foundation.", "an author's bio (bold name)"),
        ("This interview has been edited for length and clarity.", "an editorial note"),
    ],
)
def test_a_closing_footer_without_a_rule(tail, reason):
    t = parse(f"Q: Why?\n\nA: Because.\n\nMore of the answer.\n\n{tail}\n")
    assert roles_and_texts(t)[-1] == ("interviewee", "More of the answer.")
    assert reasons(t)[7] == f"page footer after the conversation: {reason}"


def test_an_italic_paragraph_inside_the_last_answer_stays():
    t = parse("Q: Why?\n\nA: Because.\n\n*This, I think, matters most.*\n\nAnd a last sentence.\n")
    assert [text for _, text in roles_and_texts(t)] == ["Why?", "Because.", "*This, I think, matters most.*",
                                                        "And a last sentence."]


def test_a_byline_and_metadata_lines_are_never_paragraphs():
    t = parse("By John Smith\n\nDate: 2024-05-01\nLocation: Beijing\n\nIntro.\n\nQ: Why?\n\nA: Because.\n")
    assert roles_and_texts(t)[0] == ("narrator", "Intro.")
    assert t.headings == [] and reasons(t) == {1: "a byline", 3: "a metadata line (Date:)"}


def test_a_dropped_q_prefix_follows_the_numbering():
    questions = "".join(f"Q{n}. Question {n}?\n\nAnswer {n}.\n\n" for n in range(1, 7))
    t = parse(questions + "7. Question seven?\n\nAnswer 7.\n\n9. Not a question but a point of the answer.\n")
    p = t.paragraphs
    assert p.role.tolist() == ["interviewer", "interviewee"] * 7 + ["interviewee"]
    assert p.text.iloc[12] == "Question seven?" and p.exchange.iloc[13] == 7


def test_a_numbered_list_in_an_answer_is_not_a_question():
    t = parse("Q1. Which problems?\n\nA: Three.\n\n1. Money.\n\n2. People?\n\n3. Trust.\n\nQ2. And?\n\nA: Done.\n")
    assert t.paragraphs.role.tolist() == ["interviewer"] + ["interviewee"] * 4 + ["interviewer", "interviewee"]


@pytest.mark.parametrize(
    "questions",
    [
        ["**1. Why volunteer?**", "**2. What next?**", "**3. Any regrets?**"],
        ["1. Why volunteer?", "2. What next?", "3. Any regrets?"],
        ["**1. Tell us why you volunteer.**", "**2. Then what comes next.**", "**3. And your regrets.**"],
        ["**Why volunteer?**", "**What next?**", "**Any regrets?**"],
        ["### Why volunteer?", "### What next?", "### Any regrets?"],
    ],
    ids=["bold-numbered", "numbered-question-marks", "bold-numbered-statements", "bold", "headings"],
)
def test_questions_without_a_q_are_read_from_the_structure(questions):
    text = "Jane Doe runs a foundation.\n\n" + "".join(
        f"{q}\n\nAnswer {n}, first part.\n\nAnswer {n}, second part.\n\n" for n, q in enumerate(questions, 1))
    t = parse(text)
    p = t.paragraphs
    assert p.role.tolist() == ["narrator"] + ["interviewer", "interviewee", "interviewee"] * 3
    assert p.text.iloc[1] in ("Why volunteer?", "Tell us why you volunteer.") and p.exchange.max() == 3
    assert t.headings == []


@pytest.mark.parametrize(
    "text",
    [
        "**Why volunteer?**\n\nAn answer.\n\nMore prose.\n",  # one question: not a structure
        "1. Why?\n\n3. What?\n\nProse.\n",  # numbering that does not run 1, 2
        "**Why?**\n\n**What?**\n\nProse.\n",  # questions not each followed by an answer
    ],
)
def test_too_little_structure_is_refused_not_guessed(text):
    with pytest.raises(InputError, match="no speaker labels found"):
        parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "[00:00] Interviewer: Thanks for joining.\n[00:05] Jane Doe: A pleasure.\n[01:10] Q: How did it start?\n"
        "[01:15] Doe: With a grant.\nIt grew.\n",
        "00:00 Interviewer: Thanks for joining.\n\n00:05 - Jane Doe: A pleasure.\n\n(01:10) Q: How did it start?\n\n"
        "1:01:15 Doe: With a grant. It grew.\n",
    ],
    ids=["bracketed-single-spaced", "plain-and-hours"],
)
def test_timestamped_transcripts_with_labels(text):
    t = parse(text)
    assert roles_and_texts(t) == [("interviewer", "Thanks for joining."), ("interviewee", "A pleasure."),
                                  ("interviewer", "How did it start?"), ("interviewee", "With a grant. It grew.")]


def test_timestamps_without_labels_say_how_to_label():
    text = "Date: 2024-03-02\n\n[00:00] Thanks for joining.\n[00:05] A pleasure.\n"
    with pytest.raises(InputError, match=r"the text has timestamps but no speaker labels.*'\[00:37\] Jane Doe: ") as e:
        parse(text)
    assert e.value.line == 3


def test_a_known_label_at_the_start_of_a_line_starts_a_turn():
    t = parse("Q: Why?\nDoe: Because.\nInterviewer: Sure?\nDoe: Sure.\n")
    assert t.paragraphs.role.tolist() == ["interviewer", "interviewee", "interviewer", "interviewee"]
    assert t.paragraph_lines == [(1,), (2,), (3,), (4,)]


def test_every_line_is_a_paragraph_or_reported_once():
    text = ("---\ntitle: x\n---\n\n# Head\n\nBy John Smith\n\nQ: Why?\nstill asking\n\nA: Because.\n\n"
            "**Q2:**\n\nAnd?\n\n---\n\n*Bio of someone.*\n")
    t = parse(text)
    used = [n for lines in t.paragraph_lines for n in lines] + [n for s in t.skipped for n in s.lines]
    assert sorted(used) == [n for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    explained = transcripts.explain(t)
    assert "lines 9-10     p01  interviewer (Reporter): Why? still asking" in explained
    assert "left out: a speaker label on its own" in explained


# --- properties on any text (hypothesis) --------------------------------------------------------

FRAGMENTS = [
    "Q:", "A:", "Q1.", "Q2:", "Interviewer:", "Jane Doe:", "Doe:", "JD:", "Jane Doe (JD):", "John Smith:",
    "**Q1: Why?**", "**Jane Doe:**", "**1. Why?**", "**Why?**", "1.", "2.", "7.", "# ", "## Why?", "---", "***",
    "===", "![x](y.png)", "[a](http://b)", "https://x.org", "<figure>", "</figure>", "<div>", "<!-- c -->",
    "• Home", "• >", "In Brief", "Table of Contents", "Editor's Note", "By John Smith", "Date: 2024",
    "Subscribe now", "*An italic note.*", "**John Smith** is a reporter.", "[00:01]", "00:02 -", "(1:02:03)",
    "This interview was edited.", "Secondly:", "“A quoted heading”", "Why?", "Because.", ":", "**", "__", "\t",
    "\u00a0", "Jane Doe: a crafted interview",
]
line_strategy = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), min_size=0, max_size=4) \
    .map(" ".join)
chaotic = st.lists(line_strategy, min_size=1, max_size=40).map("\n".join)
# Texts shaped like interviews: paragraphs that mostly start with a label, separated by one or more newlines.
words = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=40)
paragraph = st.tuples(st.sampled_from(["Q:", "A:", "Q3.", "Interviewer:", "Doe:", "**Q2: Why?**", "", "", "1.",
                                       "[00:01] Q:", "[00:02] Jane Doe:", "---", "By John Smith", "**Why?**",
                                       "![x](y.png)", "*Note.*"]), words).map(" ".join)
shaped = st.lists(st.tuples(paragraph, st.sampled_from(["\n", "\n\n", "\n\n\n"])), min_size=1, max_size=30).map(
    lambda parts: "".join(p + sep for p, sep in parts))
text_strategy = st.one_of(chaotic, shaped).map(lambda t: t.replace("\r", "\n"))
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(text_strategy)
def test_any_text_gives_a_table_or_a_clear_error(text):
    try:
        t = parse_text(text, make_interview(), source="any.txt")
    except InputError as error:
        assert error.path == "any.txt" and error.message
        return
    assert len(t.paragraphs) == len(t.paragraph_lines) > 0
    assert set(t.paragraphs.role) & {"interviewer"} and set(t.paragraphs.role) & {"interviewee"}


@PROPERTY
@given(text_strategy)
def test_every_non_empty_line_is_in_one_paragraph_or_reported_as_left_out(text):
    try:
        t = parse_text(text, make_interview(), source="any.txt")
    except InputError:
        return
    used = [n for lines in t.paragraph_lines for n in lines] + [n for s in t.skipped for n in s.lines]
    assert sorted(used) == [n for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    assert all(s.reason for s in t.skipped)


PANEL = make_interview(
    interviewee=Person("Jane Doe, Wang Li and Sam Roe"),
    speakers=(Speaker("Jane Doe", "interviewee", ("Jane Doe", "Doe")),
              Speaker("Wang Li", "interviewee", ("Wang Li", "Wang")),
              Speaker("Sam Roe", "interviewee", ("Sam Roe", "Roe")),
              Speaker("Ann Lee", "interviewer", ("Ann Lee", "Lee", "Moderator"))),
)


def test_a_panel_counts_each_panellist_separately():
    text = ("Moderator: Welcome. Why volunteer?\n\nDoe: For my town.\n\nWang: For the young.\n\nMore on that.\n\n"
            "Roe: I do not.\n\nLee: Next question: money?\n\nWang Li: Scarce.\n")
    p = parse_text(text, PANEL).paragraphs
    assert list(zip(p.speaker, p.role, p.turn, p.exchange)) == [
        ("Ann Lee", "interviewer", 1, 1), ("Jane Doe", "interviewee", 2, 1), ("Wang Li", "interviewee", 3, 1),
        ("Wang Li", "interviewee", 3, 1), ("Sam Roe", "interviewee", 4, 1), ("Ann Lee", "interviewer", 5, 2),
        ("Wang Li", "interviewee", 6, 2)]
    by_speaker = p[p.role == "interviewee"].groupby("speaker").turn.nunique().to_dict()
    assert by_speaker == {"Jane Doe": 1, "Sam Roe": 1, "Wang Li": 2}


def test_a_panel_never_guesses_who_answers():
    with pytest.raises(InputError, match="3 speakers with role interviewee"):
        parse_text("Moderator: Why?\n\nA: Because.\n", PANEL)
    with pytest.raises(InputError, match="no answers"):  # unlabelled paragraphs after a question are not answers
        parse_text("Moderator: Why?\n\nBecause.\n", PANEL)


def test_load_one_parses_only_the_interview_asked_for(project, parsed):
    interviews, transcript = transcripts.load_one("liu-youping-2020", project)
    assert [i.slug for i in interviews] == list(parsed)
    assert transcript.paragraphs.equals(parsed["liu-youping-2020"].paragraphs)
    # Another interview whose speakers no longer match its text: the corpus fails, one interview still loads.
    meta = project / "data" / "interviews.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('["Wang Zhongping", "Wang"]', '["Nobody"]'),
                    encoding="utf-8")
    with pytest.raises(InputError):
        transcripts.load_corpus(project)
    assert transcripts.load_one("liu-youping-2020", project)[1].paragraphs.equals(transcript.paragraphs)
    with pytest.raises(KeyError, match="no interview with slug 'nobody-1999'"):
        transcripts.load_one("nobody-1999", project)
