"""Facts and figures mentioned in the text: money, dates, years, counts, percentages.

Transparent regular expressions, applied in priority order (a span claimed by an
earlier kind is not matched again). The result is a finding aid with paragraph
ids, not a verified fact base: the book labels it as machine-extracted.
"""

from __future__ import annotations

import re

import pandas as pd

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    "sixty|seventy|eighty|ninety|hundred|a hundred|several dozens?|dozens|a dozen|hundreds|thousands"
)
NUMBER = r"(?<![\w\-])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,.]*\d)(?!st|nd|rd|th)"
SCALE = r"(?:\s*(?:million|billion|thousand|hundred))?"
QUALIFIER = r"(?:(?:more than|over|nearly|almost|about|around|at least|up to|some)\s+)?"

PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "money",
        re.compile(
            rf"(?:(?:\b(?:RMB|CNY|USD|US\$)|(?<!\w)[$¥])\s?{NUMBER}{SCALE}(?:\s*(?:yuan|RMB))?"
            rf"|\b{NUMBER}{SCALE}\s*(?:RMB|yuan|CNY|US dollars|dollars)\b)",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b(?:(?:the\s+)?(?:end|beginning|start|middle) of\s+)?(?:{MONTHS})"
            rf"(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+(?:1[89]|20)\d\d|\s+last year|\s+this year)?\b"
            rf"|\b\d{{1,2}}\s+(?:{MONTHS})(?:\s+(?:1[89]|20)\d\d)?\b"
        ),
    ),
    ("percent", re.compile(rf"\b{NUMBER}\s?(?:%|percent\b|per cent\b)", re.I)),
    ("year", re.compile(r"\b(?:1[89]|20)\d\d\b(?!\s*(?:million|billion|thousand|yuan|RMB))")),
    (
        "count",
        re.compile(
            rf"\b{QUALIFIER}(?:{NUMBER}|(?:{NUMBER_WORDS})\b){SCALE}(?:[\s-](?:of\s+)?)"
            r"(?:[a-z]+[\s-]){0,2}?(?:[a-z]+s|years?|months?|days?|weeks?|people|staff)\b",
            re.I,
        ),
    ),
]

# Nouns that count parts of the speaker's own argument ("three angles", "two sides"),
# not facts about the world; a count whose noun is one of these is skipped.
DISCOURSE_NOUNS = frozenset(
    "angles aspects areas components issues levels parts perspectives phases points problems "
    "questions reasons respects sides stages steps things ways worlds".split()
)
CONTEXT_WORDS = 10


def _context(text: str, start: int, end: int) -> str:
    """The expression in brackets with up to ten words either side."""
    pre, post = text[:start], text[end:]
    before, after = pre.split(), post.split()
    left = ("… " if len(before) > CONTEXT_WORDS else "") + " ".join(before[-CONTEXT_WORDS:])
    right = " ".join(after[:CONTEXT_WORDS]) + (" …" if len(after) > CONTEXT_WORDS else "")
    left += " " if pre[-1:].isspace() else ""
    right = (" " if post[:1].isspace() else "") + right
    return f"{left}[{text[start:end]}]{right}".strip()


def find_facts(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, expression) for every numeric expression, in text order."""
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "count" and text[max(0, s - 1) : s] in "“‘\"'" and s > 0:
                continue  # a quoted name such as “five community linkages”, not a count
            if kind == "count" and m.group().split()[-1].lower() in DISCOURSE_NOUNS:
                continue  # counts the speaker's own points, not the world
            if kind == "date" and not re.search(r"\d|last year|this year|end|beginning|start|middle", m.group()):
                continue  # a bare month name ("May") is too ambiguous
            taken.append((s, e))
            found.append((s, e, kind, m.group().strip()))
    return sorted(found)


def extract(paragraphs: pd.DataFrame, roles=("interviewee", "interviewer", "narrator", "editor")) -> pd.DataFrame:
    """One row per numeric expression: paragraph id, speaker, kind, expression, context."""
    rows = []
    for p in paragraphs[paragraphs.role.isin(roles)].itertuples():
        for s, e, kind, expr in find_facts(p.text):
            rows.append(
                {
                    "paragraph": p.paragraph,
                    "speaker": p.speaker,
                    "kind": kind,
                    "expression": expr,
                    "context": _context(p.text, s, e),
                }
            )
    return pd.DataFrame(rows, columns=["paragraph", "speaker", "kind", "expression", "context"])
