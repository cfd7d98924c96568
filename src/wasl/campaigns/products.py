"""Product pictures and descriptions from the shop, for launches: Shopify's products/create and
products/update webhooks (/webhooks/shopify-products/<store>/) or the API. The catalogue row itself is the
orders app's `Product` (its image); what it does not hold (description, price) is kept in `ProductDetails`."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from wasl.campaigns.models import ProductDetails
from wasl.channels.payload import amount, currency_code, first_text, mapping, required, sequence, text
from wasl.core.errors import Invalid
from wasl.core.text import db_text
from wasl.orders.models import Product
from wasl.stores.models import Store

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
DESCRIPTION_MAX = 2000


@dataclass(frozen=True)
class ProductData:
    external_id: str
    name: str = ""
    category: str = ""
    description: str = ""
    image_url: str = ""
    price: Decimal | None = None
    currency: str = ""


def plain_text(markup: str) -> str:
    """A shop's HTML description as one plain paragraph (a WhatsApp text has no markup)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()[:DESCRIPTION_MAX]


def map_shopify_product(product: dict[str, Any], store_currency: str) -> ProductData:
    image = mapping(product.get("image")) or next(
        iter(mapping(i) for i in sequence(product.get("images"))), {}
    )
    variants = [mapping(v) for v in sequence(product.get("variants"))]
    currency = currency_code(store_currency, "store.currency")
    price = amount(variants[0].get("price"), currency, "product.variants[0].price") if variants else None
    return ProductData(
        external_id=text(required(product, "id", "product")),
        name=text(product.get("title")),
        category=first_text(product.get("product_type")),
        description=plain_text(text(product.get("body_html"))),
        image_url=text(image.get("src")),
        price=price,
        currency=currency if price is not None else "",
    )


@transaction.atomic
def product_details_set(*, store: Store, data: ProductData) -> ProductDetails:
    """Create or update the product's details; the catalogue row gets a name, category and image it lacks."""
    if not data.external_id.strip() or len(data.external_id) > 100:
        raise Invalid("a product needs an id of at most 100 characters", code="missing_external_id")
    if data.image_url and not data.image_url.startswith(("https://", "http://")):
        raise Invalid("image_url must be an http(s) URL", code="invalid_url")
    if data.price is not None and data.price < 0:
        raise Invalid("price cannot be negative", code="invalid_amount")
    product, created = Product.objects.get_or_create(
        store=store,
        external_id=data.external_id,
        defaults={
            "name": db_text(data.name or data.external_id, 300),
            "category": db_text(data.category, 120),
            "image_url": data.image_url[:500],
        },
    )
    if not created:
        missing = {
            name: value
            for name, value in (
                ("name", db_text(data.name, 300)),
                ("category", db_text(data.category, 120)),
                ("image_url", data.image_url[:500]),
            )
            if value and not getattr(product, name)
        }
        if missing:
            Product.objects.filter(pk=product.pk).update(**missing)
    details, _created = ProductDetails.objects.update_or_create(
        product=product,
        defaults={
            "store": store,
            "description": data.description[:DESCRIPTION_MAX],
            "price": data.price,
            "currency": data.currency,
        },
    )
    return details
