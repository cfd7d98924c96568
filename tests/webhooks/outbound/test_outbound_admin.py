"""The back-office pages of webhooks render, and their actions go through the services."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from wasl.webhooks.models import DeliveryStatus, OutboundDelivery, OutboundEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):  # type: ignore[no-untyped-def]
    # No password: hashing one costs a second, and force_login does not need it.
    admin_user = get_user_model().objects.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", ["inboundwebhook", "outboundendpoint", "outboundevent", "outbounddelivery"])
def test_given_rows_then_every_webhooks_list_and_detail_page_renders(
    staff_client, make_pending, model
) -> None:
    pending = make_pending("https://merchant.example/hooks")
    object_ids = {
        "outboundendpoint": pending.endpoint_id,
        "outbounddelivery": pending.delivery_id,
        "outboundevent": OutboundDelivery.objects.get(pk=pending.delivery_id).event_id,
    }

    listing = staff_client.get(reverse(f"admin:webhooks_{model}_changelist"))

    assert listing.status_code == 200
    if model in object_ids:
        detail = staff_client.get(reverse(f"admin:webhooks_{model}_change", args=[object_ids[model]]))
        assert detail.status_code == 200
        assert b"encrypted_secret" not in detail.content
    assert staff_client.get(reverse(f"admin:webhooks_{model}_add")).status_code == 403


def test_given_an_endpoint_when_disabled_from_the_back_office_then_the_reason_says_so(
    staff_client, make_pending
) -> None:
    pending = make_pending("https://merchant.example/hooks")

    staff_client.post(
        reverse("admin:webhooks_outboundendpoint_changelist"),
        {"action": "disable", "_selected_action": [pending.endpoint_id]},
    )

    endpoint = OutboundEndpoint.objects.get(pk=pending.endpoint_id)
    assert (endpoint.is_active, endpoint.disabled_reason) == (False, "disabled in the back-office")


def test_given_an_abandoned_delivery_when_resent_from_the_back_office_then_it_is_pending(
    staff_client, make_pending
) -> None:
    pending = make_pending("https://merchant.example/hooks")
    OutboundDelivery.objects.filter(pk=pending.delivery_id).update(
        status=DeliveryStatus.ABANDONED, attempts=8
    )

    staff_client.post(
        reverse("admin:webhooks_outbounddelivery_changelist"),
        {"action": "redeliver", "_selected_action": [pending.delivery_id]},
    )

    delivery = OutboundDelivery.objects.get(pk=pending.delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 0)
