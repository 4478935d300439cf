import pytest

from interviews.corpus.metadata import load_interviews
from interviews.report import template


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
