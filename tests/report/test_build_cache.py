"""Clearing stale notebook outputs (`interviews.report.build_cache`)."""

import shutil

from interviews.report import build_cache


def _project(root, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(root / "data", copy / "data", ignore=shutil.ignore_patterns("processed"))
    (copy / "src" / "interviews").mkdir(parents=True)
    (copy / "src" / "interviews" / "m.py").write_text("x = 1\n")
    (copy / "requirements.txt").write_text("pandas==3\n")
    return copy


def test_freshen_clears_the_caches_only_when_an_input_changed(root, tmp_path):
    project, build = _project(root, tmp_path), tmp_path / "_build"
    for name in build_cache.CACHES:
        (build / name).mkdir(parents=True)
    assert build_cache.freshen(project, build) is True
    assert not any((build / name).exists() for name in build_cache.CACHES)
    (build / ".jupyter_cache").mkdir()
    assert build_cache.freshen(project, build) is False
    assert (build / ".jupyter_cache").exists(), "nothing changed: the cache stays"
    (project / "data" / "annotations" / "liu-youping-2020.yml").write_text("key_quotes: []\n")
    assert build_cache.freshen(project, build) is True
    assert not (build / ".jupyter_cache").exists()


def test_digest_ignores_generated_tables_and_bytecode(root, tmp_path):
    project = _project(root, tmp_path)
    before = build_cache.inputs_digest(project)
    (project / "data" / "processed").mkdir()
    (project / "data" / "processed" / "t.csv").write_text("a\n1\n")
    (project / "src" / "interviews" / "__pycache__").mkdir()
    (project / "src" / "interviews" / "__pycache__" / "m.pyc").write_bytes(b"\0")
    assert build_cache.inputs_digest(project) == before
    (project / "src" / "interviews" / "m.py").write_text("x = 2\n")
    assert build_cache.inputs_digest(project) != before
