"""`make audit`: Lighthouse scores of every page of the built book, written to reports/audit.md.

A measurement, not a test: Lighthouse (npm package, installed in `tools/` by
`make audit`) runs in Debian's Chromium against the site served from localhost by
:func:`interviews.dev.server.serve` (gzip and caching as on a static host), once with
its default mobile settings (a mid-range phone on a slow 4G network, simulated)
and once with its desktop preset. It reports performance, accessibility, best
practices and SEO (search engines: meta description, crawlable links, status codes).

Mobile performance varies from run to run on a shared machine (Lighthouse simulates the
slow network from a trace of a real, unthrottled load, and that load's timing varies),
so each page is measured `runs` times on mobile and the report gives the run with the
median performance score, the range of the scores, and the metric that cost that run
most points (Lighthouse's advice on variability: run several times, take the median).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from . import server

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 90, "accessibility": 95, "seo": 95}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


@dataclass(frozen=True)
class Result:
    page: str
    preset: str  # "mobile" or "desktop"
    scores: dict[str, int]  # category -> 0..100
    opportunities: list[str]  # the performance audits that cost most, as "title (savings)"
    failing: dict[str, list[str]]  # category -> titles of its failed audits
    costliest: str = ""  # the performance metric that cost most points, as "LCP 2.1 s (-1.2)"
    spread: tuple[int, int] | None = None  # lowest and highest performance score of several runs
    runs: int = 1  # how many runs this result is the median of


def parse_report(report: dict, page: str, preset: str) -> Result:
    """A Lighthouse JSON report reduced to its scores and its largest failing opportunities."""
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failing = []
    for audit in report["audits"].values():
        savings = (audit.get("metricSavings") or {}).get("LCP", 0) + (audit.get("metricSavings") or {}).get("FCP", 0)
        if audit.get("score") is not None and audit["score"] < 0.9 and savings:
            failing.append((savings, f"{audit['title']} ({audit.get('displayValue', '').strip() or 'flagged'})"))
    failing.sort(key=lambda x: (-x[0], x[1]))
    failed = {
        c: [report["audits"][ref["id"]]["title"] for ref in report["categories"][c]["auditRefs"]
            if ref.get("weight") and (report["audits"][ref["id"]].get("score") or 0) < 1
            and report["audits"][ref["id"]].get("scoreDisplayMode") == "binary"]
        for c in CATEGORIES
    }
    return Result(page, preset, scores, [text for _, text in failing[:3]], failed, costliest_metric(report))


METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS", "speed-index": "SI"}


def costliest_metric(report: dict) -> str:
    """The performance metric that cost most points (its weight times its shortfall), or "" if none did."""
    refs = report["categories"]["performance"]["auditRefs"]
    total = sum(ref.get("weight", 0) for ref in refs) or 1
    losses = []
    for ref in refs:
        audit = report["audits"].get(ref["id"], {})
        if ref["id"] in METRICS and ref.get("weight") and (audit.get("score") or 0) < 1:
            lost = 100 * ref["weight"] * (1 - (audit.get("score") or 0)) / total
            value = " ".join(str(audit.get("displayValue", "")).split())
            losses.append((-lost, f"{METRICS[ref['id']]} {value} (-{lost:.1f})"))
    return min(losses)[1] if losses and min(losses)[0] <= -0.05 else ""


def median_run(results: list[Result]) -> Result:
    """The run with the median performance score (the lower middle one of an even number), with the scores' range."""
    ordered = sorted(results, key=lambda r: r.scores["performance"])
    middle = ordered[(len(ordered) - 1) // 2]
    low, high = ordered[0].scores["performance"], ordered[-1].scores["performance"]
    return replace(middle, spread=(low, high) if len(results) > 1 else None, runs=len(results))


def run_lighthouse(url: str, preset: str, tools: Path) -> dict:
    """One Lighthouse run; the parsed JSON report."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = [
            "npx", "--no-install", "lighthouse", url, "--quiet", "--output=json", f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        result = subprocess.run(command, cwd=tools, env=env, capture_output=True, text=True)
        if result.returncode != 0 or not out.is_file():
            raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def audit(html_dir: Path, pages: list[str], tools: Path, presets=("mobile", "desktop"), runs: int = 3) -> list[Result]:
    """Lighthouse on every page: `runs` times on mobile (the median run is kept), once on desktop."""
    results = []
    with server.serve(html_dir) as base:
        for page in pages:
            for preset in presets:
                times = runs if preset == "mobile" else 1
                results.append(median_run([parse_report(run_lighthouse(base + page, preset, tools), page, preset)
                                           for _ in range(times)]))
    return results


def lighthouse_version(tools: Path) -> str:
    package = tools / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"] if package.is_file() else "unknown"


def markdown(results: list[Result], version: str, machine: str) -> str:
    """reports/audit.md: a table of scores per page, what misses a goal, and the top opportunities."""
    repeats = max((r.runs for r in results), default=1)
    by_page: dict[str, dict[str, Result]] = {}
    for r in results:
        by_page.setdefault(r.page, {})[r.preset] = r
    lines = [
        "# Lighthouse audit of the built book",
        "",
        f"Written by `make audit` (Lighthouse {version}, Chromium, {machine}). Every page of `_toc.yml`,",
        "served from localhost with gzip and caching as on a static host. Scores are 0 to 100;",
        "mobile is Lighthouse's default (a mid-range phone on a slow 4G network, simulated),",
        "desktop its desktop preset. Goals: performance >= 90, accessibility >= 95 and SEO >= 95.",
        *([f"Mobile performance is the median of {repeats} runs (their range in brackets), desktop one run;",
           "the last column is the metric that cost the mobile run most points (its value, the points lost)."]
          if repeats > 1 else []),
        "",
        "| Page | Performance (mobile) | Performance (desktop) | Accessibility | Best practices | SEO "
        "| Costliest metric (mobile) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    misses = []
    for page, runs in by_page.items():
        mobile = runs.get("mobile") or next(iter(runs.values()))
        desktop = runs.get("desktop")
        spread = f" ({mobile.spread[0]}–{mobile.spread[1]})" if mobile.spread else ""
        cells = [
            f"{mobile.scores['performance']}{spread}" if "mobile" in runs else "",
            str(desktop.scores["performance"]) if desktop else "",
            str(min(r.scores["accessibility"] for r in runs.values())),
            str(min(r.scores["best-practices"] for r in runs.values())),
            str(min(r.scores["seo"] for r in runs.values())),
            mobile.costliest if "mobile" in runs else "",
        ]
        lines.append(f"| `{page}` | " + " | ".join(cells) + " |")
        for r in runs.values():
            for category, goal in GOALS.items():
                if r.scores[category] < goal:
                    why = r.opportunities if category == "performance" else r.failing[category]
                    misses.append(f"- `{page}` ({r.preset}): {category} {r.scores[category]} < {goal}; "
                                  f"{'largest opportunities' if category == 'performance' else 'failed audits'}: "
                                  f"{'; '.join(why) or 'none listed'}")
    lines += ["", "## Goals missed", ""]
    lines += misses or ["None: every page meets every goal on both settings."]
    return "\n".join(lines) + "\n"

