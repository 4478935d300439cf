"""Parse and code many transcripts at once, in worker processes when asked.

Each transcript is parsed and coded on its own, so the work splits cleanly by
transcript; results come back in input order, so the table is the same whatever
the number of jobs.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..coding import coder
from ..coding.codebook import Codebook
from ..corpus import transcripts
from ..corpus.metadata import Interview


@dataclass(frozen=True)
class Item:
    """One transcript to process: its text, its metadata and where the text came from."""

    text: str
    interview: Interview
    source: str | Path


_CODEBOOK: Codebook | None = None  # the codebook of a worker process


def _init(codebook: Codebook) -> None:
    global _CODEBOOK
    _CODEBOOK = codebook


def parse_and_code(item: Item, codebook: Codebook) -> list[dict]:
    """The coded paragraphs of one transcript, as rows (plain dicts: cheap to pass between processes)."""
    rows, _, _ = transcripts.parse_rows(item.text, item.interview, item.source)
    themes, evidence = coder.code_texts([row["text"] for row in rows], codebook)
    themes, evidence = coder.carry_over(pd.DataFrame(rows), themes, evidence, codebook)
    for row, t, e in zip(rows, themes, evidence):
        row["themes"], row["evidence"] = t, e
    return rows


def _work(item: Item) -> list[dict]:
    return parse_and_code(item, _CODEBOOK)


def default_jobs() -> int:
    """Worker processes to use when asked for 'all': the CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(items: list[Item], codebook: Codebook, jobs: int = 1) -> pd.DataFrame:
    """Coded paragraphs of all items, in item order; `jobs` > 1 uses that many worker processes.

    An error in any transcript (an :class:`~interviews.errors.InputError`) propagates
    unchanged, and nothing is returned.
    """
    if not items:
        raise ValueError("nothing to parse: no transcripts given")
    if jobs <= 1 or len(items) == 1:
        results = [parse_and_code(item, codebook) for item in items]
    else:
        jobs = min(jobs, len(items))
        chunk = max(1, len(items) // (jobs * 8))
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(codebook,)) as pool:
            results = list(pool.map(_work, items, chunksize=chunk))
    rows = [row for result in results for row in result]
    columns = [*transcripts.COLUMNS, "themes", "evidence"]
    return pd.DataFrame({column: [row[column] for row in rows] for column in columns})
