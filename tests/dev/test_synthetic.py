"""Synthetic corpora for the benchmark (`interviews.dev.synthetic`)."""

import pytest

from interviews.corpus import transcripts
from interviews.dev import synthetic


@pytest.fixture(scope="module")
def parsed(root):
    return transcripts.load_corpus(root)[1]


def test_synthetic_corpus_parses_to_the_paragraphs_it_was_made_of(parsed):
    made = synthetic.corpus(list(parsed.values()), 6)
    assert [s.interview.slug for s in made] == [f"synthetic-{i:04d}" for i in range(1, 7)]
    assert made == synthetic.corpus(list(parsed.values()), 6), "the same seed gives the same corpus"
    for s, real in zip(made, list(parsed.values()) * 3):
        parsed = transcripts.parse_text(s.text, s.interview, s.interview.slug).paragraphs
        assert len(parsed) == s.paragraphs == len(real.paragraphs)
        assert sorted(parsed.text) == sorted(" ".join(t.split()) for t in real.paragraphs.text)
