from interviews.analysis.words import content_tokens, tokens, word_frequencies


def test_tokens_normalize_spelling_possessives_and_keep_hyphens():
    assert tokens("China’s organisations self-governance, Organizations' 2020") == [
        "china", "organizations", "self-governance", "organizations",
    ]


def test_content_tokens_drop_stopwords_and_short_words():
    assert content_tokens("We also think that the government is an ox") == ["government"]


def test_word_frequencies_sorted_by_count_then_word():
    freq = word_frequencies(["charity sector charity", "sector volunteers"])
    assert freq.to_dict("records") == [
        {"word": "charity", "count": 2},
        {"word": "sector", "count": 2},
        {"word": "volunteers", "count": 1},
    ]


def test_a_concept_token_is_one_word_with_its_spaces():
    assert tokens("social_organizations and NGOs") == ["social organizations", "and", "ngos"]
    assert content_tokens("many social_organizations") == ["social organizations"]


def test_content_tokens_give_a_new_list_each_time():
    first = content_tokens("Charity organizations and volunteers")
    first.append("changed")
    assert content_tokens("Charity organizations and volunteers") == ["charity", "organizations", "volunteers"]
