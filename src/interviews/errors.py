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


# PyYAML's problem -> what it usually means, in plain words.
YAML_HINTS = (
    ("mapping values are not allowed", "a value holds ': ' (colon and space) without quotes; put the whole value in "
                                       "quotes, e.g. quote: \"Lesson one: patience\""),
    ("found character '\\t'", "a tab character; YAML indents with spaces only"),
    ("cannot start any token", "a value starts with a character YAML reserves (` @ % | > *); put it in quotes"),
    ("could not find expected ':'", "a line that is neither 'key: value' nor a list item; often a quotation mark "
                                    "opened and never closed, or a value continued on a line with less indentation"),
    ("found unexpected end of stream", "a quotation mark or bracket opened and never closed"),
    ("unknown escape character", "a backslash inside double quotes; use single quotes or write \\\\"),
    ("expected <block end>, but found '<scalar>'", "text after a closing quotation mark: an apostrophe inside "
                                                   "single quotes ends them; write it''s, or use double quotes"),
    ("expected <block end>", "the indentation does not line up with the lines above: keys of one entry, and the "
                             "items of one list, start at the same column"),
    ("did not find expected key", "the indentation does not line up with the keys above, or text follows a "
                                  "closing quotation mark; quote the whole value"),
    ("did not find expected '-' indicator", "a list item does not line up with the items above it"),
    ("expected ',' or ']'", "a [list, like, this] that is not closed, or an item with an unquoted "
                                         "comma or colon"),
    ("expected ',' or '}'", "a {mapping: like, this: one} that is not closed, or a value with an unquoted comma"),
    ("found undefined alias", "a value starts with '*'; put it in quotes"),
)


def yaml_hint(problem: str) -> str:
    """A plain-words reading of a PyYAML problem, or '' when there is none."""
    return next((hint for pattern, hint in YAML_HINTS if pattern in problem), "")


def duplicate_key(node) -> tuple[str, int] | None:
    """(key, line) of the first key given twice in one mapping anywhere in the composed YAML, else None.

    PyYAML keeps the last of two equal keys silently; a hand-written file that repeats
    a key has almost always lost an entry.
    """
    import yaml

    stack = [node]
    found = []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen = set()
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen and key.value != "<<":
                        found.append((key.start_mark.line + 1, key.value))
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    if not found:
        return None
    line, key = min(found)
    return key, line


def _load_yaml(text: str):
    """(data, node) of a YAML text, parsed once, with libyaml where PyYAML was built with it."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def _syntax_error(path: Path, exc) -> None:
    """Raise the InputError for a YAML syntax error: its line, and a hint in plain words."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    hint = yaml_hint(problem)
    message = f"YAML syntax error: {problem}" + (f" (probably {hint})" if hint else "")
    raise InputError(path, message, line=mark.line + 1 if mark else None) from None


def read_yaml(path: str | Path, what: str):
    """(data, node) of a UTF-8 YAML file; any problem is an InputError naming the file and line.

    `node` is the composed document (with line marks) for callers that report
    the line of a record or field; `what` names the file's role in messages.
    A syntax error says in plain words what it usually means; a key given twice
    in one mapping is an error too.
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
        data, node = _load_yaml(text)
    except yaml.YAMLError:
        try:  # the pure-Python parser, whose wording of an error yaml_hint knows
            data, node = yaml.safe_load(text), yaml.compose(text)
        except yaml.YAMLError as exc:
            _syntax_error(path, exc)
    twice = duplicate_key(node) if node is not None else None
    if twice:
        raise InputError(path, f"key {twice[0]!r} is given twice in the same entry; YAML would keep only the last",
                         line=twice[1])
    return data, node
