import pandas as pd
import pytest

from interviews import coding, validation
from interviews.codebook import load_codebook


@pytest.fixture(scope="module")
def book(root):
    return load_codebook(root / "data" / "codebook.yml")


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Many social organizations completely rely on the government.", "weakness.independence"),
        ("The sector is still fragmented and atomized.", "weakness.fragmentation"),
        ("There is a lack of pivot organizations.", "weakness.fragmentation"),
        ("The confidence of the public towards charities is not high enough.", "weakness.trust"),
        ("There is not enough of an élite in the sector.", "weakness.talent"),
        ("Medical organizations are too few and unprofessional.", "weakness.health"),
        ("Organizations face an overall lack of capacity.", "weakness.capacity"),
        ("The Charity Law allows this.", "government.policy"),
        ("Officials try to micro-manage organizations.", "government.control"),
        ("We should emphasize cooperation rather than confrontation.", "government.partnership"),
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
def test_known_phrase_gets_its_theme(book, text, theme):
    coded = coding.code_text(text, book)
    assert theme in coded, coded
    assert coded[theme], "the matched phrases are kept as evidence"


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("People's trust in charity increases every year.", "weakness.trust"),  # growth, not low trust
        ("We should not coordinate with anyone; there is no cooperation.", "collaboration"),  # negation
        ("A community of shared future for humankind.", "community"),  # unrelated sense
        ("In terms of specific business, the sector should decide.", "business"),  # 'business' = affairs
        ("In the fight against the epidemic, organizations lacked independence.", "response"),  # mere setting
        ("He works for the China Charity Alliance.", "collaboration"),  # a name, not an alliance
        ("It was said that aid was slow.", "government.party"),  # lower-case 'party' absent
        ("The international sourcing of masks went on.", "international"),  # passing mention
    ],
)
def test_negations_settings_and_unrelated_senses_do_not_code(book, text, theme):
    assert theme not in coding.code_text(text, book)


def test_code_paragraphs_adds_sorted_themes_and_evidence(book):
    frame = pd.DataFrame({"paragraph": ["x:p01", "x:p02"],
                          "text": ["Volunteers and residents joined.", "Nothing to see."]})
    coded = coding.code_paragraphs(frame, book)
    assert coded.themes.tolist() == ["community;volunteering", ""]
    assert coded.evidence.iloc[0] == "community: residents | volunteering: volunteers"


def test_indicator_matrix_aggregates_parents(book):
    m = coding.indicator_matrix(pd.Series(["weakness.trust;response", ""]), book)
    assert m.loc[0, "weakness"] == 1 and m.loc[0, "weakness.trust"] == 1 and m.loc[1].sum() == 0
    assert list(m.columns)[:2] == ["weakness", "weakness.capacity"]


def test_agreement_on_a_small_example(book):
    gold = pd.Series(["response", "response;volunteering", "", "volunteering"])
    coded = pd.Series(["response", "response", "volunteering", "volunteering"])
    table = validation.agreement(gold, coded, book).set_index("theme")
    assert table.loc["response", "precision"] == 1.0 and table.loc["response", "recall"] == 1.0
    assert table.loc["volunteering", "precision"] == 0.5 and table.loc["volunteering", "recall"] == 0.5
    # kappa for volunteering: observed 0.5, expected 0.5 -> 0
    assert table.loc["volunteering", "kappa"] == pytest.approx(0.0)
    assert table.loc["micro average", "support"] == 4
    assert table.loc["micro average", "precision"] == pytest.approx(0.75)


def test_split_is_fixed_and_stratified(root):
    split = pd.read_csv(root / "data" / "gold" / "split.csv")
    ids = split.paragraph
    again = validation.make_split(ids, ids.str.split(":").str[0])
    assert again.equals(split), "data/gold/split.csv must equal make_split() with the fixed seed"
    per = split.assign(interview=ids.str.split(":").str[0]).groupby(["interview", "split"]).size()
    assert per["liu-youping-2020"].to_dict() == {"dev": 31, "test": 30}
    assert per["wang-zhongping-2022"].to_dict() == {"dev": 8, "test": 7}


def test_validation_summary_on_the_project(root):
    from interviews import chapter

    checks = chapter.validate(chapter.load_themes(root))
    summary = checks.summary()
    assert summary["n-gold"] == 76 and summary["n-test"] + summary["n-dev"] == 76
    assert summary["n-test"] == 37
    assert 0.0 <= summary["test-micro-kappa"] <= 1.0
    assert set(checks.disagreements_test.paragraph) <= set(checks.test.paragraph)


def test_hand_coded_count(root):
    from interviews import chapter

    themes = chapter.load_themes(root)
    # liu p30, p44 (question, not counted), p45, p46, p48, p49 carry independence in the hand coding
    assert themes.hand_coded("liu-youping-2020", "weakness.independence") == 5
    assert themes.hand_coded("liu-youping-2020", "weakness.independence", role="interviewer") == 1
