"""The buyer hears about every step of a return asked in the portal, up to the parcel leaving with the carrier."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from portal.returns_portal_helpers import delivered, messaging_ready, sign_in, url
from wasl.messaging.models import Message
from wasl.returns.models import ReturnRequest
from wasl.returns.notify import return_notification_send
from wasl.returns.services import return_approve, return_mark_in_transit

pytestmark = pytest.mark.django_db


def test_requested_approved_and_picked_up_each_reach_the_buyer_once_in_arabic(client, store) -> None:
    messaging_ready(store)
    order = delivered(store)
    sign_in(client, store, order)
    mug = order.lines.get(sku="MUG").pk
    client.post(url(store, "order"), {f"qty_{mug}": "1", f"reason_{mug}": "damaged", "next": "1"})
    client.post(url(store, "order", "options"), {"resolution": "credit", "method": "dropoff"})
    ret = ReturnRequest.objects.get()

    return_approve(ret=ret)
    return_mark_in_transit(ret=ret, tracking_status="picked_up")
    steps = [
        r.args_kwargs["args"][1]
        for r in DBTaskResult.objects.filter(task_path__endswith="notify_return_step")
    ]
    for step in steps:
        assert return_notification_send(return_id=ret.pk, step=step) == "queued"

    assert steps == ["approved", "in_transit"]
    sent = {
        m.event: (m.template_name, m.language)
        for m in Message.objects.filter(order=order).exclude(event="return.code")
    }
    assert sent == {
        "return.requested": ("wasl_return_requested", "ar"),
        "return.approved": ("wasl_return_approved", "ar"),
        "return.in_transit": ("wasl_return_in_transit", "ar"),
    }
    assert ret.code in Message.objects.get(event="return.in_transit").body
