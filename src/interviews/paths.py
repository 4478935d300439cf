"""Where the project's files are, and how they are written (atomically).

The project root is the nearest folder, from the working directory upwards, that
holds `data/interviews.yml`; notebooks run in `book/...` and find it that way.
Outside a project checkout the package falls back to the checkout it was
installed from.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import read_yaml

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
    return root / "data" / "raw.sha256"


def annotations_file(root: Path, slug: str) -> Path:
    return root / "data" / "annotations" / f"{slug}.yml"


def review_file(root: Path, slug: str) -> Path:
    """A person's review of the automatic coding of an interview (`python -m interviews review`)."""
    return root / "data" / "reviews" / f"{slug}.csv"


def concepts_file(root: Path) -> Path:
    """The concept map: wordings the translations use for one concept (beside the codebook)."""
    return root / "data" / "concepts.yml"


def documents_file(root: Path) -> Path:
    """The documents the interviews cite (laws, policies), with verbatim quotes."""
    return root / "data" / "annotations" / "documents.yml"


def models_file(root: Path) -> Path:
    """The speakers' models side by side (the comparison chapter's central table)."""
    return root / "data" / "annotations" / "models.yml"


def timeline_file(root: Path) -> Path:
    """The events and policies the interviews mention, with the provenance of their dates."""
    return root / "data" / "annotations" / "timeline.yml"


def bibliography_keys(root: Path) -> set[str]:
    """The keys of the book's bibliography (book/references.bib)."""
    text = (root / "book" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,\s]+),", text, re.M))


def chapter_file(root: Path, slug: str) -> Path:
    """An interview's chapter."""
    return root / "book" / "interviews" / f"{slug}.md"


def codebook_file(root: Path) -> Path:
    return root / "data" / "codebook.yml"


def gold_file(root: Path) -> Path:
    return root / "data" / "gold" / "paragraph_themes.csv"


def processed_dir(root: Path) -> Path:
    """The generated tables (`python -m interviews tables`)."""
    return root / "data" / "processed"


def domain_fit_file(root: Path) -> Path:
    """Each interview's coverage by the codebook, for the interview chapters' notes."""
    return processed_dir(root) / "domain_fit.csv"


def codebook_v9_file(root: Path) -> Path:
    """The codebook as it was revised in the validation set's seventh round (sentence vectors, threshold 0.6)."""
    return root / "data" / "codebook_v9.yml"


def codebook_v8_file(root: Path) -> Path:
    """The codebook as it was revised in the validation set's sixth round (v7 retrained on round 5)."""
    return root / "data" / "codebook_v8.yml"


def codebook_v7_file(root: Path) -> Path:
    """The codebook as it was revised in the validation set's fifth round (written examples, confirmed patterns)."""
    return root / "data" / "codebook_v7.yml"


def codebook_v6_file(root: Path) -> Path:
    """The codebook as it was revised in the validation set's fourth round (v5 retrained on round 3)."""
    return root / "data" / "codebook_v6.yml"


def codebook_v5_file(root: Path) -> Path:
    """The codebook as it was revised in the validation set's third round (patterns and a classifier)."""
    return root / "data" / "codebook_v5.yml"


def codebook_v4_file(root: Path) -> Path:
    """The codebook as it was revised in the validation set's second round (patterns only, no classifier)."""
    return root / "data" / "codebook_v4.yml"


def codebook_v3_file(root: Path) -> Path:
    """The codebook as it was revised in the validation set's first round, before the second round's revision."""
    return root / "data" / "codebook_v3.yml"


def codebook_v2_file(root: Path) -> Path:
    """The codebook as it was before its patterns were revised against the validation set's dev half."""
    return root / "data" / "codebook_v2.yml"


def codebook_v1_file(root: Path) -> Path:
    """The first codebook, kept for the record: Methods reports how it was built and how it scores."""
    return root / "data" / "codebook_v1.yml"


def exchange_split_file(root: Path) -> Path:
    """The split the coder is evaluated on: whole exchanges, stratified by theme."""
    return root / "data" / "gold" / "split_exchanges.csv"


def split_v1_file(root: Path) -> Path:
    """The first split (paragraphs at random), kept for the record."""
    return root / "data" / "gold" / "split_v1_paragraphs.csv"


def second_coding_file(root: Path) -> Path:
    """The second hand coding, made blind from the codebook alone (how: second_coding.md beside it)."""
    return root / "data" / "gold" / "second_coding.csv"


def recheck_v1_file(root: Path) -> Path:
    """A second coding made with the first codebook, kept for the record: every code it gives is also in the
    first coding, so it is not an independent coding."""
    return root / "data" / "gold" / "recheck_v1.csv"


def toc_file(root: Path) -> Path:
    return root / "_toc.yml"


def toc_chapters(root: Path) -> list[str]:
    """The chapters listed in `_toc.yml`, in book order, as paths without suffix (e.g. 'book/intro')."""
    toc = read_yaml(toc_file(root), "table of contents")[0]
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return [Path(f).with_suffix("").as_posix() for f in files]


def toc_sources(root: Path) -> list[Path]:
    """The source file of each chapter of `_toc.yml` that has one (`.md`, else `.ipynb`), in book order."""
    out = []
    for chapter in toc_chapters(root):
        source = next((root / f"{chapter}{suffix}" for suffix in (".md", ".ipynb")
                       if (root / f"{chapter}{suffix}").is_file()), None)
        if source is not None:
            out.append(source)
    return out


def toc_pages(root: Path) -> list[str]:
    """The HTML pages of the chapters listed in `_toc.yml`, in book order (e.g. 'book/intro.html')."""
    return [f"{chapter}.html" for chapter in toc_chapters(root)]


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write via a temporary file in the same folder, then rename: never a half-written file.

    The file keeps the permissions of the one it replaces; a new file gets those a plain
    `open` would give it (0666 less the umask), not the temporary file's owner-only ones.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cached(folder: Path, name: str) -> bytes | None:
    """The bytes kept as `name` in the cache `folder` (see :func:`keep`), marked as just used; None when
    there are none or they cannot be read."""
    path = Path(folder) / name
    try:
        data = path.read_bytes()
        path.touch()
    except OSError:
        return None
    return data


def keep(folder: Path, name: str, content: str | bytes, most: int) -> None:
    """Keep `content` as `name` in the cache `folder`, leaving there at most `most` files with its suffix,
    the most recently used (:func:`cached` marks a file used). A cache only: a failure is ignored."""
    path = Path(folder) / name
    try:
        write_atomic(path, content)
        files = sorted(path.parent.glob(f"*{path.suffix}"), key=lambda p: (p.stat().st_mtime_ns, p.name),
                       reverse=True)
        for old in files[most:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def kept_or_made(folder: Path, name: str, make, most: int, usable=lambda data: True) -> bytes:
    """The bytes kept as `name` in the cache `folder` if they are `usable`; else `make()` (bytes or text),
    kept there (:func:`keep`) and returned as bytes."""
    data = cached(folder, name)
    if data is not None and usable(data):
        return data
    made = make()
    keep(folder, name, made, most)
    return made.encode("utf-8") if isinstance(made, str) else made


def files_digest(files: Iterable[Path], base: Path) -> str:
    """SHA-256 over the files' paths relative to `base` and their bytes, in the order given."""
    digest = hashlib.sha256()
    for f in files:
        digest.update(Path(f).relative_to(base).as_posix().encode() + b"\0" + Path(f).read_bytes() + b"\0")
    return digest.hexdigest()


@functools.cache
def package_digest() -> str:
    """A digest of the `interviews` package's source files (what a result kept in the machine's cache
    was computed by)."""
    package = Path(__file__).resolve().parent
    return files_digest(sorted(package.rglob("*.py")), package)


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """:func:`write_atomic`, unless the file already holds exactly `content`; True if it was written.

    An unchanged file keeps its modification time, so that what depends on it (Sphinx's
    pages that offer it for download, make's targets) is not redone for nothing.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if Path(path).read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def is_current(output: Path, stamp: Path, key: str) -> bool:
    """True when `output` exists and `stamp` holds `key`: what `output` was made from is unchanged
    (the maker writes `key` to `stamp` with :func:`write_if_changed` after making it)."""
    try:
        return Path(output).is_file() and Path(stamp).read_text(encoding="utf-8") == key
    except OSError:
        return False


def remove_file(path: Path) -> None:
    """Delete a file if it exists (the one way the package deletes a file, so tests can make it fail)."""
    Path(path).unlink(missing_ok=True)


def build_dir(root: Path) -> Path:
    """Where `make book` builds (Jupyter Book's default)."""
    return root / "_build"


def user_cache_dir() -> Path:
    """Results kept for every copy of the project on the machine (sentence vectors, fitted classifiers,
    codings), each
    named by a digest of everything it is computed from: $INTERVIEWS_CACHE, else
    $XDG_CACHE_HOME/interviews, else ~/.cache/interviews."""
    base = os.environ.get("INTERVIEWS_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache",
                                                       "interviews")
    return Path(base)


def backups_dir(root: Path) -> Path:
    """Copies of edited chapters that `remove --force` (or `add --force`) replaced."""
    return root / "backups"
