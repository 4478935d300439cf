from pathlib import Path

import pytest

from interviews.corpus.metadata import load_interviews
from interviews.errors import InputError

GOOD = """\
interviews:
  - slug: jane-doe-2024
    title: "Jane Doe: a crafted interview"
    raw_file: jane.txt
    interviewee: {name: Jane Doe, role: Director, affiliation: Example Foundation}
    interviewer: {name: Reporter}
    original_outlet: Example Weekly
    date: "2024-05"
    date_certainty: stated
    translator: Nobody
    publisher: Example Weekly
    speakers:
      - {name: Jane Doe, role: interviewee, aliases: [Jane Doe, Doe]}
      - {name: Reporter, role: interviewer, aliases: [Interviewer]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "interviews.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_project_metadata_loads_in_file_order(root):
    interviews = load_interviews(root / "data" / "interviews.yml")
    assert [i.slug for i in interviews] == ["liu-youping-2020", "wang-zhongping-2022"]
    liu, wang = interviews
    assert liu.date == "2020-04-15" and liu.date_certainty == "stated"
    assert wang.date_certainty == "inferred" and "one year ago" in wang.date_reason
    assert wang.alias_map()["wang"].name == "Wang Zhongping"
    assert wang.alias_map()["interviewer"].role == "interviewer"
    assert liu.alias_map()["ma guangzhi"].role == "interviewer"


def test_good_record(tmp_path):
    (interview,) = load_interviews(write(tmp_path, GOOD))
    assert interview.interviewee.affiliation == "Example Foundation"
    assert interview.speakers[0].aliases == ("Jane Doe", "Doe")
    assert interview.year == 2024


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("    original_outlet: Example Weekly\n", "", "original_outlet", "missing required field"),
        ('date: "2024-05"', 'date: "2024-13"', "date", "not a calendar date"),
        ('date: "2024-05"', "date: May 2024", "date", "expected YYYY"),
        ("date_certainty: stated", "date_certainty: guessed", "date_certainty", "must be one of"),
        ("date_certainty: stated", "date_certainty: inferred", "date_reason", "needs a date_reason"),
        ("slug: jane-doe-2024", "slug: Jane Doe", "slug", "is not a slug"),
        ("raw_file: jane.txt", "raw_file: ../jane.txt", "raw_file", "plain file name"),
        ("publisher: Example Weekly", "publisher: Example Weekly\n    publsher: typo", "publsher",
         "unknown key 'publsher'"),
        ("aliases: [Interviewer]", "alias: [Interviewer]", "speakers[1].alias", "did you mean 'aliases'"),
        ("interviewer: {name: Reporter}", "interviewer: {name: Reporter, affilation: X}", "interviewer.affilation",
         "did you mean 'affiliation'"),
        ("title: \"Jane Doe: a crafted interview\"", "title: 2024", "title", "expected text, got a whole number"),
        ("aliases: [Interviewer]", "aliases: [Doe]", "speakers[1]", "already used"),
        ("role: interviewer, aliases", "role: host, aliases", "speakers[1].role",
         "must be one of interviewer, interviewee"),
    ],
)
def test_bad_record_names_file_line_and_field(tmp_path, old, new, field, message):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(InputError) as info:
        load_interviews(path)
    error = info.value
    assert error.path == path
    assert error.field and field in error.field
    assert message in error.message
    assert error.line is not None and error.line >= 2
    assert str(error).startswith(f"{path}:{error.line}: interviews[0].")


def test_duplicate_slug(tmp_path):
    record = GOOD.split("interviews:\n", 1)[1]
    second = record.replace("raw_file: jane.txt", "raw_file: other.txt")
    path = write(tmp_path, GOOD + second)
    with pytest.raises(InputError, match="duplicate slug 'jane-doe-2024'") as info:
        load_interviews(path)
    assert info.value.line == 15  # the second record's slug (GOOD has 14 lines)


def test_missing_top_level_key(tmp_path):
    with pytest.raises(InputError, match="top-level key 'interviews'"):
        load_interviews(write(tmp_path, "records: []\n"))
