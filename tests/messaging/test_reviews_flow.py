"""Reviews after delivery: asked once, a while after delivery, outside quiet hours; rating and comment stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from bot_helpers import PHONE, buyer_order, conversation, ids_of, says, ship
from messaging_helpers import riyadh_noon

from wasl.console.models import SandboxPhone
from wasl.messaging.consent import consent_set
from wasl.messaging.models import Message, NotificationRule
from wasl.messaging.rendering import LRI, PDI
from wasl.messaging.reviews import request_key, review_requests_queue
from wasl.orders.models import OrderEvent, Product, Review, ReviewProduct, Variant

pytestmark = pytest.mark.django_db
NUMBER_AR = f"{LRI}#1042{PDI}"


def delivered_order(store, hours_ago: float, now: datetime):  # type: ignore[no-untyped-def]
    product = Product.objects.create(store=store, external_id="p-tshirt", name="T-shirt")
    Variant.objects.create(store=store, product=product, sku="TSHIRT-M", price=Decimal("100.00"))
    order = buyer_order(store)
    arrived = now - timedelta(hours=hours_ago)
    ship(order, "picked_up", "in_transit", "out_for_delivery", "delivered", at=arrived - timedelta(minutes=3))
    return order


def requests() -> list[Message]:
    return list(Message.objects.filter(idempotency_key__startswith="review:order:").order_by("id"))


def timeline(order) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    events = OrderEvent.objects.filter(order=order, kind="note").order_by("id")
    return [(e.data["type"], e.data.get("rating") or e.data.get("comment") or "") for e in events]


def test_given_a_delivery_a_day_ago_when_the_sweep_runs_twice_then_one_template_request(
    messaging_store,
) -> None:
    now = riyadh_noon()
    order = delivered_order(messaging_store, hours_ago=25, now=now)

    assert review_requests_queue(now=now) == 1
    assert review_requests_queue(now=now + timedelta(minutes=10)) == 0

    # The buyer has not written in 24 hours: only the approved template can reach them.
    [request] = requests()
    assert (request.kind, request.template_name, request.template_params, request.order_id) == (
        "template",
        "wasl_review_request",
        ["سارة", NUMBER_AR],
        order.pk,
    )
    assert (request.idempotency_key, request.not_before, request.status) == (
        request_key(order.pk),
        None,
        "queued",
    )
    review = Review.objects.get(order=order)
    assert (review.channel, review.rating, review.requested_at) == ("whatsapp", None, now)
    assert timeline(order) == [("review_requested", "")]


def test_given_an_open_service_window_then_a_list_of_five_ratings_in_the_buyers_language(
    messaging_store,
) -> None:
    now = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    order = delivered_order(messaging_store, hours_ago=30, now=now)
    says(messaging_store, "merci pour la livraison", at=now - timedelta(hours=1))

    review_requests_queue(now=now)

    [request] = requests()
    assert (request.kind, request.language, request.body, request.extra["list_button"]) == (
        "list",
        "fr",
        "Votre commande #1042 est arrivée. Comment l'évaluez-vous ?",
        "Évaluer",
    )
    assert ids_of(request) == [f"review:{order.pk}:{n}" for n in (5, 4, 3, 2, 1)]
    assert [r["title"] for r in request.extra["rows"]] == [
        "⭐⭐⭐⭐⭐ Excellent",
        "⭐⭐⭐⭐ Bien",
        "⭐⭐⭐ Correct",
        "⭐⭐ Mauvais",
        "⭐ Très mauvais",
    ]


def test_given_a_delivery_within_the_delay_then_no_request_until_it_has_passed(
    messaging_store, settings
) -> None:
    now = riyadh_noon()
    delivered_order(messaging_store, hours_ago=5, now=now)

    assert (review_requests_queue(now=now), requests()) == (0, [])

    settings.WASL_REVIEW_DELAY_H = 4
    assert review_requests_queue(now=now) == 1


def test_given_quiet_hours_at_the_buyer_then_the_request_waits_for_the_morning(messaging_store) -> None:
    late_evening = riyadh_noon().replace(hour=20)  # 23:00 in Riyadh
    delivered_order(messaging_store, hours_ago=26, now=late_evening)

    review_requests_queue(now=late_evening)

    [request] = requests()
    assert request.not_before == (late_evening + timedelta(days=1)).replace(hour=5)  # 08:00 in Riyadh


def test_a_tapped_rating_is_stored_per_order_and_per_product_then_the_comment(messaging_store) -> None:
    now = riyadh_noon()
    order = delivered_order(messaging_store, hours_ago=25, now=now)
    review_requests_queue(now=now)

    [ask] = says(messaging_store, button_id=f"review:{order.pk}:4", button_title="⭐⭐⭐⭐ جيد")

    review = Review.objects.get(order=order)
    assert review.rating == 4
    products = ReviewProduct.objects.filter(review=review).order_by("sku")
    assert [(p.sku, p.product_id is not None, p.rating) for p in products] == [
        ("CAP-1", False, 4),
        ("TSHIRT-M", True, 4),
    ]
    assert (ask.body, ids_of(ask)) == (
        "شكرًا على تقييمك ⭐⭐⭐⭐! هل تريد إضافة تعليق؟ اكتبه هنا.",
        [f"review:{order.pk}:skip"],
    )

    [thanks] = says(messaging_store, "المقاس ممتاز والتوصيل سريع")

    review.refresh_from_db()
    assert (review.comment, thanks.body) == ("المقاس ممتاز والتوصيل سريع", "شكرًا، وصل تعليقك إلى المتجر.")
    assert timeline(order) == [
        ("review_requested", ""),
        ("review_rating", 4),
        ("review_comment", "المقاس ممتاز والتوصيل سريع"),
    ]
    [menu] = says(messaging_store, "hmm")  # the comment was taken: the next message is the bot's again
    assert menu.extra["bot"] == "unclear"


def test_a_quick_reply_of_the_template_or_a_typed_number_is_a_rating(messaging_store) -> None:
    now = riyadh_noon()
    order = delivered_order(messaging_store, hours_ago=25, now=now)
    review_requests_queue(now=now)

    says(messaging_store, button_id="5 ⭐⭐⭐⭐⭐", button_title="5 ⭐⭐⭐⭐⭐", kind="button")

    assert Review.objects.get(order=order).rating == 5
    says(messaging_store, "٣")  # a typed number is a comment now, not a new rating: the rating is given
    assert (Review.objects.get(order=order).rating, Review.objects.get(order=order).comment) == (5, "٣")


def test_no_thanks_ends_the_review_without_a_comment(messaging_store) -> None:
    now = riyadh_noon()
    order = delivered_order(messaging_store, hours_ago=25, now=now)
    review_requests_queue(now=now)
    says(messaging_store, button_id=f"review:{order.pk}:2")

    [bye] = says(messaging_store, button_id=f"review:{order.pk}:skip")
    [menu] = says(messaging_store, "blah")

    assert (bye.body, menu.extra["bot"], Review.objects.get(order=order).comment) == (
        "شكرًا لك!",
        "unclear",
        "",
    )


def test_opted_out_buyers_switched_off_stores_and_stores_without_channels_get_no_request(
    store, messaging_store
) -> None:
    now = riyadh_noon()
    order = delivered_order(messaging_store, hours_ago=25, now=now)
    consent_set(store=messaging_store, phone=PHONE, source="test", transactional_opt_out=True)
    assert review_requests_queue(now=now) == 0

    consent_set(store=messaging_store, phone=PHONE, source="test", transactional_opt_out=False)
    NotificationRule.objects.create(store=messaging_store, event="review.request", enabled=False, channels=[])
    assert review_requests_queue(now=now) == 0

    NotificationRule.objects.all().delete()
    assert review_requests_queue(now=now) == 1
    assert Review.objects.filter(order=order).count() == 1


def test_a_sandbox_phone_gets_its_request_even_without_whatsapp(store) -> None:
    now = riyadh_noon()
    order = delivered_order(store, hours_ago=25, now=now)
    assert review_requests_queue(now=now) == 0

    SandboxPhone.objects.create(store=store, phone=PHONE)
    assert review_requests_queue(now=now) == 1
    assert (requests()[0].order_id, conversation(store).address) == (order.pk, PHONE)
