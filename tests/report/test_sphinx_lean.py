"""The Sphinx extension that keeps the pages lean (`interviews.report.sphinx_lean`)."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from fontTools.ttLib import TTFont

from interviews.report import sphinx_lean

THEME = Path(pytest.importorskip("pydata_sphinx_theme").__file__).parent / "theme" / "pydata_sphinx_theme"
THEME_MACROS = THEME / "static" / "webpack-macros.html"
BOOK_THEME = Path(pytest.importorskip("sphinx_book_theme").__file__).parent / "theme" / "sphinx_book_theme"
LEAN_CSS = sphinx_lean.STATIC / "lean.css"
PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000030000000208060000009db4a4ba0000000d4944415478da63f8ff9f"
)


def test_macro_override_only_drops_the_font_awesome_script_the_preloads_and_the_import():
    theirs = THEME_MACROS.read_text(encoding="utf-8").split("{% macro", 1)[1]
    ours = (sphinx_lean.TEMPLATES / "static" / "webpack-macros.html").read_text(encoding="utf-8")
    ours = ours.split("{% macro", 1)[1]
    removed = [line.strip() for line in theirs.splitlines() if line not in ours.splitlines()]
    assert len(removed) == 6, removed
    assert "theme.css" in removed[0] and "fontawesome.js" in removed[2], removed
    assert removed[3] == "<!-- Pre-loaded scripts that we'll load fully later -->"
    assert all(line.startswith('<link rel="preload" as="script"') for line in removed[4:]), removed
    added = [line.strip() for line in ours.splitlines() if line not in theirs.splitlines()]
    assert added == [
        "<link href=\"{{ pathto('_static/basic.css', 1) }}\" rel=\"stylesheet\" />",
        "<!-- interviews.sphinx_lean: no Font Awesome script (1.5 MB; lean.css draws the icons with the theme's "
        "webfont), no preloads -->",
    ]
    theme_css = (THEME / "static" / "styles" / "theme.css").read_text(encoding="utf-8")
    assert [line for line in theme_css.splitlines() if not line.startswith("/*")] == ['@import "../basic.css";'], \
        "theme.css only imports basic.css, which the override links directly"


def test_icon_subset_covers_every_icon_of_lean_css_and_of_the_theme(tmp_path):
    css = LEAN_CSS.read_text(encoding="utf-8")
    points = sphinx_lean.unicode_range(css)
    assert set(sphinx_lean.icon_code_points(css)) <= set(points), "an fa-* rule draws a glyph left out of the subset"
    source = THEME / "static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
    solid = set(TTFont(source).getBestCmap())
    theme = set()
    for sheet in [*THEME.glob("static/styles/*.css"), *BOOK_THEME.glob("static/styles/*.css")]:
        theme |= sphinx_lean.theme_icon_code_points(sheet.read_text(encoding="utf-8"))
    assert len(theme) > 10 and theme & solid <= set(points), sorted(hex(c) for c in theme & solid - set(points))
    first, second = tmp_path / "a.woff2", tmp_path / "b.woff2"
    sphinx_lean.subset_icons(source, points, first)
    sphinx_lean.subset_icons(source, points, second)
    assert first.read_bytes() == second.read_bytes(), "the subset is the same bytes every build"
    assert TTFont(first)["head"].modified == TTFont(source)["head"].modified, "not stamped with the build's time"
    assert set(TTFont(first).getBestCmap()) == set(points)
    assert len(TTFont(first).getGlyphOrder()) <= len(points) + 1, "only the listed glyphs (and .notdef) are kept"
    with pytest.raises(ValueError, match=r"no glyph for 0xf09b"):  # the GitHub logo is a brand icon
        sphinx_lean.subset_icons(source, [*points, 0xF09B], tmp_path / "c.woff2")


def test_the_build_subsets_the_icons_again_only_when_the_font_or_the_code_points_change(tmp_path, monkeypatch):
    made = []
    monkeypatch.setattr(sphinx_lean, "subset_icons", lambda source, points, dest: (made.append(source.read_bytes()),
                                                                                    dest.write_bytes(b"subset")))
    monkeypatch.setattr(sphinx_lean.css_trim, "trim_site", lambda *args: None)
    out = tmp_path / "html"
    (out / sphinx_lean.THEME_ICONS).parent.mkdir(parents=True)
    (out / sphinx_lean.THEME_ICONS).write_bytes(b"font 1")
    app = SimpleNamespace(outdir=str(out), doctreedir=str(tmp_path / "doctrees"),
                          builder=SimpleNamespace(format="html"))
    sphinx_lean._finished(app, None)
    sphinx_lean._finished(app, None)
    assert made == [b"font 1"], "an unchanged font is not subset again"
    (out / sphinx_lean.THEME_ICONS).write_bytes(b"font 2")
    sphinx_lean._finished(app, None)
    (out / sphinx_lean.ICONS).unlink()
    sphinx_lean._finished(app, None)
    assert made == [b"font 1", b"font 2", b"font 2"], "a new font or a missing subset is made again"


def test_subsetting_logs_nothing_below_warning_even_with_the_root_logger_at_info(tmp_path, caplog):
    """The theme's a11y_pygments sets the root logger to INFO; fontTools must not fill the build's output."""
    import logging

    source = THEME / "static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
    caplog.set_level(logging.INFO)
    sphinx_lean.subset_icons(source, [0xF002], tmp_path / "a.woff2")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("fontTools")] == []
    assert logging.getLogger("fontTools").level == logging.NOTSET, "the level is put back"


def test_unicode_range_and_theme_icon_code_points():
    assert sphinx_lean.unicode_range("@font-face { unicode-range: U+F002-F004,\n  u+f010; }") == [
        0xF002, 0xF003, 0xF004, 0xF010]
    css = (".fa-bell::before{content:\"\\f0f3\"} /* .x{content:\"\\f111\"} */ "
           ".note:after{content:\"\\f05a\";font:var(--fa-font-solid)} :root{--pst-icon-pencil:\"\uf303\"}")
    assert sphinx_lean.theme_icon_code_points(css) == {0xF05A, 0xF303}


def test_png_size_and_lazy_images():
    assert sphinx_lean.png_size(PNG_1x1) == (3, 2)
    assert sphinx_lean.png_size(b"GIF89a....") is None
    body = '<p><img alt="a" src="../_images/one.png" /></p><img alt="b" src="../_images/two.png"/><img src="x.svg">'
    out = sphinx_lean.lazy_images(body, {"one.png": (30, 20), "two.png": (10, 5)})
    first, second, third = out.split("<img")[1:]
    assert 'width="30" height="20" loading="lazy"' in first
    assert 'width="10" height="5" loading="lazy"' in second
    assert 'loading="lazy"' in third and "width" not in third
    assert sphinx_lean.lazy_images(out, {}) == out, "tags that already say how they load are left alone"


class Asset:
    def __init__(self, filename, priority=500, **attributes):
        self.filename, self.priority, self.attributes = filename, priority, attributes


def test_needed_drops_thebe_and_unused_feature_assets():
    assert not sphinx_lean.needed(Asset("sphinx-thebe.js"), "")
    assert not sphinx_lean.needed(Asset(None, body="const THEBE_JS_URL = 1"), "")
    assert not sphinx_lean.needed(Asset("sphinx-design.min.css"), "<p>text</p>")
    assert sphinx_lean.needed(Asset("sphinx-design.min.css"), '<div class="sd-card">')
    assert not sphinx_lean.needed(Asset("_static/copybutton.js"), "<p>no code</p>")
    assert sphinx_lean.needed(Asset("_static/copybutton.js"), '<div class="highlight-python notranslate">')
    assert sphinx_lean.needed(Asset("_static/doctools.js"), "")


def test_deferred_copies_the_asset_and_keeps_what_must_run_first():
    original = Asset("_static/doctools.js")
    late = sphinx_lean.deferred(original)
    assert late.attributes == {"defer": "defer"} and original.attributes == {}, "the shared original is untouched"
    kept = Asset("_static/documentation_options.js")
    assert sphinx_lean.deferred(kept) is kept
    inline = Asset(None, body="DOCUMENTATION_OPTIONS.pagename = 'x';")
    assert sphinx_lean.deferred(inline) is inline
    asynchronous = Asset("x.js", **{"async": "async"})
    assert sphinx_lean.deferred(asynchronous) is asynchronous


def test_section_titles_in_the_search_index_are_escaped(tmp_path):
    from sphinx.search import js_index

    index = tmp_path / "searchindex.js"
    data = {"alltitles": {"Jane <img src=x onerror=alert(1)> & co": [[3, "jane"]], "Plain": [[1, None]]},
            "titles": ["Jane &lt;img&gt;"]}
    index.write_text(js_index.dumps(data), encoding="utf-8")
    sphinx_lean.safe_search_titles(index)
    written = js_index.loads(index.read_text(encoding="utf-8"))
    assert written["alltitles"] == {"Jane &lt;img src=x onerror=alert(1)&gt; &amp; co": [[3, "jane"]],
                                    "Plain": [[1, None]]}
    assert written["titles"] == data["titles"]  # already HTML


def test_the_themes_raw_page_title_is_escaped():
    context = {"pagetitle": "Jane <script>alert(1)</script> & co"}

    class App:
        pass

    sphinx_lean._lean_page(App(), "book/x", "page.html", context, None)
    assert context["pagetitle"] == "Jane &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"


def test_pybtex_plugin_lookups_read_the_installed_packages_once(monkeypatch):
    import pybtex.plugin

    calls = []

    def counted(**selection):
        calls.append(selection)
        return original(**selection)

    original = pybtex.plugin.entry_points
    monkeypatch.setattr(pybtex.plugin, "entry_points", counted)
    sphinx_lean.remember_plugin_lookups()
    sphinx_lean.remember_plugin_lookups()  # a second Sphinx app in the same process wraps nothing again
    for _ in range(3):
        style = pybtex.plugin.find_plugin("pybtex.style.formatting", "unsrt")
    assert style.__name__ == "Style" and pybtex.plugin.find_plugin("pybtex.backends", "html").__name__ == "Backend"
    assert calls == [{"group": "pybtex.style.formatting", "name": "unsrt"},
                     {"group": "pybtex.backends", "name": "html"}], "each lookup read once"


def test_pipe_tables_keep_their_given_widths_and_empty_cells_stay_empty():
    import pandas as pd
    from docutils import nodes
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    from interviews.report import render

    markdown = render.table_markdown(pd.DataFrame({"a": ["x", ""], "b": ["a longer text", "y"]}))
    plain = "| a | b |\n|---|---|\n| x | y |\n"  # a pipe table without the directive keeps MyST's automatic widths
    tree = publish_doctree(markdown + "\n" + plain, parser=Parser())
    given, auto = tree.findall(nodes.table)
    assert "colwidths-auto" in given["classes"] and "colwidths-given" in given["classes"]
    assert [len(e) for e in given.findall(nodes.entry)] == [1, 1, 1, 1, 1, 1]
    sphinx_lean.PipeTables(tree).apply()
    assert "colwidths-auto" not in given["classes"] and "colwidths-given" in given["classes"]
    assert auto["classes"] == ["colwidths-auto"]
    assert [e.astext() for e in given.findall(nodes.entry)] == ["a", "b", "x", "a longer text", "", "y"]
    assert [len(e) for e in given.findall(nodes.entry)] == [1, 1, 1, 1, 0, 1]
