"""The built site in a real browser (Debian's Chromium through Playwright).

Every page of `_toc.yml` loads without console errors, exceptions or failed local
requests; every image has alternative text; every internal link and anchor
resolves; axe-core finds no serious or critical accessibility violation; the
search page finds a known phrase.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest

from interviews import paths
from interviews.dev import server
from interviews.report import sphinx_lean
from tests.helpers import ROOT
from tests.integration.helpers import AXE, open_page

pytestmark = pytest.mark.build
PAGES = paths.toc_pages(ROOT)


@pytest.fixture(scope="module")
def base(build):
    with server.serve(build / "html") as url:
        yield url


@pytest.mark.parametrize("page_path", PAGES)
def test_page_loads_cleanly_with_alt_text_and_lang(browser, base, page_path):
    page, log = open_page(browser, base + page_path, base)
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
    page, log = open_page(browser, base + "search.html?q=pivot+organizations", base)
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
    page, _ = open_page(browser, base + page_path, base)
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
        page, _ = open_page(browser, base + page_path, base, width=390)
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
