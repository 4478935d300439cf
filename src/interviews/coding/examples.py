"""Paragraphs written to train the classifier, each with the themes it carries (`data/training/`).

Hand-coded interviews hold few paragraphs for some themes and phrase each theme in the
words of a few speakers. A codebook may add written examples to its classifier's training
set (``examples:`` in its ``classifier:`` block, a path from the project's root): short
interview paragraphs written for the purpose, from the themes' definitions, each labelled
with every leaf theme it carries. `data/training/README.md` says how they were made.

The file is a YAML list; each item has an ``id``, its ``themes`` (a list of leaf ids, empty
for a paragraph that carries none) and its ``text``, and may say the ``target`` theme it was
written for (a leaf theme, "mixed" for several, "none" for none), its ``kind`` (positive,
near-miss or none) and its ``role`` (answer or question).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from ..corpus import schema
from ..errors import InputError, read_yaml
from .codebook import Codebook


def load(path: str | Path, codebook: Codebook) -> pd.DataFrame:
    """`paragraph, text, themes` of the examples in file order (`paragraph` is ``example:<id>``).

    Ids must be unique, themes and targets leaf themes of the codebook (a target may also be
    "mixed" or "none"); errors name the file and the line of the example. The file is read
    once per process while it is unchanged.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        stat = None
    stamp = (stat.st_mtime_ns, stat.st_size) if stat else None
    rows = _rows(str(path), stamp, tuple(codebook.leaves()))
    return pd.DataFrame(list(rows), columns=["paragraph", "text", "themes"])


@functools.lru_cache(maxsize=8)
def _rows(path: str, stamp: tuple[int, int] | None, leaves: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """The checked examples of :func:`load` as rows; `stamp` (modification time and size) keys the cache."""
    path = Path(path)
    data, root = read_yaml(path, "training examples file")
    schema.validate(data, schema.EXAMPLES, root, path)
    known, seen, rows = set(leaves), set(), []
    for k, item in enumerate(data):
        line = schema.line_of(schema.node_at(root, [k]))
        if item["id"] in seen:
            raise InputError(path, f"example id {item['id']!r} is given twice", line=line)
        seen.add(item["id"])
        bad = sorted(set(item["themes"]) - known)
        if "target" in item and item["target"] not in ("mixed", "none") and item["target"] not in known:
            bad.append(item["target"])
        if bad:
            raise InputError(path, f"example {item['id']}: unknown or parent theme(s) {bad}", line=line)
        rows.append((f"example:{item['id']}", item["text"].strip(), ";".join(sorted(set(item["themes"])))))
    return tuple(rows)
