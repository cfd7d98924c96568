"""Reads for NDR cases and instructions, always within one store."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from wasl.core.errors import Invalid, NotFound
from wasl.core.pagination import Page, paginate
from wasl.shipping.ndr.models import InstructionStatus, NdrCase, NdrCaseStatus, NdrInstruction
from wasl.shipping.status import NdrReason
from wasl.stores.models import Store

OPEN = "open"  # a status filter meaning every status but closed


def _with_details(queryset: QuerySet[NdrCase]) -> QuerySet[NdrCase]:
    return queryset.select_related("shipment", "order__customer").prefetch_related(
        Prefetch("instructions", queryset=NdrInstruction.objects.order_by("id"))
    )


def cases_filtered(
    *,
    store: Store,
    status: str | None = None,
    carrier: str | None = None,
    reason: str | None = None,
    escalated: bool | None = None,
    order_external_id: str | None = None,
    tracking_number: str | None = None,
    search: str | None = None,
) -> QuerySet[NdrCase]:
    queryset = NdrCase.objects.filter(store=store)
    if status == OPEN:
        queryset = queryset.exclude(status=NdrCaseStatus.CLOSED)
    elif status:
        if status not in NdrCaseStatus.values:
            known = ", ".join([OPEN, *NdrCaseStatus.values])
            raise Invalid(f"status must be one of {known}", code="invalid_status")
        queryset = queryset.filter(status=status)
    if reason:
        if reason not in NdrReason.values:
            raise Invalid(f"reason must be one of {', '.join(NdrReason.values)}", code="invalid_reason")
        queryset = queryset.filter(reason=reason)
    if carrier:
        queryset = queryset.filter(carrier=carrier.strip().lower())
    if escalated is not None:
        queryset = queryset.filter(escalated_at__isnull=not escalated)
    if order_external_id:
        queryset = queryset.filter(order__external_id=order_external_id)
    if tracking_number:
        queryset = queryset.filter(shipment__tracking_number=tracking_number)
    if search and search.strip():
        said = search.strip()
        wanted = Q(order__number=said) | Q(order__external_id=said) | Q(shipment__tracking_number=said)
        digits = said.lstrip("+0")
        if digits.isdecimal() and len(digits) >= 6:  # a phone in any local or international form
            wanted |= Q(phone__endswith=digits)
        queryset = queryset.filter(wanted)
    return _with_details(queryset)


def case_list(
    *, store: Store, cursor: str | None = None, limit: int = 50, **filters: object
) -> Page[NdrCase]:
    """Newest first, with cursor pagination like every list of the API."""
    return paginate(cases_filtered(store=store, **filters), cursor=cursor, limit=limit)  # type: ignore[arg-type]


def case_get(*, store: Store, case_id: int) -> NdrCase:
    case = _with_details(NdrCase.objects.filter(store=store, pk=case_id)).first()
    if case is None:
        raise NotFound(f"no NDR case {case_id} in this store", code="ndr_case_not_found")
    return case


def latest_instruction(case: NdrCase) -> NdrInstruction | None:
    """The case's newest instruction (from the prefetched list)."""
    instructions = list(case.instructions.all())
    return instructions[-1] if instructions else None


def carriers_with_cases(*, store: Store) -> list[str]:
    return sorted(set(NdrCase.objects.filter(store=store).values_list("carrier", flat=True)))


def exportable_counts(*, store: Store) -> dict[str, int]:
    """Per carrier, how many instructions wait to be passed on (never sent, or a webhook that gave up)."""
    rows = (
        NdrInstruction.objects.filter(
            store=store, status__in=(InstructionStatus.PENDING, InstructionStatus.FAILED)
        )
        .values("carrier")
        .annotate(n=Count("id"))
        .order_by("carrier")
    )
    return {row["carrier"]: row["n"] for row in rows}
