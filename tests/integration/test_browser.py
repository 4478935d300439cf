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
import urllib.request
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import nbformat
import pytest

from interviews import paths
from interviews.dev import server
from interviews.report import sphinx_lean, website
from tests.helpers import ROOT
from tests.integration.helpers import AXE, PREFIX, SITE_URL, PageLog, open_page

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
    """No thebe, no fontawesome.js; every icon class the pages use is drawn by lean.css."""
    css = (sphinx_lean.STATIC / "lean.css").read_text(encoding="utf-8")
    drawn = set(re.findall(r"\.(fa-[a-z0-9-]+)", css))
    for page_path in PAGES:
        html = (build / "html" / page_path).read_text(encoding="utf-8")
        assert "thebe" not in html.lower() and "fontawesome.js" not in html, page_path
        used = set(re.findall(r"\b(fa-[a-z0-9-]+)\b", html)) - {"fa-solid"}
        assert used <= drawn, f"{page_path}: icons without a CSS rule: {sorted(used - drawn)}"


# Search controls that show on a page: the sidebar's field, the header's button, a form or a search input.
VISIBLE_SEARCH = """() => Array.from(document.querySelectorAll(
    '.search-button__button, form.bd-search, input[type=search]'))
  .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden').length"""


@pytest.mark.parametrize("width", [1280, 390])
def test_one_search_box_per_page_and_it_searches(browser, base, width):
    for page_path in PAGES:
        page, log = open_page(browser, base + page_path, origin(base), width=width)
        try:
            assert page.evaluate(VISIBLE_SEARCH) == 1, f"{page_path} at {width}px: one search box expected"
        finally:
            page.close()
    page, log = open_page(browser, base + PAGES[0], origin(base), width=width)
    try:
        page.locator(".search-button__button:visible").click()
        page.keyboard.type("pivot organizations")
        page.keyboard.press("Enter")
        page.wait_for_selector("#search-results ul.search li a", timeout=20000)
        assert page.url.startswith(base + "search.html"), page.url
        results = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(a => a.href)")
        assert any(r.startswith(base) and "liu-youping-2020" in r for r in results), results
        assert log.errors == [] and log.failed == []
    finally:
        page.close()


class _Head(HTMLParser):
    """The <meta> and <link rel=canonical> of a page's head."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.meta.setdefault(a.get("name") or a.get("property"), []).append(a.get("content") or "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href") or "")


def head(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("page_path", PAGES)
def test_page_has_description_social_tags_and_canonical_url(build, page_path):
    tags = head((build / "html" / page_path).read_text(encoding="utf-8"))
    meta = {key: values[0] for key, values in tags.meta.items()}
    social = {k: v for k, v in tags.meta.items() if k == "description" or k.startswith(("og:", "twitter:"))}
    assert all(len(values) == 1 for values in social.values()), social
    assert 50 <= len(meta.get("description", "")) <= 160, f"{page_path}: description {meta.get('description')!r}"
    assert not meta["description"].startswith("To re-run"), "a note about the page is not its description"
    assert tags.canonical == [SITE_URL + page_path]
    assert meta["og:url"] == SITE_URL + page_path
    assert meta["og:title"] and meta["twitter:title"] == meta["og:title"]
    assert meta["og:description"] == meta["twitter:description"] == meta["description"]
    assert meta["og:image"] == meta["twitter:image"] == SITE_URL + website.PREVIEW
    assert meta["twitter:card"] == "summary_large_image" and meta["og:image:alt"]


def test_preview_image_and_sitemap_are_on_the_site(base):
    with urllib.request.urlopen(base + website.PREVIEW) as response:
        assert response.headers["Content-Type"] == "image/png"
        assert response.read()[:8] == b"\x89PNG\r\n\x1a\n"
    with urllib.request.urlopen(base + "sitemap.xml") as response:
        tree = ElementTree.fromstring(response.read())
    locs = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert set(locs) >= {SITE_URL + page for page in PAGES}
    assert not {SITE_URL + p for p in ("search.html", "genindex.html", "404.html")} & set(locs)
    assert len(locs) == len(set(locs))


def is_notebook(page_path: str) -> bool:
    """Whether the page's source is a notebook (MyST Markdown with a kernel), which the build executes."""
    text = (ROOT / page_path.replace(".html", ".md")).read_text(encoding="utf-8")
    return text.startswith("---") and "kernelspec:" in text.split("---")[1]


def test_download_menu_gives_the_notebook_and_the_book_pdf(browser, base):
    assert sum(map(is_notebook, PAGES)) >= len(PAGES) - 2, "most chapters are notebooks"
    for page_path in PAGES:
        page, log = open_page(browser, base + page_path, origin(base))
        try:
            page.click(".dropdown-download-buttons > button")
            links = page.eval_on_selector_all(
                ".dropdown-download-buttons .dropdown-menu a:visible",
                "els => els.map(a => [a.textContent.trim(), a.href])")
            assert page.locator(".dropdown-download-buttons [onclick]").count() == 0, "no print-this-page button"
            assert log.errors == [] and log.failed == []
            menu = dict(links)
            assert menu[".pdf"] == base + website.PDF
            pdf = page.request.get(menu[".pdf"])
            assert pdf.ok and pdf.body()[:5] == b"%PDF-"
            if not is_notebook(page_path):
                assert [text for text, _ in links] == [".md", ".pdf"], f"{page_path}: {links}"
                continue
            assert [text for text, _ in links] == [".ipynb", ".md", ".pdf"], f"{page_path}: {links}"
            assert menu[".ipynb"] == base + page_path.removesuffix(".html") + ".ipynb"
            notebook = nbformat.reads(page.request.get(menu[".ipynb"]).text(), as_version=4)
            nbformat.validate(notebook)
            code = [c for c in notebook.cells if c.cell_type == "code"]
            source = page_path.removesuffix(".html") + ".md"
            assert f"`{source}`" in notebook.cells[0].source and "jupyter execute" in notebook.cells[0].source
            assert all(c.execution_count for c in code), f"{page_path}: the notebook is executed"
            assert len(code) < 2 or any(c.outputs for c in code), f"{page_path}: the notebook has its outputs"
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
