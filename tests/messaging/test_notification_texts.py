"""Notification texts: built-in in three languages, variables formatted for the buyer, store overrides."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings

from factories import order_data
from wasl.messaging import events as ev
from wasl.messaging.models import Template
from wasl.messaging.rendering import LRI, PDI, notification_variables, render, variables_in
from wasl.messaging.selectors import template_for
from wasl.messaging.template_texts import DEFAULT_TEXTS
from wasl.orders.services import order_upsert
from wasl.portal.tracking_access import tracking_signature
from wasl.shipping.services import shipment_create

pytestmark = pytest.mark.django_db


def test_every_event_has_a_text_in_each_language_using_only_its_own_parameters() -> None:
    assert set(DEFAULT_TEXTS) == set(ev.EVENTS)
    for event, texts in DEFAULT_TEXTS.items():
        assert sorted(texts) == ["ar", "en", "fr"]
        for text in texts.values():
            assert set(variables_in(text)) == set(ev.EVENT_PARAMS[event]), (event, text)


def test_given_an_unknown_variable_when_rendered_then_it_stays_visible_instead_of_failing() -> None:
    assert render("Hi {customer_name}, {oops}", {"customer_name": "Sara"}) == "Hi Sara, {oops}"


@override_settings(WASL_PUBLIC_URL="https://wasl.example")
def test_given_a_cod_order_when_variables_are_made_for_an_arabic_saudi_buyer_then_they_read_right(
    store,
) -> None:
    order = order_upsert(store=store, data=order_data("1042", total=Decimal("1249.50"))).order
    shipment, _ = shipment_create(
        store=store, tracking_number="AWB1", carrier="aramex", order=order, promised_date=date(2026, 5, 6)
    )
    values = notification_variables(store=store, order=order, shipment=shipment, language="ar", country="SA")
    assert values == {
        "customer_name": "سارة",
        "order_number": f"{LRI}#1042{PDI}",
        "total": "\u200f1,249.50\xa0ر.س.\u200f",
        "amount_due": "\u200f1,249.50\xa0ر.س.\u200f",
        "tracking_link": "https://wasl.example/t/souq-test/AWB1/?k="
        + tracking_signature(store_slug="souq-test", ref="AWB1"),
        "promised_date": "6 مايو 2026",
        "store_name": "Souq Test",
    }


def test_given_a_prepaid_order_without_promise_when_made_in_french_for_morocco_then_fillers_are_used(
    store,
) -> None:
    data = order_data("77", currency="MAD", total=Decimal("300"), payment_method="prepaid")
    order = order_upsert(store=store, data=data).order
    shipment, _ = shipment_create(store=store, tracking_number="AWB2", carrier="aramex", order=order)
    values = notification_variables(store=store, order=order, shipment=shipment, language="fr", country="MA")
    assert (values["order_number"], values["total"], values["amount_due"], values["promised_date"]) == (
        "#77",
        "300,00\xa0MAD",
        "rien, commande déjà payée",
        "bientôt",
    )


def test_given_a_store_template_when_looked_up_then_it_overrides_and_a_disabled_one_switches_off(
    store,
) -> None:
    builtin = template_for(store_id=store.pk, event=ev.DELIVERED, language="en")
    assert builtin is not None
    assert (builtin.provider_name, builtin.param_names) == (
        "wasl_delivered",
        ("customer_name", "order_number"),
    )
    Template.objects.create(
        store=store,
        event=ev.DELIVERED,
        language="en",
        body="Arrived, {customer_name}!",
        provider_name="arrived_v2",
    )
    own = template_for(store_id=store.pk, event=ev.DELIVERED, language="en")
    assert own is not None
    assert (own.body, own.provider_name, own.param_names) == (
        "Arrived, {customer_name}!",
        "arrived_v2",
        ("customer_name", "order_number"),
    )
    Template.objects.filter(store=store).update(enabled=False)
    assert template_for(store_id=store.pk, event=ev.DELIVERED, language="en") is None
