"""Command line of the developer tools: `python -m interviews.dev COMMAND`.

Commands
  audit   Lighthouse scores of every page of the built site -> reports/audit.md (needs tools/)
  bench   time builds, parsing and coding -> reports/benchmarks.md

Bad input prints one line and exits with 2, as the book's own command line does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import paths
from ..cli import run
from ..errors import InputError
from . import audit, bench

BENCH_PARTS = ("build", "scale", "throughput", "profile", "weight")


def cmd_audit(args) -> int:
    root = paths.project_root()
    tools = root / "tools"
    results = audit.audit(Path(args.html), paths.toc_pages(root), tools, presets=tuple(args.presets.split(",")),
                          runs=args.runs)
    text = audit.markdown(results, audit.lighthouse_version(tools), bench.machine())
    paths.write_atomic(Path(args.out), text)
    print(text)
    return 0


def cmd_bench(args) -> int:
    parts = set(args.parts.split(","))
    unknown = parts - set(BENCH_PARTS)
    if unknown:
        raise InputError("<command line>", f"unknown --parts {sorted(unknown)}; choose from {', '.join(BENCH_PARTS)}")
    sys.stdout.reconfigure(line_buffering=True)  # progress lines show as they come, even in a log file
    text = bench.main(paths.project_root(), args.runs, Path(args.out), args.compare, parts)
    print(text)
    return 0



def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m interviews.dev", description=__doc__.split("\n\n")[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("audit", help="Lighthouse scores of every page of the built site (needs tools/)")
    p.add_argument("--html", default="_build/html", help="the built site (default: _build/html)")
    p.add_argument("--out", default="reports/audit.md", help="the report (default: reports/audit.md)")
    p.add_argument("--presets", default="mobile,desktop", help="mobile, desktop or both (default)")
    p.add_argument("--runs", type=int, default=3, help="mobile runs per page; the report gives the median (default: 3)")
    p.set_defaults(func=cmd_audit)
    p = sub.add_parser("bench", help="time builds, parsing and coding; write reports/benchmarks.md")
    p.add_argument("--runs", type=int, default=5, help="runs per step (default: 5; the report gives medians)")
    p.add_argument("--out", default="reports/benchmarks.md", help="the report (default: reports/benchmarks.md)")
    p.add_argument("--compare", help="a git revision whose parser and coder to time on the same texts")
    p.add_argument("--parts", default=",".join(BENCH_PARTS), help="which parts (default: all five)")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    return run(build_parser(), argv)
