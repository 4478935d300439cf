"""The fast coder (`interviews.coding._fast`) computes exactly what the readable `coder.code_text` does.

The two must agree on the real paragraphs and on many perturbed texts (case changes,
Unicode look-alikes, irregular whitespace, British spellings); the literal analysis
that the shortcuts rest on is tested on its own.
"""

import gc
import pickle
import random
import re
from dataclasses import replace

import pytest

from interviews.coding import _fast, coder
from interviews.coding._fast import fold, literal_prefixes, required_literals
from interviews.coding.codebook import load_codebook
from interviews.corpus import transcripts


@pytest.fixture(scope="module")
def codebook(root):
    return load_codebook(root / "data" / "codebook.yml")


@pytest.fixture(scope="module")
def texts(root):
    return list(transcripts.paragraphs(transcripts.load_corpus(root)[1]).text)


def _perturbed(texts, n, seed=7):
    rng = random.Random(seed)
    words = " ".join(texts).split()
    out = []
    for i in range(n):
        start = rng.randrange(len(words) - 60)
        text = " ".join(words[start : start + rng.randrange(3, 60)])
        if i % 3 == 0:
            text = text.upper()
        if i % 5 == 0:
            text = text.replace("i", "ı").replace("I", "İ").replace("s", "ſ")
        if i % 7 == 0:
            text = text.replace(" ", rng.choice(["  ", "\t", " \n ", "\xa0"]))
        if i % 11 == 0:
            text = text.replace("ization", "isation").replace("ize", "ise")
        out.append(text)
    return out


def test_fast_coder_agrees_with_the_readable_one_on_the_corpus(codebook, texts):
    for text in texts:
        assert _fast.code_text(text, codebook) == coder.code_text(text, codebook), text[:80]


def test_fast_coder_agrees_with_the_readable_one_on_perturbed_texts(codebook, texts):
    coded = 0
    for text in _perturbed(texts, 600):
        expected = coder.code_text(text, codebook)
        assert _fast.code_text(text, codebook) == expected, text[:80]
        coded += bool(expected)
    assert coded > 300, "the perturbed texts must exercise the patterns, not only miss them"


@pytest.mark.parametrize(
    ("regex", "needs", "prefixes"),
    [
        (r"(?<![\w-])organi[sz]ations?\s+(?:lack\w*|no)(?![\w])", {"organi"}, {"organi"}),
        (r"\b(?:rel(?:y|ies)|depend\w*)\s+on\b", {"rel", "depend"}, {"rely", "relies", "depend"}),
        (r"\b[ée]lites?\b", {"lite"}, None),
        (r"\w+ing", {"ing"}, None),
        (r"a*", None, None),
        (r"(?:x|y*)z", {"z"}, None),
        (r"\bGovernment\b", {"government"}, {"government"}),
        (r"(?:ab)+c", {"ab"}, {"ab"}),
        (r"é", None, None),
        (r"\b(?:issued|issuing|introduc\w*)\b", {"ssued", "ssuing", "ntroduc"}, {"issued", "issuing", "introduc"}),
        (r"\b(?:CPC|CCP)\b", {"cp", "pc"}, {"cpc", "ccp"}),
        (r"ab\bc", {"abc"}, {"abc"}),
        (r"a(?:b|c*)d", {"a"}, {"a"}),
        (r"\b(?:learn to|to) say no\b", {" say no"}, {"to say no", "learn to say no"}),
        (r"(?:|a)b", {"b"}, None),
    ],
)
def test_literal_analysis(regex, needs, prefixes):
    compiled = re.compile(regex, re.I)
    assert required_literals(compiled) == (frozenset(needs) if needs else None)
    assert literal_prefixes(compiled) == (frozenset(prefixes) if prefixes else None)


@pytest.mark.parametrize("text", ["ORGANİZATION", "organızation", "ſtate", "\u212aNOW", "Straße"])
def test_fold_keeps_length_and_finds_what_a_case_insensitive_regex_finds(text):
    folded = fold(text)
    assert len(folded) == len(text)
    for word in ("organization", "state", "know", "strasse"):
        if re.search(word, text, re.I):
            assert word in folded


def test_a_pickled_codebook_gets_its_own_index_and_codes_the_same(codebook, texts):
    """Worker processes get the codebook by pickle: the copy must not use an index of the original's patterns."""
    text = texts[-1]
    _fast.code_text(text, codebook)  # builds the original's index
    copy = pickle.loads(pickle.dumps(codebook))
    assert _fast.index(copy) is not _fast.index(codebook)
    assert set(_fast.index(copy).keys) == {id(p) for t in copy.themes.values() for p in (*t.patterns, *t.vetoes)}
    assert _fast.code_text(text, copy) == _fast.code_text(text, codebook)


def test_an_index_goes_with_its_codebook(root):
    codebook = load_codebook(root / "data" / "codebook.yml")
    _fast.index(codebook)
    key = id(codebook)
    assert key in _fast._INDEXES
    del codebook
    gc.collect()
    assert key not in _fast._INDEXES


def test_candidates_leave_out_only_texts_where_a_pattern_cannot_match(codebook, texts):
    """The prefilter of the ablations: never leaves out a text where the pattern hits, and leaves out most."""
    patterns = [p for t in codebook.themes.values() for p in (*t.patterns, *t.vetoes)]
    every = [*texts, *_perturbed(texts, 200)]
    positions = _fast.candidates(codebook, every)
    left_out = 0
    for pattern in patterns:
        kept = set(positions(pattern))
        assert kept <= set(range(len(every))) and positions(pattern) == sorted(kept)
        for i, text in enumerate(every):
            if i not in kept:
                assert coder.pattern_hits(pattern, coder.normalize(text)) == [], (pattern.source, text[:80])
                left_out += 1
    assert left_out > len(patterns) * len(every) // 2, "the prefilter must leave most pairs out"
    assert positions(replace(patterns[0])) == list(range(len(every))), "another codebook's pattern: every text"
