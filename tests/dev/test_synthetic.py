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


def test_project_with_interviews_adds_synthetic_chapters_through_add(root, tmp_path):
    from interviews import paths
    from interviews.corpus.metadata import load_interviews

    project = synthetic.project_with_interviews(root, tmp_path / "copy", 5)
    interviews = load_interviews(paths.metadata_file(project))
    assert [i.slug for i in interviews][2:] == ["synthetic-0001", "synthetic-0002", "synthetic-0003"]
    assert len({i.interviewee.name for i in interviews}) == 5, "every interviewee has a name of their own"
    assert paths.toc_chapters(project)[1:6] == [f"book/interviews/{i.slug}" for i in interviews]
    loaded = transcripts.load_corpus(project)[1]
    assert len(loaded["synthetic-0002"].paragraphs) == len(loaded["wang-zhongping-2022"].paragraphs)
    assert (project / "data" / "processed" / "figures" / "fig-synthetic-0003-wordcloud.csv").is_file()
    assert not (project / ".synthetic").exists() and not (root / "book" / "interviews" / "synthetic-0001.md").exists()
    with pytest.raises(ValueError, match="has 2 interviews already"):
        synthetic.project_with_interviews(root, tmp_path / "other", 1)
