import subprocess
from pathlib import Path

from interviews.dev import bench


def test_copy_tracked_copies_what_git_tracks(root, tmp_path):
    copy = bench.copy_tracked(root, tmp_path / "copy")
    assert (copy / "_toc.yml").read_bytes() == (root / "_toc.yml").read_bytes()
    assert (copy / "data" / "raw.sha256").is_file()
    assert not (copy / ".venv").exists() and not (copy / "_build").exists()


def test_notebook_chapters_are_the_toc_pages_with_a_kernel(root):
    chapters = bench.notebook_chapters(root)
    names = [p.relative_to(root).as_posix() for p in chapters]
    assert "book/interviews/liu-youping-2020.md" in names and "book/methods.md" in names
    assert "book/references.md" not in names  # plain Markdown, nothing to execute


def test_step_median_and_row():
    step = bench.Step("Clean HTML build", "<= 5 s", [3.0, 9.0, 4.0], "met")
    assert step.median == 4.0
    assert step.row() == "| Clean HTML build | 4.0 | 3.0–9.0 | 3 | <= 5 s | met |"


def test_report_states_the_goals_and_the_comparison():
    builds = [bench.Step("Rebuild, nothing changed", "<= 5 s", [2.0], "met")]
    throughput = [
        bench.Throughput(1000, 1, "this tree", [12.0, 11.0, 13.0], 38000, 150.0),
        bench.Throughput(1000, 2, "this tree", [8.0], 38000, 160.0),
        bench.Throughput(1000, 1, "abc1234", [150.0], 38000, 140.0),
    ]
    weights = [("book/themes/comparison.html", 30, 2_000_000, 600_000), ("book/intro.html", 25, 900_000, 200_000)]
    profiles = [bench.Profile("this tree", 100, 2.0, [("coding.py:150(code_text)", 3800, 0.5)])]
    text = bench.report(builds, throughput, weights, runs=3, compare="abc1234", profiles=profiles)
    assert "| Rebuild, nothing changed | 2.0 |  | 1 | <= 5 s | met |" in text
    assert "| 1,000 | 38,000 | this tree | 1 | 12.00 | 12.0 | 150 |" in text
    assert "Goal 1,000 interviews <= 10 s: 8.0 s with 2 job(s), met." in text
    assert "The rows for `abc1234` run that revision's parser and coder" in text
    assert "What made the parser and coder faster than `abc1234`" in text
    assert "**this tree**: 2.00 s of own time in all." in text
    assert "| `coding.py:150(code_text)` | 3,800 | 0.50 | 25% |" in text
    assert "The heaviest page is `book/themes/comparison.html`: 30 requests, 1953 KiB" in text


def test_synthetic_spec_round_trips_through_the_throughput_child(root):
    items = bench.synthetic_spec(root, 2)
    out = bench.run_throughput(root / "src", root, items, jobs=1, batch=True)
    assert out["paragraphs"] == 61 + 15
    assert out["seconds"] > 0 and out["peak_kb"] > 0


def test_top_functions_names_and_orders_by_own_time():
    raw = [["/x/src/interviews/coding.py", 150, "code_text", 10, 0.5],
           ["~", 0, "<method 'match' of 're.Pattern'>", 99, 0.7],
           ["/x/corpus.py", 3, "parse", 1, 0.5], ["/x/a.py", 1, "tiny", 1, 0.01]]
    top = bench.top_functions(raw, count=3)
    assert top == [("<method 'match' of 're.Pattern'>", 99, 0.7), ("coding.py:150(code_text)", 10, 0.5),
                   ("corpus.py:3(parse)", 1, 0.5)]


def test_profile_step_profiles_the_real_coder(root):
    (profile,) = bench.profile_steps(root, compare=None, interviews=2)
    assert profile.code == "this tree" and profile.interviews == 2 and profile.total > 0
    assert len(profile.top) == 6 and profile.top[0][2] >= profile.top[-1][2]
    assert any("_fast.py" in name or "coder.py" in name for name, _, _ in profile.top), profile.top


def test_revision_src_extracts_a_revision_and_cleans_up(root):
    with bench.revision_src(root, "HEAD") as src:
        committed = subprocess.run(["git", "show", "HEAD:src/interviews/cli.py"], cwd=root, capture_output=True)
        assert (src / "interviews" / "cli.py").read_bytes() == committed.stdout
        codebook = subprocess.run(["git", "show", "HEAD:data/codebook.yml"], cwd=root, capture_output=True)
        assert (src.parent / "data" / "codebook.yml").read_bytes() == codebook.stdout, "the revision's own codebook"
    assert not src.exists()
    with bench.revision_src(root, None) as nothing:
        assert nothing is None


def test_scale_section_reports_the_cost_of_each_added_chapter_and_the_goals():
    steps = [bench.Scale(2, 11, [18.0, 20.0, 19.0], [10.0], [8.0], ["book/interviews/liu-youping-2020.md"]),
             bench.Scale(12, 21, [41.0], [14.0], [9.0], ["book/interviews/liu-youping-2020.md", "book/intro.md"]),
             bench.Scale(50, 59, [200.0], [100.0], [12.0, 9.0, 13.0], [])]
    text = "\n".join(bench.scale_section(steps))
    assert "| 2 | 11 | 19.0 (3) | 10.0 |  | 8.0 (1) | 1: `book/interviews/liu-youping-2020.md` |" in text
    assert "| 12 | 21 | 41.0 (1) | 14.0 | 2.20 | 9.0 (1) | 2: " in text
    assert "| 50 | 59 | 200.0 (1) | 100.0 | 3.77 | 12.0 (3) | 0:  |" in text
    assert "clean HTML build of today's book <= 20 s: 19.0 s, met" in text
    assert "each added interview chapter <= 2 s (12 interviews): 2.20 s, not met" in text
    assert "50-interview book, clean HTML <= 180 s: 200 s, not met" in text
    assert "50-interview book, PDF <= 180 s: 100 s, met" in text
    assert "rebuilt book <= 10 s (50 interviews): 12.0 s, not met" in text
    assert bench.scale_section([]) == []


def test_scale_steps_build_the_largest_book_once_and_change_its_notes_runs_times(monkeypatch):
    calls = []

    def fake_run(root, n, run, step, notes, synthetic, edits=1):
        calls.append((n, run, edits))
        step = step or bench.Scale(n, n + 7)
        step.html.append(1.0), step.pdf.append(1.0), step.notes.extend([1.0] * edits)
        return step

    monkeypatch.setattr(bench, "_scale_run", fake_run)
    steps = bench.scale_steps(Path("."), 3, sizes=(2, 50), log=lambda line: None)
    assert calls == [(2, 0, 1), (2, 1, 1), (2, 2, 1), (50, 0, 3)]
    assert [len(s.notes) for s in steps] == [3, 3] and [len(s.html) for s in steps] == [3, 1]


def test_scale_section_says_which_book_did_not_build():
    steps = [bench.Scale(2, 11, [18.0], [10.0], [8.0], []),
             bench.Scale(12, 21, error="comparison.md:301: WARNING: No key 'x' found in glue data")]
    text = "\n".join(bench.scale_section(steps))
    assert "| 12 | 21 | not built: comparison.md:301: WARNING: No key 'x' found in glue data | | | | |" in text
    assert "each added interview chapter" not in text
    assert bench.scale_section(steps[1:])[-1].startswith("| 12 | 21 | not built"), "no goals without a book"
