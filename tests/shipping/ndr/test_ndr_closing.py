"""Each case is followed to the parcel's fate: delivered, back to the shop, lost or cancelled, with the reason."""

from __future__ import annotations

from datetime import date

import pytest
from bot_helpers import buyer_order, ship
from ndr_helpers import answered_case, ndr_tasks, open_case, run_ndr_tasks, scan

from wasl.core.errors import Conflict, Invalid
from wasl.orders.models import OrderEvent, OrderStatus
from wasl.orders.services import order_status_set
from wasl.shipping.ndr.answers import Answer
from wasl.shipping.ndr.models import NdrCase, NdrInstruction
from wasl.shipping.ndr.services import case_close_by_staff
from wasl.shipping.ndr.sweep import ndr_sweep_run
from wasl.shipping.services import shipment_correct_status
from wasl.webhooks.models import OutboundEvent
from wasl.webhooks.outbound.services import endpoint_create

pytestmark = pytest.mark.django_db


def settled(case: NdrCase) -> tuple[str, str, str]:
    case.refresh_from_db()
    return case.status, case.outcome, case.outcome_reason


def test_delivered_after_a_new_day_closes_the_case_with_that_reason(ndr_store) -> None:
    endpoint_create(store=ndr_store, url="https://erp.example/hooks", event_types=["ndr.closed"])
    case = answered_case(ndr_store, Answer("new_day", day=date(2026, 5, 12)))

    scan(case.shipment, "out_for_delivery")
    scan(case.shipment, "delivered")
    run_ndr_tasks()

    assert settled(case) == ("closed", "delivered", "after_new_day")
    [event] = OutboundEvent.objects.filter(event_type="ndr.closed")
    assert (event.payload["outcome"], event.payload["outcome_reason"]) == ("delivered", "after_new_day")
    note = OrderEvent.objects.get(order=case.order, data__type="ndr_closed")
    assert note.message == "Failed delivery case closed: delivered (after_new_day)"


def test_going_back_after_the_buyer_cancelled_says_so(ndr_store) -> None:
    case = answered_case(ndr_store, Answer("cancel"))

    scan(case.shipment, "rto_initiated")
    run_ndr_tasks()

    assert settled(case) == ("closed", "rto", "buyer_cancelled")


def test_going_back_without_an_answer_says_so(ndr_store) -> None:
    case = open_case(ndr_store)

    scan(case.shipment, "rto_initiated")
    run_ndr_tasks()

    assert settled(case) == ("closed", "rto", "no_answer")


def test_an_unsent_instruction_is_dropped_when_the_case_closes(ndr_store) -> None:
    case = answered_case(ndr_store, Answer("new_address", address="Gate 3"))

    scan(case.shipment, "rto_initiated")
    run_ndr_tasks()

    assert settled(case) == ("closed", "rto", "after_new_address")
    assert NdrInstruction.objects.get(case=case).status == "superseded"


def test_a_lost_parcel_closes_its_case(ndr_store) -> None:
    case = open_case(ndr_store)

    scan(case.shipment, "lost")
    run_ndr_tasks()

    assert settled(case) == ("closed", "lost", "carrier_lost")


def test_an_order_cancelled_meanwhile_is_closed_by_the_sweep(ndr_store) -> None:
    case = open_case(ndr_store)
    order = case.order
    assert order is not None
    order_status_set(order=order, status=OrderStatus.CANCELLED, reason="the shop cancelled it")

    assert ndr_sweep_run()["closed"] == 1

    assert settled(case) == ("closed", "cancelled", "order_cancelled")


def test_a_status_correction_to_delivered_closes_the_case(ndr_store) -> None:
    case = open_case(ndr_store)

    shipment_correct_status(
        shipment=case.shipment, to_status="delivered", reason="the buyer has it", corrected_by="agent"
    )
    run_ndr_tasks()

    assert settled(case) == ("closed", "delivered", "no_answer")


def test_delivered_parcels_without_a_case_queue_no_ndr_task(ndr_store) -> None:
    order = buyer_order(ndr_store)
    ship(order, "picked_up", "in_transit", "out_for_delivery", "delivered")

    assert ndr_tasks() == []


def test_staff_close_with_a_reason_and_only_once(ndr_store) -> None:
    case = open_case(ndr_store)

    with pytest.raises(Invalid) as missing:
        case_close_by_staff(case_id=case.pk, reason="  ", by="agent")
    case_close_by_staff(case_id=case.pk, reason="Buyer collects at the branch", by="agent")
    with pytest.raises(Conflict) as again:
        case_close_by_staff(case_id=case.pk, reason="again", by="agent")

    assert (missing.value.code, again.value.code) == ("missing_reason", "case_closed")
    assert settled(case) == ("closed", "closed_by_staff", "Buyer collects at the branch")
