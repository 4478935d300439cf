"""Codings kept in the machine's cache (`interviews.coding.memo`) are the coder's, and only reused where equal."""

from dataclasses import replace

import pytest

from interviews.coding import coder, memo
from interviews.coding.codebook import load_codebook
from interviews.corpus import transcripts


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """The codings' folder in a temporary place (the fitted classifier and vectors stay in the machine's cache)."""
    folder = tmp_path / "codings"
    monkeypatch.setattr(memo, "cache_file", lambda key: folder / f"{key}.json")
    return folder


@pytest.fixture(scope="module")
def codebook(root):
    return load_codebook(root / "data" / "codebook.yml")


@pytest.fixture(scope="module")
def texts(root):
    return list(transcripts.paragraphs(transcripts.load_corpus(root)[1]).text)[:40]


def _refuse(*_):
    raise AssertionError("coded again")


def test_a_kept_coding_is_the_coders_and_is_read_back_without_coding(cache, codebook, texts, monkeypatch):
    expected = coder.code_texts(texts, codebook)
    assert memo.code_texts(texts, codebook) == expected
    assert len(list(cache.glob("*.json"))) == 1
    monkeypatch.setattr(coder, "code_texts", _refuse)
    assert memo.code_texts(texts, codebook) == expected
    assert memo.code_texts(list(texts), load_codebook(codebook.source)) == expected, "an equal codebook, loaded again"


def test_other_texts_or_another_codebook_are_coded_again(cache, codebook, texts):
    memo.code_texts(texts, codebook)
    memo.code_texts(texts[:-1], codebook)
    theme = next(t for t in codebook.themes.values() if t.patterns)
    fewer = replace(codebook, themes={**codebook.themes, theme.id: replace(theme, patterns=theme.patterns[1:])})
    assert memo.codebook_digest(fewer) != memo.codebook_digest(codebook)
    assert memo.code_texts(texts, fewer) == coder.code_texts(texts, fewer)
    plain = replace(codebook, classifier=None)
    assert memo.codebook_digest(plain) != memo.codebook_digest(codebook)
    assert len(list(cache.glob("*.json"))) == 3


def test_a_damaged_file_is_coded_again_and_replaced(cache, codebook, texts):
    expected = memo.code_texts(texts, codebook)
    (kept,) = cache.glob("*.json")
    for damage in ("{not json", '{"themes": ["a"], "evidence": []}', '{"themes": [1], "evidence": [2]}'):
        kept.write_text(damage)
        assert memo.code_texts(texts, codebook) == expected
    assert memo._read(kept) == expected


def test_the_cache_keeps_the_most_recently_used_codings(cache, codebook, texts, monkeypatch):
    monkeypatch.setattr(memo, "KEPT_CODINGS", 2)
    for k in range(4):
        memo.code_texts(texts[k:k + 3], codebook)
    assert len(list(cache.glob("*.json"))) == 2


def test_code_paragraphs_kept_equals_computed(cache, codebook, root):
    paragraphs = transcripts.paragraphs(transcripts.load_corpus(root)[1])
    computed = coder.code_paragraphs(paragraphs, codebook)
    assert coder.code_paragraphs(paragraphs, codebook, kept=True).equals(computed)
    assert coder.code_paragraphs(paragraphs, codebook, kept=True).equals(computed), "read from the cache"
