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


def test_staff_see_the_account_on_the_logistics_page_and_only_its_end_in_the_list(client, store) -> None:
    from django.contrib.auth.models import User

    from wasl.portal.models import ReturnLogistics

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
            "payout_method": "wallet",
            "payout_account": "0551234567",
        },
    )
    logistics = ReturnLogistics.objects.get()
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw-long-enough-1"))

    listing = client.get("/admin/portal/returnlogistics/").content.decode()
    detail = client.get(f"/admin/portal/returnlogistics/{logistics.pk}/change/").content.decode()

    assert "Wallet •••• 4567" in listing and "+966551234567" not in listing
    assert "+966551234567" in detail
