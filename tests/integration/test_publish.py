"""`make publish` pushes the built site (HTML, PDF, notebooks, .nojekyll) to a remote's gh-pages branch.

The remote is a local bare repository. The book itself is the session's build (the
tests build it once): `make -o html -o pdf` takes it as built and runs the rest of
`make publish` as it is, `make -n` shows that `make publish` builds it first.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from interviews.report import website

pytestmark = pytest.mark.build
VENV = Path(sys.executable).parent.parent
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}


def git(*args, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=GIT_ENV)
    assert result.returncode == 0, result.stderr
    return result.stdout


def make(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["make", f"VENV={VENV}", *args], cwd=cwd, capture_output=True, text=True, env=GIT_ENV)


def pushed_files(bare: Path) -> dict[str, bytes]:
    """The files of the remote's gh-pages branch."""
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=bare, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_make_publish_builds_the_book_then_pushes_the_site(project):
    dry = make("-n", "publish", "REMOTE=/somewhere/remote.git", cwd=project)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    order = [next(i for i, line in enumerate(lines) if mark in line) for mark in
             ("--builder html", "--builder pdflatex", "-m interviews site", "ghp-import")]
    assert order == sorted(order), dry.stdout
    assert "--remote \"/somewhere/remote.git\" --branch gh-pages" in lines[order[-1]]


def test_make_publish_pushes_the_site_to_the_gh_pages_branch_of_a_bare_repository(project, build, tmp_path):
    git("init", "-q", "-b", "main", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "the book", cwd=project)
    shutil.copytree(build / "html", project / "_build" / "html",
                    ignore=shutil.ignore_patterns(website.PDF, website.NOJEKYLL))
    (project / "_build" / "latex").mkdir(parents=True)
    shutil.copyfile(build / "latex" / website.PDF, project / "_build" / "latex" / website.PDF)
    bare = tmp_path / "remote.git"
    git("init", "-q", "--bare", str(bare), cwd=tmp_path)

    published = make("-o", "html", "-o", "pdf", "publish", f"REMOTE={bare}", cwd=project)
    assert published.returncode == 0, published.stdout + published.stderr
    pushed = pushed_files(bare)
    site = site_files(project / "_build" / "html")
    assert pushed == site, "the branch holds the site, file for file"
    assert pushed[website.NOJEKYLL] == b"" and pushed[website.PDF] == (build / "latex" / website.PDF).read_bytes()
    assert {"index.html", "404.html", "sitemap.xml", "book/interviews/liu-youping-2020.ipynb"} <= set(pushed)
    head = git("rev-parse", "--short", "HEAD", cwd=project).strip()
    assert head in git("log", "-1", "--format=%s", "gh-pages", cwd=bare)

    # REMOTE defaults to origin; publishing again adds a commit on top of the last
    git("remote", "add", "origin", str(bare), cwd=project)
    (project / "_build" / "html" / "book" / "intro.html").write_text("<p>a new version</p>", encoding="utf-8")
    again = make("-o", "html", "-o", "pdf", "publish", cwd=project)
    assert again.returncode == 0, again.stdout + again.stderr
    assert pushed_files(bare)["book/intro.html"] == b"<p>a new version</p>"
    assert git("rev-list", "--count", "gh-pages", cwd=bare).strip() == "2"
