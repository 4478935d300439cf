"""Adding an interview to the book, and removing it again.

`add` validates and parses the transcript first; only if that succeeds does it
write anything: the raw file copied unchanged to `data/raw/`, its SHA-256 in
`data/raw.sha256`, a record appended to `data/interviews.yml` (its comments and
order kept), a chapter from the shared template, an entry in `_toc.yml`, and the
regenerated tables. Every new content is computed before the first write, and
a failed write restores what was already written. `remove` undoes an `add`
exactly, so add-then-remove leaves the project byte-identical; it refuses to
delete a chapter edited since `add` wrote it unless forced, and then keeps a
copy in `backups/`. It also deletes the chapter's pages from the last build.
Both hold a lock on the project's `data/` folder (:func:`locked`), so two runs
at once take turns instead of overwriting each other's metadata.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
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


# Common Chinese family names in pinyin: a name that starts with one is written family name first.
FAMILY_NAME_FIRST = set("""
ai an bai ban bao bi bian cai cao cen chai chang chen cheng chu cui dai deng di ding dong du duan fan fang feng
fu gao ge geng gong gu guan guo han hao he hong hou hu hua huang ji jia jiang jin kang ke kong lai lan lei li
lian liang liao lin ling liu long lu luo lv ma mao mei meng mi miao mo mu ni niu ou ouyang pan pang pei peng pu
qi qian qiao qin qiu qu ren rong ruan shan shang shao shen sheng shi shu si sima situ song su sun tan tang tao
tian tong wan wang wei wen weng wu xi xia xiang xiao xie xin xing xiong xu xue yan yang yao ye yi yin ying yu
yuan yue yun zeng zhai zhan zhang zhao zheng zhong zhou zhu zhuang zhuge zou zuo
""".split())


def family_name(name: str) -> str | None:
    """The family name of a full name, or None when the name is a single word.

    Written first in a Chinese name ("Wang Zhongping": the first word is a common
    family name in pinyin, or in capitals: "WANG Zhongping"), else last ("Jane Doe").
    """
    words = name.split()
    if len(words) < 2:
        return None
    first = words[0]
    if first.casefold() in FAMILY_NAME_FIRST or (first.isupper() and len(first) > 1 and not words[1].isupper()):
        return first
    return words[-1]


def _aliases(name: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The labels that name a speaker: the full name, the family name (never the given name alone) and `extra`."""
    out = [name, *extra]
    family = family_name(name)
    if family:
        out.append(family)
    return list(dict.fromkeys(a for a in out if a))


FRONT_TITLE = ("title", "headline")
FRONT_DATE = ("date", "published", "date_published", "publish_date", "pubdate")
FRONT_INTERVIEWER = ("interviewer", "author", "authors", "byline")
FRONT_OUTLET = ("outlet", "publication", "publisher", "site_name", "site", "source", "website", "magazine",
                "newspaper")
FRONT_TRANSLATOR = ("translator", "translated_by", "translation")
DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %Y", "%b %Y", "%Y/%m/%d")


def _front_text(value) -> str | None:
    """A front-matter value as one line of text: a string, or a list of exactly one string."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
        return " ".join(str(value).split())
    return None


def front_date(value) -> str | None:
    """A front-matter date as YYYY-MM-DD, YYYY-MM or YYYY, or None when it cannot be read without guessing."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    text = _front_text(value)
    if text is None:
        return None
    m = re.match(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:$|[T ]\d)", text)
    if m:
        return m.group(1)
    for fmt in DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed.strftime("%Y-%m-%d" if "%d" in fmt else "%Y-%m")
    return None


def front_matter(text: str) -> dict[str, str]:
    """What a leading YAML front matter says about the interview: title, date, interviewer, outlet, translator.

    Unreadable front matter, and fields that are not plain text or a readable date, are left out.
    """
    lines = text.split("\n")
    skip = transcripts.front_matter_end(lines)
    if not skip:
        return {}
    try:
        data = yaml.safe_load("\n".join(lines[1:skip - 1]))
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    data = {str(k).casefold(): v for k, v in data.items()}
    out = {}
    for name, keys in (("title", FRONT_TITLE), ("interviewer", FRONT_INTERVIEWER), ("outlet", FRONT_OUTLET),
                       ("translator", FRONT_TRANSLATOR)):
        found = next((_front_text(data[k]) for k in keys if k in data and _front_text(data[k])), None)
        if found:
            out[name] = found
    date = next((front_date(data[k]) for k in FRONT_DATE if k in data and front_date(data[k])), None)
    if date:
        out["date"] = date
    return out


def default_title(text: str, interviewee: str) -> str:
    """The page's title, else the front matter's, else a first line that is a heading or plain prose (never a
    speaker's line), else 'Interview with <interviewee>'."""
    detected = transcripts.detect_title(text)
    if detected:
        return detected
    front = front_matter(text).get("title")
    if front:
        return front
    lines = text.split("\n")
    skip = transcripts.front_matter_end(lines)
    first = next((ln.strip() for ln in lines[skip:] if ln.strip()), "")
    if first.startswith("#"):
        return first.lstrip("#").strip()
    if first and transcripts.split_label(first) is None and len(first.split()) <= 20:
        return first
    return f"Interview with {interviewee}"


def joined(names: list[str]) -> str:
    """['A'] -> 'A'; ['A', 'B', 'C'] -> 'A, B and C'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def make_record(slug: str, raw_name: str, text: str, interviewee: str | list[str], interviewer: str | None = None,
                title: str | None = None, date: str | None = None, outlet: str | None = None, *,
                role: str | None = None, affiliation: str | None = None, translator: str | None = None,
                aliases: tuple[str, ...] = ()) -> dict:
    """The metadata record, as it will be written to data/interviews.yml.

    `interviewee` is one name, or several for a panel or roundtable: each is a
    speaker of its own (the record's `interviewee` names them all). What the
    command line leaves out is taken from the text's front matter (title, date,
    interviewer or author, outlet, translator) when it has one. `aliases` are
    further labels of a single interviewee. A label that two speakers could claim
    (a shared family name) names neither.
    """
    if not SLUG_RE.match(slug):
        raise InputError("<command line>", f"--slug {slug!r} is not a slug (lowercase letters, digits, hyphens)")
    names = [" ".join(n.split()) for n in ([interviewee] if isinstance(interviewee, str) else interviewee)]
    if not names or not all(names):
        raise InputError("<command line>", "--interviewee needs a name")
    panel = len(names) > 1
    if panel and (aliases or role or affiliation):
        raise InputError("<command line>", "--alias, --role and --affiliation describe one interviewee; for a panel, "
                         "add them to each speaker in data/interviews.yml after adding")
    front = front_matter(text)
    title = title or default_title(text, joined(names))
    interviewer = interviewer or front.get("interviewer")
    outlet = outlet or front.get("outlet")
    translator = translator or front.get("translator")
    if date:
        def err(fieldname, message):
            return InputError("<command line>", message, field=f"--{fieldname}")

        check_date(date, err)
    else:
        date = front.get("date")
    interviewer_name = interviewer or "Interviewer"
    everyone = [*names, interviewer_name]
    if len({normalize_label(n) for n in everyone}) < len(everyone):
        raise InputError("<command line>", f"a name is given twice: {', '.join(everyone)}")
    labels = [_aliases(n, tuple(aliases)) for n in names] + [_aliases(interviewer_name, ("Interviewer",))]
    claims = Counter(normalize_label(a) for own in labels for a in dict.fromkeys(map(normalize_label, own)))
    labels = [[a for a in own if claims[normalize_label(a)] == 1] for own in labels]
    person = {"name": joined(names)}
    person.update({key: value for key, value in (("role", role), ("affiliation", affiliation)) if value})
    record = {
        "slug": slug,
        "title": title,
        "raw_file": raw_name,
        "interviewee": person,
        "interviewer": {"name": interviewer_name},
        "original_outlet": outlet or "not given",
        "date": date or "",
        "date_certainty": "stated" if date else "unknown",
        "translator": translator or "not given",
        "publisher": outlet or "not given",
        "narrator": interviewer_name,
        "speakers": [
            *({"name": n, "role": "interviewee", "aliases": own} for n, own in zip(names, labels)),
            {"name": interviewer_name, "role": "interviewer", "aliases": labels[-1]},
        ],
    }
    if not date:
        del record["date"]
    return record


def _interview(record: dict, source: Path) -> Interview:
    return Interview(
        slug=record["slug"], title=record["title"], raw_file=record["raw_file"],
        interviewee=Person(**record["interviewee"]), interviewer=Person(**record["interviewer"]),
        original_outlet=record["original_outlet"], date=record.get("date", ""),
        date_certainty=record["date_certainty"], translator=record["translator"], publisher=record["publisher"],
        speakers=tuple(Speaker(s["name"], s["role"], tuple(s["aliases"])) for s in record["speakers"]),
        narrator=record["narrator"], source=source,
    )


def record_block(record: dict) -> str:
    """The record as YAML, indented as an item of the `interviews:` list, after a blank line."""
    dumped = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=100)
    return "\n" + "".join("  " + line if line.strip() else line for line in dumped.splitlines(keepends=True))


def slug_for(path: Path) -> str:
    """A slug made from a file name ('Jane Doe, 2024.md' -> 'jane-doe-2024'), for a transcript not yet added."""
    return "-".join(re.findall(r"[a-z0-9]+", Path(path).stem.casefold())) or "transcript"


def preview(raw_path: Path, interviewee: str | None = None, **options) -> transcripts.Transcript:
    """A transcript that is not in the book, parsed as `add` would parse it (options as for :func:`make_record`)."""
    raw_path = Path(raw_path)
    text = transcripts.read_text(raw_path)
    record = make_record(slug_for(raw_path), raw_path.name, text, interviewee or "Interviewee", **options)
    return transcripts.parse_text(text, _interview(record, raw_path), source=raw_path)


def plan_add(root: Path, raw_path: Path, slug: str, interviewee: str, interviewer: str | None = None,
             title: str | None = None, date: str | None = None, outlet: str | None = None,
             force: bool = False, **options) -> Plan:
    """Everything `add` would write, computed without writing (raises InputError on bad input).

    `options` are role, affiliation, translator and aliases, as for :func:`make_record`.
    """
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
    chapter_path = paths.chapter_file(root, slug)
    if chapter_path.exists() and not force and not any(i.slug == slug for i in existing):
        raise InputError(chapter_path, "a chapter with this slug exists already; use --force to replace it")

    record = make_record(slug, raw_path.name, text, interviewee, interviewer, title, date, outlet, **options)
    interview = _interview(record, meta_path)
    transcript = transcripts.parse_text(text, interview, source=raw_path)  # errors name the file and line

    plan = Plan()
    if force and any(i.slug == slug for i in existing):
        removal = plan_remove(root, slug, force=True)
        plan.changes.update(removal.changes)
        plan.messages += [m for m in removal.messages if m.startswith("kept a copy")]
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
    given = {"title": title, "date": date, "interviewer": interviewer, "outlet": outlet,
             "translator": options.get("translator")}
    used = {"title": record["title"], "date": record.get("date"), "interviewer": record["interviewer"]["name"],
            "outlet": record["original_outlet"], "translator": record["translator"]}
    front = [k for k, v in front_matter(text).items() if given[k] is None and used[k] == v]
    furniture = [s for s in transcript.skipped if not s.reason.startswith(("a heading", "front matter"))]
    plan.messages[:0] = [
        f"parsed {raw_path}: {len(o)} paragraphs, {o[o.role == 'interviewer'].turn.nunique()} questions, "
        f"{transcripts.answers(o).turn.nunique()} answers",
        *([f"from the front matter: {', '.join(front)}"] if front else []),
        *([f"left out {sum(len(s.lines) for s in furniture)} lines of page furniture (see: python -m interviews "
           f"parse {raw_path} --explain)"] if furniture else []),
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


def edited(root: Path, interview: Interview) -> bool:
    """True when the interview's chapter differs from what `add` writes for it (someone wrote into it)."""
    chapter = paths.chapter_file(root, interview.slug)
    return chapter.is_file() and chapter.read_bytes() != template.chapter_text(interview).encode("utf-8")


def _backup_path(root: Path, slug: str) -> Path:
    folder = paths.backups_dir(root)
    candidates = (folder / (f"{slug}.md" if n == 1 else f"{slug}-{n}.md") for n in range(1, 10_000))
    return next(p for p in candidates if not p.exists())


def built_pages(root: Path, slug: str) -> list[Path]:
    """The files a build made from the chapter: its HTML page, its source copy, executed notebook and doctree."""
    build = paths.build_dir(root)
    folders = [build / "html" / "book" / "interviews", build / "html" / "_sources" / "book" / "interviews",
               build / "jupyter_execute" / "book" / "interviews", build / ".doctrees" / "book" / "interviews"]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.glob(f"{slug}.*") if p.is_file())


def plan_remove(root: Path, slug: str, force: bool = False) -> Plan:
    """Everything `remove` would change; an edited chapter is refused unless `force` (then it is backed up)."""
    meta_path = paths.metadata_file(root)
    interview = next((i for i in load_interviews(meta_path) if i.slug == slug), None)
    if interview is None:
        raise InputError(meta_path, f"no interview with slug {slug!r}")
    chapter = paths.chapter_file(root, slug)
    plan = Plan()
    if edited(root, interview):
        backup = _backup_path(root, slug)
        if not force:
            raise InputError(chapter, "the chapter was edited since it was generated (a summary written into it?); "
                             f"use --force to remove it all the same, keeping a copy in {backup.relative_to(root)}")
        plan.changes[backup] = chapter.read_bytes()
        plan.messages.append(f"kept a copy of the edited chapter in {backup.relative_to(root)}")
    plan.changes[meta_path] = _without_record(meta_path.read_text(encoding="utf-8"), slug, meta_path).encode()
    manifest_path = paths.manifest_file(root)
    plan.changes[manifest_path] = manifest.without(manifest_path.read_text(), interview.raw_file).encode()
    plan.changes[paths.raw_dir(root) / interview.raw_file] = None
    plan.changes[chapter] = None
    toc_path = paths.toc_file(root)
    plan.changes[toc_path] = toc_path.read_text(encoding="utf-8").replace(TOC_ENTRY.format(slug=slug), "").encode()
    pages = built_pages(root, slug)
    for page in pages:
        plan.changes[page] = None
    if pages:
        plan.messages.append(f"deleted its {len(pages)} built files from {paths.build_dir(root).name}/")
    for extra in (paths.annotations_file(root, slug),):
        if extra.exists():
            plan.messages.append(f"kept {extra.relative_to(root)} (your reading notes); delete it by hand if unwanted")
    plan.messages[:0] = [
        f"removed {slug!r} from data/interviews.yml, data/raw.sha256 and _toc.yml",
        f"deleted data/raw/{interview.raw_file} and book/interviews/{slug}.md",
        "regenerated data/processed/",
    ]
    return plan


@contextmanager
def locked(root: Path, wait: float = 120.0) -> Iterator[None]:
    """Hold the project's intake lock (an exclusive flock on its `data/` folder) while adding or removing.

    A second `add` or `remove` waits up to `wait` seconds for the first to finish,
    then gives up with an InputError; the lock goes with the process, even if it dies.
    """
    folder = root / "data"
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise InputError(folder, "another add or remove is running in this project; "
                                     "try again when it has finished") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def add(root: Path, raw_path: Path, slug: str, interviewee: str, **options) -> Plan:
    """Add an interview under the project's lock: plan (see :func:`plan_add` for the options), then apply."""
    with locked(root):
        plan = plan_add(root, raw_path, slug, interviewee, **options)
        apply(root, plan)
    return plan


def remove(root: Path, slug: str, force: bool = False) -> Plan:
    """Remove an interview under the project's lock: plan (see :func:`plan_remove`), then apply."""
    with locked(root):
        plan = plan_remove(root, slug, force=force)
        apply(root, plan)
    return plan


def apply(root: Path, plan: Plan) -> None:
    """Write the plan, then regenerate the tables; on any failure restore every touched file."""
    backup: dict[Path, bytes | None] = {}
    try:
        for path, content in plan.changes.items():
            backup[path] = path.read_bytes() if path.exists() else None
            if content is None:
                paths.remove_file(path)
            else:
                paths.write_atomic(path, content)
        processed = root / "data" / "processed"
        generated = tables.generated_tables(root)
        stale = tables.stale_figure_tables(processed, generated)
        for name, text in generated.items():
            path = processed / name
            backup.setdefault(path, path.read_bytes() if path.exists() else None)
            paths.write_atomic(path, text)
        for path in stale:
            backup.setdefault(path, path.read_bytes())
            paths.remove_file(path)
    except BaseException:
        for path, content in backup.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                paths.write_atomic(path, content)
        raise
