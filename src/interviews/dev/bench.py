"""`make bench`: how fast the book builds and the pipeline runs, written to reports/benchmarks.md.

A measurement, not a test. Every step runs `runs` times (5 by default) and the
report gives the median with the minimum and maximum, against the goal:

* a clean HTML build as `make html` makes it (the chapters executed in parallel
  into the cache by `make freshen`, then Sphinx; goal <= 20 s), once more with the
  machine's cache of sentence vectors, fitted classifiers and codings empty, and the bare
  serial execution of the same chapter notebooks (jupytext + nbclient, no Sphinx)
  in the same run, as a ratio (goal <= 1.5);
* the same book with 2, 12 and 50 interviews (`synthetic.project`):
  clean HTML build, PDF, the cost of each added interview chapter (goal <= 2 s),
  and `make html` after one interview's notes changed (goal <= 10 s), with the
  chapters it executed again (goals for 50 interviews: HTML and PDF <= 3 minutes);
* a rebuild with nothing changed (goal <= 5 s), with one chapter's prose changed and
  with one chapter's code changed;
* the PDF build after the HTML build (goal <= 90 s);
* parsing and coding synthetic corpora of 10, 100 and 1,000 interviews (real
  paragraphs, exchanges shuffled; see `interviews.synthetic`) with one process
  and with one worker per CPU, with peak memory (goal: linear growth and
  1,000 interviews <= 10 s);
* where the time of parsing and coding goes (cProfile, this tree and `compare`);
* the weight of the heaviest page with everything it loads.

Builds run in a temporary copy of the project's tracked files, so the working
tree is never touched. With `compare` set to a git revision, the throughput
step also runs that revision's parser and coder on the same synthetic texts.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..report import preexecute
from . import server

SIZES = (10, 100, 1000)


@dataclass
class Step:
    name: str
    goal: str = ""
    seconds: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def row(self) -> str:
        spread = f"{min(self.seconds):.1f}–{max(self.seconds):.1f}" if len(self.seconds) > 1 else ""
        return f"| {self.name} | {self.median:.1f} | {spread} | {len(self.seconds)} | {self.goal} | {self.note} |"


def copy_tracked(root: Path, dest: Path) -> Path:
    """A copy of the project's git-tracked files (what a clean clone has) in `dest`."""
    files = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout
    for name in files.splitlines():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target)
    return dest


def _timed(command: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return seconds


def _freshen(project: Path) -> list[str]:
    """`make freshen`: execute the chapters whose outputs are missing or stale, in parallel, into the cache."""
    return [sys.executable, "-m", "interviews", "freshen", "--build-dir", str(project / "_build")]


def _html(project: Path, env: dict | None = None) -> float:
    """Seconds for `make html`'s build steps: pre-execution, then the strict Sphinx build."""
    return _timed(_freshen(project), project, env) + _timed(_jupyter_book(project, "html"), project, env)


def _jupyter_book(project: Path, builder: str) -> list[str]:
    """The strict build as `make html` and `make pdf` run it (in the project's folder)."""
    return [sys.executable, "-m", "interviews", "build", "--builder", builder]


def notebook_chapters(project: Path) -> list[Path]:
    """The chapters of `_toc.yml` that are notebooks (MyST Markdown with a kernel)."""
    return [project / chapter for chapter in preexecute.kernel_chapters(project)]


def bare_execution(project: Path) -> float:
    """Seconds to execute every chapter notebook with jupytext + nbclient, one after another."""
    code = (
        "import sys, time\nfrom interviews.report import notebook\nstart = time.perf_counter()\n"
        "for chapter in sys.argv[1:]:\n    notebook.execute(chapter)\nprint(time.perf_counter() - start)\n"
    )
    chapters = [str(p) for p in notebook_chapters(project)]
    result = subprocess.run([sys.executable, "-c", code, *chapters], cwd=project, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"bare execution failed:\n{result.stderr[-2000:]}")
    return float(result.stdout.strip().splitlines()[-1])


def build_steps(root: Path, runs: int, log=print) -> list[Step]:
    """Clean HTML build vs bare execution, no-change and one-chapter rebuilds, PDF after HTML."""
    clean, bare, ratio = Step("Clean HTML build"), Step("Bare execution of the chapter notebooks"), []
    same, pdf = Step("Rebuild, nothing changed", "<= 5 s"), Step("PDF build after the HTML build", "<= 90 s")
    one, code = Step("Rebuild, one chapter's prose changed"), Step("Rebuild, one chapter's code changed")
    chapter = "book/themes/weaknesses.md"
    for run in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            project = copy_tracked(root, Path(tmp) / "project")
            clean.seconds.append(_html(project))
            bare.seconds.append(bare_execution(project))
            ratio.append(clean.seconds[-1] / bare.seconds[-1])
            _timed(_make_html(project), project)  # make's stamps, as after a user's `make html`
            same.seconds.append(_timed(_make_html(project), project))
            path = project / chapter
            path.write_text(path.read_text(encoding="utf-8") + f"\nA benchmark edit ({run}).\n", encoding="utf-8")
            one.seconds.append(_html(project))
            path.write_text(path.read_text(encoding="utf-8") + f"\n```{{code-cell}} ipython3\n{run} + 1\n```\n",
                            encoding="utf-8")
            code.seconds.append(_html(project))
            pdf.seconds.append(_timed(_jupyter_book(project, "pdflatex"), project))
            log(f"build run {run + 1}/{runs}: clean {clean.seconds[-1]:.1f} s, bare {bare.seconds[-1]:.1f} s, "
                f"no change {same.seconds[-1]:.1f} s, prose {one.seconds[-1]:.1f} s, code {code.seconds[-1]:.1f} s, "
                f"pdf {pdf.seconds[-1]:.1f} s")
    cold = Step("Clean HTML build, the machine's cache empty")
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_tracked(root, Path(tmp) / "project")
        env = {**os.environ, "INTERVIEWS_CACHE": str(Path(tmp) / "cache")}
        cold.seconds.append(_timed(_make_html(project), project, env))
        log(f"clean build with an empty cache: {cold.seconds[-1]:.1f} s")
    cold.note = ("the whole `make html` (check, tables, freshen, Sphinx) as on a new machine: every sentence vector "
                 "is encoded, every classifier fitted, every coding computed and the preview card drawn, then kept "
                 "in the machine's cache "
                 "(`interviews.paths.user_cache_dir`), which the other rows read")
    r = statistics.median(ratio)
    clean.goal = "<= 20 s; <= 1.5 x bare execution"
    clean.note = (f"{'met' if clean.median <= 20 else 'not met'}; median ratio to bare (serial) execution {r:.2f} "
                  f"({'met' if r <= 1.5 else 'not met'}); chapters executed in parallel before Sphinx reads them; "
                  "sentence vectors, fitted classifiers, the coder's codings, the charts and the link-preview card "
                  "read from the machine's cache")
    one.note = (f"a sentence added to `{chapter}`: the page is rendered again, its notebook is not re-run "
                "(jupyter-cache keys on the code cells)")
    code.note = f"then a code cell added to `{chapter}`: that notebook alone is executed again"
    same.note = (f"{'met' if same.median <= 5 else 'not met'}; `make html` run again: every stamp is current, "
                 "so neither the chapters nor Sphinx run")
    pdf.note = "met" if pdf.median <= 90 else "not met"
    return [clean, cold, bare, same, one, code, pdf]


SCALE = (2, 12, 50)


@dataclass
class Scale:
    """Build times of a book with `interviews` interviews (`synthetic.project`)."""

    interviews: int
    chapters: int
    html: list[float] = field(default_factory=list)
    pdf: list[float] = field(default_factory=list)
    notes: list[float] = field(default_factory=list)  # one interview's notes changed -> make html
    executed: list[str] = field(default_factory=list)  # chapters that ran again after the notes changed
    error: str = ""  # why this book could not be built, if it could not


def _make_html(project: Path) -> list[str]:
    """`make html` in the copy with this virtual environment, which make must not install again: the copy's
    requirements.txt and pyproject.toml are newer than its stamp, and an editable install from the copy
    would outlive it (`-o`: take the stamp as up to date)."""
    venv = Path(sys.executable).parent.parent
    return ["make", "--no-print-directory", "-o", str(venv / ".installed"), "html", f"VENV={venv}"]


def scale_steps(root: Path, runs: int, sizes=SCALE, log=print) -> list[Scale]:
    """Clean HTML, then PDF, then `make html` after one interview's notes changed, for each book size.

    The largest book is built once (it takes minutes), and its notes changed `runs` times in a row;
    the others are built `runs` times, their notes changed once each time.
    """
    from . import synthetic

    out = []
    notes = "data/annotations/liu-youping-2020.yml"
    for n in sizes:
        step = None
        for run in range(1 if n == max(sizes) else runs):
            try:
                step = _scale_run(root, n, run, step, notes, synthetic, edits=runs if n == max(sizes) else 1)
            except RuntimeError as exc:  # a book that does not build strictly: say why, measure the others
                warnings = [line for line in str(exc).splitlines() if "WARNING" in line or "rror" in line]
                step = Scale(n, step.chapters if step else 0, error=(warnings or [str(exc)])[-1][-300:])
                log(f"scale {n} interviews: the build failed: {step.error}")
                break
            log(f"scale {n} interviews, run {run + 1}: html {step.html[-1]:.1f} s, pdf {step.pdf[-1]:.1f} s, "
                f"notes changed -> make html {step.notes[-1]:.1f} s ({len(step.executed)} chapters executed)")
        out.append(step)
    return out


def _scale_run(root: Path, n: int, run: int, step: Scale | None, notes: str, synthetic, edits: int = 1) -> Scale:
    """One run of `scale_steps` for a book of `n` interviews, added to `step`: `edits` notes changes, each
    followed by `make html`."""
    with tempfile.TemporaryDirectory() as tmp:
        project = synthetic.project(root, Path(tmp) / "project", n)
        step = step or Scale(n, len(notebook_chapters(project)))
        step.html.append(_html(project))
        step.pdf.append(_timed(_jupyter_book(project, "pdflatex"), project))
        _timed(_make_html(project), project)  # settles make's own stamps (the tables)
        path = project / notes
        for edit in range(edits):
            path.write_text(path.read_text(encoding="utf-8") + f"# a benchmark edit ({run}.{edit})\n",
                            encoding="utf-8")
            start = time.perf_counter()
            result = subprocess.run(_make_html(project), cwd=project, capture_output=True, text=True)
            step.notes.append(time.perf_counter() - start)
            if result.returncode != 0:
                raise RuntimeError(f"make html failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
            step.executed = sorted(line.split()[1] for line in result.stdout.splitlines()
                                   if line.startswith("executed "))
    return step


def scale_section(steps: list[Scale]) -> list[str]:
    """The report's table of build times against the number of interviews, and the goals."""
    if not steps:
        return []
    med = statistics.median
    base = steps[0]
    lines = ["", "## Build time against the number of interviews", "",
             "Books made by `interviews.dev.synthetic.project`: the seed interviews plus synthetic",
             "ones added with the package's own `add` (raw file, metadata, chapter from the template, table of",
             "contents, tables). *Clean HTML* is `make html`'s build steps from an empty `_build` (`freshen`: the",
             "chapters executed in parallel into the cache, then the strict Sphinx build); *PDF* the PDF build",
             "after it; *per added chapter* the clean HTML time above the two-interview book's, divided by the",
             "interviews added; *notes changed* the whole `make html` (check, tables, freshen, Sphinx) after a",
             "line was added to `data/annotations/liu-youping-2020.yml` (the largest book, built once, has its",
             "notes changed that many times in a row). Medians; runs in brackets.", "",
             "| Interviews | Notebook chapters | Clean HTML (s) | PDF (s) | Per added chapter (s) "
             "| Notes changed -> rebuilt book (s) | Chapters executed again |",
             "|---:|---:|---:|---:|---:|---:|---|"]
    for s in steps:
        if s.error:
            lines.append(f"| {s.interviews} | {s.chapters} | not built: {s.error.replace('|', '/')} | | | | |")
            continue
        added = (f"{(med(s.html) - med(base.html)) / (s.interviews - base.interviews):.2f}"
                 if s.interviews > base.interviews else "")
        executed = ", ".join(f"`{c}`" for c in s.executed)
        lines.append(f"| {s.interviews} | {s.chapters} | {med(s.html):.1f} ({len(s.html)}) | {med(s.pdf):.1f} | "
                     f"{added} | {med(s.notes):.1f} ({len(s.notes)}) | {len(s.executed)}: {executed} |")
    goals = []
    steps = [s for s in steps if not s.error]
    if not steps:
        return lines
    if base.interviews == 2:
        goals.append(f"clean HTML build of today's book <= 20 s: {med(base.html):.1f} s, "
                     f"{'met' if med(base.html) <= 20 else 'not met'}")
    for s in steps[1:]:
        per = (med(s.html) - med(base.html)) / (s.interviews - base.interviews)
        goals.append(f"each added interview chapter <= 2 s ({s.interviews} interviews): {per:.2f} s, "
                     f"{'met' if per <= 2 else 'not met'}")
    for s in steps:
        if s.interviews >= 50:
            goals += [f"{s.interviews}-interview book, clean HTML <= 180 s: {med(s.html):.0f} s, "
                      f"{'met' if med(s.html) <= 180 else 'not met'}",
                      f"{s.interviews}-interview book, PDF <= 180 s: {med(s.pdf):.0f} s, "
                      f"{'met' if med(s.pdf) <= 180 else 'not met'}"]
        goals.append(f"one interview's notes changed -> rebuilt book <= 10 s ({s.interviews} interviews): "
                     f"{med(s.notes):.1f} s, {'met' if med(s.notes) <= 10 else 'not met'}")
    return lines + ["", "Goals:", "", *[f"- {g}" for g in goals]]


THROUGHPUT_CHILD = r"""
import dataclasses, json, resource, sys, time
from pathlib import Path
try:
    from interviews.coding import codebook, coder as coding
    from interviews.corpus import metadata, transcripts as corpus
except ImportError:  # a revision from before the package had sub-packages
    from interviews import codebook, coding, corpus, metadata
spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
root, jobs = Path(spec["root"]), spec["jobs"]
base = {i.slug: i for i in metadata.load_interviews(root / "data" / "interviews.yml")}
loaded_codebook = codebook.load_codebook(Path(spec["codebook"]))
try:  # the classifier is trained once per process, like the codebook is loaded: not part of the timing
    from interviews.coding import classifier
    classifier.trained(loaded_codebook)
except ImportError:  # a revision from before the classifier
    pass
items = [(x["text"], dataclasses.replace(base[x["base"]], slug=x["slug"], title=x["title"])) for x in spec["items"]]
if spec.get("profile"):
    import cProfile, pstats
    profiler = cProfile.Profile()
    profiler.enable()
start = time.perf_counter()
if jobs == 1 or not spec["batch"]:
    frames = [coding.code_paragraphs(corpus.parse_text(t, i, i.slug).paragraphs, loaded_codebook) for t, i in items]
    paragraphs = sum(len(f) for f in frames)
else:
    from interviews.dev import batch
    paragraphs = len(batch.run([batch.Item(t, i, i.slug) for t, i in items], loaded_codebook, jobs))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
out = {"seconds": seconds, "paragraphs": paragraphs, "peak_kb": peak, "worker_peak_kb": workers}
if spec.get("profile"):
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    out["profile_total"] = sum(v[2] for v in stats.values())
    out["profile"] = [[f, line, name, v[1], v[2]] for (f, line, name), v in stats.items()]
print(json.dumps(out))
"""


@dataclass
class Throughput:
    interviews: int
    jobs: int
    code: str  # "this tree" or a git revision
    seconds: list[float]
    paragraphs: int
    peak_mb: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def synthetic_spec(root: Path, n: int) -> list[dict]:
    from ..corpus.transcripts import load_corpus
    from . import synthetic

    _, parsed = load_corpus(root)
    made = synthetic.corpus(list(parsed.values()), n)
    bases = [list(parsed)[i % len(parsed)] for i in range(n)]
    return [{"base": b, "slug": s.interview.slug, "title": s.interview.title, "text": s.text}
            for b, s in zip(bases, made)]


def run_throughput(src: Path, root: Path, items: list[dict], jobs: int, batch: bool, profile: bool = False) -> dict:
    """One parse + code run in a fresh Python process whose package comes from `src` (under cProfile if asked),
    with the codebook of the `data` folder beside `src` (the tree's own, or a revision's)."""
    codebook = Path(src).parent / "data" / "codebook.yml"
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump({"root": str(root), "jobs": jobs, "batch": batch, "items": items, "profile": profile,
                   "codebook": str(codebook)}, f)
    try:
        env = {**os.environ, "PYTHONPATH": str(src)}
        result = subprocess.run([sys.executable, "-c", THROUGHPUT_CHILD, f.name], capture_output=True, text=True,
                                env=env)
    finally:
        os.unlink(f.name)
    if result.returncode != 0:
        raise RuntimeError(f"throughput run failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


@contextmanager
def revision_src(root: Path, revision: str | None):
    """The `src` folder of a git revision, extracted into a temporary folder for the block (None: no revision).

    The revision's `data` folder is extracted beside it, so that its code reads the codebook it was
    written for (a later codebook may use fields it does not know).
    """
    if not revision:
        yield None
        return
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", revision, "src", "data"], cwd=root, capture_output=True,
                                 check=True)
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        yield Path(tmp) / "src"


def throughput_steps(root: Path, runs: int, compare: str | None = None, log=print) -> list[Throughput]:
    from .batch import default_jobs

    results = []
    cpus = default_jobs()
    with revision_src(root, compare) as checkout:
        for n in SIZES:
            items = synthetic_spec(root, n)
            configs = [(root / "src", 1, True, "this tree"), (root / "src", cpus, True, "this tree")]
            if checkout:
                configs.append((checkout, 1, False, compare))
            for src, jobs, batch, label in configs:
                if jobs > 1 and cpus == 1:
                    continue
                count = 1 if label != "this tree" else runs  # the old code is slow: one run of it
                out = [run_throughput(src, root, items, jobs, batch) for _ in range(count)]
                seconds = [o["seconds"] for o in out]
                peak = max(max(o["peak_kb"], o["worker_peak_kb"]) for o in out) / 1024
                results.append(Throughput(n, jobs, label, seconds, out[0]["paragraphs"], peak))
                log(f"throughput {n} interviews, {jobs} job(s), {label}: median {statistics.median(seconds):.2f} s")
    return results


@dataclass
class Profile:
    code: str  # "this tree" or a git revision
    interviews: int
    total: float  # seconds of own time, all functions (profiling slows the code down)
    top: list[tuple[str, int, float]]  # (function, calls, own seconds), most own time first


def _function(path: str, line: int, name: str) -> str:
    """A profiled function as `module.py:line(name)`, or the builtin's own description."""
    return name if path == "~" else f"{Path(path).name}:{line}({name})"


def top_functions(raw: list[list], count: int = 6) -> list[tuple[str, int, float]]:
    """The `count` functions with the most own time from the child's cProfile rows (ties by name)."""
    rows = [(_function(path, line, name), calls, own) for path, line, name, calls, own in raw]
    return sorted(rows, key=lambda r: (-r[2], r[0]))[:count]


def profile_steps(root: Path, compare: str | None, interviews: int = 100) -> list[Profile]:
    """cProfile of parsing and coding `interviews` synthetic interviews, in this tree and in `compare`."""
    items = synthetic_spec(root, interviews)
    with revision_src(root, compare) as checkout:
        trees = [(root / "src", "this tree"), *([(checkout, compare)] if checkout else [])]
        out = []
        for src, label in trees:
            result = run_throughput(src, root, items, jobs=1, batch=False, profile=True)
            out.append(Profile(label, interviews, result["profile_total"], top_functions(result["profile"])))
    return out


def page_weights(html_dir: Path) -> list[tuple[str, int, int, int]]:
    """(page, requests, bytes, bytes transferred with gzip) of every toc page loaded in Chromium."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p, server.serve(html_dir) as base:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for page_path in paths.toc_pages(paths.project_root()):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            responses = []
            page.on("response", lambda response, seen=responses: seen.append(response))
            page.goto(base + page_path, wait_until="networkidle")
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images load too
            page.wait_for_load_state("networkidle")
            raw = sum(len(r.body()) for r in responses if r.ok)
            sent = sum(r.request.sizes()["responseBodySize"] for r in responses if r.ok)
            out.append((page_path, len(responses), raw, sent))
            page.close()
        browser.close()
    return sorted(out, key=lambda x: (-x[2], x[0]))


def machine() -> str:
    from .batch import default_jobs

    cpus = default_jobs()
    memory = ""
    if Path("/proc/meminfo").is_file():
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    cpu = ""
    if Path("/proc/cpuinfo").is_file():
        names = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                 if line.startswith("model name")]
        cpu = f" ({names[0]})" if names else ""
    return f"{platform.system()} {platform.machine()}{cpu}, {cpus} CPUs{memory}, Python {platform.python_version()}"


SPEEDUPS = """\
What made the parser and coder faster than `{compare}` (their results are identical: a test runs the
coder against a reference with none of these shortcuts, on the corpus and on 600 perturbed texts):

- Each codebook pattern is analysed once: the literal strings that every match must contain, and
  those it must start with, are read off the compiled regular expression.
- One Aho-Corasick pass (pyahocorasick) over a paragraph finds which of those literals it holds and
  where. A pattern lacking a literal it needs is skipped; the others' regular expressions are
  tried only at the offsets where one of their starting literals occurs; only the themes with a
  pattern left are visited.
- Word positions (for patterns of words near each other) and sentences (for vetoes) are computed
  only for the paragraphs that need them; the British-spelling rewrite runs only when a stem occurs.
- The parser builds its table column by column and counts words with a possessive pattern.
"""


def profile_section(profiles: list[Profile]) -> list[str]:
    """The report's profile tables: own time of the top functions, for each revision profiled."""
    if not profiles:
        return []
    lines = ["", "## Where the time goes", "",
             f"cProfile of parsing and coding {profiles[0].interviews} synthetic interviews in one process, "
             "the functions with the most",
             "own time (profiling slows the code down, so the shares matter more than the seconds). A regular",
             "expression scans as its `finditer` iterator is advanced, which cProfile counts as own time of the",
             "loop or comprehension that advances it.", ""]
    for p in profiles:
        lines += [f"**{p.code}**: {p.total:.2f} s of own time in all.", "",
                  "| Function | Calls | Own time (s) | Share |", "|---|---:|---:|---:|",
                  *[f"| `{name}` | {calls:,} | {own:.2f} | {100 * own / p.total:.0f}% |" for name, calls, own in p.top],
                  ""]
    return lines[:-1]


def report(builds: list[Step], throughput: list[Throughput], weights, runs: int, compare: str | None,
           profiles: list[Profile] = (), scale: list[Scale] = ()) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {machine()}. Medians of {runs} runs (minimum–maximum beside them);",
        "builds run in a temporary copy of the tracked files with the project's strict flags (`-n -W`).",
        "",
        "## Building the book",
        "",
        "| Step | Median (s) | Range (s) | Runs | Goal | Note |",
        "|---|---:|---:|---:|---|---|",
        *[s.row() for s in builds],
        *scale_section(list(scale)),
        "",
        "## Parsing and coding: synthetic corpora",
        "",
        "Each synthetic interview is a real one with its question-and-answer exchanges shuffled (seeded),",
        "written out as a labelled transcript and read back by the parser, then coded; a fresh Python",
        "process per run. Peak memory is the largest resident set of the process or of any worker.",
        "",
        "| Interviews | Paragraphs | Code | Jobs | Median (s) | ms per interview | Peak memory (MB) |",
        "|---:|---:|---|---:|---:|---:|---:|",
    ]
    for t in throughput:
        lines.append(f"| {t.interviews:,} | {t.paragraphs:,} | {t.code} | {t.jobs} | {t.median:.2f} | "
                     f"{1000 * t.median / t.interviews:.1f} | {t.peak_mb:.0f} |")
    best = min((t for t in throughput if t.interviews == 1000 and t.code == "this tree"), key=lambda t: t.median,
               default=None)
    if best:
        lines += ["", f"Goal 1,000 interviews <= 10 s: {best.median:.1f} s with {best.jobs} job(s), "
                      f"{'met' if best.median <= 10 else 'not met'}."]
    if compare and throughput:
        lines += ["", f"The rows for `{compare}` run that revision's parser and coder (one run each, in one",
                  "process) on the same texts: the speed before the changes listed below.", "",
                  SPEEDUPS.format(compare=compare).rstrip()]
    lines += profile_section(list(profiles))
    if weights:
        page, requests, raw, sent = weights[0]
        lines += [
            "", "## Page weight", "",
            f"The heaviest page is `{page}`: {requests} requests, {raw / 1024:.0f} KiB as files and "
            f"{sent / 1024:.0f} KiB over the wire with gzip (everything it loads, lazy images included).",
            "", "| Page | Requests | KiB | KiB with gzip |", "|---|---:|---:|---:|",
            *[f"| `{p}` | {r} | {b / 1024:.0f} | {s / 1024:.0f} |" for p, r, b, s in weights],
        ]
    return "\n".join(lines) + "\n"


def main(root: Path, runs: int, out: Path, compare: str | None, parts: set[str]) -> str:
    builds = build_steps(root, runs) if "build" in parts else []
    scale = scale_steps(root, runs) if "scale" in parts else []
    throughput = throughput_steps(root, runs, compare) if "throughput" in parts else []
    profiles = profile_steps(root, compare) if "profile" in parts else []
    weights = page_weights(root / "_build" / "html") if "weight" in parts else []
    text = report(builds, throughput, weights, runs, compare, profiles, scale)
    paths.write_atomic(out, text)
    return text
