"""Adding an interview to the book, and removing it again.

`add` validates and parses the transcript first; only if that succeeds does it
write anything: the raw file copied unchanged to `data/raw/`, its SHA-256 in
`data/raw.sha256`, a record appended to `data/interviews.yml` (its comments and
order kept), a chapter from the shared template, an entry in `_toc.yml`, and the
regenerated tables. Every new content is computed before the first write, and
a failed write restores what was already written. `remove` undoes an `add`
exactly, so add-then-remove leaves the project byte-identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import paths
from ..errors import InputError
from ..report import tables, template
from . import manifest, transcripts
from .metadata import SLUG_RE, Interview, Person, Speaker, check_date, load_interviews, normalize_label

TOC_ENTRY = "      - file: book/interviews/{slug}\n"


@dataclass
class Plan:
    """Files to write (path -> bytes) or delete (path -> None), and what to tell the user."""

    changes: dict[Path, bytes | None] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


def _aliases(name: str, extra: tuple[str, ...] = ()) -> list[str]:
    words = name.split()
    out = [name, *extra]
    if len(words) > 1:
        out += [words[0], words[-1]]  # surname first (Wang Zhongping) or last (Andreas Fulda)
    return list(dict.fromkeys(a for a in out if a))


def default_title(text: str, interviewee: str) -> str:
    """The front matter's title, else a first line that is a heading or plain prose, never a speaker's line."""
    detected = transcripts.detect_title(text)
    if detected:
        return detected
    lines = text.split("\n")
    skip = transcripts.front_matter_end(lines)
    front = yaml.safe_load("\n".join(lines[1:skip - 1])) if skip else None
    if isinstance(front, dict) and str(front.get("title") or "").strip():
        return str(front["title"]).strip()
    first = next((ln.strip() for ln in lines[skip:] if ln.strip()), "")
    if first.startswith("#"):
        return first.lstrip("#").strip()
    if first and transcripts.split_label(first) is None and len(first.split()) <= 20:
        return first
    return f"Interview with {interviewee}"


def make_record(slug: str, raw_name: str, text: str, interviewee: str, interviewer: str | None,
                title: str | None, date: str | None, outlet: str | None) -> dict:
    """The metadata record, as it will be written to data/interviews.yml."""
    if not SLUG_RE.match(slug):
        raise InputError("<command line>", f"--slug {slug!r} is not a slug (lowercase letters, digits, hyphens)")
    if not title:
        title = default_title(text, interviewee)
    if date:
        def err(fieldname, message):
            return InputError("<command line>", message, field=f"--{fieldname}")

        check_date(date, err)
    interviewer_name = interviewer or "Interviewer"
    interviewee_aliases = _aliases(interviewee)
    interviewer_aliases = [a for a in _aliases(interviewer_name, ("Interviewer",))
                           if normalize_label(a) not in {normalize_label(b) for b in interviewee_aliases}]
    record = {
        "slug": slug,
        "title": title,
        "raw_file": raw_name,
        "interviewee": {"name": interviewee},
        "interviewer": {"name": interviewer_name},
        "original_outlet": outlet or "not given",
        "date": date or "",
        "date_certainty": "stated" if date else "unknown",
        "translator": "not given",
        "publisher": outlet or "not given",
        "narrator": interviewer_name,
        "speakers": [
            {"name": interviewee, "role": "interviewee", "aliases": interviewee_aliases},
            {"name": interviewer_name, "role": "interviewer", "aliases": interviewer_aliases},
        ],
    }
    if not date:
        del record["date"]
    return record


def _interview(record: dict, source: Path) -> Interview:
    return Interview(
        slug=record["slug"], title=record["title"], raw_file=record["raw_file"],
        interviewee=Person(record["interviewee"]["name"]), interviewer=Person(record["interviewer"]["name"]),
        original_outlet=record["original_outlet"], date=record.get("date", ""),
        date_certainty=record["date_certainty"], translator=record["translator"], publisher=record["publisher"],
        speakers=tuple(Speaker(s["name"], s["role"], tuple(s["aliases"])) for s in record["speakers"]),
        narrator=record["narrator"], source=source,
    )


def record_block(record: dict) -> str:
    """The record as YAML, indented as an item of the `interviews:` list, after a blank line."""
    dumped = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=100)
    return "\n" + "".join("  " + line if line.strip() else line for line in dumped.splitlines(keepends=True))


def plan_add(root: Path, raw_path: Path, slug: str, interviewee: str, interviewer: str | None = None,
             title: str | None = None, date: str | None = None, outlet: str | None = None,
             force: bool = False) -> Plan:
    """Everything `add` would write, computed without writing (raises InputError on bad input)."""
    raw_path = Path(raw_path)
    text = transcripts.read_text(raw_path)  # UTF-8, BOM and CRLF accepted; empty/binary/Latin-1 refused
    meta_path = paths.metadata_file(root)
    existing = load_interviews(meta_path)
    if any(i.slug == slug for i in existing) and not force:
        raise InputError(meta_path, f"an interview with slug {slug!r} exists already; use --force to replace it")
    target = paths.raw_dir(root) / raw_path.name
    data = raw_path.read_bytes()
    if target.exists() and target.read_bytes() != data and not force:
        raise InputError(target, "a different file with this name is in data/raw/ already; use --force")
    chapter_path = root / "book" / "interviews" / f"{slug}.md"
    if chapter_path.exists() and not force and not any(i.slug == slug for i in existing):
        raise InputError(chapter_path, "a chapter with this slug exists already; use --force to replace it")

    record = make_record(slug, raw_path.name, text, interviewee, interviewer, title, date, outlet)
    interview = _interview(record, meta_path)
    transcript = transcripts.parse_text(text, interview, source=raw_path)  # errors name the file and line

    plan = Plan()
    if force and any(i.slug == slug for i in existing):
        plan.changes.update(plan_remove(root, slug).changes)
    meta_text = _current(plan, meta_path).decode("utf-8")
    if not meta_text.endswith("\n"):
        meta_text += "\n"
    plan.changes[meta_path] = (meta_text + record_block(record)).encode("utf-8")
    manifest_path = paths.manifest_file(root)
    manifest_text = manifest.without(_current(plan, manifest_path).decode(), raw_path.name)
    plan.changes[manifest_path] = (manifest_text + manifest.entry(raw_path.name, data)).encode()
    plan.changes[target] = data
    plan.changes[chapter_path] = template.chapter_text(interview).encode("utf-8")
    toc_path = paths.toc_file(root)
    plan.changes[toc_path] = _toc_with(_current(plan, toc_path).decode("utf-8"), slug).encode("utf-8")
    o = transcript.paragraphs
    plan.messages = [
        f"parsed {raw_path}: {len(o)} paragraphs, {o[o.role == 'interviewer'].turn.nunique()} questions, "
        f"{transcripts.answers(o).turn.nunique()} answers",
        f"copied it to {target.relative_to(root)} and recorded its SHA-256 in {manifest_path.relative_to(root)}",
        f"added the record {slug!r} to {meta_path.relative_to(root)}",
        f"wrote the chapter {chapter_path.relative_to(root)} (machine-selected summary until you write one)",
        f"listed it in {toc_path.name}",
        "regenerated data/processed/",
    ]
    return plan


def _current(plan: Plan, path: Path) -> bytes:
    """The content a file will have after the changes planned so far."""
    if path in plan.changes:
        return plan.changes[path] or b""
    return path.read_bytes()


def _toc_with(toc: str, slug: str) -> str:
    entries = list(re.finditer(r"^      - file: book/interviews/[^\n]+\n", toc, re.M))
    if not entries:
        raise InputError("_toc.yml", "found no interview chapters (lines '      - file: book/interviews/...')")
    end = entries[-1].end()
    return toc[:end] + TOC_ENTRY.format(slug=slug) + toc[end:]


def _without_record(meta_text: str, slug: str, path: Path) -> str:
    lines = meta_text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if re.match(r"^  - slug: ", line)]
    mine = [i for i in starts if lines[i].rstrip("\n").split(": ", 1)[1].strip().strip("'\"") == slug]
    if not mine:
        raise InputError(path, f"no record with slug {slug!r}")
    first = mine[0]
    following = [i for i in starts if i > first]
    last = following[0] if following else len(lines)
    while last > first and not lines[last - 1].strip():  # the blank line before the next record stays
        last -= 1
    if first > 0 and not lines[first - 1].strip():  # the blank line that add put before the record
        first -= 1
    return "".join(lines[:first] + lines[last:])


def plan_remove(root: Path, slug: str) -> Plan:
    meta_path = paths.metadata_file(root)
    interview = next((i for i in load_interviews(meta_path) if i.slug == slug), None)
    if interview is None:
        raise InputError(meta_path, f"no interview with slug {slug!r}")
    plan = Plan()
    plan.changes[meta_path] = _without_record(meta_path.read_text(encoding="utf-8"), slug, meta_path).encode()
    manifest_path = paths.manifest_file(root)
    plan.changes[manifest_path] = manifest.without(manifest_path.read_text(), interview.raw_file).encode()
    plan.changes[paths.raw_dir(root) / interview.raw_file] = None
    plan.changes[root / "book" / "interviews" / f"{slug}.md"] = None
    toc_path = paths.toc_file(root)
    plan.changes[toc_path] = toc_path.read_text(encoding="utf-8").replace(TOC_ENTRY.format(slug=slug), "").encode()
    for extra in (paths.annotations_file(root, slug),):
        if extra.exists():
            plan.messages.append(f"kept {extra.relative_to(root)} (your reading notes); delete it by hand if unwanted")
    plan.messages[:0] = [
        f"removed {slug!r} from data/interviews.yml, data/raw.sha256 and _toc.yml",
        f"deleted data/raw/{interview.raw_file} and book/interviews/{slug}.md",
        "regenerated data/processed/",
    ]
    return plan


def apply(root: Path, plan: Plan) -> None:
    """Write the plan, then regenerate the tables; on any failure restore every touched file."""
    backup: dict[Path, bytes | None] = {}
    try:
        for path, content in plan.changes.items():
            backup[path] = path.read_bytes() if path.exists() else None
            if content is None:
                path.unlink(missing_ok=True)
            else:
                paths.write_atomic(path, content)
        processed = root / "data" / "processed"
        generated = tables.generated_tables(root)
        old_figures = {p for p in (processed / "figures").glob("*.csv")}
        for name, text in generated.items():
            path = processed / name
            backup.setdefault(path, path.read_bytes() if path.exists() else None)
            paths.write_atomic(path, text)
        for path in old_figures - {processed / n for n in generated}:
            backup.setdefault(path, path.read_bytes())
            path.unlink()
    except BaseException:
        for path, content in backup.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                paths.write_atomic(path, content)
        raise
