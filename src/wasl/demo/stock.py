"""The demo shop's inventory: stock in its two warehouses for every variant, low-stock thresholds (a store
default and a higher one for a few fast movers), and a first scan, so the console's inventory page opens with
alerts to look at. Staff are not e-mailed here: the scan only opens the alerts."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from wasl.orders.inventory import inventory_default_threshold_set, low_stock_scan
from wasl.orders.models import StockLevel, Variant
from wasl.stores.models import Store

DEFAULT_THRESHOLD = 8
FAST_MOVER_THRESHOLD = 25
FAST_MOVER_SHARE = 0.1


@dataclass(frozen=True)
class DemoStock:
    levels_added: int
    fast_movers: int
    alerts: int


@transaction.atomic
def demo_stock_finish(*, store: Store, seed: int, locations: tuple[str, ...] = ()) -> DemoStock:
    """Fill gaps (a variant kept in no location gets units in each of `locations`, or the store's own),
    set thresholds, and open the first alerts. Same seed, same stock."""
    rng = random.Random(f"stock:{seed}")
    kept = set(StockLevel.objects.filter(store=store).values_list("variant_id", "location"))
    places = locations or tuple(sorted({place for _, place in kept})) or ("main",)
    variants = list(Variant.objects.filter(store=store).order_by("pk"))
    missing = [
        StockLevel(store=store, variant=v, location=place, quantity=rng.randrange(0, 60))
        for v in variants
        for place in places
        if (v.pk, place) not in kept and not any((v.pk, p) in kept for p in places)
    ]
    StockLevel.objects.bulk_create(missing)
    inventory_default_threshold_set(store=store, threshold=DEFAULT_THRESHOLD)
    fast = rng.sample(variants, k=int(len(variants) * FAST_MOVER_SHARE)) if variants else []
    for variant in fast:
        variant.low_stock_threshold = FAST_MOVER_THRESHOLD
    Variant.objects.bulk_update(fast, ["low_stock_threshold"])
    scan = low_stock_scan(store=store)
    return DemoStock(levels_added=len(missing), fast_movers=len(fast), alerts=len(scan.opened))
