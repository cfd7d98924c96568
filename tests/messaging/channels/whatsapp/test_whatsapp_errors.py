"""From a refused Cloud API answer to the failure kind that decides what Wasl does next."""

from __future__ import annotations

import json

import pytest

from wasl.messaging.channels.types import (
    MARKETING_LIMIT,
    NOT_ON_CHANNEL,
    OUTSIDE_WINDOW,
    PERMANENT,
    RATE_LIMITED,
    TEMPORARY,
)
from wasl.messaging.channels.whatsapp.errors import GraphError, provider_error, read_graph_error


def body(code: object, message: str = "m", **more: object) -> bytes:
    return json.dumps({"error": {"code": code, "message": message, **more}}).encode()


@pytest.mark.parametrize(
    ("status", "code", "kind"),
    [
        (400, 131026, NOT_ON_CHANNEL),
        (400, 131047, OUTSIDE_WINDOW),
        (400, 131049, MARKETING_LIMIT),
        (400, 131050, MARKETING_LIMIT),
        (400, 130429, RATE_LIMITED),
        (400, 4, RATE_LIMITED),
        (400, 80007, RATE_LIMITED),
        (400, 131056, RATE_LIMITED),
        (503, 2, TEMPORARY),
        (400, 133004, TEMPORARY),
        (500, 1, TEMPORARY),
        (400, 100, PERMANENT),
        (401, 190, PERMANENT),
        (400, 132001, PERMANENT),
        (400, 131048, PERMANENT),
        (400, 368, PERMANENT),
        (429, 100, RATE_LIMITED),
    ],
)
def test_graph_code_decides_then_http_status(status: int, code: int, kind: str) -> None:
    error = provider_error(status, read_graph_error(body(code, details_ignored="x")))
    assert (error.kind, error.code) == (kind, str(code))


def test_message_carries_the_details() -> None:
    raw = body(131047, "(#131047) Re-engagement message", error_data={"details": "more than 24 hours"})
    error = provider_error(400, read_graph_error(raw))
    assert error.message == "(#131047) Re-engagement message: more than 24 hours"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", GraphError(code=None, message="")),
        (b"\xff", GraphError(code=None, message="\ufffd")),
        (b"[1]", GraphError(code=None, message="[1]")),
        (b'{"error": "flat"}', GraphError(code=None, message='{"error": "flat"}')),
        (body(True), GraphError(code=None, message="m")),
        (body(" 42 "), GraphError(code=42, message="m")),
        (body(7, is_transient=True), GraphError(code=7, message="m", is_transient=True)),
        (body(7, message=None), GraphError(code=7, message="")),
        (b"x" * 2000, GraphError(code=None, message="x" * 500)),
    ],
)
def test_reading_any_error_body(raw: bytes, expected: GraphError) -> None:
    assert read_graph_error(raw) == expected


def test_without_code_the_status_names_it() -> None:
    error = provider_error(504, GraphError(code=None, message=""))
    assert (error.kind, error.code, error.message) == (
        TEMPORARY,
        "http_504",
        "the Graph API answered HTTP 504",
    )
