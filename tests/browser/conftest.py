"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

The browser is the machine's own (`WASL_CHROMIUM`, default /usr/bin/chromium); nothing is downloaded. Without
it these tests are skipped, unless WASL_REQUIRE_BROWSER=1 (CI sets it), which makes a missing browser an
error. Screenshots of every page a test looks at go to WASL_SCREENSHOT_DIR (CI keeps them as artifacts).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent.parent
for folder in (TESTS / "console", TESTS / "messaging"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

CHROMIUM = os.environ.get("WASL_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _require() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("WASL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"no browser at {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
    pytest.skip(f"no browser at {CHROMIUM} (install Debian's chromium to run the browser tests)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    """A phone-sized page (the buyer's pages are used on phones)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Any:
    """shoot(page, "name"): a full-page screenshot named after the test, kept when WASL_SCREENSHOT_DIR is set."""
    folder = os.environ.get("WASL_SCREENSHOT_DIR", "")

    def take(on: Any, name: str) -> None:
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", f"{request.node.name}-{name}")
        on.screenshot(path=str(Path(folder) / f"{stem}.png"), full_page=True)

    return take


@pytest.fixture
def messaging_store(store: Any) -> Any:
    """The `store` fixture with WhatsApp and SMS set up (sandbox numbers never reach the providers)."""
    from messaging_helpers import SMS_SETTINGS, WHATSAPP_SETTINGS

    from wasl.messaging.channels.registry import channel_cache_clear
    from wasl.stores.services import secret_set

    channel_cache_clear()
    for key, value in {**WHATSAPP_SETTINGS, **SMS_SETTINGS}.items():
        secret_set(store=store, key=key, value=value)
    return store
