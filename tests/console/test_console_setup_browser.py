"""The message text editor in a real browser: an Arabic-speaking manager types and the preview follows."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from console_helpers import PASSWORD, member

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("WASL_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the ORM calls the test makes are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("WASL_REQUIRE_BROWSER") == "1":
            pytest.fail(f"no browser at {CHROMIUM}")
        pytest.skip(f"no browser at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"], headless=True
        )
        opened = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        opened.set_default_timeout(15_000)
        yield opened
        browser.close()


def test_an_arabic_manager_types_a_text_and_the_preview_follows_without_saving(
    live_server: Any, page: Any, store: Any
) -> None:
    from wasl.messaging.models import Template

    member(store, "mona", role="manager")
    page.goto(f"{live_server.url}/console/login/")
    page.evaluate("document.cookie = 'django_language=ar; path=/'")
    page.goto(f"{live_server.url}/console/login/")
    page.fill("#id_username", "mona")
    page.fill("#id_password", PASSWORD)
    page.click("form:has(#id_password) button[type=submit]")
    page.wait_for_url(re.compile(rf"/console/{store.slug}/$"))

    page.goto(f"{live_server.url}/console/{store.slug}/setup/templates/shipment.delivered/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("textarea[name=body]", "أهلًا {customer_name}، وصل طلبك {order_number}")

    bubble = page.locator("#preview .bubble p")
    bubble.filter(has_text="أهلًا سارة، وصل طلبك").wait_for()
    assert bubble.get_attribute("dir") == "rtl"
    page.fill("textarea[name=body]", "أهلًا {coupon}")
    page.locator("#preview", has_text="صحّح النص لتراه معبّأً.").wait_for()
    assert Template.objects.count() == 0
