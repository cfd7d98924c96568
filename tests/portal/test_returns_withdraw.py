"""The buyer withdraws a return from its page, until the carrier has the parcel."""

from __future__ import annotations

import pytest

from portal.returns_portal_helpers import delivered, messaging_ready, sign_in, url
from wasl.returns.models import ReturnRequest
from wasl.returns.services import return_approve, return_mark_in_transit

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(client, store):  # type: ignore[no-untyped-def]
    client.get(url(store) + "?lang=en")
    messaging_ready(store)
    order = delivered(store)
    sign_in(client, store, order)
    mug = order.lines.get(sku="MUG").pk
    client.post(url(store, "order"), {f"qty_{mug}": "1", f"reason_{mug}": "changed_mind", "next": "1"})
    client.post(url(store, "order", "options"), {"resolution": "credit", "method": "dropoff"})
    return ReturnRequest.objects.get()


def test_an_approved_return_is_withdrawn_once_and_its_quantity_comes_back(client, store, asked) -> None:
    return_approve(ret=asked)
    page = client.get(url(store, "return", asked.code)).content.decode()
    assert "withdraw this return" in page

    first = client.post(url(store, "return", asked.code, "withdraw"))
    second = client.post(url(store, "return", asked.code, "withdraw"))

    asked.refresh_from_db()
    assert asked.state == "closed"
    assert [e.kind for e in asked.events.all()] == ["created", "approved", "closed"]
    assert first.status_code == second.status_code == 200
    assert "Return closed" in second.content.decode()
    assert "withdraw this return" not in second.content.decode()
    items = client.get(url(store, "order")).content.decode()
    assert (
        'id="qty_' + str(asked.order.lines.get(sku="MUG").pk) + '"' in items
    )  # the mug can be returned again


def test_a_return_on_its_way_cannot_be_withdrawn(client, store, asked) -> None:
    return_approve(ret=asked)
    return_mark_in_transit(ret=asked, tracking_status="picked_up")

    page = client.post(url(store, "return", asked.code, "withdraw")).content.decode()

    asked.refresh_from_db()
    assert asked.state == "in_transit"
    assert "this return can no longer be withdrawn" in page
