"""Helpers of the integration tests: strict builds of the book, offline runs, pages in a browser."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from interviews.report import website
from tests.helpers import ROOT

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
# The book's URL in the tests' builds (html.baseurl); the browser tests serve the site under its path,
# as GitHub Pages serves a project page under /<repository>/.
SITE_URL = "https://example.org/interviews-book/"
PREFIX = urlparse(SITE_URL).path


def config_with_base_url(root: Path, folder: Path, url: str = SITE_URL) -> Path:
    """A copy of the project's _config.yml, in `folder`, with html.baseurl set to `url`."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("html", {})["baseurl"] = url
    path = Path(folder) / "_config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# Runs a command in a new network namespace with only the loopback interface up: no
# route to any other host (the notebook kernels still talk to Jupyter over 127.0.0.1).
OFFLINE = ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "offline"]


def offline_prefix() -> list[str]:
    """The OFFLINE prefix if this machine can make a network namespace (root, `unshare`, `ip`), else fail."""
    if not (shutil.which("unshare") and shutil.which("ip")):
        pytest.fail("`unshare` and `ip` are needed to build without network (Debian: util-linux, iproute2)")
    reach_out = "import socket; socket.create_connection(('1.1.1.1', 80), 2)"
    probe = subprocess.run([*OFFLINE, sys.executable, "-c", reach_out], capture_output=True, text=True)
    if "Network is unreachable" not in probe.stderr:
        pytest.fail(f"could not make a network namespace without a route out (needs root): {probe.stderr[-500:]}")
    return OFFLINE


def build_book(root: Path, out: Path, builders=("html", "pdflatex"), offline: bool = False,
               config: Path | None = None, preexecute: bool = True) -> Path:
    """Build the book strictly (-n -W --keep-going) into `out`; return its _build folder.

    As `make html` does, the inputs are first checked and the tables regenerated, and the chapters
    executed in parallel into the cache (`python -m interviews freshen --check`); Sphinx must then
    execute none itself; with `preexecute` False, Sphinx executes them as it reads them. With
    `offline`, the build runs with no network (see OFFLINE): it must fetch nothing. With `config`,
    that configuration file instead of the project's _config.yml. With both builders, the PDF is
    then put into the site, as `make book` does.
    """
    if "pdflatex" in builders and shutil.which("xelatex") is None:
        pytest.fail("xelatex is missing: run `make deps` (make test does) to install the TeX packages")
    prefix = offline_prefix() if offline else []
    if preexecute:
        result = subprocess.run([*prefix, sys.executable, "-m", "interviews", "freshen", "--build-dir",
                                 str(out / "_build"), "--check"], cwd=root, capture_output=True, text=True)
        assert result.returncode == 0, f"freshen failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    for builder in builders:
        result = subprocess.run(
            [*prefix, str(JUPYTER_BOOK), "build", str(root), "--path-output", str(out), "--builder", builder,
             "-n", "-W", "--keep-going", *(["--config", str(config)] if config else [])],
            cwd=root, capture_output=True, text=True,
        )
        assert result.returncode == 0, f"{builder} build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        assert "WARNING" not in result.stderr, result.stderr[-3000:]
        if preexecute:
            assert "Executed notebook" not in result.stdout, "the cache missed a chapter: Sphinx executed it"
    if {"html", "pdflatex"} <= set(builders):
        website.assemble(out / "_build")
    return out / "_build"


CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"


class PageLog:
    """What a page did while loading: console errors, uncaught exceptions, local requests (failed ones too), dialogs."""

    def __init__(self, page, origin: str):
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.dialogs: list[str] = []
        self.requested: list[str] = []  # local URLs, in order
        page.on("request", lambda r: self.requested.append(r.url) if r.url.startswith(origin) else None)
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})") if r.url.startswith(origin)
                else None)
        page.on("response", lambda r: self.failed.append(f"{r.url} (HTTP {r.status})")
                if r.url.startswith(origin) and r.status >= 400 else None)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


def open_page(browser, url: str, origin: str, width: int = 1280):
    """A new page at `url` (loaded, network idle) with its PageLog."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    log = PageLog(page, origin)
    page.goto(url, wait_until="networkidle")
    return page, log
