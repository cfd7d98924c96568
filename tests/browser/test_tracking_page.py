"""The buyer's tracking page in a real browser, on a phone-sized screen: Arabic right to left, unlocking the page
with the phone's last digits, and asking for another delivery day and time."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from bot_helpers import buyer_order, ship
from django.core.cache import cache

from wasl.orders.models import OrderEvent

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_an_arabic_buyer_unlocks_the_page_and_picks_a_delivery_slot(
    live_server: Any, phone_page: Any, shoot: Any, store: Any
) -> None:
    # given a parcel on its way, promised for the day after tomorrow, in an Arabic-speaking store
    cache.clear()
    store.primary_color = "#7c3aed"
    store.save(update_fields=["primary_color"])
    order = buyer_order(store)
    ship(order, "picked_up", "in_transit", promised=date.today() + timedelta(days=2))
    page = phone_page

    # when the buyer opens the bare link (typed from the order number, no signature)
    page.goto(f"{live_server.url}/t/{store.slug}/TRK1042/")
    # then the page is Arabic, right to left, in the store's colour, with the status but none of their details
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("[data-status=in_transit]").count() == 1
    assert page.locator("[data-promise=on_time]").count() == 1
    bar = page.locator(".store-bar").evaluate("e => getComputedStyle(e).backgroundColor")
    assert bar == "rgb(124, 58, 237)"
    assert page.get_by_text("سارة العتيبي").count() == 0
    shoot(page, "locked")

    # when they type the last four digits of their phone, a wrong try first
    page.fill("input[name=digits]", "1111")
    page.click("form[action$='/unlock/'] button[type=submit]")
    assert page.locator(".errorlist").count() == 1
    page.fill("input[name=digits]", "4567")
    page.click("form[action$='/unlock/'] button[type=submit]")
    page.wait_for_url(re.compile(r"[?&]k=[0-9a-f]{24}"))
    # then their name, address and the change buttons appear
    assert page.get_by_text("سارة العتيبي").count() >= 1
    shoot(page, "unlocked")

    # when they ask for delivery on the third day offered, in the evening
    page.click("#reschedule summary")
    third_day = page.locator("#reschedule input[name=day]").nth(2)
    chosen = third_day.get_attribute("value")
    third_day.check()
    page.locator("#reschedule input[name=slot][value=evening]").check()
    shoot(page, "slot-chosen")
    page.click("#reschedule button[type=submit]")
    page.wait_for_url(re.compile(r"done=reschedule"))
    # then the page thanks them and the request is on the order for staff to pass on
    assert page.locator(".flash.success").count() == 1
    shoot(page, "slot-requested")
    request = OrderEvent.objects.get(order=order, data__type="delivery_day_requested")
    assert (request.data["day"], request.data["slot"], request.data["needs_staff"]) == (
        chosen,
        "evening",
        True,
    )
