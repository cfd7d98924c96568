"""Notifications from order and shipment events: rules, language, quiet hours, caps and consent, once each.

The hooks at the top are what the orders and shipping services call, inside the transaction that records
the change: the task rows they queue live in the same database, so a change and its notification task
commit (or not) together. They do almost nothing themselves: when the store has a channel set up and the
change means something to the buyer, they queue one `notify_events` task, which calls `notifications_create`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from wasl.messaging import events as ev
from wasl.messaging.channels.registry import configured_channels
from wasl.messaging.consent import opted_out_among
from wasl.messaging.drafts import notification_draft
from wasl.messaging.languages import choose_language, country_of_phone
from wasl.messaging.models import Message, MessageDirection, MessageStatus
from wasl.messaging.quiet_hours import buyer_zone
from wasl.messaging.rendering import notification_variables
from wasl.messaging.selectors import RuleInForce, TemplateInForce, rule_for, template_for
from wasl.messaging.services import Planned, conversation_window_open, conversations_for, messages_queue_many
from wasl.orders.models import Customer, Order
from wasl.shipping.models import Direction, Shipment
from wasl.stores.models import Store


@dataclass(frozen=True, slots=True)
class EventRef:
    """One thing that happened, as a task argument: ("shipment", 42, "shipment.delivered", 0)."""

    subject: str  # "order" | "shipment"
    object_id: int
    event: str
    occurrence: int = 0  # the delivery attempt, for events that happen once per attempt

    def as_list(self) -> list[object]:
        return [self.subject, self.object_id, self.event, self.occurrence]

    @classmethod
    def from_list(cls, raw: Sequence[object]) -> EventRef:
        return cls(str(raw[0]), int(str(raw[1])), str(raw[2]), int(str(raw[3])) if len(raw) > 3 else 0)


NOTIFY_CHUNK = 200

# --- hooks: called by the orders and shipping services inside their transactions ---


def shipments_status_changed(*, store_id: int, changes: Iterable[tuple[int, str, int]]) -> None:
    """(shipment id, new status, delivery attempts so far) for each shipment whose status just changed."""
    refs = [
        EventRef("shipment", shipment_id, ev.SHIPMENT_EVENT_FOR_STATUS[status], attempts)
        for shipment_id, status, attempts in changes
        if status in ev.SHIPMENT_EVENT_FOR_STATUS
    ]
    _enqueue(store_id, refs)


def order_event_recorded(*, store_id: int, order_id: int, kind: str, at: datetime | None = None) -> None:
    """An order timeline entry was written; a new order (not one imported from history) is confirmed."""
    if kind != "created":
        return
    if at is not None and at < timezone.now() - timedelta(hours=settings.WASL_NOTIFY_MAX_AGE_H):
        return  # history: saves the import of a million old orders a query each
    _enqueue(store_id, [EventRef("order", order_id, ev.ORDER_CONFIRMED)])


def _enqueue(store_id: int, refs: list[EventRef]) -> None:
    if not refs or not configured_channels(store_id=store_id):
        return
    from wasl.messaging.tasks import notify_events

    # Several smaller tasks: workers share a big batch of events and the first sends start sooner.
    for start in range(0, len(refs), NOTIFY_CHUNK):
        notify_events.enqueue(store_id, [ref.as_list() for ref in refs[start : start + NOTIFY_CHUNK]])


# --- the task's work ---


@dataclass(frozen=True)
class Candidate:
    ref: EventRef
    order: Order | None
    shipment: Shipment | None
    customer: Customer
    channel: str
    address: str
    key: str
    rule: RuleInForce


def _subjects(store_id: int, refs: Sequence[EventRef]) -> tuple[dict[int, Shipment], dict[int, Order]]:
    shipment_ids = [r.object_id for r in refs if r.subject == "shipment"]
    order_ids = [r.object_id for r in refs if r.subject == "order"]
    shipments = {
        s.pk: s
        for s in Shipment.objects.filter(store_id=store_id, pk__in=shipment_ids).select_related(
            "order__customer"
        )
    }
    orders = {
        o.pk: o for o in Order.objects.filter(store_id=store_id, pk__in=order_ids).select_related("customer")
    }
    return shipments, orders


def _is_current(ref: EventRef, shipment: Shipment | None, order: Order | None, oldest: datetime) -> bool:
    """Still worth telling: not history (an import, a replay), not superseded by a later status."""
    if ref.subject == "shipment":
        if shipment is None or shipment.direction != Direction.FORWARD:
            return False
        if shipment.status not in ev.STILL_RELEVANT.get(ref.event, frozenset()):
            return False
        happened = shipment.status_changed_at or shipment.updated_at
        return ref.event == ev.DELAYED or happened >= oldest
    return order is not None and order.placed_at >= oldest and order.status == "pending"


def _route(rule: RuleInForce, configured: set[str], customer: Customer) -> tuple[str, str] | None:
    """The first channel of the rule that is set up and can reach this buyer."""
    for channel in rule.channels:
        if channel not in configured:
            continue
        address = customer.email if channel == "email" else customer.phone
        if address:
            return channel, address
    return None


def _occurrence(ref: EventRef) -> str:
    if ref.event in ev.PER_ATTEMPT:
        return f"attempt{ref.occurrence}"
    return str(ref.occurrence) if ref.occurrence else ""


def _candidates(store: Store, refs: Sequence[EventRef], now: datetime) -> list[Candidate]:
    configured = configured_channels(store_id=store.pk)
    if not configured:
        return []
    shipments, orders = _subjects(store.pk, refs)
    oldest = now - timedelta(hours=settings.WASL_NOTIFY_MAX_AGE_H)
    rules: dict[str, RuleInForce] = {}
    found: list[Candidate] = []
    for ref in dict.fromkeys(refs):
        shipment = shipments.get(ref.object_id) if ref.subject == "shipment" else None
        order = shipment.order if shipment is not None else orders.get(ref.object_id)
        if not _is_current(ref, shipment, order, oldest) or order is None or order.customer is None:
            continue
        if ref.event not in rules:
            rules[ref.event] = rule_for(store_id=store.pk, event=ref.event)
        rule = rules[ref.event]
        route = _route(rule, configured, order.customer) if rule.enabled else None
        if route is None:
            continue
        key = ev.notification_key(
            event=ref.event,
            order_id=order.pk,
            shipment_id=shipment.pk if shipment else None,
            occurrence=_occurrence(ref),
        )
        found.append(Candidate(ref, order, shipment, order.customer, route[0], route[1], key, rule))
    return found


def _sent_today(store_id: int, addresses: set[str], now: datetime) -> Counter[str]:
    rows = (
        Message.objects.filter(
            store_id=store_id,
            conversation__address__in=addresses,
            direction=MessageDirection.OUTBOUND,
            created_at__gte=now - timedelta(days=1),
            fallback_of__isnull=True,
        )
        .exclude(event="")
        .exclude(status=MessageStatus.SKIPPED)
        .values("conversation__address")
        .annotate(n=Count("id"))
    )
    return Counter({row["conversation__address"]: row["n"] for row in rows})


def notifications_create(
    *, store_id: int, refs: Sequence[EventRef], now: datetime | None = None
) -> dict[str, int]:
    """At most one message per (order or shipment, event, attempt); returns how many were queued or held."""
    now = now or timezone.now()
    store = Store.objects.get(pk=store_id)
    candidates = _candidates(store, refs, now)
    keys = [c.key for c in candidates]
    done = set(
        Message.objects.filter(store=store, idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    candidates = [c for c in candidates if c.key not in done]
    addresses = {c.address for c in candidates}
    opted_out = opted_out_among(store_id=store.pk, phones=addresses)
    sent_today = _sent_today(store.pk, addresses, now)
    conversations = conversations_for(
        store=store, wanted=[(c.channel, c.address, c.customer) for c in candidates]
    )
    templates: dict[tuple[str, str], TemplateInForce | None] = {}
    outcome: Counter[str] = Counter()
    planned: list[Planned] = []
    for c in candidates:
        conversation = conversations[(c.channel, c.address)]
        phone = c.address if c.channel != "email" else c.customer.phone
        language = choose_language(
            stored=c.customer.language or conversation.language, phone=phone, store_default=store.language
        )
        if (c.ref.event, language) not in templates:
            templates[(c.ref.event, language)] = template_for(
                store_id=store.pk, event=c.ref.event, language=language
            )
        template = templates[(c.ref.event, language)]
        if template is None:
            outcome["template_off"] += 1
            continue
        values = notification_variables(
            store=store,
            order=c.order,
            shipment=c.shipment,
            language=language,
            country=country_of_phone(phone),
        )
        draft = notification_draft(
            channel=c.channel,
            event=c.ref.event,
            language=language,
            template=template,
            values=values,
            window_open=conversation_window_open(conversation, now),
            subject=f"{store.name} {values['order_number']}",
        )
        skip: tuple[str, str] | None = None
        if c.address in opted_out:
            skip = ("opted_out", "the buyer opted out of notifications")
        elif sent_today[c.address] >= settings.WASL_NOTIFY_MAX_PER_DAY:
            skip = ("frequency_cap", f"already {sent_today[c.address]} notifications in the last 24 hours")
        not_before = None
        if skip is None:  # the rule's delay, then the buyer's quiet hours (e-mail disturbs no one at night)
            zone = buyer_zone(phone, store.timezone)
            not_before = c.rule.not_before(now, zone, quiet=c.channel != "email")
        planned.append(
            Planned(conversation, draft, c.key, c.order, c.shipment, not_before=not_before, skip_reason=skip)
        )
        sent_today[c.address] += 0 if skip else 1
    for message in messages_queue_many(planned=planned):
        skipped = message.status == MessageStatus.SKIPPED
        outcome["skipped" if skipped else ("held" if message.not_before else "queued")] += 1
    return dict(outcome)
