"""Build the whole book, HTML and PDF, strictly (-n -W --keep-going) into a temporary folder."""

from __future__ import annotations

import re
import subprocess

import pytest

from interviews import paths

pytestmark = pytest.mark.build

CHINESE = ["善达网", "刘佑平", "马广志", "行业组织"]


def test_every_toc_page_has_html(build, root):
    for file in paths.toc_chapters(root):
        page = build / "html" / f"{file}.html"
        assert page.is_file(), f"missing {page}"
        html = page.read_text(encoding="utf-8")
        assert '<html lang="en"' in html
        assert "Traceback" not in html and "output error" not in html and "output traceback" not in html
        assert "IPython.core.display" not in html, f"{file}: an output shows its repr, not its content"
    assert (build / "html" / "index.html").is_file()


EXPECTED_FIGURES = {"book/interviews/": 2, "book/themes/weaknesses": 1, "book/themes/government": 2,
                    "book/themes/comparison": 6}


def test_figures_have_alt_text_captions_and_data(build, root):
    for file in paths.toc_chapters(root):
        html = (build / "html" / f"{file}.html").read_text(encoding="utf-8")
        images = re.findall(r"<img [^>]*>", html)
        expected = next((n for prefix, n in EXPECTED_FIGURES.items() if file.startswith(prefix)), 0)
        assert len(images) == expected, f"{file}: {len(images)} images, expected {expected}"
        for img in images:
            alt = re.search(r'alt="([^"]*)"', img)
            assert alt and len(alt.group(1)) > 40, f"{file}: image without a real alt text: {img[:120]}"
        assert html.count('class="caption-number"') == expected
        if expected:
            links = re.findall(r'href="([^"]+\.csv)"', html)
            assert len(links) == expected, f"{file}: every figure needs its data link"
            for link in links:
                target = (build / "html" / file).parent / link
                assert target.resolve().is_file(), f"{file}: broken data link {link}"


def test_chapter_numbers_are_computed(build):
    html = (build / "html" / "book" / "interviews" / "liu-youping-2020.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert re.search(r"Ma Guangzhi asks\s+13\s+questions", text)
    assert re.search(r"answers run to\s+3721\s+words", text)


def test_pdf_has_every_chapter_and_chinese_glyphs(build, root):
    pdf = build / "latex" / "book.pdf"
    assert pdf.is_file()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    squashed = re.sub(r"\s+", "", text)
    for word in CHINESE:
        assert word in squashed, f"{word} missing from the PDF text"
    for title in ("Liu Youping (2020)", "Wang Zhongping (2022)", "Methods", "How to read this book"):
        assert title in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts
    for line in fonts.splitlines()[2:]:
        assert line.split()[-5] == "yes", f"font not embedded: {line}"


def test_latex_log_has_no_missing_characters(build):
    log = (build / "latex" / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log


def test_pdf_title_page_has_title_subtitle_and_date(build):
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(build / "latex" / "book.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    flat = " ".join(first.replace("’", "'").split())
    assert "In Their Own Words" in flat
    assert "China's Social-Sector Leaders in Interview" in flat
    assert "published in English by China Development Brief" in flat
    assert re.search(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                     r" 20\d\d\b", flat), flat


def test_pdf_has_glossary_references_and_data_dictionary(build):
    text = subprocess.run(["pdftotext", str(build / "latex" / "book.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for expected in ("Glossary", "pivot organizations", "References", "Landis", "Fightin", "Data dictionary",
                     "data/processed/paragraphs.csv"):
        assert expected in flat, expected
