"""Stylesheets trimmed to the site's markup (`interviews.report.css_trim`)."""

import pytest

from interviews.report import css_trim


def markup(classes=(), script=""):
    m = css_trim.Markup(classes=set(classes))
    m.add_script(script)
    return m


def test_a_selector_is_kept_when_every_class_outside_parentheses_is_used():
    used = markup({"btn", "show"})
    assert css_trim.selector_used(".btn.show > a:hover", used)
    assert not css_trim.selector_used(".btn .carousel-item", used)
    assert css_trim.selector_used("html[data-theme=dark] .btn", used), "attributes are no classes"
    assert css_trim.selector_used('a[href$=".carousel"]', used), "a dot inside an attribute value is no class"
    assert css_trim.selector_used(".btn:not(.disabled)", used), ":not(.x) matches without .x"
    assert css_trim.selector_used(":is(.toast, .btn) p", used), "classes in :is() are left to the browser"
    assert css_trim.selector_used(r".md\:flex", used), "escaped names are kept as written"
    assert css_trim.selector_used("body > p::before", used)


def test_classes_that_scripts_use_or_build_count_as_used():
    script = ('el.classList.add("collapsing");t.classList.add(`bs-${this.constructor.NAME}-auto`);'
              'x.className="carousel-item-"+order;y=`${a}${b}`;z=`${a}-${b}`;')
    used = markup(script=script)
    assert used.uses("collapsing")
    assert used.uses("bs-tooltip-auto") and used.uses("bs-popover-auto") and not used.uses("bs-tooltip-top")
    assert used.uses("carousel-item-next")
    assert not used.uses("offcanvas-start"), "a template of placeholders alone does not keep every class"


def test_trim_stylesheet_drops_unused_rules_and_keeps_the_rest():
    css = (
        '@charset "UTF-8";/*! Bootstrap, MIT licence */\n'
        "/* a plain comment */\n"
        ":root{--bs-blue:#0d6efd}"
        ".btn,.carousel{color:red}"
        ".carousel-item{display:none}"
        "@media (min-width:960px){.carousel{x:1}.btn{margin:0}}"
        "@media print{.toast{display:none}}"
        "@font-face{font-family:X;src:url(x.woff2)}"
        "@keyframes spin{to{transform:rotate(1turn)}}"
        '.fa-x::before{content:"\\f104"}'
    )
    out = css_trim.trim_stylesheet(css, markup({"btn", "fa-x"}))
    body = out.removesuffix(css_trim.MARK)
    assert out.endswith(css_trim.MARK) and out.startswith('@charset "UTF-8";')
    assert "/*! Bootstrap, MIT licence */" in body and "plain comment" not in body
    assert ":root{--bs-blue:#0d6efd}" in body
    assert ".btn{color:red}" in body and "carousel" not in body
    assert "@media (min-width:960px){.btn{margin:0}}" in body
    assert "@media print" not in body and "toast" not in body, "an @media left empty goes"
    assert "@font-face{font-family:X;src:url(x.woff2)}" in body and "@keyframes spin" in body
    assert '.fa-x::before{content:"\\f104 "}' in body, "characters outside ASCII are escaped again"
    assert body.isascii()


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path):
    write(tmp_path / "index.html", '<link rel="stylesheet" href="_static/a.css?v=1"><p class="used">')
    write(tmp_path / "book" / "ch.html",
          '<link href="../_static/b.css" rel="stylesheet" />'
          '<script defer src="../_static/s.js?digest=1"></script>'
          '<script src="https://cdn.example.org/x.js"></script>'
          '<script>document.body.classList.add("inline-added")</script><div class="other used"></div>')
    write(tmp_path / "_static" / "s.js", 'e.classList.add("script-added")')
    write(tmp_path / "_static" / "template.html", '<div class="in-a-template-not-a-page">')
    write(tmp_path / "_static" / "a.css", ".used{a:1}.unused{b:2}.inline-added{c:3}")
    write(tmp_path / "_static" / "b.css", ".script-added{d:4}.other .unused{e:5}.in-a-template-not-a-page{f:6}")
    write(tmp_path / "_static" / "unlinked.css", ".unused{g:7}")
    return tmp_path


def test_site_markup_reads_classes_scripts_and_stylesheets_of_the_pages(site):
    pages = [site / "index.html", site / "book" / "ch.html"]
    found = css_trim.site_markup(site, pages)
    assert found.stylesheets == {"_static/a.css", "_static/b.css"}
    assert found.scripts == {"_static/s.js"}, "local scripts only, resolved from the page's folder"
    assert {"used", "other"} <= found.classes
    assert found.uses("script-added") and found.uses("inline-added")


def test_site_markup_reads_a_page_again_only_when_it_changed(site, tmp_path, monkeypatch):
    pages, kept = [site / "index.html", site / "book" / "ch.html"], tmp_path / "doctrees" / "markup.json"
    first = css_trim.site_markup(site, pages, kept)
    assert first == css_trim.site_markup(site, pages), "the same as without keeping"
    parsed, original = [], css_trim.page_markup
    monkeypatch.setattr(css_trim, "page_markup", lambda text, page: parsed.append(page) or original(text, page))
    assert css_trim.site_markup(site, pages, kept) == first and parsed == [], "no page changed: none is parsed"
    write(site / "book" / "ch.html", '<link rel="stylesheet" href="../_static/a.css"><p class="fresh">')
    again = css_trim.site_markup(site, pages, kept)
    assert parsed == ["book/ch.html"] and "fresh" in again.classes and "other" not in again.classes
    kept.write_text("{not json")
    assert css_trim.site_markup(site, pages, kept) == again, "an unreadable file: every page is parsed"


def test_trim_site_trims_linked_stylesheets_once_and_restore_originals_undoes_it(site, tmp_path):
    originals = tmp_path / "originals"
    a_before = (site / "_static" / "a.css").read_text(encoding="utf-8")
    sizes = css_trim.trim_site(site, originals)
    assert set(sizes) == {"_static/a.css", "_static/b.css"}
    a = (site / "_static" / "a.css").read_text(encoding="utf-8")
    b = (site / "_static" / "b.css").read_text(encoding="utf-8")
    assert a == ".used{a:1}.inline-added{c:3}\n" + css_trim.MARK
    assert b == ".script-added{d:4}\n" + css_trim.MARK, "templates in _static are not pages"
    assert (site / "_static" / "unlinked.css").read_text(encoding="utf-8") == ".unused{g:7}"
    assert sizes["_static/a.css"] == (len(".used{a:1}.unused{b:2}.inline-added{c:3}"), len(a))
    assert (originals / "_static" / "a.css").read_text(encoding="utf-8") == a_before
    with pytest.raises(ValueError, match="trimmed already"):
        css_trim.trim_site(site, originals)
    (originals / "_static" / "b.css").unlink()  # an original that was not kept: deleted for the build to copy
    touched = css_trim.restore_originals(site, originals)
    assert touched == [site / "_static" / "a.css", site / "_static" / "b.css"]
    assert (site / "_static" / "a.css").read_text(encoding="utf-8") == a_before, "a rebuild that copies nothing"
    assert not (site / "_static" / "b.css").exists()
    assert (site / "_static" / "unlinked.css").is_file()
    assert css_trim.restore_originals(site / "nothing-here", originals) == []
    with pytest.raises(FileNotFoundError, match="b.css: a page links this stylesheet"):
        css_trim.trim_site(site, originals)
    write(site / "_static" / "b.css", ".script-added{d:4}")  # as a build that copies it
    assert css_trim.trim_site(site, originals)["_static/a.css"] == sizes["_static/a.css"], "trims again"


def test_trim_site_reuses_a_trimming_while_the_pages_use_the_same_classes(site, tmp_path, monkeypatch):
    originals = tmp_path / "originals"
    first = css_trim.trim_site(site, originals)
    assert len(list((tmp_path / "css-trimmed").glob("*.css"))) == 2
    css_trim.restore_originals(site, originals)

    def refuse(css, markup):
        raise AssertionError("parsed again")

    with monkeypatch.context() as m:
        m.setattr(css_trim, "trim_stylesheet", refuse)
        assert css_trim.trim_site(site, originals) == first, "the same pages: the kept trimming"
    css_trim.restore_originals(site, originals)
    write(site / "book" / "new.html", '<link rel="stylesheet" href="../_static/a.css"><p class="unused">')
    css_trim.trim_site(site, originals)
    assert ".unused{b:2}" in (site / "_static" / "a.css").read_text(encoding="utf-8"), "a class newly used is kept"


def test_a_cache_folder_keeps_only_the_most_recently_used_trimmings(site, tmp_path, monkeypatch):
    originals, cache = tmp_path / "originals", tmp_path / "machine" / "css-trimmed"
    monkeypatch.setattr(css_trim, "KEPT_TRIMMINGS", 2)
    css_trim.trim_site(site, originals, cache)
    assert len(list(cache.glob("*.css"))) == 2 and not (tmp_path / "css-trimmed").exists(), "the folder given"
    css_trim.restore_originals(site, originals)
    write(site / "book" / "new.html", '<link rel="stylesheet" href="../_static/a.css"><p class="unused">')
    css_trim.trim_site(site, originals, cache)  # a.css trimmed anew; b.css's trimming used again
    kept = {p.read_text(encoding="utf-8") for p in cache.glob("*.css")}
    assert kept == {(site / "_static" / name).read_text(encoding="utf-8") for name in ("a.css", "b.css")}, \
        "the trimming of a.css for the old pages, least recently used, went"
