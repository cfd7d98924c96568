"""Per-store provider settings: set with `wasl store set`, read back by the provider registry."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from wasl.payments.providers import provider_get, provider_settings
from wasl.payments.providers.razorpay import RazorpayProvider
from wasl.payments.providers.stripe import StripeProvider

pytestmark = pytest.mark.django_db


def test_wasl_store_set_takes_every_payments_key(store, capsys) -> None:
    call_command(
        "store",
        "set",
        "--store",
        store.slug,
        "stripe.secret_key=sk_test_abc",
        "stripe.webhook_secret=whsec_abc",
        "stripe.api_base=http://127.0.0.1:8900/stripe",
        "razorpay.key_id=rzp_test_1",
        "razorpay.key_secret=sec_1",
        "razorpay.webhook_secret=wh_1",
        "razorpay.base_url=http://127.0.0.1:8900/razorpay",
    )
    assert provider_settings(store=store, name="stripe") == {
        "secret_key": "sk_test_abc",
        "webhook_secret": "whsec_abc",
        "api_base": "http://127.0.0.1:8900/stripe",
    }
    stripe = provider_get(store=store, name="stripe")
    razorpay = provider_get(store=store, name="razorpay")
    assert isinstance(stripe, StripeProvider) and isinstance(razorpay, RazorpayProvider)
    assert razorpay.client.base_url == "http://127.0.0.1:8900/razorpay"
    assert "razorpay.key_secret set" in capsys.readouterr().out.splitlines()
