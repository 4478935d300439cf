"""Tests of interviews.corpus.concepts: the concept map and how texts and phrases use it."""

import pytest

from interviews import paths
from interviews.corpus import concepts
from interviews.corpus.concepts import Concept
from interviews.errors import InputError

SOCIAL = Concept("social organizations", ("social organizations", "NGOs", "NGO"), "same term")


def write(tmp_path, text):
    path = tmp_path / "concepts.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_canonical_joins_every_variant_into_the_concept_token():
    text = "NGOs and an NGO, Social  Organisations, ongoing NGOsX and social organization work."
    assert concepts.canonical(text, [SOCIAL]) == (
        "social_organizations and an social_organizations, social_organizations, ongoing NGOsX and "
        "social organization work.")


def test_alternatives_swap_each_variant_of_a_named_concept():
    assert concepts.alternatives("support for NGOs*", [SOCIAL]) == [
        "support for social organizations*", "support for NGOs*", "support for NGO*"]
    assert concepts.alternatives("volunteer*", [SOCIAL]) == ["volunteer*"]


def test_load_concepts_checks_names_variants_evidence_and_paragraphs(tmp_path):
    ok = "concepts:\n  - {concept: a b, variants: [a b, c], evidence: why, paragraphs: ['x:p01']}\n"
    assert concepts.load_concepts(write(tmp_path, ok), {"x:p01"})[0].token == "a_b"
    with pytest.raises(InputError, match="unknown paragraph"):
        concepts.load_concepts(write(tmp_path, ok), {"x:p02"})
    assert concepts.load_concepts(write(tmp_path, ok), {"y:p01"})  # x is not in the corpus
    for bad, message in [
        ("{concept: a, variants: [a], evidence: why}", "at least one other wording"),
        ("{concept: a, variants: [b, c], evidence: why}", "the concept's name"),
        ("{concept: a, variants: [a, b]}", "evidence"),
        ("{concept: '', variants: [a, b], evidence: why}", "must not be empty"),
        ("{concept: a, variants: [a, b], evidence: why, source: x}", "unknown key 'source'"),
    ]:
        with pytest.raises(InputError, match=message):
            concepts.load_concepts(write(tmp_path, f"concepts:\n  - {bad}\n"))
    twice = ("concepts:\n  - {concept: a, variants: [a, b], evidence: why}\n"
             "  - {concept: c, variants: [c, B], evidence: why}\n")
    with pytest.raises(InputError, match="'B' is already a variant of 'a'") as info:
        concepts.load_concepts(write(tmp_path, twice))
    assert info.value.field == "concepts[1]"


def test_missing_map_is_empty(tmp_path):
    assert concepts.load_concepts(tmp_path / "none.yml") == []


def test_project_map_merges_the_translations_wordings(root):
    found = {c.name: c for c in concepts.load_concepts(paths.concepts_file(root))}
    assert "NGOs" in found["social organizations"].variants
    assert concepts.canonical("a community-based NGO", list(found.values())) == "a community-based social_organizations"
