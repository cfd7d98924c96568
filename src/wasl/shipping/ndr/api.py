"""/api/v1/ndr-cases: failed-delivery cases, and what the merchant's systems told the carriers."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from wasl.core.errors import Invalid, NotFound
from wasl.shipping.ndr.answers import ANSWER_FOR_KIND, Answer, instruction_mark, instruction_record
from wasl.shipping.ndr.schemas import NdrCaseOut, NdrCasePageOut, NdrInstructionIn, NdrInstructionOut
from wasl.shipping.ndr.selectors import case_get, case_list

router = Router(tags=["ndr"])


class CaseFilters(Schema):
    cursor: str | None = None
    limit: int = 50
    status: str | None = None
    carrier: str | None = None
    reason: str | None = None
    escalated: bool | None = None
    order_id: str | None = None
    tracking_number: str | None = None


@router.get("/ndr-cases", response=NdrCasePageOut)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict:
    """Newest first. `status` takes a case status or `open` (every status but closed)."""
    values = filters.dict()
    page = case_list(
        store=request.auth,  # type: ignore[attr-defined]
        order_external_id=values.pop("order_id"),
        **values,
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/ndr-cases/{int:case_id}", response=NdrCaseOut)
def get_case(request: HttpRequest, case_id: int) -> object:
    return case_get(store=request.auth, case_id=case_id)  # type: ignore[attr-defined]


@router.post(
    "/ndr-cases/{int:case_id}/instruction", response={200: NdrInstructionOut, 201: NdrInstructionOut}
)
def post_instruction(request: HttpRequest, case_id: int, payload: NdrInstructionIn) -> Status:
    """Record what the merchant's systems told the carrier (201), or what became of one of our instructions
    (`instruction_id`, 200): sent, or acknowledged by the carrier."""
    store = request.auth  # type: ignore[attr-defined]
    case = case_get(store=store, case_id=case_id)
    if payload.instruction_id is not None:
        if payload.instruction_id not in {i.pk for i in case.instructions.all()}:
            raise NotFound(
                f"no instruction {payload.instruction_id} in this case", code="instruction_not_found"
            )
        marked = instruction_mark(
            store=store,
            instruction_id=payload.instruction_id,
            status=payload.status,
            reference=payload.reference,
        )
        return Status(200, marked)
    if payload.kind is None:
        raise Invalid(
            "give the instruction's kind, or the instruction_id of one to mark", code="missing_field"
        )
    answer = Answer(
        ANSWER_FOR_KIND[payload.kind],
        day=payload.day,
        address=payload.address,
        latitude=payload.latitude,
        longitude=payload.longitude,
        note=payload.note,
    )
    recorded = instruction_record(
        store=store, case_id=case.pk, answer=answer, status=payload.status, reference=payload.reference
    )
    return Status(201, recorded)
