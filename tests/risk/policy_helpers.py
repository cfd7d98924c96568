"""Builders for the policy tests: a store that can message buyers, a policy in force, an order scored on arrival,
and the policy's tasks run in this process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent.parent
for folder in (TESTS / "messaging", TESTS / "payments"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from django_tasks_db.models import DBTaskResult  # noqa: E402

from factories import order_data  # noqa: E402
from wasl.orders.models import Order, OrderEvent  # noqa: E402
from wasl.orders.services import order_upsert  # noqa: E402
from wasl.risk.policy_models import OrderVerification, PolicyDecision  # noqa: E402
from wasl.risk.policy_services import policy_version_create  # noqa: E402
from wasl.stores.models import Store  # noqa: E402

WHATSAPP = {
    "whatsapp.phone_number_id": "1122334455667",
    "whatsapp.token": "test-token",
    "whatsapp.app_secret": "app-secret-1",
    "whatsapp.verify_token": "verify-me",
}
SMS = {
    "sms.account_sid": "AC0123456789abcdef0123456789abcdef",
    "sms.auth_token": "sms-auth-token",
    "sms.from_number": "+15005550006",
}


def confirm_everything(*actions: dict[str, Any], share: float = 0.0) -> dict[str, Any]:
    """A policy whose one rule gives every order `actions`."""
    return {
        "holdout": {"share": share},
        "rules": [{"name": "Everyone", "when": {}, "actions": list(actions)}],
    }


@pytest.fixture
def flow_store(store, settings) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    """The `store` with WhatsApp and SMS set up, quiet hours off, channel clients fresh."""
    from wasl.messaging.channels.registry import channel_cache_clear
    from wasl.stores.services import secret_set

    settings.WASL_QUIET_HOURS = "off"
    for key, value in {**WHATSAPP, **SMS}.items():
        secret_set(store=store, key=key, value=value)
    channel_cache_clear()
    yield store
    channel_cache_clear()


def with_policy(store: Store, document: dict[str, Any]) -> None:
    policy_version_create(store=store, document=document, created_by="tests")


def arrive(store: Store, external_id: str = "7001", **changes: Any) -> Order:
    """A new order, scored on arrival as the task does it."""
    from wasl.risk.services import risk_score_order

    data = order_data(external_id, placed_at=datetime.now(UTC) - timedelta(minutes=2), **changes)
    order = order_upsert(store=store, data=data).order
    risk_score_order(order_id=order.pk)
    order.refresh_from_db()
    return order


def run_policy_tasks() -> list[list[str]]:
    """Run every queued policy_advance task once, in this process."""
    from wasl.risk.policy_runner import verifications_advance

    results = []
    for task in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at"):
        if not task.task_path.endswith(".policy_advance"):
            continue
        DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")
        [order_id] = task.args_kwargs["args"]
        results.append(verifications_advance(order_id=order_id))
    return results


def verification(order: Order, kind: str) -> OrderVerification:
    return OrderVerification.objects.get(order=order, kind=kind)


def decision(order: Order) -> PolicyDecision:
    return PolicyDecision.objects.get(order=order)


def notes(order: Order, kind: str = "") -> list[OrderEvent]:
    events = OrderEvent.objects.filter(order=order, kind="note", data__source="policy").order_by("id")
    return [e for e in events if not kind or e.data.get("type") == kind]


# Builders of the messaging and payments tests, through this module (which puts their folders on sys.path).
from bot_helpers import PHONE, says  # noqa: E402
from payments_helpers import STRIPE_SETTINGS, apply_outbox  # noqa: E402

__all__ = ["PHONE", "STRIPE_SETTINGS", "apply_outbox", "says"]
