"""The console in a real browser: an Arabic-speaking merchant signs in and plays a buyer in the sandbox."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bot_helpers import buyer_order, ship
from console_helpers import PASSWORD, member

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = "+966501234567"


def _sign_in(page: Any, base: str, language: str) -> None:
    page.goto(f"{base}/console/login/")
    page.evaluate(f"document.cookie = 'django_language={language}; path=/'")
    page.goto(f"{base}/console/login/")
    page.fill("#id_username", "agent")
    page.fill("#id_password", PASSWORD)
    page.click("form:has(#id_password) button[type=submit]")


def test_an_arabic_merchant_signs_in_and_the_bot_answers_the_buyer_in_the_sandbox(
    live_server: Any, page: Any, shoot: Any, messaging_store: Any
) -> None:
    member(messaging_store)
    order = buyer_order(messaging_store)
    ship(order, "picked_up", "in_transit")
    _sign_in(page, live_server.url, "ar")
    page.wait_for_url(re.compile(rf"/console/{messaging_store.slug}/$"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    shoot(page, "inbox")

    page.goto(f"{live_server.url}/console/{messaging_store.slug}/sandbox/")
    page.fill("input[name=phone]", "0501234567")
    page.click("form[novalidate] button[type=submit]")
    page.wait_for_url(re.compile(r"/sandbox/%2B966501234567/$|/sandbox/\+966501234567/$"))
    page.fill("form.compose [name=text]", "وين طلبي")
    page.click("form.compose button[type=submit]")
    # The bot's answer names the parcel's tracking number and where it is.
    answer = page.locator(".bubble", has_text="TRK1042")
    answer.first.wait_for()
    shoot(page, "sandbox")
    assert page.locator(".bubble", has_text="وين طلبي").count() == 1
