"""`wasl risk score FILE.csv --out SCORES.csv`: orders in the import format in, one score per order out.

The order columns of the historical import format are read the same way as by `wasl import orders`; the
outcome columns (carrier, outcome, outcome_at, ndr_reasons) may be there or not and are ignored. Orders are
scored in chunks, each chunk in one batch; a bad row is reported with its line and a code, the others are
still scored. Each order is scored with what the store knew when it was placed.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from wasl.channels.csv.reader import BOM
from wasl.channels.csv.rows import CHANNEL, IMPORT_COLUMNS
from wasl.channels.csv.values import (
    read_country,
    read_currency,
    read_items,
    read_payment_method,
    read_time,
    read_total,
)
from wasl.orders.types import AddressData, CustomerData, OrderData
from wasl.risk.reasons import render
from wasl.risk.scoring import Scored, score_incoming
from wasl.shipping.types import AdapterError
from wasl.stores.models import Store

OUTCOME_COLUMNS = ("carrier", "outcome", "outcome_at", "ndr_reasons")
ORDER_COLUMNS = tuple(column for column in IMPORT_COLUMNS if column not in OUTCOME_COLUMNS)
REQUIRED_VALUES = ("order_id", "placed_at", "country", "payment_method", "total", "currency")
OUT_COLUMNS = ("order_id", "score", "band", "reasons")
CHUNK = 5000


@dataclass(frozen=True)
class RowProblem:
    line: int
    code: str
    message: str


@dataclass
class CsvScoring:
    scored: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    bands: dict[str, int] = field(default_factory=dict)


def score_csv(
    *,
    store: Store,
    source: TextIO,
    out: TextIO,
    language: str = "",
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> CsvScoring:
    """Reasons are written as codes joined by `;`, or as sentences in `language` (ar, fr, en) when given."""
    reader = csv.reader(source)
    header = _header(reader)
    writer = csv.writer(out)
    writer.writerow(OUT_COLUMNS)
    result = CsvScoring()
    pending: list[OrderData] = []
    for item in _orders(reader, header):
        if isinstance(item, RowProblem):
            result.problems.append(item)
            continue
        pending.append(item)
        if len(pending) >= chunk:
            _flush(store, pending, writer, result, language, progress)
    _flush(store, pending, writer, result, language, progress)
    return result


def _flush(
    store: Store,
    pending: list[OrderData],
    writer: csv._writer,  # type: ignore[name-defined]
    result: CsvScoring,
    language: str,
    progress: Callable[[int], None] | None,
) -> None:
    if not pending:
        return
    for scored in score_incoming(store, pending):
        writer.writerow([scored.key, f"{scored.score:.4f}", scored.band, _reasons(scored, language)])
        result.bands[scored.band] = result.bands.get(scored.band, 0) + 1
    result.scored += len(pending)
    if progress:
        progress(len(pending))
    pending.clear()


def _reasons(scored: Scored, language: str) -> str:
    if language:
        return "; ".join(render(r["code"], language, r["params"]) for r in scored.reasons)
    return ";".join(r["code"] for r in scored.reasons)


def _header(reader: Iterator[list[str]]) -> list[str]:
    try:
        cells = next(reader)
    except StopIteration:
        raise AdapterError(
            "missing_header", "the file is empty; its first row must name the columns"
        ) from None
    names = [cell.strip().lower() for cell in cells]
    if names:
        names[0] = names[0].removeprefix(BOM).strip()
    missing = [column for column in ORDER_COLUMNS if column not in names]
    if missing:
        raise AdapterError("missing_column", f"the header lacks {', '.join(missing)}")
    return names


def _orders(reader: csv._reader, header: list[str]) -> Iterator[OrderData | RowProblem]:  # type: ignore[name-defined]
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RowProblem(line, "invalid_row", f"the row cannot be read as CSV: {exc}")
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            yield RowProblem(
                line, "invalid_row", f"the row has {len(cells)} values but the header has {len(header)}"
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells, strict=True) if name}
        try:
            yield _order(values)
        except AdapterError as exc:
            yield RowProblem(line, exc.code, exc.message)


def _order(values: dict[str, str]) -> OrderData:
    for column in REQUIRED_VALUES:
        if not values[column]:
            raise AdapterError("missing_value", f"{column} is empty")
    currency = read_currency(values["currency"])
    name, phone = values["customer_name"], values["customer_phone"]
    return OrderData(
        channel=CHANNEL,
        external_id=values["order_id"],
        number=values["order_id"],
        placed_at=read_time(values["placed_at"], "placed_at"),
        currency=currency,
        total=read_total(values["total"], currency),
        payment_method=read_payment_method(values["payment_method"]),
        customer=CustomerData(name=name, phone=phone, email=values["customer_email"]),
        shipping_address=AddressData(
            name=name,
            line1=values["address"],
            city=values["city"],
            postal_code=values["postal_code"],
            country=read_country(values["country"]),
            phone=phone,
        ),
        lines=read_items(values["items"], currency),
    )
