"""The queues page: what waits for a person, counted and linked, with returns approved or rejected in place."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "returns"))

from returns_helpers import delivered_order, line

from wasl.messaging.models import Conversation
from wasl.orders.models import Order
from wasl.returns.models import ReturnRequest
from wasl.returns.services import ItemAsked, return_approve, return_create, return_receive
from wasl.risk.policy_models import OrderVerification, PolicyDecision, RiskPolicy
from wasl.shipping.ndr.models import NdrCase
from wasl.shipping.services import shipment_create
from wasl.stores.models import Store


def asked(store: Store, external_id: str, sku: str = "TSHIRT-M", quantity: int = 2) -> ReturnRequest:
    order = delivered_order(store, external_id)
    return return_create(
        order=order,
        items=[ItemAsked(line(order, sku), quantity, "wrong_size")],
        resolution="refund",
        method="dropoff",
    ).ret


def waiting_for_verification(store: Store, order: Order) -> None:
    policy = RiskPolicy.objects.create(store=store, version=1, document={}, active=True)
    decision = PolicyDecision.objects.create(
        store=store,
        order=order,
        policy=policy,
        rule_index=0,
        band="high",
        score=0.6,
        state="awaiting",
        decided_at=timezone.now(),
    )
    for kind in ("cod_confirmation", "address_verification"):  # two checks, one order
        OrderVerification.objects.create(
            store=store, order=order, decision=decision, kind=kind, state="pending"
        )


def failed_delivery(store: Store, order: Order, status: str) -> None:
    shipment, _ = shipment_create(
        store=store, order=order, carrier="generic", tracking_number=f"T{order.pk}{status}"
    )
    NdrCase.objects.create(
        store=store,
        shipment=shipment,
        order=order,
        carrier="generic",
        attempt=1,
        reason="customer_unavailable",
        failed_at=timezone.now(),
        status=status,
        opened_at=timezone.now(),
    )


@pytest.fixture
def busy_store(store, other_store):  # type: ignore[no-untyped-def]
    """Two returns to approve, one received (2 units to inspect), an order waiting for two checks, two open
    failed deliveries (one with a person) and a closed one, a conversation with a person; noise elsewhere."""
    first, second = asked(store, "4001"), asked(store, "4002", "MUG", 1)
    inspected = return_receive(ret=return_approve(ret=asked(store, "4003")))
    order = Order.objects.get(external_id="4001")
    waiting_for_verification(store, order)
    failed_delivery(store, order, "awaiting_buyer")
    failed_delivery(store, order, "escalated")
    failed_delivery(store, order, "closed")
    Conversation.objects.create(store=store, channel="whatsapp", address="+966501234567", state="human")
    Conversation.objects.create(store=store, channel="whatsapp", address="+966501234568", state="bot")
    asked(other_store, "9001")
    return {"first": first, "second": second, "inspected": inspected}


def test_every_queue_is_counted_within_the_store(console, store, busy_store) -> None:
    from wasl.console.views_queues import queue_counts

    counts = queue_counts(store=store)

    assert counts.__dict__ == {
        "verifications": 1,
        "ndr_open": 2,
        "ndr_escalated": 1,
        "returns_to_approve": 2,
        "returns_to_inspect": 1,
        "items_to_inspect": 2,
        "inbox": 1,
    }
    page = console.get(f"/console/{store.slug}/queues/").content.decode()
    assert busy_store["first"].code in page and busy_store["inspected"].code in page
    assert "wrong_size" not in page and "Wrong size" in page  # the reason in words, not its code
    assert f"/console/{store.slug}/receiving/{busy_store['inspected'].code}/" in page
    assert f"/console/{store.slug}/orders/?pending=1" in page
    assert f'href="/console/{store.slug}/"><strong>1</strong>' in page  # the inbox, with its count
    assert f"/console/{store.slug}/ndr/" in page


def test_approving_from_the_queue_creates_the_reverse_parcel(console, agent, store, busy_store) -> None:
    ret = busy_store["first"]

    response = console.post(f"/console/{store.slug}/queues/returns/{ret.code.lower()}/approve/", follow=True)

    ret.refresh_from_db()
    assert (ret.state, ret.reverse_shipment.tracking_number) == ("approved", f"RET{ret.code}")
    assert ret.events.get(kind="approved").actor == "staff:agent"
    assert f"Return {ret.code} approved; the buyer is told." in response.content.decode()
    again = console.post(f"/console/{store.slug}/queues/returns/{ret.code}/approve/", follow=True)
    assert f"Return {ret.code} was decided already." in again.content.decode()


def test_rejecting_needs_a_reason_that_the_buyer_is_told(console, store, busy_store) -> None:
    ret = busy_store["second"]
    url = f"/console/{store.slug}/queues/returns/{ret.code}/reject/"

    empty = console.post(url, {"reason": "  "}, follow=True)
    still = ReturnRequest.objects.get(pk=ret.pk).state
    console.post(url, {"reason": "Worn and washed"})

    assert "Say why the return is rejected: the buyer is told." in empty.content.decode()
    assert still == "requested"
    ret.refresh_from_db()
    assert (ret.state, ret.reject_reason) == ("rejected", "Worn and washed")


def test_another_stores_return_cannot_be_approved_and_get_is_refused(console, store, other_store) -> None:
    theirs = asked(other_store, "9002")

    assert console.post(f"/console/{store.slug}/queues/returns/{theirs.code}/approve/").status_code == 404
    assert console.get(f"/console/{store.slug}/queues/returns/{theirs.code}/approve/").status_code == 405
    assert ReturnRequest.objects.get(pk=theirs.pk).state == "requested"


def test_the_page_reads_in_arabic_and_french(console, store, busy_store) -> None:
    pages = {}
    for language in ("ar", "fr"):
        console.post("/console/i18n/setlang/", {"language": language, "next": "/"})
        pages[language] = console.get(f"/console/{store.slug}/queues/").content.decode()

    assert 'dir="rtl"' in pages["ar"] and "مرتجعات بانتظار الموافقة" in pages["ar"]
    assert "Retours à approuver" in pages["fr"] and "2 retours" not in pages["fr"]
    assert "1 retour)" in pages["fr"]
