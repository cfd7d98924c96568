"""The demo shop's carriers get rate cards and promise settings, and its history gets promises and prices.

Prices are scaled from the market's own shipping fee (what the shop charges buyers, e.g. 25 SAR), so every
market reads in its currency. Per carrier, a parcel up to 0.5 kg costs the fee times the zone factor times the
carrier factor; heavier slabs cost more. The RTO charge is the national forward price of a light parcel, so a
return costs about twice the forward leg, inside the 1.8-2.5x published for an unrescued failed delivery
(Shipsy, shipsy.ai/insights/what-is-ndr-non-delivery-report-management). Transit times, NDR and RTO rates are
not set here: they come from the generated scans, which are calibrated in docs/demo-data.md.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from wasl.demo.markets import MARKETS, Market
from wasl.orders.models import Variant
from wasl.shipping.backfill import promises_backfill
from wasl.shipping.promise_settings import promise_settings_set
from wasl.shipping.promise_stats import lane_stats_refresh
from wasl.shipping.rates_models import ZoneMatch
from wasl.shipping.rates_services import CardSpec, SlabRule, ZoneRule, rate_card_create, sku_weights_set
from wasl.stores.models import Store

# How dear each carrier is against the market's fee, and its COD percentage (the cheap one charges more on COD).
CARRIER_PRICE = {"smsa": Decimal("0.95"), "aramex": Decimal("1.10"), "delhivery": Decimal("0.85")}
CARRIER_COD_PERCENT = {"smsa": Decimal("1.0"), "aramex": Decimal("1.0"), "delhivery": Decimal("1.5")}
DEFAULT_PRICE, DEFAULT_COD_PERCENT = Decimal("0.80"), Decimal("2.0")
ZONE_FACTOR = {"local": Decimal("0.60"), "national": Decimal("0.85"), "remote": Decimal("1.15")}
SLABS = ((500, Decimal("1.00")), (1000, Decimal("1.15")), (2000, Decimal("1.40")), (5000, Decimal("2.00")))
REMOTE_DAYS = 1.0  # cities at least this far beyond their hub are the remote zone
# Parcel weights per catalogue category, in grams (packed).
CATEGORY_GRAMS = {
    "apparel": 450,
    "footwear": 1200,
    "fragrance": 400,
    "beauty": 300,
    "electronics": 900,
    "home": 1600,
    "kids": 550,
}
CARD_START = date(2020, 1, 1)  # in force for the whole generated history


def _money(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def demo_rate_card(market: Market, carrier: str) -> CardSpec:
    fee = market.shipping_fee
    factor = CARRIER_PRICE.get(carrier, DEFAULT_PRICE)
    hubs = {market.city(name).hub for name in market.warehouses}
    zones = [ZoneRule("national", ZoneMatch.COUNTRY, market.code)]
    for city in market.cities:
        if city.name in hubs or (city.hub in hubs and city.remote_days == 0.0):
            zones.append(ZoneRule("local", ZoneMatch.CITY, city.name))
        elif city.remote_days >= REMOTE_DAYS:
            zones.append(ZoneRule("remote", ZoneMatch.CITY, city.name))
    used = {zone.zone for zone in zones}
    slabs = [
        SlabRule(zone, grams, _money(fee * ZONE_FACTOR[zone] * factor * step))
        for zone in sorted(used)
        for grams, step in SLABS
    ]
    national_light = _money(fee * ZONE_FACTOR["national"] * factor)
    return CardSpec(
        carrier=carrier,
        effective_from=CARD_START,
        zones=tuple(zones),
        slabs=tuple(slabs),
        cod_fee_flat=_money(fee * Decimal("0.20")),
        cod_fee_percent=CARRIER_COD_PERCENT.get(carrier, DEFAULT_COD_PERCENT),
        cod_fee_min=_money(fee * Decimal("0.25")),
        rto_charge=national_light,
        reverse_pickup=_money(national_light * Decimal("1.10")),
        extra_per_kg=_money(fee * Decimal("0.15") * factor),
        note="demo",
        currency=market.currency,
    )


def demo_rates_seed(*, store: Store, market_code: str) -> dict[str, int]:
    """Cards, settings and SKU weights, then promises and prices for the history and the figures from it."""
    market = MARKETS[market_code]
    working = "".join(str(day) for day in range(7) if day != market.weekly_off_day)
    promise_settings_set(
        store=store,
        values={"origin_city": market.warehouses[0], "working_days": working, "handling_days": 1},
    )
    for carrier, _share in market.carriers:
        rate_card_create(store=store, spec=demo_rate_card(market, carrier), created_by="wasl demo")
    sku_weights_set(
        store=store,
        weights={
            sku: CATEGORY_GRAMS.get(category, 500)
            for sku, category in Variant.objects.filter(store=store).values_list("sku", "product__category")
        },
    )
    # Figures first, so that the history's promises come from them; then again, to count promises kept.
    lane_stats_refresh(store=store)
    counts = promises_backfill(store=store, overwrite=True)
    counts["lane_rows"] = lane_stats_refresh(store=store)
    return counts
