"""The data a chapter loads (`interviews.report.chapter_data`), on the project's corpus."""

import shutil

import pandas as pd
import pytest

from interviews.errors import InputError
from interviews.report import chapter_data


@pytest.fixture(scope="module")
def themes(root):
    return chapter_data.load_themes(root)


def test_load_gives_one_interview_with_its_notes_and_answers(root):
    data = chapter_data.load("wang-zhongping-2022", root)
    assert data.interview.interviewee.name == "Wang Zhongping"
    assert len(data.paragraphs) == 15 and set(data.answers.role) == {"interviewee"} and len(data.answers) == 7
    assert data.overview["questions"] == 4 and data.overview["answers"] == 4
    assert data.notes.key_quotes, "the reading notes are loaded and verified"


def test_load_refuses_an_unknown_slug(root):
    with pytest.raises(KeyError, match="no interview with slug 'nobody-1999'; known: liu-youping-2020"):
        chapter_data.load("nobody-1999", root)


def test_totals_add_up_the_overview(root):
    corpus = chapter_data.load_all(root)
    totals = corpus.totals()
    assert totals["n_interviews"] == 2 and totals["n_paragraphs"] == 76
    assert totals["n_answers"] == 17 and totals["n_questions"] == 17
    assert totals["n_words"] == int(corpus.overview.words.sum())


def test_theme_data_names_notes_and_tables(themes):
    assert themes.names == {"liu-youping-2020": "Liu Youping", "wang-zhongping-2022": "Wang Zhongping"}
    assert themes.surnames == {"liu-youping-2020": "Liu", "wang-zhongping-2022": "Wang"}
    assert list(themes.all_notes()) == list(themes.names)
    assert len(themes.gold()) == 76 and set(themes.split().split) == {"dev", "test"}
    assert list(themes.documents().order) == sorted(themes.documents().order)
    frequencies = themes.word_frequencies()
    assert list(frequencies) == ["Liu Youping", "Wang Zhongping"]
    assert frequencies["Wang Zhongping"]["count"].is_monotonic_decreasing
    prevalence = themes.prevalence(["response"])
    assert set(prevalence.theme) == {"response"} and list(prevalence.interview) == list(themes.names)


def test_a_problem_with_an_unknown_theme_is_refused(project):
    notes = project / "data" / "annotations" / "wang-zhongping-2022.yml"
    text = notes.read_text(encoding="utf-8")
    assert "theme: weakness." in text
    notes.write_text(text.replace("theme: weakness.", "theme: weakness.nonsense", 1), encoding="utf-8")
    themes = chapter_data.load_themes(project)
    with pytest.raises(InputError, match="unknown theme 'weakness.nonsense"):
        themes.notes("wang-zhongping-2022")


def test_agreement_report_splits_the_gold_by_exchanges(themes, report):
    current = report.current
    assert len(current.test) + len(current.dev) == len(report.gold) == 76
    assert set(current.test.unit).isdisjoint(current.dev.unit), "no exchange on both sides"
    assert list(current.agreement_test.theme[-2:]) == ["micro average", "macro average"]


def test_codes_added_and_missed_on_the_test_half_agree_with_precision_and_recall(themes, report):
    numbers = report.numbers()
    for prefix, evaluation in (("test", report.current), ("v6-test", report.round_four), ("v8-test", report.round_six),
                               ("v9-test", report.round_seven)):
        micro = evaluation.agreement_test.set_index("theme").loc["micro average"]
        right = micro.recall * micro.support
        assert numbers[f"{prefix}-codes-missed"] == pytest.approx(micro.support - right)
        assert numbers[f"{prefix}-codes-added"] == pytest.approx(micro.predicted - right)


def test_evaluate_codes_only_the_interviews_the_gold_codes(themes, report):
    other = themes.coded[themes.coded.interview == "wang-zhongping-2022"]
    more = other.assign(interview="someone-else", paragraph=other.paragraph.str.replace("wang-zhongping-2022",
                                                                                         "someone-else"))
    grown = pd.concat([themes.coded, more], ignore_index=True)
    evaluation = chapter_data.evaluate(report.gold, grown, themes.codebook, themes.split())
    gold_interviews = themes.coded[themes.coded.interview.isin(report.gold.interview)]
    assert set(evaluation.coded.index) == set(gold_interviews.paragraph)
    assert evaluation.agreement_test.equals(report.current.agreement_test)


def test_agreement_report_reproduces_the_first_published_figures(themes, report):
    """The first codebook on the first split gives the figures that were published (and recomputed by review)."""
    numbers = report.numbers()
    assert round(numbers["v1-test-micro-kappa"], 3) == 0.844
    assert round(numbers["v1-test-macro-kappa"], 3) == 0.858
    assert round(numbers["v1-test-micro-f1"], 3) == 0.863
    assert round(numbers["recheck-micro-kappa"], 3) == 0.962
    assert (numbers["recheck-codes"], numbers["recheck-dropped"], numbers["recheck-added"]) == (153, 10, 0)
    assert numbers["v1-restricted-test-micro-kappa"] < numbers["v1-test-micro-kappa"]
    assert (numbers["v1-dev-empty-themes"], numbers["v1-dev-empty-test-positives"]) == (5, 10)
    assert numbers["v1-dev-empty-test-found"] == 10


def test_agreement_report_compares_the_blind_second_coding_over_every_decision(themes, report):
    numbers = report.numbers()
    assert numbers["second-decisions"] == 76 * len(themes.codebook.leaves())
    assert numbers["second-first-codes"] == 153
    assert numbers["second-first-codes"] - numbers["second-first-only"] + numbers["second-second-only"] == \
        numbers["second-second-codes"]
    assert numbers["second-kappa-low"] <= numbers["second-kappa"] <= numbers["second-kappa-high"]
    assert list(report.second.paragraph) == list(report.gold.paragraph)
    assert numbers["second-unquoted-test-paragraphs"] + numbers["second-quoted-test-paragraphs"] == numbers["n-test"]
    assert numbers["second-quoted-test-paragraphs"] <= numbers["second-quoted-paragraphs"]


def test_a_missing_gold_file_is_named(project):
    shutil.move(project / "data" / "gold" / "paragraph_themes.csv", project / "elsewhere.csv")
    with pytest.raises(InputError, match="paragraph_themes.csv"):
        chapter_data.load_themes(project).gold()


def without_hand_coding(project, slug):
    """Take an interview's rows out of the project's hand coding."""
    gold_file = project / "data" / "gold" / "paragraph_themes.csv"
    lines = gold_file.read_text(encoding="utf-8").splitlines(keepends=True)
    gold_file.write_text("".join(line for line in lines if not line.startswith(f"{slug},")), encoding="utf-8")


def test_best_uses_the_hand_coding_where_there_is_one(themes, project):
    assert set(themes.best.coding) == {"hand"}
    gold = themes.gold().set_index("paragraph").themes
    assert list(themes.best.themes) == list(themes.best.paragraph.map(gold))
    assert list(themes.best.evidence) == list(themes.coded.evidence), "the coder's evidence stays"
    assert themes.chart_names == themes.names
    without_hand_coding(project, "wang-zhongping-2022")
    partly = chapter_data.load_themes(project)
    wang = partly.best[partly.best.interview == "wang-zhongping-2022"]
    assert set(wang.coding) == {"coder"} and list(wang.themes) == list(wang.paragraph.map(partly.coded.set_index(
        "paragraph").themes))
    assert partly.chart_names["wang-zhongping-2022"] == "Wang Zhongping (automatic coding, provisional)"
    assert partly.review_summary().empty


def test_reviewed_paragraphs_use_the_reviewers_themes(project):
    from interviews import paths
    from interviews.coding import review

    without_hand_coding(project, "wang-zhongping-2022")
    themes = chapter_data.load_themes(project)
    wang = themes.coded[themes.coded.interview == "wang-zhongping-2022"]
    table = review.proposals(wang, themes.codebook)
    table.loc[[0, 1], "reviewed"] = "yes"
    table.loc[0, "themes"] = "weakness.trust"
    review.write(paths.review_file(project, "wang-zhongping-2022"), table)
    themes = chapter_data.load_themes(project)
    best = themes.best[themes.best.interview == "wang-zhongping-2022"].reset_index(drop=True)
    assert list(best.coding[:3]) == ["reviewed", "reviewed", "coder"]
    assert best.themes[0] == "weakness.trust" and best.themes[2] == table.proposed[2]
    assert themes.chart_names["wang-zhongping-2022"] == (
        f"Wang Zhongping (automatic coding, 2 of {len(table)} paragraphs reviewed)")
    summary = themes.review_summary().iloc[0]
    assert (summary.interview, summary.reviewed) == ("wang-zhongping-2022", 2)
    table["reviewed"] = "yes"
    review.write(paths.review_file(project, "wang-zhongping-2022"), table)
    assert chapter_data.load_themes(project).chart_names["wang-zhongping-2022"] == "Wang Zhongping (reviewed coding)"


def test_double_coded_compares_two_readers_and_the_coder(root):
    import pandas as pd

    from interviews import paths
    from interviews.coding import agreement, coder, validation
    from interviews.coding.codebook import load_codebook

    current = load_codebook(paths.codebook_file(root))
    written = validation.load(root, current)
    codings = chapter_data.round_codings(root, written[written["round"] == 1], current)
    nobody = pd.DataFrame(columns=["interview", "paragraph", "themes"])
    assert chapter_data.double_coded(written, nobody, codings, current)[0] == {}
    one = written[written.interview == written.interview.iloc[0]]
    first = coder.theme_sets(one.themes)
    dropped = [";".join(sorted(s)[1:]) for s in first]  # the second reader leaves out one theme of each paragraph
    twice = pd.DataFrame({"interview": one.interview, "paragraph": one.paragraph, "themes": dropped})
    out, per_theme = chapter_data.double_coded(written, twice, codings, current)
    stray = pd.DataFrame({"interview": ["x"], "paragraph": ["x:p01"], "themes": [""]})
    with pytest.raises(ValueError, match="x:p01"):
        chapter_data.double_coded(written, stray, codings, current)
    assert out["paragraphs"] == len(one) and out["interviews"] == 1
    assert out["readers-micro-precision"] == 1.0 and out["second-only"] == 0
    assert out["first-only"] == sum(1 for s in first if s) > 0
    assert out["readers-micro-f1-low"] <= out["readers-micro-f1"] <= out["readers-micro-f1-high"]
    round_codebook = load_codebook(paths.codebook_v3_file(root))  # the interview is round 1's
    coded = validation.coded(one.reset_index(drop=True), round_codebook)
    expected = agreement.agreement(one.themes.reset_index(drop=True), coded, current).set_index("theme")
    assert out["coder-first-micro-f1"] == pytest.approx(expected.loc["micro average", "f1"])
    assert list(per_theme.theme) == [t for t in current.leaves() if t in set(per_theme.theme)]
    assert per_theme["first"].sum() == sum(map(len, first))
    assert (per_theme["second"] <= per_theme["first"]).all()
    for row in per_theme.itertuples():
        assert (out[f"{row.theme}-first"], out[f"{row.theme}-second"]) == (row.first, row.second)
    reliable = per_theme[per_theme["first"] >= agreement.UNRELIABLE_SUPPORT].readers_kappa.dropna()
    assert (out["readers-theme-kappa-min"], out["readers-theme-kappa-max"]) == (reliable.min(), reliable.max())
    bounded = per_theme.dropna(subset=["readers_low"])
    assert len(bounded) and (bounded.readers_low <= bounded.readers_high).all(), "each kappa has its interval"


def test_validation_scores_score_each_round_with_its_codebook_and_the_one_before(root):
    from interviews import paths
    from interviews.coding import coder, validation
    from interviews.coding.codebook import load_codebook

    current = load_codebook(paths.codebook_file(root))
    written = validation.load(root, current)
    codings = chapter_data.round_codings(root, written, current)
    tables, sizes, counts, ranges, intervals, gains = chapter_data.validation_scores(written, codings, current)
    assert {"r1-v2-test", "r1-v3-test", "r1-v3-dev", "r2-v4-test", "r4-v6-test"} <= set(tables)
    micro = tables["r1-v3-dev"].set_index("theme").loc["micro average"]
    dev = validation.part(written, "dev", 1)
    assert micro.support == sum(map(len, coder.theme_sets(dev.themes))) and 0 < micro.f1 < 1
    assert sizes["r1-dev"] == len(dev) and counts["r1-dev"] == dev.interview.nunique()
    for key in (k for k in tables if k.endswith("-test")):
        low, high = ranges[f"{key}-interview-f1-min"], ranges[f"{key}-interview-f1-max"]
        assert 0 <= low <= tables[key].set_index("theme").loc["micro average", "f1"] <= high <= 1
    rounds = sorted(set(written["round"]))
    assert set(intervals) == {f"r{r}-{chapter_data.ROUND_CODEBOOKS[r][0]}-test" for r in rounds}
    before = {0: chapter_data.FIRST_PREVIOUS, **chapter_data.ROUND_CODEBOOKS}
    for r in (r for r in rounds if before[r - 1][0] != before[r][0]):  # a round that kept its codebook has no gain
        key = f"r{r}-{before[r][0]}-test"
        f1 = {name: tables[f"r{r}-{name}-test"].set_index("theme").loc["micro average", "f1"]
              for name in (before[r - 1][0], before[r][0])}
        assert gains[f"{key}-gain"] == pytest.approx(f1[before[r][0]] - f1[before[r - 1][0]])
        assert gains[f"{key}-gain-low"] <= gains[f"{key}-gain"] <= gains[f"{key}-gain-high"]


def test_pooled_scores_pool_every_round_the_latest_codebook_scored(root, report):
    from interviews.coding import validation

    written = validation.load(root, report.current.codebook)
    name = chapter_data.revised_in(validation.latest_round(written))[0]
    rounds = [r for r in sorted(set(written["round"])) if chapter_data.revised_in(r)[0] == name]
    pooled = report.validation_pooled
    assert (pooled["rounds"], pooled["first-round"], pooled["last-round"]) == (len(rounds), rounds[0], rounds[-1])
    tables = [report.validation[f"r{r}-{name}-test"].set_index("theme").loc["micro average"] for r in rounds]
    assert pooled["paragraphs"] == sum(report.validation_sizes[f"r{r}-test"] for r in rounds)
    found = sum(t.recall * t.support for t in tables)
    assert pooled["micro-f1"] == pytest.approx(2 * found / sum(t.support + t.predicted for t in tables))
    assert pooled["micro-f1-low"] <= pooled["micro-f1"] <= pooled["micro-f1-high"]
    assert pooled["micro-kappa-low"] <= pooled["micro-kappa"] <= pooled["micro-kappa-high"]
    assert pooled["difference"] == pytest.approx(tables[-1].f1 - tables[0].f1)
    assert pooled["difference-low"] < pooled["difference"] < pooled["difference-high"]
    assert report.numbers()["validation-pooled-micro-f1"] == pooled["micro-f1"]


@pytest.mark.parametrize(("low", "high", "phrase"), [(0.55, 0.64, "lies wholly below"), (0.65, 0.75, "covers"),
                                                     (0.70, 0.78, "lies wholly above")])
def test_the_pooled_interval_is_placed_against_the_goal(report, low, high, phrase):
    from dataclasses import replace

    pooled = {**report.validation_pooled, "micro-f1-low": low, "micro-f1-high": high}
    assert replace(report, validation_pooled=pooled).numbers()["validation-pooled-goal"] == phrase



def test_round_codings_code_each_paragraph_once_per_codebook_as_a_part_alone_would(root):
    from interviews import paths
    from interviews.coding import validation
    from interviews.coding.codebook import load_codebook

    current = load_codebook(paths.codebook_file(root))
    written = validation.load(root, current)
    early = written[written["round"] <= 2]
    codings = chapter_data.round_codings(root, early, current)
    assert list(codings) == ["v2", "v3", "v4"], "round 1: v2 and v3; round 2: v3 and v4"
    for name, last in (("v2", 1), ("v3", 2), ("v4", 2)):
        codebook, coded = codings[name]
        assert list(coded.index) == list(early.index[early["round"] <= last])
    codebook, coded = codings["v3"]
    test = validation.part(early, "test", 2)
    alone = validation.coded(test, codebook)
    rows = early.index[validation.in_part(early, "test", 2)]
    assert list(coded.loc[rows]) == list(alone), "a paragraph's codes do not depend on what is coded with it"
    assert (alone != "").any()
