import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from interviews.analysis import summaries, words


def test_central_sentences_prefers_shared_vocabulary_and_keeps_source_order():
    paragraphs = pd.DataFrame({
        "paragraph": ["x:p01", "x:p02", "x:p03"],
        "text": [
            "Volunteers build community platforms every single day. The weather was pleasant and mild today.",
            "Community platforms need volunteers and steady funding from donors.",
            "A cat slept on the warm windowsill all afternoon long. Volunteers and community platforms grow together.",
        ],
    })
    picked = summaries.central_sentences(paragraphs, k=2)
    assert picked.paragraph.tolist() == sorted(picked.paragraph.tolist())  # source order
    assert all("ommunity platforms" in s for s in picked.sentence)
    assert not any("cat" in s or "weather" in s for s in picked.sentence)


def test_short_texts_return_all_sentences():
    paragraphs = pd.DataFrame({"paragraph": ["x:p01"], "text": ["Only one sentence here of enough words."]})
    assert len(summaries.central_sentences(paragraphs, k=5)) == 1


def test_tfidf_rows_are_scikit_learns_weights_over_the_content_words():
    texts = ["Volunteers, volunteers and more volunteers came to the community.",
             "The community's platforms need funding; funding needs trust.",
             "It is what it is.", "Trust grows where volunteers are seen at work."]
    expected = TfidfVectorizer(analyzer=lambda t: words.content_tokens(t, min_length=2), sublinear_tf=True)
    expected = expected.fit_transform(texts).toarray()
    rows = summaries.tfidf_rows(texts)
    assert rows.shape == expected.shape and np.allclose(rows, expected)
    assert not rows[2].any(), "only stop words: a row of zeros"
    assert np.allclose(np.linalg.norm(rows[[0, 1, 3]], axis=1), 1.0)
