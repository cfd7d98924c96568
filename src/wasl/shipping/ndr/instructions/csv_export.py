"""The generic CSV route: pending instructions of one carrier as a file, marked sent once exported, and
a file of acknowledgements read back.

Columns of the export (UTF-8 with a byte order mark, so spreadsheet programs read Arabic correctly):
`EXPORT_COLUMNS`. The acknowledgement file needs an `instruction_id` column; an optional `reference`
column keeps the carrier's own reference.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from wasl.core.errors import Invalid
from wasl.core.text import db_text
from wasl.shipping.ndr.instructions.base import InstructionDocument
from wasl.shipping.ndr.instructions.dispatch import document_of
from wasl.shipping.ndr.models import InstructionMethod, InstructionStatus, NdrInstruction
from wasl.stores.models import Store

EXPORT_COLUMNS = tuple(InstructionDocument.__dataclass_fields__)
# Waiting for a person to pass them on: never sent, or a webhook that gave up.
EXPORTABLE = (InstructionStatus.PENDING, InstructionStatus.FAILED)
MAX_ACK_ROWS = 10_000
BOM = "\ufeff"


def exportable(*, store: Store, carrier: str | None = None) -> list[NdrInstruction]:
    rows = NdrInstruction.objects.filter(store=store, status__in=EXPORTABLE)
    if carrier:
        rows = rows.filter(carrier=carrier)
    return list(
        rows.select_related("store", "case__shipment", "case__order__customer").order_by("carrier", "id")
    )


def _csv(documents: list[InstructionDocument]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for document in documents:
        writer.writerow({k: "" if v is None else v for k, v in document.as_dict().items()})
    return BOM + out.getvalue()


@dataclass(frozen=True)
class Export:
    text: str
    instruction_ids: list[int] = field(default_factory=list)
    reference: str = ""


@transaction.atomic
def instructions_export(
    *, store: Store, carrier: str | None = None, mark_sent: bool = False, now: datetime | None = None
) -> Export:
    """The carrier's pending instructions as CSV; with `mark_sent`, they become sent (method csv) at once."""
    now = now or timezone.now()
    rows = exportable(store=store, carrier=carrier)
    text = _csv([document_of(row) for row in rows])
    ids = [row.pk for row in rows]
    reference = f"csv:{now.strftime('%Y%m%dT%H%M%SZ')}" if mark_sent else ""
    if mark_sent and ids:
        NdrInstruction.objects.filter(pk__in=ids, status__in=EXPORTABLE).update(
            status=InstructionStatus.SENT,
            method=InstructionMethod.CSV,
            reference=reference,
            sent_at=now,
            error="",
            updated_at=now,
        )
    return Export(text, ids, reference)


@transaction.atomic
def acknowledgements_import(*, store: Store, text: str, now: datetime | None = None) -> dict[str, int]:
    """Mark instructions acknowledged from a CSV with an `instruction_id` column (others of the store only)."""
    now = now or timezone.now()
    reader = csv.DictReader(io.StringIO(text.lstrip(BOM)))
    if not reader.fieldnames or "instruction_id" not in reader.fieldnames:
        raise Invalid("the file needs an instruction_id column", code="invalid_csv")
    wanted: dict[int, str] = {}
    for number, row in enumerate(reader, start=2):
        if number > MAX_ACK_ROWS + 1:
            raise Invalid(f"at most {MAX_ACK_ROWS} rows per file", code="too_many_rows")
        raw = (row.get("instruction_id") or "").strip()
        if not raw.isdecimal():
            raise Invalid(f"line {number}: instruction_id must be a number", code="invalid_csv")
        wanted[int(raw)] = db_text(row.get("reference") or "", 200).strip()
    known = NdrInstruction.objects.filter(store=store, pk__in=wanted).exclude(
        status=InstructionStatus.SUPERSEDED
    )
    counts = {"acknowledged": 0, "already": 0, "unknown": 0}
    found = {row.pk: row for row in known}
    for instruction_id, reference in wanted.items():
        instruction = found.get(instruction_id)
        if instruction is None:
            counts["unknown"] += 1
            continue
        if instruction.status == InstructionStatus.ACKNOWLEDGED:
            counts["already"] += 1
            continue
        instruction.status = InstructionStatus.ACKNOWLEDGED
        instruction.acknowledged_at = now
        instruction.sent_at = instruction.sent_at or now
        instruction.reference = reference or instruction.reference
        instruction.save(update_fields=["status", "acknowledged_at", "sent_at", "reference", "updated_at"])
        counts["acknowledged"] += 1
    return counts
