"""Deterministic demo data: a shop, its catalogue, buyers and orders with full tracking histories.

Public interface: `generate_shop`, `iter_orders`, `write_import_csv`, the value types in `wasl.demo.types`,
and the markets in `wasl.demo.markets`. Nothing here touches the database; `wasl.demo.loader` writes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "MARKETS",
    "AddressQuality",
    "DemoCustomer",
    "DemoOrder",
    "DemoProduct",
    "DemoShop",
    "DemoVariant",
    "OrderStream",
    "Outcome",
    "StockLocation",
    "StoreFacts",
    "generate_shop",
    "iter_orders",
    "write_import_csv",
]

# Django loads this package as an app before models are ready; the generator is imported on first use.
_WHERE = {
    "MARKETS": "wasl.demo.markets",
    "generate_shop": "wasl.demo.generator",
    "iter_orders": "wasl.demo.generator",
    "OrderStream": "wasl.demo.generator",
    "write_import_csv": "wasl.demo.csv_export",
}

if TYPE_CHECKING:
    from wasl.demo.csv_export import write_import_csv
    from wasl.demo.generator import OrderStream, generate_shop, iter_orders
    from wasl.demo.markets import MARKETS
    from wasl.demo.types import (
        AddressQuality,
        DemoCustomer,
        DemoOrder,
        DemoProduct,
        DemoShop,
        DemoVariant,
        Outcome,
        StockLocation,
        StoreFacts,
    )


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'wasl.demo' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(_WHERE.get(name, "wasl.demo.types")), name)
