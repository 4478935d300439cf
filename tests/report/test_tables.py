import pandas as pd
import pytest

from interviews.report import tables


@pytest.fixture(scope="module")
def frames(root):
    return tables.generated_frames(root)


def test_data_dictionary_describes_every_column_with_its_type(frames):
    dictionary = tables.data_dictionary(frames)
    for name in tables.MAIN_TABLES:
        rows = dictionary[dictionary.table == name]
        assert list(rows.column) == list(frames[name].columns)
        assert rows.meaning.str.len().min() > 10
    kind = {(r.table, r.column): r.type for r in dictionary.itertuples()}
    assert kind["paragraphs.csv", "words"] == "integer"
    assert kind["paragraphs.csv", "text"] == "text"
    assert kind["interviews_overview.csv", "answer_share"] == "decimal number"


def test_data_dictionary_refuses_an_undescribed_or_missing_column(frames):
    changed = dict(frames)
    changed["paragraphs.csv"] = frames["paragraphs.csv"].assign(extra=1)
    with pytest.raises(ValueError, match="paragraphs.csv.*extra"):
        tables.data_dictionary(changed)
    changed["paragraphs.csv"] = frames["paragraphs.csv"].drop(columns="line")
    with pytest.raises(ValueError, match="line"):
        tables.data_dictionary(changed)


def test_downloads_link_each_fresh_table_and_refuse_a_stale_one(frames, root):
    main = {name: frames[name] for name in tables.MAIN_TABLES}
    text = tables.downloads(main, root).data
    for name, frame in main.items():
        assert f"{{download}}`{name} </data/processed/{name}>` | {len(frame)} | {len(frame.columns)} |" in text
        assert f"| `data/processed/{name}` |" in text  # the PDF names the path instead
    stale = {"paragraphs.csv": pd.concat([frames["paragraphs.csv"]] * 2)}
    with pytest.raises(RuntimeError, match="stale"):
        tables.downloads(stale, root)


def test_committed_tables_are_current(root):
    for name, text in tables.generated_tables(root).items():
        committed = (root / "data" / "processed" / name).read_text(encoding="utf-8")
        assert committed == text, f"data/processed/{name} is stale: run `make tables`"
