"""The first carrier scan of a return's parcel: the return is on its way, and trusted tiers get their money."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from returns_helpers import delivered_order, line

from wasl.payments.models import Refund
from wasl.returns.models import LoyaltyTier, ReturnEvent, StoreCreditEntry
from wasl.returns.policy import policy_publish
from wasl.returns.services import ItemAsked, ItemInspected, return_create, return_inspect, return_receive
from wasl.returns.tasks import return_first_scan
from wasl.shipping.services import tracking_updates_ingest
from wasl.shipping.types import TrackingUpdate
from wasl.webhooks.models import OutboundEvent
from wasl.webhooks.outbound.services import endpoint_create

pytestmark = pytest.mark.django_db


def scan(store, tracking_number: str, status: str = "picked_up") -> None:  # type: ignore[no-untyped-def]
    update = TrackingUpdate(
        tracking_number=tracking_number,
        carrier="generic",
        status=status,
        occurred_at=timezone.now() - timedelta(minutes=1),
        raw_code=status.upper(),
        source="test",
    )
    tracking_updates_ingest(store=store, updates=[update])


def queued_first_scans() -> list[list[object]]:
    return [
        r.args_kwargs["args"] for r in DBTaskResult.objects.filter(task_path__endswith="return_first_scan")
    ]


def gold_store(store, resolution_tiers=("gold",)):  # type: ignore[no-untyped-def]
    LoyaltyTier.objects.create(store=store, name="gold", rank=1, min_orders=1)
    policy_publish(
        store=store,
        document={
            "auto_approve": {"tiers": ["gold"]},
            "refund_at_first_scan_tiers": list(resolution_tiers),
            "credit_bonus_percent": "5",
        },
    )


def test_a_gold_buyer_is_credited_at_the_first_scan_and_the_return_closes_after_inspection(store) -> None:
    gold_store(store)
    endpoint_create(store=store, url="https://merchant.example/hooks", event_types=["return.resolved"])
    order = delivered_order(store)
    ret = return_create(
        order=order, items=[ItemAsked(line(order, "MUG"), 1, "damaged")], resolution="credit", method="pickup"
    ).ret
    assert (ret.tier, ret.state, ret.refund_at_first_scan) == ("gold", "approved", True)

    scan(store, f"RET{ret.code}")
    assert queued_first_scans() == [[ret.pk]]
    assert return_first_scan.call(ret.pk) == "credited"
    assert return_first_scan.call(ret.pk) == "credited"  # a retried task changes nothing

    ret.refresh_from_db()
    assert (ret.state, ret.outcome, ret.resolved_amount) == ("in_transit", "credited", Decimal("51.980"))
    assert StoreCreditEntry.objects.count() == 2
    return_receive(ret=ret)
    return_inspect(ret=ret, inspections=[ItemInspected(ret.items.get().pk, "damaged", "dispose")])
    ret.refresh_from_db()
    assert ret.state == "resolved"
    # Announced once, when the money moved (at the scan), not again after inspection.
    resolved = OutboundEvent.objects.get(event_type="return.resolved")
    assert (resolved.payload["state"], resolved.payload["step_data"]["early"]) == ("in_transit", True)
    kinds = list(ReturnEvent.objects.values_list("kind", flat=True))
    assert kinds == [
        "created",
        "approved",
        "in_transit",
        "settled_early",
        "received",
        "inspected",
        "resolved",
    ]


def test_a_gold_buyer_is_refunded_once_at_the_first_scan(store) -> None:
    gold_store(store)
    order = delivered_order(store)
    ret = return_create(
        order=order,
        items=[ItemAsked(line(order, "TSHIRT-M"), 1, "wrong_size")],
        resolution="refund",
        method="label",
    ).ret

    scan(store, f"RET{ret.code}")
    scan(store, f"RET{ret.code}", "in_transit")
    return_first_scan.call(ret.pk)
    return_first_scan.call(ret.pk)

    refund = Refund.objects.get()
    assert (refund.amount, refund.idempotency_key) == (Decimal("100.000"), f"return:{ret.pk}:refund")
    # Both scans came before any task ran: two tasks, one refund.
    assert queued_first_scans() == [[ret.pk], [ret.pk]]


def test_a_buyer_without_the_tier_waits_for_inspection(store) -> None:
    gold_store(store, resolution_tiers=())
    order = delivered_order(store)
    ret = return_create(
        order=order,
        items=[ItemAsked(line(order, "MUG"), 1, "damaged")],
        resolution="refund",
        method="dropoff",
    ).ret

    scan(store, f"RET{ret.code}")
    assert return_first_scan.call(ret.pk) == "in_transit"
    assert Refund.objects.count() == 0


def test_forward_scans_queue_nothing_for_returns(store) -> None:
    order = delivered_order(store, "2001")
    scan(store, "FWD-1")
    assert queued_first_scans() == []
    assert order.returns.count() == 0
