import re

import pandas as pd
import pytest

from interviews.corpus import reading_notes
from interviews.errors import InputError

PARAGRAPHS = pd.DataFrame(
    {"paragraph": ["x:p01", "x:p02"], "text": ["We need\xa0more trust.", "Volunteers’ work is many-sided."]}
)


def load(tmp_path, text, themes=None):
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    return reading_notes.load(path, "x", PARAGRAPHS, themes=themes)


def test_project_notes_are_verbatim(root):
    from interviews.report import chapter_data

    for slug in ("liu-youping-2020", "wang-zhongping-2022"):
        data = chapter_data.load(slug, root)
        assert 5 <= len(data.notes.key_quotes) <= 8
        assert data.notes.problems and data.notes.proposals and data.notes.source_notes


def test_quote_matches_across_nonbreaking_space(tmp_path):
    notes = load(tmp_path, "key_quotes:\n  - paragraph: p01\n    quote: We need more trust.\n")
    assert notes.key_quotes[0].paragraphs == ["x:p01"]


def test_misquote_is_an_error_naming_the_line_and_the_first_difference(tmp_path):
    with pytest.raises(InputError, match="not found verbatim in p01: it differs at character 10") as info:
        load(tmp_path, "key_quotes:\n  - paragraph: p01\n    quote: We need much more trust.\n")
    assert info.value.field == "key_quotes[0].quote" and info.value.line == 3
    assert info.value.message.endswith("(after 'We need m'): the quote has 'u' where p01 has 'o'")


@pytest.mark.parametrize(
    ("quote", "has", "where"),
    [
        ("Volunteers' work", "straight apostrophe ' (U+0027)", "curly apostrophe ’ (U+2019)"),
        ("work is many–sided", "en dash – (U+2013)", "hyphen - (U+002D)"),
    ],
)
def test_a_look_alike_character_is_named(tmp_path, quote, has, where):
    with pytest.raises(InputError) as info:
        load(tmp_path, f"problems:\n  - problem: P\n    paragraph: p02\n    quote: \"{quote}\"\n")
    assert f"the quote has {has} where p02 has {where}" in info.value.message
    assert info.value.line == 4


def test_the_closest_cited_paragraph_is_compared(tmp_path):
    with pytest.raises(InputError, match="in p02: it differs at character 18") as info:
        load(tmp_path, "problems:\n  - problem: P\n    paragraphs: [p01, p02]\n    quote: Volunteers’ work was\n")
    assert "the quote has 'w' where p02 has 'i'" in info.value.message


def test_a_quote_longer_than_its_paragraph(tmp_path):
    with pytest.raises(InputError, match="where p01 has the end of the paragraph"):
        load(tmp_path, "key_quotes:\n  - paragraph: p01\n    quote: We need more trust. And more.\n")


def test_theme_ids_are_checked_against_the_codebook(tmp_path):
    text = "problems:\n  - problem: Trust\n    theme: weakness.trst\n    paragraph: p01\n"
    assert load(tmp_path, text).problems[0].theme == "weakness.trst"  # without a codebook, not checked
    with pytest.raises(InputError, match="unknown theme 'weakness.trst'.*did you mean 'weakness.trust'") as info:
        load(tmp_path, text, themes={"weakness.trust": None, "response": None})
    assert info.value.line == 3 and info.value.field == "problems[0].theme"


def test_misspelled_key_is_an_error_not_an_unchecked_quote(tmp_path):
    with pytest.raises(InputError, match="unknown key 'quotes' in problems\\[0\\]; did you mean 'quote'"):
        load(tmp_path, "problems:\n  - problem: Trust\n    paragraph: p01\n    quotes: Not in the text\n")


def test_unknown_paragraph_is_an_error(tmp_path):
    with pytest.raises(InputError, match="paragraph p09 does not exist"):
        load(tmp_path, "problems:\n  - problem: Trust\n    paragraphs: [p01, p09]\n")


def test_entry_without_citation_is_an_error(tmp_path):
    with pytest.raises(InputError, match="cite the paragraph"):
        load(tmp_path, "proposals:\n  - proposal: More volunteers\n")


def test_unknown_section_is_an_error(tmp_path):
    with pytest.raises(InputError, match="unknown key 'quotes' in the file") as info:
        load(tmp_path, "quotes: []\n")
    assert info.value.line == 1


def _paragraphs():
    texts = ["The Charity Law of 2016 came.", "Opinions of 2021."]
    return pd.DataFrame({"paragraph": ["a:p01", "b:p02"], "text": texts})


def test_documents_are_sorted_by_order_and_quotes_checked(tmp_path):
    path = tmp_path / "documents.yml"
    path.write_text(
        "documents:\n"
        "  - document: Opinions\n    date: '2021'\n    paragraphs: [b:p02]\n    quote: Opinions of 2021\n"
        "  - document: Charity Law\n    date: '2016'\n    paragraphs: [a:p01]\n    quote: Charity Law of 2016\n",
        encoding="utf-8",
    )
    table = reading_notes.load_documents(path, _paragraphs())
    assert list(table.document) == ["Charity Law", "Opinions"]
    assert table.paragraphs.iloc[0] == ["a:p01"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  - date: '2016'\n    paragraphs: [a:p01]\n", "missing required field(s): document"),
        ("  - document: Law\n", "missing required field(s): paragraphs"),
        ("  - document: Law\n    paragraphs: [a:p09]\n", "unknown paragraph"),
        ("  - document: Law\n    paragraphs: [a:p01]\n    quote: Charity Law of 2017\n", "not found verbatim"),
    ],
)
def test_bad_document_entries_name_the_entry(tmp_path, entry, message):
    path = tmp_path / "documents.yml"
    path.write_text("documents:\n" + entry, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as info:
        reading_notes.load_documents(path, _paragraphs())
    assert info.value.field.startswith("documents[0]") and info.value.line >= 2


MODEL_PARAGRAPHS = pd.DataFrame({
    "interview": ["x", "x", "y"],
    "paragraph": ["x:p01", "x:p02", "y:p01"],
    "text": ["We need\xa0more trust.", "Volunteers are many.", "Hubs coordinate the sector."],
})


def load_models(tmp_path, text):
    path = tmp_path / "models.yml"
    path.write_text(text, encoding="utf-8")
    return reading_notes.load_models(path, MODEL_PARAGRAPHS)


def test_models_are_checked_and_skip_interviews_not_in_the_corpus(tmp_path):
    models = load_models(tmp_path, """aspects:
  - aspect: Who coordinates
    positions:
      - {interview: x, position: Volunteers, paragraphs: [p02], quote: Volunteers are many}
      - {interview: y, position: Not said, absent: volunteer}
      - {interview: gone, position: Anything, paragraphs: [p01], quote: not checked}
""")
    assert list(models.interview) == ["x", "y"]
    assert models.paragraphs[0] == ["x:p02"] and models.absent[1] == "volunteer"


@pytest.mark.parametrize("position, message", [
    ("{interview: x, position: T, paragraphs: [p01], quote: much more trust}", "not found verbatim in x:p01"),
    ("{interview: x, position: T, absent: TRUST}", "'TRUST' is said to be absent but occurs in x:p01"),
    ("{interview: x, position: T}", "or an 'absent' word"),
    ("{interview: x, position: T, paragraphs: [p07], quote: trust}", "paragraph p07 does not exist in x"),
    ("{interview: x, position: ''}", "must not be empty"),
])
def test_bad_model_positions_name_the_entry(tmp_path, position, message):
    with pytest.raises(InputError, match=message) as info:
        load_models(tmp_path, f"aspects:\n  - aspect: A\n    positions:\n      - {position}\n")
    assert info.value.field.startswith("aspects[0].positions[0]")


def test_missing_models_file_gives_no_rows(tmp_path):
    assert reading_notes.load_models(tmp_path / "none.yml", MODEL_PARAGRAPHS).empty


def test_problem_locus_is_kept_and_checked(tmp_path):
    notes = load(tmp_path, "problems:\n  - problem: Trust\n    locus: society\n    paragraph: p01\n")
    assert notes.problems[0].locus == "society"
    with pytest.raises(InputError, match="locus: must be one of the organizations, .*got 'the state'"):
        load(tmp_path, "problems:\n  - problem: Trust\n    locus: the state\n    paragraph: p01\n")


def load_timeline(tmp_path, events, keys=frozenset({"law2016"})):
    path = tmp_path / "timeline.yml"
    path.write_text("events:\n" + events, encoding="utf-8")
    return reading_notes.load_timeline(path, MODEL_PARAGRAPHS, set(keys))


def test_timeline_is_sorted_by_date_with_its_provenance(tmp_path):
    events = load_timeline(tmp_path, """
  - {event: Later, date: "2016-03-16", date_from: outside, cite: law2016, paragraphs: ["y:p01"], quote: Hubs}
  - {event: Earlier, date: "2003", date_from: text, paragraphs: ["x:p01"], quote: more trust}
  - {event: Gone, date: "2001", date_from: text, paragraphs: ["z:p01"], quote: anything}
""")
    assert list(events.event) == ["Earlier", "Later"]
    assert events.when[0] == 2003.5 and 2016.2 < events.when[1] < 2016.25
    assert events.interviews[1] == ["y"] and events.cite[1] == "law2016"


@pytest.mark.parametrize("event, message", [
    ('{event: E, date: "2003", date_from: text, paragraphs: ["x:p01"], quote: less trust}', "not found verbatim"),
    ('{event: E, date: "2003-13", date_from: text, paragraphs: ["x:p01"], quote: trust}', "YYYY, YYYY-MM"),
    ('{event: E, date: "2003", date_from: memory, paragraphs: ["x:p01"], quote: trust}', "got 'memory'"),
    ('{event: E, date: "2003", date_from: outside, paragraphs: ["x:p01"], quote: trust}', "needs 'cite'"),
    ('{event: E, date: "2003", date_from: outside, cite: nokey, paragraphs: ["x:p01"], quote: trust}',
     "got 'nokey'"),
    ('{event: E, date: "2003", date_from: text, paragraphs: ["x:p09"], quote: trust}', "unknown paragraph"),
    ('{event: E, date: "2003", date_from: text, quote: trust}', "missing required field"),
])
def test_bad_timeline_events_name_the_entry(tmp_path, event, message):
    with pytest.raises(InputError, match=message) as info:
        load_timeline(tmp_path, f"  - {event}\n")
    assert info.value.field.startswith("events[0]")
