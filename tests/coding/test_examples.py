"""Tests of interviews.coding.examples: paragraphs written to train the classifier."""

import pytest

from interviews import paths
from interviews.coding import examples
from interviews.coding.codebook import load_codebook
from interviews.errors import InputError

GOOD = """\
- id: a-001
  target: weakness.talent
  kind: positive
  role: answer
  themes: [weakness.talent, weakness.capacity]
  text: >-
    Our best programme officer left to sell insurance;
    nobody can raise a family on 4,000 yuan.
- id: a-002
  themes: []
  text: I grew up in a village near Tianshui.
"""


@pytest.fixture(scope="module")
def codebook(root):
    return load_codebook(paths.codebook_file(root))


def write(tmp_path, text):
    path = tmp_path / "examples.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_examples_are_read_in_file_order_with_sorted_themes(tmp_path, codebook):
    frame = examples.load(write(tmp_path, GOOD), codebook)
    assert list(frame.paragraph) == ["example:a-001", "example:a-002"]
    assert frame.text[0] == ("Our best programme officer left to sell insurance; "
                             "nobody can raise a family on 4,000 yuan.")
    assert list(frame.themes) == ["weakness.capacity;weakness.talent", ""]


@pytest.mark.parametrize(("old", "new", "message", "line"), [
    ("id: a-002", "id: a-001", "'a-001' is given twice", 9),
    ("themes: []", "themes: [weakness]", r"unknown or parent theme\(s\) \['weakness'\]", 9),
    ("themes: []", "themes: [talent]", r"\['talent'\]", 9),
    ("target: weakness.talent", "target: talent", r"\['talent'\]", 1),
    ("kind: positive", "kind: maybe", "kind", 3),
    ("  themes: []\n", "  theme: []\n", "unknown key 'theme'", 10),
    ("text: I grew up in a village near Tianshui.", "text: ''", "text", 11),
])
def test_a_bad_example_is_reported_with_its_file_and_line(tmp_path, codebook, old, new, message, line):
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(InputError, match=message) as info:
        examples.load(path, codebook)
    assert info.value.path == path and info.value.line == line


def test_a_missing_or_empty_file_is_an_error(tmp_path, codebook):
    with pytest.raises(InputError, match="training examples file not found"):
        examples.load(tmp_path / "none.yml", codebook)
    with pytest.raises(InputError):
        examples.load(write(tmp_path, "[]\n"), codebook)
