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
  site [--build-dir _build]  put the built PDF into the HTML site and mark it for GitHub Pages

Bad input prints one line naming the file (and line or field) and exits with 2;
`--debug` shows the traceback as well.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import paths
from .analysis import structure
from .coding import coder
from .coding.codebook import load_codebook
from .corpus import intake, reading_notes, transcripts
from .errors import InputError
from .report import build_cache, tables

PARAGRAPH_COLUMNS = tables.PARAGRAPH_COLUMNS


def _select(root: Path, files: list[str]):
    """The transcripts for the given raw files (all when none are given)."""
    interviews, parsed = transcripts.load_corpus(root)
    if not files:
        return list(parsed.values())
    by_file = {i.raw_file: i.slug for i in interviews}
    chosen = []
    for f in files:
        name = Path(f).name
        if name not in by_file:
            raise InputError(f, f"not a raw file listed in {paths.metadata_file(root)}; known: {', '.join(by_file)}")
        if Path(f).resolve() != (paths.raw_dir(root) / name).resolve():
            raise InputError(f, f"expected the copy in {paths.raw_dir(root)}")
        chosen.append(parsed[by_file[name]])
    return chosen


CODED_COLUMNS = ["interview", "paragraph", "speaker", "role", "themes", "text"]


def cmd_code(args) -> int:
    root = paths.project_root()
    if not args.files:
        raise InputError("<command line>", "name at least one raw transcript file, e.g. data/raw/*.txt")
    chosen = _select(root, args.files)
    codebook = load_codebook(paths.codebook_file(root))
    frame = coder.code_paragraphs(transcripts.paragraphs({t.interview.slug: t for t in chosen}), codebook)
    sys.stdout.write(frame[CODED_COLUMNS].to_csv(index=False, lineterminator="\n"))
    return 0


def cmd_parse(args) -> int:
    chosen = _select(paths.project_root(), args.files)
    frame = transcripts.paragraphs({t.interview.slug: t for t in chosen})
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
    from .report import figures
    from .report.chapter_data import load_themes

    charts = figures.all_charts(load_themes(paths.project_root()))
    written = figures.export(charts, Path(args.out))
    print(f"wrote {len(written)} files ({len(charts)} figures as SVG and PNG) to {args.out}")
    return 0


def cmd_check(args) -> int:
    root = paths.project_root()
    interviews, parsed = transcripts.load_corpus(root)
    for interview in interviews:
        t = parsed[interview.slug]
        notes = reading_notes.load(paths.annotations_file(root, interview.slug), interview.slug, t.paragraphs)
        o = structure.overview(t.paragraphs).iloc[0]
        print(
            f"{interview.slug}: {o.paragraphs} paragraphs, {o.questions} questions, {o.answers} answers, "
            f"{o.words} words; {len(notes.key_quotes)} key quotes verified"
        )
    print("ok")
    return 0


def cmd_freshen(args) -> int:
    if build_cache.freshen(paths.project_root(), Path(args.build_dir)):
        print("inputs changed: cleared cached notebook outputs")
    else:
        print("inputs unchanged: keeping cached outputs")
    return 0


def cmd_notebook(args) -> int:
    from .report import notebook

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


def cmd_site(args) -> int:
    from .report import website

    html = website.assemble(Path(args.build_dir))
    print(f"site: {html} (with {website.PDF} and {website.NOJEKYLL})")
    if not (html / "sitemap.xml").is_file():
        print("note: no sitemap.xml: html.baseurl is not set in _config.yml, so the pages have no canonical links "
              "and the 404 page's links assume the site is served at /")
    return 0


def cmd_add(args) -> int:
    root = paths.project_root()
    plan = intake.plan_add(root, Path(args.raw_file), args.slug, args.interviewee, args.interviewer,
                            args.title, args.date, args.outlet, force=args.force)
    intake.apply(root, plan)
    for message in plan.messages:
        print(message)
    print(f"next: make book   (then read book/interviews/{args.slug}.md and write its summary and notes)")
    return 0


def cmd_remove(args) -> int:
    root = paths.project_root()
    plan = intake.plan_remove(root, args.slug)
    intake.apply(root, plan)
    for message in plan.messages:
        print(message)
    print("next: make book")
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
    p = sub.add_parser("site", help="put the built PDF into the HTML site and mark it for GitHub Pages")
    p.add_argument("--build-dir", default="_build", help="the build folder (default: _build)")
    p.set_defaults(func=cmd_site)
    p = sub.add_parser("check", help="validate metadata, manifest, transcripts and notes")
    p.set_defaults(func=cmd_check)
    return parser


def run(parser: argparse.ArgumentParser, argv: list[str] | None = None) -> int:
    """Parse `argv` and run its command; bad input prints one line to stderr and returns 2 (--debug: traceback)."""
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (InputError, FileNotFoundError, KeyError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return 2


def main(argv: list[str] | None = None) -> int:
    return run(build_parser(), argv)
