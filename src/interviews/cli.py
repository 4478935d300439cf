"""Command line: `python -m interviews COMMAND`.

Commands
  parse [FILE ...]   paragraphs of the given transcripts (default: the book's) as CSV on stdout;
                     any file, in the book or not (--explain: how each line was read)
  code FILE [FILE ...]  the codebook's themes for each paragraph, as CSV on stdout
  tables [--out DIR] write the generated tables (data/processed by default)
  freshen [--check]  execute, in parallel, the chapters whose code or inputs changed
                     (--check: first check and tables, as make html does)
  add FILE --slug S --interviewee NAME [...]   add an interview and its chapter
  remove SLUG        undo an add (--force: also a chapter edited since, keeping a copy)
  notebook CHAPTER   run one chapter as a notebook, save the executed .ipynb
  figures [--out DIR]  every figure as SVG and PNG, named after its label (_build/figures)
  review SLUG        write or update data/reviews/SLUG.csv: the coder's proposals for a person to decide
  check              validate metadata, raw files, transcripts, notes, models, timeline, concepts, reviews
  site [--build-dir _build]  put the built PDF into the HTML site and mark it for GitHub Pages
  build [--builder html|pdflatex]  the book's HTML site or PDF, strictly (`jupyter-book build -n -W`)

Bad input prints one line naming the file (and line or field) and exits with 2;
`--debug` shows the traceback as well.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths
from .errors import InputError

if TYPE_CHECKING:
    from .corpus.transcripts import Transcript

# Each command imports what it uses: `freshen`, run on every build, needs neither pandas nor the coder.


def _select(root: Path, files: list[str], args=None) -> list[Transcript]:
    """The transcripts of the given files (all of the book's when none are given).

    A raw file of the book (its copy in data/raw/) is read with its metadata; any
    other file is read as `add` would read it, with the names given on the command
    line and what its front matter says.
    """
    from .corpus import intake, manifest, transcripts
    from .corpus.metadata import load_interviews

    if not files:
        return list(transcripts.load_corpus(root)[1].values())
    listed = {i.raw_file: i for i in load_interviews(paths.metadata_file(root))} \
        if paths.metadata_file(root).is_file() else {}
    chosen = []
    for f in files:
        path = Path(f)
        interview = listed.get(path.name)
        if interview is not None and path.resolve() == (paths.raw_dir(root) / path.name).resolve():
            manifest.verify(root)
            chosen.append(transcripts.parse_file(path, interview))
        else:
            chosen.append(intake.preview(path, **_naming(args)))
    return chosen


def _naming(args) -> dict:
    """The names and metadata a command line gives for a transcript not in the book."""
    if args is None:
        return {}
    interviewees = args.interviewee or []
    names = {"interviewee": interviewees[0] if len(interviewees) == 1 else interviewees or None,
             "interviewer": args.interviewer}
    for option in ("title", "date", "outlet", "role", "affiliation", "translator"):
        names[option] = getattr(args, option, None)
    names["aliases"] = tuple(args.alias or ())
    return names


CODED_COLUMNS = ["interview", "paragraph", "speaker", "role", "themes", "text"]


def cmd_code(args) -> int:
    from .coding import coder
    from .coding.codebook import load_codebook
    from .corpus import transcripts

    root = paths.project_root()
    if not args.files:
        raise InputError("<command line>", "name at least one raw transcript file, e.g. data/raw/*.txt")
    chosen = _select(root, args.files, args)
    codebook = load_codebook(paths.codebook_file(root))
    frame = coder.code_paragraphs(transcripts.paragraphs({t.interview.slug: t for t in chosen}), codebook)
    sys.stdout.write(frame[CODED_COLUMNS].to_csv(index=False, lineterminator="\n"))
    return 0


def cmd_parse(args) -> int:
    from .corpus import transcripts
    from .report.tables import PARAGRAPH_COLUMNS

    chosen = _select(paths.project_root(), args.files, args)
    if args.explain:
        for t in chosen:
            sys.stdout.write(f"== {t.interview.raw_file} ({t.interview.slug})\n{transcripts.explain(t)}")
        return 0
    frame = transcripts.paragraphs({t.interview.slug: t for t in chosen})
    sys.stdout.write(frame[PARAGRAPH_COLUMNS].to_csv(index=False, lineterminator="\n"))
    return 0


def cmd_tables(args) -> int:
    refresh_tables(paths.project_root(), Path(args.out) if args.out else None)
    return 0


def refresh_tables(root: Path, out: Path | None = None, log=print) -> None:
    """Write the generated tables to `out` (data/processed by default: only when what they are computed from
    changed since the last time, recorded in the build folder); one line per table to `log`."""
    from .report import build_cache

    build = root / "_build"  # where the record of the last run is kept (data/processed only)
    if out is None and build_cache.step_current(root, build, "tables") is not None:
        log("data/processed: current (nothing the tables were computed from has changed)")
        return
    from .report import tables

    folder = out or root / "data" / "processed"
    with build_cache.traced() as trace:
        generated = tables.generated_tables(root)  # everything computed before anything is written
    for name, text in generated.items():
        written = paths.write_if_changed(folder / name, text)
        log(f"{'wrote' if written else 'unchanged'} {folder / name}")
    for stale in tables.stale_figure_tables(folder, generated):
        paths.remove_file(stale)
        log(f"removed {stale} (no figure draws it)")
    if out is None:
        build_cache.save_step(root, build, "tables", trace, [folder / name for name in generated])


def cmd_figures(args) -> int:
    from .report import figures
    from .report.chapter_data import load_themes

    charts = figures.all_charts(load_themes(paths.project_root()))
    written = figures.export(charts, Path(args.out))
    print(f"wrote {len(written)} files ({len(charts)} figures as SVG and PNG) to {args.out}")
    return 0


def cmd_check(args) -> int:
    """Every input the chapters read, checked before a build: one line for the first problem."""
    from .analysis import structure
    from .coding import review
    from .coding.codebook import load_codebook
    from .corpus import reading_notes, transcripts
    from .corpus.concepts import load_concepts
    from .report import build_cache

    root = paths.project_root()
    with build_cache.traced() as trace:
        interviews, parsed = transcripts.load_corpus(root)
        codebook = load_codebook(paths.codebook_file(root))
    report = []  # printed once everything passed: a failed check prints its one error line only
    every = transcripts.paragraphs(parsed)
    overview = {row.interview: row for row in structure.overview(every).itertuples()}
    for interview in interviews:
        t = parsed[interview.slug]
        notes = reading_notes.load(paths.annotations_file(root, interview.slug), interview.slug, t.paragraphs,
                                   themes=codebook.themes)
        o = overview[interview.slug]
        reviewed = ""
        if paths.review_file(root, interview.slug).is_file():
            table = review.load(paths.review_file(root, interview.slug), interview.slug, t.paragraphs, codebook)
            reviewed = f"; {(table.reviewed == 'yes').sum()} of {len(table)} paragraphs' coding reviewed"
        report.append(
            f"{interview.slug}: {o.paragraphs} paragraphs, {o.questions} questions, {o.answers} answers, "
            f"{o.words} words; {len(notes.key_quotes)} key quotes verified{reviewed}"
        )
    documents = paths.documents_file(root)
    if documents.is_file():
        cited = reading_notes.load_documents(documents, every)
        report.append(f"{documents.relative_to(root)}: {len(cited)} documents, quotes verified")
    models = reading_notes.load_models(paths.models_file(root), every)
    timeline = reading_notes.load_timeline(paths.timeline_file(root), every, paths.bibliography_keys(root))
    concept_map = load_concepts(paths.concepts_file(root), set(every.paragraph))
    report.append(f"models: {len(models)} positions; timeline: {len(timeline)} events; "
                  f"concept map: {len(concept_map)} concepts; quotes verified")
    # The hand codings, splits, validation set and training examples take half the check: checked again
    # only when a file they (or the corpus and codebook they are checked against) are read from changed.
    build = root / "_build"
    summary = build_cache.step_current(root, build, "check_codings")
    if summary is None:
        with build_cache.traced() as more:
            summary = hand_codings(root, codebook, every)
        build_cache.save_step(root, build, "check_codings", trace + more, note=summary)
    report.append(summary)
    print("\n".join([*report, "ok"]))
    return 0


def hand_codings(root: Path, codebook, paragraphs) -> str:
    """The hand codings, splits, validation set and training examples checked as the book reads them; a summary
    line."""
    from .coding import agreement, examples, validation
    from .coding.codebook import load_codebook

    gold = agreement.load_gold(paths.gold_file(root), codebook, paragraphs)
    second = agreement.load_gold(paths.second_coding_file(root), codebook, paragraphs)
    agreement.load_gold(paths.recheck_v1_file(root), load_codebook(paths.codebook_v1_file(root)), paragraphs)
    for path in (paths.exchange_split_file(root), paths.split_v1_file(root)):
        agreement.load_split(path, paragraphs)
    written = validation.load(root, codebook)
    twice = validation.load_second(root, codebook, written)
    written_examples = ""
    if codebook.classifier is not None and codebook.classifier.examples:
        written_examples = f"; training examples: {len(examples.load(root / codebook.classifier.examples, codebook))}"
    return (f"hand coding: {len(gold)} paragraphs, second coding: {len(second)}, splits checked; "
            f"validation set: {len(written)} paragraphs in {written['round'].nunique()} round(s), "
            f"{len(twice)} coded twice{written_examples}")


def cmd_review(args) -> int:
    from .coding import review
    from .coding.codebook import load_codebook
    from .corpus import transcripts

    root = paths.project_root()
    _, parsed = transcripts.load_corpus(root)
    if args.slug not in parsed:
        raise InputError(paths.metadata_file(root), f"no interview {args.slug!r}; known: {', '.join(parsed)}")
    paragraphs = parsed[args.slug].paragraphs
    codebook = load_codebook(paths.codebook_file(root))
    path = paths.review_file(root, args.slug)
    existing = review.read(path) if path.is_file() else None
    table, changed = review.merge(existing, review.proposals(paragraphs, codebook))
    review.write(path, table)
    done = int((table.reviewed == "yes").sum())
    print(f"wrote {path}: {len(table)} paragraphs, {done} reviewed")
    for pid in changed:
        print(f"note: the text of {pid} changed since it was reviewed; its decision was cleared")
    print("next: for each paragraph, correct 'themes' (leaf theme ids joined by ';'), set 'reviewed' to yes, "
          "then run `python -m interviews check` and `make book`")
    return 0


def cmd_freshen(args) -> int:
    from .report import preexecute

    root = paths.project_root()

    def check_and_tables() -> None:
        """`check`, then `tables` (a line for the tables written), while the kernels' fork server starts."""
        cmd_check(args)
        lines: list[str] = []
        refresh_tables(root, log=lines.append)
        changed = [line for line in lines if line.startswith(("wrote", "removed"))]
        print(f"data/processed/: up to date ({len(changed)} file(s) written or removed)")

    result = preexecute.run(root, Path(args.build_dir), jobs=args.jobs, before=check_and_tables if args.check else None)
    if result.errors:
        for chapter, error in result.errors.items():
            print(f"error: {chapter}: a cell failed:\n{error}", file=sys.stderr)
        return 1
    print(f"chapters: {len(result.executed)} executed, {len(result.cached)} cached outputs current")
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


def cmd_build(args) -> int:
    """Build the book strictly with Jupyter Book in this process; end it at once with Jupyter Book's exit status.

    Strictly: `jupyter-book build ROOT --builder B -n -W --keep-going` (a warning fails the build).

    A build holds every page's doctree in memory: letting the interpreter free it object by
    object at exit takes about 0.7 s at 50 interviews. Child processes (sphinx-sitemap's
    queue server) are ended, and output is flushed and logging shut down first, so that
    nothing written is lost and nothing outlives the build holding its output open. An
    exception that Jupyter Book does not turn into an exit status (a crash, with its
    traceback) ends the process the usual way.
    """
    import logging
    import multiprocessing
    import os

    from jupyter_book.cli.main import main as jupyter_book

    try:
        # The book's folder as a relative path ('.' from the project folder), as when built by hand: Sphinx
        # writes every page again when its configuration, which holds this path, changes.
        book = os.path.relpath(paths.project_root())
        jupyter_book.main(["build", book, "--builder", args.builder, "-n", "-W", "--keep-going"],
                          prog_name="jupyter-book")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    for child in multiprocessing.active_children():  # sphinx-sitemap's queue server: it would outlive us
        child.terminate()
        child.join()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def cmd_add(args) -> int:
    from .corpus import intake

    root = paths.project_root()
    plan = intake.add(root, Path(args.raw_file), args.slug, force=args.force, **_naming(args))
    for message in plan.messages:
        print(message)
    print(f"next: make book   (then read book/interviews/{args.slug}.md and write its summary and notes)")
    return 0


def cmd_remove(args) -> int:
    from .corpus import intake

    root = paths.project_root()
    plan = intake.remove(root, args.slug, force=args.force)
    for message in plan.messages:
        print(message)
    print("next: make book")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m interviews", description=__doc__.split("\n\n")[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="paragraph table of transcripts as CSV on stdout (any file: a preview)")
    p.add_argument("files", nargs="*", help="transcripts: the book's raw files (default: all) or any other file")
    p.add_argument("--explain", action="store_true",
                   help="show how each line was read: paragraphs, and what was left out and why")
    _naming_options(p, required=False)
    p.set_defaults(func=cmd_parse)
    p = sub.add_parser("code", help="themes of each paragraph of transcripts as CSV on stdout")
    p.add_argument("files", nargs="*", help="transcripts: the book's raw files or any other file")
    _naming_options(p, required=False)
    p.set_defaults(func=cmd_code)
    p = sub.add_parser("add", help="add an interview transcript: raw copy, metadata, chapter, contents")
    p.add_argument("raw_file", help="the transcript (UTF-8 text)")
    p.add_argument("--slug", required=True, help="id such as jane-doe-2024 (names the chapter)")
    _naming_options(p, required=True)
    p.add_argument("--force", action="store_true", help="replace an existing interview with this slug or file")
    p.set_defaults(func=cmd_add)
    p = sub.add_parser("remove", help="undo an add: remove an interview, its chapter and its built pages")
    p.add_argument("slug")
    p.add_argument("--force", action="store_true",
                   help="remove a chapter edited since it was generated (a copy is kept in backups/)")
    p.set_defaults(func=cmd_remove)
    p = sub.add_parser("tables", help="write the generated tables")
    p.add_argument("--out", help="output folder (default: data/processed)")
    p.set_defaults(func=cmd_tables)
    p = sub.add_parser("freshen", help="re-execute, in parallel, the chapters whose code or inputs changed")
    p.add_argument("--build-dir", default="_build")
    p.add_argument("--jobs", type=int, help="worker processes (default: one per CPU)")
    p.add_argument("--check", action="store_true",
                   help="first validate the inputs and regenerate data/processed (check, then tables), "
                   "while the kernels' fork server starts; stop with check's error line if one fails")
    p.set_defaults(func=cmd_freshen)
    p = sub.add_parser("notebook", help="run one chapter as a Jupyter notebook and save it as .ipynb")
    p.add_argument("chapter", help="a chapter file, e.g. book/interviews/liu-youping-2020.md")
    p.add_argument("--out", help="where to write the executed notebook (default: _build/notebooks/)")
    p.set_defaults(func=cmd_notebook)
    p = sub.add_parser("figures", help="export every figure of the book as SVG and PNG")
    p.add_argument("--out", default="_build/figures", help="output folder (default: _build/figures)")
    p.set_defaults(func=cmd_figures)
    p = sub.add_parser("review", help="write the coder's proposals for an interview, for a person to review")
    p.add_argument("slug", help="the interview, e.g. jane-doe-2024")
    p.set_defaults(func=cmd_review)
    p = sub.add_parser("site", help="put the built PDF into the HTML site and mark it for GitHub Pages")
    p.add_argument("--build-dir", default="_build", help="the build folder (default: _build)")
    p.set_defaults(func=cmd_site)
    p = sub.add_parser("check", help="validate metadata, manifest, transcripts and notes")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("build", help="build the book's HTML site or PDF strictly (a warning fails the build)")
    p.add_argument("--builder", choices=["html", "pdflatex"], default="html",
                   help="html: _build/html; pdflatex: _build/latex/book.pdf (default: html)")
    p.set_defaults(func=cmd_build)
    return parser


def _naming_options(p: argparse.ArgumentParser, required: bool) -> None:
    """Who speaks and where the text comes from; what is not given comes from the text's front matter."""
    p.add_argument("--interviewee", required=required, action="append", metavar="NAME",
                   help="the interviewee's full name as labelled in the text; repeat it for each member of a "
                   "panel or roundtable" + ("" if required else " (default: 'Interviewee')"))
    p.add_argument("--interviewer", help="the interviewer's (or a panel's moderator's) name, if the text labels "
                   "questions by name (default: the front matter's author)")
    p.add_argument("--alias", action="append", metavar="LABEL",
                   help="another label of the interviewee in the text (repeatable), e.g. --alias JD")
    p.add_argument("--role", help="the interviewee's position, e.g. 'Secretary-General'")
    p.add_argument("--affiliation", help="the interviewee's organization")
    p.add_argument("--title", help="title (default: the front matter's, else the first line of the file)")
    p.add_argument("--date", help="publication date YYYY, YYYY-MM or YYYY-MM-DD (default: the front matter's)")
    p.add_argument("--outlet", help="where the interview appeared (default: the front matter's)")
    p.add_argument("--translator", help="who translated the text, if it is a translation")


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
