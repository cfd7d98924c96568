"""Odd input to the payments API is answered with a code, never a 500, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from payments_helpers import make_order

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body",
    [
        {"provider": "stripe", "purpose": "nudge\x00two"},
        {"provider": "stripe", "idempotency_key": "k\x00"},
        {"provider": "stripe", "callback_url": "javascript:alert(1)"},
        {"provider": "stripe", "discount": "1e400"},
        {"provider": "stripe", "discount": [1]},
        {"provider": None},
        {},
        [],
        "text",
    ],
)
def test_odd_link_requests_are_coded(api, store, stripe_standin, body: object) -> None:
    make_order(store)
    response = api.post("/api/v1/orders/1001/payment-link", body)
    assert response.status_code != 500, response.content
    if response.status_code >= 400:
        assert response.json()["code"]


@pytest.mark.parametrize(
    "body",
    [
        {"amount": "0"},
        {"amount": "-5"},
        {"amount": "1e400"},
        {"amount": "NaN"},
        {"idempotency_key": "k\x00"},
        {"idempotency_key": "k" * 201},
        {"reason": "x\x00y", "amount": "1"},
        {"provider": "paypal"},
        {"provider": "stripe"},
    ],
)
def test_odd_refund_requests_are_coded(api, store, body: dict) -> None:
    make_order(store)
    response = api.post("/api/v1/orders/1001/refunds", body)
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response.json()["code"]


@pytest.mark.parametrize(
    "path", ["/api/v1/payment-links?order=a%00b", "/api/v1/refunds?order=a%00b", "/api/v1/refunds/-1"]
)
def test_odd_reads_are_empty_or_not_found(api, store, path: str) -> None:
    response = api.client.get(path, headers=api.headers)
    assert response.status_code in (200, 404, 422), response.content
    if response.status_code == 200:
        assert response.json() == []
