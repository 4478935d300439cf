"""Where the project's files are (`interviews.paths`), the table of contents, atomic writes."""

import os

import pytest

from interviews import paths


def test_toc_pages_lists_every_chapter(root):
    pages = paths.toc_pages(root)
    assert pages[0] == "book/intro.html"
    assert "book/interviews/liu-youping-2020.html" in pages and "book/glossary.html" in pages
    assert all((root / p.replace(".html", ".md")).is_file() for p in pages)
    assert paths.toc_chapters(root) == [p.removesuffix(".html") for p in pages]


def test_project_root_is_found_from_a_subfolder(root):
    assert paths.project_root(root / "book" / "interviews") == root
    assert paths.project_root(root) == root


def test_write_atomic_replaces_whole_files_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "sub" / "t.txt"
    paths.write_atomic(target, "first")
    paths.write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert os.listdir(target.parent) == ["t.txt"]


def test_write_if_changed_leaves_a_file_that_already_holds_the_content(tmp_path):
    target = tmp_path / "t.csv"
    assert paths.write_if_changed(target, "a,b\n") is True
    os.utime(target, (1_000_000, 1_000_000))
    assert paths.write_if_changed(target, b"a,b\n") is False
    assert target.stat().st_mtime == 1_000_000, "an unchanged file keeps its time"
    assert paths.write_if_changed(target, "a,c\n") is True
    assert target.read_text() == "a,c\n" and target.stat().st_mtime != 1_000_000


def test_files_digest_follows_names_contents_and_order(tmp_path):
    (tmp_path / "a").write_text("x")
    (tmp_path / "b").write_text("y")
    digest = paths.files_digest([tmp_path / "a", tmp_path / "b"], tmp_path)
    assert digest == paths.files_digest([tmp_path / "a", tmp_path / "b"], tmp_path)
    assert digest != paths.files_digest([tmp_path / "b", tmp_path / "a"], tmp_path)
    (tmp_path / "a").rename(tmp_path / "c")
    assert paths.files_digest([tmp_path / "c", tmp_path / "b"], tmp_path) != digest, "a renamed file"
    (tmp_path / "c").rename(tmp_path / "a")
    (tmp_path / "b").write_text("z")
    assert paths.files_digest([tmp_path / "a", tmp_path / "b"], tmp_path) != digest, "a changed file"


def test_is_current_needs_the_output_and_the_same_key_in_the_stamp(tmp_path):
    output, stamp = tmp_path / "card.png", tmp_path / "stamp.json"
    assert not paths.is_current(output, stamp, "k1"), "nothing made yet"
    output.write_bytes(b"png")
    assert not paths.is_current(output, stamp, "k1"), "no stamp: not known what it was made from"
    paths.write_if_changed(stamp, "k1")
    assert paths.is_current(output, stamp, "k1")
    assert not paths.is_current(output, stamp, "k2"), "made from something else"
    output.unlink()
    assert not paths.is_current(output, stamp, "k1")


def test_write_atomic_gives_a_new_file_the_umasks_permissions_and_keeps_an_old_ones(tmp_path):
    umask = os.umask(0o022)
    try:
        paths.write_atomic(tmp_path / "new.txt", "x")
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644, "not the temporary file's 0600"
        (tmp_path / "old.txt").write_text("old")
        (tmp_path / "old.txt").chmod(0o640)
        paths.write_atomic(tmp_path / "old.txt", "new")
        assert (tmp_path / "old.txt").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


def test_write_atomic_keeps_the_old_file_when_the_write_fails(tmp_path, monkeypatch):
    target = tmp_path / "t.txt"
    target.write_text("old")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        paths.write_atomic(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["t.txt"], "the temporary file is removed"


def test_the_machines_cache_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("INTERVIEWS_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.user_cache_dir() == tmp_path / "home" / ".cache" / "interviews"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert paths.user_cache_dir() == tmp_path / "xdg" / "interviews"
    monkeypatch.setenv("INTERVIEWS_CACHE", str(tmp_path / "mine"))
    assert paths.user_cache_dir() == tmp_path / "mine"


def test_the_cache_keeps_the_most_recently_used_files_of_a_kind(tmp_path):
    folder = tmp_path / "kept"
    paths.keep(folder, "a.bin", b"A", most=2)
    paths.keep(folder, "b.bin", "B", most=2)
    paths.keep(folder, "other.txt", "not of the kind", most=2)
    os.utime(folder / "a.bin", ns=(10**18, 10**18))
    os.utime(folder / "b.bin", ns=(11 * 10**17, 11 * 10**17))  # both long ago, b later
    assert paths.cached(folder, "a.bin") == b"A", "read, and marked as just used"
    paths.keep(folder, "c.bin", b"C", most=2)
    assert sorted(p.name for p in folder.iterdir()) == ["a.bin", "c.bin", "other.txt"], "b, least recently used, went"
    assert paths.cached(folder, "b.bin") is None
    (tmp_path / "a file").write_text("x")
    paths.keep(tmp_path / "a file", "d.bin", b"D", most=2)  # cannot be written: ignored, as a cache's failure
    assert paths.cached(tmp_path / "a file", "d.bin") is None


def test_kept_or_made_makes_once_and_makes_again_what_is_unusable(tmp_path):
    made = []

    def make():
        made.append(1)
        return "text"

    assert paths.kept_or_made(tmp_path, "a.txt", make, most=4) == b"text"
    assert paths.kept_or_made(tmp_path, "a.txt", make, most=4) == b"text" and len(made) == 1
    assert paths.kept_or_made(tmp_path, "a.txt", make, most=4, usable=lambda data: False) == b"text"
    assert len(made) == 2


def test_toc_sources_are_each_chapters_markdown_else_its_notebook(tmp_path):
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\nparts:\n- chapters:\n"
                                       "  - file: a\n  - file: b.ipynb\n  - file: missing\n")
    for name in ("intro.md", "a.md", "a.ipynb", "b.ipynb"):
        (tmp_path / name).write_text("x")
    assert paths.toc_sources(tmp_path) == [tmp_path / "intro.md", tmp_path / "a.md", tmp_path / "b.ipynb"]
