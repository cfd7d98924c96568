"""The example in the import documentation must stay a valid import file."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

from wasl.channels.csv import ImportRow, read_import_rows

DOCS = Path(__file__).resolve().parents[3] / "docs" / "channels.md"


def test_given_the_documented_example_when_read_then_every_row_imports() -> None:
    example = re.search(r"```csv\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert example is not None

    rows = list(read_import_rows(io.StringIO(example.group(1))))

    assert all(isinstance(row, ImportRow) for row in rows)
    summary = [
        (r.order.external_id, r.order.total, r.outcome, r.ndr_reasons)
        for r in rows
        if isinstance(r, ImportRow)
    ]
    assert summary == [
        ("MA-1001", Decimal("349.00"), "delivered", ()),
        ("MA-1002", Decimal("199.00"), "rto", ("customer_unavailable", "refused")),
        ("SA-2001", Decimal("247.25"), "cancelled", ()),
    ]
