import hashlib
import shutil

import pytest

from interviews import corpus
from interviews.corpus import heading_text, parse_text, read_text, verify_manifest
from interviews.errors import InputError

SEEDS = {"000_cc888188d56cd67b.txt", "004_3c21b3ff8cb724c3.txt"}


@pytest.fixture(scope="module")
def transcripts():
    from conftest import ROOT

    return corpus.load_corpus(ROOT)[1]


# --- the real files -----------------------------------------------------------------


def test_raw_files_match_manifest_and_seeds(root):
    hashes = verify_manifest(root)
    assert set(hashes) == SEEDS
    seeds = root.parent / "shared" / "seeds"
    for name, digest in hashes.items():
        assert hashlib.sha256((root / "data" / "raw" / name).read_bytes()).hexdigest() == digest
        if seeds.is_dir():  # beside the project on the team's machines
            assert (seeds / name).read_bytes() == (root / "data" / "raw" / name).read_bytes()


@pytest.mark.parametrize(
    ("slug", "paragraphs", "questions", "answers", "answer_paragraphs", "narrator", "editor"),
    [
        ("liu-youping-2020", 61, 13, 13, 41, 6, 1),
        ("wang-zhongping-2022", 15, 4, 4, 7, 4, 0),
    ],
)
def test_counts_determined_by_reading(transcripts, slug, paragraphs, questions, answers, answer_paragraphs,
                                      narrator, editor):
    p = transcripts[slug].paragraphs
    assert len(p) == paragraphs
    assert p[p.role == "interviewer"].turn.nunique() == questions
    assert p[p.role == "interviewee"].turn.nunique() == answers
    assert (p.role == "interviewee").sum() == answer_paragraphs
    assert (p.role == "narrator").sum() == narrator
    assert (p.role == "editor").sum() == editor


def test_liu_sections_and_roles(transcripts):
    t = transcripts["liu-youping-2020"]
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


def test_wang_aliases_and_title_line(transcripts):
    t = transcripts["wang-zhongping-2022"]
    p = t.paragraphs
    assert set(p[p.role == "interviewee"].speaker) == {"Wang Zhongping"}
    assert set(p[p.role == "interviewer"].speaker) == {"China Philanthropy Times reporter"}
    assert p.text.iloc[5].startswith("I think that in terms of volunteer services")  # label stripped
    assert t.headings == [] and t.in_brief is None
    # the unlabelled paragraphs after the first answer continue it
    assert list(p.turn[5:9]) == [2, 2, 2, 2]


def test_boilerplate_dropped_and_ids_sequential(transcripts):
    for t in transcripts.values():
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


def test_text_without_labels_is_an_error(interview):
    with pytest.raises(InputError, match="no speaker labels found") as info:
        parse_text("Just prose.\n\nMore prose.\n", interview, source="plain.txt")
    assert info.value.path == "plain.txt" and info.value.line == 1


def test_unknown_speaker_label_is_an_error(interview):
    text = "Interviewer: Hello?\n\nDoe: Hi.\n\nJohn Smith: I was not invited.\n"
    with pytest.raises(InputError, match="unknown speaker label 'John Smith'") as info:
        parse_text(text, interview, source="x.txt")
    assert info.value.line == 5


def test_colon_in_ordinary_prose_is_not_a_label(interview):
    text = "Interviewer: What matters?\n\nDoe: Two things.\n\nThe first thing we learned this year: patience.\n"
    p = parse_text(text, interview).paragraphs
    assert p.role.tolist() == ["interviewer", "interviewee", "interviewee"]


def test_read_text_accepts_bom_and_crlf(tmp_path, interview):
    path = tmp_path / "t.txt"
    path.write_bytes("\ufeffInterviewer: Hello?\r\n\r\nDoe: Hi – “quoted”.\r\n".encode())
    text = read_text(path)
    assert "\r" not in text and not text.startswith("\ufeff")
    assert parse_text(text, interview).paragraphs.text.tolist() == ["Hello?", "Hi – “quoted”."]


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


def test_changed_raw_file_is_detected(tmp_path, root):
    copy = tmp_path / "project"
    (copy / "data").mkdir(parents=True)
    shutil.copytree(root / "data" / "raw", copy / "data" / "raw")
    shutil.copy(root / "data" / "raw.sha256", copy / "data" / "raw.sha256")
    target = copy / "data" / "raw" / "004_3c21b3ff8cb724c3.txt"
    target.write_bytes(target.read_bytes().replace(b"Hozon", b"H0zon", 1))
    with pytest.raises(InputError, match="raw file changed") as info:
        verify_manifest(copy)
    assert info.value.path == target
