"""Tests of interviews.report.render: source text and tables as MyST Markdown."""

import re

import pandas as pd
import pytest

from interviews.coding import classifier
from interviews.coding.codebook import Codebook, Pattern, Theme
from interviews.corpus import reading_notes
from interviews.corpus.metadata import Person
from interviews.corpus.reading_notes import Annotations, Entry
from interviews.report import chapter_data, render
from tests.helpers import make_interview


def test_escape_neutralizes_html_and_markdown():
    assert render.escape("<script>alert(1)</script>") == r"\<script\>alert(1)\</script\>"
    assert render.escape("<img src=x onerror=alert(1)>") == r"\<img src=x onerror=alert(1)\>"
    assert render.escape("*bold* _it_ [link](x) `code` {role}`x`") == (
        r"\*bold\* \_it\_ \[link\](x) \`code\` \{role\}\`x\`"
    )
    assert render.escape("2008. A year") == r"2008\. A year"
    assert render.escape("- not a list") == r"\- not a list"
    assert render.escape("a\n\nb\xa0c") == "a b c"


def test_table_markdown_is_a_pipe_table_with_widths_that_myst_reads_cell_by_cell():
    frame = pd.DataFrame({"id": ["p01", "p02"], "text": ["short", "a <b> | much longer cell of text"], "n": [1, 2]})
    out = render.table_markdown(frame, {"id": "Paragraph", "text": "Text"})
    lines = out.splitlines()
    assert lines[0] == "```{table}" and lines[-1] == "```"
    assert lines[1] == ":class: longtable"
    widths = [int(w) for w in lines[2].split(":widths:")[1].split()]
    assert len(widths) == 2 and widths[1] > widths[0]
    assert cells(out) == [["Paragraph", "Text"], ["p01", "short"], ["p02", r"a \<b\> \| much longer cell of text"]]
    from docutils import nodes

    tree = doctree(out)
    assert not myst_errors(out)
    [table] = tree.findall(nodes.table)
    assert [e.astext() for e in table.findall(nodes.entry)] == ["Paragraph", "Text", "p01", "short", "p02",
                                                               "a <b> | much longer cell of text"]
    assert [c["colwidth"] for c in table.findall(nodes.colspec)] == widths
    assert {"longtable", "colwidths-given"} <= set(table["classes"])


def test_short_id():
    assert render.short_id("liu-youping-2020:p07") == "p07"


def test_quoted_does_not_double_quotation_marks():
    assert render.quoted("plain words") == "“plain words”"
    assert render.quoted("“already quoted”") == "“already quoted”"


def test_data_dictionary_renders_one_table_per_file():
    dictionary = pd.DataFrame({"table": ["a.csv", "a.csv", "b.csv"], "column": ["x", "y", "z"],
                               "type": ["text", "integer", "text"], "meaning": ["X <b>", "Y", "Z"]})
    text = render.data_dictionary(dictionary).data
    assert text.count("```{table}") == 2
    assert text.index("**`a.csv`**") < text.index("| X \\<b\\> |") < text.index("**`b.csv`**")


# Helpers and inputs for the chapter-level renderers below.

def cells(markdown) -> list[list[str]]:
    """The rows of one table of :func:`render.table_markdown` (header row first), each as its list of cell texts."""
    text = getattr(markdown, "data", markdown)
    body = text.split("\n\n", 1)[1].rsplit("```", 1)[0]
    rows = [re.split(r"(?<!\\) \| ", line[2:-2]) for line in body.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows]


def doctree(text: str):
    """`text` read by MyST through docutils."""
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    return publish_doctree(text, parser=Parser(), settings_overrides={"report_level": 5, "halt_level": 5})


def myst_errors(text: str) -> list[str]:
    """The warnings and errors MyST (through docutils) reports for `text`."""
    from docutils.nodes import system_message

    return [m.astext() for m in doctree(text).findall(system_message) if m["level"] >= 2]


def crafted_codebook() -> Codebook:
    """A parent with one child, and a theme of its own."""
    return Codebook({
        "weakness": Theme("weakness", "Sector weaknesses", "Shortcomings of the sector.", include="Parent only."),
        "weakness.trust": Theme(
            "weakness.trust", "Public trust", "Trust <lost> by *charities*.", parent="weakness",
            exclude="Self_doubt.", patterns=(Pattern("trust*", ()), Pattern("don`t trust", ())),
            vetoes=(Pattern("trust fund", ()),), min_matches=2),
        "response": Theme("response", "Crisis response", "Acting in the crisis."),
    })


@pytest.fixture(scope="module")
def liu(root):
    return chapter_data.load("liu-youping-2020", root)


def test_overview_table_renames_and_orders_the_columns():
    overview = pd.DataFrame({"answer_share": [0.5], "interview": ["liu-youping-2020"], "paragraphs": [80],
                             "questions": [20], "answers": [21], "answer_paragraphs": [41], "words": [6000],
                             "answer_words": [3721], "mean_answer_words": [177.2]})
    assert cells(render.overview_table(overview)) == [
        ["Interview", "Paragraphs", "Questions", "Answers", "Answer paragraphs", "Words", "Answer words",
         "Mean words per answer"],
        ["liu-youping-2020", "80", "20", "21", "41", "6000", "3721", "177.2"],
    ]


def test_speaker_table_escapes_names_and_keeps_row_order():
    frame = pd.DataFrame({"speaker": ["Liu_Youping", "Q"], "role": ["interviewee", "interviewer"],
                          "paragraphs": [41, 20], "words": [3721, 900], "share_pct": [80.5, 19.5]})
    assert cells(render.speaker_table(frame)) == [
        ["Speaker", "Role", "Paragraphs", "Words", "Share of words (%)"],
        [r"Liu\_Youping", "interviewee", "41", "3721", "80.5"],
        ["Q", "interviewer", "20", "900", "19.5"],
    ]


def test_exchange_table_shortens_the_question_paragraph_ids():
    exchanges = pd.DataFrame({"exchange": [1, 2], "section": ["A", "B"],
                              "question_paragraph": ["liu-youping-2020:p07", "liu-youping-2020:p12"],
                              "question_words": [12, 30], "answer_paragraphs": [2, 1], "answer_words": [150, 40]})
    rows = cells(render.exchange_table(exchanges))
    assert rows[0] == ["No.", "Question paragraph", "Question words", "Answer paragraphs", "Answer words"]
    assert rows[1:] == [["1", "p07", "12", "2", "150"], ["2", "p12", "30", "1", "40"]]


def test_facts_table_shortens_ids_and_escapes_the_context():
    facts = pd.DataFrame({"paragraph": ["liu-youping-2020:p30"], "speaker": ["Liu Youping"], "kind": ["number"],
                          "expression": ["1,000 *groups*"], "context": ["about <b>1,000</b> groups"]})
    assert cells(render.facts_table(facts)) == [
        ["Paragraph", "Speaker", "Kind", "Expression", "Context"],
        ["p30", "Liu Youping", "number", r"1,000 \*groups\*", r"about \<b\>1,000\</b\> groups"],
    ]


def test_words_table_shows_the_first_n_words_in_order():
    frequencies = pd.DataFrame({"word": [f"w{i:02d}" for i in range(20)], "count": range(40, 20, -1)})
    assert len(cells(render.words_table(frequencies))) == 1 + 15
    assert cells(render.words_table(frequencies, n=2)) == [["Word", "Occurrences"], ["w00", "40"], ["w01", "39"]]


def test_date_text_says_how_sure_the_date_is():
    assert render.date_text(make_interview()) == "2024-05-01"
    inferred = make_interview(date_certainty="inferred", date_reason="the article mentions the lockdown")
    assert render.date_text(inferred) == "2024-05-01 (inferred: the article mentions the lockdown)"
    assert render.date_text(make_interview(date="", date_certainty="unknown")) == "not given"


def test_metadata_card_lists_the_fields_without_empty_parts(interview):
    rows = cells(render.metadata_card(interview))
    assert rows == [
        ["Field", "Value"],
        ["Interviewee", "Jane Doe, Director, Example Foundation"],
        ["Interviewer", "Reporter"],
        ["Original outlet", "Example Weekly"],
        ["Date", "2024-05-01"],
        ["English translation", "Nobody"],
        ["Published by", "Example Weekly"],
        ["Title", "Jane Doe: a crafted interview"],
        ["Raw file", "data/raw/jane.txt"],
    ]


def test_metadata_card_adds_the_publishers_summary_escaped(interview):
    rows = cells(render.metadata_card(interview, in_brief="A *brief* <summary>"))
    assert rows[-1] == ["Publisher's summary", r"A \*brief\* \<summary\>"]


def test_quotes_are_block_quotes_with_short_paragraph_ids():
    notes = Annotations("liu-youping-2020", key_quotes=[
        Entry("we *must* act", ["liu-youping-2020:p07", "liu-youping-2020:p09"]),
        Entry("“already quoted”", ["liu-youping-2020:p30"]),
    ])
    assert render.quotes(notes).data == (
        "> “we \\*must\\* act”\n>\n> — p07, p09\n\n"
        "> “already quoted”\n>\n> — p30\n"
    )


def test_quotes_without_notes_say_where_to_add_them():
    text = render.quotes(Annotations("jane-doe-2024")).data
    assert text == render.NO_NOTES.format(slug="jane-doe-2024")
    assert "`data/annotations/jane-doe-2024.yml`" in text


def test_entries_table_has_evidence_and_paragraphs():
    notes = Annotations("liu-youping-2020", problems=[
        Entry("Lack of capacity", ["liu-youping-2020:p30"], quote="an overall lack of capacity"),
        Entry("No <trust>", ["liu-youping-2020:p31", "liu-youping-2020:p33"]),
    ])
    assert cells(render.entries(notes, "problems", "Problem named")) == [
        ["Problem named", "Evidence (verbatim)", "Paragraphs"],
        ["Lack of capacity", "“an overall lack of capacity”", "p30"],
        [r"No \<trust\>", "", "p31, p33"],
    ]


def test_entries_without_quote_drops_the_evidence_column():
    notes = Annotations("s", proposals=[Entry("More funding", ["s:p02"], quote="more funding")])
    assert cells(render.entries(notes, "proposals", "Proposal", with_quote=False)) == [
        ["Proposal", "Paragraphs"], ["More funding", "p02"]]


def test_entries_without_notes_file_give_the_no_notes_message(tmp_path, liu):
    notes = reading_notes.load(tmp_path / "missing.yml", "liu-youping-2020", liu.paragraphs)
    for section in ("problems", "proposals", "source_notes"):
        assert render.entries(notes, section, "Note").data == render.NO_NOTES.format(slug="liu-youping-2020")


def test_entries_of_the_real_notes_cite_short_ids(liu):
    rows = cells(render.entries(liu.notes, "problems", "Problem named"))
    assert len(rows) == 1 + len(liu.notes.problems)
    assert rows[1][2] == render.short_ids(liu.notes.problems[0].paragraphs)
    assert all(":" not in row[2] and row[2].startswith("p") for row in rows[1:])


def test_transcript_shows_sections_once_and_escapes_text():
    paragraphs = pd.DataFrame({
        "paragraph": ["s:p01", "s:p02", "s:p03", "s:p04"],
        "section": ["", "Part <1>", "Part <1>", ""],
        "speaker": ["Q", "Jane_Doe", "Jane_Doe", "Q"],
        "role": ["interviewer", "interviewee", "interviewee", "interviewer"],
        "text": ["Why?", "Because *so*.", "1. First", "Thanks."],
    })
    assert render.transcript(paragraphs).data == (
        "**p01** · *Q (interviewer)*: Why?\n\n"
        "**Section: “Part \\<1\\>”**\n\n"
        "**p02** · *Jane\\_Doe (interviewee)*: Because \\*so\\*.\n\n"
        "**p03** · *Jane\\_Doe (interviewee)*: 1\\. First\n\n"
        "**p04** · *Q (interviewer)*: Thanks.\n"
    )


def test_transcript_of_a_real_interview_has_every_paragraph(liu):
    text = render.transcript(liu.paragraphs).data
    ids = [f"**{render.short_id(p)}** · " for p in liu.paragraphs.paragraph]
    positions = [text.index(i) for i in ids]
    assert positions == sorted(positions) and len(set(ids)) == len(liu.paragraphs)


def test_corpus_table_links_each_name_to_its_chapter_in_metadata_order():
    jane = make_interview()
    john = make_interview(slug="john-roe-2023", interviewee=Person("John Roe", "", "Roe Trust"), date="2023-01-02",
                          date_certainty="inferred", date_reason="a reason")
    overview = pd.DataFrame({"interview": ["jane-doe-2024", "john-roe-2023"], "questions": [5, 7],
                             "words": [1000, 2000]})
    rows = cells(render.corpus_table([john, jane], overview))
    assert rows == [
        ["Interviewee", "Affiliation", "Outlet", "Date", "Questions", "Words"],
        ["[John Roe](#john-roe-2023)", "Roe Trust", "Example Weekly", "2023-01-02 (inferred)", "7", "2000"],
        ["[Jane Doe](#jane-doe-2024)", "Example Foundation", "Example Weekly", "2024-05-01", "5", "1000"],
    ]


def test_corpus_table_links_a_hostile_name_as_escaped_text():
    bad = make_interview(interviewee=Person("<script>x</script> [a](b)", "", ""))
    overview = pd.DataFrame({"interview": ["jane-doe-2024"], "questions": [5], "words": [1000]})
    cell = cells(render.corpus_table([bad], overview))[1][0]
    assert cell == r"[\<script\>x\</script\> \[a\](b)](#jane-doe-2024)"


def test_corpus_table_does_not_call_an_unknown_date_inferred():
    unknown = make_interview(date="", date_certainty="unknown")
    overview = pd.DataFrame({"interview": ["jane-doe-2024"], "questions": [5], "words": [1000]})
    date = cells(render.corpus_table([unknown], overview))[1][3]
    assert "inferred" not in date


def test_cite_groups_ids_by_interview_in_first_seen_order():
    surnames = {"liu-youping-2020": "Liu", "wang-zhongping-2022": "Wang"}
    refs = ["liu-youping-2020:p30", "wang-zhongping-2022:p11", "liu-youping-2020:p32"]
    assert render.cite(refs, surnames) == "Liu p30, p32; Wang p11"
    assert render.cite(["other-2021:p01"], surnames) == "other-2021 p01"
    assert render.cite([], surnames) == ""


def test_cite_with_roles_marks_paragraphs_that_are_not_answers():
    paragraphs = pd.DataFrame({"paragraph": ["l:p01", "l:p02", "l:p03", "l:p44", "l:p45"],
                               "role": ["editor", "narrator", "interviewer", "interviewer", "interviewee"]})
    refs = ["l:p44", "l:p45", "l:p01", "l:p02", "l:p99"]
    assert render.cite_with_roles(refs, {"l": "Liu"}, paragraphs) == (
        "Liu p44 (question), p45, p01 (editor's note), p02 (framing), p99")


def test_problems_table_maps_problems_to_theme_labels():
    codebook = crafted_codebook()
    notes = {
        "liu": Annotations("liu", problems=[Entry("Low trust", ["liu:p30"], quote="trust is low",
                                                  theme="weakness.trust")]),
        "wang": Annotations("wang", problems=[Entry("Few volunteers", ["wang:p05", "wang:p06"])]),
    }
    assert cells(render.problems_table(notes, {"liu": "Liu", "wang": "Wang"}, codebook)) == [
        ["Interviewee", "Problem named", "Theme", "Evidence (verbatim)", "Paragraphs"],
        ["Liu", "Low trust", "Public trust", "“trust is low”", "p30"],
        ["Wang", "Few volunteers", "", "", "p05, p06"],
    ]


def test_problems_table_without_problems_is_valid_myst():
    text = render.problems_table({"liu": Annotations("liu")}, {"liu": "Liu"}, crafted_codebook()).data
    assert myst_errors(text) == []


def coded_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "interview": ["liu", "liu", "liu", "wang", "wang"],
        "paragraph": ["liu:p02", "liu:p03", "liu:p04", "wang:p07", "wang:p08"],
        "role": ["interviewee", "interviewer", "interviewee", "interviewee", "interviewee"],
        "themes": ["weakness.trust;response", "weakness.trust", "weakness.trust", "response", ""],
        "evidence": ["weakness.trust: trust, distrust | response: relief", "weakness.trust: trust",
                     "weakness.trust: distrust, trust", "response: learned 0.61: flood, relief", ""],
    })


def best_frame() -> pd.DataFrame:
    """The hand coding of coded_frame's Liu paragraphs; Wang has none (coded by the coder only)."""
    return coded_frame().assign(themes=["weakness.trust", "weakness.trust", "", "response", ""],
                                coding=["hand", "hand", "hand", "coder", "coder"])


def test_coded_paragraphs_table_sets_hand_coding_beside_the_coder_with_its_evidence():
    rows = cells(render.coded_paragraphs_table(best_frame(), coded_frame(), ["weakness.trust", "response"],
                                               crafted_codebook(), {"liu": "Liu", "wang": "Wang"}))
    assert rows == [
        ["Theme", "Interviewee", "Hand coding", "Coder", "Coder's evidence"],
        ["Public trust", "Liu", "p02", "p02, p04", "trust, distrust"],
        ["Crisis response", "Liu", "", "p02", "relief"],
        ["Crisis response", "Wang", "not hand-coded or reviewed", "p07", "classifier's words: flood, relief"],
    ]
    reviewed = best_frame().assign(coding=["hand", "hand", "hand", "reviewed", "coder"])
    rows = cells(render.coded_paragraphs_table(reviewed, coded_frame(), ["response"], crafted_codebook(),
                                               {"wang": "Wang"}))
    assert rows[1][2] == "p07 (reviewed; others not yet)"


def test_coded_paragraphs_table_without_matches_is_valid_myst():
    text = render.coded_paragraphs_table(best_frame(), coded_frame(), ["weakness"], crafted_codebook(),
                                         {"liu": "Liu"}).data
    assert "No answer paragraph carries these themes." in text
    assert myst_errors(text) == []


def test_tables_of_the_real_data_are_valid_myst(root, liu):
    themes = chapter_data.load_themes(root)
    codebook = themes.codebook
    texts = [
        render.coded_paragraphs_table(themes.best, themes.coded, codebook.children("weakness"), codebook,
                                      themes.surnames).data,
        render.problems_table(themes.all_notes(), themes.surnames, codebook).data,
        render.documents_table(themes.documents(), themes.surnames, themes.coded).data,
        render.metadata_card(liu.interview, liu.transcript.in_brief).data,
        render.entries(liu.notes, "problems", "Problem named").data,
        render.quotes(liu.notes).data,
        render.codebook_markdown(codebook).data,
    ]
    for text in texts:
        assert myst_errors(text) == []


def test_prevalence_table_shows_percentages_and_names():
    prevalence = pd.DataFrame({"interview": ["liu", "wang"], "theme": ["weakness.trust"] * 2,
                               "label": ["Public trust"] * 2, "paragraphs": [1, 6], "answer_paragraphs": [41, 42],
                               "share": [0.02439, 0.142857], "share_low": [0.0043, 0.0672],
                               "share_high": [0.1259, 0.2769]})
    assert cells(render.prevalence_table(prevalence, {"liu": "Liu Youping", "wang": "Wang Zhongping"})) == [
        ["Theme", "Interviewee", "Answer paragraphs with theme", "Answer paragraphs", "Share (%)",
         "95% interval (%)"],
        ["Public trust", "Liu Youping", "1", "41", "2.4", "0–13"],
        ["Public trust", "Wang Zhongping", "6", "42", "14.3", "7–28"],
    ]


def test_documents_table_cites_with_roles_and_quotes_evidence():
    documents = pd.DataFrame({"order": [2004, 2012], "date": ["2004", ""],
                              "document": ["Regulations on *Foundation* Management", "A report"],
                              "paragraphs": [["liu:p56"], ["liu:p44", "liu:p45"]], "quote": ["the regulations", ""]})
    paragraphs = pd.DataFrame({"paragraph": ["liu:p44", "liu:p45", "liu:p56"],
                               "role": ["interviewer", "interviewee", "interviewee"]})
    assert cells(render.documents_table(documents, {"liu": "Liu"}, paragraphs)) == [
        ["Date (as given)", "Document or decision", "Cited in", "Evidence (verbatim)"],
        ["2004", r"Regulations on \*Foundation\* Management", "Liu p56", "“the regulations”"],
        ["not given", "A report", "Liu p44 (question), p45", ""],
    ]


def test_readers_table_labels_themes_and_marks_thin_kappas():
    nan = float("nan")
    per_theme = pd.DataFrame({"theme": ["weakness.trust", "response"], "first": [3, 12], "second": [0, 10],
                              "readers_kappa": [nan, 0.7149], "coder_first_kappa": [-0.004, 0.5],
                              "coder_second_kappa": [0.2, 0.61]})
    codebook = crafted_codebook()
    assert cells(render.readers_table(per_theme, codebook)) == [
        ["Theme", "First reader", "Second reader", "Kappa, readers", "Kappa, coder and first",
         "Kappa, coder and second"],
        ["Public trust", "3", "0", "n/a", "0.00 †", "0.20 †"],
        [codebook.label("response"), "12", "10", "0.71", "0.50", "0.61"],
    ]
    bounded = per_theme.assign(readers_low=[nan, 0.4321], readers_high=[nan, 0.9])
    rows = cells(render.readers_table(bounded, codebook))
    assert rows[0][4] == "Readers' kappa 95% interval" and [r[4] for r in rows[1:]] == ["", "0.43 to 0.90"]
    assert cells(render.readers_table(bounded.assign(readers_low=[nan, 1.0], readers_high=[nan, 1.0]),
                                      codebook))[2][4] == render.NO_SPREAD


def test_agreement_table_formats_numbers_and_labels_themes():
    nan = float("nan")
    agreement = pd.DataFrame({"theme": ["weakness.trust", "micro average"], "level": ["theme", "average"],
                              "support": [4, 10], "predicted": [0, 9], "precision": [nan, 0.84615],
                              "recall": [0.0, 0.8], "f1": [nan, 0.8224], "kappa": [-0.05, 0.801]})
    assert cells(render.agreement_table(agreement, crafted_codebook())) == [
        ["Theme", "Support", "Coded", "Precision", "Recall", "F1", "Kappa"],
        ["Public trust", "4", "0", "n/a", "0.00", "n/a", "-0.05 †"],
        ["micro average", "10", "9", "0.85", "0.80", "0.82", "0.80"],
    ]
    intervals = pd.DataFrame({"theme": ["weakness.trust", "micro average"], "low": [nan, -0.001], "high": [nan, 0.9]})
    rows = cells(render.agreement_table(agreement, crafted_codebook(), intervals))
    assert rows[0][-1] == "Kappa 95% interval" and [r[-1] for r in rows[1:]] == ["", "0.00 to 0.90"]
    flat = intervals.assign(low=[-6.9e-15, 0.8], high=[0.0, 0.9])
    rows = cells(render.agreement_table(agreement, crafted_codebook(), flat))
    assert [r[-1] for r in rows[1:]] == ["no spread", "0.80 to 0.90"], "equal ends are not an interval"


def test_disagreement_table_labels_the_missed_and_added_themes():
    disagreements = pd.DataFrame({"paragraph": ["liu:p09", "wang:p02"], "missed": ["weakness.trust;response", ""],
                                  "added": ["", "response"]})
    assert cells(render.disagreement_table(disagreements, crafted_codebook())) == [
        ["Paragraph", "Hand coding only (missed)", "Coder only (added)"],
        ["liu:p09", "Public trust, Crisis response", ""],
        ["wang:p02", "", "Crisis response"],
    ]


def test_codebook_markdown_describes_each_theme_in_file_order():
    assert render.codebook_markdown(crafted_codebook()).data == "\n".join([
        "**Sector weaknesses** (`weakness`, parent theme, aggregates its children)\n",
        ": Shortcomings of the sector.\n",
        "  *Include:* Parent only.\n",
        "",
        "**Public trust** (`weakness.trust`, child of Sector weaknesses)\n",
        ": Trust \\<lost\\> by \\*charities\\*.\n",
        "  *Exclude:* Self\\_doubt.\n",
        "  *Patterns:* `trust*`; don\\`t trust\n",
        "  *Vetoed in the same sentence by:* `trust fund`\n",
        "  *Needs at least 2 different patterns in a paragraph.*\n",
        "",
        "**Crisis response** (`response`, theme)\n",
        ": Acting in the crisis.\n",
        "",
    ])


def test_codebook_markdown_of_the_real_codebook_names_every_theme(root):
    codebook = chapter_data.load_themes(root).codebook
    text = render.codebook_markdown(codebook).data
    for theme in codebook.themes.values():
        assert f"**{render.escape(theme.label)}** (`{theme.id}`, " in text
    assert "*Learned from:*" not in text
    model = classifier.trained(codebook)
    learned = render.codebook_markdown(codebook, model).data
    top = classifier.top_terms(model, "volunteering")
    assert f"*Learned from:* {model.positives['volunteering']} training paragraphs; weighs most: " \
           f"{', '.join(render.escape(t) for t in top)}" in learned
    assert learned.count("*Learned from:*") == len(codebook.leaves()), "every leaf, parents not"


def test_codebook_markdown_escapes_the_parent_label():
    codebook = Codebook({"p": Theme("p", "Rights <and> *duties*", "Parent."),
                         "p.c": Theme("p.c", "Child", "Child.", parent="p")})
    assert r"child of Rights \<and\> \*duties\*)" in render.codebook_markdown(codebook).data


def test_codebook_markdown_shows_a_veto_with_a_backtick_verbatim():
    codebook = Codebook({"t": Theme("t", "T", "Def.", vetoes=(Pattern("don`t", ()),))})
    assert "by:* don\\`t\n" in render.codebook_markdown(codebook).data


def test_extractive_summary_quotes_each_sentence_with_its_paragraph():
    sentences = pd.DataFrame({"sentence": ["We *act*.", "“Quoted.”"], "paragraph": ["liu:p07", "liu:p30"]})
    assert render.extractive_summary(sentences).data == "- “We \\*act\\*.” (p07)\n- “Quoted.” (p30)\n"


def test_short_ids():
    assert render.short_ids(["liu-youping-2020:p07", "liu-youping-2020:p09"]) == "p07, p09"
    assert render.short_ids([]) == ""


def test_alignment_table_labels_the_themes_of_each_side():
    exchanges = pd.DataFrame({"interview": ["liu", "liu"], "exchange": [1, 2], "question": ["liu:p08", ""],
                              "asked": ["weakness.trust", ""], "answered": ["weakness.trust;response", ""],
                              "shared": [1, 0]})
    assert cells(render.alignment_table(exchanges, crafted_codebook(), {"liu": "Liu"})) == [
        ["Interviewee", "Question", "Asked", "Answered", "Both"],
        ["Liu", "Q1 (p08)", "Public trust", "Public trust, Crisis response", "1"],
        ["Liu", "Q2", "none", "none", "0"],
    ]


def test_models_table_sets_positions_side_by_side_with_evidence():
    models = pd.DataFrame([
        {"aspect": "Who leads", "interview": "a", "position": "Hubs", "paragraphs": ["a:p03"],
         "quote": "hubs lead", "absent": ""},
        {"aspect": "Who leads", "interview": "b", "position": "Not said", "paragraphs": [],
         "quote": "", "absent": "hub"},
        {"aspect": "Volunteers", "interview": "b", "position": "Central", "paragraphs": ["b:p01", "b:p02"],
         "quote": "volunteers <all>", "absent": ""},
    ])
    assert cells(render.models_table(models, {"a": "Liu", "b": "Wang", "c": "Zhao"})) == [
        ["Aspect", "Liu", "Wang"],
        ["Who leads", "Hubs: “hubs lead” (p03)", "Not said (the text never uses “hub…”)"],
        ["Volunteers", "—", r"Central: “volunteers \<all\>” (p01, p02)"],
    ]


def test_models_table_without_positions_says_so():
    empty = pd.DataFrame(columns=["aspect", "interview", "position", "paragraphs", "quote", "absent"])
    assert "No comparison of models" in render.models_table(empty, {"a": "Liu"}).data


def test_loci_table_counts_problems_by_where_they_lie():
    notes = {
        "a": Annotations("a", problems=[Entry("X", ["a:p01"], locus="government"),
                                        Entry("Y", ["a:p02"], locus="government"), Entry("Z", ["a:p03"])]),
        "b": Annotations("b", problems=[Entry("W", ["b:p01"], locus="society")]),
        "c": Annotations("c"),
    }
    assert cells(render.loci_table(notes, {"a": "Liu", "b": "Wang", "c": "Zhao"})) == [
        ["Interviewee", "Problems of government", "Problems of society"],
        ["Liu", "2", "0"],
        ["Wang", "0", "1"],
    ]
    assert "says where it lies" in render.loci_table({"c": Annotations("c")}, {"c": "Zhao"}).data


def test_problems_table_shows_where_problems_lie_only_when_recorded():
    class Codebook:
        def label(self, theme):
            return theme

    with_locus = {"a": Annotations("a", problems=[Entry("X", ["a:p01"], locus="society")])}
    without = {"a": Annotations("a", problems=[Entry("X", ["a:p01"])])}
    assert "Where it lies" in cells(render.problems_table(with_locus, {"a": "Liu"}, Codebook()))[0]
    assert "Where it lies" not in cells(render.problems_table(without, {"a": "Liu"}, Codebook()))[0]


def test_timeline_table_says_where_each_date_comes_from():
    events = pd.DataFrame([
        {"event": "Law", "date": "2016-03-16", "date_from": "outside", "paragraphs": ["a:p36"], "quote": "the law"},
        {"event": "Lockdown", "date": "2020-01-23", "date_from": "inferred", "paragraphs": ["a:p11", "b:p02"],
         "quote": "lockdown"},
    ])
    assert cells(render.timeline_table(events, {"a": "Liu", "b": "Wang"}))[1:] == [
        ["Law", "2016-03-16", "an outside source (see the note)", "Liu p36", "“the law”"],
        ["Lockdown", "2020-01-23", "the text, year or month inferred", "Liu p11; Wang p02", "“lockdown”"],
    ]


def test_review_table_gives_reviewed_counts_and_scores():
    summary = pd.DataFrame([{"interview": "a", "paragraphs": 9, "reviewed": 4, "kept": 5, "added": 1,
                             "dropped": 2, "kappa": 0.712, "f1": float("nan")}])
    assert cells(render.review_table(summary, {"a": "Jane Doe"}))[1] == [
        "Jane Doe", "4 of 9", "5", "1", "2", "0.71", "–"]
    assert "No interview added" in render.review_table(summary.iloc[:0], {}).data


def test_domain_fit_note_warns_only_for_a_poorly_covered_interview():
    fit = pd.DataFrame([
        {"interview": "a", "answer_paragraphs": 10, "coded": 9, "share": 0.9, "share_low": 0.6, "share_high": 0.98,
         "rest_share": 0.1, "poor": False},
        {"interview": "b", "answer_paragraphs": 10, "coded": 1, "share": 0.1, "share_low": 0.02, "share_high": 0.4,
         "rest_share": 0.9, "poor": True}])
    names = {"a": "Ann <b>A</b>", "b": "Bo B"}
    assert render.domain_fit_note(fit, names, "a") is None, "a covered interview's chapter gets no output at all"
    bad = render.domain_fit_note(fit, names, "b").data
    assert bad.startswith(":::{admonition} The codebook barely covers this interview") and "1 of Bo B's 10" in bad
    assert "not findings" in bad
    corpus = render.domain_fit_note(fit.assign(interview=["a", "b"]), names).data
    assert "9 of Ann \\<b\\>A\\</b\\>'s 10" not in corpus, "only flagged interviews get a sentence of their own"
    assert corpus.startswith("Domain fit: the codebook's patterns give at least one theme to between 10% and 90%")
    assert "the least certain, Ann \\<b\\>A\\</b\\>'s, rests on 10 answer paragraphs, 95% interval 60–98%" in corpus
    assert "1 of 2 interviews fall below half" in corpus and "barely covers some interviews" in corpus
    assert render.domain_fit_note(fit, names, "zz") is None
    assert "(see Methods)" in corpus
    assert "(see Methods)" not in render.domain_fit_note(fit, names, see_methods=False).data
    assert render.domain_fit_note(fit, names, label=False).data.startswith("The codebook's patterns give")


def test_exchange_table_of_a_panel_has_a_row_per_panellist():
    by = pd.DataFrame({"exchange": [1, 1], "speaker": ["Doe", "Wang <i>Li</i>"], "answer_words": [3, 10]})
    out = render.exchange_table(by).data
    assert "Panellist" in out and "Wang \\<i\\>Li\\</i\\>" in out and "Question paragraph" not in out
