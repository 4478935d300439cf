"""The one exception the package raises for bad input.

Every problem with a file the user supplies (a transcript, the metadata, the
manifest, an annotation file) is an :class:`InputError` that names the file and,
where it applies, the line or the field. The command line prints it as one line
and exits with status 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class InputError(Exception):
    """A problem with an input file, located as precisely as possible."""

    path: str | Path
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"
