import pandas as pd
import pytest

from interviews import annotations
from interviews.errors import InputError

PARAGRAPHS = pd.DataFrame(
    {"paragraph": ["x:p01", "x:p02"], "text": ["We need\xa0more trust.", "Volunteers are many."]}
)


def load(tmp_path, text):
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    return annotations.load(path, "x", PARAGRAPHS)


def test_project_notes_are_verbatim(root):
    from interviews import chapter

    for slug in ("liu-youping-2020", "wang-zhongping-2022"):
        data = chapter.load(slug, root)
        assert 5 <= len(data.notes.key_quotes) <= 8
        assert data.notes.problems and data.notes.proposals and data.notes.source_notes


def test_quote_matches_across_nonbreaking_space(tmp_path):
    notes = load(tmp_path, "key_quotes:\n  - paragraph: p01\n    quote: We need more trust.\n")
    assert notes.key_quotes[0].paragraphs == ["x:p01"]


def test_misquote_is_an_error(tmp_path):
    with pytest.raises(InputError, match="not found verbatim in x:p01") as info:
        load(tmp_path, "key_quotes:\n  - paragraph: p01\n    quote: We need much more trust.\n")
    assert info.value.field == "key_quotes[0]"


def test_unknown_paragraph_is_an_error(tmp_path):
    with pytest.raises(InputError, match="paragraph p09 does not exist"):
        load(tmp_path, "problems:\n  - problem: Trust\n    paragraphs: [p01, p09]\n")


def test_entry_without_citation_is_an_error(tmp_path):
    with pytest.raises(InputError, match="cite the paragraph"):
        load(tmp_path, "proposals:\n  - proposal: More volunteers\n")


def test_unknown_section_is_an_error(tmp_path):
    with pytest.raises(InputError, match="unknown section"):
        load(tmp_path, "quotes: []\n")
