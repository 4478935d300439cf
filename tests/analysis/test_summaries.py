import pandas as pd

from interviews.analysis import summaries


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
