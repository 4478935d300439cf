import pandas as pd
import pytest

from interviews.coding.codebook import ClassifierSettings, compile_phrase, load_codebook
from interviews.errors import InputError

GOOD = """\
themes:
  - id: weakness
    label: Weaknesses
    definition: Parent.
  - id: weakness.trust
    label: Trust
    parent: weakness
    definition: Low trust.
    patterns:
      - low trust
      - {all: [trust, /crisis|decline/], within: 5}
    not:
      - no longer
  - id: volunteering
    label: Volunteering
    definition: Volunteers.
    patterns: [volunteer*]
"""


def write(tmp_path, text):
    path = tmp_path / "codebook.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_project_codebook_has_the_required_themes(root):
    codebook = load_codebook(root / "data" / "codebook.yml")
    required = {
        "weakness.capacity", "weakness.independence", "weakness.fragmentation", "weakness.trust",
        "weakness.talent", "weakness.health", "government.policy", "government.control",
        "government.partnership", "government.party", "response", "volunteering", "community",
        "business", "collaboration", "international", "reflection",
    }
    assert required <= set(codebook.leaves())
    assert codebook.parents() == ["weakness", "government"]
    assert codebook.children("weakness")[0] == "weakness.capacity"
    for theme in codebook.leaves():
        assert codebook.themes[theme].patterns, f"{theme} has no patterns"
        assert codebook.themes[theme].definition and codebook.themes[theme].include


def test_good_codebook(tmp_path):
    codebook = load_codebook(write(tmp_path, GOOD))
    assert codebook.leaves() == ["weakness.trust", "volunteering"]
    assert codebook.themes["weakness.trust"].patterns[1].within == 5


@pytest.mark.parametrize(
    ("old", "new", "message", "field"),
    [
        ("  - id: volunteering", "  - id: weakness.trust", "duplicate id 'weakness.trust'", "themes[2]"),
        ("parent: weakness\n", "parent: weak\n", "unknown parent 'weak'", "themes[1]"),
        ("      - low trust", "      - /low (trust/", "invalid pattern", "themes[1]"),
        ("within: 5", "within: -1", "'within' must be a positive", "themes[1]"),
        ("    label: Volunteering\n", "", "missing required field 'label'", "themes[2]"),
        ("  - id: volunteering", "  - id: Volunteering", "lowercase words", "themes[2]"),
        ("    definition: Volunteers.", "    definition: Volunteers.\n    colour: red", "unknown field", "themes[2]"),
        ("    definition: Volunteers.", "    definition: Volunteers.\n    carry: maybe", "carry must be true",
         "themes[2]"),
    ],
)
def test_broken_codebook_names_file_line_and_entry(tmp_path, old, new, message, field):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(InputError, match=message) as info:
        load_codebook(path)
    assert info.value.path == path and info.value.field.startswith(field)
    assert info.value.line is not None


def test_carry_and_validation_round_are_read(tmp_path):
    text = "validation_round: 2\n" + GOOD.replace("    definition: Volunteers.",
                                                  "    definition: Volunteers.\n    carry: true")
    codebook = load_codebook(write(tmp_path, text))
    assert codebook.validation_round == 2
    assert codebook.themes["volunteering"].carry and not codebook.themes["weakness.trust"].carry
    assert load_codebook(write(tmp_path, GOOD)).validation_round is None
    assert load_codebook(write(tmp_path, GOOD)).classifier is None


def test_the_classifier_block_is_read_with_defaults(tmp_path):
    codebook = load_codebook(write(tmp_path, "classifier:\n  C: 2\n  threshold: 0.6\n" + GOOD))
    assert codebook.classifier == ClassifierSettings(max_ngram=2, min_df=2, C=2.0, threshold=0.6)
    assert load_codebook(write(tmp_path, "classifier:\n" + GOOD)).classifier == ClassifierSettings()
    with_examples = load_codebook(write(tmp_path, "classifier:\n  examples: data/training/examples.yml\n" + GOOD))
    assert with_examples.classifier.examples == "data/training/examples.yml"
    assert with_examples.classifier.confirm is None
    assert load_codebook(write(tmp_path, "classifier:\n  confirm: 0.3\n" + GOOD)).classifier.confirm == 0.3
    assert with_examples.classifier.vectors is None
    assert load_codebook(write(tmp_path, "classifier:\n  vectors: 1\n" + GOOD)).classifier.vectors == 1.0


@pytest.mark.parametrize(("top", "message"), [("validation_round: 0\n", "positive whole number"),
                                              ("validation_round: two\n", "positive whole number"),
                                              ("version: 4\n", "unknown top-level key"),
                                              ("classifier: [1]\n", "classifier must be a mapping"),
                                              ("classifier: {ngram: 2}\n", "unknown classifier setting"),
                                              ("classifier: {threshold: 1.5}\n", "threshold a number between"),
                                              ("classifier: {min_df: 0}\n", "whole numbers >= 1"),
                                              ("classifier: {C: -1}\n", "C a positive number"),
                                              ("classifier: {examples: 3}\n", "examples must be the path"),
                                              ("classifier: {examples: ' '}\n", "examples must be the path"),
                                              ("classifier: {confirm: 1.5}\n", "confirm must be a number"),
                                              ("classifier: {confirm: true}\n", "confirm must be a number"),
                                              ("classifier: {vectors: 0}\n", "vectors must be a positive number"),
                                              ("classifier: {vectors: yes}\n", "vectors must be a positive")])
def test_bad_top_level_keys_name_the_file(tmp_path, top, message):
    path = write(tmp_path, top + GOOD)
    with pytest.raises(InputError, match=message) as info:
        load_codebook(path)
    assert info.value.path == path and info.value.line == 1


def test_parent_with_patterns_is_an_error(tmp_path):
    path = write(tmp_path, GOOD.replace("    definition: Parent.", "    definition: Parent.\n    patterns: [x]"))
    with pytest.raises(InputError, match="parent theme 'weakness'"):
        load_codebook(path)


@pytest.mark.parametrize(
    ("phrase", "hits", "misses"),
    [
        ("volunteer*", ["Volunteers", "volunteering teams"], ["involuntary"]),
        ("organization", ["organizations", "Organization"], ["reorganization"]),
        ("micro-manage*", ["micro-manage", "micromanaging", "micro manage"], []),
        ("pivot organizations", ["pivot\xa0organizations", "Pivot  organizations"], ["pivot to organizations"]),
        ("/\\bCPC\\b/", ["the CPC leads"], ["CPCs"]),
        ("aid", ["aid operations"], ["said", "aided"]),
    ],
)
def test_phrase_matching(phrase, hits, misses):
    pattern = compile_phrase(phrase)
    for text in hits:
        assert pattern.search(text), f"{phrase!r} should match {text!r}"
    for text in misses:
        assert not pattern.search(text), f"{phrase!r} should not match {text!r}"


def test_final_e_inflections():
    assert compile_phrase("manage").search("managing") and compile_phrase("manage").search("managed")
    assert compile_phrase("manage*").search("management")
    assert not compile_phrase("manage").search("manageing")


def test_every_pattern_veto_and_quotation_has_support_in_development_paragraphs(root):
    """The codebook is written from development paragraphs only: the seed interviews' development half
    and the validation set's development text as of the codebook's round (see Methods)."""
    from interviews import paths
    from interviews.coding import agreement, validation
    from interviews.corpus import transcripts

    paragraphs = transcripts.paragraphs(transcripts.load_corpus(root)[1])
    split = pd.read_csv(paths.exchange_split_file(root))
    dev = paragraphs[paragraphs.paragraph.isin(split.paragraph[split.split == "dev"])]
    assert len(dev) == (split.split == "dev").sum()
    codebook = load_codebook(root / "data" / "codebook.yml")
    written = validation.load(root, codebook)
    assert codebook.validation_round is not None
    texts = list(dev.text) + list(validation.part(written, "dev", codebook.validation_round).text)
    assert agreement.unsupported(codebook, texts) == []


def test_a_phrase_naming_a_concept_matches_its_other_wordings(tmp_path):
    from interviews.corpus.concepts import Concept

    social = [Concept("social organizations", ("social organizations", "NGOs"), "same term")]
    rx = compile_phrase("social organizations", social)
    assert rx.search("support for NGOs") and rx.search("Social organizations grew")
    assert not compile_phrase("social organizations").search("support for NGOs")
    assert compile_phrase("/NGOs/", social).pattern == "NGOs"


def test_load_codebook_reads_the_concept_map_beside_it(tmp_path):
    (tmp_path / "concepts.yml").write_text(
        "concepts:\n  - {concept: social organizations, variants: [social organizations, NGOs], evidence: x}\n",
        encoding="utf-8")
    (tmp_path / "codebook.yml").write_text(
        "themes:\n  - {id: org, label: Org, definition: d, patterns: [social organizations]}\n", encoding="utf-8")
    (rx,) = load_codebook(tmp_path / "codebook.yml").themes["org"].patterns[0].regexes
    assert rx.search("two NGOs")
    (rx,) = load_codebook(tmp_path / "codebook.yml", concepts=[]).themes["org"].patterns[0].regexes
    assert not rx.search("two NGOs")
