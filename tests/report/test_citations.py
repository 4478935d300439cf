import re

import pandas as pd
import pytest

from interviews.corpus import transcripts
from interviews.report.citations import check_prose, cited_ids, section, without_context

PARAS = pd.DataFrame(
    {"paragraph": ["x:p01", "x:p02", "x:p03", "y:p01"],
     "text": ["We need\xa0trust.", "Volunteers are many.", "Platforms are lacking.", "Other text."]}
)


def test_cited_ids_expand_ranges_and_skip_other_chapters():
    assert cited_ids("As he says (p01, p02 to p03).", "x") == ["x:p01", "x:p02", "x:p03"]
    assert cited_ids("Unlike Y ({ref}`y`, p01), he (p02).", "x") == ["x:p02"]


def test_check_prose_finds_each_kind_of_problem():
    prose = (
        'He says "We need trust" (p01).\n\n'
        "An uncited paragraph.\n\n"
        'He says "volunteers are plenty" (p02).\n\n'
        "He cites a ghost (p09)."
    )
    problems = check_prose(prose, "x", PARAS)
    assert len(problems) == 3
    assert problems[0].startswith("no paragraph cited")
    assert 'not verbatim in x:p02: "volunteers are plenty"' in problems[1]
    assert "x:p09" in problems[2]


def test_section_extracts_text_under_heading():
    md = "# T\n\n## Summary\n\nOne (p01).\n\nTwo.\n\n## Next\n\nThree."
    assert section(md, "Summary") == "One (p01).\n\nTwo."


@pytest.mark.parametrize("slug", ["liu-youping-2020", "wang-zhongping-2022"])
def test_chapter_summaries_cite_real_paragraphs_and_quote_verbatim(root, slug):
    _, parsed = transcripts.load_corpus(root)
    summary = section((root / "book" / "interviews" / f"{slug}.md").read_text(encoding="utf-8"), "Summary")
    summary = without_context(summary)
    words = len(summary.split())
    assert 300 <= words <= 900, f"summary has {words} words"
    assert check_prose(summary, slug, transcripts.paragraphs(parsed)) == []
    assert summary.strip().split("\n\n")[-1].startswith("**The book's reading.**")


@pytest.mark.parametrize("slug", ["liu-youping-2020", "wang-zhongping-2022"])
def test_speaker_sections_cite_real_paragraphs_and_quote_verbatim(root, slug):
    _, parsed = transcripts.load_corpus(root)
    markdown = (root / "book" / "interviews" / f"{slug}.md").read_text(encoding="utf-8")
    position = section(markdown, "Who is speaking, and under what constraints")
    assert len(position.split()) >= 200
    assert check_prose(position, slug, transcripts.paragraphs(parsed)) == []


def test_ids_by_name_carry_over_and_ranges():
    from interviews.report.citations import cited_ids_by_name

    surnames = {"x": "Liu", "y": "Wang"}
    ids, orphans = cited_ids_by_name("As both say (Liu p01, p02 to p03; Wang p01) and p09.", surnames)
    assert ids == ["x:p01", "x:p02", "x:p03", "y:p01", "y:p09"]
    assert orphans == []
    assert cited_ids_by_name("Bare p01 first.", surnames)[1] == ["p01"]


def test_check_prose_with_names():
    prose = 'Liu says "We need trust" (Liu p01) while Wang disagrees (Wang p01).\n\nBare id (p02).'
    problems = check_prose(prose, None, PARAS, surnames={"x": "Liu", "y": "Wang"})
    assert len(problems) == 2 and "without an interviewee's name" in problems[0]


@pytest.mark.parametrize("name", ["weaknesses", "government", "comparison"])
def test_theme_chapters_cite_real_paragraphs_and_quote_verbatim(root, name):
    from interviews.report.citations import prose

    interviews, parsed = transcripts.load_corpus(root)
    surnames = {i.slug: i.interviewee.name.split()[0] for i in interviews}
    text = prose((root / "book" / "themes" / f"{name}.md").read_text(encoding="utf-8"))
    problems = check_prose(text, None, transcripts.paragraphs(parsed), surnames=surnames, require_citation=False)
    assert problems == []


def test_prose_drops_code_cells_and_headings():
    from interviews.report.citations import prose

    md = "---\nkernelspec: x\n---\n\n(label)=\n# Title\n\nText (p01).\n\n```{code-cell} ipython3\nx = 1\n\ny = 2\n```\n"
    assert prose(md).split() == ["Text", "(p01)."]


def _glossary(root):
    from interviews.report.citations import glossary_entries

    return glossary_entries((root / "book" / "glossary.md").read_text(encoding="utf-8"))


def test_glossary_definitions_cite_real_paragraphs_and_quote_verbatim(root):
    _, parsed = transcripts.load_corpus(root)
    surnames = {"liu-youping-2020": "Liu", "wang-zhongping-2022": "Wang"}
    entries = _glossary(root)
    assert len(entries) >= 15
    problems = []
    for terms, definition in entries:
        assert definition, f"glossary entry {terms} has no definition"
        problems += [f"{terms[0]}: {p}" for p in check_prose(definition, None, transcripts.paragraphs(parsed),
                                                              surnames=surnames)]
    assert problems == []


def test_unlinked_terms_finds_first_mentions_without_a_link():
    from interviews.report.citations import unlinked_terms

    entries = [(["pivot organizations"], "x"), (["volunteer services", "volunteering"], "y")]
    assert unlinked_terms("Pivot organizations matter. {term}`pivot organizations` again.", entries) == [
        "pivot organizations"
    ]
    assert unlinked_terms("{term}`Pivot <pivot organizations>` first, then pivot organizations.", entries) == []
    assert unlinked_terms('He said "volunteering" and {term}`volunteer services`; volunteering.', entries) == []
    assert unlinked_terms("# Volunteering\n\nNothing here.", entries) == []


@pytest.mark.parametrize("page", ["intro", "methods", "interviews/liu-youping-2020", "interviews/wang-zhongping-2022",
                                  "themes/weaknesses", "themes/government", "themes/comparison"])
def test_each_chapter_links_the_first_use_of_glossary_terms(root, page):
    from interviews.report.citations import unlinked_terms

    text = (root / "book" / f"{page}.md").read_text(encoding="utf-8")
    assert unlinked_terms(text, _glossary(root)) == []


def test_context_problems_find_each_kind_of_problem():
    from interviews.report.citations import context_problems

    good = ":::{admonition} Context: a law\n:class: context\nAdopted in 2016 {cite:p}`law`.\n:::\n"
    assert context_problems(good + "Prose citing {cite:p}`other`.", {"law"}) == []
    uncited = ":::{admonition} Context: a law\n:class: context\nAdopted in 2016.\n:::\n"
    assert context_problems(uncited, {"law"}) == ["context block 'Context: a law' cites no source"]
    wrong = ":::{admonition} Note\n:class: context\nText {cite:p}`law`.\n:::\n"
    assert "only they" in context_problems(wrong, {"law"})[0]
    assert context_problems("Prose {cite:p}`a,law`.", {"law"}) == [
        "context sources cited outside a context block: ['law']"]


def _context_keys(root):
    bib = (root / "book" / "references.bib").read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"@\w+\{([^,]+),(?:(?!\n@).)*?keywords\s*=\s*\{context\}", bib, re.S)}


def test_every_context_source_is_cited_and_only_in_context_blocks(root):
    from interviews.report.citations import cited_keys, context_problems

    keys = _context_keys(root)
    assert len(keys) >= 10
    used = set()
    for page in sorted((root / "book").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        used |= set(cited_keys(text))
        if page.name != "glossary.md":
            assert context_problems(text, keys) == [], page.name
    assert keys <= used, f"context sources never cited: {sorted(keys - used)}"
