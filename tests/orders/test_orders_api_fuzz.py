"""Whatever a client sends to /api/v1/orders, the answer is a clear error or a success, never a 500."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import order_json

pytestmark = pytest.mark.django_db

texts = st.text(max_size=400)
numbers = st.one_of(
    st.integers(-(10**20), 10**20),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
)
values = st.one_of(st.none(), st.booleans(), numbers, texts, st.lists(texts, max_size=3))
changes = st.dictionaries(
    st.sampled_from(
        [
            "external_id",
            "number",
            "placed_at",
            "currency",
            "total",
            "payment_method",
            "subtotal",
            "shipping_total",
            "discount_total",
            "tax_total",
            "cancelled",
            "tags",
            "updated_at",
        ]
    ),
    values,
    max_size=4,
)
customer = st.fixed_dictionaries(
    {}, optional={"name": texts, "phone": texts, "email": texts, "language": texts}
)
address = st.fixed_dictionaries(
    {},
    optional={
        "line1": texts,
        "city": texts,
        "postal_code": texts,
        "country": texts,
        "phone": texts,
        "latitude": numbers,
        "longitude": numbers,
    },
)
line = st.fixed_dictionaries({"sku": texts, "name": texts, "quantity": numbers, "unit_price": numbers})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change=changes, buyer=customer, where=address, lines=st.lists(line, max_size=3))
def test_random_orders_get_a_coded_answer_never_a_server_error(api, change, buyer, where, lines) -> None:
    body = order_json(**change, customer=buyer, shipping_address=where, lines=lines)
    response = api.post("/api/v1/orders", json.loads(json.dumps(body, default=str)))
    assert response.status_code in (200, 201, 400, 404, 409, 422), response.content[:300]
    if response.status_code >= 400:
        error = response.json()
        assert error["code"] and error["message"]
