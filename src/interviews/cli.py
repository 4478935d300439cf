"""Command line: `python -m interviews COMMAND`.

Commands
  parse [FILE ...]   paragraphs of the given raw files (default: all) as CSV on stdout
  code FILE [FILE ...]  the codebook's themes for each paragraph, as CSV on stdout
  tables [--out DIR] write the generated tables (data/processed by default)
  freshen            clear cached notebook outputs when src/ or data/ changed
  add FILE --slug S --interviewee NAME [...]   add an interview and its chapter
  remove SLUG        undo an add
  notebook CHAPTER   run one chapter as a notebook, save the executed .ipynb
  figures [--out DIR]  every figure as SVG and PNG, named after its label (_build/figures)
  check              validate metadata, raw-file manifest, transcripts and reading notes

Bad input prints one line naming the file (and line or field) and exits with 2;
`--debug` shows the traceback as well.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import traceback
from pathlib import Path

from . import annotations, catalog, coding, corpus, paths, structure, tables
from .codebook import load_codebook
from .errors import InputError

PARAGRAPH_COLUMNS = tables.PARAGRAPH_COLUMNS


def _select(root: Path, files: list[str]):
    """The transcripts for the given raw files (all when none are given)."""
    interviews, transcripts = corpus.load_corpus(root)
    if not files:
        return list(transcripts.values())
    by_file = {i.raw_file: i.slug for i in interviews}
    chosen = []
    for f in files:
        name = Path(f).name
        if name not in by_file:
            raise InputError(f, f"not a raw file listed in {paths.metadata_file(root)}; known: {', '.join(by_file)}")
        if Path(f).resolve() != (paths.raw_dir(root) / name).resolve():
            raise InputError(f, f"expected the copy in {paths.raw_dir(root)}")
        chosen.append(transcripts[by_file[name]])
    return chosen


CODED_COLUMNS = ["interview", "paragraph", "speaker", "role", "themes", "text"]


def cmd_code(args) -> int:
    root = paths.project_root()
    if not args.files:
        raise InputError("<command line>", "name at least one raw transcript file, e.g. data/raw/*.txt")
    transcripts = _select(root, args.files)
    book = load_codebook(paths.codebook_file(root))
    frame = coding.code_paragraphs(corpus.paragraphs({t.interview.slug: t for t in transcripts}), book)
    sys.stdout.write(frame[CODED_COLUMNS].to_csv(index=False, lineterminator="\n"))
    return 0


def cmd_parse(args) -> int:
    transcripts = _select(paths.project_root(), args.files)
    frame = corpus.paragraphs({t.interview.slug: t for t in transcripts})
    sys.stdout.write(frame[PARAGRAPH_COLUMNS].to_csv(index=False, lineterminator="\n"))
    return 0


def cmd_tables(args) -> int:
    root = paths.project_root()
    out = Path(args.out) if args.out else root / "data" / "processed"
    generated = tables.generated_tables(root)  # everything computed before anything is written
    for name, text in generated.items():
        paths.write_atomic(out / name, text)
        print(f"wrote {out / name}")
    return 0


def cmd_figures(args) -> int:
    from . import gallery
    from .chapter import load_themes

    charts = gallery.all_charts(load_themes(paths.project_root()))
    written = gallery.export(charts, Path(args.out))
    print(f"wrote {len(written)} files ({len(charts)} figures as SVG and PNG) to {args.out}")
    return 0


def cmd_check(args) -> int:
    root = paths.project_root()
    interviews, transcripts = corpus.load_corpus(root)
    for interview in interviews:
        t = transcripts[interview.slug]
        notes = annotations.load(paths.annotations_file(root, interview.slug), interview.slug, t.paragraphs)
        o = structure.overview(t.paragraphs).iloc[0]
        print(
            f"{interview.slug}: {o.paragraphs} paragraphs, {o.questions} questions, {o.answers} answers, "
            f"{o.words} words; {len(notes.key_quotes)} key quotes verified"
        )
    print("ok")
    return 0


def inputs_digest(root: Path) -> str:
    """SHA-256 over everything a chapter's output depends on besides its own code."""
    files = sorted(
        [*(root / "src" / "interviews").rglob("*"), *(root / "data").rglob("*"), root / "requirements.txt"]
    )
    digest = hashlib.sha256()
    for f in files:
        if f.is_file() and "processed" not in f.parts and "__pycache__" not in f.parts:
            digest.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()


def cmd_freshen(args) -> int:
    """Drop cached notebook outputs when the package or the data changed.

    Jupyter-cache keys a notebook by its own code cells only, and Sphinx re-reads
    a page only when its source changes; a change in `src/` or `data/` would
    otherwise leave stale outputs in the book.
    """
    root = paths.project_root()
    build = Path(args.build_dir)
    stamp = build / ".inputs.sha256"
    digest = inputs_digest(root)
    if stamp.is_file() and stamp.read_text().strip() == digest:
        print("inputs unchanged: keeping cached outputs")
        return 0
    for name in (".jupyter_cache", ".doctrees", "jupyter_execute"):
        shutil.rmtree(build / name, ignore_errors=True)
    paths.write_atomic(stamp, digest + "\n")
    print("inputs changed: cleared cached notebook outputs")
    return 0


def cmd_notebook(args) -> int:
    from . import notebook

    chapter = Path(args.chapter)
    if not chapter.is_file() or chapter.suffix != ".md":
        raise InputError(chapter, "expected a chapter file such as book/interviews/<slug>.md")
    out = Path(args.out) if args.out else Path("_build") / "notebooks" / chapter.with_suffix(".ipynb").name
    try:
        executed = notebook.execute(chapter)
    except notebook.CellExecutionError as exc:
        print(f"error: {chapter}: a cell failed:\n{exc}", file=sys.stderr)
        return 1
    print(f"wrote {notebook.write(executed, out)}")
    return 0


def cmd_add(args) -> int:
    root = paths.project_root()
    plan = catalog.plan_add(root, Path(args.raw_file), args.slug, args.interviewee, args.interviewer,
                            args.title, args.date, args.outlet, force=args.force)
    catalog.apply(root, plan)
    for message in plan.messages:
        print(message)
    print(f"next: make book   (then read book/interviews/{args.slug}.md and write its summary and notes)")
    return 0


def cmd_remove(args) -> int:
    root = paths.project_root()
    plan = catalog.plan_remove(root, args.slug)
    catalog.apply(root, plan)
    for message in plan.messages:
        print(message)
    print("next: make book")
    return 0


def cmd_audit(args) -> int:
    from . import audit, site

    root = paths.project_root()
    pages = site.toc_pages(root)
    tools = root / "tools"
    results = audit.audit(Path(args.html), pages, tools, presets=tuple(args.presets.split(",")))
    text = audit.markdown(results, audit.lighthouse_version(tools), audit.machine_description())
    paths.write_atomic(Path(args.out), text)
    print(text)
    return 0


def cmd_bench(args) -> int:
    from . import bench

    parts = set(args.parts.split(","))
    unknown = parts - {"build", "throughput", "profile", "weight"}
    if unknown:
        raise InputError("<command line>",
                         f"unknown --parts {sorted(unknown)}; choose from build, throughput, profile, weight")
    sys.stdout.reconfigure(line_buffering=True)  # progress lines show as they come, even in a log file
    text = bench.main(paths.project_root(), args.runs, Path(args.out), args.compare, parts)
    print(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m interviews", description=__doc__.split("\n\n")[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="paragraph table of raw files as CSV on stdout")
    p.add_argument("files", nargs="*", help="raw files listed in data/interviews.yml (default: all)")
    p.set_defaults(func=cmd_parse)
    p = sub.add_parser("code", help="themes of each paragraph of raw files as CSV on stdout")
    p.add_argument("files", nargs="*", help="raw files listed in data/interviews.yml")
    p.set_defaults(func=cmd_code)
    p = sub.add_parser("add", help="add an interview transcript: raw copy, metadata, chapter, contents")
    p.add_argument("raw_file", help="the transcript (UTF-8 text)")
    p.add_argument("--slug", required=True, help="id such as jane-doe-2024 (names the chapter)")
    p.add_argument("--interviewee", required=True, help="the interviewee's full name as labelled in the text")
    p.add_argument("--interviewer", help="the interviewer's name, if the text labels questions by name")
    p.add_argument("--title", help="title (default: the first line of the file)")
    p.add_argument("--date", help="publication date YYYY, YYYY-MM or YYYY-MM-DD (default: not given)")
    p.add_argument("--outlet", help="where the interview appeared")
    p.add_argument("--force", action="store_true", help="replace an existing interview with this slug or file")
    p.set_defaults(func=cmd_add)
    p = sub.add_parser("remove", help="undo an add: remove an interview and its chapter")
    p.add_argument("slug")
    p.set_defaults(func=cmd_remove)
    p = sub.add_parser("tables", help="write the generated tables")
    p.add_argument("--out", help="output folder (default: data/processed)")
    p.set_defaults(func=cmd_tables)
    p = sub.add_parser("freshen", help="clear cached outputs if src/ or data/ changed since the last build")
    p.add_argument("--build-dir", default="_build")
    p.set_defaults(func=cmd_freshen)
    p = sub.add_parser("notebook", help="run one chapter as a Jupyter notebook and save it as .ipynb")
    p.add_argument("chapter", help="a chapter file, e.g. book/interviews/liu-youping-2020.md")
    p.add_argument("--out", help="where to write the executed notebook (default: _build/notebooks/)")
    p.set_defaults(func=cmd_notebook)
    p = sub.add_parser("figures", help="export every figure of the book as SVG and PNG")
    p.add_argument("--out", default="_build/figures", help="output folder (default: _build/figures)")
    p.set_defaults(func=cmd_figures)
    p = sub.add_parser("audit", help="Lighthouse scores of every page of the built site (needs tools/)")
    p.add_argument("--html", default="_build/html", help="the built site (default: _build/html)")
    p.add_argument("--out", default="docs/audit.md", help="the report (default: docs/audit.md)")
    p.add_argument("--presets", default="mobile,desktop", help="mobile, desktop or both (default)")
    p.set_defaults(func=cmd_audit)
    p = sub.add_parser("bench", help="time builds, parsing and coding; write docs/benchmarks.md")
    p.add_argument("--runs", type=int, default=5, help="runs per step (default: 5; the report gives medians)")
    p.add_argument("--out", default="docs/benchmarks.md", help="the report (default: docs/benchmarks.md)")
    p.add_argument("--compare", help="a git revision whose parser and coder to time on the same texts")
    p.add_argument("--parts", default="build,throughput,profile,weight", help="which parts (default: all four)")
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("check", help="validate metadata, manifest, transcripts and notes")
    p.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, KeyError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return 2
