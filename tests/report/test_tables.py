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


def test_main_frames_are_the_generated_main_tables(frames, root):
    main = tables.main_frames(root)
    assert list(main) == list(tables.MAIN_TABLES)
    for name, frame in main.items():
        pd.testing.assert_frame_equal(frame, frames[name])


def test_committed_figure_tables_are_read_from_the_files_without_a_check(frames, root, tmp_path):
    committed = tables.committed_figure_tables(root)
    generated = {name: frame for name, frame in frames.items() if name.startswith("figures/")}
    assert sorted(committed) == sorted(generated)
    for name, frame in committed.items():
        assert frame.shape == generated[name].shape, name
    text = tables.downloads(committed, root, check=False).data
    name = "figures/fig-log-odds.csv"
    assert f"{{download}}`{name} </data/processed/{name}>` | {len(generated[name])} |" in text


def test_stale_figure_tables_are_those_no_figure_draws(tmp_path):
    (tmp_path / "figures").mkdir()
    for name in ("fig-a.csv", "fig-b.csv", "fig-gone.csv"):
        (tmp_path / "figures" / name).write_text("x\n")
    generated = ["paragraphs.csv", "figures/fig-a.csv", "figures/fig-b.csv"]
    assert tables.stale_figure_tables(tmp_path, generated) == [tmp_path / "figures" / "fig-gone.csv"]
    assert tables.stale_figure_tables(tmp_path / "empty", generated) == []


def test_committed_tables_are_current(root):
    for name, text in tables.generated_tables(root).items():
        committed = (root / "data" / "processed" / name).read_text(encoding="utf-8")
        assert committed == text, f"data/processed/{name} is stale: run `make tables`"
