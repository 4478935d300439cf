"""The schemas of the hand-written data files (`interviews.corpus.schema`): keys, types, plain messages."""

import pytest
import yaml

from interviews.corpus import schema
from interviews.errors import InputError, read_yaml


def check(tmp_path, text, which):
    path = tmp_path / "f.yml"
    path.write_text(text, encoding="utf-8")
    data, node = read_yaml(path, "file")
    schema.validate(data, which, node, path)


@pytest.mark.parametrize("name", ["liu-youping-2020", "wang-zhongping-2022", "documents"])
def test_the_project_files_follow_their_schema(root, name):
    path = root / "data" / "annotations" / f"{name}.yml"
    data, node = read_yaml(path, "notes")
    assert schema.problems(data, schema.DOCUMENTS if name == "documents" else schema.NOTES, node) == []


def test_the_project_metadata_follows_its_schema(root):
    data, node = read_yaml(root / "data" / "interviews.yml", "metadata")
    assert schema.problems(data, schema.INTERVIEWS, node) == []


@pytest.mark.parametrize(
    ("text", "message", "line", "field"),
    [
        ("problems:\n  - problem: Trust\n    paragraph: p01\n    quotes: We need\n",
         "unknown key 'quotes' in problems[0]; did you mean 'quote'?", 4, "problems[0].quotes"),
        ("key_quote:\n  - paragraph: p01\n    quote: x\n", "did you mean 'key_quotes'?", 1, "key_quote"),
        ("proposals:\n  - proposal: More\n    paragraph: 7\n", "expected text, got a whole number", 3,
         "proposals[0].paragraph"),
        ("proposals:\n  - proposal: More\n    paragraph: 7a\n", "'7a' is not of the form p07", 3,
         "proposals[0].paragraph"),
        ("source_notes:\n  - paragraph: p01\n", "missing required field(s): note", 2, "source_notes[0].note"),
        ("key_quotes:\n  - quote: '  '\n    paragraph: p01\n", "must not be empty", 2, "key_quotes[0].quote"),
        ("problems: {problem: x}\n", "expected a list, got a mapping", 1, "problems"),
    ],
)
def test_notes_violations_name_line_field_and_fix(tmp_path, text, message, line, field):
    with pytest.raises(InputError) as info:
        check(tmp_path, text, schema.NOTES)
    assert message in info.value.message
    assert (info.value.line, info.value.field) == (line, field)


def test_the_first_problem_in_file_order_is_reported_with_a_count_of_the_rest(tmp_path):
    text = "key_quotes:\n  - quote: x\n    paragrph: p01\nproblems:\n  - problem: y\n    them: z\n"
    with pytest.raises(InputError) as info:
        check(tmp_path, text, schema.NOTES)
    assert info.value.line == 3 and "'paragrph'" in info.value.message
    assert info.value.message.endswith("(and 1 more problem)")


def test_metadata_speaker_keys_are_checked(tmp_path):
    text = ("interviews:\n  - slug: x\n    speakers:\n      - name: A\n        role: interviewee\n"
            "        alias: [A]\n")
    found = schema.problems(yaml.safe_load(text), schema.INTERVIEWS, yaml.compose(text))
    assert ("unknown key 'alias' in interviews[0].speakers[0]; did you mean 'aliases'? (allowed: name, role, "
            "aliases)", 6, "interviews[0].speakers[0].alias") in found


def test_node_at_and_field_name():
    node = yaml.compose("a:\n  - x: 1\n  - x: 2\n    y: 3\n")
    assert schema.line_of(schema.node_at(node, ["a", 1, "y"])) == 4
    assert schema.line_of(schema.node_at(node, ["a", 5])) == 2  # the deepest node on the way
    assert schema.field_name(["a", 1, "y"]) == "a[1].y"


def test_documents_need_full_paragraph_ids(tmp_path):
    with pytest.raises(InputError, match="'p01' is not of the form liu-youping-2020:p07"):
        check(tmp_path, "documents:\n  - document: Law\n    paragraphs: [p01]\n", schema.DOCUMENTS)
