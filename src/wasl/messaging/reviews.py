"""Reviews after delivery: asked once per order, a while after the parcel arrived; a rating, then a comment.

- `review_requests_queue` (every few minutes) finds orders delivered at least `WASL_REVIEW_DELAY_H` hours
  ago (24 by default) and queues one request each: a list of five ratings inside the 24 h service window, the
  approved template `wasl_review_request` (quick replies "1 ⭐" ... "5 ⭐⭐⭐⭐⭐") outside it. Quiet hours hold
  it like any notification; the order's one Review row and the message's key make a second request impossible.
- A tap (or a typed "4", or stars) stores the rating on the order and on each of its products, then asks for
  an optional comment; the buyer's next message that is not a request of its own is that comment.
- Stores switch reviews off with a notification rule for the event "review.request".
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task

from wasl.core.periodic import periodic
from wasl.core.text import db_text
from wasl.messaging.bot_orders import number_of
from wasl.messaging.bot_replies import MEMORY, Turn, list_draft
from wasl.messaging.channels.registry import configured_channels
from wasl.messaging.consent import opted_out_among
from wasl.messaging.intents import Tap, intent_of, rating_in, review_button_id
from wasl.messaging.languages import choose_language
from wasl.messaging.models import Conversation
from wasl.messaging.quiet_hours import QuietHours, buyer_zone, next_allowed
from wasl.messaging.review_texts import RATING_LABELS, REVIEW_TEMPLATE, review_say
from wasl.messaging.sandbox import sandbox_phones
from wasl.messaging.selectors import rule_for
from wasl.messaging.services import Draft, conversation_get_or_create, conversation_window_open, message_queue
from wasl.orders.models import Order, OrderEventKind, OrderLine, Review, ReviewProduct
from wasl.orders.services import order_event_add
from wasl.shipping.models import Direction, Shipment
from wasl.shipping.status import ShipmentStatus
from wasl.stores.models import Store

REVIEW_EVENT = "review.request"
# Deliveries older than this (plus the delay) are history: a store that just switched reviews on, an import.
LOOK_BACK = timedelta(days=7)
# A rating counts for this long after the request.
RATING_WINDOW = timedelta(days=14)
DEFAULT_DELAY_H = float(os.environ.get("WASL_REVIEW_DELAY_H", "24"))


def review_delay() -> timedelta:
    return timedelta(hours=float(getattr(settings, "WASL_REVIEW_DELAY_H", DEFAULT_DELAY_H)))


def request_key(order_id: int) -> str:
    return f"review:order:{order_id}"


# --- asking ---


def _due_orders(now: datetime) -> dict[int, list[int]]:
    """Store id -> ids of orders delivered long enough ago, recently enough, and never asked."""
    latest = now - review_delay()
    rows = (
        Shipment.objects.filter(
            direction=Direction.FORWARD,
            status=ShipmentStatus.DELIVERED,
            order__isnull=False,
            order__review__isnull=True,
        )
        .exclude(order__customer__phone="")
        .annotate(arrived=Coalesce(F("delivered_at"), F("status_changed_at")))
        .filter(Q(arrived__lte=latest) & Q(arrived__gte=latest - LOOK_BACK))
        .values_list("store_id", "order_id")
        .distinct()
    )
    found: dict[int, list[int]] = {}
    for store_id, order_id in rows.iterator():
        found.setdefault(store_id, []).append(order_id)
    return found


def review_requests_queue(*, now: datetime | None = None) -> int:
    """Queue the review requests that are due; returns how many were queued. Safe to run any number of times."""
    now = now or timezone.now()
    queued = 0
    for store_id, order_ids in _due_orders(now).items():
        store = Store.objects.get(pk=store_id)
        rule = rule_for(store_id=store_id, event=REVIEW_EVENT)
        if not rule.enabled:
            continue
        configured = configured_channels(store_id=store_id)
        orders = Order.objects.filter(store=store, pk__in=order_ids).select_related("customer")
        phones = {o.customer.phone for o in orders if o.customer is not None}
        opted_out = opted_out_among(store_id=store_id, phones=phones)
        testers = sandbox_phones(store_id=store_id, phones=phones)
        for order in orders:
            phone = order.customer.phone if order.customer is not None else ""
            channel = _channel(rule.channels, configured, sandbox=phone in testers)
            if not phone or phone in opted_out or channel is None:
                continue
            queued += review_request(order=order, channel=channel, now=now)
    return queued


def _channel(channels: tuple[str, ...], configured: set[str], *, sandbox: bool) -> str | None:
    if sandbox:
        return "whatsapp"
    return next((c for c in channels if c in configured and c in ("whatsapp", "sms")), None)


@transaction.atomic
def review_request(*, order: Order, channel: str, now: datetime | None = None) -> int:
    """Create the order's review and queue its request; 0 when the order was asked already."""
    now = now or timezone.now()
    customer = order.customer
    if customer is None or not customer.phone:
        return 0
    try:
        with transaction.atomic():
            review = Review.objects.create(
                store_id=order.store_id, order=order, customer=customer, channel=channel, requested_at=now
            )
    except IntegrityError:
        return 0  # asked before
    store = order.store
    conversation = conversation_get_or_create(
        store=store, channel=channel, address=customer.phone, customer=customer
    )
    language = choose_language(
        stored=customer.language or conversation.language, phone=customer.phone, store_default=store.language
    )
    draft = _request_draft(
        conversation, order, language, window_open=conversation_window_open(conversation, now)
    )
    not_before = next_allowed(
        now, buyer_zone(customer.phone, store.timezone), QuietHours.parse(settings.WASL_QUIET_HOURS)
    )
    message_queue(
        conversation=conversation,
        draft=draft,
        idempotency_key=request_key(order.pk),
        order=order,
        not_before=not_before,
    )
    order_event_add(
        order=order,
        kind=OrderEventKind.NOTE,
        message=f"Review requested ({channel})",
        data={"type": "review_requested", "review_id": review.pk, "channel": channel},
        at=now,
    )
    return 1


def _request_draft(conversation: Conversation, order: Order, language: str, *, window_open: bool) -> Draft:
    number = number_of(order, language)
    name = order.customer.name.split()[0] if order.customer and order.customer.name.strip() else ""
    body = review_say("ask", language, number=number)
    tag = {"bot": "review_request", "order_id": order.pk}
    if conversation.channel == "whatsapp" and not window_open:
        return Draft(
            kind="template",
            body=body,
            language=language,
            template_name=REVIEW_TEMPLATE,
            template_params=(name or "-", number),
            extra=tag,
        )
    rows = [
        (review_button_id(order.pk, str(stars)), RATING_LABELS[language][stars - 1])
        for stars in (5, 4, 3, 2, 1)
    ]
    return list_draft(
        body, review_say("rate_button", language), rows, language, tag="review_request", order_id=order.pk
    )


# --- answers ---


def awaiting_rating(conversation: Conversation) -> Review | None:
    """The buyer's latest review still without a rating, if it was asked for recently."""
    return (
        Review.objects.filter(
            store_id=conversation.store_id,
            order__customer__phone=conversation.address,
            rating__isnull=True,
            requested_at__gte=timezone.now() - RATING_WINDOW,
        )
        .order_by("-requested_at", "-id")
        .first()
    )


def awaiting_comment(conversation: Conversation) -> Review | None:
    return (
        Review.objects.filter(
            store_id=conversation.store_id,
            order__customer__phone=conversation.address,
            rating__isnull=False,
            commented_at__isnull=True,
            comment_asked_at__gte=timezone.now() - MEMORY,
        )
        .order_by("-comment_asked_at", "-id")
        .first()
    )


@transaction.atomic
def review_rate(*, review: Review, rating: int, at: datetime | None = None) -> Review:
    """Store a 1-5 rating on the review and on each product of its order (a new tap replaces the last)."""
    if not 1 <= rating <= 5:
        raise ValueError(f"a rating is 1 to 5, not {rating}")
    at = at or timezone.now()
    review = Review.objects.select_for_update(of=("self",)).select_related("order").get(pk=review.pk)
    first = review.rating is None
    review.rating, review.rated_at, review.comment_asked_at = rating, at, at
    review.save(update_fields=["rating", "rated_at", "comment_asked_at", "updated_at"])
    lines = OrderLine.objects.filter(order_id=review.order_id).select_related("variant")
    ReviewProduct.objects.filter(review=review).delete()
    ReviewProduct.objects.bulk_create(
        [
            ReviewProduct(
                store_id=review.store_id,
                review=review,
                order_line=line,
                product_id=line.variant.product_id if line.variant is not None else None,
                sku=line.sku,
                name=line.name,
                rating=rating,
            )
            for line in lines
        ]
    )
    order_event_add(
        order=review.order,
        kind=OrderEventKind.NOTE,
        message=f"Rated {rating}/5 by the buyer" + ("" if first else " (changed)"),
        data={"type": "review_rating", "review_id": review.pk, "rating": rating},
        at=at,
    )
    return review


@transaction.atomic
def review_comment(*, review: Review, comment: str, at: datetime | None = None) -> Review:
    at = at or timezone.now()
    review = Review.objects.select_for_update(of=("self",)).select_related("order").get(pk=review.pk)
    review.comment, review.commented_at = db_text(comment).strip()[:2000], at
    review.save(update_fields=["comment", "commented_at", "updated_at"])
    order_event_add(
        order=review.order,
        kind=OrderEventKind.NOTE,
        message=db_text(f"Buyer's comment: {review.comment}", 500),
        data={"type": "review_comment", "review_id": review.pk, "comment": review.comment},
        at=at,
    )
    return review


def _thank_and_ask(turn: Turn, review: Review, rating: int) -> None:
    review_rate(review=review, rating=rating, at=turn.inbound.received_at)
    no_thanks = [(review_button_id(review.order_id, "skip"), review_say("no_comment", turn.language))]
    turn.buttons(
        review_say("thanks_ask", turn.language, stars="⭐" * rating), no_thanks, tag="review_comment"
    )


def on_review_tap(turn: Turn, tap: Tap) -> None:
    """A rating row or the "no comment" button of one of the buyer's own reviews."""
    review = (
        Review.objects.filter(
            store_id=turn.conversation.store_id,
            order_id=tap.order_id or 0,
            order__customer__phone=turn.conversation.address,
        )
        .select_related("order")
        .first()
    )
    if review is None:
        turn.menu()
        return
    if tap.action == "review_skip":
        Review.objects.filter(pk=review.pk).update(comment_asked_at=None)
        turn.text(review_say("bye", turn.language))
        return
    _thank_and_ask(turn, review, int(tap.value))


def on_review_text(turn: Turn) -> bool:
    """A typed or quick-reply rating, or the comment the bot asked for; False when the message is neither."""
    text = turn.inbound.text or turn.inbound.button_title
    rating = rating_in(text) if text else None
    if rating is not None:
        review = awaiting_rating(turn.conversation)
        if review is not None:
            _thank_and_ask(turn, review, rating)
            return True
    if turn.inbound.kind != "text" or not text.strip() or intent_of(text) is not None:
        return False
    review = awaiting_comment(turn.conversation)
    if review is None:
        return False
    review_comment(review=review, comment=text, at=turn.inbound.received_at)
    turn.text(review_say("comment_thanks", turn.language))
    return True


def stars_label(rating: int | None, language: str) -> str:
    return RATING_LABELS[language][rating - 1] if rating else ""


@periodic(every=timedelta(minutes=10))
@task()
def request_reviews() -> int:
    """Ask for the reviews that are due (a delay after delivery); safe to run twice."""
    return review_requests_queue()
