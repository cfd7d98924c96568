"""Payment providers behind one interface (`base.PaymentProvider`), built per store from its settings.

Settings, set with `wasl store set --store <slug> KEY=VALUE` (kept encrypted):

- stripe.secret_key, stripe.webhook_secret; stripe.api_base (optional, e.g. a local stand-in)
- razorpay.key_id, razorpay.key_secret, razorpay.webhook_secret; razorpay.base_url (optional)
- manual needs nothing.
"""

from __future__ import annotations

from wasl.core.errors import Invalid
from wasl.payments.providers.base import PaymentProvider
from wasl.stores.crypto import decrypt
from wasl.stores.models import IntegrationSecret, Store

PROVIDERS = ("stripe", "razorpay", "manual")
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "stripe": ("secret_key",),
    "razorpay": ("key_id", "key_secret"),
    "manual": (),
}
SETTING_KEYS: dict[str, tuple[str, ...]] = {
    "stripe": ("secret_key", "webhook_secret", "api_base"),
    "razorpay": ("key_id", "key_secret", "webhook_secret", "base_url"),
    "manual": (),
}


def provider_settings(*, store: Store, name: str) -> dict[str, str]:
    rows = IntegrationSecret.objects.filter(store=store, key__startswith=f"{name}.")
    return {row.key.removeprefix(f"{name}."): decrypt(row.encrypted_value) for row in rows}


def provider_get(*, store: Store, name: str) -> PaymentProvider:
    if name not in PROVIDERS:
        raise Invalid(
            f"unknown payment provider {name!r}; one of {', '.join(PROVIDERS)}", code="invalid_provider"
        )
    if name == "manual":
        from wasl.payments.providers.manual import ManualProvider

        return ManualProvider()
    values = provider_settings(store=store, name=name)
    missing = [f"{name}.{key}" for key in REQUIRED_KEYS[name] if not values.get(key)]
    if missing:
        raise Invalid(
            f"set {', '.join(missing)} for this store first (wasl store set)", code="provider_not_configured"
        )
    if name == "stripe":
        from wasl.payments.providers.stripe import StripeProvider

        return StripeProvider(secret_key=values["secret_key"], api_base=values.get("api_base", ""))
    from wasl.payments.providers.razorpay import RazorpayProvider

    return RazorpayProvider(
        key_id=values["key_id"], key_secret=values["key_secret"], base_url=values.get("base_url", "")
    )
