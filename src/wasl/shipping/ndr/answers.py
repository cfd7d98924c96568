"""What to tell the carrier: the buyer's answer (or staff's, or the merchant's systems') becomes an instruction.

A case has at most one instruction waiting to go: a later answer supersedes one not sent yet. Instructions
are dispatched by a task queued in the same transaction (`instructions.dispatch`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from wasl.core.errors import Conflict, Invalid, NotFound
from wasl.core.text import db_text
from wasl.shipping.ndr.events import emit, instruction_payload, timeline
from wasl.shipping.ndr.models import (
    UNSENT_STATUSES,
    InstructionKind,
    InstructionStatus,
    NdrAnswer,
    NdrCase,
    NdrCaseStatus,
    NdrInstruction,
)
from wasl.stores.models import Store

KIND_FOR_ANSWER: dict[str, str] = {
    NdrAnswer.NEW_DAY: InstructionKind.REATTEMPT,
    NdrAnswer.NEW_ADDRESS: InstructionKind.UPDATE_ADDRESS,
    NdrAnswer.CANCEL: InstructionKind.RETURN_TO_ORIGIN,
}
ANSWER_FOR_KIND: dict[str, str] = {kind: answer for answer, kind in KIND_FOR_ANSWER.items()}
SOURCES = ("buyer", "staff", "api")
ADDRESS_MAX = 1000
# How an instruction may move when someone says what became of it.
MARKABLE: dict[str, set[str]] = {
    InstructionStatus.SENT: {InstructionStatus.PENDING, InstructionStatus.SENDING, InstructionStatus.FAILED},
    InstructionStatus.ACKNOWLEDGED: {
        InstructionStatus.PENDING,
        InstructionStatus.SENDING,
        InstructionStatus.SENT,
        InstructionStatus.FAILED,
    },
}


@dataclass(frozen=True)
class Answer:
    answer: str  # NdrAnswer
    day: date | None = None
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    note: str = ""


def _clean(answer: Answer) -> Answer:
    if answer.answer not in NdrAnswer.values:
        raise Invalid(
            f"{answer.answer!r} is not an answer: {', '.join(NdrAnswer.values)}", code="invalid_answer"
        )
    address = db_text(answer.address, ADDRESS_MAX).strip()
    has_pin = answer.latitude is not None and answer.longitude is not None
    if answer.answer == NdrAnswer.NEW_DAY and answer.day is None:
        raise Invalid("a new delivery day needs the day", code="missing_day")
    if answer.answer == NdrAnswer.NEW_ADDRESS and not address and not has_pin:
        raise Invalid("a corrected address needs the address or a location", code="missing_address")
    if has_pin and not (-90 <= answer.latitude <= 90 and -180 <= answer.longitude <= 180):  # type: ignore[operator]
        raise Invalid("latitude or longitude out of range", code="invalid_location")
    return Answer(
        answer.answer, answer.day, address, answer.latitude, answer.longitude, db_text(answer.note, 500)
    )


def _locked(case_id: int, store: Store | None = None) -> NdrCase:
    rows = NdrCase.objects.select_for_update(of=("self",)).select_related("store", "shipment", "order")
    case = rows.filter(pk=case_id, **({"store": store} if store is not None else {})).first()
    if case is None:
        raise NotFound(f"no NDR case {case_id} in this store", code="ndr_case_not_found")
    if case.status == NdrCaseStatus.CLOSED:
        raise Conflict("this case is closed", code="case_closed")
    return case


@transaction.atomic
def answer_record(
    *,
    case_id: int,
    answer: Answer,
    source: str,
    by: str = "",
    at: datetime | None = None,
    store: Store | None = None,
) -> NdrInstruction:
    """Record what should happen to the parcel and queue the instruction for the carrier."""
    answer = _clean(answer)
    case = _locked(case_id, store)
    at = at or timezone.now()
    _set_answer(case, answer, source, by, at)
    instruction = _instruct(case, answer, source, at)
    from wasl.shipping.ndr.tasks import ndr_instruction_dispatch

    # A row in this same database: it exists exactly when the instruction does.
    ndr_instruction_dispatch.enqueue(instruction.pk)
    return instruction


@transaction.atomic
def instruction_record(
    *,
    store: Store,
    case_id: int,
    answer: Answer,
    status: str,
    reference: str = "",
    at: datetime | None = None,
) -> NdrInstruction:
    """The merchant's systems told the carrier themselves: keep the record (sent or acknowledged), send nothing."""
    if status not in (InstructionStatus.SENT, InstructionStatus.ACKNOWLEDGED):
        raise Invalid("status must be 'sent' or 'acknowledged'", code="invalid_status")
    answer = _clean(answer)
    case = _locked(case_id, store)
    at = at or timezone.now()
    _set_answer(case, answer, "api", "", at)
    instruction = _instruct(case, answer, "api", at, status=status, reference=reference)
    return instruction


def _set_answer(case: NdrCase, answer: Answer, source: str, by: str, at: datetime) -> None:
    if source not in SOURCES:
        raise Invalid(f"source must be one of {SOURCES}", code="invalid_source")
    case.answer, case.answer_day = answer.answer, answer.day
    case.answer_address = answer.address
    case.answer_latitude, case.answer_longitude = answer.latitude, answer.longitude
    case.answer_source, case.answered_by, case.answered_at = source, db_text(by, 150), at
    case.status = NdrCaseStatus.ANSWERED
    case.save()


def _instruct(
    case: NdrCase,
    answer: Answer,
    source: str,
    at: datetime,
    *,
    status: str = InstructionStatus.PENDING,
    reference: str = "",
) -> NdrInstruction:
    case.instructions.filter(status__in=UNSENT_STATUSES).update(
        status=InstructionStatus.SUPERSEDED, updated_at=at
    )
    settled = status != InstructionStatus.PENDING
    instruction = NdrInstruction.objects.create(
        store_id=case.store_id,
        case=case,
        carrier=case.carrier,
        kind=KIND_FOR_ANSWER[answer.answer],
        day=answer.day,
        address=answer.address,
        latitude=answer.latitude,
        longitude=answer.longitude,
        note=answer.note,
        status=status,
        source=source,
        reference=db_text(reference, 200),
        sent_at=at if settled else None,
        acknowledged_at=at if status == InstructionStatus.ACKNOWLEDGED else None,
    )
    said = answer.day.isoformat() if answer.day else answer.address or _pin(answer)
    timeline(
        case,
        "ndr_answered",
        f"Failed delivery: {answer.answer}{' ' + said if said else ''} ({source})",
        answer=answer.answer,
        instruction_id=instruction.pk,
        source=source,
    )
    emit(
        case,
        "ndr.answered",
        f"ndr:{case.pk}:answered:{instruction.pk}",
        instruction=instruction_payload(instruction),
    )
    return instruction


def _pin(answer: Answer) -> str:
    if answer.latitude is None or answer.longitude is None:
        return ""
    return f"{answer.latitude},{answer.longitude}"


@transaction.atomic
def instruction_mark(
    *, store: Store, instruction_id: int, status: str, reference: str = "", at: datetime | None = None
) -> NdrInstruction:
    """Someone says what became of an instruction: sent to the carrier, or acknowledged by it."""
    if status not in MARKABLE:
        raise Invalid("status must be 'sent' or 'acknowledged'", code="invalid_status")
    instruction = NdrInstruction.objects.select_for_update().filter(store=store, pk=instruction_id).first()
    if instruction is None:
        raise NotFound(f"no instruction {instruction_id} in this store", code="instruction_not_found")
    if instruction.status == status:
        return instruction
    if instruction.status not in MARKABLE[status]:
        raise Conflict(
            f"an instruction that is {instruction.status} cannot become {status}", code="invalid_transition"
        )
    at = at or timezone.now()
    instruction.status = status
    instruction.sent_at = instruction.sent_at or at
    if status == InstructionStatus.ACKNOWLEDGED:
        instruction.acknowledged_at = at
    if reference:
        instruction.reference = db_text(reference, 200)
    instruction.error = ""
    instruction.save()
    return instruction
