"""A failed attempt opens its case: queued inside the ingest transaction, once per shipment and attempt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bot_helpers import PHONE, buyer_order, ship
from django.db import transaction
from messaging_helpers import ready_tasks
from ndr_helpers import failed_parcel, ndr_tasks, open_case, run_ndr_tasks, scan

from wasl.messaging.models import Message
from wasl.orders.models import OrderEvent
from wasl.shipping.ndr.models import NdrCase, NdrSettings
from wasl.shipping.ndr.services import case_open
from wasl.webhooks.models import OutboundEvent
from wasl.webhooks.outbound.services import endpoint_create

pytestmark = pytest.mark.django_db


def test_a_failed_scan_queues_the_ndr_task_in_the_same_transaction(ndr_store) -> None:
    order = buyer_order(ndr_store)
    shipment = ship(order, "picked_up", "in_transit", "out_for_delivery")

    with transaction.atomic():
        scan(shipment, "delivery_failed", reason="customer_unavailable")
        [task] = ndr_tasks()
        assert (task.task_path, task.args_kwargs["args"]) == (
            "wasl.shipping.ndr.tasks.ndr_shipments_changed",
            [ndr_store.pk, [[shipment.pk, "delivery_failed", 1]]],
        )
        transaction.set_rollback(True)

    assert ndr_tasks() == []  # rolled back with the scan


def test_the_task_opens_one_case_and_asks_the_buyer(ndr_store) -> None:
    case = open_case(ndr_store, reason="address_issue", remark="Address not found")

    assert (case.attempt, case.reason, case.carrier_remark, case.status) == (
        1,
        "address_issue",
        "Address not found",
        "awaiting_buyer",
    )
    assert (case.phone, case.channel, case.language, case.not_asked) == (PHONE, "whatsapp", "ar", "")
    [question] = Message.objects.filter(idempotency_key=f"ndr:{case.pk}:ask")
    assert (question.kind, question.template_name, question.shipment_id) == (
        "template",
        "wasl_ndr_ask",
        case.shipment_id,
    )
    assert question.template_params[2] == "العنوان غير مكتمل أو لم يتمكن من إيجاده"
    assert [b["title"] for b in question.buttons] == ["يوم آخر", "تصحيح العنوان", "إلغاء الطلب"]
    assert question.extra["awaits"] == "ndr_answer"
    assert case.remind_at == case.asked_at + timedelta(hours=4)
    assert case.escalate_at == case.asked_at + timedelta(hours=12)


def test_the_same_scan_twice_and_the_task_twice_make_one_case(ndr_store) -> None:
    order = buyer_order(ndr_store)
    shipment = ship(order, "picked_up", "in_transit", "out_for_delivery")
    at = datetime.now(UTC)
    scan(shipment, "delivery_failed", at=at, reason="customer_unavailable", event_id="ndr-1")
    scan(shipment, "delivery_failed", at=at, reason="customer_unavailable", event_id="ndr-1")
    run_ndr_tasks()
    first = NdrCase.objects.get(shipment=shipment)

    again = case_open(shipment_id=shipment.pk, attempt=1)

    assert again == first
    assert NdrCase.objects.filter(shipment=shipment).count() == 1
    assert Message.objects.filter(idempotency_key__startswith=f"ndr:{first.pk}:").count() == 1


def test_the_generic_delivery_failed_notification_is_left_to_the_case(ndr_store) -> None:
    failed_parcel(ndr_store)

    refs = [r for t in ready_tasks(".notify_events") for r in t.args_kwargs["args"][1]]
    assert [r[2] for r in refs if r[2].startswith("shipment.delivery")] == []


def test_with_asking_switched_off_the_notification_stays_and_the_case_goes_to_a_person(ndr_store) -> None:
    NdrSettings.objects.create(store=ndr_store, enabled=False)
    failed_parcel(ndr_store)
    refs = [r for t in ready_tasks(".notify_events") for r in t.args_kwargs["args"][1]]
    run_ndr_tasks()

    case = NdrCase.objects.get()
    assert "shipment.delivery_failed" in [r[2] for r in refs]
    assert (case.not_asked, case.status, case.asked_at) == ("switched_off", "escalated", None)
    assert case.escalated_at is not None


def test_a_second_failed_attempt_closes_the_first_case_and_opens_its_own(ndr_store) -> None:
    first = open_case(ndr_store)
    shipment = first.shipment
    scan(shipment, "out_for_delivery")
    scan(shipment, "delivery_failed", reason="phone_unreachable", event_id="second")
    run_ndr_tasks()

    first.refresh_from_db()
    second = NdrCase.objects.get(shipment=shipment, attempt=2)
    assert (first.status, first.outcome, first.outcome_reason) == (
        "closed",
        "failed_again",
        "attempt_2_failed",
    )
    assert (second.status, second.reason) == ("awaiting_buyer", "phone_unreachable")


def test_two_failures_in_a_row_without_a_status_change_still_open_the_second_case(ndr_store) -> None:
    first = open_case(ndr_store)
    scan(first.shipment, "delivery_failed", reason="refused", event_id="again")
    run_ndr_tasks()

    assert list(NdrCase.objects.order_by("attempt").values_list("attempt", "status")) == [
        (1, "closed"),
        (2, "awaiting_buyer"),
    ]


def test_a_failure_processed_after_the_parcel_moved_on_opens_nothing(ndr_store) -> None:
    _order, shipment = failed_parcel(ndr_store)
    scan(shipment, "delivered")

    run_ndr_tasks()

    assert NdrCase.objects.count() == 0


def test_a_buyer_without_a_phone_is_not_asked_and_goes_to_a_person(ndr_store) -> None:
    order, _shipment = failed_parcel(ndr_store)
    order.customer.phone = ""
    order.customer.save()
    run_ndr_tasks()

    case = NdrCase.objects.get()
    assert (case.not_asked, case.status, case.remind_at) == ("no_phone", "escalated", None)


def test_opening_tells_the_timeline_and_subscribed_endpoints(ndr_store) -> None:
    endpoint_create(store=ndr_store, url="https://erp.example/hooks", event_types=["ndr.opened"])
    case = open_case(ndr_store)

    [event] = OutboundEvent.objects.filter(event_type="ndr.opened")
    assert event.payload["id"] == case.pk
    assert (event.payload["tracking_number"], event.payload["attempt"], event.payload["reason"]) == (
        "TRK1042",
        1,
        "customer_unavailable",
    )
    note = OrderEvent.objects.filter(order=case.order, kind="note", data__type="ndr_opened").get()
    assert note.message == "Delivery attempt 1 failed (customer_unavailable): the buyer was asked on whatsapp"


@pytest.mark.parametrize(
    ("days_ago", "opened", "not_asked"),
    [(1, True, ""), (3, True, "too_old"), (8, False, None)],
)
def test_a_failure_scanned_late_is_asked_about_opened_for_staff_or_left_as_history(
    ndr_store, days_ago, opened, not_asked
) -> None:  # type: ignore[no-untyped-def]
    order = buyer_order(ndr_store, placed_at=datetime.now(UTC) - timedelta(days=days_ago + 2))
    shipment = ship(order, "picked_up", at=datetime.now(UTC) - timedelta(days=days_ago + 1))
    scan(
        shipment, "delivery_failed", at=datetime.now(UTC) - timedelta(days=days_ago), reason="premises_closed"
    )

    run_ndr_tasks()

    case = NdrCase.objects.first()
    assert (case is not None) is opened
    if case is not None:
        assert (case.reason, case.not_asked) == ("premises_closed", not_asked)
