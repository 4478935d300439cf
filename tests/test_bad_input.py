"""Bad project files: one clear line naming file and line or field, exit 2, no traceback, nothing changed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import snapshot


def run(project, *args):
    return subprocess.run([sys.executable, "-m", "interviews", *args], cwd=project, capture_output=True, text=True)


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BREAKAGES = {
    "metadata-missing-field": ("data/interviews.yml", "    original_outlet: China Philanthropy Times\n", "",
                               "interviews.yml:", "missing required field(s): original_outlet"),
    "metadata-bad-date": ("data/interviews.yml", 'date: "2020-04-15"', 'date: "2020-04-31"',
                          "interviews.yml:", "not a calendar date"),
    "metadata-duplicate-slug": ("data/interviews.yml", "slug: wang-zhongping-2022", "slug: liu-youping-2020",
                                "interviews.yml:", "duplicate slug 'liu-youping-2020'"),
    "metadata-yaml-syntax": ("data/interviews.yml", "    title: \"Liu Youping:", "    title: [\"Liu Youping:",
                             "interviews.yml:", "YAML syntax error"),
    "codebook-duplicate-id": ("data/codebook.yml", "  - id: volunteering\n", "  - id: response\n",
                              "codebook.yml:", "duplicate id 'response'"),
    "codebook-unknown-parent": ("data/codebook.yml", "    parent: weakness\n", "    parent: weaknesses\n",
                                "codebook.yml:", "unknown parent 'weaknesses'"),
    "codebook-invalid-regex": ("data/codebook.yml", "      - fragment*\n", "      - '/fragment(/'\n",
                               "codebook.yml:", "invalid pattern"),
    "raw-file-changed": ("data/raw/004_3c21b3ff8cb724c3.txt", "Hozon", "H0zon",
                         "004_3c21b3ff8cb724c3.txt", "raw file changed"),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_broken_project_file(project, case):
    name, old, new, where, message = BREAKAGES[case]
    replace(project / name, old, new)
    before = snapshot(project)
    command = ["code", "data/raw/000_cc888188d56cd67b.txt"] if name == "data/codebook.yml" else ["check"]
    result = run(project, *command)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert where in lines[0] and message in lines[0]
    if name != "data/raw/004_3c21b3ff8cb724c3.txt":
        assert any(f":{n}:" in lines[0] for n in range(1, 500)), "the line number is named"
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert snapshot(project) == before


def test_debug_shows_the_traceback(project):
    replace(project / "data" / "interviews.yml", 'date: "2020-04-15"', 'date: "someday"')
    result = run(project, "--debug", "check")
    assert result.returncode == 2
    assert "Traceback" in result.stderr and result.stderr.strip().splitlines()[-1].startswith("error: ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("Q: caf\xe9?\n\nA: oui\n".encode("latin-1"), "not UTF-8"),
        (b"Just prose.\n\nNo speakers.\n", "no speaker labels found"),
        (b"Q: Hello?\n\nMARY ROE: Hi.\n", "unknown speaker label 'MARY ROE'"),
    ],
)
def test_bad_transcripts_are_refused_by_add(project, tmp_path, content, message):
    raw = tmp_path / "bad.txt"
    raw.write_bytes(content)
    before = snapshot(project)
    result = run(project, "add", str(raw), "--slug", "bad-2024", "--interviewee", "Jane Doe")
    assert result.returncode == 2 and message in result.stderr and str(raw) in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(project) == before


def test_bom_and_crlf_transcript_is_accepted(project, tmp_path):
    raw = tmp_path / "bom.txt"
    raw.write_bytes("\ufeffQ: Hello?\r\n\r\nA: Hi – “quoted”.\r\n".encode())
    result = run(project, "add", str(raw), "--slug", "bom-2024", "--interviewee", "Jane Doe")
    assert result.returncode == 0, result.stderr
    assert (project / "data" / "raw" / "bom.txt").read_bytes() == raw.read_bytes()  # copied unchanged


@pytest.mark.build
def test_build_refuses_a_changed_raw_file_and_names_it(project):
    from interviews import notebook

    replace(project / "data" / "raw" / "000_cc888188d56cd67b.txt", "Hubei", "Hubie")
    with pytest.raises(notebook.CellExecutionError) as info:
        notebook.execute(project / "book" / "intro.md")
    assert "raw file changed" in str(info.value) and "000_cc888188d56cd67b.txt" in str(info.value)
