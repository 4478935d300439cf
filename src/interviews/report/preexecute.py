"""Execute the book's chapters in parallel into jupyter-cache before Sphinx reads them.

With `execute_notebooks: cache` MyST-NB executes each chapter, one after another,
while Sphinx reads it, unless jupyter-cache holds outputs for the same code cells.
:func:`run` fills the cache first: it reads each chapter of the table of contents
as MyST-NB does (its reader and the book's MyST settings, so the cache matches),
executes the ones the cache lacks, several at a time, each in a kernel of its own
as MyST-NB would (nbclient in the chapter's folder, the notebook's own kernel and
the book's timeout; the kernels forked from a preloaded process, see
:mod:`interviews.report.forked_kernels`), and stores the executed notebooks with
jupyter-cache's own API. Sphinx then only reads outputs. A chapter whose text and
inputs are those of its last execution, with its outputs in the cache, is not read again.

While a chapter runs, an audit hook in its kernel notes the files it opens for
reading and the folders it lists, and the metadata records it asks for; the
inputs and their digests are recorded per chapter (`interviews.report.build_cache`),
so that a later change re-executes exactly the chapters that read it.
How long each chapter took is also kept in the machine's cache (:func:`machine_timings`), so that a
clean build, which has no record of its own, still starts the longest chapters first.
A cell that raises stops the run with the chapter and the cell's traceback.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from . import build_cache, forked_kernels

# Installed silently (no output, no execution count) in each kernel before the first cell.
TRACER = r"""
from interviews.report.build_cache import trace_to_file as _interviews_trace
_interviews_trace(%r, %r, %r)
del _interviews_trace
"""


@dataclass
class Job:
    chapter: str  # relative to the root
    notebook: object  # nbformat.NotebookNode, as MyST-NB reads it
    cwd: str
    timeout: int | None
    allow_errors: bool
    root: str
    source: str = ""  # source_digest of the chapter as read


@dataclass
class Done:
    chapter: str
    notebook: object
    seconds: float
    trace: list[str]
    error: str | None = None
    source: str = ""  # the Job's


def book_config(root: Path) -> dict:
    """The Sphinx configuration Jupyter Book makes of `_config.yml` (MyST and MyST-NB settings)."""
    from jupyter_book.config import get_final_config

    config, _ = get_final_config(user_yaml=root / "_config.yml", cli_config={"latex_individualpages": False},
                                 sourcedir=root)
    return config


def _md_config(config: dict):
    import dataclasses

    from myst_parser.config.main import MdParserConfig

    names = {f.name for f in dataclasses.fields(MdParserConfig)}
    return MdParserConfig(**{k[5:]: v for k, v in config.items() if k.startswith("myst_") and k[5:] in names})


def read_chapter(path: Path, md_config, text: str | None = None):
    """The chapter (its `text`, by default read from `path`) as the notebook MyST-NB makes of it (None if
    the page is not a notebook)."""
    from myst_nb.core.config import NbParserConfig
    from myst_nb.core.read import create_nb_reader

    text = path.read_text(encoding="utf-8") if text is None else text
    reader = create_nb_reader(str(path), md_config, NbParserConfig(), text)
    return None if reader is None else reader.read(text)


def kernel_chapters(root: Path) -> list[str]:
    """The chapters of the table of contents that name a kernel (notebooks, and MyST Markdown whose front
    matter has a `kernelspec`), found without reading them as MyST-NB does: a quick guess at
    :func:`notebook_chapters` (which also leaves out `nb_execution_excludepatterns`)."""
    out = []
    for path in paths.toc_sources(root):
        if path.suffix == ".ipynb" or "kernelspec:" in path.read_text(encoding="utf-8").split("\n---", 1)[0]:
            out.append(path.relative_to(root).as_posix())
    return out


def _reading_settings(config: dict) -> str:
    """The settings that decide how MyST-NB reads a chapter (`myst_*`, `nb_*`), as stable text."""
    settings = {k: v for k, v in config.items() if k.startswith(("myst_", "nb_"))}
    return json.dumps(settings, sort_keys=True,
                      default=lambda v: sorted(map(str, v)) if isinstance(v, set | frozenset) else str(v))


def source_digest(text: str, settings: str) -> str:
    """A digest of a chapter's text and of the settings it is read with (:func:`_reading_settings`)."""
    return hashlib.sha256(f"{settings}\0{text}".encode()).hexdigest()


def read_chapters(root: Path, config: dict, known: dict[str, str] | None = None) -> dict[str, tuple]:
    """The chapters of the table of contents that MyST-NB executes (paths relative to `root`, in book
    order), each with its :func:`source_digest` and the notebook MyST-NB makes of it.

    A chapter whose digest is its entry in `known` (chapter -> digest of a notebook chapter read
    before) is not read again: its notebook is None."""
    from pathlib import PurePosixPath

    md_config, excluded = _md_config(config), config.get("nb_execution_excludepatterns", [])
    settings = _reading_settings(config)
    out = {}
    for path in paths.toc_sources(root):
        chapter = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        digest = source_digest(text, settings)
        if known and known.get(chapter) == digest:
            out[chapter] = (digest, None)
            continue
        notebook = read_chapter(path, md_config, text)
        if notebook is not None and not any(PurePosixPath(path.as_posix()).match(p) for p in excluded):
            out[chapter] = (digest, notebook)
    return out


def notebooks(root: Path, config: dict | None = None) -> dict:
    """The chapters of the table of contents that MyST-NB executes (paths relative to `root`, in book
    order), each with the notebook MyST-NB makes of it; every chapter is read once."""
    config = book_config(root) if config is None else config
    return {chapter: notebook for chapter, (_, notebook) in read_chapters(root, config).items()}


def notebook_chapters(root: Path, config: dict | None = None) -> list[str]:
    """The chapters of the table of contents that MyST-NB executes (paths relative to `root`), in book order."""
    return list(notebooks(root, config))


def cache_path(build: Path):
    from jupyter_cache import get_cache

    return get_cache(str((build / ".jupyter_cache").resolve()))


def uncache(root: Path, build: Path, chapter: str, config: dict | None = None) -> None:
    """Remove a chapter's outputs from the cache: the record matching its code cells, and any under its path."""
    if not (build / ".jupyter_cache").is_dir():
        return
    cache = cache_path(build)
    path = (root / chapter).resolve()
    pks = {r.pk for r in cache.list_cache_records() if r.uri == str(path)}
    if path.is_file():
        notebook = read_chapter(path, _md_config(book_config(root) if config is None else config))
        try:
            pks.add(cache.match_cache_notebook(notebook).pk)
        except KeyError:
            pass
    for pk in sorted(pks):
        cache.remove_cache(pk)


async def _execute(job: Job, manager=None) -> Done:
    """Run one chapter in a kernel of its own as MyST-NB does, with the read tracer installed first.
    `manager` is the kernel manager's class (nbclient's default when None)."""
    from nbclient import NotebookClient

    from .notebook import OUTPUT_WAIT

    notebook, timeout, allow_errors = job.notebook, job.timeout, job.allow_errors
    if "execution" in notebook.metadata:  # as jupyter-cache's single_nb_execution (meta_override)
        timeout = notebook.metadata.execution.get("timeout", timeout)
        allow_errors = notebook.metadata.execution.get("allow_errors", allow_errors)
    with tempfile.TemporaryDirectory() as tmp:
        log = str(Path(tmp) / "reads.log")
        Path(log).touch()
        code = TRACER % (log, job.root.rstrip(os.sep) + os.sep, os.path.join(job.root, "src") + os.sep)

        def install(**_):
            client.kc.execute(code, silent=True, store_history=False)

        # A forked kernel is ended at once when its chapter has run: its reads are in the log as they
        # happen and its outputs have arrived, and its own orderly exit takes about 0.2 s.
        options = {} if manager is None else {"kernel_manager_class": manager, "shutdown_kernel": "immediate"}
        client = NotebookClient(notebook, timeout=timeout, allow_errors=allow_errors, record_timing=False,
                                resources={"metadata": {"path": job.cwd}}, on_notebook_start=install, **options,
                                **OUTPUT_WAIT)
        start = time.perf_counter()
        error = None
        try:
            await client.async_execute()
        except Exception as exc:  # a cell that raised, a timeout, a kernel that died
            error = f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - start
        trace = Path(log).read_text(encoding="utf-8").splitlines()
    return Done(job.chapter, notebook, seconds, trace, error, job.source)


async def _execute_all(jobs: list[Job], workers: int, manager, done) -> None:
    """Execute the jobs, at most `workers` at once, in that order; `done(Done)` as each ends."""
    slots = asyncio.Semaphore(workers)

    async def one(job):
        async with slots:
            done(await _execute(job, manager))

    await asyncio.gather(*(one(job) for job in jobs))


def schedule(jobs: list, seconds: dict[str, float], root: Path) -> list:
    """The longest first, so that workers finish together: by the time a chapter last took, else the
    chapters that are not one interview's (they read the whole corpus) before the interviews', those
    with more code cells first, then in book order."""
    from ..corpus.metadata import load_interviews

    try:
        own = {paths.chapter_file(root, i.slug).relative_to(root).as_posix()
               for i in load_interviews(paths.metadata_file(root))}
    except Exception:  # the metadata is checked elsewhere; here it only orders the work
        own = set()
    order = {job.chapter: n for n, job in enumerate(jobs)}

    def cells(job) -> int:
        return sum(cell.cell_type == "code" for cell in job.notebook.cells)

    return sorted(jobs, key=lambda j: (-seconds.get(j.chapter, 0.0), j.chapter in own, -cells(j), order[j.chapter]))


TIMINGS = "chapter_seconds.json"  # in the machine's cache: chapter -> seconds its last execution took


def machine_timings() -> dict[str, float]:
    """Seconds each chapter (by its path in the project) last took to execute on this machine, in any copy
    of the project; empty when none is known. Only the order of the work depends on it."""
    try:
        data = json.loads((paths.user_cache_dir() / TIMINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): float(v) for k, v in data.items() if isinstance(v, int | float) and not isinstance(v, bool)}


def note_timings(seconds: dict[str, float]) -> None:
    """Add the chapters' latest execution times to the machine's timings (nothing when it cannot be written)."""
    if not seconds:
        return
    timings = dict(sorted({**machine_timings(), **{c: round(s, 2) for c, s in seconds.items()}}.items()))
    try:
        paths.write_atomic(paths.user_cache_dir() / TIMINGS, json.dumps(timings, indent=1) + "\n")
    except OSError:
        pass  # a hint for the next build's order, not a result


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass
class Result:
    executed: list[str]  # chapters run, in the order they finished
    cached: list[str]  # chapters whose outputs were already in the cache
    errors: dict[str, str]
    seconds: dict[str, float]


def run(root: Path, build: Path, jobs: int | None = None, log=print, fork: bool | None = None,
        before=None) -> Result:
    """Bring the cache up to date: drop stale outputs (build_cache.freshen), execute what is missing.

    The chapters run at most `jobs` at a time (one per processor by default), each in a kernel of
    its own; `fork` (the default where it is available) forks those kernels from a process that
    has already imported what the chapters import (:mod:`interviews.report.forked_kernels`).
    `before`, if given, is called first, once that process has been started, so that its imports
    overlap whatever `before` does (`freshen --check`: the check of the inputs and the tables);
    what it raises ends the run before any chapter is read."""
    fork = forked_kernels.available() if fork is None else fork
    root, build = Path(root).resolve(), Path(build).resolve()
    earlier = build_cache.load_record(build)
    if fork and build_cache.stale(root, earlier, kernel_chapters(root)):
        forked_kernels.start_server()  # a chapter will run: the server's imports overlap reading the chapters
    if before is not None:
        before()
    from jupyter_cache.base import CacheBundleIn  # (after the server: a third of a second)
    config = book_config(root)
    read = read_chapters(root, config, {c: e.source for c, e in earlier.items() if e.source})
    chapters = list(read)
    previous = {**machine_timings(), **{c: e.seconds for c, e in earlier.items()}}
    build_cache.freshen(root, build, chapters, uncache=lambda c: uncache(root, build, c, config))
    if config.get("nb_execution_mode", "auto") != "cache":
        return Result([], [], {}, {})
    record = build_cache.load_record(build)
    cache = cache_path(build)
    todo, cached = [], []
    # The chapters not read again: their text is as when their outputs were cached, if those are still there.
    stored = {r.uri for r in cache.list_cache_records()} if any(nb is None for _, nb in read.values()) else set()
    for chapter in chapters:
        source, notebook = read[chapter]
        if notebook is None:
            if chapter in record and str(root / chapter) in stored:
                cached.append(chapter)
                continue
            notebook = read_chapter(root / chapter, _md_config(config))
        try:
            cache.match_cache_notebook(notebook)
            if chapter in record:
                cached.append(chapter)
                continue
        except KeyError:
            pass
        todo.append(Job(chapter, notebook, str((root / chapter).parent), config.get("nb_execution_timeout", 30),
                        bool(config.get("nb_execution_allow_errors", False)), str(root), source))
    todo = schedule(todo, previous, root)
    result = Result([], cached, {}, {})
    if not todo:
        return result
    snapshot = build_cache.Snapshot(root)  # the inputs as the chapters will read them
    workers = max(1, min(jobs or default_jobs(), len(todo)))
    log(f"executing {len(todo)} chapter(s) with {workers} kernel(s) at a time; {len(cached)} cached")

    def finished(done: Done) -> None:
        if done.error:
            result.errors[done.chapter] = done.error
            log(f"error: {done.chapter}: {done.error}")
            return
        cache.cache_notebook_bundle(
            CacheBundleIn(done.notebook, str(root / done.chapter), data={"execution_seconds": done.seconds}),
            check_validity=False, overwrite=True)
        reads = build_cache.parse_trace(root, done.trace)
        record[done.chapter] = snapshot.entry(reads, done.seconds, done.source)
        build_cache.save_record(build, record)
        result.executed.append(done.chapter)
        result.seconds[done.chapter] = done.seconds
        log(f"executed {done.chapter} in {done.seconds:.1f} s")

    asyncio.run(_execute_all(todo, workers, forked_kernels.ForkedKernelManager if fork else None, finished))
    note_timings(result.seconds)
    return result
