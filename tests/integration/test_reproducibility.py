"""Two clean builds give the same book: figures, tables and HTML, byte for byte."""

from __future__ import annotations

import subprocess
import sys

import pytest

from interviews.report import website
from tests.integration.helpers import build_book

pytestmark = pytest.mark.build


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(root, *args):
    result = subprocess.run([sys.executable, "-m", "interviews", *args], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_figures_and_tables_are_byte_identical_across_runs(root, tmp_path):
    for run_dir in ("one", "two"):
        run(root, "figures", "--out", str(tmp_path / run_dir / "figures"))
        run(root, "tables", "--out", str(tmp_path / run_dir / "tables"))
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert len([n for n in one if n.endswith(".svg")]) == len([n for n in one if n.endswith(".png")]) >= 11
    assert one == two


def test_two_clean_html_builds_are_identical_and_the_second_needs_no_network(build, root, site_config, tmp_path):
    """Measured: nothing in _build/html varies between two clean builds, so everything is compared
    (the downloadable notebooks and the sitemap too), but for the PDF and .nojekyll that the first
    build's site also has (the second builds HTML only).

    The second build runs with no network at all (a network namespace with only loopback), and
    Sphinx executes its chapters as it reads them, where the first build's were executed in
    parallel beforehand (`make freshen`): both ways give the same book.
    """
    second = build_book(root, tmp_path / "second", builders=("html",), offline=True, config=site_config,
                        preexecute=False)
    first, again = files(build / "html"), files(second / "html")
    assert {website.PDF, website.NOJEKYLL} <= set(first)
    for name in (website.PDF, website.NOJEKYLL):
        del first[name]
    assert sorted(first) == sorted(again)
    different = [name for name in first if first[name] != again[name]]
    assert different == []
