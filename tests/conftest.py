"""Fixtures for the browser tests: each test module gets a fresh server (so its first visit is a deep
link to a server no one has opened yet), one Chromium, and a new tall page per test."""

from __future__ import annotations

import pytest

from tests.browser import chromium, streamlit_server


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 3000})
    yield context.new_page()
    context.close()
