"""Keeping the book's cached notebook outputs in step with the package and the data.

Jupyter-cache keys a notebook by its own code cells, and Sphinx re-reads a page
only when its source changes; a change in `src/` or `data/` would otherwise
leave stale outputs in the book. :func:`freshen` clears the caches of a build
folder when the digest of those inputs differs from the one stored there.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from ..paths import write_atomic

CACHES = (".jupyter_cache", ".doctrees", "jupyter_execute")
STAMP = ".inputs.sha256"


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


def freshen(root: Path, build: Path) -> bool:
    """Clear the cached outputs in `build` if the inputs changed since the last call; True if cleared."""
    stamp = build / STAMP
    digest = inputs_digest(root)
    if stamp.is_file() and stamp.read_text().strip() == digest:
        return False
    for name in CACHES:
        shutil.rmtree(build / name, ignore_errors=True)
    write_atomic(stamp, digest + "\n")
    return True
