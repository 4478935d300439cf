import io
import subprocess
import sys

import pandas as pd

from interviews import cli, tables


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "interviews", *args], cwd=cwd, capture_output=True, text=True)


def test_parse_prints_paragraph_csv(root):
    result = run("parse", "data/raw/004_3c21b3ff8cb724c3.txt", cwd=root)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert list(frame.columns) == cli.PARAGRAPH_COLUMNS
    assert len(frame) == 15 and set(frame.interview) == {"wang-zhongping-2022"}


def test_unknown_file_exits_2_with_one_line(root):
    result = run("parse", "README.md", cwd=root)
    assert result.returncode == 2
    assert result.stderr.startswith("error: README.md: not a raw file listed in")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_check_reports_every_interview(root):
    result = run("check", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "liu-youping-2020: 61 paragraphs, 13 questions, 13 answers" in result.stdout
    assert "wang-zhongping-2022: 15 paragraphs, 4 questions, 4 answers" in result.stdout


def test_committed_tables_are_current(root):
    for name, text in tables.generated_tables(root).items():
        committed = (root / "data" / "processed" / name).read_text(encoding="utf-8")
        assert committed == text, f"data/processed/{name} is stale: run `make tables`"


def test_tables_writes_to_out_dir(root, tmp_path):
    result = run("tables", "--out", str(tmp_path), cwd=root)
    assert result.returncode == 0, result.stderr
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.csv"))
    expected = {"paragraphs.csv", "coded_paragraphs.csv", "interviews_overview.csv", "figures/fig-log-odds.csv"}
    assert expected <= set(names)


def test_freshen_clears_stale_cache_only_when_inputs_change(root, tmp_path):
    build = tmp_path / "_build"
    (build / ".jupyter_cache").mkdir(parents=True)
    assert "inputs changed" in run("freshen", "--build-dir", str(build), cwd=root).stdout
    assert not (build / ".jupyter_cache").exists()
    (build / ".jupyter_cache").mkdir()
    assert "unchanged" in run("freshen", "--build-dir", str(build), cwd=root).stdout
    assert (build / ".jupyter_cache").exists()


def test_code_prints_themes_csv_for_both_interviews(root):
    result = run("code", "data/raw/000_cc888188d56cd67b.txt", "data/raw/004_3c21b3ff8cb724c3.txt", cwd=root)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert list(frame.columns) == ["interview", "paragraph", "speaker", "role", "themes", "text"]
    assert len(frame) == 76
    for themes in frame.themes:
        assert themes.split(";") == sorted(themes.split(";"))
    wang = frame.set_index("paragraph").loc["wang-zhongping-2022:p11"]
    assert "weakness.capacity" in wang.themes and wang.text.startswith("Realizing the")


def test_code_rejects_unknown_file_and_no_file(root):
    bad = run("code", "data/interviews.yml", cwd=root)
    assert bad.returncode == 2 and "not a raw file listed" in bad.stderr and bad.stdout == ""
    none = run("code", cwd=root)
    assert none.returncode == 2 and "name at least one raw transcript file" in none.stderr
