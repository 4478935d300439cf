"""Agreement statistics (`interviews.coding.agreement`) and the fixed development/test split."""

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from interviews import paths
from interviews.coding import agreement, coder
from interviews.coding.codebook import load_codebook
from interviews.errors import InputError


@pytest.fixture(scope="module")
def codebook(root):
    return load_codebook(root / "data" / "codebook.yml")


def test_agreement_on_a_small_example(codebook):
    gold = pd.Series(["response", "response;volunteering", "", "volunteering"])
    coded = pd.Series(["response", "response", "volunteering", "volunteering"])
    table = agreement.agreement(gold, coded, codebook).set_index("theme")
    assert table.loc["response", "precision"] == 1.0 and table.loc["response", "recall"] == 1.0
    assert table.loc["volunteering", "precision"] == 0.5 and table.loc["volunteering", "recall"] == 0.5
    # kappa for volunteering: observed 0.5, expected 0.5 -> 0
    assert table.loc["volunteering", "kappa"] == pytest.approx(0.0)
    assert table.loc["micro average", "support"] == 4
    assert table.loc["micro average", "precision"] == pytest.approx(0.75)


def test_agreement_equals_scikit_learns_scores_theme_by_theme_and_pooled(codebook):
    from sklearn.metrics import precision_recall_fscore_support

    rng = np.random.default_rng(3)
    leaves = codebook.leaves()
    draw = lambda: pd.Series([";".join(t for t in leaves if rng.random() < 0.15) for _ in range(60)])  # noqa: E731
    gold, coded = draw(), draw()
    coded[:5] = ""  # rows where the coder gives nothing
    table = agreement.agreement(gold, coded, codebook).set_index("theme")
    truth, guess = coder.indicator_matrix(gold, codebook), coder.indicator_matrix(coded, codebook)
    for theme in truth.columns:
        t, g = truth[theme].to_numpy(), guess[theme].to_numpy()
        expected = precision_recall_fscore_support(t, g, average="binary", zero_division=np.nan)[:3]
        kappa = cohen_kappa_score(t, g) if len(set(t) | set(g)) > 1 else np.nan
        got = table.loc[theme, ["precision", "recall", "f1", "kappa"]].to_numpy(dtype=float)
        assert np.allclose(got, [*expected, kappa], equal_nan=True), theme
    t, g = truth[leaves].to_numpy(), guess[leaves].to_numpy()
    micro = precision_recall_fscore_support(t, g, average="micro", zero_division=np.nan)[:3]
    got = table.loc["micro average", ["precision", "recall", "f1", "kappa"]].to_numpy(dtype=float)
    assert np.allclose(got, [*micro, cohen_kappa_score(t.ravel(), g.ravel())])
    never = agreement.agreement(pd.Series(["response"] * 3), pd.Series([""] * 3), codebook).set_index("theme")
    assert never.loc["response", "recall"] == 0 and never.loc["response", "f1"] == 0
    assert np.isnan(never.loc["response", "precision"]) and np.isnan(never.loc["volunteering", "f1"])


def test_split_is_fixed_and_stratified(root):
    split = pd.read_csv(paths.split_v1_file(root))
    ids = split.paragraph
    again = agreement.make_split(ids, ids.str.split(":").str[0])
    assert again.equals(split), "the first split must equal make_split() with the fixed seed"
    per = split.assign(interview=ids.str.split(":").str[0]).groupby(["interview", "split"]).size()
    assert per["liu-youping-2020"].to_dict() == {"dev": 31, "test": 30}
    assert per["wang-zhongping-2022"].to_dict() == {"dev": 8, "test": 7}


def test_agreement_report_on_the_project(root, themes, report):
    numbers = report.numbers()
    split = pd.read_csv(paths.exchange_split_file(root))
    assert numbers["n-gold"] == 76 and numbers["n-test"] == (split.split == "test").sum()
    assert numbers["n-test"] + numbers["n-dev"] == 76
    assert numbers["n-test-units"] == split[split.split == "test"].unit.nunique()
    # the pooled (micro) kappa is Cohen's kappa over every (paragraph, theme) decision of the test half
    current = report.current
    coded = current.coded.loc[current.test.paragraph]
    truth = coder.indicator_matrix(current.test.themes, themes.codebook, parents=False).to_numpy().ravel()
    guess = coder.indicator_matrix(coded.set_axis(current.test.index), themes.codebook, parents=False)
    assert numbers["test-micro-kappa"] == pytest.approx(cohen_kappa_score(truth, guess.to_numpy().ravel()))
    assert numbers["test-micro-kappa-low"] <= numbers["test-micro-kappa"] <= numbers["test-micro-kappa-high"]
    assert set(current.disagreements_test.paragraph) <= set(current.test.paragraph)


@pytest.fixture(scope="module")
def themes(root):
    from interviews.report import chapter_data

    return chapter_data.load_themes(root)


def test_exchange_split_is_the_stored_file(root, themes):
    stored = pd.read_csv(paths.exchange_split_file(root))
    made = agreement.make_exchange_split(themes.coded, themes.gold(), themes.codebook)
    pd.testing.assert_frame_equal(stored, made)


def test_exchange_split_keeps_each_exchange_whole_and_halves_each_interview(root, themes):
    split = pd.read_csv(paths.exchange_split_file(root)).merge(themes.coded[["paragraph", "interview", "exchange"]])
    assert split.groupby("unit").split.nunique().max() == 1, "a question and its answer are on one side"
    assert (split.unit == agreement.exchange_units(split)).all()
    assert list(split.paragraph) == list(themes.coded.paragraph), "every paragraph once, in order"
    for slug, part in split.groupby("interview"):
        test = (part.split == "test").sum()
        assert 0 < test <= len(part) // 2, slug


def test_exchange_split_gives_every_theme_development_examples(root, themes):
    split = pd.read_csv(paths.exchange_split_file(root)).merge(themes.gold())
    units = {}
    for row in split.itertuples():
        for theme in filter(None, row.themes.split(";")):
            units.setdefault(theme, {}).setdefault(row.split, set()).add(row.unit)
    assert set(units) == set(themes.codebook.leaves()), "every theme is hand-coded somewhere"
    for theme, sides in units.items():
        assert sides.get("dev"), f"{theme} has no development example"
        if len(sides.get("dev", set()) | sides.get("test", set())) >= 2:
            assert sides.get("test"), f"{theme} occurs in two exchanges or more but has no test example"


def test_exchange_split_on_a_crafted_corpus(root):
    codebook = load_codebook(root / "data" / "codebook.yml")
    paragraphs = pd.DataFrame({"interview": ["a"] * 6, "paragraph": [f"a:p0{i}" for i in range(1, 7)],
                               "exchange": [0, 1, 1, 2, 2, 3]})
    gold = pd.DataFrame({"paragraph": list(paragraphs.paragraph),
                         "themes": ["", "response", "response", "response;volunteering", "", "volunteering"]})
    split = agreement.make_exchange_split(paragraphs, gold, codebook, seed=1)
    side = dict(zip(split.unit, split.split))
    assert list(split.unit.unique()) == ["a:e00", "a:e01", "a:e02", "a:e03"]
    assert {side["a:e01"], side["a:e02"]} == {"dev", "test"}, "response: one exchange each side"
    assert {side["a:e02"], side["a:e03"]} == {"dev", "test"}, "volunteering: one exchange each side"
    assert (split.split == "test").sum() <= 3


def test_binary_kappa_equals_scikit_learn_column_by_column():
    rng = np.random.default_rng(3)
    truth, coded = rng.integers(0, 2, (40, 5)), rng.integers(0, 2, (40, 5))
    coded[:, 0] = truth[:, 0]
    expected = [cohen_kappa_score(truth[:, j], coded[:, j]) for j in range(5)]
    assert agreement.binary_kappa(truth, coded) == pytest.approx(expected)
    assert np.isnan(agreement.binary_kappa(np.zeros((4, 1)), np.zeros((4, 1))))[0], "no positives: undefined"


def test_bootstrap_intervals_contain_the_estimate_and_resample_whole_units(codebook):
    gold = pd.Series(["response", "response;volunteering", "", "volunteering", "response", "", "volunteering", ""])
    coded = pd.Series(["response", "response", "volunteering", "volunteering", "response", "", "", ""])
    units = pd.Series(["a", "a", "b", "b", "c", "c", "d", "d"])
    table = agreement.bootstrap_intervals(gold, coded, units, codebook, resamples=500, seed=1).set_index("theme")
    point = agreement.agreement(gold, coded, codebook).set_index("theme")
    for theme in ("response", "micro average"):
        assert table.loc[theme, "low"] <= point.loc[theme, "kappa"] <= table.loc[theme, "high"]
    assert table.loc["response", "high"] == 1.0
    assert table.loc["community", "defined"] == 0 and np.isnan(table.loc["community", "low"])
    assert 0 < table.loc["volunteering", "defined"] <= 1
    again = agreement.bootstrap_intervals(gold, coded, units, codebook, resamples=500, seed=1)
    pd.testing.assert_frame_equal(table.reset_index(), again)
    one_unit = agreement.bootstrap_intervals(gold, coded, pd.Series(["u"] * 8), codebook, resamples=50)
    assert one_unit.set_index("theme").loc["micro average", "low"] == pytest.approx(point.loc["micro average", "kappa"])


def test_the_paired_gain_is_the_difference_in_micro_f1_with_an_interval_of_the_difference(codebook):
    gold = pd.Series(["response", "response;volunteering", "", "volunteering", "response", "", "volunteering", ""])
    before = pd.Series(["", "response", "volunteering", "", "response", "", "", "response"])
    after = pd.Series(["response", "response", "volunteering", "volunteering", "response", "", "", ""])
    units = pd.Series(["a", "a", "b", "b", "c", "c", "d", "d"])
    f1 = {name: agreement.agreement(gold, coded, codebook).set_index("theme").loc["micro average", "f1"]
          for name, coded in (("before", before), ("after", after))}
    gain, low, high = agreement.paired_f1_gain(gold, before, after, units, codebook, resamples=500, seed=1)
    assert gain == pytest.approx(f1["after"] - f1["before"]) and gain > 0
    assert low <= gain <= high
    assert agreement.paired_f1_gain(gold, after, after, units, codebook, resamples=50) == (0.0, 0.0, 0.0)
    worse = agreement.paired_f1_gain(gold, after, before, units, codebook, resamples=500, seed=1)
    assert worse == pytest.approx((-gain, -high, -low)), "swapping the codings mirrors gain and interval"


def test_micro_f1_within_each_group_is_the_groups_own_micro_f1(codebook):
    gold = pd.Series(["response", "response;volunteering", "", "volunteering", "response", "", "", ""])
    coded = pd.Series(["response", "response", "volunteering", "volunteering", "", "", "", ""])
    groups = pd.Series(["x", "x", "y", "y", "z", "z", "w", "w"])
    within = agreement.micro_f1_within(gold, coded, groups, codebook)
    assert list(within.index) == ["x", "y", "z", "w"]
    for name in ("x", "y", "z"):
        rows = (groups == name).to_numpy()
        alone = agreement.agreement(gold[rows], coded[rows], codebook).set_index("theme").loc["micro average", "f1"]
        assert within[name] == pytest.approx(alone)
    assert within["z"] == 0 and np.isnan(within["w"]), "nothing found is 0; nothing to find or find is undefined"


def test_unsupported_names_patterns_vetoes_quotations_and_optionally_wording(tmp_path):
    path = tmp_path / "codebook.yml"
    path.write_text(
        "themes:\n"
        "  - id: trust\n    label: Trust\n    definition: D.\n"
        "    include: \"“trust is low”; “trust is gone”\"\n"
        "    patterns: [trust, distrust, '/\\b(?:low|missing) trust\\b|\\btrust is (?:low|gone)\\b/']\n"
        "    not: [never, rarely]\n",
        encoding="utf-8",
    )
    codebook = load_codebook(path)
    texts = ["Their trust is low.", "They never said so."]
    assert agreement.unsupported(codebook, texts) == [
        ("trust", "pattern", "distrust"), ("trust", "veto", "rarely"), ("trust", "quotation", "trust is gone")]
    wording = [w for w in agreement.unsupported(codebook, texts, wording=True) if w[1] == "alternative"]
    assert [w[2].split(" (in ")[0] for w in wording] == ["… trust…"], "'low trust' is unsupported; 'gone' is an ending"
    kept = agreement.restricted(codebook, texts).themes["trust"]
    assert [p.source for p in kept.patterns] == ["trust", "/\\b(?:low|missing) trust\\b|\\btrust is (?:low|gone)\\b/"]
    assert [v.source for v in kept.vetoes] == ["never"]


def test_intercoder_kappa_alpha_intervals_and_the_direction_of_disagreements(codebook):
    first = pd.Series(["response", "response;volunteering", "", "volunteering", "community", ""] * 2)
    second = pd.Series(["response", "response", "", "volunteering", "community", "community"] * 2)
    units = pd.Series(list("aabbcc") + list("ddeeff"))
    out = agreement.intercoder(first, second, units, codebook, resamples=300, seed=2)
    leaves = codebook.leaves()
    a = coder.indicator_matrix(first, codebook, parents=False)[leaves].to_numpy().ravel()
    b = coder.indicator_matrix(second, codebook, parents=False)[leaves].to_numpy().ravel()
    assert out["kappa"] == pytest.approx(cohen_kappa_score(a, b))
    assert out["alpha"] == pytest.approx(krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal"))
    assert out["kappa_low"] <= out["kappa"] <= out["kappa_high"] and out["alpha_low"] <= out["alpha"]
    assert (out["first_only"], out["second_only"]) == (2, 2) and out["mcnemar_p"] == pytest.approx(1.0)
    assert out["decisions"] == 12 * len(leaves) and (out["first_codes"], out["second_codes"]) == (10, 10)
    skewed = agreement.intercoder(first, pd.Series([""] * 12), units, codebook, resamples=10)
    assert skewed["second_only"] == 0 and skewed["mcnemar_p"] == pytest.approx(2 * 0.5 ** 10)


def test_mcnemar_exact_is_scipys_binomial_test():
    from scipy.stats import binomtest

    for b in range(0, 25):
        for c in range(0, 25):
            expected = binomtest(min(b, c), b + c, 0.5).pvalue if b + c else 1.0
            assert agreement.mcnemar_exact(b, c) == pytest.approx(expected, rel=1e-9, abs=1e-300), (b, c)
    assert agreement.mcnemar_exact(0, 153) == pytest.approx(2 * 0.5 ** 153, rel=1e-9)


def test_weighted_alpha_equals_the_krippendorff_package_on_the_rows_as_drawn():
    rng = np.random.default_rng(5)
    for _ in range(5):
        x = rng.integers(0, 2, 60)
        y = np.where(rng.random(60) < 0.8, x, 1 - x)
        counts = rng.integers(0, 3, 60)
        once = krippendorff.alpha(reliability_data=[x, y], level_of_measurement="nominal")
        drawn = krippendorff.alpha(reliability_data=[np.repeat(x, counts), np.repeat(y, counts)],
                                   level_of_measurement="nominal")
        got = agreement.weighted_alpha(np.vstack([np.ones(60), counts]), x, y)
        assert got == pytest.approx([once, drawn])
    assert np.isnan(agreement.weighted_alpha(np.ones((1, 4)), np.zeros(4, int), np.zeros(4, int)))[0]


def test_weighted_kappa_counts_rows_as_often_as_drawn():
    rng = np.random.default_rng(3)
    truth, coded = rng.integers(0, 2, (40, 3)), rng.integers(0, 2, (40, 3))
    counts = rng.integers(0, 3, 40)
    got = agreement.weighted_kappa(np.vstack([np.ones(40), counts]), truth, coded)
    expected = [agreement.binary_kappa(truth, coded),
                agreement.binary_kappa(np.repeat(truth, counts, axis=0), np.repeat(coded, counts, axis=0))]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_pooled_weighted_kappa_is_the_kappa_of_every_decision_counted_as_drawn():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(4)
    truth, coded = rng.integers(0, 2, (30, 5)), rng.integers(0, 2, (30, 5))
    counts = rng.integers(0, 3, 30)
    got = agreement.pooled_weighted_kappa(np.vstack([np.ones(30), counts]), truth, coded)
    drawn_truth, drawn_coded = np.repeat(truth, counts, axis=0), np.repeat(coded, counts, axis=0)
    expected = [cohen_kappa_score(truth.ravel(), coded.ravel()),
                cohen_kappa_score(drawn_truth.ravel(), drawn_coded.ravel())]
    np.testing.assert_allclose(got[:, 0], expected, rtol=1e-12)


def test_resample_weights_draw_whole_units():
    units = pd.Series(list("aabccc"))
    weights = agreement.resample_weights(units, 50, seed=1)
    assert weights.shape == (50, 6)
    assert (weights.sum(axis=1) > 0).all()
    assert (weights[:, 0] == weights[:, 1]).all() and (weights[:, 3] == weights[:, 5]).all(), "a unit's rows together"
    assert ((weights[:, [0, 2, 3]]).sum(axis=1) == 3).all(), "as many units drawn as there are"
    np.testing.assert_array_equal(weights, agreement.resample_weights(units, 50, seed=1))
    rng = np.random.default_rng(1)  # resample r draws n units uniformly: the stream's r-th n integers below n
    drawn = np.array([np.bincount(rng.integers(3, size=3), minlength=3) for _ in range(50)])
    np.testing.assert_array_equal(weights[:, [0, 2, 3]], drawn)


def test_load_gold_skips_interviews_not_in_the_book_and_refuses_unknown_paragraphs(tmp_path, codebook):
    paragraphs = pd.DataFrame({"interview": ["a", "a"], "paragraph": ["a:p01", "a:p02"]})
    path = tmp_path / "gold.csv"
    path.write_text("interview,paragraph,themes\na,a:p01,response\na,a:p02,\nremoved,removed:p01,community\n")
    gold = agreement.load_gold(path, codebook, paragraphs)
    assert list(gold.paragraph) == ["a:p01", "a:p02"]
    path.write_text("interview,paragraph,themes\na,a:p01,response\na,a:p09,\n")
    with pytest.raises(InputError, match="unknown paragraph 'a:p09'") as info:
        agreement.load_gold(path, codebook, paragraphs)
    assert info.value.line == 3


@pytest.mark.parametrize(("body", "message", "line"), [
    ("a:p01,dev\na:p09,test\n", "unknown paragraph 'a:p09'", 3),
    ("a:p01,dev\na:p02,held-out\n", "split must be dev or test", 3),
    ("a:p01,dev\na:p01,test\n", "appears twice", 3),
])
def test_load_split_names_the_line_of_a_bad_row(tmp_path, body, message, line):
    paragraphs = pd.DataFrame({"interview": ["a", "a"], "paragraph": ["a:p01", "a:p02"]})
    path = tmp_path / "split.csv"
    path.write_text("paragraph,split\n" + body)
    with pytest.raises(InputError, match=message) as info:
        agreement.load_split(path, paragraphs)
    assert info.value.line == line and info.value.path == path


def test_load_split_skips_interviews_not_in_the_book(tmp_path):
    paragraphs = pd.DataFrame({"interview": ["a", "a"], "paragraph": ["a:p01", "a:p02"]})
    path = tmp_path / "split.csv"
    path.write_text("paragraph,unit,split\na:p01,a:e0,dev\nremoved:p01,removed:e0,what\na:p02,a:e1,test\n")
    assert list(agreement.load_split(path, paragraphs).split) == ["dev", "test"]


def test_restricted_with_wording_prunes_unsupported_alternatives(tmp_path):
    path = tmp_path / "codebook.yml"
    path.write_text("themes:\n  - id: trust\n    label: Trust\n    definition: D.\n"
                    "    patterns: ['/\\b(?:low|missing|eroded) trust\\b/', distrust]\n", encoding="utf-8")
    codebook = load_codebook(path)
    texts = ["Their low trust shows."]
    strict = agreement.restricted(codebook, texts, wording=True).themes["trust"]
    assert [p.source for p in strict.patterns] == ["/\\b(?:low|missing|eroded) trust\\b/"], "distrust: unsupported"
    regex = strict.patterns[0].regexes[0]
    assert regex.search("low trust") and not regex.search("missing trust") and not regex.search("eroded trust")
    assert agreement.restricted(codebook, texts).themes["trust"].patterns[0].regexes[0].search("missing trust")


def test_quoted_paragraphs_are_those_holding_a_quotation_of_the_notes(tmp_path):
    path = tmp_path / "codebook.yml"
    path.write_text("themes:\n  - id: trust\n    label: Trust\n    definition: D.\n"
                    "    include: \"“trust is  low”\"\n    patterns: [trust]\n", encoding="utf-8")
    paragraphs = pd.DataFrame({"paragraph": ["a:p01", "a:p02", "a:p03"],
                               "text": ["Here trust is low.", "Trust is high.", "TRUST IS LOW, they said."]})
    assert agreement.quoted_paragraphs(load_codebook(path), paragraphs) == ["a:p01", "a:p03"], "whatever the case"
