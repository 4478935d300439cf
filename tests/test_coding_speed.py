"""The coder's shortcuts (literal prefilter, prefix-anchored matching, lazy word index) change no result.

`reference_code_text` is the coder without any shortcut: every regex of every
pattern scans the whole text. The fast coder must agree with it on the real
paragraphs and on many perturbed texts (case changes, Unicode look-alikes,
irregular whitespace, British spellings).
"""

import bisect
import pickle
import random
import re

import pytest

from interviews import batch, coding, corpus, synthetic
from interviews.codebook import fold, literal_prefixes, load_codebook, required_literals


@pytest.fixture(scope="module")
def book(root):
    return load_codebook(root / "data" / "codebook.yml")


@pytest.fixture(scope="module")
def transcripts(root):
    return corpus.load_corpus(root)[1]


def _reference_hits(pattern, text):
    found = [list(r.finditer(text)) for r in pattern.regexes]
    if not all(found):
        return []
    if pattern.within is None:
        return [(m.start(), m.end(), m.group()) for m in found[0]]
    starts = [m.start() for m in coding.WORD_RE.finditer(text)]

    def word(offset):
        return bisect.bisect_right(starts, offset) - 1

    hits = []
    for anchor in found[0]:
        parts = [anchor]
        for others in found[1:]:
            near = [m for m in others if abs(word(m.start()) - word(anchor.start())) <= pattern.within]
            if not near:
                break
            parts.append(min(near, key=lambda m: abs(m.start() - anchor.start())))
        else:
            s, e = min(m.start() for m in parts), max(m.end() for m in parts)
            hits.append((s, e, " … ".join(m.group() for m in sorted(parts, key=lambda m: m.start()))))
    return hits


def reference_code_text(text, book):
    norm = coding.normalize(text)
    sentences = [m.span() for m in coding.SENTENCE_RE.finditer(norm)]
    coded = {}
    for theme_id in book.leaves():
        theme = book.themes[theme_id]
        hits, matched = {}, set()
        for pattern in theme.patterns:
            for s, e, phrase in _reference_hits(pattern, norm):
                a, b = next(((a, b) for a, b in sentences if a <= s < b), (0, 0))
                if any(_reference_hits(v, norm[a:b]) for v in theme.vetoes):
                    continue
                hits.setdefault((s, e), text[s:e] if pattern.within is None else phrase)
                matched.add(pattern.source)
        if hits and len(matched) >= theme.min_matches:
            coded[theme_id] = list(dict.fromkeys(hits[k].lower() for k in sorted(hits)))
    return coded


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


def test_fast_coder_agrees_with_the_reference_on_the_corpus(book, transcripts):
    for text in corpus.paragraphs(transcripts).text:
        assert coding.code_text(text, book) == reference_code_text(text, book), text[:80]


def test_fast_coder_agrees_with_the_reference_on_perturbed_texts(book, transcripts):
    texts = _perturbed(list(corpus.paragraphs(transcripts).text), 600)
    coded = 0
    for text in texts:
        expected = reference_code_text(text, book)
        assert coding.code_text(text, book) == expected, text[:80]
        coded += bool(expected)
    assert coded > 300, "the perturbed texts must exercise the patterns, not only miss them"


@pytest.mark.parametrize(
    ("regex", "needs", "prefixes"),
    [
        (r"(?<![\w-])organi[sz]ations?\s+(?:lack\w*|no)(?![\w])", {"organi"}, {"organi"}),
        (r"\b(?:rel(?:y|ies)|depend\w*)\s+on\b", {"rel", "depend"}, {"rel", "depend"}),
        (r"\b[ée]lites?\b", {"lite"}, None),
        (r"\w+ing", {"ing"}, None),
        (r"a*", None, None),
        (r"(?:x|y*)z", {"z"}, None),
        (r"\bGovernment\b", {"government"}, {"government"}),
        (r"(?:ab)+c", {"ab"}, {"ab"}),
        (r"é", None, None),
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


def test_synthetic_corpus_parses_to_the_paragraphs_it_was_made_of(transcripts):
    made = synthetic.corpus(list(transcripts.values()), 6)
    assert [s.interview.slug for s in made] == [f"synthetic-{i:04d}" for i in range(1, 7)]
    assert made == synthetic.corpus(list(transcripts.values()), 6), "the same seed gives the same corpus"
    for s, real in zip(made, list(transcripts.values()) * 3):
        parsed = corpus.parse_text(s.text, s.interview, s.interview.slug).paragraphs
        assert len(parsed) == s.paragraphs == len(real.paragraphs)
        assert sorted(parsed.text) == sorted(" ".join(t.split()) for t in real.paragraphs.text)


def test_batch_gives_the_same_table_with_any_number_of_jobs(book, transcripts):
    items = [batch.Item(s.text, s.interview, s.interview.slug) for s in synthetic.corpus(list(transcripts.values()), 8)]
    one = batch.run(items, book, jobs=1)
    two = batch.run(items, book, jobs=2)
    assert one.equals(two)
    assert len(one) == sum(len(t.paragraphs) for t in transcripts.values()) * 4
    expected = coding.code_paragraphs(corpus.parse_text(items[0].text, items[0].interview).paragraphs, book)
    assert list(one.themes[: len(expected)]) == list(expected.themes)


def test_possessive_word_pattern_counts_like_the_plain_one(transcripts):
    plain = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
    texts = [*corpus.paragraphs(transcripts).text, "a--b it's x- -y foo_bar d’état 1-2-3 a'b' ––"]
    for text in texts:
        assert corpus.WORD_RE.findall(text) == plain.findall(text)


def test_a_pickled_codebook_rebuilds_its_id_keyed_caches(book, transcripts):
    """Worker processes get the codebook by pickle: its gates must key the copy's patterns, not the original's."""
    text = next(iter(transcripts.values())).paragraphs.text.iloc[-1]
    coding.code_text(text, book)  # fills the caches
    copy = pickle.loads(pickle.dumps(book))
    para = coding._Text(text, copy)
    ids = {id(p) for p in copy.all_patterns()}
    assert para.blocked and para.blocked <= ids
    assert para.open <= ids
    assert coding.code_text(text, copy) == coding.code_text(text, book)
