"""Reads for the console's setup pages: which buyer messages a store can word and time, a sample order to
preview them with, and the store's staff, API keys and recent setup changes. Always within one store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wasl.console.forms import EVENT_LABELS
from wasl.console.models import NotificationTiming
from wasl.messaging import events as ev
from wasl.messaging.bot_texts import ltr
from wasl.messaging.models import NotificationRule, Template
from wasl.messaging.rendering import notification_variables, render
from wasl.messaging.reviews import REVIEW_EVENT
from wasl.messaging.selectors import default_channels
from wasl.messaging.template_texts import DEFAULT_TEXTS
from wasl.orders.models import Customer, Order, PaymentMethod
from wasl.returns import texts as return_texts
from wasl.shipping.models import Shipment
from wasl.shipping.ndr import texts as ndr_texts
from wasl.shipping.status import NdrReason
from wasl.stores.models import ApiKey, SettingChange, StaffRole, Store, StoreMember

LANGUAGES = ("ar", "fr", "en")
# What notification_variables gives every message; families add their own below.
BASE_VARIABLES = (
    "customer_name",
    "order_number",
    "total",
    "amount_due",
    "tracking_link",
    "promised_date",
    "store_name",
)
MANAGERS = (StaffRole.OWNER, StaffRole.MANAGER)
SETUP_KEYS = ("template.", "rule.", "returns.", "staff.", "api_key.")
CHANGES_SHOWN = 50


@dataclass(frozen=True)
class EventSpec:
    """A buyer message a store can word (`texts`) and switch, time and route (its rule)."""

    event: str
    label: str | Promise
    family: str  # notifications | returns | ndr | reviews
    texts: dict[str, str] | None  # built-in text per language; None: not worded through templates
    params: tuple[str, ...] = ()  # the approved WhatsApp template's parameters, in order
    provider_name: str = ""
    variables: tuple[str, ...] = BASE_VARIABLES
    timed: bool = False  # the rule's delay and quiet hours apply

    def default_text(self, language: str) -> str:
        texts = self.texts or {}
        return texts.get(language) or texts.get("en", "")


def _catalogue() -> dict[str, EventSpec]:
    specs = [
        EventSpec(
            e,
            EVENT_LABELS[e],
            "notifications",
            DEFAULT_TEXTS[e],
            ev.EVENT_PARAMS[e],
            ev.PROVIDER_NAMES[e],
            timed=True,
        )
        for e in ev.EVENTS
    ]
    return_labels: dict[str, str | Promise] = {
        return_texts.APPROVED: _("Return approved"),
        return_texts.REJECTED: _("Return rejected"),
        "return.in_transit": _("Return picked up by the carrier"),
        return_texts.RECEIVED: _("Returned parcel received"),
        return_texts.RESOLVED: _("Return settled"),
    }
    # Every return message the returns app sends and words through Template rows.
    return_events = (*return_texts.EVENTS, *getattr(return_texts, "ALSO_SENT", ()))
    specs += [
        EventSpec(
            e,
            return_labels.get(e, e),
            "returns",
            return_texts.TEMPLATE_TEXTS[e],
            return_texts.PARAMS[e],
            return_texts.PROVIDER_NAMES[e],
            (*BASE_VARIABLES, "return_code", "outcome"),
        )
        for e in return_events
        if e in return_texts.TEMPLATE_TEXTS
    ]
    ndr_labels = {
        ndr_texts.ASK: _("Failed delivery: what to do"),
        ndr_texts.REMINDER: _("Failed delivery: reminder"),
    }
    specs += [
        EventSpec(
            e,
            ndr_labels[e],
            "ndr",
            ndr_texts.TEMPLATE_TEXTS[e],
            ndr_texts.PARAMS[e],
            ndr_texts.PROVIDER_NAMES[e],
            (*BASE_VARIABLES, "ndr_reason"),
        )
        for e in ndr_texts.EVENTS
    ]
    specs.append(EventSpec(REVIEW_EVENT, _("Review request after delivery"), "reviews", None))
    return {spec.event: spec for spec in specs}


EVENTS: dict[str, EventSpec] = _catalogue()
WORDED = [spec for spec in EVENTS.values() if spec.texts is not None]
# ndr.reminder is sent by the NDR flow whenever ndr.ask is on: it has no rule of its own.
RULED = [spec for spec in EVENTS.values() if spec.event != ndr_texts.REMINDER]

# --- a sample order to preview texts with ---

SAMPLE_NAMES = {"ar": "سارة العتيبي", "fr": "Camille Martin", "en": "Sarah Jones"}
SAMPLE_NUMBER = "#1042"
SAMPLE_TOTAL = Decimal("249.50")
SAMPLE_TRACKING = "WSL0001042"
SAMPLE_RETURN_CODE = "K7M2Q9XD"
SAMPLE_PROMISE_DAYS = 2


def sample_values(*, store: Store, spec: EventSpec, language: str, today: date) -> dict[str, str]:
    """Every variable of the event filled as for a real cash-on-delivery order of the store, in `language`."""
    customer = Customer(store=store, name=SAMPLE_NAMES[language], language=language)
    order = Order(
        store=store,
        customer=customer,
        number=SAMPLE_NUMBER,
        external_id=SAMPLE_NUMBER.lstrip("#"),
        currency=store.currency,
        total=SAMPLE_TOTAL,
        payment_method=PaymentMethod.COD,
    )
    shipment = Shipment(
        store=store,
        tracking_number=SAMPLE_TRACKING,
        promised_date=today + timedelta(days=SAMPLE_PROMISE_DAYS),
    )
    values = notification_variables(
        store=store, order=order, shipment=shipment, language=language, country=store.country
    )
    if "return_code" in spec.variables:
        values["return_code"] = ltr(SAMPLE_RETURN_CODE, language)
        values["outcome"] = return_texts.outcome_words("refunded", language)
    if "ndr_reason" in spec.variables:
        values["ndr_reason"] = ndr_texts.reason_words(NdrReason.CUSTOMER_UNAVAILABLE, language)
    return values


@dataclass(frozen=True)
class Preview:
    text: str
    language: str
    provider_name: str
    params: list[tuple[int, str, str]]  # (number in the approved template, variable, sample value)


def template_preview(
    *, store: Store, spec: EventSpec, language: str, body: str, provider_name: str, params: tuple[str, ...]
) -> Preview:
    values = sample_values(store=store, spec=spec, language=language, today=date.today())
    return Preview(
        text=render(body, values),
        language=language,
        provider_name=provider_name or spec.provider_name,
        params=[(i, name, values.get(name, "")) for i, name in enumerate(params or spec.params, start=1)],
    )


# --- what the store has set ---


def store_templates(*, store: Store) -> dict[tuple[str, str], Template]:
    return {(t.event, t.language): t for t in Template.objects.filter(store=store)}


def store_template(*, store: Store, event: str, language: str) -> Template | None:
    return Template.objects.filter(store=store, event=event, language=language).first()


@dataclass(frozen=True)
class RuleRow:
    spec: EventSpec
    enabled: bool
    channels: tuple[str, ...]
    delay_minutes: int
    quiet_hours: str  # "" default, "off", or "HH:MM-HH:MM"
    saved: bool


def store_rules(*, store: Store) -> list[RuleRow]:
    """Every event's rule as it stands, defaults filled in (one query each for rules and timings)."""
    rules = {r.event: r for r in NotificationRule.objects.filter(store=store)}
    timings = {t.event: t for t in NotificationTiming.objects.filter(store=store)}
    rows = []
    for spec in RULED:
        rule, timing = rules.get(spec.event), timings.get(spec.event)
        channels = tuple(str(c) for c in rule.channels) if rule and rule.channels else default_channels()
        rows.append(
            RuleRow(
                spec=spec,
                enabled=rule.enabled if rule else True,
                channels=channels,
                delay_minutes=timing.delay_minutes if timing else 0,
                quiet_hours=timing.quiet_hours if timing else "",
                saved=rule is not None or timing is not None,
            )
        )
    return rows


def default_quiet_hours() -> str:
    return str(settings.WASL_QUIET_HOURS)


def role_of(*, store: Store, user: Any) -> str:
    """The user's role in the store; "" when they are not a member."""
    member = StoreMember.objects.filter(store=store, user=user).only("role").first()
    return member.role if member else ""


def store_members(*, store: Store) -> list[StoreMember]:
    order: dict[str, int] = {StaffRole.OWNER: 0, StaffRole.MANAGER: 1, StaffRole.AGENT: 2}
    members = list(StoreMember.objects.filter(store=store).select_related("user"))
    return sorted(members, key=lambda m: (order.get(m.role, 9), m.user.get_username().lower()))


def store_api_keys(*, store: Store) -> list[ApiKey]:
    """Keys in use first, newest first; only their prefixes are known."""
    return list(ApiKey.objects.filter(store=store).order_by("revoked_at", "-created_at", "-id"))


def api_key_get(*, store: Store, key_id: int) -> ApiKey | None:
    return ApiKey.objects.filter(store=store, pk=key_id).first()


def setup_changes(*, store: Store, prefix: str = "") -> list[SettingChange]:
    """The latest changes made on the setup pages (all of them, or those whose key starts with `prefix`)."""
    rows = SettingChange.objects.filter(store=store).select_related("user")
    wanted = Q()
    for start in (prefix,) if prefix else SETUP_KEYS:
        wanted |= Q(key__startswith=start)
    rows = rows.filter(wanted)
    return list(rows[:CHANGES_SHOWN])
