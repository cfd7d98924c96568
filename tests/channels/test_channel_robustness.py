"""Whatever a platform (or an attacker) sends, parse answers a message or an AdapterError, never a crash."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wasl.channels.base import ChannelMessage
from wasl.channels.csv import IMPORT_COLUMNS, read_import_rows
from wasl.channels.registry import get_channel_adapter
from wasl.shipping.types import AdapterError

HERE = Path(__file__).parent
SAMPLES: dict[str, tuple[dict[str, str], Any]] = {
    "shopify": (
        {"X-Shopify-Topic": "orders/create"},
        json.loads((HERE / "shopify" / "fixtures" / "orders_create_cod_morocco.json").read_text()),
    ),
    "salla": ({}, json.loads((HERE / "salla" / "fixtures" / "order_created_cod.json").read_text())),
    "salla-status": ({}, json.loads((HERE / "salla" / "fixtures" / "order_status_updated.json").read_text())),
}
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["", "0", "-1", "1e999999", "NaN", "2024-13-45T99:00:00", "cod", "+966", "00"]),
)
JSON_VALUES = st.recursive(
    LEAVES,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _parse_never_crashes(adapter_name: str, body: bytes, headers: dict[str, str]) -> None:
    try:
        message = get_channel_adapter(adapter_name).parse(body, headers)
    except AdapterError as exc:
        assert exc.code and exc.message
    else:
        assert isinstance(message, ChannelMessage)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), sample=st.sampled_from(sorted(SAMPLES)), replacement=JSON_VALUES)
def test_given_a_real_order_with_any_field_replaced_when_parsed_then_no_crash(
    data: st.DataObject, sample: str, replacement: Any
) -> None:
    headers, document = SAMPLES[sample]
    changed = copy.deepcopy(document)
    path = data.draw(st.sampled_from(_paths(changed)))
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = replacement

    _parse_never_crashes(sample.split("-")[0], json.dumps(changed).encode(), headers)


@settings(max_examples=100, deadline=None)
@given(body=st.binary(max_size=200), adapter=st.sampled_from(["shopify", "woocommerce", "salla"]))
def test_given_arbitrary_bytes_when_parsed_then_no_crash(body: bytes, adapter: str) -> None:
    headers = {"X-Shopify-Topic": "orders/create", "X-WC-Webhook-Topic": "order.created"}

    _parse_never_crashes(adapter, body, headers)


def test_given_json_nested_too_deep_when_parsed_then_invalid_json() -> None:
    body = b"[" * 100_000 + b"]" * 100_000

    _parse_never_crashes("salla", body, {})


@settings(max_examples=100, deadline=None)
@given(cells=st.lists(st.text(max_size=12), min_size=len(IMPORT_COLUMNS), max_size=len(IMPORT_COLUMNS)))
def test_given_any_cells_when_a_csv_row_is_read_then_it_is_a_row_or_a_row_error(cells: list[str]) -> None:
    stream = io.StringIO()
    csv.writer(stream).writerows([IMPORT_COLUMNS, cells])
    stream.seek(0)

    items = list(read_import_rows(stream))

    assert all(type(item).__name__ in ("ImportRow", "RowError") for item in items)
