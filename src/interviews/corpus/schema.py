"""The shape of the hand-written data files, in one place: every key they may hold, and its type.

* :data:`INTERVIEWS` - `data/interviews.yml`, the metadata of every interview;
* :data:`NOTES` - `data/annotations/<slug>.yml`, the reading notes of one interview;
* :data:`DOCUMENTS` - `data/annotations/documents.yml`, the documents the interviews cite;
* :data:`MODELS` - `data/annotations/models.yml`, the speakers' models side by side;
* :data:`TIMELINE` - `data/annotations/timeline.yml`, the events the interviews mention;
* :data:`CONCEPTS` - `data/concepts.yml`, the wordings of one concept;
* :data:`EXAMPLES` - `data/training/examples.yml`, paragraphs written to train the classifier.

Each is a JSON Schema (validated with `jsonschema`). An unknown key is an error
(`additionalProperties: false` everywhere), so a misspelled key is never silently
ignored. To accept a new key or a new section of the notes, add it here: the
loaders read what the schema lets through. Checks that need more than the file
itself (paragraph ids, verbatim quotes, theme ids, dates) stay with the loaders.

:func:`validate` turns the first violation, in file order, into an
:class:`~interviews.errors.InputError` naming the file, the line and the field,
in plain words ("unknown key 'quotes' in problems[2]; did you mean 'quote'?").
"""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from ..errors import InputError

TEXT = {"type": "string"}
NONEMPTY = {"type": "string", "minLength": 1, "pattern": r"\S"}
TEXT_LIST = {"type": "array", "items": NONEMPTY, "minItems": 1}


def _record(properties: dict, required: tuple[str, ...] = ()) -> dict:
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False}


# --- data/interviews.yml --------------------------------------------------------------------

PERSON = _record({"name": NONEMPTY, "role": TEXT, "affiliation": TEXT}, ("name",))
SPEAKER = _record({
    "name": NONEMPTY,
    "role": {"enum": ["interviewer", "interviewee"]},
    "aliases": TEXT_LIST,
}, ("name", "role"))

INTERVIEW_REQUIRED = ("slug", "title", "raw_file", "interviewee", "interviewer", "original_outlet", "date",
                      "date_certainty", "translator", "publisher", "speakers")
INTERVIEW_OPTIONAL = ("date_reason", "narrator", "editor")
INTERVIEW = _record({
    "slug": NONEMPTY,
    "title": NONEMPTY,
    "raw_file": NONEMPTY,
    "interviewee": PERSON,
    "interviewer": PERSON,
    "original_outlet": NONEMPTY,
    "date": {},  # YYYY, YYYY-MM or YYYY-MM-DD, checked by metadata.check_date (YAML may read it as a date)
    "date_certainty": {"enum": ["stated", "inferred", "unknown"]},
    "date_reason": TEXT,
    "translator": NONEMPTY,
    "publisher": NONEMPTY,
    "narrator": NONEMPTY,
    "editor": NONEMPTY,
    "speakers": {"type": "array", "items": SPEAKER, "minItems": 1},
}, tuple(f for f in INTERVIEW_REQUIRED if f != "date"))  # date may be left out when its certainty is unknown

INTERVIEWS = _record({"interviews": {"type": "array", "items": INTERVIEW, "minItems": 1}}, ("interviews",))

# --- data/annotations/<slug>.yml ----------------------------------------------------------------

PARAGRAPH_REF = {"type": "string", "pattern": r"^p\d+$"}
CITES = {"paragraph": PARAGRAPH_REF, "paragraphs": {"type": "array", "items": PARAGRAPH_REF, "minItems": 1}}


def _section(key: str, **extra: dict) -> dict:
    """A list of entries whose text is `key` (quote, problem, ...), each citing its paragraphs."""
    fields = {key: NONEMPTY, **CITES, **extra}
    return {"type": ["array", "null"], "items": _record(fields, (key,))}


# Where a problem lies, in the reader's judgement: whose problem it is.
LOCI = ("the organizations", "government", "localities and communities", "society")

# Section -> the key that holds the entry's text. Every other key of an entry is optional.
NOTE_SECTIONS = {"key_quotes": "quote", "problems": "problem", "proposals": "proposal", "source_notes": "note"}
NOTES = _record({
    "key_quotes": _section("quote"),
    "problems": _section("problem", quote=TEXT, theme=TEXT, detail=TEXT, locus={"enum": list(LOCI)}),
    "proposals": _section("proposal", quote=TEXT, theme=TEXT, detail=TEXT),
    "source_notes": _section("note", quote=TEXT, detail=TEXT),
})

# --- data/annotations/documents.yml ------------------------------------------------------------

FULL_REF = {"type": "string", "pattern": r"^[a-z0-9-]+:p\d+$"}
DOCUMENT = _record({
    "document": NONEMPTY,
    "date": TEXT,
    "order": TEXT,
    "order_note": TEXT,
    "paragraphs": {"type": "array", "items": FULL_REF, "minItems": 1},
    "quote": TEXT,
}, ("document", "paragraphs"))
DOCUMENTS = _record({"documents": {"type": ["array", "null"], "items": DOCUMENT}})

# --- data/annotations/models.yml and timeline.yml; data/concepts.yml ---------------------------------

POSITION = _record({
    "interview": NONEMPTY,
    "position": NONEMPTY,
    "paragraphs": {"type": "array", "items": PARAGRAPH_REF, "minItems": 1},
    "quote": TEXT,
    "absent": TEXT,
}, ("interview", "position"))
MODELS = _record({"aspects": {"type": ["array", "null"], "items": _record({
    "aspect": NONEMPTY, "positions": {"type": "array", "items": POSITION}}, ("aspect", "positions"))}})

EVENT = _record({
    "event": NONEMPTY,
    "date": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    "date_from": {"enum": ["text", "inferred", "outside"]},
    "cite": TEXT,
    "paragraphs": {"type": "array", "items": FULL_REF, "minItems": 1},
    "quote": NONEMPTY,
    "note": TEXT,
}, ("event", "date", "date_from", "paragraphs", "quote"))
TIMELINE = _record({"events": {"type": ["array", "null"], "items": EVENT}})

CONCEPT = _record({
    "concept": NONEMPTY,
    "variants": TEXT_LIST,
    "evidence": NONEMPTY,
    "paragraphs": {"type": "array", "items": FULL_REF},
    "cite": TEXT,
}, ("concept", "variants", "evidence"))
CONCEPTS = _record({"concepts": {"type": ["array", "null"], "items": CONCEPT}})

# --- data/training/examples.yml ---------------------------------------------------------------

EXAMPLE = _record({
    "id": NONEMPTY,
    "target": NONEMPTY,  # the theme the example was written for, "mixed" or "none"
    "kind": {"enum": ["positive", "near-miss", "none"]},
    "role": {"enum": ["answer", "question"]},
    "themes": {"type": "array", "items": NONEMPTY},
    "text": NONEMPTY,
}, ("id", "themes", "text"))
EXAMPLES = {"type": "array", "items": EXAMPLE, "minItems": 1}

# --- validation with plain messages ----------------------------------------------------------

TYPE_WORDS = {"string": "text", "array": "a list", "object": "a mapping of keys to values", "null": "nothing",
              "integer": "a whole number", "number": "a number", "boolean": "true or false"}


def node_at(node: yaml.Node | None, path) -> yaml.Node | None:
    """The composed YAML node at `path` (keys and list indices), or the deepest one found on the way."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            found = node.value[step]
        else:
            found = None
        if found is None:
            return node
        node = found
    return node


def key_node(node: yaml.Node | None, path, key: str) -> yaml.Node | None:
    """The node of `key` itself (not its value) in the mapping at `path`."""
    parent = node_at(node, path)
    if isinstance(parent, yaml.MappingNode):
        return next((k for k, _ in parent.value if k.value == key), parent)
    return parent


def line_of(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def field_name(path) -> str:
    """('problems', 2, 'quote') -> 'problems[2].quote'."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _type_words(expected) -> str:
    kinds = expected if isinstance(expected, list) else [expected]
    return " or ".join(TYPE_WORDS.get(k, k) for k in kinds if k != "null") or "nothing"


def _describe(error, root: yaml.Node | None) -> tuple[str, int | None, str]:
    """(message, line, field) of one jsonschema error, in plain words."""
    path = list(error.absolute_path)
    where = field_name(path) or "the file"
    line = line_of(node_at(root, path))
    kind = error.validator
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed), key=str)
        key = str(unknown[0])
        line = line_of(key_node(root, path, key))
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown key {key!r} in {where}{hint} (allowed: {', '.join(allowed)})", line, field_name(
            [*path, key])
    if kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return f"missing required field(s): {', '.join(missing)}", line, field_name([*path, missing[0]])
    if kind == "type":
        got = TYPE_WORDS.get(_json_type(error.instance), type(error.instance).__name__)
        return f"expected {_type_words(error.validator_value)}, got {got}", line, where
    if kind == "enum":
        options = ", ".join(map(str, error.validator_value))
        return f"must be one of {options}, got {error.instance!r}", line, where
    if kind in ("minLength", "pattern") and error.validator_value in (1, r"\S"):
        return "must not be empty", line, where
    if kind == "pattern":
        example = {PARAGRAPH_REF["pattern"]: "p07", FULL_REF["pattern"]: "liu-youping-2020:p07"}
        shape = example.get(error.validator_value, error.validator_value)
        return f"{error.instance!r} is not of the form {shape}", line, where
    if kind == "minItems":
        return "must list at least one item", line, where
    return error.message, line, where


def _json_type(value) -> str:
    for name, kind in (("null", type(None)), ("boolean", bool), ("integer", int), ("number", float),
                       ("string", str), ("array", list), ("object", dict)):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def problems(data, schema: dict, root: yaml.Node | None = None) -> list[tuple[str, int | None, str]]:
    """Every violation of `schema` as (message, line, field), in file order."""
    errors = list(Draft202012Validator(schema).iter_errors(data))
    # A missing key next to an unknown one is nearly always the same slip ('quotes' for 'quote'): say it once.
    unknown_in = {tuple(e.absolute_path) for e in errors if e.validator == "additionalProperties"}
    errors = [e for e in errors if not (e.validator == "required" and tuple(e.absolute_path) in unknown_in)]
    described = [_describe(e, root) for e in errors]
    return sorted(described, key=lambda d: (d[1] or 0, d[2]))


def validate(data, schema: dict, root: yaml.Node | None, path: str | Path) -> None:
    """Raise an InputError for the first violation of `schema` in file order (the number of others in brackets)."""
    found = problems(data, schema, root)
    if found:
        message, line, where = found[0]
        more = f" (and {len(found) - 1} more problem{'s' if len(found) > 2 else ''})" if len(found) > 1 else ""
        raise InputError(path, message + more, line=line, field=where)
