"""Serve the built HTML site on localhost, as a static host would, for browser tests and audits.

Like common static hosts (GitHub Pages, Netlify, Read the Docs) it compresses text
files with gzip when the browser accepts it and lets browsers cache files for ten
minutes, so that Lighthouse measures the site, not a bare development server. Like
GitHub Pages it can serve the site under a prefix (a project page lives at
/<repository>/: nothing outside the prefix exists), and answers a missing page with
the site's 404.html, status 404.
"""

from __future__ import annotations

import gzip
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class Handler(SimpleHTTPRequestHandler):
    """Static files under `prefix` with gzip for text and a ten-minute cache lifetime; no request log."""

    prefix = "/"

    def translate_path(self, path):
        if path.split("?")[0] == self.prefix.rstrip("/"):
            return super().translate_path("/")  # the site's folder without its slash: redirected to it
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-prefix")  # no such file: 404
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file() or self.command != "GET":
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects "dir" to "dir/"
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts and ctype.startswith(COMPRESSIBLE)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextmanager
def serve(folder: str | Path, port: int = 0, prefix: str = "/") -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port by default) under `prefix` (such as '/book/');
    yields the site's URL, ending in '/'."""
    folder = Path(folder)
    if not (folder / "index.html").is_file():
        raise FileNotFoundError(f"{folder} has no index.html: build the book first (make html)")
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type("PrefixHandler", (Handler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
