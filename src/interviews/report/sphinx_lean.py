"""A small Sphinx extension that keeps the book's HTML pages lean and free of console errors.

Registered in `_config.yml` (`sphinx.extra_extensions`). It

* drops sphinx-thebe's scripts and styles: Jupyter Book always loads the extension,
  but the book has no live code (thebe is off), and its inline configuration is
  added twice, which is a JavaScript error on every page;
* replaces the theme's fontawesome.js (1.5 MB of JavaScript that redraws every icon
  as SVG) with `lean.css`, a few CSS rules that draw the same icons from
  `lean-icons.woff2`, a subset of the theme's own Font Awesome webfont that fontTools
  makes at the end of the build (the code points of lean.css's `unicode-range`:
  about 3 kB instead of 156 kB);
* overrides the theme's `static/webpack-macros.html` to drop fontawesome.js, to
  link basic.css directly (not through theme.css's @import) and to drop two script
  preloads that competed with the stylesheets for bandwidth;
* leaves out, page by page, the styles and scripts of features the page does not
  use (sphinx-design, toggle buttons, copy buttons) and defers the other scripts,
  so that they no longer block the first paint;
* gives every image its pixel size and lets the browser load it lazily, so that a
  page lays out at once and figures do not compete with the stylesheets for bandwidth;
* gives bibliography entries the ARIA role "listitem" instead of the deprecated
  "doc-biblioentry" that docutils writes inside a role="list" container;
* trims, once every page is written, the stylesheets the pages link to the rules
  that can match something on the site (:mod:`interviews.report.css_trim`): the
  theme's 400 kB stylesheet, which blocks the first paint, becomes about 110 kB
  (trimmings are kept in the machine's cache, :func:`interviews.paths.user_cache_dir`,
  so a clean build of pages that use the same classes does not parse it again);
* adds a favicon, so that browsers do not request a missing /favicon.ico;
* lets the column widths given to a table (the book's tables are pipe tables in MyST's
  `table` directive, :func:`interviews.report.render.table_markdown`) win over MyST's
  automatic widths, in HTML and LaTeX, and leaves empty cells empty;
* escapes page and section titles where the theme and Sphinx's search page put them
  into HTML as raw text (the theme's print header, the search results' section
  titles), so that a title with `<` shows as text and never runs as markup;
* lets pybtex (sphinxcontrib-bibtex's engine) look its plugins up once per process:
  each lookup otherwise reads the entry points of every installed package again,
  seven times a page (about 0.6 s of a clean build).
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
import struct
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .. import paths
from . import css_trim

HERE = Path(__file__).parent / "html"
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
# The theme's Font Awesome font (as copied into the build) and the subset lean.css uses.
THEME_ICONS = Path("_static") / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
ICONS = Path("_static") / "lean-icons.woff2"
ICONS_STAMP = "lean-icons.json"  # in the doctrees folder: the font and code points the subset was made from
MARKUP = "css-markup.json"  # in the doctrees folder: what each page holds, for the stylesheets' trimming
CODE_POINT_RE = re.compile(r"content:\s*\"\\([0-9a-fA-F]{4,5})\"")
UNICODE_RANGE_RE = re.compile(r"unicode-range:([^;]*);")
CSS_RULE_RE = re.compile(r"([^{}]*)\{([^{}]*)\}")
CSS_ESCAPE_RE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")


def icon_code_points(css: str) -> list[int]:
    """The code points that lean.css draws icons with (its `content: "\\fxxx"` rules), sorted."""
    return sorted({int(h, 16) for h in CODE_POINT_RE.findall(css)})


def unicode_range(css: str) -> list[int]:
    """The code points of the `unicode-range` of a stylesheet's @font-face rules (U+X and U+X-Y), sorted."""
    points = set()
    for value in UNICODE_RANGE_RE.findall(css):
        for item in value.replace("\n", " ").split(","):
            first, _, last = item.strip().removeprefix("U+").removeprefix("u+").partition("-")
            points.update(range(int(first, 16), int(last or first, 16) + 1))
    return sorted(points)


def theme_icon_code_points(css: str) -> set[int]:
    """Private-use code points (icon glyphs) a stylesheet draws itself: in rules other than
    Font Awesome's class list (`.fa-x::before`), written as characters or as CSS escapes."""
    points = set()
    for selectors, body in CSS_RULE_RE.findall(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        if all(re.fullmatch(r"\.fa-[a-z0-9-]+:{1,2}(?:before|after)", s.strip()) for s in selectors.split(",")):
            continue
        text = CSS_ESCAPE_RE.sub(lambda m: chr(int(m[1], 16)), body)
        points.update(ord(c) for c in text if 0xE000 <= ord(c) <= 0xF8FF)
    return points


def subset_icons(source: Path, code_points: list[int], dest: Path) -> None:
    """Write a WOFF2 font with only the glyphs of `code_points` from `source` (the same bytes every time).

    fontTools logs each step at INFO; the theme's a11y_pygments sets the root logger to INFO when
    imported, so those lines would fill the build's output: they are kept below WARNING here."""
    import logging

    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        _subset_icons(source, code_points, dest)
    finally:
        logger.setLevel(level)


def _subset_icons(source: Path, code_points: list[int], dest: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.name_IDs = ["*"]  # keep the licence and the font's names
    font = TTFont(source, recalcTimestamp=False)  # keep the source's date: the same bytes every build
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=code_points)
    subsetter.subset(font)
    missing = set(code_points) - set(font.getBestCmap())
    if missing:
        raise ValueError(f"{source}: no glyph for {', '.join(hex(c) for c in sorted(missing))} (lean.css asks for it)")
    tmp = dest.with_name(dest.name + ".tmp")
    subset.save_font(font, tmp, options)
    tmp.replace(dest)


def _is_thebe(asset) -> bool:
    text = f"{getattr(asset, 'filename', asset)} {getattr(asset, 'attributes', {}).get('body', '')}"
    return "thebe" in text.lower()


# sphinx-thebe's per-page configuration, appended to every page's body.
THEBE_RE = re.compile(r"<script type=\"text/x-thebe-config\">.*?</script>|<script>kernelName = '[^']*'</script>", re.S)
IMG_RE = re.compile(r"<img (?![^>]*\b(?:loading|decoding)=)([^>]*?)src=\"([^\"]+)\"([^>]*?)\s*/?>")


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG file's header, or None if it is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def lazy_images(body: str, sizes: dict[str, tuple[int, int]]) -> str:
    """`<img>` tags with width and height where known, all loaded lazily.

    Every chapter opens with its title and prose, so no figure is the largest thing
    on the first screen; a lazy image that is on screen still loads at once.
    """

    def tag(m: re.Match) -> str:
        before, src, after = m.groups()
        size = sizes.get(src.rsplit("/", 1)[-1])
        dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
        return f'<img {before}src="{src}"{after}{dims} loading="lazy" decoding="async" />'

    return IMG_RE.sub(tag, body)


def _image_sizes(app) -> dict[str, tuple[int, int]]:
    """Output file name (in _images/) -> pixel size, for the PNG images of the build."""
    sizes = {}
    for source, name in getattr(app.builder, "images", {}).items():
        path = Path(app.srcdir) / source
        if name.endswith(".png") and path.is_file():
            with path.open("rb") as f:
                size = png_size(f.read(24))
            if size:
                sizes[name] = size
    return sizes


# Asset file names -> markup in a page's body that shows the page uses them.
USED_BY = {
    "sphinx-design": ('class="sd-', " sd-"),
    "design-tabs": ('class="sd-', " sd-"),
    "togglebutton": ("toggle", "dropdown"),
    "copybutton": ('class="highlight', " highlight"),
    "clipboard": ('class="highlight', " highlight"),
    "pygments": ('class="highlight', " highlight"),
}
# Scripts that inline scripts of the page use at once, so they must not be deferred.
NOT_DEFERRED = ("documentation_options.js",)


def needed(asset, body: str) -> bool:
    """False for thebe, and for a feature's styles or scripts on a page without that feature."""
    if _is_thebe(asset):
        return False
    name = str(getattr(asset, "filename", asset) or "")
    return all(any(mark in body for mark in marks) for key, marks in USED_BY.items() if key in name)


def deferred(script):
    """The script loaded with `defer` (a new asset object: Sphinx shares one between pages)."""
    attributes = getattr(script, "attributes", None)
    name = str(getattr(script, "filename", "") or "")
    if attributes is None or not name or name.endswith(NOT_DEFERRED) or {"async", "defer"} & set(attributes):
        return script
    return type(script)(script.filename, priority=script.priority, **{**attributes, "defer": "defer"})


def _lean_page(app, pagename, templatename, context, doctree) -> None:
    if "pagetitle" in context:  # sphinx-book-theme sets it to the title's raw text and prints it unescaped
        context["pagetitle"] = html.escape(str(context["pagetitle"]))
    body = context.get("body", "")
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if needed(asset, body)]
    if pagename != "search" and "script_files" in context:  # the search page's own scripts need these first
        context["script_files"] = [deferred(script) for script in context["script_files"]]
    if body:
        body = THEBE_RE.sub("", body.replace('role="doc-biblioentry"', 'role="listitem"'))
        context["body"] = lazy_images(body, _image_sizes(app))


def _paths(app, config) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")


def safe_search_titles(index: Path) -> None:
    """Escape the section titles in Sphinx's search index.

    searchtools.js shows a result's title with innerHTML; the page titles in the
    index are HTML already, but the section titles ("alltitles") are raw text.
    """
    from sphinx.search import js_index

    data = js_index.loads(index.read_text(encoding="utf-8"))
    data["alltitles"] = {html.escape(title, quote=False): where for title, where in data.get("alltitles", {}).items()}
    index.write_text(js_index.dumps(data), encoding="utf-8")


def _originals(app) -> Path:
    """Where the untrimmed stylesheets are kept between builds: beside the doctrees, not in the site."""
    return Path(app.doctreedir) / "css-originals"


def _restore_styles(app) -> None:
    """Before a rebuild: put back the stylesheets the last build trimmed, so that the trimming
    starts from the originals, also when Sphinx writes no page and copies no static file."""
    if app.builder.format == "html":
        css_trim.restore_originals(Path(app.outdir), _originals(app))


def _finished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        if (Path(app.outdir) / "searchindex.js").is_file():
            safe_search_titles(Path(app.outdir) / "searchindex.js")
        css = (STATIC / "lean.css").read_text(encoding="utf-8")
        source, dest, points = Path(app.outdir) / THEME_ICONS, Path(app.outdir) / ICONS, unicode_range(css)
        key = json.dumps({"font": hashlib.sha256(source.read_bytes()).hexdigest(), "code points": points})
        stamp = Path(app.doctreedir) / ICONS_STAMP
        if not paths.is_current(dest, stamp, key):  # fontTools takes a quarter of a second: only when needed
            subset_icons(source, points, dest)
            paths.write_if_changed(stamp, key)
        css_trim.trim_site(Path(app.outdir), _originals(app), paths.user_cache_dir() / "css-trimmed",
                           Path(app.doctreedir) / MARKUP)


def remember_plugin_lookups() -> None:
    """Make pybtex's entry-point lookups (by group and name) answer from memory after the first time; the
    installed packages do not change while Sphinx runs."""
    import pybtex.plugin

    if not hasattr(pybtex.plugin.entry_points, "cache_info"):
        pybtex.plugin.entry_points = functools.cache(pybtex.plugin.entry_points)


class PipeTables(SphinxTransform):
    """Tidy the book's pipe tables: given column widths (the `widths` option) win over MyST's
    automatic ones, and an empty cell holds no empty paragraph.

    MyST marks every pipe table `colwidths-auto`; the `table` directive then adds
    `colwidths-given` with its widths, but the HTML and LaTeX writers check the first
    class first and drop the widths. MyST also puts each cell's text in a paragraph,
    an empty one for an empty cell."""

    default_priority = 700

    def apply(self, **kwargs) -> None:
        for table in self.document.findall(nodes.table):
            if "colwidths-given" in table["classes"] and "colwidths-auto" in table["classes"]:
                table["classes"].remove("colwidths-auto")
            for entry in list(table.findall(nodes.entry)):
                if len(entry) == 1 and isinstance(entry[0], nodes.paragraph) and not len(entry[0]):
                    entry.remove(entry[0])


def setup(app):
    remember_plugin_lookups()
    app.add_transform(PipeTables)
    app.connect("config-inited", _paths)
    app.connect("builder-inited", _restore_styles)
    app.connect("html-page-context", _lean_page, priority=900)  # after the theme and extensions add assets
    app.connect("build-finished", _finished, priority=900)  # after myst-nb copies its stylesheet (500)
    app.add_css_file("lean.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
