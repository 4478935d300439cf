"""Words: tokens, stopwords and frequency tables used by word clouds and charts."""

from __future__ import annotations

import functools
import re
from collections import Counter

import pandas as pd
from wordcloud import STOPWORDS

# Letters with inner hyphens or apostrophes; "_" joins the words of a concept of the concept
# map (corpus.concepts.canonical), which `normalize` turns back into a space.
TOKEN_RE = re.compile(r"[a-z]+(?:[-’_][a-z]+)*")
# British spellings counted as their American forms, so that a translation that
# switches spelling half-way ("organisations") does not split one word in two.
BRITISH = {"isation": "ization", "isations": "izations"}
BRITISH_WORDS = {
    "organise": "organize", "organised": "organized", "organising": "organizing",
    "mobilise": "mobilize", "mobilised": "mobilized", "realise": "realize", "realised": "realized",
    "recognise": "recognize", "recognised": "recognized", "summarise": "summarize",
    "summarised": "summarized", "favour": "favor", "favourable": "favorable",
    "unfavourable": "unfavorable", "behaviour": "behavior", "centre": "center", "programme": "program",
}

# Function words and the interview's own scaffolding; content words such as
# "social", "organizations" or "government" are kept on purpose.
EXTRA_STOPWORDS = frozenset(
    """
    also will can may must need needs still even though however would could
    one two first second third firstly secondly thirdly finally
    think say said says like just really well way ways many much
    within without upon among us per via let’s it’s i’m we’re they’re don’t
    """.split()
)
STOPWORDS_EN = frozenset(w.replace("'", "’") for w in STOPWORDS) | frozenset(STOPWORDS) | EXTRA_STOPWORDS


def normalize(token: str) -> str:
    """Possessive ’s removed; British spellings mapped to American ones; a concept's words spaced."""
    if "_" in token:
        return token.replace("_", " ")
    if token.endswith("’s"):
        token = token[:-2]
    for ending, american in BRITISH.items():
        if token.endswith(ending):
            token = token[: -len(ending)] + american
    return BRITISH_WORDS.get(token, token)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (letters with inner hyphens or apostrophes), normalized; digits dropped."""
    return [normalize(t) for t in TOKEN_RE.findall(text.lower().replace("'", "’"))]


def content_tokens(text: str, min_length: int = 3) -> list[str]:
    """The tokens that are not stop words and have at least `min_length` characters."""
    return list(_content_tokens(text, min_length))


@functools.lru_cache(maxsize=1 << 16)
def _content_tokens(text: str, min_length: int) -> tuple[str, ...]:
    """:func:`content_tokens`, kept: the comparisons tokenize each answer once per interview."""
    return tuple(t for t in tokens(text) if t not in STOPWORDS_EN and len(t) >= min_length)


def word_frequencies(texts, min_length: int = 3) -> pd.DataFrame:
    """Content-word counts over the texts, most frequent first (ties alphabetical)."""
    counts = Counter()
    for text in texts:
        counts.update(content_tokens(text, min_length))
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame(rows, columns=["word", "count"])
