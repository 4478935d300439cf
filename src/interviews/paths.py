"""Where the project's files are.

The project root is the nearest folder, from the working directory upwards, that
holds `data/interviews.yml`; notebooks run in `book/...` and find it that way.
Outside a project checkout the package falls back to the checkout it was
installed from.
"""

from __future__ import annotations

from pathlib import Path

METADATA = Path("data") / "interviews.yml"


def project_root(start: str | Path | None = None) -> Path:
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / METADATA).is_file():
            return folder
    fallback = Path(__file__).resolve().parents[2]
    if (fallback / METADATA).is_file():
        return fallback
    raise FileNotFoundError(f"no {METADATA} found in {here} or any parent folder")


def metadata_file(root: Path) -> Path:
    return root / METADATA


def raw_dir(root: Path) -> Path:
    return root / "data" / "raw"


def manifest_file(root: Path) -> Path:
    return raw_dir(root) / "SHA256SUMS"


def annotations_file(root: Path, slug: str) -> Path:
    return root / "data" / "annotations" / f"{slug}.yml"
