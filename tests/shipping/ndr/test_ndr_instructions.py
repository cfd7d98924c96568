"""Answers become carrier instructions: a signed webhook to the carrier's endpoint, or a CSV export."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from ndr_helpers import answered_case, open_case, run_ndr_tasks
from outbound_receiver import Answer as ReceiverAnswer

from wasl.core.errors import Conflict, Invalid, NotFound
from wasl.shipping.ndr.answers import Answer, instruction_mark
from wasl.shipping.ndr.instructions.base import CarrierInstructions
from wasl.shipping.ndr.instructions.csv_export import (
    EXPORT_COLUMNS,
    acknowledgements_import,
    instructions_export,
)
from wasl.shipping.ndr.instructions.dispatch import instruction_dispatch, webhook_instructions_reconcile
from wasl.shipping.ndr.instructions.registry import GENERIC, adapter_for
from wasl.shipping.ndr.models import NdrCarrierRoute, NdrInstruction
from wasl.webhooks.models import OutboundDelivery, OutboundEvent
from wasl.webhooks.outbound.services import endpoint_create, endpoint_disable
from wasl.webhooks.outbound.signing import verify
from wasl.webhooks.outbound.tasks import outbound_delivery_send

pytestmark = pytest.mark.django_db
TUESDAY = date(2026, 5, 12)


def webhook_route(store, url: str):  # type: ignore[no-untyped-def]
    endpoint, secret = endpoint_create(store=store, url=url, event_types=["ndr.instruction"])
    NdrCarrierRoute.objects.create(store=store, carrier="aramex", method="webhook", endpoint=endpoint)
    return endpoint, secret


def test_every_carrier_without_its_own_adapter_gets_the_generic_one() -> None:
    assert adapter_for("aramex") is GENERIC
    assert isinstance(GENERIC, CarrierInstructions)


def test_a_webhook_route_sends_the_instruction_signed_to_that_endpoint_only(ndr_store, receiver) -> None:
    endpoint, secret = webhook_route(ndr_store, receiver.url)
    merchant, _ = endpoint_create(store=ndr_store, url="https://erp.example/hooks", event_types=["*"])

    case = answered_case(ndr_store, Answer("new_day", day=TUESDAY))

    made = NdrInstruction.objects.get(case=case)
    event = OutboundEvent.objects.get(event_type="ndr.instruction")
    assert (made.status, made.method, made.reference) == ("sending", "webhook", str(event.uuid))
    [delivery] = OutboundDelivery.objects.filter(event=event)
    assert delivery.endpoint == endpoint  # not the merchant's "*" endpoint
    assert OutboundDelivery.objects.filter(endpoint=merchant, event__event_type="ndr.answered").count() == 1

    outbound_delivery_send.call(delivery.pk)

    [request] = receiver.received
    assert verify(secret=secret, body=request.body, header=request.headers["Wasl-Signature"]) is True
    body = json.loads(request.body)
    assert body["type"] == "ndr.instruction"
    assert {k: body["data"][k] for k in ("case_id", "tracking_number", "kind", "day", "buyer_phone")} == {
        "case_id": case.pk,
        "tracking_number": "TRK1042",
        "kind": "reattempt",
        "day": "2026-05-12",
        "buyer_phone": "+966501234567",
    }
    assert webhook_instructions_reconcile() == 1
    made.refresh_from_db()
    assert made.status == "sent"
    assert made.sent_at is not None


def test_a_webhook_the_receiver_refuses_for_good_leaves_the_instruction_failed_and_exportable(
    ndr_store, receiver
) -> None:
    webhook_route(ndr_store, receiver.url)
    receiver.script(ReceiverAnswer(status=410))
    case = answered_case(ndr_store, Answer("cancel"))
    outbound_delivery_send.call(OutboundDelivery.objects.get(event__event_type="ndr.instruction").pk)

    webhook_instructions_reconcile()

    made = NdrInstruction.objects.get(case=case)
    assert made.status == "failed"
    assert made.error != ""
    assert instructions_export(store=ndr_store, carrier="aramex").instruction_ids == [made.pk]


def test_a_route_to_a_disabled_endpoint_fails_at_once_with_the_reason(ndr_store) -> None:
    endpoint, _ = webhook_route(ndr_store, "https://carrier.example/ndr")
    endpoint_disable(endpoint=endpoint, reason="test")

    case = answered_case(ndr_store, Answer("cancel"))

    made = NdrInstruction.objects.get(case=case)
    assert (made.status, made.error) == ("failed", "the carrier's endpoint is disabled")
    assert not OutboundEvent.objects.filter(event_type="ndr.instruction").exists()


def test_dispatching_twice_sends_once(ndr_store, receiver) -> None:
    webhook_route(ndr_store, receiver.url)
    case = answered_case(ndr_store, Answer("cancel"))
    made = NdrInstruction.objects.get(case=case)

    assert instruction_dispatch(instruction_id=made.pk) == "sending"
    assert OutboundDelivery.objects.filter(event__event_type="ndr.instruction").count() == 1


def test_without_a_route_instructions_wait_for_the_csv_export_per_carrier(ndr_store) -> None:
    case = answered_case(ndr_store, Answer("new_address", address="Building 12, behind the mosque"))

    export = instructions_export(store=ndr_store, carrier="aramex")
    rows = list(csv.DictReader(io.StringIO(export.text.lstrip("\ufeff"))))

    made = NdrInstruction.objects.get(case=case)
    assert (made.status, made.method) == ("pending", "csv")
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert [(r["instruction_id"], r["kind"], r["address"], r["order_number"]) for r in rows] == [
        (str(made.pk), "update_address", "Building 12, behind the mosque", "#1042")
    ]
    assert instructions_export(store=ndr_store, carrier="smsa").instruction_ids == []


def test_exporting_with_mark_sent_marks_them_and_the_next_export_is_empty(ndr_store) -> None:
    case = answered_case(ndr_store, Answer("cancel"))

    export = instructions_export(store=ndr_store, carrier="aramex", mark_sent=True)

    made = NdrInstruction.objects.get(case=case)
    assert (made.status, made.method, made.reference) == ("sent", "csv", export.reference)
    assert export.reference.startswith("csv:")
    assert instructions_export(store=ndr_store, carrier="aramex").instruction_ids == []


def test_an_acknowledgement_file_marks_the_stores_own_instructions_only(ndr_store, other_store) -> None:
    case = answered_case(ndr_store, Answer("cancel"))
    made = NdrInstruction.objects.get(case=case)
    text = f"instruction_id,reference\r\n{made.pk},ARX-778\r\n999999,\r\n"

    assert acknowledgements_import(store=other_store, text=text) == {
        "acknowledged": 0,
        "already": 0,
        "unknown": 2,
    }
    assert acknowledgements_import(store=ndr_store, text=text) == {
        "acknowledged": 1,
        "already": 0,
        "unknown": 1,
    }

    made.refresh_from_db()
    assert (made.status, made.reference) == ("acknowledged", "ARX-778")
    with pytest.raises(Invalid) as error:
        acknowledgements_import(store=ndr_store, text="id\r\n1\r\n")
    assert error.value.code == "invalid_csv"


def test_marking_moves_forward_only(ndr_store, other_store) -> None:
    case = answered_case(ndr_store, Answer("cancel"))
    made = NdrInstruction.objects.get(case=case)

    assert instruction_mark(store=ndr_store, instruction_id=made.pk, status="sent").status == "sent"
    acknowledged = instruction_mark(
        store=ndr_store, instruction_id=made.pk, status="acknowledged", reference="R1"
    )
    assert (acknowledged.status, acknowledged.reference) == ("acknowledged", "R1")
    with pytest.raises(Conflict):
        instruction_mark(store=ndr_store, instruction_id=made.pk, status="sent")
    with pytest.raises(NotFound):
        instruction_mark(store=other_store, instruction_id=made.pk, status="sent")
    with pytest.raises(Invalid):
        instruction_mark(store=ndr_store, instruction_id=made.pk, status="pending")


def test_an_instruction_superseded_by_a_later_answer_is_never_dispatched(ndr_store) -> None:
    from wasl.shipping.ndr.answers import answer_record

    case = open_case(ndr_store)
    answer_record(case_id=case.pk, answer=Answer("new_day", day=TUESDAY), source="buyer")
    answer_record(case_id=case.pk, answer=Answer("cancel"), source="buyer")
    run_ndr_tasks()

    assert list(NdrInstruction.objects.filter(case=case).order_by("id").values_list("status", "method")) == [
        ("superseded", ""),
        ("pending", "csv"),
    ]
