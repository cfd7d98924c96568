"""Payment reminders: a payment link that was sent and is neither paid nor expired gets reminders at the
store's steps (by default 24 h and 72 h after the link was made); a link paid, expired or cancelled stops
them, and a reminder still waiting for the end of the buyer's quiet hours is withdrawn.

A partly paid order is reminded through its open link for the rest. Reminders are about an order the buyer
placed, so they are transactional: they need no marketing opt-in, but an opt-out stops them.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from wasl.campaigns.checkouts import messages_withdraw
from wasl.campaigns.content import REMINDER_EVENT, built_in_spec
from wasl.campaigns.models import Touch, TouchKind
from wasl.campaigns.store_settings import settings_for
from wasl.campaigns.touches import Recipient, Sending, first_name, touches_create
from wasl.core.money import format_money
from wasl.messaging.languages import choose_language, country_of_phone
from wasl.messaging.models import MessageStatus
from wasl.messaging.rendering import LRI, PDI, buyer_locale
from wasl.orders.models import OrderStatus
from wasl.payments.models import LinkStatus, PaymentLink, PaymentStatus
from wasl.stores.models import Store

DUE_BATCH = 500
OPEN_ORDER = (OrderStatus.PENDING, OrderStatus.SHIPPED)


def reminders_run_due(*, now: datetime | None = None) -> dict[str, int]:
    """Send every reminder that is due, once each; withdraw those no longer needed."""
    now = now or timezone.now()
    outcome: Counter[str] = Counter()
    outcome["withdrawn"] = _withdraw_settled()
    oldest = now - timedelta(days=31)
    links = (
        PaymentLink.objects.filter(
            status=LinkStatus.CREATED,
            paid_at__isnull=True,
            created_at__gte=oldest,
            order__paid_at__isnull=True,
            order__status__in=OPEN_ORDER,
        )
        .exclude(url="")
        .select_related("store", "order__customer")
        .order_by("created_at")
    )
    done = dict(
        Touch.objects.filter(payment_link__in=links)
        .values("payment_link")
        .annotate(n=Count("id"))
        .values_list("payment_link", "n")
    )
    settings_cache: dict[int, tuple[int, ...] | None] = {}
    for link in links[:DUE_BATCH]:
        if link.store_id not in settings_cache:
            config = settings_for(store=link.store)
            settings_cache[link.store_id] = config.reminder_steps_h if config.reminders_enabled else None
        steps = settings_cache[link.store_id]
        sent = done.get(link.pk, 0)
        if steps is None or sent >= len(steps) or link.created_at + timedelta(hours=steps[sent]) > now:
            continue
        outcome.update(_remind(link, sent + 1, now))
    return {k: v for k, v in outcome.items() if v}


def _withdraw_settled() -> int:
    stale = Touch.objects.filter(
        kind=TouchKind.PAYMENT_REMINDER, message__status=MessageStatus.QUEUED
    ).exclude(payment_link__status=LinkStatus.CREATED)
    return messages_withdraw(message_ids=list(stale.values_list("message_id", flat=True)), reason="paid")


def _amount_due(link: PaymentLink) -> tuple[Decimal, str]:
    paid = link.order.payments.filter(status=PaymentStatus.SUCCEEDED).aggregate(s=Sum("amount"))["s"]
    if paid and paid < link.order.total:
        return min(link.amount, link.order.total - paid), link.currency
    return link.amount, link.currency


def _isolated(value: str, language: str) -> str:
    """An order number keeps its shape inside Arabic text (as in notifications)."""
    return f"{LRI}{value}{PDI}" if language == "ar" and value else value


def _remind(link: PaymentLink, step: int, now: datetime) -> Counter[str]:
    store: Store = link.store
    order = link.order
    customer = order.customer
    if customer is None or not customer.phone:
        return Counter({"not_reachable": 1})
    language = choose_language(stored=customer.language, phone=customer.phone, store_default=store.language)
    locale = buyer_locale(language, country_of_phone(customer.phone))
    amount, currency = _amount_due(link)
    recipient = Recipient(
        phone=customer.phone,
        customer=customer,
        language=language,
        key=f"reminder:link:{link.pk}:step{step}",
        values={
            "customer_name": first_name(customer, "", language),
            "store_name": store.name,
            "order_number": _isolated(order.number or order.external_id, language),
            "amount_due": format_money(amount, currency, locale),
        },
        link_url=link.url,
        order=order,
    )
    sending = Sending(
        store=store,
        kind=TouchKind.PAYMENT_REMINDER,
        event=REMINDER_EVENT,
        spec_for=lambda lang: built_in_spec(store_id=store.pk, event=REMINDER_EVENT, language=lang),
        payment_link=link,
        step=step,
        marketing=False,
    )
    try:
        with transaction.atomic():
            return touches_create(sending=sending, recipients=[recipient], now=now)
    except IntegrityError:  # another worker took this step a moment ago
        return Counter({"taken": 1})
