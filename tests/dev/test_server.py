"""The local static server of browser tests and audits (`interviews.dev.server`)."""

import gzip
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
