"""The local static server of browser tests and audits (`interviews.dev.server`)."""

import gzip
import urllib.error
import urllib.request

import pytest

from interviews.dev import server


def test_serve_compresses_text_like_a_static_host(tmp_path):
    (tmp_path / "index.html").write_text("<p>" + "interview " * 200 + "</p>", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text("<p>sub</p>", encoding="utf-8")
    with server.serve(tmp_path) as base:
        request = urllib.request.Request(base, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert response.headers["Cache-Control"] == "max-age=600"
            assert gzip.decompress(response.read()).decode().count("interview") == 200
        with urllib.request.urlopen(base + "sub") as response:  # redirected to sub/
            assert response.read() == b"<p>sub</p>"
    with pytest.raises(FileNotFoundError, match="make html"):
        with server.serve(tmp_path / "sub" / "missing"):
            pass


def test_serve_under_a_prefix_like_a_project_page_with_its_404_page(tmp_path):
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>not found</p>", encoding="utf-8")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "intro.html").write_text("<p>intro</p>", encoding="utf-8")
    with server.serve(tmp_path, prefix="interviews-book") as base:
        assert base.endswith("/interviews-book/")
        with urllib.request.urlopen(base + "book/intro.html") as response:
            assert response.read() == b"<p>intro</p>"
        with urllib.request.urlopen(base.rstrip("/")) as response:  # redirected to the prefix with its slash
            assert response.url == base and response.read() == b"<p>home</p>"
        site_root = base.removesuffix("interviews-book/")
        for missing in (base + "no/such/page.html", site_root + "book/intro.html", site_root + "index.html"):
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(missing)
            assert info.value.code == 404 and info.value.read() == b"<p>not found</p>"
    (tmp_path / "404.html").unlink()
    with server.serve(tmp_path) as base:
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(base + "missing.html")
        assert info.value.code == 404 and b"Error response" in info.value.read()
