"""Hand-written reading notes for one interview: key quotes, problems, proposals, source notes.

They live in `data/annotations/<slug>.yml`. Every entry cites paragraph ids
(`p07` short for `<slug>:p07`) and every quote must occur verbatim in the
paragraph it cites; anything else is an :class:`~interviews.errors.InputError`
naming the file and the entry, so the book cannot print a misquotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError, read_yaml

REF_RE = re.compile(r"^p\d+$")
# Where a problem lies (the `locus` of a problem): whose problem it is, so that problems of
# the sector's own organizations are compared with like, not with those of local administration.
LOCI = ("the organizations", "government", "localities and communities", "society")
SECTIONS = {
    "key_quotes": ("quote",),
    "problems": ("problem",),
    "proposals": ("proposal",),
    "source_notes": ("note",),
}


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


def _verbatim(quote: str, refs: list[str], texts: dict[str, str]) -> bool:
    """True when the quote occurs, character for character up to whitespace, in one of the paragraphs."""
    return any(_squash(quote) in texts[r] for r in refs)


def _refs(value, slug: str, known: set[str], err) -> list[str]:
    refs = value if isinstance(value, list) else [value]
    out = []
    for ref in refs:
        ref = str(ref)
        if not REF_RE.match(ref):
            raise err(f"paragraph reference {ref!r} is not of the form p07")
        full = f"{slug}:{ref}"
        if full not in known:
            raise err(f"paragraph {ref} does not exist in {slug}")
        out.append(full)
    return out


def load(path: str | Path, slug: str, paragraphs: pd.DataFrame) -> Annotations:
    """Load and check the notes for `slug` against its parsed paragraphs."""
    path = Path(path)
    if not path.is_file():
        return Annotations(slug)
    data = read_yaml(path, "reading notes")[0] or {}
    if not isinstance(data, dict):
        raise InputError(path, "expected a mapping with key_quotes, problems, proposals, source_notes")
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise InputError(path, f"unknown section(s) {sorted(unknown)}; allowed: {', '.join(SECTIONS)}")
    texts = _texts(paragraphs)
    known = set(texts)
    notes = Annotations(slug)
    for section, (key,) in SECTIONS.items():
        for i, item in enumerate(data.get(section) or []):
            where = f"{section}[{i}]"

            def err(message: str, where: str = where) -> InputError:
                return InputError(path, message, field=where)

            if not isinstance(item, dict) or not str(item.get(key) or "").strip():
                raise err(f"expected a mapping with a non-empty {key!r}")
            if "paragraph" not in item and "paragraphs" not in item:
                raise err("cite the paragraph(s) the entry rests on ('paragraph' or 'paragraphs')")
            refs = _refs(item.get("paragraphs", item.get("paragraph")), slug, known, err)
            quote = str(item[key] if section == "key_quotes" else item.get("quote") or "")
            if quote and not _verbatim(quote, refs, texts):
                raise err(f"quote not found verbatim in {', '.join(refs)}: {quote[:60]!r}")
            locus = str(item.get("locus") or "")
            if locus and locus not in LOCI:
                raise err(f"locus {locus!r} is not one of: {', '.join(LOCI)}")
            getattr(notes, section).append(
                Entry(str(item[key]).strip(), refs, quote, " ".join(str(item.get("detail") or "").split()),
                      str(item.get("theme") or ""), locus)
            )
    return notes


def load_documents(path: str | Path, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """The cited documents table, sorted by `order`; quotes checked verbatim (full paragraph ids)."""
    path = Path(path)
    data = read_yaml(path, "documents file")[0] or {}
    texts = _texts(paragraphs)
    rows = []
    for i, item in enumerate((data or {}).get("documents") or []):
        where = f"documents[{i}]"
        if not isinstance(item, dict) or not str(item.get("document") or "").strip():
            raise InputError(path, "expected a mapping with a non-empty 'document'", field=where)
        refs = [str(r) for r in item.get("paragraphs") or []]
        if not refs:
            raise InputError(path, "cite the paragraph(s) with full ids", field=where)
        missing = [r for r in refs if r not in texts]
        if missing:
            raise InputError(path, f"unknown paragraph(s) {missing}", field=where)
        quote = str(item.get("quote") or "")
        if quote and not _verbatim(quote, refs, texts):
            raise InputError(path, f"quote not found verbatim in {', '.join(refs)}: {quote[:60]!r}", field=where)
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
    data = read_yaml(path, "models file")[0] or {}
    texts = _texts(paragraphs)
    slugs = set(paragraphs.interview)
    rows = []
    for i, aspect in enumerate((data if isinstance(data, dict) else {}).get("aspects") or []):
        if not isinstance(aspect, dict) or not str(aspect.get("aspect") or "").strip():
            raise InputError(path, "expected a mapping with a non-empty 'aspect'", field=f"aspects[{i}]")
        for j, item in enumerate(aspect.get("positions") or []):
            where = f"aspects[{i}].positions[{j}]"

            def err(message: str, where: str = where) -> InputError:
                return InputError(path, message, field=where)

            if not isinstance(item, dict) or not str(item.get("position") or "").strip():
                raise err("expected a mapping with a non-empty 'position'")
            slug = str(item.get("interview") or "")
            if slug not in slugs:
                continue
            absent = str(item.get("absent") or "").strip()
            refs, quote = [], str(item.get("quote") or "")
            if absent:
                found = [p for p, t in texts.items() if p.startswith(f"{slug}:") and absent.lower() in t.lower()]
                if found:
                    raise err(f"{absent!r} is said to be absent but occurs in {', '.join(found)}")
            else:
                if "paragraphs" not in item or not quote:
                    raise err("give 'paragraphs' and a verbatim 'quote', or an 'absent' word")
                refs = _refs(item["paragraphs"], slug, set(texts), err)
                if not _verbatim(quote, refs, texts):
                    raise err(f"quote not found verbatim in {', '.join(refs)}: {quote[:60]!r}")
            rows.append({"aspect": " ".join(str(aspect["aspect"]).split()), "interview": slug,
                         "position": " ".join(str(item["position"]).split()), "paragraphs": refs,
                         "quote": quote, "absent": absent})
    return pd.DataFrame(rows, columns=MODEL_COLUMNS)


DATE_FROM = ("text", "inferred", "outside")
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
    data = read_yaml(path, "timeline file")[0] or {}
    texts = _texts(paragraphs)
    slugs = set(paragraphs.interview)
    rows = []
    for i, item in enumerate((data if isinstance(data, dict) else {}).get("events") or []):
        where = f"events[{i}]"

        def err(message: str, where: str = where) -> InputError:
            return InputError(path, message, field=where)

        if not isinstance(item, dict) or not str(item.get("event") or "").strip():
            raise err("expected a mapping with a non-empty 'event'")
        refs = [str(r) for r in item.get("paragraphs") or []]
        if not refs:
            raise err("cite the paragraph(s) that mention the event, with full ids")
        refs = [r for r in refs if r.split(":")[0] in slugs]
        if not refs:
            continue
        missing = [r for r in refs if r not in texts]
        if missing:
            raise err(f"unknown paragraph(s) {missing}")
        quote = str(item.get("quote") or "")
        if not quote or not _verbatim(quote, refs, texts):
            raise err(f"quote not found verbatim in {', '.join(refs)}: {quote[:60]!r}")
        date = str(item.get("date") or "")
        when = _when(date)
        if when is None:
            raise err(f"date {date!r} is not of the form YYYY, YYYY-MM or YYYY-MM-DD")
        date_from = str(item.get("date_from") or "")
        if date_from not in DATE_FROM:
            raise err(f"date_from {date_from!r} is not one of: {', '.join(DATE_FROM)}")
        cite = str(item.get("cite") or "")
        if date_from == "outside" and cite not in bib_keys:
            raise err(f"a date from outside needs 'cite', a key of the bibliography (got {cite!r})")
        rows.append({"event": " ".join(str(item["event"]).split()), "date": date, "when": round(when, 4),
                     "date_from": date_from, "cite": cite,
                     "interviews": sorted({r.split(":")[0] for r in refs}), "paragraphs": refs, "quote": quote,
                     "note": " ".join(str(item.get("note") or "").split())})
    frame = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    return frame.sort_values("when", kind="stable").reset_index(drop=True)
