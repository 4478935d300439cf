"""The rule-based coder (`interviews.coding.coder`): what it codes, what it must not, and its tables."""

from dataclasses import replace

import pandas as pd
import pytest

from interviews.coding import coder
from interviews.coding.codebook import load_codebook


@pytest.fixture(scope="module")
def codebook(root):
    """The codebook's patterns alone (test_classifier tests the classifier added to them)."""
    return replace(load_codebook(root / "data" / "codebook.yml"), classifier=None)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Many social organizations completely rely on the government.", "weakness.independence"),
        ("The sector is still fragmented and atomized.", "weakness.fragmentation"),
        ("There is a lack of industry associations.", "weakness.fragmentation"),
        ("The confidence of the public towards charities is not high enough.", "weakness.trust"),
        ("There is not enough of an élite in the sector.", "weakness.talent"),
        ("Medical organizations are too few and unprofessional.", "weakness.health"),
        ("Organizations face an overall lack of capacity.", "weakness.capacity"),
        ("The Charity Law allows this.", "government.policy"),
        ("Officials try to micro-manage organizations.", "government.control"),
        ("We should emphasize cooperation with the government.", "government.partnership"),
        ("This will be under the leadership of the CPC.", "government.party"),
        ("During the epidemic, donations of masks poured in.", "response"),
        ("Volunteers organized themselves.", "volunteering"),
        ("Residents took part in grassroots governance.", "community"),
        ("The company's employees volunteered.", "business"),
        ("Organizations should create alliances and coordinate their work.", "collaboration"),
        ("They joined the global fight.", "international"),
        ("We must learn lessons and reflect on the future.", "reflection"),
    ],
)
def test_known_phrase_gets_its_theme(codebook, text, theme):
    coded = coder.code_text(text, codebook)
    assert theme in coded, coded
    assert coded[theme], "the matched phrases are kept as evidence"


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("People's trust in charity increases every year.", "weakness.trust"),  # growth, not low trust
        ("We should not coordinate with anyone; there is no cooperation.", "collaboration"),  # negation
        ("The international community watched.", "community"),  # another sense of the word
        ("The state and business sectors both acted.", "business"),  # one sector in a list
        ("In the fight against the epidemic, organizations lacked independence.", "response"),  # mere setting
        ("He works for the China Charity Alliance.", "collaboration"),  # a name, not an alliance
        ("It was said that aid was slow.", "government.party"),  # lower-case 'party' absent
        ("The international sourcing of masks went on.", "international"),  # passing mention
    ],
)
def test_negations_settings_and_unrelated_senses_do_not_code(codebook, text, theme):
    assert theme not in coder.code_text(text, codebook)


def test_code_paragraphs_adds_sorted_themes_and_evidence(codebook):
    frame = pd.DataFrame({"paragraph": ["x:p01", "x:p02"],
                          "text": ["Volunteers and residents joined.", "Nothing to see."]})
    coded = coder.code_paragraphs(frame, codebook)
    assert coded.themes.tolist() == ["community;volunteering", ""]
    assert coded.evidence.iloc[0] == "community: residents | volunteering: volunteers"


def test_evidence_parts_read_back_what_code_texts_joins(codebook):
    themes, evidence = coder.code_texts(["Volunteers joined the epidemic response in the community.", "Nothing."],
                                        codebook)
    parts = coder.evidence_parts(evidence[0])
    assert sorted(parts) == themes[0].split(";") and all(parts.values())
    assert " | ".join(f"{t}: {e}" for t, e in parts.items()) == evidence[0]
    assert coder.evidence_parts(evidence[1]) == {} and coder.evidence_parts("a: learned 0.7: x, y") == {
        "a": "learned 0.7: x, y"}


def test_a_question_carries_its_topic_to_its_answer_only(codebook):
    assert codebook.themes["response"].carry and not codebook.themes["weakness.trust"].carry
    frame = pd.DataFrame({
        "interview": ["x"] * 5, "paragraph": [f"x:p0{i}" for i in range(1, 6)],
        "exchange": [0, 1, 1, 1, 2], "role": ["narrator", "interviewer", "interviewee", "interviewee", "interviewee"],
        "text": ["After the earthquake and the floods, trust in charities was low.",
                 "What did your volunteers do after the earthquake and the floods? Was public trust low?",
                 "We went to the villages.", "Residents helped.", "We went home."]})
    coded = coder.code_paragraphs(frame, codebook).set_index("paragraph")
    assert set(coded.themes["x:p03"].split(";")) == {"response", "volunteering"}  # carried, not trust
    assert "weakness.trust" in coded.themes["x:p02"] and "weakness.trust" not in coded.themes["x:p03"]
    assert "volunteering: from question x:p02" in coded.evidence["x:p03"]
    assert set(coded.themes["x:p04"].split(";")) == {"community", "response", "volunteering"}
    assert "community: residents" in coded.evidence["x:p04"]
    assert coded.themes["x:p05"] == "", "another exchange carries nothing"
    plain = coder.code_paragraphs(frame.drop(columns="exchange"), codebook).set_index("paragraph")
    assert plain.themes["x:p03"] == "", "without exchanges nothing is carried"


def test_indicator_matrix_aggregates_parents(codebook):
    m = coder.indicator_matrix(pd.Series(["weakness.trust;response", ""]), codebook)
    assert m.loc[0, "weakness"] == 1 and m.loc[0, "weakness.trust"] == 1 and m.loc[1].sum() == 0
    assert list(m.columns)[:2] == ["weakness", "weakness.capacity"]
    leaves = coder.leaf_codes(pd.Series(["weakness.trust;response", ""]), codebook)
    assert leaves.shape == (2, len(codebook.leaves())) and leaves.sum() == 2, "leaf themes only, no parents"
    assert leaves[0, codebook.leaves().index("weakness.trust")] == 1


