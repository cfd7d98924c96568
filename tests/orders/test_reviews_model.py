"""The review tables: one review per order, ratings from 1 to 5, product ratings that outlive line changes."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from factories import order_data
from wasl.orders.models import OrderLine, Review, ReviewProduct
from wasl.orders.services import order_upsert
from wasl.orders.types import LineData

pytestmark = pytest.mark.django_db
AT = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)


def test_an_order_has_at_most_one_review(store) -> None:
    order = order_upsert(store=store, data=order_data()).order
    Review.objects.create(store=store, order=order, requested_at=AT)

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(store=store, order=order, requested_at=AT)


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_outside_one_to_five_is_refused_by_the_database(store, rating: int) -> None:
    order = order_upsert(store=store, data=order_data()).order

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(store=store, order=order, requested_at=AT, rating=rating)
    review = Review.objects.create(store=store, order=order, requested_at=AT)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewProduct.objects.create(store=store, review=review, sku="X", rating=rating)


def test_product_ratings_keep_their_sku_when_the_shop_replaces_the_lines(store) -> None:
    order = order_upsert(store=store, data=order_data()).order
    review = Review.objects.create(store=store, order=order, requested_at=AT, rating=4)
    line = OrderLine.objects.get(order=order)
    ReviewProduct.objects.create(
        store=store, review=review, order_line=line, sku=line.sku, name=line.name, rating=4
    )

    order_upsert(
        store=store,
        data=order_data(
            lines=(LineData(sku="TSHIRT-L", name="T-shirt L", quantity=1, unit_price=Decimal("249.50")),)
        ),
    )

    [rated] = ReviewProduct.objects.filter(review=review)
    assert (rated.order_line_id, rated.sku, rated.rating) == (None, "TSHIRT-M", 4)
