"""The raw-file manifest (`interviews.corpus.manifest`)."""

import shutil

import pytest

from interviews.corpus import manifest
from interviews.errors import InputError

SEEDS = {"000_cc888188d56cd67b.txt", "004_3c21b3ff8cb724c3.txt"}


def test_raw_files_are_the_seeds_byte_for_byte(root):
    hashes = manifest.verify(root)
    assert set(hashes) == SEEDS
    seeds = root.parent / "shared" / "seeds"
    if seeds.is_dir():  # beside the project on the team's machines
        for name in hashes:
            assert (seeds / name).read_bytes() == (root / "data" / "raw" / name).read_bytes()


def _copy(root, tmp_path):
    copy = tmp_path / "project"
    (copy / "data").mkdir(parents=True)
    shutil.copytree(root / "data" / "raw", copy / "data" / "raw")
    shutil.copy(root / "data" / "raw.sha256", copy / "data" / "raw.sha256")
    return copy


def test_changed_raw_file_is_detected(tmp_path, root):
    copy = _copy(root, tmp_path)
    target = copy / "data" / "raw" / "004_3c21b3ff8cb724c3.txt"
    target.write_bytes(target.read_bytes().replace(b"Hozon", b"H0zon", 1))
    with pytest.raises(InputError, match="raw file changed") as info:
        manifest.verify(copy)
    assert info.value.path == target


@pytest.mark.parametrize(
    ("line", "message"),
    [("not a digest  x.txt\n", "expected '<sha256>  <file name>'"), (f"{'0' * 64}  missing.txt\n", "does not exist")],
)
def test_bad_manifest_line_names_its_line(tmp_path, root, line, message):
    copy = _copy(root, tmp_path)
    path = copy / "data" / "raw.sha256"
    path.write_text(path.read_text() + line)
    with pytest.raises(InputError, match=message) as info:
        manifest.verify(copy)
    assert info.value.line == 3


def test_missing_manifest(tmp_path):
    with pytest.raises(InputError, match="manifest of raw files not found"):
        manifest.verify(tmp_path)


def test_entry_and_without_round_trip():
    text = manifest.entry("a.txt", b"one") + manifest.entry("b.txt", b"two")
    assert text.splitlines()[0] == "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed  a.txt"
    assert manifest.without(text, "a.txt") == manifest.entry("b.txt", b"two")
    assert manifest.without(text, "c.txt") == text
