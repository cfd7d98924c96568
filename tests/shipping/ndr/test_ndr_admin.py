"""The back-office pages of NDR cases, settings and carrier routes render; a route's endpoint is the store's."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from ndr_helpers import answered_case

from wasl.shipping.ndr.answers import Answer
from wasl.shipping.ndr.models import NdrCarrierRoute, NdrSettings
from wasl.webhooks.outbound.services import endpoint_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):  # type: ignore[no-untyped-def]
    admin_user = get_user_model().objects.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    return client


def test_every_ndr_admin_page_renders(staff_client, ndr_store) -> None:
    case = answered_case(ndr_store, Answer("cancel"))
    settings = NdrSettings.objects.create(store=ndr_store)
    endpoint, _ = endpoint_create(
        store=ndr_store, url="https://carrier.example/ndr", event_types=["ndr.instruction"]
    )
    route = NdrCarrierRoute.objects.create(
        store=ndr_store, carrier="aramex", method="webhook", endpoint=endpoint
    )

    pages = [
        reverse("admin:shipping_ndrcase_changelist"),
        reverse("admin:shipping_ndrcase_change", args=[case.pk]),
        reverse("admin:shipping_ndrsettings_change", args=[settings.pk]),
        reverse("admin:shipping_ndrcarrierroute_change", args=[route.pk]),
    ]

    assert [staff_client.get(page).status_code for page in pages] == [200, 200, 200, 200]
    assert staff_client.get(reverse("admin:shipping_ndrcase_add")).status_code == 403


def test_a_route_needs_an_endpoint_of_its_own_store(ndr_store, other_store) -> None:
    theirs, _ = endpoint_create(
        store=other_store, url="https://other.example/ndr", event_types=["ndr.instruction"]
    )

    with pytest.raises(ValidationError) as missing:
        NdrCarrierRoute(store=ndr_store, carrier="aramex", method="webhook").full_clean()
    with pytest.raises(ValidationError) as foreign:
        NdrCarrierRoute(store=ndr_store, carrier="aramex", method="webhook", endpoint=theirs).full_clean()

    assert missing.value.message_dict == {"endpoint": ["The webhook method needs an endpoint."]}
    assert foreign.value.message_dict == {"endpoint": ["The endpoint belongs to another store."]}
