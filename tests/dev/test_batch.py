"""Parsing and coding many transcripts in worker processes (`interviews.dev.batch`)."""

import pytest

from interviews.coding import coder
from interviews.coding.codebook import load_codebook
from interviews.corpus import transcripts
from interviews.dev import batch, synthetic


@pytest.fixture(scope="module")
def parsed(root):
    return transcripts.load_corpus(root)[1]


def test_batch_gives_the_same_table_with_any_number_of_jobs(root, parsed):
    codebook = load_codebook(root / "data" / "codebook.yml")
    items = [batch.Item(s.text, s.interview, s.interview.slug) for s in synthetic.corpus(list(parsed.values()), 8)]
    one = batch.run(items, codebook, jobs=1)
    two = batch.run(items, codebook, jobs=2)
    assert one.equals(two)
    assert len(one) == sum(len(t.paragraphs) for t in parsed.values()) * 4
    expected = coder.code_paragraphs(transcripts.parse_text(items[0].text, items[0].interview).paragraphs, codebook)
    assert list(one.themes[: len(expected)]) == list(expected.themes)
