"""The manifest of raw files (`data/raw.sha256`, sha256sum format): the raw data stays as it came.

Every build checks each raw file against its recorded SHA-256, so an edited source
stops the build with a message naming the file; `add` and `remove` keep the
manifest in step with `data/raw/`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .. import paths
from ..errors import InputError


def verify(root: Path) -> dict[str, str]:
    """Check every file listed in data/raw.sha256; return name -> sha256."""
    manifest = paths.manifest_file(root)
    try:
        lines = manifest.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(manifest, "manifest of raw files not found") from None
    hashes: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        m = re.match(r"^([0-9a-f]{64}) [ *](.+)$", line)
        if not m:
            raise InputError(manifest, "expected '<sha256>  <file name>'", line=number)
        expected, name = m.groups()
        raw = paths.raw_dir(root) / name
        if not raw.is_file():
            raise InputError(manifest, f"listed raw file {name} does not exist", line=number)
        actual = hashlib.sha256(raw.read_bytes()).hexdigest()
        if actual != expected:
            raise InputError(
                raw,
                f"raw file changed: its SHA-256 is {actual[:12]}..., the manifest ({manifest.name} line {number}) "
                f"says {expected[:12]}...; raw data must not be edited",
            )
        hashes[name] = expected
    return hashes


def entry(name: str, data: bytes) -> str:
    """The manifest line of a raw file named `name` with content `data`."""
    return f"{hashlib.sha256(data).hexdigest()}  {name}\n"


def without(text: str, name: str) -> str:
    """The manifest text without the line of the raw file `name`."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.rstrip("\n").endswith(f"  {name}"))
