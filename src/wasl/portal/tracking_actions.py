"""What a buyer does from the tracking page: each goes through the service that already owns it, and lands on
the order's timeline.

- A new delivery day and time: the open failed-delivery case's answer (a re-attempt instruction for the
  carrier), else the pending delivery-slot question the store asked, else a request for staff to pass on.
- A corrected address: put on the order (a new address row, as the WhatsApp flow does), the open failed-delivery
  case's answer or the pending address check's answer, and a request for staff to pass on.
- A problem: a request in the console inbox with the buyer's own words.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from wasl.core.text import db_text
from wasl.orders.models import Order, OrderEventKind
from wasl.orders.services import address_resolve, order_event_add
from wasl.orders.types import AddressData
from wasl.risk.policy_models import OrderVerification, VerificationKind, VerificationState
from wasl.risk.verification import verification_resolve
from wasl.shipping.models import Shipment
from wasl.shipping.ndr.answers import Answer, answer_record
from wasl.shipping.ndr.models import OPEN_STATUSES, NdrAnswer, NdrCase

SOURCE = "tracking_page"
BY = "buyer (tracking page)"


def _open_case(shipment: Shipment | None) -> NdrCase | None:
    if shipment is None:
        return None
    return NdrCase.objects.filter(shipment=shipment, status__in=OPEN_STATUSES).order_by("-id").first()


def _pending(order: Order, kind: str) -> OrderVerification | None:
    return (
        OrderVerification.objects.filter(order=order, kind=kind, state=VerificationState.PENDING)
        .order_by("-id")
        .first()
    )


def _request(order: Order, message: str, data: dict[str, Any], at: datetime) -> int:
    """A note staff see in the console inbox until they mark it passed on."""
    event = order_event_add(
        order=order,
        kind=OrderEventKind.NOTE,
        message=db_text(message, 500),
        data={"source": SOURCE, "needs_staff": True, **data},
        at=at,
    )
    return event.pk


@transaction.atomic
def tracking_reschedule(
    *, order: Order, shipment: Shipment | None, day: date, slot: dict[str, str], at: datetime | None = None
) -> str:
    """Ask for delivery on `day` within `slot`; returns how it was taken: ndr, verification or request."""
    at = at or timezone.now()
    answer = {"day": day.isoformat(), "slot": slot["id"], "from": slot["from"], "to": slot["to"]}
    window = f"{slot['from']}–{slot['to']}"
    case = _open_case(shipment)
    if case is not None:
        answer_record(
            case_id=case.pk,
            answer=Answer(NdrAnswer.NEW_DAY, day=day, note=f"between {window}"),
            source="buyer",
            by=BY,
            at=at,
            store=order.store,
        )
        return "ndr"
    taken = "request"
    verification = _pending(order, VerificationKind.DELIVERY_SLOT)
    if verification is not None and verification_resolve(
        verification=verification, state=VerificationState.CONFIRMED, by=BY, answer=answer, at=at
    ):
        taken = "verification"
    _request(
        order,
        f"The buyer asked for delivery on {day.isoformat()}, {window} (tracking page)",
        {"type": "delivery_day_requested", **answer},
        at,
    )
    return taken


@transaction.atomic
def tracking_address_correct(
    *, order: Order, shipment: Shipment | None, address: dict[str, str], at: datetime | None = None
) -> str:
    """Put the buyer's corrected address on the order; returns how it was taken: ndr, verification or request."""
    at = at or timezone.now()
    fields = {k: db_text(address.get(k, ""), 300).strip() for k in ("line1", "line2", "city", "region")}
    postal_code = db_text(address.get("postal_code", ""), 20).strip()
    landmark = db_text(address.get("landmark", ""), 300).strip()
    text = ", ".join(
        part
        for part in (fields["line1"], fields["line2"], fields["region"], fields["city"], postal_code)
        if part
    )
    if landmark:
        text = f"{text} ({landmark})"
    data: dict[str, Any] = {"type": "address_change_requested", "text": text}
    if order.customer is not None:
        current = order.shipping_address
        base = AddressData(
            name=current.name if current else order.customer.name,
            country=(current.country if current else "") or order.ship_country,
            phone=current.phone if current else order.customer.phone,
        )
        new = address_resolve(
            customer=order.customer,
            address=replace(
                base,
                line1=fields["line1"],
                line2=fields["line2"],
                city=fields["city"],
                region=fields["region"],
                postal_code=postal_code,
            ),
        )
        Order.objects.filter(pk=order.pk).update(shipping_address=new)
        order.shipping_address = new
        data["address_id"] = new.pk
    taken = "request"
    case = _open_case(shipment)
    if case is not None:
        answer_record(
            case_id=case.pk,
            answer=Answer(NdrAnswer.NEW_ADDRESS, address=text),
            source="buyer",
            by=BY,
            at=at,
            store=order.store,
        )
        taken = "ndr"
    else:
        verification = _pending(order, VerificationKind.ADDRESS_VERIFICATION)
        if verification is not None and verification_resolve(
            verification=verification,
            state=VerificationState.CORRECTED,
            by=BY,
            answer={"text": text},
            at=at,
        ):
            taken = "verification"
    _request(order, f"New address from the buyer: {text} (tracking page)", data, at)
    return taken


@transaction.atomic
def tracking_problem_report(*, order: Order, kind: str, details: str, at: datetime | None = None) -> int:
    """The buyer's problem as a request in the console inbox; returns the timeline event's id."""
    at = at or timezone.now()
    text = db_text(details, 1000).strip()
    return _request(
        order,
        f"Problem reported by the buyer ({kind}): {text}",
        {"type": "problem_reported", "problem": kind, "text": text},
        at,
    )
