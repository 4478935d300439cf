"""Keeping the book's cached notebook outputs in step with what each chapter reads.

Jupyter-cache keys a chapter's outputs by its code cells only, and Sphinx re-reads
a page only when its source changes, so a change in `src/` or `data/` would
otherwise leave stale outputs in the book. This module records, for every
executed chapter, the inputs its kernel read (see `interviews.report.preexecute`)
in `<build>/.chapter_inputs.json`:

* `code`: a digest of the package and `requirements.txt`. When it changes, every
  cache is cleared (outputs, doctrees, executed notebooks), as the Sphinx
  extensions live in the package too;
* `listing`: a digest of the names of the files under `data/`. A file added or
  removed there may change what any chapter finds (a chapter can test whether a
  file exists without reading it), so it makes every chapter stale;
* `inputs`: each file the chapter's kernel opened for reading or folder it
  listed inside the project (`src/` aside), with a digest of its content. A
  chapter that took one interview's record from `data/interviews.yml` (see
  `interviews.corpus.transcripts.load_one`) depends on that record, not the file;
  a chapter that asked which glue keys the book's pages quote (:func:`quoted_glue_keys`)
  depends on that set of keys, not on the pages' text.

:func:`freshen` compares the record with the project, removes the cached outputs
of the chapters whose inputs changed (and of chapters with no record) and drops
their entries; the pre-execution then runs exactly those chapters again. As a
Sphinx extension (`setup`), the module makes Sphinx re-read the pages whose
entry changed since it last read them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..paths import files_digest, toc_sources, write_atomic

CACHES = (".jupyter_cache", ".doctrees", "jupyter_execute")
RECORD = ".chapter_inputs.json"
RECORD_VERSION = 2  # 2: entries hold the chapter's `source` digest
# Folders of the project whose reads are not data: the package (its digest is `code`) and tool folders.
NOT_INPUTS = ("src", ".venv", ".git", "_build", "node_modules", "tools")
# A file read record by record: a chapter that asked for one record depends on that record only.
METADATA = "data/interviews.yml"
MISSING = "missing"
# The input "the glue keys the book's pages quote", and the audit event by which a kernel asks for it.
GLUE_KEYS = "_toc.yml#glue-keys"
GLUE_KEYS_EVENT = "interviews.glue-keys"
# A glue role or directive in a page and the key it names: {glue:text}`key:.2f`, {glue}`key`, ```{glue:figure} key;
# a key of another page's (`page.ipynb::key`) counts by its key.
GLUE_KEY = re.compile(r"\{glue(?::\w+)?\}(?:`(?:[^`\s]*?::)?|[ \t]+(?:\S*?::)?)([^`:\s]+)")


def code_digest(root: Path) -> str:
    """SHA-256 over the package's files and `requirements.txt` (what every chapter runs)."""
    files = sorted([*(root / "src" / "interviews").rglob("*"), root / "requirements.txt"])
    return files_digest((f for f in files if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc"),
                        root)


def listing_digest(root: Path) -> str:
    """SHA-256 over the sorted names of the files under `data/` (not their content)."""
    names = sorted(p.relative_to(root).as_posix() for p in (root / "data").rglob("*") if p.is_file())
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def _records(path: Path) -> dict[str, str]:
    """Slug -> digest of that interview's record in the metadata file (parsed, so comments do not count)."""
    try:
        return _parsed_records(path.read_bytes())
    except OSError:
        return {}


@functools.lru_cache(maxsize=4)
def _parsed_records(content: bytes) -> dict[str, str]:
    """:func:`_records` of a metadata file's bytes, parsed once however many records are asked for."""
    import yaml

    try:
        data = yaml.load(content.decode("utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (UnicodeDecodeError, yaml.YAMLError):
        return {}
    records = (data or {}).get("interviews") if isinstance(data, dict | None) else None
    out = {}
    for record in records if isinstance(records, list) else []:
        if isinstance(record, dict) and isinstance(record.get("slug"), str):
            text = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
            out[record["slug"]] = hashlib.sha256(text.encode()).hexdigest()
    return out


def _quoted(root: Path) -> frozenset[str]:
    return frozenset(key for page in toc_sources(root) for key in GLUE_KEY.findall(page.read_text(encoding="utf-8")))


def quoted_glue_keys(root: Path) -> frozenset[str]:
    """The glue keys that the pages of the table of contents quote (in roles and directives).

    In a chapter's traced kernel the pages read here are not inputs; the set of keys is
    (:data:`GLUE_KEYS`), so a chapter is executed again when a page quotes a key it did not,
    not when a page's prose changes otherwise."""
    sys.audit(GLUE_KEYS_EVENT, str(root))
    _UNTRACED.append(1)
    try:
        return _quoted(Path(root))
    finally:
        _UNTRACED.pop()


def input_digest(root: Path, key: str) -> str:
    """The digest of one input: `path` (a file's bytes), `path/` (a folder's names), `path#slug` (a record)
    or :data:`GLUE_KEYS` (the glue keys the pages quote)."""
    if key == GLUE_KEYS:
        return hashlib.sha256("\n".join(sorted(_quoted(root))).encode()).hexdigest()
    if "#" in key:
        name, slug = key.split("#", 1)
        return _records(root / name).get(slug, MISSING)
    if key.endswith("/"):
        folder = root / key
        if not folder.is_dir():
            return MISSING
        return hashlib.sha256("\n".join(sorted(p.name for p in folder.iterdir())).encode()).hexdigest()
    path = root / key
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else MISSING


TRACED = ("open", "os.listdir", "os.scandir", "interviews.metadata", GLUE_KEYS_EVENT)  # the events a trace notes
_UNTRACED: list[int] = []  # not empty while this process reads what a trace must not note (quoted_glue_keys)


def read_hook(emit: Callable[[str], None], root: str, skip: str):
    """An audit hook that calls `emit` with a trace line (`kind<TAB>absolute path<TAB>slug`, see
    :func:`parse_trace`) for each file opened for reading (r) and folder listed (d) under `root` but not
    under `skip`, each interview's metadata record asked for (m, `interviews.metadata`) and each request
    for the glue keys the pages quote (q, :data:`GLUE_KEYS_EVENT`, with the project's folder)."""
    busy = []

    def hook(event, args):
        if busy or _UNTRACED or event not in TRACED:
            return
        busy.append(1)
        try:
            slug = ""
            if event == "open":
                path, mode, flags = args
                if mode is not None and any(c in mode for c in "wax+"):
                    return
                if mode is None and flags & (os.O_WRONLY | os.O_RDWR):
                    return
                kind = "r"
            elif event == "interviews.metadata":
                (path, slug), kind = args, "m"
            elif event == GLUE_KEYS_EVENT:
                (path,), kind = args, "q"
            elif sys._getframe(1).f_code.co_filename.startswith("<frozen importlib"):
                return  # the import system scanning a folder on sys.path (the chapter's own among them)
            else:
                path, kind = args[0], "d"
            if isinstance(path, int):
                return
            path = os.path.abspath(os.fsdecode(path if path is not None else "."))
            if path.startswith(root) and not path.startswith(skip):
                emit(f"{kind}\t{path}\t{slug}\n")
        except Exception:
            pass
        finally:
            busy.clear()

    return hook


def trace_to_file(log: str, root: str, skip: str) -> None:
    """Append this process's reads under `root` (not `skip`) to the file `log`, from now on (a chapter's kernel)."""
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    sys.addaudithook(read_hook(lambda line: os.write(fd, line.encode()), root, skip))


_TRACES: list[list[str]] = []  # the trace lines of each open `traced` block
_HOOKED = False  # whether this process's hook for `traced` is installed (audit hooks stay for good)


@contextmanager
def traced() -> Iterator[list[str]]:
    """The trace lines of the reads this process makes inside the block (every path: :func:`parse_trace`
    keeps a project's inputs)."""
    global _HOOKED
    if not _HOOKED:
        sys.addaudithook(read_hook(lambda line: [lines.append(line) for lines in _TRACES], os.sep, "\0"))
        _HOOKED = True
    lines: list[str] = []
    _TRACES.append(lines)
    try:
        yield lines
    finally:
        _TRACES.remove(lines)


@dataclass
class Reads:
    """What a chapter's kernel read: files and folders (relative paths) and its requests for metadata records."""

    files: set[str] = field(default_factory=set)
    folders: set[str] = field(default_factory=set)
    requests: list[str | None] = field(default_factory=list)  # slugs asked for; None: every record
    metadata_opens: int = 0  # times the metadata file was opened
    glue_keys: bool = False  # whether it asked which glue keys the pages quote

    def inputs(self) -> list[str]:
        """Input keys for the record. The metadata file counts record by record only when every opening
        of it came with a request for one named record (`load_one`); otherwise the whole file counts."""
        keys = set(self.files) | {f"{f}/" for f in self.folders} | ({GLUE_KEYS} if self.glue_keys else set())
        if (METADATA in keys and self.requests and None not in self.requests
                and self.metadata_opens <= len(self.requests)):
            keys.discard(METADATA)
            keys |= {f"{METADATA}#{slug}" for slug in self.requests}
        return sorted(keys)


def parse_trace(root: Path, lines: list[str]) -> Reads:
    """The reads of a trace log (lines `kind<TAB>absolute path<TAB>slug`) that are inputs of the project."""
    root = root.resolve()
    reads = Reads()
    for line in lines:
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3:
            continue
        kind, raw, slug = parts
        if kind == "q":
            reads.glue_keys = reads.glue_keys or Path(raw).resolve() == root
            continue
        try:
            rel = Path(raw).resolve().relative_to(root)
        except ValueError:
            continue  # outside the project: the environment, covered by requirements.txt
        if not rel.parts or rel.parts[0] in NOT_INPUTS or "__pycache__" in rel.parts:
            continue
        name = rel.as_posix()
        if kind == "m":
            reads.requests.append(slug or None)
        elif kind == "d":
            reads.folders.add(name)
        elif kind == "r" and (root / rel).is_file():
            reads.files.add(name)
            reads.metadata_opens += name == METADATA
    return reads


@dataclass
class Entry:
    code: str
    listing: str
    inputs: dict[str, str]
    seconds: float = 0.0
    source: str = ""  # a digest of the chapter as read (preexecute.source_digest); "" when unknown

    @property
    def token(self) -> str:
        """What the chapter's outputs were computed from, as one digest (the Sphinx extension compares it)."""
        text = json.dumps({"code": self.code, "listing": self.listing, "inputs": self.inputs}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


class Snapshot:
    """The digests of the project's inputs at one moment (before chapters run), computed once each."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.code, self.listing = code_digest(self.root), listing_digest(self.root)
        self.digests = {}
        for folder in ("data", "book"):
            for path in (self.root / folder).rglob("*"):
                rel = path.relative_to(self.root).as_posix()
                key = f"{rel}/" if path.is_dir() else rel
                self.digests[key] = input_digest(self.root, key)
        self.digests.update({f"{METADATA}#{slug}": d for slug, d in _records(self.root / METADATA).items()})

    def digest(self, key: str) -> str:
        if key not in self.digests:
            self.digests[key] = input_digest(self.root, key)
        return self.digests[key]

    def entry(self, reads: Reads, seconds: float = 0.0, source: str = "") -> Entry:
        return Entry(self.code, self.listing, {k: self.digest(k) for k in reads.inputs()}, round(seconds, 2), source)


def load_record(build: Path) -> dict[str, Entry]:
    """Chapter (path relative to the project) -> its entry; empty when there is no readable record."""
    try:
        data = json.loads((build / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != RECORD_VERSION:
        return {}
    try:
        return {chapter: Entry(**entry) for chapter, entry in data.get("chapters", {}).items()}
    except (TypeError, AttributeError):  # entries of another shape: no usable record
        return {}


def save_record(build: Path, record: dict[str, Entry]) -> None:
    chapters = {c: asdict(e) for c, e in sorted(record.items())}
    write_atomic(build / RECORD, json.dumps({"version": RECORD_VERSION, "chapters": chapters}, indent=1,
                                            sort_keys=True) + "\n")


def stale(root: Path, record: dict[str, Entry], chapters: list[str]) -> list[str]:
    """The `chapters` (paths relative to the root) whose outputs are not known to be current."""
    code, listing, digests = code_digest(root), listing_digest(root), {}

    def fresh(entry: Entry) -> bool:
        for key, digest in entry.inputs.items():
            if key not in digests:
                digests[key] = input_digest(root, key)
            if digests[key] != digest:
                return False
        return entry.code == code and entry.listing == listing

    return [c for c in chapters if c not in record or not fresh(record[c])]


def freshen(root: Path, build: Path, chapters: list[str] | None = None, uncache=None) -> list[str]:
    """Drop the cached outputs of the chapters whose inputs changed; return those chapters.

    `chapters` are the notebook chapters (default: those of the table of contents);
    `uncache(chapter)` removes one chapter's outputs from the cache (default:
    `preexecute.uncache`). When the package changed, every cache is cleared.
    """
    from . import preexecute

    root, build = Path(root), Path(build)
    chapters = preexecute.notebook_chapters(root) if chapters is None else chapters
    uncache = uncache or (lambda chapter: preexecute.uncache(root, build, chapter))
    record = load_record(build)
    code = code_digest(root)
    if not record or any(entry.code != code for entry in record.values()):
        # A changed package (the Sphinx extensions too), or outputs of unknown origin: start clean.
        for name in CACHES:
            shutil.rmtree(build / name, ignore_errors=True)
        record = {}
    out = stale(root, record, chapters)
    for chapter in out:
        uncache(chapter)
        record.pop(chapter, None)
    if build.is_dir() or record:
        save_record(build, record)
    return out


# --- steps done again only when what they read changed (the tables, parts of the check) ------

def step_record(build: Path, step: str) -> Path:
    """Where a step's record is kept: what it last read and wrote, and its note."""
    return Path(build) / f".{step}_inputs.json"


def step_current(root: Path, build: Path, step: str) -> str | None:
    """The note a step recorded if it is current (none of the files it read or wrote, the package or the
    names of the files under `data/` changed since it ran); None if it must run again."""
    try:
        data = json.loads(step_record(build, step).read_text(encoding="utf-8"))
        entry = Entry(**data["entry"]) if data.get("version") == RECORD_VERSION else None
        note = str(data["note"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return note if entry is not None and not stale(Path(root), {step: entry}, [step]) else None


def save_step(root: Path, build: Path, step: str, trace: list[str], written=(), note: str = "") -> None:
    """Record what a step read (its `trace`, see :func:`traced`), the files it wrote and a note to repeat."""
    root = Path(root).resolve()
    reads = parse_trace(root, trace)
    reads.files |= {Path(p).resolve().relative_to(root).as_posix() for p in written}
    entry = Entry(code_digest(root), listing_digest(root), {k: input_digest(root, k) for k in reads.inputs()})
    write_atomic(step_record(build, step), json.dumps({"version": RECORD_VERSION, "entry": asdict(entry),
                                                       "note": note}, indent=1, sort_keys=True) + "\n")


# --- the Sphinx extension: re-read the pages whose outputs were computed again ---------------


def _tokens(app) -> dict[str, str]:
    return {chapter: entry.token for chapter, entry in load_record(Path(app.outdir).parent).items()}


def _chapter(app, env, docname: str) -> str:
    path = Path(env.doc2path(docname))
    try:
        return path.resolve().relative_to(Path(app.srcdir).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _remember(app, docname: str, source) -> None:
    """As Sphinx reads a page: note which recorded inputs its outputs come from."""
    tokens = app.env.__dict__.setdefault("interviews_tokens", {})
    if not tokens:
        tokens.update(_tokens(app), loaded=True)
    app.env.__dict__.setdefault("interviews_inputs", {})[docname] = tokens.get(_chapter(app, app.env, docname))


def _forget_tokens(app, env, docnames) -> None:
    env.__dict__.pop("interviews_tokens", None)  # read the record afresh in each build


def _outdated(app, env, added, changed, removed) -> list[str]:
    """Pages read with outputs that have been computed again since (their token changed)."""
    tokens = _tokens(app)
    seen = env.__dict__.get("interviews_inputs", {})
    return sorted(d for d, token in seen.items()
                  if d in env.found_docs and d not in added | changed | removed
                  and tokens.get(_chapter(app, env, d)) != token)


def _purge(app, env, docname) -> None:
    env.__dict__.get("interviews_inputs", {}).pop(docname, None)


def _merge(app, env, docnames, other) -> None:
    seen = env.__dict__.setdefault("interviews_inputs", {})
    for docname in docnames:
        if docname in other.__dict__.get("interviews_inputs", {}):
            seen[docname] = other.interviews_inputs[docname]


def setup(app) -> dict:
    app.connect("env-get-outdated", _outdated)
    app.connect("env-before-read-docs", _forget_tokens)
    app.connect("source-read", _remember)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
