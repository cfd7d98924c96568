"""The message text editor in a real browser: an Arabic-speaking manager types and the preview follows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from console_helpers import PASSWORD, member

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


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
