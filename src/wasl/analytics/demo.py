"""The demo store's costs and first refresh, so its dashboard and profit page show figures from the start."""

from __future__ import annotations

from decimal import Decimal

from wasl.analytics.models import AnalyticsSettings
from wasl.analytics.refresh import RefreshResult, analytics_refresh
from wasl.stores.models import Store

# Typical costs in a store's currency (per parcel, per message), where no rate card prices a parcel.
DEMO_COSTS: dict[str, dict[str, Decimal]] = {
    "SAR": {"forward": Decimal("18"), "rto": Decimal("15"), "reverse": Decimal("20"), "cod": Decimal("5")},
    "AED": {"forward": Decimal("18"), "rto": Decimal("15"), "reverse": Decimal("20"), "cod": Decimal("5")},
    "EGP": {"forward": Decimal("45"), "rto": Decimal("35"), "reverse": Decimal("45"), "cod": Decimal("10")},
    "MAD": {"forward": Decimal("30"), "rto": Decimal("25"), "reverse": Decimal("30"), "cod": Decimal("8")},
    "INR": {"forward": Decimal("60"), "rto": Decimal("50"), "reverse": Decimal("70"), "cod": Decimal("30")},
}
WHATSAPP_PER_MESSAGE = {
    "SAR": Decimal("0.05"),
    "AED": Decimal("0.05"),
    "EGP": Decimal("0.6"),
    "INR": Decimal("0.9"),
}


def demo_analytics_seed(*, store: Store) -> RefreshResult:
    """Give the demo store plausible costs (kept if it has some already) and compute its figures."""
    costs = DEMO_COSTS.get(store.currency, DEMO_COSTS["SAR"])
    AnalyticsSettings.objects.get_or_create(
        store=store,
        defaults={
            "forward_shipping_cost": costs["forward"],
            "rto_shipping_cost": costs["rto"],
            "reverse_shipping_cost": costs["reverse"],
            "cod_fee_fixed": costs["cod"],
            "cod_fee_percent": Decimal("1"),
            "whatsapp_message_cost": WHATSAPP_PER_MESSAGE.get(store.currency, Decimal("0.05")),
            "sms_message_cost": WHATSAPP_PER_MESSAGE.get(store.currency, Decimal("0.05")) * 4,
        },
    )
    return analytics_refresh(store=store, full=True)
