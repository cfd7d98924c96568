"""Defensive readers for platform JSON: every surprise is an AdapterError with a stable code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from wasl.channels.payload import (
    amount,
    currency_code,
    identifier,
    iso_datetime,
    load_json_object,
    optional_decimal,
    quantity,
    required,
    split_tags,
    text,
)
from wasl.shipping.types import AdapterError


def test_given_big_ids_and_decimals_when_loaded_then_both_stay_exact() -> None:
    data = load_json_object(b'{"id": 820982911946154508, "lat": 45.41634, "price": 0.1}')

    assert data == {"id": 820982911946154508, "lat": Decimal("45.41634"), "price": Decimal("0.1")}


def test_given_a_utf8_bom_when_loaded_then_it_is_ignored() -> None:
    assert load_json_object(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (
            b"{not json",
            "invalid_json",
            "the body is not JSON: Expecting property name enclosed in double quotes at character 1",
        ),
        (b"\xff\xfe", "invalid_json", "the body is not UTF-8 text: invalid start byte"),
        (b"[1, 2]", "invalid_payload", "expected a JSON object, got list"),
        (b"", "invalid_json", "the body is not JSON: Expecting value at character 0"),
    ],
)
def test_given_a_body_that_is_not_an_object_when_loaded_then_the_error_says_why(
    body: bytes, code: str, message: str
) -> None:
    with pytest.raises(AdapterError) as raised:
        load_json_object(body)

    assert (raised.value.code, raised.value.message) == (code, message)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("  a ", "a"),
        (12, "12"),
        (Decimal("1.50"), "1.50"),
        (True, "true"),
        ({"a": 1}, ""),
        ([1], ""),
    ],
)
def test_text_reads_display_strings(value: Any, expected: str) -> None:
    assert text(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(0, ""), ("0", ""), (None, ""), (207119551, "207119551")])
def test_identifier_treats_zero_as_none(value: Any, expected: str) -> None:
    assert identifier(value) == expected


def test_given_an_absent_required_field_when_read_then_missing_field_names_it() -> None:
    with pytest.raises(AdapterError) as raised:
        required({"id": ""}, "id", "order")

    assert (raised.value.code, raised.value.message) == ("missing_field", "order.id is missing")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12.5", Decimal("12.500")),
        (Decimal("7"), Decimal("7.000")),
        (3, Decimal("3.000")),
        (None, Decimal("0.000")),
    ],
)
def test_given_an_amount_when_read_then_it_is_rounded_to_the_currency(value: Any, expected: Decimal) -> None:
    assert amount(value, "KWD", "order.total") == expected


@pytest.mark.parametrize("value", ["abc", True, {"amount": 1}, "NaN"])
def test_given_a_non_amount_when_read_then_invalid_amount(value: Any) -> None:
    with pytest.raises(AdapterError) as raised:
        amount(value, "USD", "order.total")

    assert (raised.value.code, raised.value.message) == (
        "invalid_amount",
        f"order.total {value!r} is not an amount",
    )


def test_given_an_unknown_currency_when_read_then_invalid_currency() -> None:
    with pytest.raises(AdapterError) as raised:
        currency_code("XYZ", "order.currency")

    assert (raised.value.code, raised.value.message) == (
        "invalid_currency",
        "order.currency 'XYZ' is not an ISO 4217 currency",
    )


def test_given_a_lowercase_currency_when_read_then_it_is_upper_cased() -> None:
    assert currency_code("sar", "order.currency") == "SAR"


@pytest.mark.parametrize(("value", "expected"), [("3", 3), (2, 2), (Decimal("4.0"), 4)])
def test_given_a_whole_quantity_when_read_then_it_is_an_int(value: Any, expected: int) -> None:
    assert quantity(value, "line.quantity") == expected


@pytest.mark.parametrize("value", ["1.5", -1, "two", True, None])
def test_given_a_bad_quantity_when_read_then_invalid_quantity(value: Any) -> None:
    with pytest.raises(AdapterError) as raised:
        quantity(value, "line.quantity")

    assert raised.value.code == "invalid_quantity"
    assert raised.value.message.startswith(f"line.quantity {value!r} is not a")


def test_given_an_offset_when_a_time_is_read_then_the_offset_is_kept() -> None:
    moment = iso_datetime("2008-01-10T11:00:00-05:00", "order.created_at")

    assert moment == datetime(2008, 1, 10, 11, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert moment.utcoffset() == timedelta(hours=-5)


def test_given_a_naive_time_documented_as_utc_when_read_then_it_is_utc() -> None:
    assert iso_datetime("2017-03-22T19:28:02", "x", naive_is_utc=True) == datetime(
        2017, 3, 22, 19, 28, 2, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("2017-03-22T19:28:02", "invalid_date", "x '2017-03-22T19:28:02' has no UTC offset"),
        ("22/03/2017", "invalid_date", "x '22/03/2017' is not an ISO 8601 time"),
        (None, "missing_field", "x is missing"),
    ],
)
def test_given_an_unreadable_time_when_read_then_the_error_says_why(
    value: Any, code: str, message: str
) -> None:
    with pytest.raises(AdapterError) as raised:
        iso_datetime(value, "x")

    assert (raised.value.code, raised.value.message) == (code, message)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("45.41634", Decimal("45.41634")), (None, None), ("", None), ("north", None), ("inf", None)],
)
def test_optional_decimal_drops_unreadable_hints(value: Any, expected: Decimal | None) -> None:
    assert optional_decimal(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("a, b,, c ", ("a", "b", "c")), (["x", " "], ("x",)), (None, ())]
)
def test_split_tags_trims_and_drops_empty_tags(value: Any, expected: tuple[str, ...]) -> None:
    assert split_tags(value) == expected
