"""Every carrier adapter by name. Adding a carrier = adding its folder + one line in `_ADAPTERS`."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from wasl.carriers.base import CarrierAdapter

_ADAPTERS: dict[str, str] = {
    "aftership": "wasl.carriers.aftership.adapter:AfterShipAdapter",
    "aramex": "wasl.carriers.aramex.adapter:AramexAdapter",
    "delhivery": "wasl.carriers.delhivery.adapter:DelhiveryAdapter",
    "generic": "wasl.carriers.generic.adapter:GenericAdapter",
    "smsa": "wasl.carriers.smsa.adapter:SmsaAdapter",
}


def carrier_names() -> list[str]:
    return sorted(_ADAPTERS)


@cache
def get_carrier_adapter(name: str) -> CarrierAdapter:
    """The adapter registered as `name`; KeyError for a name that is not registered."""
    target = _ADAPTERS[name]
    module_name, _, class_name = target.partition(":")
    adapter: CarrierAdapter = getattr(import_module(module_name), class_name)()
    if adapter.name != name:
        raise RuntimeError(f"{target} calls itself {adapter.name!r}, registered as {name!r}")
    return adapter
