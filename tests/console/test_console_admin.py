"""Reviews and test numbers in the admin."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bot_helpers import PHONE, buyer_order

from wasl.console.models import SandboxPhone
from wasl.orders.models import Review, ReviewProduct

pytestmark = pytest.mark.django_db


def test_reviews_and_their_product_ratings_show_in_the_admin(admin_client, store) -> None:
    order = buyer_order(store)
    review = Review.objects.create(
        store=store, order=order, requested_at=datetime(2026, 5, 1, tzinfo=UTC), rating=4, comment="Très bien"
    )
    ReviewProduct.objects.create(store=store, review=review, sku="TSHIRT-M", name="T-shirt M", rating=4)
    SandboxPhone.objects.create(store=store, phone=PHONE)

    listing = admin_client.get("/admin/orders/review/").content.decode()
    page = admin_client.get(f"/admin/orders/review/{review.pk}/change/").content.decode()
    phones = admin_client.get("/admin/console/sandboxphone/").content.decode()

    assert "Très bien" in listing
    assert "TSHIRT-M" in page and "T-shirt M" in page
    assert PHONE in phones
