"""Synthetic corpora for the benchmark (`interviews.dev.synthetic`)."""

import pytest

from interviews.corpus import transcripts
from interviews.dev import synthetic


@pytest.fixture(scope="module")
def parsed(root):
    return transcripts.load_corpus(root)[1]


def test_synthetic_corpus_parses_to_the_paragraphs_it_was_made_of(parsed):
    made = synthetic.corpus(list(parsed.values()), 6)
    assert [s.interview.slug for s in made] == [f"synthetic-{i:04d}" for i in range(1, 7)]
    assert made == synthetic.corpus(list(parsed.values()), 6), "the same seed gives the same corpus"
    for s, real in zip(made, list(parsed.values()) * 3):
        parsed = transcripts.parse_text(s.text, s.interview, s.interview.slug).paragraphs
        assert len(parsed) == s.paragraphs == len(real.paragraphs)
        assert sorted(parsed.text) == sorted(" ".join(t.split()) for t in real.paragraphs.text)


def test_scaled_corpus_adds_interviews_with_distinct_interviewees_up_to_n(parsed):
    made = synthetic.scaled_corpus(list(parsed.values()), 50)
    assert len(made) == 48 and [s.interview.slug for s in made[:2]] == ["synthetic-03", "synthetic-04"]
    names = [s.interview.interviewee.name for s in made]
    assert len(set(names)) == 48 and len({n.split()[0] for n in names}) == 48, "distinct family names"
    assert not {"Liu", "Wang", "Ma"} & {n.split()[0] for n in names}
    assert synthetic.scaled_corpus(list(parsed.values()), 2) == []
    for s, real in zip(made[:2], parsed.values()):
        table = transcripts.parse_text(s.text, s.interview, s.interview.slug).paragraphs
        assert sorted(table.text) == sorted(" ".join(t.split()) for t in real.paragraphs.text)
        assert set(table[table.role == "interviewee"].speaker) == {s.interview.interviewee.name}


def test_theme_data_codes_the_real_and_synthetic_interviews(root):
    themes = synthetic.theme_data(root, 5)
    assert list(themes.names)[:2] == ["liu-youping-2020", "wang-zhongping-2022"] and len(themes.names) == 5
    assert set(themes.coded.interview) == set(themes.names)
    assert set(themes.best[themes.best.interview == "synthetic-03"].coding) == {"coder"}
    assert list(synthetic.theme_data(root, 1).names) == ["liu-youping-2020"]


def test_project_adds_interviews_as_add_does_and_passes_the_checks(root, tmp_path):
    from interviews.report import chapter_data
    from tests.helpers import call_cli

    made = synthetic.project(root, tmp_path / "book", 5)
    assert call_cli(made, "check").returncode == 0
    corpus = chapter_data.load_all(made)
    assert [i.slug for i in corpus.interviews] == ["liu-youping-2020", "wang-zhongping-2022", "synthetic-03",
                                                   "synthetic-04", "synthetic-05"]
    toc = (made / "_toc.yml").read_text(encoding="utf-8")
    assert all(f"book/interviews/synthetic-0{i}" in toc for i in (3, 4, 5))
    assert (made / "book" / "interviews" / "synthetic-05.md").is_file()
    heatmap = (made / "data" / "processed" / "figures" / "fig-theme-heatmap.csv").read_text(encoding="utf-8")
    assert "synthetic-05" in heatmap
    assert (root / "_toc.yml").read_text(encoding="utf-8").count("synthetic") == 0, "the project is untouched"
