"""The concept map: wordings that the translations use for one concept (`data/concepts.yml`).

Two translators may render one Chinese term in different English words ("social
organizations" in one text, "NGOs" in another). The map names each concept and its
variants, with the evidence for the merge. Word statistics read texts through
:func:`canonical`, so that a concept counts as one word whatever its variant, and the
codebook's phrases match every variant of a concept they mention (:func:`alternatives`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, read_yaml
from . import schema

JOIN = "_"  # joins a concept's words into one token (words.tokens turns it back into a space)


@dataclass(frozen=True)
class Concept:
    name: str
    variants: tuple[str, ...]
    evidence: str
    paragraphs: tuple[str, ...] = ()
    cite: str = ""

    @property
    def token(self) -> str:
        """The concept as one word: its name with its words joined."""
        return JOIN.join(self.name.lower().split())


def _variant_re(variants) -> re.Pattern:
    """Any of the variants as whole words, longest first, ignoring case and runs of space."""
    ordered = sorted(variants, key=lambda v: (-len(v), v))
    # British spellings ("organisations") count as the variant's American one.
    words = [[re.sub(r"iz(ations?|e[sd]?)$", r"i[sz]\1", re.escape(w)) for w in v.split()] for v in ordered]
    body = "|".join(r"\s+".join(w) for w in words)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I)


def load_concepts(path: str | Path, paragraph_ids: set[str] | None = None) -> list[Concept]:
    """The concepts of the map, checked: names, variants (each in one concept only) and evidence.

    With `paragraph_ids`, every cited paragraph of an interview in the corpus must exist
    (those of interviews not in the corpus are not checked). A missing file is an empty map.
    """
    path = Path(path)
    if not path.is_file():
        return []
    data, root = read_yaml(path, "concept map")
    data = {} if data is None else data
    schema.validate(data, schema.CONCEPTS, root, path)
    concepts, owner = [], {}
    slugs = {p.split(":")[0] for p in paragraph_ids or ()}
    for i, item in enumerate(data.get("concepts") or []):
        where = f"concepts[{i}]"
        name = " ".join(item["concept"].split())
        variants = tuple(dict.fromkeys(" ".join(v.split()) for v in item["variants"]))
        if name.lower() not in {v.lower() for v in variants} or len(variants) < 2:
            raise InputError(path, "list the concept's name and at least one other wording in 'variants'",
                             field=where)
        for v in variants:
            if v.lower() in owner:
                raise InputError(path, f"variant {v!r} is already a variant of {owner[v.lower()]!r}", field=where)
            owner[v.lower()] = name
        refs = tuple(item.get("paragraphs") or ())
        missing = [r for r in refs if paragraph_ids is not None and r.split(":")[0] in slugs
                   and r not in paragraph_ids]
        if missing:
            raise InputError(path, f"unknown paragraph(s) {missing}", field=where)
        concepts.append(Concept(name, variants, " ".join(item["evidence"].split()), refs, str(item.get("cite") or "")))
    return concepts


def canonical(text: str, concepts: list[Concept]) -> str:
    """The text with every variant of a concept replaced by the concept's one-word token."""
    for concept in concepts:
        text = _variant_re(concept.variants).sub(concept.token, text)
    return text


def alternatives(phrase: str, concepts: list[Concept]) -> list[str]:
    """The phrase, and the phrase with each variant of a concept it contains replaced by the others.

    A codebook phrase that names a concept in one wording ("social organizations") then
    also finds its other wordings ("NGOs"). Phrases that name no concept come back alone.
    """
    out = [phrase]
    for concept in concepts:
        pattern = _variant_re(concept.variants)
        if pattern.search(phrase):
            out = list(dict.fromkeys(pattern.sub(v, p) for p in out for v in concept.variants))
    return out
