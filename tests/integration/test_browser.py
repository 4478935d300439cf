"""The built site in a real browser (Debian's Chromium through Playwright).

The site is served under a prefix (helpers.PREFIX), as GitHub Pages serves a project
page under /<repository>/, and nothing outside the prefix exists: every page of
`_toc.yml` loads without console errors, exceptions or failed requests; every image
has alternative text; every internal link and anchor resolves and stays under the
prefix; axe-core finds no serious or critical accessibility violation; the search
page finds a known phrase; each page has one search box, a meta description, Open
Graph and Twitter card tags and a canonical link; the download menu gives the
chapter as an executed notebook and the book as PDF; a missing page gets the 404
page, which works at any depth; the sitemap lists every page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest

from interviews import paths
from interviews.dev import server
from interviews.report import css_trim, sphinx_lean
from tests.helpers import ROOT
from tests.integration.helpers import AXE, PREFIX, PageLog, open_page

pytestmark = pytest.mark.build
PAGES = paths.toc_pages(ROOT)


@pytest.fixture(scope="module")
def base(build):
    """The site's URL on the local server: under PREFIX, like a project page on GitHub Pages."""
    with server.serve(build / "html", prefix=PREFIX) as url:
        yield url


def origin(url: str) -> str:
    return "{0.scheme}://{0.netloc}/".format(urlparse(url))


@pytest.mark.parametrize("page_path", PAGES)
def test_page_loads_cleanly_with_alt_text_and_lang(browser, base, page_path):
    page, log = open_page(browser, base + page_path, origin(base))
    try:
        assert log.errors == [], f"{page_path}: {log.errors}"
        assert log.failed == [], f"{page_path}: failed local requests {log.failed}"
        fonts = [url.rsplit("/", 1)[-1] for url in log.requested if ".woff" in url or ".ttf" in url]
        assert fonts == ["lean-icons.woff2"], f"{page_path}: icons should come from the 3 kB subset only, got {fonts}"
        assert page.evaluate("document.documentElement.lang") == "en"
        missing = page.eval_on_selector_all("img", "els => els.filter(e => !(e.alt || '').trim()).map(e => e.src)")
        assert missing == [], f"{page_path}: images without alt text {missing}"
        assert page.evaluate("document.images.length") == page.evaluate(
            "Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0 || i.loading === 'lazy').length"
        ), f"{page_path}: an image failed to load"
    finally:
        page.close()


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


def test_internal_links_and_anchors_resolve(browser, base):
    context = browser.new_context()
    ids: dict[str, set[str] | None] = {}  # target URL -> its ids (None: not HTML)
    problems = []
    try:
        for page_path in PAGES:
            page = context.new_page()
            page.goto(base + page_path, wait_until="load")
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
            page.close()
            for href in sorted(set(hrefs)):
                if href.startswith(origin(base)) and not href.startswith(base):
                    problems.append(f"{page_path}: {href} leaves the site's path {PREFIX}")
                    continue
                if not href.startswith(base):
                    assert urlparse(href).scheme in ("http", "https", "mailto"), href
                    continue  # external: no network at test time
                target, anchor = urldefrag(href)
                if target not in ids:
                    response = context.request.get(target)
                    if not response.ok:
                        problems.append(f"{page_path}: {href} -> HTTP {response.status}")
                        ids[target] = set()
                        continue
                    if "html" in response.headers.get("content-type", ""):
                        parser = _Ids()
                        parser.feed(response.text())
                        ids[target] = parser.ids
                    else:
                        ids[target] = None
                if anchor and ids[target] is not None and anchor not in ids[target]:
                    problems.append(f"{page_path}: {href} -> no element with id {anchor!r}")
    finally:
        context.close()
    assert len(ids) > len(PAGES), "the pages should link to each other and to their downloads"
    assert problems == []


def test_search_finds_a_known_phrase(browser, base):
    page, log = open_page(browser, base + "search.html?q=pivot+organizations", origin(base))
    try:
        page.wait_for_selector("#search-results ul.search li a", timeout=20000)
        results = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(a => a.href)")
        assert any("liu-youping-2020" in r for r in results), results
        assert log.errors == []
    finally:
        page.close()


@pytest.mark.parametrize("page_path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(browser, base, page_path):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make deps` (make test does) to install axe-core")
    page, _ = open_page(browser, base + page_path, origin(base))
    try:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], f"{page_path}: {bad}"
    finally:
        page.close()


def test_narrow_screen_shows_the_text_without_horizontal_scrolling(browser, base):
    for page_path in PAGES:
        page, _ = open_page(browser, base + page_path, origin(base), width=390)
        try:
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{page_path} scrolls sideways by {overflow}px at 390px"
        finally:
            page.close()


def test_book_pages_are_lean(build):
    """No thebe, no fontawesome.js; every icon class the pages use is drawn by lean.css; the icon font is
    preloaded; the search scripts and index load on the search page only; the stylesheets are trimmed."""
    css = (sphinx_lean.STATIC / "lean.css").read_text(encoding="utf-8")
    drawn = set(re.findall(r"\.(fa-[a-z0-9-]+)", css))
    for page_path in [*PAGES, "search.html"]:
        html = (build / "html" / page_path).read_text(encoding="utf-8")
        assert "thebe" not in html.lower() and "fontawesome.js" not in html, page_path
        used = set(re.findall(r"\b(fa-[a-z0-9-]+)\b", html)) - {"fa-solid"}
        assert used <= drawn, f"{page_path}: icons without a CSS rule: {sorted(used - drawn)}"
        assert re.search(r'<link rel="preload" href="[./]*_static/lean-icons\.woff2" as="font" type="font/woff2" '
                         r"crossorigin />", html), f"{page_path}: the icon font is not preloaded"
        search_scripts = re.findall(r'<script[^>]* src="[^"]*(searchindex|searchtools|language_data)\.js', html)
        assert sorted(search_scripts) == (["language_data", "searchindex", "searchtools"]
                                          if page_path == "search.html" else []), page_path
    sheets = css_trim.site_markup(build / "html", [build / "html" / p for p in PAGES]).stylesheets
    assert {"_static/styles/pydata-sphinx-theme.css", "_static/lean.css"} <= sheets
    for sheet in sheets:
        text = (build / "html" / sheet).read_text(encoding="utf-8")
        assert text.endswith(css_trim.MARK), f"{sheet} is not trimmed"
    theme = (build / "html" / "_static" / "styles" / "pydata-sphinx-theme.css").stat().st_size
    assert theme < 200_000, f"the theme's stylesheet is {theme} bytes: the trimming keeps too much"


# The originals of the trimmed stylesheets: the installed themes' and extensions' static files.
def _original_stylesheets() -> dict[str, str]:
    """Site-relative path of a stylesheet (without a content hash) -> its text before trimming."""
    import configparser

    import jinja2
    import myst_nb
    import pydata_sphinx_theme
    import sphinx
    import sphinx_book_theme

    basic = Path(sphinx.__file__).parent / "themes" / "basic"
    pydata = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    book = Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme"
    options = {}
    for theme in (basic, pydata, book):  # the theme's options, each theme overriding the one it inherits
        conf = configparser.ConfigParser()
        conf.read(theme / "theme.conf")
        options.update({f"theme_{k}": v for k, v in conf["options"].items()} if "options" in conf else {})
    environment = jinja2.Environment()
    environment.filters["todim"] = lambda v: v if not str(v).isdigit() else f"{v}px"
    return {
        "_static/basic.css": environment.from_string((basic / "static" / "basic.css.jinja").read_text()).render(
            **options),
        "_static/styles/pydata-sphinx-theme.css":
            (pydata / "static" / "styles" / "pydata-sphinx-theme.css").read_text(),
        "_static/styles/sphinx-book-theme.css": (book / "static" / "styles" / "sphinx-book-theme.css").read_text(),
        "_static/mystnb.css": (Path(myst_nb.__file__).parent / "static" / "mystnb.css").read_text(),
        "_static/lean.css": (sphinx_lean.STATIC / "lean.css").read_text(),
    }


# Computed styles of every element (and its ::before, where icons are drawn) that show the layout and look.
STYLES = """() => {
  const props = ['display', 'position', 'visibility', 'float', 'width', 'height', 'margin-top', 'margin-right',
    'margin-bottom', 'margin-left', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
    'border-top-width', 'border-left-width', 'border-top-color', 'border-left-color', 'border-radius', 'color',
    'background-color', 'background-image', 'font-family', 'font-size', 'font-weight', 'font-style',
    'line-height', 'text-align', 'text-decoration-line', 'white-space', 'opacity', 'overflow-x', 'overflow-y',
    'z-index', 'box-shadow', 'transform', 'flex-direction', 'justify-content', 'align-items', 'gap',
    'grid-template-columns', 'top', 'left'];
  return Array.from(document.querySelectorAll('*')).map((el, i) => {
    const s = getComputedStyle(el), b = getComputedStyle(el, '::before');
    return [i, el.tagName, el.className.baseVal ?? el.className, ...props.map(p => s.getPropertyValue(p)),
            b.content, b.fontFamily, b.display];
  });
}"""


# Points every stylesheet link of the page at the trimmed file or (`original`) at the original, and waits for
# them and for the fonts they declare.
SWAP = """async (original) => {
  const links = Array.from(document.querySelectorAll('link[rel=stylesheet]'));
  await Promise.all(links.map(link => new Promise(done => {
    const url = new URL(link.href);
    if (original) url.searchParams.set('original', '1'); else url.searchParams.delete('original');
    if (url.href === link.href) return done();
    link.addEventListener('load', done, {once: true});
    link.addEventListener('error', done, {once: true});
    setTimeout(done, 20000);  // never wait for ever: a stylesheet that does not load shows as a style difference
    link.href = url.href;
  })));
  await document.fonts.ready;
}"""


def _compare_styles(page, label: str) -> None:
    """The page's computed styles with its (trimmed) stylesheets and with the originals are the same.
    Both are measured right after their stylesheets load, so that both see a fresh layout."""
    page.evaluate(SWAP, True)
    page.evaluate(SWAP, False)
    trimmed = page.evaluate(STYLES)
    page.evaluate(SWAP, True)
    original = page.evaluate(STYLES)
    page.evaluate(SWAP, False)
    assert len(trimmed) == len(original), f"{label}: different DOM"
    differ = [(a, b) for a, b in zip(original, trimmed, strict=True) if a != b]
    assert differ == [], f"{label}: original vs trimmed {differ[:3]}"


@pytest.mark.parametrize("width", [1280, 390])
def test_trimmed_stylesheets_style_the_pages_as_the_originals(browser, base, width):
    """Every element of every page, in light mode (and dark on a wide screen; with the menus open on the first
    page), has the same computed style with the trimmed stylesheets as with the themes' originals (served
    for `?original=1`)."""
    originals = _original_stylesheets()

    missing = []

    def original(route):
        path = re.sub(r"\.[0-9a-f]{64}\.css$", ".css", urlparse(route.request.url).path[len(PREFIX):])
        if path not in originals:  # answered, so that the page does not wait: the test fails below
            missing.append(path)
            route.fulfill(status=404, body="")
            return
        route.fulfill(status=200, content_type="text/css; charset=utf-8", body=originals[path])

    for page_path in PAGES:
        page, log = open_page(browser, base + page_path, origin(base), width=width)
        try:
            page.route("**/*original=1", original)
            # styles at rest: no transition caught half-way (colours fade when the mode changes)
            page.add_style_tag(content="* { transition: none !important; animation: none !important }")
            label = f"{page_path} at {width}px"
            _compare_styles(page, f"{label}, light")
            if width >= 960:  # dark mode, and the download menu in the header bar of a wide screen
                page.evaluate("document.documentElement.dataset.theme = 'dark'")
                _compare_styles(page, f"{label}, dark")
                page.evaluate("document.documentElement.dataset.theme = 'light'")
            if page_path == PAGES[0]:  # the menus are the same on every page
                if width >= 960:
                    page.click(".dropdown-download-buttons > button")
                    _compare_styles(page, f"{label}, download menu open")
                    page.keyboard.press("Escape")
                page.click(".search-button__button:visible")
                _compare_styles(page, f"{label}, search dialog open")
            assert missing == [], f"no original for {missing}"
            assert log.errors == [] and log.failed == [], log.errors + log.failed
        finally:
            page.close()


def test_a_missing_page_gets_the_404_page_working_at_any_depth(browser, base):
    for missing in ("no-such-page.html", "book/interviews/no/such/page.html"):
        page = browser.new_page()
        log = PageLog(page, origin(base))
        response = page.goto(base + missing, wait_until="networkidle")
        try:
            assert response.status == 404
            assert "Page not found" in page.inner_text("article")
            assert [f for f in log.failed if missing not in f] == [], "the 404 page's own files all load"
            # the browser logs the page's own status 404 as an error; any other error counts
            assert [e for e in log.errors if "status of 404" not in e] == [] and len(log.errors) <= 1
            hrefs = page.eval_on_selector_all("article a[href]", "els => els.map(a => a.href)")
            assert hrefs == [base + "index.html", base + "search.html"], hrefs
            stylesheets = page.evaluate("Array.from(document.styleSheets).filter(s => s.href).length")
            assert stylesheets >= 3, "the theme's stylesheets load on the 404 page"
            sidebar = page.eval_on_selector_all("nav.bd-docs-nav a[href]", "els => els.map(a => a.href)")
            assert sidebar and all(h.startswith(base) for h in sidebar), sidebar
            for href in sidebar:
                assert page.request.get(href).ok, href
            page.click("article a[href$='index.html']")
            page.wait_for_url(base + "book/intro.html")  # the site's index leads to the first chapter
        finally:
            page.close()
