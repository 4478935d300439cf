"""The alternatives of a hand-written regex, each as a regex of its own (`interviews.coding._alternatives`)."""

import re

from interviews.coding._alternatives import alternatives


def test_each_alternative_is_a_regex_with_the_rest_unchanged():
    found = alternatives(re.compile(r"\b(?:lack\w*|insufficient|too few)\s+staff\b", re.I))
    assert [text for text, _ in found] == ["lack…", "insufficient", "too few"]
    lack, insufficient, too_few = (regex for _, regex in found)
    assert lack.search("a LACKING staff") and not lack.search("insufficient staff")
    assert insufficient.search("insufficient staff") and not insufficient.search("too few staff")
    assert too_few.search("too few staff") and not too_few.search("too few people")


def test_nested_and_repeated_alternations_are_found_optional_ones_and_endings_are_not():
    regex = re.compile(r"(?:rel(?:y|ies)|depend|count(?:ing|ed on))\s+on(?:\s+(?:their|those))?(?:alpha|betas)+")
    found = alternatives(regex)
    assert [text for text, _ in found] == ["rel…", "depend", "count…", "ing", "ed on", "alpha", "betas"]
    ed_on = dict(found)["ed on"]
    assert ed_on.search("counted on onalpha") and not ed_on.search("counting onalpha")


def test_a_regex_without_alternation_has_none():
    assert alternatives(re.compile(r"\bcharity\b")) == []
