"""The site's stylesheets without the rules for markup that no page has.

The theme's stylesheet bundles all of Bootstrap (carousels, toasts, forms, grid and
spacing utilities) and the classes of every Font Awesome icon: about 400 kB, 65 kB
gzipped, and it blocks the first paint of every page. After the build,
:func:`trim_site` reads every page of the site and keeps, in each stylesheet the
pages link from `_static/`, only the style rules whose selectors can match:

* a selector is kept when each class it names outside parentheses (`:not(.x)`,
  `:is(.x, .y)` may match without `.x`) is *used*: it is in a `class` attribute of a
  page, it is a word of a script the pages load (Bootstrap and the theme add
  classes such as `show` or `collapsing` at run time), or it matches a class a
  script builds from parts (`bs-${name}-auto`, `"carousel-item-" + order`);
* selectors with escapes (`.md\\:flex`) are kept as written, and so are at-rules
  other than @media, @supports, @layer and @container (whose rules are trimmed the
  same way): @font-face, @keyframes, @charset, @import;
* licence comments (`/*! ... */`) are kept; other comments are dropped; characters
  outside ASCII are written as CSS escapes.

It works on the built site, so a page added later keeps the rules it needs. The
output depends only on the pages, the scripts and the stylesheets: two builds give
the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import tinycss2

from .. import paths

WORD_RE = re.compile(r"[A-Za-z0-9_-]+")
# A class name a script builds from parts: `bs-${name}-auto` or "prefix-" + x or x + "-suffix".
TEMPLATE_RE = re.compile(r"(?:[\w-]*\$\{[^{}`]*\})+[\w-]*")
CONCAT_RE = re.compile(r"[\"']([\w-]+-)[\"']\s*\+|\+\s*[\"'](-[\w-]+)[\"']")
CLASS_RE = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
ATTRIBUTE_RE = re.compile(r"\[[^\]]*\]")
# The last line of a trimmed stylesheet (not the first: @charset must open the file).
MARK = "/* trimmed to the site's markup by interviews.report.css_trim */\n"
NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
TRIMMED = ("media", "supports", "layer", "container")


@dataclass
class Markup:
    """What the pages of a site can put into their DOM, and the files they load."""

    classes: set[str] = field(default_factory=set)  # class attributes of the pages
    words: set[str] = field(default_factory=set)  # words of the scripts (inline and loaded)
    patterns: set[str] = field(default_factory=set)  # class names scripts build, as regular expressions
    scripts: set[str] = field(default_factory=set)  # site-relative paths of the loaded scripts
    stylesheets: set[str] = field(default_factory=set)  # site-relative paths of the linked stylesheets

    def add_script(self, text: str) -> None:
        self.words.update(WORD_RE.findall(text))
        for piece in TEMPLATE_RE.findall(text):
            parts = re.split(r"\$\{[^{}`]*\}", piece)
            if max(len(part.strip("-_")) for part in parts) >= 2:  # a name, not only placeholders
                self.patterns.add(r"[\w-]*".join(re.escape(part) for part in parts))
        for prefix, suffix in CONCAT_RE.findall(text):
            self.patterns.add(re.escape(prefix) + r"[\w-]+" if prefix else r"[\w-]+" + re.escape(suffix))

    def digest(self) -> str:
        """A digest of what the pages and scripts can use (not of which files they load)."""
        parts = [sorted(self.classes), sorted(self.words), sorted(self.patterns)]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()

    def uses(self, name: str) -> bool:
        """True if a page or a script can give an element the class `name`."""
        if name in self.classes or name in self.words:
            return True
        return any(re.fullmatch(p, name) for p in self.patterns)


class _PageParser(HTMLParser):
    def __init__(self, markup: Markup, page: str):
        super().__init__(convert_charrefs=True)
        self.markup, self.page, self.in_script = markup, page, False

    def _local(self, url: str | None) -> str | None:
        """The site-relative path of a link from the page, or None for another site or a data: URL."""
        if not url or urlparse(url).scheme or url.startswith("//"):
            return None
        return urlparse(urljoin(self.page, url)).path.lstrip("/")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.markup.classes.update((attributes.get("class") or "").split())
        self.in_script = tag == "script"
        if tag == "script" and (path := self._local(attributes.get("src"))):
            self.markup.scripts.add(path)
        rel = (attributes.get("rel") or "").split()
        if tag == "link" and "stylesheet" in rel and (path := self._local(attributes.get("href"))):
            self.markup.stylesheets.add(path)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.in_script = False

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.markup.add_script(data)


FIELDS = ("classes", "words", "patterns", "scripts", "stylesheets")


def page_markup(text: str, page: str) -> Markup:
    """The classes, inline script words and linked files of one HTML page (`page`: its site-relative path)."""
    markup = Markup()
    parser = _PageParser(markup, "/" + page)
    parser.feed(text)
    parser.close()
    return markup


def site_markup(site: Path, pages: list[Path], kept: Path | None = None) -> Markup:
    """The classes, script words and linked files of `pages` (HTML files under `site`).

    With `kept` (a JSON file), what each page holds is kept there under a digest of its text and of
    this module's code, and read back for a page that has not changed since (a rebuild rewrites only
    the pages whose chapters changed)."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    known = {}
    if kept is not None:
        try:
            data = json.loads(kept.read_text(encoding="utf-8"))
            known = data["pages"] if data.get("code") == code and isinstance(data.get("pages"), dict) else {}
        except (OSError, ValueError, AttributeError):
            known = {}
    markup, pages_now = Markup(), {}
    for page in pages:
        name, text = page.relative_to(site).as_posix(), page.read_text(encoding="utf-8")
        digest = hashlib.sha256(text.encode()).hexdigest()
        entry = known.get(name)
        if not (isinstance(entry, dict) and entry.get("digest") == digest and all(
                isinstance(entry.get(f), list) for f in FIELDS)):
            found = page_markup(text, name)
            entry = {"digest": digest, **{f: sorted(getattr(found, f)) for f in FIELDS}}
        pages_now[name] = entry
        for f in FIELDS:
            getattr(markup, f).update(entry[f])
    if kept is not None:
        paths.write_if_changed(kept, json.dumps({"code": code, "pages": pages_now}, sort_keys=True) + "\n")
    for script in sorted(markup.scripts):
        path = site / script
        if path.is_file():
            markup.add_script(path.read_text(encoding="utf-8", errors="replace"))
    return markup


def _outside_parentheses(selector: str) -> str:
    out, depth = [], 0
    for char in selector:
        depth += char == "("
        if depth == 0:
            out.append(char)
        depth -= char == ")" and depth > 0
    return "".join(out)


def _split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas."""
    parts, depth, current = [], 0, []
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def selector_used(selector: str, markup: Markup) -> bool:
    """False when the selector names, outside parentheses, a class that no page or script uses."""
    if "\\" in selector:
        return True
    bare = ATTRIBUTE_RE.sub("", _outside_parentheses(selector))
    return all(markup.uses(name) for name in CLASS_RE.findall(bare))


def _trim_rules(rules, markup: Markup) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(tinycss2.serialize(rule.prelude)) if selector_used(s, markup)]
            if selectors:
                out.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in TRIMMED and rule.content is not None:
            content = tinycss2.parse_rule_list(rule.content, skip_comments=False, skip_whitespace=True)
            inner = _trim_rules(content, markup)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":
            out.append(tinycss2.serialize([rule]))
        elif rule.type == "comment" and rule.value.startswith("!"):
            out.append(f"/*{rule.value}*/\n")
    return out


def trim_stylesheet(css: str, markup: Markup) -> str:
    """`css` without the style rules whose selectors no page can match (see the module's docstring)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True)
    text = "".join(_trim_rules(rules, markup)) + "\n"
    # tinycss2 writes escaped characters as themselves (`"\\f104"` as U+F104): escape them again, so
    # that the file is ASCII and means the same whatever encoding a browser assumes for it.
    return NON_ASCII_RE.sub(lambda m: f"\\{ord(m[0]):x} ", text) + MARK


KEPT_TRIMMINGS = 32  # trimmed stylesheets a cache folder keeps, the most recently used


def _trimmed(css: str, markup: Markup, cache: Path) -> str:
    """:func:`trim_stylesheet`, kept in `cache` under a digest of the stylesheet, of what the pages can use
    and of this module's code, so that a build whose pages use the same classes does not parse it again.
    The folder keeps the :data:`KEPT_TRIMMINGS` most recently used."""
    key = hashlib.sha256("\0".join([css, markup.digest(), Path(__file__).read_text(encoding="utf-8")])
                         .encode()).hexdigest()
    return paths.kept_or_made(cache, f"{key}.css", lambda: trim_stylesheet(css, markup), KEPT_TRIMMINGS,
                              usable=_is_utf8).decode("utf-8")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def trim_site(site: Path, originals: Path, cache: Path | None = None,
              kept_markup: Path | None = None) -> dict[str, tuple[int, int]]:
    """Trim, in place, every stylesheet under `_static/` that a page of `site` links, first
    keeping each original under `originals` (same relative path) for :func:`restore_originals`.
    Trimmings are kept in `cache` (by default `css-trimmed` beside `originals`) for the next build,
    and what each page holds in `kept_markup` (see :func:`site_markup`).

    Returns site-relative path -> (bytes before, bytes after). Pages are the HTML files
    outside `_static/` (which holds the theme's templates, not pages).
    """
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)
    markup = site_markup(site, pages, kept_markup)
    sheets = sorted(sheet for sheet in markup.stylesheets if sheet.startswith("_static/"))
    missing = [site / sheet for sheet in sheets if not (site / sheet).is_file()]
    if missing:
        raise FileNotFoundError(f"{missing[0]}: a page links this stylesheet, but the build did not write it")
    sizes = {}
    for sheet in sheets:
        path = site / sheet
        css = path.read_text(encoding="utf-8")
        if css.endswith(MARK):
            raise ValueError(f"{path}: trimmed already; restore the originals before a build "
                             "(restore_originals) so that the trimming starts from them")
        kept = originals / sheet
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(css, encoding="utf-8")
        trimmed = _trimmed(css, markup, cache or originals.parent / "css-trimmed")
        path.write_text(trimmed, encoding="utf-8")
        sizes[sheet] = (len(css.encode()), len(trimmed.encode()))
    return sizes


def restore_originals(site: Path, originals: Path) -> list[Path]:
    """Put back, in place of each trimmed stylesheet under `site/_static`, the original kept by
    :func:`trim_site`, or delete it where none was kept (a build copies the originals then).

    A rebuild that writes no page (nothing changed) does not copy the static files again, so
    the originals must be back before it starts. Returns the stylesheets restored or deleted.
    """
    static = site / "_static"
    trimmed = [p for p in sorted(static.rglob("*.css")) if p.read_text(encoding="utf-8").endswith(MARK)] \
        if static.is_dir() else []
    for path in trimmed:
        kept = originals / path.relative_to(site)
        if kept.is_file():
            path.write_text(kept.read_text(encoding="utf-8"), encoding="utf-8")
        else:
            path.unlink()
    return trimmed
