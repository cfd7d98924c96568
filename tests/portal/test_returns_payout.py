"""A cash-on-delivery buyer's bank details, given in the portal, reach the manual refund staff pay."""

from __future__ import annotations

import pytest

from portal.returns_portal_helpers import delivered, messaging_ready, sign_in, url
from wasl.payments.models import Refund
from wasl.returns.models import ReturnRequest
from wasl.returns.resolve import return_resolve
from wasl.returns.services import ItemInspected, return_approve, return_inspect, return_receive
from wasl.stores.crypto import decrypt

pytestmark = pytest.mark.django_db


def test_the_manual_refund_carries_the_iban_the_buyer_gave(client, store) -> None:
    messaging_ready(store)
    order = delivered(store)
    sign_in(client, store, order)
    mug = order.lines.get(sku="MUG").pk
    client.post(url(store, "order"), {f"qty_{mug}": "1", f"reason_{mug}": "damaged", "next": "1"})
    client.post(
        url(store, "order", "options"),
        {
            "resolution": "refund",
            "method": "label",
            "payout_method": "bank",
            "payout_account": "GB82 WEST 1234 5698 7654 32",
        },
    )
    ret = ReturnRequest.objects.get()
    return_approve(ret=ret)
    return_receive(ret=ret)
    item = ret.items.get()
    return_inspect(ret=ret, inspections=[ItemInspected(item.pk, "sellable", "dispose")])

    return_resolve(ret=ret, actor="staff")

    refund = Refund.objects.get()
    assert (refund.provider, str(refund.amount), refund.status) == ("manual", "49.500", "processing")
    assert decrypt(refund.encrypted_payout_details) == "bank:GB82WEST12345698765432"
