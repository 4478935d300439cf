"""Fixtures of the integration tests: one strict build of the whole book, and a browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.integration.helpers import CHROMIUM, build_book, config_with_base_url


@pytest.fixture(scope="session")
def site_config(root, tmp_path_factory) -> Path:
    """The project's _config.yml with the book's URL set (helpers.SITE_URL), as a published book has it."""
    return config_with_base_url(root, tmp_path_factory.mktemp("config"))


@pytest.fixture(scope="session")
def build(root, site_config, tmp_path_factory) -> Path:
    """One strict build of the whole book, HTML and PDF, with the PDF in the site (as `make book` makes
    it) and the book's URL set (`site_config`); shared by the tests that inspect it.

    INTERVIEWS_BUILD=_build reuses an existing build instead (for quick reruns while
    developing; `make test` always builds afresh).
    """
    if os.environ.get("INTERVIEWS_BUILD"):
        return Path(os.environ["INTERVIEWS_BUILD"]).resolve()
    return build_book(root, tmp_path_factory.mktemp("book"), config=site_config)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download); `make deps` installs Chromium."""
    if not CHROMIUM.is_file():
        pytest.fail("Chromium is missing: run `make deps` (make test does) to install it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()
