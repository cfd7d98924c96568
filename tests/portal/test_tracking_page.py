"""The buyer's tracking page: what it shows with and without the signed link, in which language, and unlocking."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

TESTS = Path(__file__).resolve().parent.parent
for folder in (TESTS / "messaging",):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bot_helpers import buyer_order, ship  # noqa: E402

from wasl.messaging.models import Conversation  # noqa: E402
from wasl.messaging.rendering import tracking_link  # noqa: E402
from wasl.orders.models import OrderEvent  # noqa: E402
from wasl.portal.tracking_access import UNLOCK_MAX_FAILURES, tracking_signature  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    settings.WASL_PUBLIC_URL = "https://wasl.example"
    cache.clear()
    yield
    cache.clear()


def page(client: Any, ref: str = "TRK1042", *, signed: bool = True, **params: str) -> Any:
    if signed:
        params["k"] = tracking_signature(store_slug="souq-test", ref=ref)
    return client.get(f"/t/souq-test/{ref}/", params)


def text(response: Any) -> str:
    return response.content.decode()


def test_signed_page_shows_buyer_details_actions_and_status_in_store_language(client, store) -> None:  # type: ignore[no-untyped-def]
    # given an order out for delivery whose store speaks Arabic
    order = buyer_order(store)
    ship(order, "picked_up", "in_transit", "out_for_delivery", promised=date.today() + timedelta(days=1))
    # when the buyer opens the signed link from a message
    response = page(client)
    # then the page is Arabic, right to left, with their details and the change buttons
    body = text(response)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in body
    assert "سارة العتيبي" in body
    assert "12 شارع الملك فهد" in body
    assert "+966501234567" in body
    assert 'data-status="out_for_delivery"' in body
    assert 'data-promise="on_time"' in body
    assert 'action="/t/souq-test/TRK1042/reschedule/"' in body
    assert 'href="/t/souq-test/TRK1042/address/?k=' in body
    assert 'action="/t/souq-test/TRK1042/problem/"' in body
    assert "no-store" in response.headers["Cache-Control"]


def test_unsigned_page_shows_only_where_the_parcel_is(client, store) -> None:  # type: ignore[no-untyped-def]
    # given a parcel in transit
    order = buyer_order(store)
    ship(order, "picked_up", "in_transit", promised=date.today() + timedelta(days=2))
    # when someone opens the bare link (no signature), in English
    response = page(client, signed=False, lang="en")
    body = text(response)
    # then status, timeline, promise and city show, but not the name, address, phone or any change form
    assert response.status_code == 200
    assert 'data-status="in_transit"' in body
    assert "Tracking history" in body
    assert 'data-promise="on_time"' in body
    assert "Riyadh" in body
    for private in ("سارة", "الملك فهد", "501234567", "/reschedule/", "/address/", "/problem/"):
        assert private not in body
    assert 'action="/t/souq-test/TRK1042/unlock/"' in body


def test_a_wrong_signature_is_the_same_as_none(client, store) -> None:  # type: ignore[no-untyped-def]
    ship(buyer_order(store), "picked_up")
    response = client.get("/t/souq-test/TRK1042/", {"k": "0" * 24})
    assert "سارة" not in text(response)
    assert "/unlock/" in text(response)


def test_signature_of_one_parcel_does_not_open_another(client, store) -> None:  # type: ignore[no-untyped-def]
    ship(buyer_order(store), "picked_up")
    other = buyer_order(store, "1043")
    ship(other, "picked_up", tracking="TRK1043")
    response = client.get(
        "/t/souq-test/TRK1043/", {"k": tracking_signature(store_slug="souq-test", ref="TRK1042")}
    )
    assert "/unlock/" in text(response)
    assert "/reschedule/" not in text(response)


def test_message_links_carry_the_signature_that_opens_the_page(client, store) -> None:  # type: ignore[no-untyped-def]
    # given the link a notification puts in its text
    shipment = ship(buyer_order(store), "picked_up")
    link = tracking_link(store, shipment)
    signature = tracking_signature(store_slug="souq-test", ref="TRK1042")
    assert link == f"https://wasl.example/t/souq-test/TRK1042/?k={signature}"
    # when the buyer follows it
    response = client.get(link.removeprefix("https://wasl.example"))
    # then the full page opens
    assert "/reschedule/" in text(response)


@pytest.mark.parametrize(
    ("params", "spoken", "expected"),
    [
        ({"lang": "fr"}, "en", "fr"),  # ?lang= wins
        ({}, "en", "en"),  # then the buyer's conversation language
        ({}, "", "ar"),  # then the store's default
        ({"lang": "xx"}, "fr", "fr"),  # an unknown ?lang= is ignored
    ],
)
def test_language_order_of_choice(client, store, params, spoken, expected) -> None:  # type: ignore[no-untyped-def]
    order = buyer_order(store)
    ship(order, "picked_up")
    if spoken:
        Conversation.objects.create(
            store=store, customer=order.customer, channel="whatsapp", address="+966501234567", language=spoken
        )
    response = page(client, **params)
    direction = "rtl" if expected == "ar" else "ltr"
    assert f'<html lang="{expected}" dir="{direction}">' in text(response)
    assert response.headers["Content-Language"] == expected


def test_french_page_translates_the_status(client, store) -> None:  # type: ignore[no-untyped-def]
    ship(buyer_order(store), "picked_up", "in_transit", "out_for_delivery", "delivered")
    body = text(page(client, lang="fr"))
    assert "Livré" in body
    assert "Commencer un retour" in body


def test_language_links_keep_the_signature(client, store) -> None:  # type: ignore[no-untyped-def]
    ship(buyer_order(store), "picked_up")
    signature = tracking_signature(store_slug="souq-test", ref="TRK1042")
    body = text(page(client, lang="en"))
    assert f'href="/t/souq-test/TRK1042/?k={signature}&amp;lang=fr"' in body


def test_order_number_finds_the_order_and_its_latest_parcel(client, store) -> None:  # type: ignore[no-untyped-def]
    ship(buyer_order(store), "picked_up", "in_transit")
    # the order's number is "#1042"; a buyer types it without the hash
    response = page(client, "1042", lang="en")
    assert response.status_code == 200
    assert 'data-status="in_transit"' in text(response)
    assert "سارة" in text(response)


def test_unshipped_order_shows_that_it_was_received(client, store) -> None:  # type: ignore[no-untyped-def]
    buyer_order(store)
    body = text(page(client, "1042", lang="en"))
    assert "We have your order" in body
    assert 'class="step current"' in body


def test_unknown_parcel_or_store_is_not_found(client, store) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/t/souq-test/NOPE/").status_code == 404
    assert client.get("/t/no-such-store/TRK1042/").status_code == 404


def test_other_stores_parcels_are_not_reachable(client, store, other_store) -> None:  # type: ignore[no-untyped-def]
    ship(buyer_order(other_store), "picked_up")
    assert client.get("/t/souq-test/TRK1042/").status_code == 404
    assert client.get("/t/other-shop/TRK1042/").status_code == 200


@pytest.mark.parametrize(
    ("statuses", "promised_in_days", "expected"),
    [
        (("picked_up",), 1, "on_time"),
        (("picked_up",), -1, "late"),
        (("picked_up", "in_transit", "out_for_delivery", "delivered"), 0, "delivered_on_time"),
        (("picked_up", "in_transit", "out_for_delivery", "delivered"), -3, "delivered_late"),
    ],
)
def test_promise_is_judged_on_today_or_the_delivery_day(
    client, store, statuses, promised_in_days, expected
) -> None:  # type: ignore[no-untyped-def]
    today = datetime.now(UTC).date()
    ship(buyer_order(store), *statuses, promised=today + timedelta(days=promised_in_days))
    assert f'data-promise="{expected}"' in text(page(client, lang="en"))


def test_unlock_with_the_last_four_digits_opens_the_signed_page(client, store) -> None:  # type: ignore[no-untyped-def]
    ship(buyer_order(store), "picked_up")
    response = client.post("/t/souq-test/TRK1042/unlock/", {"digits": "4567", "lang": "en"})
    signature = tracking_signature(store_slug="souq-test", ref="TRK1042")
    assert response.status_code == 303
    assert response["Location"] == f"/t/souq-test/TRK1042/?k={signature}&lang=en&done=unlocked"
    assert "سارة" in text(client.get(response["Location"]))


def test_unlock_accepts_arabic_indic_digits(client, store) -> None:  # type: ignore[no-untyped-def]
    ship(buyer_order(store), "picked_up")
    response = client.post("/t/souq-test/TRK1042/unlock/", {"digits": "٤٥٦٧"})
    assert response.status_code == 303


def test_wrong_digits_are_counted_and_block_after_the_limit(client, store) -> None:  # type: ignore[no-untyped-def]
    # given a buyer who typed wrong digits as many times as allowed
    order = buyer_order(store)
    ship(order, "picked_up")
    for _ in range(UNLOCK_MAX_FAILURES):
        wrong = client.post("/t/souq-test/TRK1042/unlock/", {"digits": "1111", "lang": "en"})
        assert wrong.status_code == 400
        assert "Those digits do not match" in text(wrong)
    # when the right digits come next
    response = client.post("/t/souq-test/TRK1042/unlock/", {"digits": "4567", "lang": "en"})
    # then they are refused for now, and each wrong try is on the order's timeline
    assert response.status_code == 429
    assert "Too many tries" in text(response)
    assert (
        OrderEvent.objects.filter(order=order, data__type="tracking_unlock_failed").count()
        == UNLOCK_MAX_FAILURES
    )


def test_unlock_needs_exactly_four_digits(client, store) -> None:  # type: ignore[no-untyped-def]
    order = buyer_order(store)
    ship(order, "picked_up")
    response = client.post("/t/souq-test/TRK1042/unlock/", {"digits": "45", "lang": "en"})
    assert response.status_code == 400
    assert "Enter exactly 4 digits." in text(response)
    assert not OrderEvent.objects.filter(order=order, data__type="tracking_unlock_failed").exists()


def test_signed_page_costs_three_queries(client, store, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    # given a parcel with a few scans, its store, suggestions and forms already cached by a first view
    ship(buyer_order(store), "picked_up", "in_transit", "out_for_delivery")
    page(client)
    # when it is viewed again: the shipment with order, buyer, address and language; its events; the order's lines
    with django_assert_num_queries(3):
        response = page(client)
    assert response.status_code == 200


def test_unsigned_page_costs_three_queries(client, store, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    # the lines are read for the suggestions (bought together with what is in the order)
    ship(buyer_order(store), "picked_up", "in_transit", "out_for_delivery")
    page(client, signed=False)
    with django_assert_num_queries(3):
        page(client, signed=False)


def test_unshipped_order_shows_the_stores_own_promise(client, store) -> None:  # type: ignore[no-untyped-def]
    # given a store whose default carrier gives a promise before anything ships
    from wasl.shipping.promise_settings import promise_settings_set
    from wasl.shipping.promises import promise_for_order

    promise_settings_set(store=store, values={"default_carrier": "aramex"})
    order = buyer_order(store)
    promise = promise_for_order(order=order)
    assert promise is not None
    # when the buyer looks the order up by its number
    body = text(page(client, "1042", lang="en"))
    # then the page promises that day
    assert f'<time datetime="{promise.date.isoformat()}">' in body
    assert 'data-promise="on_time"' in body
