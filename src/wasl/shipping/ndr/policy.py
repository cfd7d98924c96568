"""A store's NDR settings with their defaults, and when an unanswered case is reminded and handed to a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from wasl.core.errors import Invalid
from wasl.shipping.ndr.models import (
    DEFAULT_ATTEMPTS_BEFORE_RTO,
    DEFAULT_ESCALATE_AFTER_H,
    DEFAULT_REMIND_AFTER_H,
    NdrSettings,
)
from wasl.stores.models import Store

LIMITS = {
    "attempts_before_rto": (1, 9),
    "remind_after_hours": (1, 72),
    "escalate_after_hours": (1, 168),
}


@dataclass(frozen=True, slots=True)
class NdrPolicy:
    enabled: bool = True
    attempts_before_rto: int = DEFAULT_ATTEMPTS_BEFORE_RTO
    remind_after_hours: int = DEFAULT_REMIND_AFTER_H
    escalate_after_hours: int = DEFAULT_ESCALATE_AFTER_H


def policy_for(*, store_id: int) -> NdrPolicy:
    row = NdrSettings.objects.filter(store_id=store_id).first()
    if row is None:
        return NdrPolicy()
    return NdrPolicy(row.enabled, row.attempts_before_rto, row.remind_after_hours, row.escalate_after_hours)


def stores_asking(store_ids: set[int]) -> set[int]:
    """The stores among these whose buyers are asked after a failed delivery (the default is yes)."""
    off = NdrSettings.objects.filter(store_id__in=store_ids, enabled=False).values_list("store_id", flat=True)
    return store_ids - set(off)


@transaction.atomic
def policy_set(
    *,
    store: Store,
    enabled: bool,
    attempts_before_rto: int,
    remind_after_hours: int,
    escalate_after_hours: int,
) -> NdrPolicy:
    values = {
        "attempts_before_rto": attempts_before_rto,
        "remind_after_hours": remind_after_hours,
        "escalate_after_hours": escalate_after_hours,
    }
    for name, value in values.items():
        low, high = LIMITS[name]
        if not low <= value <= high:
            raise Invalid(f"{name} must be between {low} and {high}", code="invalid_setting")
    NdrSettings.objects.update_or_create(store=store, defaults={"enabled": enabled, **values})
    return policy_for(store_id=store.pk)


@dataclass(frozen=True, slots=True)
class Deadlines:
    remind_at: datetime | None
    escalate_at: datetime


def deadlines(*, policy: NdrPolicy, attempt: int, asked_from: datetime | None, now: datetime) -> Deadlines:
    """When to remind the buyer and when a person takes over, counted from when the question goes out.

    The carrier tries `attempts_before_rto` times. With two or more attempts left there is time: a reminder
    after `remind_after_hours`, a person after `escalate_after_hours`. Before the last attempt the person
    comes sooner: one more reminder delay after the reminder (never later than `escalate_after_hours`).
    After the last attempt there is no reminder: a person takes over once the reminder delay has passed.
    A buyer who cannot be asked (`asked_from` None) goes to a person at once.
    """
    if asked_from is None:
        return Deadlines(None, now)
    remaining = policy.attempts_before_rto - attempt
    remind = timedelta(hours=policy.remind_after_hours)
    escalate = timedelta(hours=policy.escalate_after_hours)
    if remaining <= 0:
        return Deadlines(None, asked_from + remind)
    if remaining == 1:
        return Deadlines(asked_from + remind, asked_from + max(remind, min(escalate, 2 * remind)))
    return Deadlines(asked_from + remind, asked_from + max(remind, escalate))
