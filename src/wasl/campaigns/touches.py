"""Reaching buyers: one touch per buyer (or a held-out one), its tracked link and its WhatsApp template message,
queued through the messaging engine (rate-limited, exactly once by key, quiet hours honoured).

Marketing touches (campaigns, cart recovery) go only to buyers who opted in to marketing and did not opt
out, and at most the store's weekly number of marketing messages per buyer; held back ones are stored as
skipped messages so the record says why. Payment reminders are transactional: an opt-out is enough to stop
them (the engine checks it again when sending).
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q

from wasl.campaigns.content import MARKETING_EVENTS, TemplateSpec, draft_for
from wasl.campaigns.models import Campaign, Checkout, Touch
from wasl.messaging.models import Consent, Message, MessageDirection, MessageStatus
from wasl.messaging.quiet_hours import QuietHours, buyer_zone, next_allowed
from wasl.messaging.services import Planned, conversations_for, messages_queue_many
from wasl.messaging.template_texts import FILLERS
from wasl.orders.models import Customer, Order
from wasl.payments.models import PaymentLink
from wasl.stores.models import Store

CHANNEL = "whatsapp"
LINK_CODE_BYTES = 8


@dataclass
class Recipient:
    """One buyer to reach: who, in which language, with which values, and whether held out."""

    phone: str
    customer: Customer | None
    language: str
    key: str  # the message's idempotency key
    values: dict[str, str] = field(default_factory=dict)
    link_url: str = ""
    holdout: bool = False
    order: Order | None = None


@dataclass(frozen=True)
class Sending:
    """What the touches are part of, and how their messages look."""

    store: Store
    kind: str
    event: str
    spec_for: Callable[[str], TemplateSpec | None]
    image_url: str = ""
    campaign: Campaign | None = None
    checkout: Checkout | None = None
    payment_link: PaymentLink | None = None
    step: int = 0
    marketing: bool = True
    weekly_cap: int = 0


def first_name(customer: Customer | None, name: str, language: str) -> str:
    full = (customer.name if customer is not None and customer.name.strip() else name).strip()
    return full.split()[0] if full else FILLERS["customer"][language]


def marketing_allowed(*, store: Store, phones: Iterable[str]) -> set[str]:
    """The phones that opted in to marketing and did not opt out of messages."""
    return set(
        Consent.objects.filter(
            store=store, phone__in=list(phones), marketing_opt_in=True, transactional_opt_out=False
        ).values_list("phone", flat=True)
    )


def marketing_consented(store: Store) -> Q:
    """For a customer queryset: the buyer's phone opted in to marketing and not out of messages.

    An uncorrelated IN: the database reads the consents once rather than once per buyer."""
    consented = Consent.objects.filter(store=store, marketing_opt_in=True, transactional_opt_out=False)
    return Q(phone__in=consented.values("phone"))


def marketing_this_week(*, store: Store, phones: Iterable[str], now: datetime) -> Counter[str]:
    """Marketing messages each phone was sent (or is about to be) in the last seven days."""
    rows = (
        Message.objects.filter(
            store=store,
            direction=MessageDirection.OUTBOUND,
            event__in=MARKETING_EVENTS,
            conversation__address__in=list(phones),
            created_at__gte=now - timedelta(days=7),
            fallback_of__isnull=True,
        )
        .exclude(status__in=[MessageStatus.SKIPPED, MessageStatus.FAILED])
        .values("conversation__address")
        .annotate(n=Count("id"))
    )
    return Counter({row["conversation__address"]: row["n"] for row in rows})


def tracked_link(code: str) -> str:
    return f"{settings.WASL_PUBLIC_URL}/l/{code}/"


def touches_create(*, sending: Sending, recipients: list[Recipient], now: datetime) -> Counter[str]:
    """Store a touch per recipient and queue the messages of those not held out; returns counts by outcome.

    Call it inside the transaction that claimed the work (the campaign launch, the checkout's step): the
    touches' unique keys and the messages' idempotency keys make a second run add nothing.
    """
    outcome: Counter[str] = Counter()
    store = sending.store
    phones = [r.phone for r in recipients]
    allowed = marketing_allowed(store=store, phones=phones) if sending.marketing else set(phones)
    this_week = marketing_this_week(store=store, phones=phones, now=now) if sending.marketing else Counter()
    quiet = QuietHours.parse(settings.WASL_QUIET_HOURS)
    reached = [r for r in recipients if not r.holdout]
    conversations = conversations_for(store=store, wanted=[(CHANNEL, r.phone, r.customer) for r in reached])
    touches: list[Touch] = []
    planned: list[Planned] = []
    for r in recipients:
        touch = Touch(
            store=store,
            kind=sending.kind,
            campaign=sending.campaign,
            checkout=sending.checkout,
            payment_link=sending.payment_link,
            step=sending.step,
            customer=r.customer,
            phone=r.phone,
            language=r.language,
            holdout=r.holdout,
            created_at=now,
        )
        touches.append(touch)
        if r.holdout:
            outcome["held_out"] += 1
            continue
        spec = sending.spec_for(r.language)
        if spec is None:
            outcome["no_template"] += 1
            continue
        values = dict(r.values)
        if r.link_url:
            touch.link_code = secrets.token_urlsafe(LINK_CODE_BYTES)
            touch.link_url = r.link_url
            values["link"] = tracked_link(touch.link_code)
        draft = draft_for(spec, values, event=sending.event, image_url=sending.image_url, tag=r.key)
        skip: tuple[str, str] | None = None
        if r.phone not in allowed:
            skip = ("no_marketing_consent", "the buyer has not opted in to marketing messages")
        elif sending.marketing and this_week[r.phone] >= sending.weekly_cap:
            skip = ("weekly_cap", f"already {this_week[r.phone]} marketing messages in the last 7 days")
        not_before = None if skip else next_allowed(now, buyer_zone(r.phone, store.timezone), quiet)
        planned.append(
            Planned(
                conversations[(CHANNEL, r.phone)],
                draft,
                r.key,
                r.order,
                None,
                not_before=not_before,
                skip_reason=skip,
            )
        )
        this_week[r.phone] += 0 if skip else 1
        outcome[skip[0] if skip else ("held" if not_before else "queued")] += 1
    messages_queue_many(planned=planned)
    by_key = dict(
        Message.objects.filter(
            store=store, idempotency_key__in=[p.idempotency_key for p in planned]
        ).values_list("idempotency_key", "pk")
    )
    for touch, r in zip(touches, recipients, strict=True):
        if r.key in by_key and not r.holdout:
            touch.message_id = by_key[r.key]
    # After the messages, so each touch is written once with its message (the caller's transaction holds
    # both: a touch that already exists fails the insert and takes the messages back with it).
    Touch.objects.bulk_create(touches)
    return outcome
