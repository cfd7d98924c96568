"""The returns portal in a real browser: a buyer returns an item end to end, in Arabic, on a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from portal.returns_portal_helpers import PHONE_TYPED, delivered, last_code, messaging_ready
from wasl.portal.labels import qr_png
from wasl.returns.models import ReturnRequest
from wasl.returns.services import return_approve

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_an_arabic_buyer_returns_a_shirt_for_a_refund_to_their_iban_and_follows_it(
    live_server: Any, phone_page: Any, shoot: Any, store: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    messaging_ready(store)
    order = delivered(store)
    shirt = order.lines.get(sku="TSHIRT-M").pk
    base = f"{live_server.url}/r/{store.slug}"
    page = phone_page

    page.goto(f"{base}/?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "إرجاع أو استبدال منتج"
    page.fill("#id_number", "1001")
    page.fill("#id_contact", PHONE_TYPED)
    shoot(page, "find")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/code/$"))
    # The code is read from the WhatsApp message the messaging engine queued for the buyer.
    page.fill("#id_code", last_code(order))
    shoot(page, "code")
    page.click("form.rp-form button[type=submit]")
    page.wait_for_url(re.compile(r"/order/$"))

    page.select_option(f"#qty_{shirt}", "1")
    page.select_option(f"#reason_{shirt}", "wrong_size")
    page.fill("#id_comment", "المقاس صغير")
    page.set_input_files(
        "#id_photos", files=[{"name": "shirt.png", "mimeType": "image/png", "buffer": qr_png("photo")}]
    )
    shoot(page, "items")
    page.click("button[name=next]")
    page.wait_for_url(re.compile(r"/order/options/$"))

    page.check("input[name=resolution][value=refund]")
    page.select_option("#payout_method", "bank")
    page.fill("#payout_account", "SA03 8000 0000 6080 1016 7519")
    page.check("input[name=method][value=dropoff]")
    shoot(page, "options")
    page.click("form.rp-form button[type=submit]")
    page.wait_for_url(re.compile(r"/return/[A-Z0-9]{8}/\?k=.*new=1$"))

    ret = ReturnRequest.objects.get()
    assert page.locator("h1").inner_text() == f"الإرجاع {ret.code}"
    assert page.locator(".rp-note").inner_text().startswith("تم إرسال طلب الإرجاع")
    assert page.locator("svg.qr").is_visible()
    assert page.locator(".rp-qr figcaption").inner_text() == f"RET{ret.code}"
    assert "IBAN •••• 7519" in page.locator("main").inner_text()
    shoot(page, "confirmation")

    return_approve(ret=ret, actor="staff")
    page.goto(page.url.replace("&new=1", ""))
    timeline = page.locator(".rp-timeline").inner_text()
    assert "طُلب الإرجاع" in timeline and "تمت الموافقة على الإرجاع" in timeline
    assert page.locator(".rp-status").inner_text() == "مقبول"
    shoot(page, "tracking")
    assert ret.photos.count() == 1
