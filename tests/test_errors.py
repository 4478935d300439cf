"""The one error for bad input and the YAML reader that raises it (`interviews.errors`)."""

import pytest

from interviews.errors import InputError, read_yaml, yaml_hint


def test_input_error_names_file_line_and_field():
    assert str(InputError("a.yml", "broken", line=3, field="x[0]")) == "a.yml:3: x[0]: broken"
    assert str(InputError("a.yml", "broken")) == "a.yml: broken"


def test_read_yaml_returns_the_data_and_the_node_with_lines(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("items:\n  - one\n  - two\n", encoding="utf-8")
    data, node = read_yaml(path, "list")
    assert data == {"items": ["one", "two"]}
    assert [item.start_mark.line + 1 for item in node.value[0][1].value] == [2, 3]


def test_read_yaml_accepts_a_byte_order_mark(tmp_path):
    path = tmp_path / "a.yml"
    path.write_bytes("\ufeffkey: value\n".encode())
    assert read_yaml(path, "file")[0] == {"key": "value"}


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"a: 1\nb: [2\nc: 3\n", "YAML syntax error", 3),
        ("a: 1\nb: caf\xe9\n".encode("latin-1"), "not UTF-8", 2),
    ],
)
def test_read_yaml_errors_name_the_line(tmp_path, content, message, line):
    path = tmp_path / "a.yml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_yaml(path, "file")
    assert info.value.path == path and info.value.line == line


def test_read_yaml_names_a_missing_file(tmp_path):
    with pytest.raises(InputError, match="codebook not found"):
        read_yaml(tmp_path / "missing.yml", "codebook")


@pytest.mark.parametrize(
    ("content", "hint", "line"),
    [
        ("quote: Lesson one: patience\n", "put the whole value in quotes", 1),
        ("a:\n\t- x\n", "YAML indents with spaces only", 2),
        ("quote: 'it's here'\n", "an apostrophe inside single quotes ends them", 1),
        ("a:\n  - b: 1\n   c: 2\n", "the indentation does not line up", 3),
        ('a: "never closed\nb: 2\n', "opened and never closed", 3),
    ],
)
def test_yaml_syntax_errors_say_what_they_usually_mean(tmp_path, content, hint, line):
    path = tmp_path / "a.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="YAML syntax error") as info:
        read_yaml(path, "file")
    assert "(probably " in info.value.message and hint in info.value.message and info.value.line == line


def test_an_unknown_problem_gets_no_invented_hint():
    assert yaml_hint("something PyYAML has never said") == ""


def test_a_key_given_twice_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("items:\n  - quote: one\n    paragraph: p01\n    quote: two\n", encoding="utf-8")
    with pytest.raises(InputError, match="key 'quote' is given twice") as info:
        read_yaml(path, "file")
    assert info.value.line == 4


def test_yaml_is_parsed_once_to_the_same_data_and_lines_as_the_pure_python_parser():
    import yaml

    from interviews.errors import _load_yaml

    text = "a: 1\nitems:\n  - {id: x, n: 2.5}\n  - id: y\n    note: 'it''s'\nempty:\n"
    data, node = _load_yaml(text)
    assert data == yaml.safe_load(text) == {"a": 1, "items": [{"id": "x", "n": 2.5}, {"id": "y", "note": "it's"}],
                                            "empty": None}
    lines = [item.start_mark.line for item in node.value[1][1].value]
    assert lines == [item.start_mark.line for item in yaml.compose(text).value[1][1].value] == [2, 3]
    assert _load_yaml("") == (None, None)
