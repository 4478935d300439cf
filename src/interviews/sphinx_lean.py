"""A small Sphinx extension that keeps the book's HTML pages lean and free of console errors.

Registered in `_config.yml` (`sphinx.extra_extensions`). It

* drops sphinx-thebe's scripts and styles: Jupyter Book always loads the extension,
  but the book has no live code (thebe is off), and its inline configuration is
  added twice, which is a JavaScript error on every page;
* replaces the theme's fontawesome.js (1.5 MB of JavaScript that redraws every icon
  as SVG) with `lean.css`, a few CSS rules that draw the same icons with the
  theme's own Font Awesome webfont (through an override of the theme's
  `static/webpack-macros.html`);
* leaves out, page by page, the styles and scripts of features the page does not
  use (sphinx-design, toggle buttons, copy buttons) and defers the other scripts,
  so that they no longer block the first paint;
* gives every image its pixel size and lets the browser load it lazily, so that a
  page lays out at once and figures below the fold do not delay the first paint;
* gives bibliography entries the ARIA role "listitem" instead of the deprecated
  "doc-biblioentry" that docutils writes inside a role="list" container;
* adds a favicon, so that browsers do not request a missing /favicon.ico.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

HERE = Path(__file__).parent / "html"
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"


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
    """`<img>` tags with width and height where known, and all but the first loaded lazily.

    The first image may be the largest thing on the first screen, which must not wait.
    """
    count = 0

    def tag(m: re.Match) -> str:
        nonlocal count
        count += 1
        before, src, after = m.groups()
        size = sizes.get(src.rsplit("/", 1)[-1])
        dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
        loading = "" if count == 1 else ' loading="lazy"'
        return f'<img {before}src="{src}"{after}{dims}{loading} decoding="async" />'

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


def setup(app):
    app.connect("config-inited", _paths)
    app.connect("html-page-context", _lean_page, priority=900)  # after the theme and extensions add assets
    app.add_css_file("lean.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
