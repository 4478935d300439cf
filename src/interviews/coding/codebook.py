"""The codebook (`data/codebook.yml`): themes, their hierarchy and the coder's patterns.

Loading validates everything and compiles the patterns, so that a broken codebook
(a duplicate id, an unknown parent, an invalid pattern) stops with an
:class:`~interviews.errors.InputError` naming the file, the line and the entry.

Pattern language (also in the codebook's header):

* a phrase matches whole words, case-insensitively; words are separated by any
  whitespace, a hyphen in the phrase also matches a space or nothing;
* a word ending in ``*`` matches any ending ("volunteer*"); a plain word of four
  or more letters also matches its inflections (-s, -es, -d, -ed, -ing);
* ``/regex/`` is a regular expression, used as written;
* ``{all: [phrase, ...], within: N}`` needs every phrase within N words;
* `not` phrases veto a match in the same sentence; `min_matches` sets how many
  hits a paragraph needs;
* `carry: true` marks a theme that a question sets as the topic of its answer: the
  answer's paragraphs are given the theme when their question is coded with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.concepts import Concept, alternatives, load_concepts
from ..errors import InputError, read_yaml

ID_RE = re.compile(r"^[a-z]+(?:\.[a-z]+)*$")
FIELDS = {"id", "label", "parent", "definition", "include", "exclude", "patterns", "not", "min_matches", "carry"}
INFLECTION = r"(?:s|es|d|ed|ing)?"


@dataclass(frozen=True)
class Pattern:
    source: str  # as written in the codebook
    regexes: tuple[re.Pattern, ...]
    within: int | None = None  # words, for co-occurring phrases


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    definition: str
    parent: str | None = None
    include: str = ""
    exclude: str = ""
    patterns: tuple[Pattern, ...] = ()
    vetoes: tuple[Pattern, ...] = ()
    min_matches: int = 1
    carry: bool = False  # a question coded with the theme gives it to its answer's paragraphs


@dataclass(frozen=True)
class ClassifierSettings:
    """The codebook's `classifier:` block (:mod:`interviews.coding.classifier`)."""

    max_ngram: int = 2  # words and word pairs
    min_df: int = 2  # a term must occur in this many training paragraphs
    C: float = 3.0  # inverse strength of the L2 penalty
    threshold: float = 0.5  # probability at which a theme is given
    examples: str | None = None  # written training examples, a path from the project root (coding.examples)
    confirm: float | None = None  # a pattern's theme stands only at this probability or more (coder.code_texts)
    vectors: float | None = None  # weight of each paragraph's sentence vector beside its words (coding.sentences)


CLASSIFIER_FIELDS = {"max_ngram", "min_df", "C", "threshold", "examples", "confirm", "vectors"}


@dataclass
class Codebook:
    themes: dict[str, Theme] = field(default_factory=dict)  # in file order
    source: Path = Path("codebook.yml")
    # the validation round whose development text the patterns were last revised against
    validation_round: int | None = None
    classifier: ClassifierSettings | None = None  # the learned second reader, if the codebook has one

    def leaves(self) -> list[str]:
        """Themes that are coded (those that are nobody's parent), in file order."""
        parents = {t.parent for t in self.themes.values() if t.parent}
        return [i for i in self.themes if i not in parents]

    def parents(self) -> list[str]:
        return [i for i in self.themes if any(t.parent == i for t in self.themes.values())]

    def children(self, parent: str) -> list[str]:
        return [i for i, t in self.themes.items() if t.parent == parent]

    def label(self, theme_id: str) -> str:
        return self.themes[theme_id].label


def compile_phrase(phrase: str, concepts: list[Concept] = ()) -> re.Pattern:
    """One phrase of the pattern language as a compiled, case-insensitive regex.

    A plain phrase that names a concept of the concept map also matches the concept's
    other wordings; a /regular expression/ is taken as written.
    """
    phrase = phrase.strip()
    if len(phrase) > 2 and phrase.startswith("/") and phrase.endswith("/"):
        return re.compile(phrase[1:-1], re.I)
    if not phrase:
        raise ValueError("empty phrase")
    variants = alternatives(phrase, list(concepts))
    if len(variants) > 1:
        return re.compile("|".join(f"(?:{compile_phrase(v).pattern})" for v in variants), re.I)
    parts = []
    for word in phrase.split():
        star = word.endswith("*")
        word = word.rstrip("*")
        # A final silent e drops before endings: "manage*" also matches "managing".
        drop_e = word.endswith("e") and word[:-1].replace("-", "").isalpha() and len(word) >= 4
        pieces = [re.escape(p) for p in re.split(r"[-‐]", word[:-1] if drop_e and star else word)]
        body = r"[-\s]?".join(pieces)
        if star:
            body += r"\w*"
        elif drop_e:
            body = body[:-1] + r"(?:e|es|ed|ing)"
        elif word.isalpha() and len(word) >= 4:
            body += INFLECTION
        parts.append(body)
    return re.compile(r"(?<![\w-])" + r"\s+".join(parts) + r"(?![\w])", re.I)


def _pattern(value: object, err, concepts: list[Concept] = ()) -> Pattern:
    if isinstance(value, str):
        return Pattern(value, (compile_phrase(value, concepts),))
    if isinstance(value, dict) and isinstance(value.get("all"), list) and value["all"]:
        within = value.get("within", 12)
        if not isinstance(within, int) or within < 1:
            raise err(f"'within' must be a positive number of words, got {within!r}")
        return Pattern(" + ".join(map(str, value["all"])),
                       tuple(compile_phrase(str(p), concepts) for p in value["all"]), within)
    raise err(f"a pattern must be a phrase or {{all: [...], within: N}}, got {value!r}")


def _classifier(data: dict, node, path: Path) -> ClassifierSettings | None:
    """The `classifier:` block checked: known keys, whole numbers >= 1 for the n-gram size and
    min_df, a positive C, a threshold between 0 and 1 and, if given, a path of examples, a
    confirming probability between 0 and 1 and a positive weight of the sentence vectors; None
    without the block."""
    if "classifier" not in data:
        return None
    block = data["classifier"] or {}
    line = next((key.start_mark.line + 1 for key, _ in node.value if key.value == "classifier"), 1)
    if not isinstance(block, dict):
        raise InputError(path, "classifier must be a mapping of settings", line=line)
    unknown = set(block) - CLASSIFIER_FIELDS
    if unknown:
        raise InputError(path, f"unknown classifier setting(s) {sorted(unknown)}; allowed: "
                         f"{', '.join(sorted(CLASSIFIER_FIELDS))}", line=line)
    settings = ClassifierSettings(**block)
    whole = all(isinstance(v, int) and not isinstance(v, bool) and v >= 1
                for v in (settings.max_ngram, settings.min_df))
    number = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (settings.C, settings.threshold))
    if not whole or not number or settings.C <= 0 or not 0 < settings.threshold < 1:
        raise InputError(path, "classifier: max_ngram and min_df must be whole numbers >= 1, C a positive number "
                         f"and threshold a number between 0 and 1, got {block!r}", line=line)
    if settings.examples is not None and not (isinstance(settings.examples, str) and settings.examples.strip()):
        raise InputError(path, f"classifier: examples must be the path of a file, got {settings.examples!r}",
                         line=line)
    confirm = settings.confirm
    if confirm is not None and (isinstance(confirm, bool) or not isinstance(confirm, (int, float))
                                or not 0 < confirm < 1):
        raise InputError(path, f"classifier: confirm must be a number between 0 and 1, got {confirm!r}", line=line)
    vectors = settings.vectors
    if vectors is not None and (isinstance(vectors, bool) or not isinstance(vectors, (int, float)) or vectors <= 0):
        raise InputError(path, f"classifier: vectors must be a positive number (the weight of the sentence vectors), "
                         f"got {vectors!r}", line=line)
    return ClassifierSettings(settings.max_ngram, settings.min_df, float(settings.C), float(settings.threshold),
                              settings.examples, None if confirm is None else float(confirm),
                              None if vectors is None else float(vectors))


def load_codebook(path: str | Path, concepts: list[Concept] | None = None) -> Codebook:
    """The codebook, checked theme by theme; phrases expanded by the concept map.

    Without `concepts`, the concept map beside the codebook (`concepts.yml` in the same
    folder) is used if there is one, so that every reader of a codebook codes alike.
    """
    path = Path(path)
    if concepts is None:
        concepts = load_concepts(path.parent / "concepts.yml")
    data, node = read_yaml(path, "codebook")
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list) or not data["themes"]:
        raise InputError(path, "expected a top-level key 'themes' holding a list of themes", line=1)
    lines: list[int] = []
    for key, value in node.value:
        if key.value == "themes":
            lines = [item.start_mark.line + 1 for item in value.value]
    unknown = set(data) - {"themes", "validation_round", "classifier"}
    if unknown:
        raise InputError(path, f"unknown top-level key(s) {sorted(unknown)}; allowed: themes, validation_round, "
                         "classifier", line=1)
    round_ = data.get("validation_round")
    if round_ is not None and (not isinstance(round_, int) or isinstance(round_, bool) or round_ < 1):
        raise InputError(path, f"validation_round must be a positive whole number, got {round_!r}", line=1)
    codebook = Codebook(source=path, validation_round=round_, classifier=_classifier(data, node, path))
    for i, item in enumerate(data["themes"]):
        line = lines[i] if i < len(lines) else None
        name = item.get("id") if isinstance(item, dict) else None

        def err(message: str, line=line, name=name, i=i) -> InputError:
            return InputError(path, message, line=line, field=f"themes[{i}]" + (f" ({name})" if name else ""))

        if not isinstance(item, dict):
            raise err("expected a mapping with id, label and definition")
        unknown = set(item) - FIELDS
        if unknown:
            raise err(f"unknown field(s) {sorted(unknown)}; allowed: {', '.join(sorted(FIELDS))}")
        for required in ("id", "label", "definition"):
            if not str(item.get(required) or "").strip():
                raise err(f"missing required field {required!r}")
        theme_id = str(item["id"])
        if not ID_RE.match(theme_id):
            raise err(f"id {theme_id!r} must be lowercase words joined by dots")
        if theme_id in codebook.themes:
            raise err(f"duplicate id {theme_id!r}")
        parent = item.get("parent")
        if parent is not None:
            if parent not in codebook.themes:
                raise err(f"unknown parent {parent!r} (a parent must be defined before its children)")
            if not theme_id.startswith(parent + "."):
                raise err(f"a child's id must start with its parent's id {parent!r}")
        try:
            patterns = tuple(_pattern(p, err, concepts) for p in item.get("patterns") or [])
            vetoes = tuple(_pattern(p, err, concepts) for p in item.get("not") or [])
        except (re.error, ValueError) as exc:
            raise err(f"invalid pattern: {exc}") from None
        min_matches = item.get("min_matches", 1)
        if not isinstance(min_matches, int) or min_matches < 1:
            raise err(f"min_matches must be a positive integer, got {min_matches!r}")
        carry = item.get("carry", False)
        if not isinstance(carry, bool):
            raise err(f"carry must be true or false, got {carry!r}")
        codebook.themes[theme_id] = Theme(
            id=theme_id,
            label=str(item["label"]),
            definition=" ".join(str(item["definition"]).split()),
            parent=parent,
            include=" ".join(str(item.get("include") or "").split()),
            exclude=" ".join(str(item.get("exclude") or "").split()),
            patterns=patterns,
            vetoes=vetoes,
            min_matches=min_matches,
            carry=carry,
        )
    for parent in codebook.parents():
        if codebook.themes[parent].patterns:
            raise InputError(path, f"parent theme {parent!r} aggregates its children and cannot have patterns")
    return codebook
