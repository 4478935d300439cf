"""The published site's files (`interviews.report.website`): the PDF in the site, notebooks, the preview image."""

import struct
import zlib

import nbformat
import pytest

from interviews.errors import InputError
from interviews.report import website


def test_assemble_puts_the_pdf_into_the_site_and_marks_it_for_github_pages(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "index.html").write_text("<p>book</p>", encoding="utf-8")
    (tmp_path / "latex").mkdir()
    (tmp_path / "latex" / "book.pdf").write_bytes(b"%PDF-1.5 the book")
    site = website.assemble(tmp_path)
    assert site == tmp_path / "html"
    assert (site / "book.pdf").read_bytes() == b"%PDF-1.5 the book"
    assert (site / ".nojekyll").read_bytes() == b""
    assert (site / ".nojekyll").stat().st_mode & 0o044 == 0o044, "readable by a web server's user"


def test_assemble_refuses_a_build_without_the_pdf_or_the_html_and_names_the_file(tmp_path):
    with pytest.raises(InputError, match=r"html/index.html.*make html"):
        website.assemble(tmp_path)
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "index.html").write_text("<p>book</p>", encoding="utf-8")
    with pytest.raises(InputError, match=r"latex/book.pdf.*make pdf"):
        website.assemble(tmp_path)
    assert not (tmp_path / "html" / ".nojekyll").exists(), "nothing written when a part is missing"


def executed_chapter() -> nbformat.NotebookNode:
    """A chapter as MyST-NB leaves it after running it: random cell ids, timings, the build's metadata."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "jupytext": {"text_representation": {"format_name": "myst"}},
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python", "version": "3.11.7"},
        "source_map": [12, 17],
    }
    code = nbformat.v4.new_code_cell("print(1)", execution_count=1,
                                     outputs=[nbformat.v4.new_output("stream", name="stdout", text="1\n")])
    code.metadata = {"tags": ["remove-cell"], "execution": {"iopub.execute_input": "2026-11-01T10:00:00Z"}}
    nb.cells = [nbformat.v4.new_markdown_cell("# Chapter"), code]
    return nb


def test_download_notebook_keeps_the_outputs_and_explains_how_to_rerun_it():
    nb = website.download_notebook(executed_chapter(), "Liu Youping (2020)", "In Their Own Words",
                                   "book/interviews/liu-youping-2020.md")
    intro = nb.cells[0]
    assert intro.cell_type == "markdown" and intro.source.startswith("**Liu Youping (2020)**")
    assert "`book/interviews/liu-youping-2020.md`" in intro.source
    assert ".venv/bin/jupyter execute --inplace liu-youping-2020.ipynb" in intro.source
    assert "root folder of a clone" in intro.source
    code = nb.cells[2]
    assert code.outputs[0].text == "1\n" and code.execution_count == 1
    assert code.metadata == {"tags": ["remove-cell"]}, "the tags stay, the timings go"
    assert set(nb.metadata) == {"kernelspec", "language_info"}
    assert [c.id for c in nb.cells] == ["cell-0", "cell-1", "cell-2"]
    nbformat.validate(nb)


def test_download_notebook_is_the_same_bytes_for_the_same_chapter(tmp_path):
    first, second = executed_chapter(), executed_chapter()
    for cell in second.cells:
        cell.id = "0123abcd"  # another execution, other random ids
    second.cells[1].metadata["execution"] = {"iopub.execute_input": "2026-12-24T10:00:00Z"}
    paths = []
    for name, nb in (("a", first), ("b", second)):
        path = tmp_path / name / "chapter.ipynb"
        website.write_notebook(website.download_notebook(nb, "T", "B", "book/chapter.md"), path)
        paths.append(path)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert len(first.cells) == 2 and "source_map" in first.metadata, "the executed notebook is left as it was"


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body)
        chunks.append((kind, body))
        at += 12 + length
    return chunks


def test_preview_card_is_a_link_preview_sized_png_the_same_every_time(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWS_CACHE", str(tmp_path / "machine"))
    website.preview_card("In Their Own Words", "China's Social-Sector Leaders in Interview", tmp_path / "a.png")
    data = (tmp_path / "a.png").read_bytes()
    assert website._draw_preview("In Their Own Words", "China's Social-Sector Leaders in Interview") == data
    chunks = png_chunks(data)
    assert chunks[0][0] == b"IHDR" and struct.unpack(">II", chunks[0][1][:8]) == website.PREVIEW_SIZE
    assert not [body for kind, body in chunks if kind in (b"tEXt", b"iTXt", b"tIME")], "no software or date"
    with monkeypatch.context() as patch:
        patch.setattr(website, "_draw_preview", lambda *_: pytest.fail("drawn again"))
        website.preview_card("In Their Own Words", "China's Social-Sector Leaders in Interview", tmp_path / "b.png")
    assert (tmp_path / "b.png").read_bytes() == data, "the card drawn before, from the machine's cache"
    website.preview_card("Another Book", "", tmp_path / "c.png")
    assert (tmp_path / "c.png").read_bytes() != data, "the card shows the title"
