import pandas as pd
import pytest

from interviews.analysis.facts import extract, find_facts


def kinds(text):
    return [(kind, expr) for _, _, kind, expr in find_facts(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The plan was to donate 100 million RMB.", [("money", "100 million RMB")]),
        ("It launched the RMB 200 million plan.", [("money", "RMB 200 million")]),
        ("We raised $5,000 in May.", [("money", "$5,000")]),
        ("On January 12, the gala took place.", [("date", "January 12")]),
        ("It began at the end of December last year.", [("date", "the end of December last year")]),
        ("Published on April 15, 2020 online.", [("date", "April 15, 2020")]),
        ("I had been through SARS in 2003.", [("year", "2003")]),
        ("It received 650,000 masks in donations.", [("count", "650,000 masks")]),
        ("Departments issued nearly forty separate policies.", [("count", "nearly forty separate policies")]),
        ("Donations rose by 12.5 percent.", [("percent", "12.5 percent")]),
    ],
)
def test_finds_each_kind(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The “five community linkages” matter.",  # a quoted name, not a count
        "Looking at the matter from these three angles.",  # the speaker's own points
        "The Covid-19 outbreak has been complex.",  # part of a name
        "The 19th National Congress decided.",  # an ordinal
        "It may happen.",  # a bare month-like word
    ],
)
def test_ignores_names_ordinals_and_discourse_counts(text):
    assert kinds(text) == []


def test_extract_keeps_paragraph_speaker_and_context():
    paragraphs = pd.DataFrame(
        {
            "paragraph": ["x:p01", "x:p02"],
            "speaker": ["A", "B"],
            "role": ["interviewer", "interviewee"],
            "text": ["Nothing here.", "Before that, in 2008 we gave 3 million yuan to them."],
        }
    )
    facts = extract(paragraphs)
    assert facts.paragraph.tolist() == ["x:p02", "x:p02"]
    assert facts.kind.tolist() == ["year", "money"]
    assert facts.speaker.tolist() == ["B", "B"]
    assert facts.context.iloc[1] == "Before that, in 2008 we gave [3 million yuan] to them."
