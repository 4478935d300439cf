"""The Sphinx extension for what a web reader expects (`interviews.report.sphinx_web`)."""

import io
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils.core import publish_doctree

from interviews.report import sphinx_web, website

BOOK = "A Small Book: Read Online"
INDEX = """\
The first page
==============

*To re-run this page as a notebook*, see the methods.

.. note::

   An admonition is not the page's prose, however long its paragraph may be.

This page opens the book & its prose: it is long enough to be a description of the page for search engines
and link previews, and goes on past one hundred and sixty characters so that it must be shortened.

.. toctree::

   second
"""
SECOND = """\
The second page
===============

+---------------------------------------------+
| Only a table, whose cells are not the prose |
+---------------------------------------------+
"""


def build(tmp_path: Path, baseurl: str = "") -> tuple[Path, str]:
    """A two-page Sphinx site with the book's theme and the extension; its output folder and warnings."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "conf.py").write_text(
        f"extensions = ['interviews.report.sphinx_web']\nhtml_theme = 'sphinx_book_theme'\n"
        f"html_title = {BOOK!r}\nhtml_baseurl = {baseurl!r}\nlanguage = 'en'\n", encoding="utf-8")
    (src / "index.rst").write_text(INDEX, encoding="utf-8")
    (src / "second.rst").write_text(SECOND, encoding="utf-8")
    warnings = io.StringIO()
    with docutils_namespace():  # Sphinx's registrations undone afterwards, as sphinx.testing does
        app = Sphinx(str(src), str(src), str(out), str(tmp_path / "doctrees"), "html", status=None,
                     warning=warnings, freshenv=True)
        app.build()
    return out, warnings.getvalue()


def meta(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)" />', html))


def test_base_url_and_its_path():
    assert sphinx_web.base_url(SimpleNamespace(html_baseurl="https://x.github.io/repo")) == "https://x.github.io/repo/"
    assert sphinx_web.base_url(SimpleNamespace(html_baseurl="")) == ""
    assert sphinx_web.base_url(SimpleNamespace(html_baseurl=None)) == ""
    assert sphinx_web.url_prefix("https://x.github.io/repo/") == "/repo/"
    assert sphinx_web.url_prefix("https://x.github.io/a/b") == "/a/b/"
    assert sphinx_web.url_prefix("https://book.example.org/") == "/"
    assert sphinx_web.url_prefix("") == "/"


def test_shorten_cuts_at_a_word_and_marks_the_cut():
    assert sphinx_web.shorten("a  short\ntext") == "a short text"
    long = "word " * 50
    cut = sphinx_web.shorten(long)
    assert len(cut) <= sphinx_web.DESCRIPTION_LENGTH and cut.endswith(" …") and cut.startswith("word word")


def test_page_description_is_the_first_paragraph_of_prose():
    doctree = publish_doctree(INDEX.split(".. toctree::")[0])
    description = sphinx_web.page_description(doctree, "fallback")
    assert description.startswith("This page opens the book & its prose")
    assert len(description) <= sphinx_web.DESCRIPTION_LENGTH and description.endswith("…")
    assert sphinx_web.page_description(publish_doctree(SECOND), "The second page: a chapter.") == \
        "The second page: a chapter."
    short = publish_doctree("Title\n=====\n\nToo short to say much.\n")
    assert sphinx_web.page_description(short, "fallback") == "fallback"


def test_social_tags_copy_open_graph_into_twitter_cards():
    og = ('<meta property="og:title" content="T" />\n<meta property="og:url" content="https://x.org/b/p.html" />\n'
          '<meta property="og:description" content="D" />\n'
          '<meta property="og:image" content="https://x.org/b/_static/preview.png" />\n')
    tags = sphinx_web.social_tags(og, "../", has_base_url=True)
    assert tags.startswith(og)
    assert meta(tags)["twitter:card"] == "summary_large_image"
    assert meta(tags)["twitter:image"] == "https://x.org/b/_static/preview.png"
    assert meta(tags)["twitter:title"] == "T" and meta(tags)["twitter:description"] == "D"
    relative = og.replace("https://x.org/b/p.html", "p.html").replace("https://x.org/b/_static", "_static")
    tags = sphinx_web.social_tags(relative, "../", has_base_url=False)
    assert "og:url" not in tags, "no og:url without the book's URL"
    assert meta(tags)["og:image"] == meta(tags)["twitter:image"] == "../_static/preview.png"
    assert meta(sphinx_web.social_tags('<meta property="og:title" content="T" />\n', "", False))["twitter:card"] == \
        "summary"


def test_site_without_a_base_url_has_descriptions_a_404_page_at_the_root_and_one_search_box(tmp_path):
    out, warnings = build(tmp_path)
    assert warnings == ""
    index = (out / "index.html").read_text(encoding="utf-8")
    tags = meta(index)
    assert tags["description"].startswith("This page opens the book &amp; its prose")
    assert tags["og:description"] == tags["twitter:description"] == tags["description"]
    assert tags["og:site_name"] == BOOK and tags["og:image"] == "_static/preview.png"
    assert "og:url" not in tags and 'rel="canonical"' not in index
    assert meta((out / "second.html").read_text(encoding="utf-8"))["description"] == \
        f"The second page: a chapter of {BOOK}."
    assert not (out / "sitemap.xml").exists(), "a sitemap needs absolute URLs"
    assert (out / "_static" / "preview.png").read_bytes()[:4] == b"\x89PNG"
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert 'href="/index.html"' in not_found and 'href="/_static/' in not_found
    assert "navbar-persistent--container" not in index, "no second search box in a header bar"
    assert index.count("search-button-field") == 1
    menu = re.search(r'<div class="dropdown dropdown-download-buttons">.*?</ul>', index, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', menu) == ["_sources/index.rst", "book.pdf"]
    assert "window.print" not in menu and "Download the whole book as PDF" in menu


def test_the_preview_card_is_drawn_again_only_when_the_title_changes(tmp_path, monkeypatch):
    drawn = []
    monkeypatch.setattr(website, "preview_card", lambda title, subtitle, path: (
        drawn.append(title), path.parent.mkdir(parents=True, exist_ok=True), path.write_bytes(b"png")))
    app = SimpleNamespace(outdir=str(tmp_path / "html"), doctreedir=str(tmp_path / "doctrees"),
                          builder=SimpleNamespace(format="html"),
                          config=SimpleNamespace(html_title="A Book: its subtitle", project="p"))
    sphinx_web._preview(app, None)
    sphinx_web._preview(app, None)
    assert drawn == ["A Book"], "the second build keeps the card the first drew"
    app.config.html_title = "Another Book: its subtitle"
    sphinx_web._preview(app, None)
    (tmp_path / "html" / website.PREVIEW).unlink()
    sphinx_web._preview(app, None)
    assert drawn == ["A Book", "Another Book", "Another Book"], "a new title or a missing card is drawn"
    sphinx_web._preview(app, RuntimeError("the build failed"))
    assert len(drawn) == 3


def test_site_with_a_base_url_has_canonical_links_a_sitemap_and_a_404_page_under_its_path(tmp_path):
    url = "https://example.org/small-book/"
    out, warnings = build(tmp_path, url.rstrip("/"))
    assert warnings == ""
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{url}index.html" />' in index
    tags = meta(index)
    assert tags["og:url"] == url + "index.html"
    assert tags["og:image"] == tags["twitter:image"] == url + "_static/preview.png"
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert re.findall(r"<loc>([^<]+)</loc>", sitemap) == [url + "index.html", url + "second.html"]
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert 'href="/small-book/index.html"' in not_found and 'href="/small-book/_static/' in not_found
    assert 'href="/_static/' not in not_found


@pytest.mark.parametrize("where", ["_raw_config", "_overrides"])
def test_a_setting_of_the_book_wins_over_the_extensions_default(where):
    config = SimpleNamespace(_raw_config={}, _overrides={})
    getattr(config, where)["ogp_image"] = "mine.png"
    sphinx_web._set_default(config, "ogp_image", "default.png")
    sphinx_web._set_default(config, "ogp_type", "website")
    assert not hasattr(config, "ogp_image") and config.ogp_type == "website"


def test_meta_contents_escape_markup_but_not_twice():
    tags = ('<meta property="og:title" content="Ann <script>alert(1)</script> &amp; Co" />\n'
            '<meta property="og:type" content="website" />\n')
    escaped = sphinx_web.escape_meta(tags)
    assert "<script>" not in escaped and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in escaped
    assert sphinx_web.escape_meta(escaped) == escaped
    twitter = sphinx_web.social_tags(escaped, "", True)
    assert '<meta name="twitter:title" content="Ann &lt;script&gt;' in twitter


def test_the_downloadable_notebook_gets_its_outputs_from_the_cache(tmp_path):
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    from interviews.report.sphinx_web import with_cached_outputs

    def notebook(outputs):
        nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "P"}})
        nb.cells = [nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_code_cell("1 + 1")]
        if outputs:
            nb.cells[1].execution_count = 1
            nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
        return nb

    cache_dir = tmp_path / ".jupyter_cache"
    get_cache(str(cache_dir)).cache_notebook_bundle(CacheBundleIn(notebook(True), str(tmp_path / "t.md")),
                                                    check_validity=False)
    config = SimpleNamespace(execution_mode="cache", execution_cache_path=str(cache_dir))
    merged = with_cached_outputs(notebook(False), config)
    assert merged.cells[1].execution_count == 1 and merged.cells[1].outputs[0]["data"]["text/plain"] == "2"
    other = notebook(False)
    other.cells[1].source = "2 + 2"
    assert with_cached_outputs(other, config) is other, "no match: the notebook as written"
    plain = notebook(False)
    assert with_cached_outputs(plain, SimpleNamespace(execution_mode="force", execution_cache_path="")) is plain


def test_opengraph_is_loaded_without_matplotlib_and_without_a_line_of_output():
    code = ("import sys\nfrom interviews.report import sphinx_web\nsphinx_web.import_opengraph()\n"
            "import sphinxext.opengraph as og\n"
            "print(og.create_social_card is None, 'matplotlib' in sys.modules, sphinx_web.SOCIAL_CARDS in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "True False False\n", "cards off, no pyplot, no placeholder left, nothing printed"
