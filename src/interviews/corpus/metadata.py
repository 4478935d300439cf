"""Interview metadata: `data/interviews.yml`, loaded into dataclasses and validated.

The file's shape (keys and types) is :data:`interviews.corpus.schema.INTERVIEWS`;
this module adds what a schema cannot say (calendar dates, unique slugs, files and
aliases, an inferred date's reason). A wrong record stops everything with an
:class:`~interviews.errors.InputError` naming the file, the line and the field, so
that nothing is built from half-valid metadata.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import InputError, read_yaml
from . import schema

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
ROLES = ("interviewer", "interviewee")
CERTAINTIES = ("stated", "inferred", "unknown")

REQUIRED = schema.INTERVIEW_REQUIRED
OPTIONAL = schema.INTERVIEW_OPTIONAL


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str  # "interviewer" or "interviewee"
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Interview:
    slug: str
    title: str
    raw_file: str
    interviewee: Person
    interviewer: Person
    original_outlet: str
    date: str
    date_certainty: str
    translator: str
    publisher: str
    speakers: tuple[Speaker, ...]
    date_reason: str = ""
    narrator: str = "Narrator"
    editor: str = "Editor"
    source: Path = field(default=Path("interviews.yml"), compare=False)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    def alias_map(self) -> dict[str, Speaker]:
        """Label (case-folded, spaces collapsed) -> speaker."""
        return {normalize_label(a): s for s in self.speakers for a in s.aliases}

    def speakers_with_role(self, role: str) -> list[Speaker]:
        return [s for s in self.speakers if s.role == role]


def normalize_label(label: str) -> str:
    return " ".join(label.replace("’", "'").split()).casefold()


def _field_lines(node: yaml.Node) -> list[dict[str, int]]:
    """For each record of the `interviews` sequence: field name -> 1-based line."""
    out: list[dict[str, int]] = []
    if not isinstance(node, yaml.MappingNode):
        return out
    for key, value in node.value:
        if key.value == "interviews" and isinstance(value, yaml.SequenceNode):
            for rec in value.value:
                lines = {"": rec.start_mark.line + 1}
                if isinstance(rec, yaml.MappingNode):
                    for k, v in rec.value:
                        lines[str(k.value)] = v.start_mark.line + 1
                out.append(lines)
    return out


def check_date(value: object, err) -> str:
    text = str(value)
    m = DATE_RE.match(text)
    if not m:
        raise err("date", f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = m.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise err("date", f"{text!r} is not a calendar date ({exc})") from None
    return text


def _person(value: object, name: str, err) -> Person:
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
        raise err(name, "expected a mapping with at least a non-empty 'name'")
    return Person(value["name"].strip(), str(value.get("role", "")), str(value.get("affiliation", "")))


def _speakers(value: object, err) -> tuple[Speaker, ...]:
    if not isinstance(value, list) or not value:
        raise err("speakers", "expected a non-empty list of {name, role, aliases}")
    speakers = []
    seen: dict[str, str] = {}
    for i, item in enumerate(value):
        where = f"speakers[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise err(where, "expected a mapping with 'name', 'role' and 'aliases'")
        if item.get("role") not in ROLES:
            raise err(where, f"role must be one of {', '.join(ROLES)}, got {item.get('role')!r}")
        aliases = item.get("aliases", [item["name"]])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise err(where, "aliases must be a list of non-empty strings")
        for alias in aliases:
            key = normalize_label(alias)
            if key in seen:
                raise err(where, f"alias {alias!r} is already used by {seen[key]!r}")
            seen[key] = item["name"]
        speakers.append(Speaker(item["name"].strip(), item["role"], tuple(a.strip() for a in aliases)))
    for role in ROLES:
        if not any(s.role == role for s in speakers):
            raise err("speakers", f"at least one speaker must have role {role!r}")
    return tuple(speakers)


def _record(rec: object, index: int, lines: dict[str, int], path: Path) -> Interview:
    def err(fieldname: str, message: str) -> InputError:
        top = fieldname.split("[")[0]
        line = lines.get(top, lines.get(""))
        return InputError(path, message, line=line, field=f"interviews[{index}].{fieldname}")

    if not isinstance(rec, dict):
        raise err("", "expected a mapping (one interview record)")
    needed = [f for f in REQUIRED if not (f == "date" and rec.get("date_certainty") == "unknown")]
    missing = [f for f in needed if rec.get(f) in (None, "")]
    if missing:
        raise err(missing[0], f"missing required field(s): {', '.join(missing)}")
    slug = str(rec["slug"])
    if not SLUG_RE.match(slug):
        raise err("slug", f"{slug!r} is not a slug (lowercase letters, digits and single hyphens)")
    raw_file = str(rec["raw_file"])
    if "/" in raw_file or "\\" in raw_file or raw_file.startswith("."):
        raise err("raw_file", f"{raw_file!r} must be a plain file name inside data/raw/")
    date = "" if rec.get("date_certainty") == "unknown" and not rec.get("date") else check_date(rec["date"], err)
    certainty = rec["date_certainty"]
    if certainty not in CERTAINTIES:
        raise err("date_certainty", f"must be one of {', '.join(CERTAINTIES)}, got {certainty!r}")
    if certainty == "inferred" and not str(rec.get("date_reason") or "").strip():
        raise err("date_reason", "an inferred date needs a date_reason saying what it rests on")
    return Interview(
        slug=slug,
        title=rec["title"].strip(),
        raw_file=raw_file,
        interviewee=_person(rec["interviewee"], "interviewee", err),
        interviewer=_person(rec["interviewer"], "interviewer", err),
        original_outlet=rec["original_outlet"].strip(),
        date=date,
        date_certainty=certainty,
        translator=rec["translator"].strip(),
        publisher=rec["publisher"].strip(),
        speakers=_speakers(rec["speakers"], err),
        date_reason=" ".join(str(rec.get("date_reason") or "").split()),
        narrator=str(rec.get("narrator") or "Narrator"),
        editor=str(rec.get("editor") or "Editor"),
        source=path,
    )


def load_interviews(path: str | Path) -> list[Interview]:
    """Read and validate the metadata file; records keep the file's order."""
    path = Path(path)
    data, node = read_yaml(path, "metadata file")
    if not isinstance(data, dict) or not isinstance(data.get("interviews"), list):
        raise InputError(path, "expected a top-level key 'interviews' holding a list of records", line=1)
    schema.validate(data, schema.INTERVIEWS, node, path)
    lines = _field_lines(node)
    records = []
    slugs: dict[str, int] = {}
    files: dict[str, int] = {}
    for i, rec in enumerate(data["interviews"]):
        interview = _record(rec, i, lines[i] if i < len(lines) else {}, path)
        for key, seen, what in ((interview.slug, slugs, "slug"), (interview.raw_file, files, "raw_file")):
            if key in seen:
                raise InputError(
                    path,
                    f"duplicate {what} {key!r} (also in record {seen[key]})",
                    line=lines[i].get(what) if i < len(lines) else None,
                    field=f"interviews[{i}].{what}",
                )
            seen[key] = i
        records.append(interview)
    if not records:
        raise InputError(path, "the 'interviews' list is empty", line=1)
    return records


def find(interviews: list[Interview], slug: str) -> Interview:
    for interview in interviews:
        if interview.slug == slug:
            return interview
    known = ", ".join(i.slug for i in interviews)
    raise KeyError(f"no interview with slug {slug!r}; known: {known}")
