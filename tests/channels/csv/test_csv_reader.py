"""Reading the historical import format: good rows become ImportRow, each bad row one RowError."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from wasl.channels.csv import IMPORT_COLUMNS, ImportRow, RowError, read_import_rows
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData
from wasl.shipping.types import AdapterError

MOROCCO = timezone(timedelta(hours=1))
GOOD = {
    "order_id": "MA-1001",
    "placed_at": "2024-03-01T10:00:00+01:00",
    "customer_name": "Amina El Idrissi",
    "customer_phone": "+212661234567",
    "customer_email": "amina@example.ma",
    "country": "MA",
    "city": "Casablanca",
    "postal_code": "20250",
    "address": "12 Rue Ibn Batouta, Maarif",
    "payment_method": "cod",
    "total": "349.00",
    "currency": "MAD",
    "items": "TSHIRT-M:2;CAP:1",
    "carrier": "amana",
    "outcome": "rto",
    "outcome_at": "2024-03-08T12:00:00+01:00",
    "ndr_reasons": "customer_unavailable;refused",
}


def _file(*rows: dict[str, str], columns: tuple[str, ...] = IMPORT_COLUMNS) -> io.StringIO:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    stream.seek(0)
    return stream


def _read_one(**changes: str) -> ImportRow | RowError:
    (item,) = list(read_import_rows(_file({**GOOD, **changes})))
    return item


def test_given_a_good_row_when_read_then_every_field_is_exact() -> None:
    assert list(read_import_rows(_file(GOOD))) == [
        ImportRow(
            line=2,
            order=OrderData(
                channel="csv",
                external_id="MA-1001",
                number="MA-1001",
                placed_at=datetime(2024, 3, 1, 10, 0, tzinfo=MOROCCO),
                currency="MAD",
                total=Decimal("349.00"),
                payment_method="cod",
                cancelled=False,
                customer=CustomerData(
                    name="Amina El Idrissi", phone="+212661234567", email="amina@example.ma"
                ),
                shipping_address=AddressData(
                    name="Amina El Idrissi",
                    line1="12 Rue Ibn Batouta, Maarif",
                    city="Casablanca",
                    postal_code="20250",
                    country="MA",
                    phone="+212661234567",
                ),
                lines=(
                    LineData(sku="TSHIRT-M", name="TSHIRT-M", quantity=2, unit_price=Decimal("0.00")),
                    LineData(sku="CAP", name="CAP", quantity=1, unit_price=Decimal("0.00")),
                ),
            ),
            carrier="amana",
            outcome="rto",
            outcome_at=datetime(2024, 3, 8, 12, 0, tzinfo=MOROCCO),
            ndr_reasons=("customer_unavailable", "refused"),
        )
    ]


def test_given_naive_times_when_read_then_they_are_utc() -> None:
    row = _read_one(placed_at="2024-03-01T10:00:00", outcome_at="2024-03-02")

    assert isinstance(row, ImportRow)
    assert (row.order.placed_at, row.outcome_at) == (
        datetime(2024, 3, 1, 10, 0, tzinfo=UTC),
        datetime(2024, 3, 2, 0, 0, tzinfo=UTC),
    )


def test_given_loose_casing_and_optional_values_left_empty_when_read_then_the_row_is_normalised() -> None:
    row = _read_one(
        country="ma",
        payment_method="COD",
        currency="mad",
        outcome="Delivered",
        outcome_at="",
        ndr_reasons="",
        items="",
    )

    assert isinstance(row, ImportRow)
    assert (row.order.shipping_address.country, row.order.payment_method, row.order.currency) == (
        "MA",
        "cod",
        "MAD",
    )
    assert (row.outcome, row.outcome_at, row.ndr_reasons, row.order.lines) == ("delivered", None, (), ())


def test_given_a_cancelled_outcome_when_read_then_the_order_is_cancelled() -> None:
    row = _read_one(outcome="cancelled", ndr_reasons="")

    assert isinstance(row, ImportRow) and row.order.cancelled is True


def test_given_a_bom_reordered_upper_case_columns_and_extra_ones_when_read_then_the_row_is_the_same() -> None:
    columns = ("Notes", *reversed(IMPORT_COLUMNS))
    text = _file({**GOOD, "Notes": "VIP"}, columns=columns).getvalue()
    header, rest = text.split("\r\n", 1)
    stream = io.StringIO("\ufeff" + header.upper() + "\r\n" + rest)

    assert list(read_import_rows(stream)) == list(read_import_rows(_file(GOOD)))


def test_given_blank_lines_and_a_multiline_address_when_read_then_line_numbers_follow_the_file() -> None:
    stream = _file(
        GOOD, {**GOOD, "order_id": "MA-1002", "address": "Bloc 4\nApt 2"}, {**GOOD, "order_id": ""}
    )
    text = stream.getvalue().replace("\r\n", "\r\n\r\n", 1)  # an empty line right after the header

    items = list(read_import_rows(io.StringIO(text)))

    assert [(type(item).__name__, item.line) for item in items] == [
        ("ImportRow", 3),
        ("ImportRow", 4),
        ("RowError", 6),
    ]


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        ({"order_id": " "}, "missing_value", "order_id is empty"),
        ({"currency": ""}, "missing_value", "currency is empty"),
        (
            {"placed_at": "01/03/2024"},
            "invalid_date",
            "placed_at '01/03/2024' is not an ISO 8601 date and time",
        ),
        ({"outcome_at": "soon"}, "invalid_date", "outcome_at 'soon' is not an ISO 8601 date and time"),
        ({"country": "Morocco"}, "invalid_country", "country 'Morocco' is not an ISO 3166-1 alpha-2 code"),
        ({"country": "EU"}, "invalid_country", "country 'EU' is not an ISO 3166-1 alpha-2 code"),
        ({"payment_method": "card"}, "invalid_payment_method", "payment_method 'card' is not cod or prepaid"),
        ({"currency": "DH"}, "invalid_currency", "currency 'DH' is not an ISO 4217 code"),
        ({"total": "free"}, "invalid_amount", "total 'free' is not an amount"),
        ({"total": "349,00"}, "invalid_amount", "total '349,00' has a comma; write it with a decimal point"),
        ({"total": "-5"}, "invalid_amount", "total '-5' is negative"),
        ({"items": "TSHIRT-M"}, "invalid_items", "items entry 'TSHIRT-M' is not SKU:quantity"),
        ({"items": ":2"}, "invalid_items", "items entry ':2' is not SKU:quantity"),
        ({"items": "CAP:0"}, "invalid_items", "items entry 'CAP:0' needs a whole quantity from 1 to 1000000"),
        (
            {"items": "CAP:1.5"},
            "invalid_items",
            "items entry 'CAP:1.5' needs a whole quantity from 1 to 1000000",
        ),
        (
            {"outcome": "lost"},
            "invalid_outcome",
            "outcome 'lost' is not one of delivered, rto, cancelled, returned",
        ),
        (
            {"ndr_reasons": "refused;busy"},
            "invalid_ndr_reason",
            "ndr_reasons 'busy' is not one of customer_unavailable, phone_unreachable, address_issue,"
            " refused, cod_not_ready, future_delivery_requested, out_of_delivery_area,"
            " premises_closed, other",
        ),
        (
            {"outcome_at": "2024-03-01T09:59:59+01:00"},
            "outcome_before_order",
            "outcome_at 2024-03-01T09:59:59+01:00 is before placed_at 2024-03-01T10:00:00+01:00",
        ),
    ],
)
def test_given_a_bad_value_when_read_then_the_row_error_has_its_code_and_message(
    changes: dict[str, str], code: str, message: str
) -> None:
    assert _read_one(**changes) == RowError(line=2, code=code, message=message)


def test_given_several_problems_in_a_row_when_read_then_the_first_column_in_order_is_reported() -> None:
    assert _read_one(placed_at="never", total="free", outcome="lost") == RowError(
        line=2, code="invalid_date", message="placed_at 'never' is not an ISO 8601 date and time"
    )


def test_given_a_bad_row_between_good_ones_when_read_then_the_others_are_still_read() -> None:
    stream = _file(GOOD, {**GOOD, "order_id": "MA-1002", "total": "x"}, {**GOOD, "order_id": "MA-1003"})

    items = list(read_import_rows(stream))

    assert [(item.line, getattr(item, "code", "ok")) for item in items] == [
        (2, "ok"),
        (3, "invalid_amount"),
        (4, "ok"),
    ]


def test_given_the_same_order_twice_when_read_then_the_second_is_a_duplicate() -> None:
    items = list(read_import_rows(_file(GOOD, GOOD)))

    assert items[1] == RowError(
        line=3, code="duplicate_order", message="order_id 'MA-1001' was already read on line 2"
    )


def test_given_a_row_with_a_missing_or_extra_cell_when_read_then_it_is_an_invalid_row() -> None:
    header = ",".join(IMPORT_COLUMNS)
    good = _file(GOOD).getvalue().split("\r\n")[1]
    stream = io.StringIO(f"{header}\n{good},extra\na,b\n")

    assert list(read_import_rows(stream)) == [
        RowError(line=2, code="invalid_row", message="the row has 18 values but the header has 17"),
        RowError(line=3, code="invalid_row", message="the row has 2 values but the header has 17"),
    ]


def test_given_a_header_without_some_columns_when_opened_then_missing_column_is_raised_at_once() -> None:
    columns = tuple(c for c in IMPORT_COLUMNS if c not in ("carrier", "ndr_reasons"))

    with pytest.raises(AdapterError) as raised:
        read_import_rows(_file(GOOD, columns=columns))

    assert (raised.value.code, raised.value.message) == (
        "missing_column",
        "the header lacks carrier, ndr_reasons",
    )


def test_given_an_empty_file_when_opened_then_missing_header_is_raised() -> None:
    with pytest.raises(AdapterError) as raised:
        read_import_rows(io.StringIO(""))

    assert (raised.value.code, raised.value.message) == (
        "missing_header",
        "the file is empty; its first row must name the columns",
    )


def test_given_a_column_named_twice_when_opened_then_duplicate_column_is_raised() -> None:
    with pytest.raises(AdapterError) as raised:
        read_import_rows(io.StringIO(",".join((*IMPORT_COLUMNS, "Total")) + "\n"))

    assert (raised.value.code, raised.value.message) == (
        "duplicate_column",
        "the header names total more than once",
    )


def test_given_a_header_only_when_read_then_there_are_no_rows() -> None:
    assert list(read_import_rows(io.StringIO(",".join(IMPORT_COLUMNS) + "\n"))) == []
