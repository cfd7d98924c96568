"""Filling a template: variables formatted for the buyer's locale with Babel, Arabic kept readable right to left."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from django.conf import settings

from wasl.core.money import format_money
from wasl.messaging.template_texts import FILLERS
from wasl.orders.models import Order, PaymentMethod
from wasl.shipping.models import Shipment
from wasl.stores.models import Store

_VARIABLE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# Left-to-right isolate: an order number such as "#1042" keeps its shape inside Arabic text.
LRI, PDI = "\u2066", "\u2069"


def variables_in(body: str) -> list[str]:
    """The variable names a text uses, in order of first appearance."""
    return list(dict.fromkeys(_VARIABLE.findall(body)))


def render(body: str, values: Mapping[str, str]) -> str:
    """Replace each {name} with its value; an unknown name stays as written, so a typo shows instead of failing."""
    return _VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), body)


def buyer_locale(language: str, country: str) -> str:
    """ "ar_SA", "fr_MA", ...: the language with the buyer's country when Babel knows the pair."""
    if country:
        try:
            Locale.parse(f"{language}_{country}")
            return f"{language}_{country}"
        except (UnknownLocaleError, ValueError):
            pass
    return language


def tracking_link(store: Store, shipment: Shipment | None) -> str:
    """The buyer's tracking page, signed: the signature opens the buyer's details and the change buttons."""
    if shipment is None:
        return settings.WASL_PUBLIC_URL + "/"
    from wasl.portal.tracking_access import signed_tracking_url

    return signed_tracking_url(store_slug=store.slug, ref=shipment.tracking_number)


def _ltr(value: str, language: str) -> str:
    return f"{LRI}{value}{PDI}" if language == "ar" and value else value


def _date(value: date | None, language: str, locale: str) -> str:
    if value is None:
        return FILLERS["soon"][language]
    return str(format_date(value, format="long", locale=locale))


def notification_variables(
    *, store: Store, order: Order | None, shipment: Shipment | None, language: str, country: str
) -> dict[str, str]:
    """Every variable a notification text may use, formatted for the buyer."""
    locale = buyer_locale(language, country)
    customer = order.customer if order is not None else None
    name = (customer.name.split()[0] if customer and customer.name.strip() else "") or FILLERS["customer"][
        language
    ]
    number = (order.number or order.external_id) if order is not None else ""
    if not number and shipment is not None:
        number = shipment.tracking_number
    total = format_money(order.total, order.currency, locale) if order is not None else ""
    if order is not None and order.payment_method == PaymentMethod.COD:
        amount_due = total
    elif order is not None:
        amount_due = FILLERS["paid"][language]
    else:
        amount_due = format_money(Decimal(0), store.currency, locale)
    promised = shipment.promised_date if shipment is not None else None
    return {
        "customer_name": name,
        "order_number": _ltr(number, language),
        "total": total,
        "amount_due": amount_due,
        "tracking_link": tracking_link(store, shipment),
        "promised_date": _date(promised, language, locale),
        "store_name": store.name,
    }
