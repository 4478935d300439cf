"""A Sphinx extension for what a web reader expects of the book's pages.

Registered in `_config.yml` (`sphinx.extra_extensions`). The book's URL is one setting,
`html.baseurl` in `_config.yml` (Sphinx's `html_baseurl`); this extension sets the
others from it. It

* loads sphinxext-opengraph, sphinx-sitemap and sphinx-notfound-page and configures them:
  Open Graph tags with the book's preview image (sphinxext-opengraph's own social cards
  are off, and its module that draws them, which imports matplotlib's pyplot, half a
  second of every build, is not loaded), a sitemap of the pages (without a
  base URL there is none: a sitemap lists absolute URLs), and a 404 page whose links
  start with the base URL's path, so that it works from any depth of a site served
  under a prefix such as /<repository>/ (without a base URL they start with /);
* gives every page a meta description: the first paragraph of its prose, leaving out
  notes that open in italics (such as the chapters' note on re-running them), or
  the page's title and the book's when the page has no such paragraph; the same
  text is the Open Graph and Twitter description;
* adds Twitter card tags with the Open Graph title, description and image; without a
  base URL the image's address is relative to the page and there is no og:url
  (Sphinx writes the canonical link itself once `html_baseurl` is set);
* makes the download menu offer the chapter as an executed notebook (written beside
  the page from the build's own execution, see :func:`website.download_notebook`), its
  source, and the whole book as PDF (`book.pdf` beside index.html, put there by
  `python -m interviews site`) instead of the theme's "print this page";
* keeps one search box per page: pydata-sphinx-theme adds a search field to a header
  bar that sphinx-book-theme's sidebar already has, so the header is left empty.
"""

from __future__ import annotations

import contextlib
import html
import importlib
import io
import json
import re
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlparse

import nbformat
from docutils import nodes
from sphinx import addnodes

from .. import paths
from . import website

DESCRIPTION_LENGTH = 160
# Paragraphs inside these are not a page's prose (captions, tables, notes, references, cell outputs).
NOT_PROSE = (nodes.Admonition, nodes.table, nodes.figure, nodes.caption, nodes.footnote, nodes.citation,
             nodes.definition_list, nodes.field_list, nodes.line_block, nodes.container, nodes.topic,
             nodes.sidebar, nodes.list_item, addnodes.glossary)
PREVIEW_STAMP = "preview-card.json"  # in the doctrees folder: what the link-preview card was drawn for
OG_TAG_RE = re.compile(r'<meta property="og:(title|description|image|image:alt|url)" content="([^"]*)" />\n?')
NOT_FOUND_BODY = (
    "<h1>Page not found</h1>\n"
    "<p>There is no page at this address. The book starts at its <a href=\"{start}\">first page</a>; "
    "its <a href=\"{search}\">search page</a> finds a word in every chapter.</p>\n"
)


def base_url(config) -> str:
    """The book's URL from `html_baseurl`, ending in '/'; empty when not set."""
    url = (config.html_baseurl or "").strip()
    return url if not url or url.endswith("/") else url + "/"


def url_prefix(url: str) -> str:
    """The path under which the site is served ('/interviews-book/' for https://x.github.io/interviews-book/)."""
    path = urlparse(url).path if url else ""
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def book_title(config) -> str:
    """The book's title (Jupyter Book's `title`, Sphinx's `html_title`)."""
    return config.html_title or config.project


def shorten(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word boundary to at most `length` characters (an ellipsis marks a cut)."""
    return textwrap.shorten(" ".join(text.split()), width=length, placeholder=" …")


def page_description(doctree: nodes.document, fallback: str) -> str:
    """The first paragraph of the page's prose (see the module's docstring), shortened; else `fallback`."""
    for paragraph in doctree.findall(nodes.paragraph):
        parents, node = [], paragraph.parent
        while node is not None:
            parents.append(node)
            node = node.parent
        if any(isinstance(p, NOT_PROSE) for p in parents):
            continue
        if paragraph.children and isinstance(paragraph.children[0], nodes.emphasis):
            continue  # an italic lead-in marks a note about the page, not its content
        text = " ".join(paragraph.astext().split())
        if len(text) >= 40:
            return shorten(text)
    return shorten(fallback)


def _set_default(config, name: str, value) -> None:
    """Set a configuration value unless `_config.yml` (or conf.py) sets it."""
    if name not in config._raw_config and name not in getattr(config, "_overrides", {}):
        setattr(config, name, value)


def _configure(app, config) -> None:
    url = base_url(config)
    config.html_baseurl = url
    _set_default(config, "ogp_site_url", url)
    _set_default(config, "ogp_image", website.PREVIEW)
    _set_default(config, "ogp_site_name", book_title(config))
    _set_default(config, "ogp_image_alt", book_title(config))
    _set_default(config, "ogp_social_cards", {"enable": False})
    _set_default(config, "sitemap_url_scheme", "{link}")
    _set_default(config, "sitemap_excludes", ["search.html", "genindex.html", "404.html"])
    _set_default(config, "notfound_urls_prefix", url_prefix(url))
    prefix = config.notfound_urls_prefix
    root = config.root_doc
    _set_default(config, "notfound_context", {
        "title": "Page not found",
        "body": NOT_FOUND_BODY.format(start=f"{prefix}{root}.html", search=f"{prefix}search.html"),
    })
    if not url:  # no sitemap without absolute URLs: sphinx-sitemap says so with a warning, which -W makes fatal
        config.suppress_warnings = [*config.suppress_warnings, "sitemap.configuration"]
    options = dict(config.html_theme_options or {})
    options.setdefault("navbar_persistent", [])
    config.html_theme_options = options


def _describe(app, pagename, templatename, context, doctree) -> None:
    """Before sphinxext-opengraph: the page's meta description, also its og:description."""
    if doctree is None:
        return
    title = re.sub(r"<[^>]+>", "", context.get("title") or "")
    description = page_description(doctree, f"{html.unescape(title)}: a chapter of {book_title(app.config)}.")
    tag = f'<meta name="description" content="{html.escape(description)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag
    # sphinxext-opengraph writes og:* fields of the page's metadata as given, escaping only quotes
    context["meta"] = {**(context.get("meta") or {}), "og:description": html.escape(description, quote=False)}


META_CONTENT_RE = re.compile(r'(<meta [^>]*?content=")([^"]*)(")')


def escape_meta(metatags: str) -> str:
    """Every meta tag's content with <, > and & escaped (sphinxext-opengraph escapes only quotes),
    so that a page title such as 'Ann <script>...' stays text in the attribute."""
    return META_CONTENT_RE.sub(lambda m: m[1] + html.escape(html.unescape(m[2])) + m[3], metatags)


def social_tags(metatags: str, page_relative_root: str, has_base_url: bool) -> str:
    """Twitter card tags from the Open Graph tags in `metatags` (which are kept; og:url only with a base URL).

    Without a base URL, og:image is made relative to the page (`page_relative_root` leads to the site root).
    """
    og = dict(OG_TAG_RE.findall(metatags))
    if not has_base_url:
        metatags = re.sub(r'<meta property="og:url" content="[^"]*" />\n?', "", metatags)
        if "image" in og and "://" not in og["image"]:
            image = page_relative_root + og["image"].lstrip("/")
            metatags = metatags.replace(f'<meta property="og:image" content="{og["image"]}" />',
                                        f'<meta property="og:image" content="{image}" />')
            og["image"] = image
    twitter = [f'<meta name="twitter:card" content="{"summary_large_image" if "image" in og else "summary"}" />']
    twitter += [f'<meta name="twitter:{key}" content="{og[key]}" />'
                for key in ("title", "description", "image", "image:alt") if key in og]
    return metatags + "\n".join(twitter) + "\n"


def executed_notebook(app, pagename: str) -> Path | None:
    """The notebook MyST-NB executed for the page in this build, if the page is a notebook."""
    config = getattr(app.env, "mystnb_config", None)
    if config is None or not config.output_folder:
        return None
    path = Path(config.output_folder, *f"{pagename}.ipynb".split("/"))
    return path if path.is_file() else None


def with_cached_outputs(nb, config):
    """The page's notebook with its outputs from jupyter-cache, when MyST-NB took them from there.

    MyST-NB renders a page from the cached outputs it merges into a copy of the
    notebook, but writes the notebook it read, without them, to its output folder.
    """
    if config.execution_mode != "cache" or not config.execution_cache_path:
        return nb
    if not Path(config.execution_cache_path).is_dir():
        return nb
    from jupyter_cache import get_cache

    try:
        return get_cache(config.execution_cache_path).merge_match_into_notebook(nb)[1]
    except KeyError:  # executed in this build (the written notebook has its outputs), or not executed
        return nb


def _page(app, pagename, templatename, context, doctree) -> None:
    """After the theme and sphinxext-opengraph: social tags, the chapter's notebook, the download menu."""
    pathto = context["pathto"]
    root = pathto(website.NOJEKYLL, 1)[: -len(website.NOJEKYLL)]  # '' or '../' ...: from this page to the site root
    context["metatags"] = escape_meta(context.get("metatags", ""))
    if "og:title" in context["metatags"]:
        context["metatags"] = social_tags(context["metatags"], root, bool(app.config.html_baseurl))
    notebook = executed_notebook(app, pagename) if doctree is not None else None
    if notebook is not None:
        source = f"{pagename}{context.get('page_source_suffix') or '.md'}"
        title = re.sub(r"<[^>]+>", "", html.unescape(context.get("title") or pagename))
        nb = with_cached_outputs(nbformat.read(notebook, as_version=4), app.env.mystnb_config)
        nb = website.download_notebook(nb, title, book_title(app.config), source)
        website.write_notebook(nb, Path(app.outdir, *f"{pagename}.ipynb".split("/")))
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        buttons = [b for b in group["buttons"] if b.get("label") == "download-source-button"]
        if notebook is not None:
            buttons.insert(0, {
                "type": "link", "url": pathto(f"{pagename}.ipynb", 1), "text": ".ipynb", "icon": "fas fa-file",
                "tooltip": "Download this chapter as a notebook, executed (outputs included)",
                "label": "download-notebook-button",
            })
        buttons.append({
            "type": "link", "url": pathto(website.PDF, 1), "text": ".pdf", "icon": "fas fa-file-pdf",
            "tooltip": "Download the whole book as PDF", "label": "download-pdf-button",
        })
        group["buttons"] = buttons
        group["tooltip"] = "Download this chapter or the book"


def _preview(app, exception) -> None:
    """Draw the link-preview card, unless an earlier build drew it for the same title (a stamp among the
    doctrees says so): drawing it imports matplotlib and pandas, which a rebuild of one page need not wait for."""
    if exception is None and app.builder.format == "html":
        title, _, subtitle = book_title(app.config).partition(": ")
        card, stamp = Path(app.outdir) / website.PREVIEW, Path(app.doctreedir) / PREVIEW_STAMP
        drawn = json.dumps({"title": title, "subtitle": subtitle, "size": website.PREVIEW_SIZE})
        if not paths.is_current(card, stamp, drawn):
            website.preview_card(title, subtitle, card)
            paths.write_if_changed(stamp, drawn)


SOCIAL_CARDS = "sphinxext.opengraph._social_cards"


def import_opengraph() -> None:
    """Import sphinxext-opengraph without the module that draws social cards, which the book does not use
    (`ogp_social_cards` is off): without it the extension turns the cards off and prints a line, kept out of
    the build's output. Nothing changes where the extension was imported already."""
    if "sphinxext.opengraph" in sys.modules:
        return
    sys.modules[SOCIAL_CARDS] = None  # what `import` then raises ImportError for
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            importlib.import_module("sphinxext.opengraph")
    finally:
        del sys.modules[SOCIAL_CARDS]


def setup(app):
    import_opengraph()
    for extension in ("sphinxext.opengraph", "sphinx_sitemap", "notfound.extension"):
        app.setup_extension(extension)
    app.connect("config-inited", _configure, priority=400)  # before notfound validates its prefix
    app.connect("html-page-context", _describe, priority=450)  # before sphinxext-opengraph (500)
    app.connect("html-page-context", _page, priority=950)  # after the theme's buttons (501) and sphinx_lean (900)
    app.connect("build-finished", _preview)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
