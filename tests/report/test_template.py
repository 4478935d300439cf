import re

import pytest
from docutils import nodes

from interviews.corpus.metadata import Person, load_interviews
from interviews.report import template
from tests.helpers import make_interview


@pytest.mark.parametrize("slug", ["liu-youping-2020", "wang-zhongping-2022"])
def test_interview_chapters_run_the_template_code(root, slug):
    """Hand-edited chapters may change prose, never the code: it lives in the template."""
    interview = next(i for i in load_interviews(root / "data" / "interviews.yml") if i.slug == slug)
    chapter = (root / "book" / "interviews" / f"{slug}.md").read_text(encoding="utf-8")
    expected = [c for c in template.code_cells(template.chapter_text(interview, "Summary text (p01)."))]
    assert template.code_cells(chapter) == expected


def test_new_chapter_has_a_labelled_machine_summary(root):
    interview = load_interviews(root / "data" / "interviews.yml")[1]
    text = template.chapter_text(interview)
    assert "machine-selected" in text and "summaries.central_sentences(data.answers)" in text
    assert "$" not in text.replace("$slug", "")  # every placeholder filled
    assert f'chapter_data.load("{interview.slug}")' in text
    assert text.startswith("---\njupytext:")


@pytest.mark.parametrize("slug", ["liu-youping-2020", "wang-zhongping-2022"])
def test_interview_chapters_have_the_template_sections_in_order(root, slug):
    """The hand-written chapters keep the template's sections, a reading of the speaker first."""
    interview = next(i for i in load_interviews(root / "data" / "interviews.yml") if i.slug == slug)
    headings = [line for line in template.chapter_text(interview).splitlines() if line.startswith("## ")]
    chapter = (root / "book" / "interviews" / f"{slug}.md").read_text(encoding="utf-8")
    assert headings[:3] == ["## The interview at a glance", "## Who is speaking, and under what constraints",
                            "## Summary"]
    assert [line for line in chapter.splitlines() if line.startswith("## ")][:3] == headings[:3]


HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "**bold** _it_", "[link](https://x.org)",
           "$x^2$", "{ref}`intro`", "`code`", "\\textbf{x} % & # ~ ^", ":::{note}", "1. listed", "- item",
           "(label)=", "<!-- comment -->", "&amp; &lt;"]


def _doctree(markdown: str):
    """The docutils tree of a chapter's prose as MyST reads it (code cells and front matter left out)."""
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    prose = re.sub(r"^```\{code-cell\}.*?^```$", "", markdown.split("\n---\n", 1)[1], flags=re.M | re.S)
    settings = {"myst_enable_extensions": ["colon_fence", "deflist", "substitution", "dollarmath"],
                "report_level": 5, "halt_level": 5}
    return publish_doctree(prose, parser=Parser(), settings_overrides=settings)


def _shape(tree) -> list[str]:
    return [type(node).__name__ for node in tree.findall()]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_names_are_text_in_the_chapter_never_markup(hostile):
    """A hostile name gives the chapter the same document tree as a plain one, and shows every character."""
    plain = make_interview(interviewee=Person("Jane Doe"))
    bad = make_interview(interviewee=Person(f"Jane {hostile} Doe"))
    plain_tree, bad_tree = _doctree(template.chapter_text(plain)), _doctree(template.chapter_text(bad))
    assert _shape(bad_tree) == _shape(plain_tree)
    title = next(bad_tree.findall(nodes.title))
    assert title.astext() == f"Jane {' '.join(hostile.split())} Doe (2024)"
    assert sum(f"Jane {hostile} Doe" in t.astext() for t in bad_tree.findall(nodes.Text)) == 3


def test_a_slug_that_is_not_a_slug_is_refused():
    with pytest.raises(ValueError, match="is not a slug"):
        template.chapter_text(make_interview(slug="x)=\n# y"))
