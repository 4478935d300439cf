"""Hand-written reading notes for one interview: key quotes, problems, proposals, source notes.

They live in `data/annotations/<slug>.yml`. Every entry cites paragraph ids
(`p07` short for `<slug>:p07`) and every quote must occur verbatim in the
paragraph it cites, and every theme must be in the codebook; anything else is an
:class:`~interviews.errors.InputError` naming the file, the line and the entry (for
a quote, the first character where it differs), so the book cannot print a
misquotation. The files' keys are :data:`interviews.corpus.schema.NOTES` and
:data:`~interviews.corpus.schema.DOCUMENTS`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError, read_yaml
from . import schema

SECTIONS = {section: (key,) for section, key in schema.NOTE_SECTIONS.items()}
# Where a problem lies (the `locus` of a problem): whose problem it is, so that problems of
# the sector's own organizations are compared with like, not with those of local administration.
LOCI = schema.LOCI


@dataclass
class Entry:
    text: str  # the quote, problem, proposal or note
    paragraphs: list[str]  # full paragraph ids
    quote: str = ""  # verbatim evidence (the text itself for key quotes)
    detail: str = ""
    theme: str = ""  # a codebook theme id the entry belongs to (problems), if given
    locus: str = ""  # where a problem lies, in the reader's judgement: one of LOCI


@dataclass
class Annotations:
    slug: str
    key_quotes: list[Entry] = field(default_factory=list)
    problems: list[Entry] = field(default_factory=list)
    proposals: list[Entry] = field(default_factory=list)
    source_notes: list[Entry] = field(default_factory=list)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _texts(paragraphs: pd.DataFrame) -> dict[str, str]:
    """Paragraph id -> text with whitespace runs collapsed (the sources use non-breaking spaces)."""
    return {pid: _squash(t) for pid, t in zip(paragraphs.paragraph, paragraphs.text)}


# Characters that look alike but differ, named so that a failed quote says which one it has.
LOOK_ALIKES = {
    "'": "straight apostrophe '", "’": "curly apostrophe ’", "‘": "opening single quote ‘",
    '"': 'straight double quote "', "“": "opening double quote “", "”": "closing double quote ”",
    "-": "hyphen -", "–": "en dash –", "—": "em dash —", "‐": "Unicode hyphen ‐", "−": "minus sign −",
    "…": "ellipsis …", ".": "full stop .", " ": "space", ",": "comma ,", "，": "full-width comma ，",
    "：": "full-width colon ：", ":": "colon :", "\u00ad": "soft hyphen",
}


def _char(c: str) -> str:
    if not c:
        return "the end of the paragraph"
    return LOOK_ALIKES.get(c, f"{c!r}") + (f" (U+{ord(c):04X})" if not c.isascii() or c in LOOK_ALIKES else "")


def _matched(quote: str, text: str) -> int:
    """Length of the longest start of `quote` that occurs in `text` (binary search: a start of a match matches)."""
    lo, hi = 0, len(quote)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    return lo


def difference(quote: str, refs: list[str], texts: dict[str, str], short: bool = True) -> str | None:
    """None when the quote occurs verbatim (up to whitespace) in one of the paragraphs; else where it first differs.

    The paragraph whose text matches the longest start of the quote is compared: the
    message gives the character position in the quote and both characters, naming
    look-alikes ("the quote has straight apostrophe ' where p07 has curly apostrophe ’").
    Paragraphs are named by their short ids (p07), or by full ids unless `short`.
    """
    quote = _squash(quote)
    if any(quote in texts[r] for r in refs):
        return None
    best = max(refs, key=lambda r: _matched(quote, texts[r]))
    text = texts[best]
    n = _matched(quote, text)
    name = best.split(":", 1)[-1] if short else best
    if n == 0:
        return f"quote not found verbatim: not even its first character {_char(quote[0])} occurs in {name}"
    at = text.find(quote[:n]) + n
    context = quote[max(0, n - 20):n]
    return (f"quote not found verbatim in {name}: it differs at character {n + 1} (after {context!r}): "
            f"the quote has {_char(quote[n])} where {name} has {_char(text[at:at + 1])}")


def _verbatim(quote: str, refs: list[str], texts: dict[str, str]) -> bool:
    """True when the quote occurs, character for character up to whitespace, in one of the paragraphs."""
    return difference(quote, refs, texts) is None


def load(path: str | Path, slug: str, paragraphs: pd.DataFrame, themes=None) -> Annotations:
    """Load and check the notes for `slug` against its parsed paragraphs (and theme ids against `themes`, if given).

    The file's keys and types follow :data:`interviews.corpus.schema.NOTES`; every
    error names the file, the line and the entry.
    """
    path = Path(path)
    if not path.is_file():
        return Annotations(slug)
    data, root = read_yaml(path, "reading notes")
    data = {} if data is None else data
    schema.validate(data, schema.NOTES, root, path)
    texts = _texts(paragraphs)
    notes = Annotations(slug)
    for section in SECTIONS:
        for i, item in enumerate(data.get(section) or []):
            getattr(notes, section).append(_entry(item, (path, root, section, i), slug, texts, themes))
    return notes


def _entry(item: dict, at: tuple, slug: str, texts: dict[str, str], themes) -> Entry:
    """One checked entry; `at` is (file, YAML node, section, index) for the errors."""
    path, root, section, i = at
    (key,) = SECTIONS[section]

    def err(message: str, step: str | None = None) -> InputError:
        steps = [section, i] if step is None else [section, i, step]
        return InputError(path, message, line=schema.line_of(schema.node_at(root, steps)),
                          field=schema.field_name(steps))

    if "paragraph" not in item and "paragraphs" not in item:
        raise err("cite the paragraph(s) the entry rests on ('paragraph' or 'paragraphs')")
    cited = "paragraphs" if "paragraphs" in item else "paragraph"
    refs = []
    for ref in item[cited] if isinstance(item[cited], list) else [item[cited]]:
        if f"{slug}:{ref}" not in texts:
            raise err(f"paragraph {ref} does not exist in {slug}", cited)
        refs.append(f"{slug}:{ref}")
    quote = str(item[key] if section == "key_quotes" else item.get("quote") or "")
    problem = difference(quote, refs, texts) if quote else None
    if problem:
        raise err(problem, key if section == "key_quotes" else "quote")
    theme = str(item.get("theme") or "")
    if theme and themes is not None and theme not in themes:
        close = difflib.get_close_matches(theme, list(themes), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(themes)}"
        raise err(f"unknown theme {theme!r}: not in data/codebook.yml{hint}", "theme")
    return Entry(str(item[key]).strip(), refs, quote, " ".join(str(item.get("detail") or "").split()), theme,
                 str(item.get("locus") or ""))


def load_documents(path: str | Path, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """The cited documents table, sorted by `order`; quotes checked verbatim (full paragraph ids)."""
    path = Path(path)
    data, root = read_yaml(path, "documents file")
    data = {} if data is None else data
    schema.validate(data, schema.DOCUMENTS, root, path)
    texts = _texts(paragraphs)
    rows = []
    for i, item in enumerate(data.get("documents") or []):
        where = f"documents[{i}]"
        line = schema.line_of(schema.node_at(root, ["documents", i]))
        refs = list(item["paragraphs"])
        missing = [r for r in refs if r not in texts]
        if missing:
            raise InputError(path, f"unknown paragraph(s) {missing}", line=line, field=where)
        quote = str(item.get("quote") or "")
        problem = difference(quote, refs, texts, short=False) if quote else None
        if problem:
            raise InputError(path, problem, line=schema.line_of(schema.node_at(root, ["documents", i, "quote"])),
                             field=where)
        rows.append({
            "order": str(item.get("order") or item.get("date") or "9999"),
            "date": str(item.get("date") or ""),
            "document": " ".join(str(item["document"]).split()),
            "paragraphs": refs,
            "quote": quote,
            "order_note": " ".join(str(item.get("order_note") or "").split()),
        })
    frame = pd.DataFrame(rows, columns=["order", "date", "document", "paragraphs", "quote", "order_note"])
    return frame.sort_values("order", kind="stable").reset_index(drop=True)


def _checked_yaml(path: Path, what: str, shape: dict) -> dict:
    """A YAML file's data, validated against its schema (errors name the file and line)."""
    data, root = read_yaml(path, what)
    data = {} if data is None else data
    schema.validate(data, shape, root, path)
    return data


MODEL_COLUMNS = ["aspect", "interview", "position", "paragraphs", "quote", "absent"]


def load_models(path: str | Path, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """The cross-interview comparison of models (`data/annotations/models.yml`), one row per position.

    Each position cites short ids of its interview with a verbatim quote, or names in
    `absent` a word that occurs nowhere in that interview; both are checked. Positions
    of interviews that are not in the corpus are left out. A missing file gives no rows.
    """
    path = Path(path)
    if not path.is_file():
        return pd.DataFrame(columns=MODEL_COLUMNS)
    data = _checked_yaml(path, "models file", schema.MODELS)
    texts = _texts(paragraphs)
    slugs = set(paragraphs.interview)
    rows = []
    for i, aspect in enumerate(data.get("aspects") or []):
        for j, item in enumerate(aspect["positions"]):
            def err(message: str, where: str = f"aspects[{i}].positions[{j}]") -> InputError:
                return InputError(path, message, field=where)

            slug = item["interview"]
            if slug not in slugs:
                continue
            absent, quote, refs = str(item.get("absent") or "").strip(), str(item.get("quote") or ""), []
            if absent:
                found = [p for p, t in texts.items() if p.startswith(f"{slug}:") and absent.lower() in t.lower()]
                if found:
                    raise err(f"{absent!r} is said to be absent but occurs in {', '.join(found)}")
            else:
                if "paragraphs" not in item or not quote:
                    raise err("give 'paragraphs' and a verbatim 'quote', or an 'absent' word")
                refs = [f"{slug}:{r}" for r in item["paragraphs"]]
                missing = [r.split(":")[1] for r in refs if r not in texts]
                if missing:
                    raise err(f"paragraph {missing[0]} does not exist in {slug}")
                problem = difference(quote, refs, texts, short=False)
                if problem:
                    raise err(problem)
            rows.append({"aspect": " ".join(aspect["aspect"].split()), "interview": slug,
                         "position": " ".join(item["position"].split()), "paragraphs": refs,
                         "quote": quote, "absent": absent})
    return pd.DataFrame(rows, columns=MODEL_COLUMNS)


DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
TIMELINE_COLUMNS = ["event", "date", "when", "date_from", "cite", "interviews", "paragraphs", "quote", "note"]


def _when(date: str) -> float | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD date as a fractional year (the middle of a year or month)."""
    m = DATE_RE.match(date)
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    if month is None:
        return year + 0.5
    if not 1 <= int(month) <= 12 or (day is not None and not 1 <= int(day) <= 31):
        return None
    return year + (int(month) - 1 + ((int(day) - 0.5) / 31 if day else 0.5)) / 12


def load_timeline(path: str | Path, paragraphs: pd.DataFrame, bib_keys: set[str]) -> pd.DataFrame:
    """The events the interviews mention (`data/annotations/timeline.yml`), sorted by date.

    Each event cites full paragraph ids with a verbatim quote and says where its date
    comes from; a date from outside the text must cite a key of the bibliography.
    Events whose paragraphs all belong to interviews not in the corpus are left out.
    """
    path = Path(path)
    if not path.is_file():
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    data = _checked_yaml(path, "timeline file", schema.TIMELINE)
    texts = _texts(paragraphs)
    slugs = set(paragraphs.interview)
    rows = []
    for i, item in enumerate(data.get("events") or []):
        def err(message: str, where: str = f"events[{i}]") -> InputError:
            return InputError(path, message, field=where)

        refs = [r for r in item["paragraphs"] if r.split(":")[0] in slugs]
        if not refs:
            continue
        missing = [r for r in refs if r not in texts]
        if missing:
            raise err(f"unknown paragraph(s) {missing}")
        problem = difference(item["quote"], refs, texts, short=False)
        if problem:
            raise err(problem)
        date, date_from, cite = item["date"], item["date_from"], str(item.get("cite") or "")
        when = _when(date)
        if when is None:
            raise err(f"date {date!r} is not of the form YYYY, YYYY-MM or YYYY-MM-DD")
        if date_from == "outside" and cite not in bib_keys:
            raise err(f"a date from outside needs 'cite', a key of the bibliography (got {cite!r})")
        rows.append({"event": " ".join(item["event"].split()), "date": date, "when": round(when, 4),
                     "date_from": date_from, "cite": cite,
                     "interviews": sorted({r.split(":")[0] for r in refs}), "paragraphs": refs, "quote": item["quote"],
                     "note": " ".join(str(item.get("note") or "").split())})
    frame = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    return frame.sort_values("when", kind="stable").reset_index(drop=True)
