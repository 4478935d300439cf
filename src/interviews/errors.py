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


def read_yaml(path: str | Path, what: str):
    """(data, node) of a UTF-8 YAML file; any problem is an InputError naming the file and line.

    `node` is the composed document (with line marks) for callers that report
    the line of a record or field; `what` names the file's role in messages.
    """
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, f"{what} not found") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise InputError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})", line=line) from None
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(path, f"YAML syntax error: {problem}", line=mark.line + 1 if mark else None) from None
