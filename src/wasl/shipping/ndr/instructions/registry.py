"""Which adapter tells each carrier: its own when it has an API, else the generic webhook/CSV one."""

from __future__ import annotations

from wasl.shipping.ndr.instructions.base import CarrierInstructions
from wasl.shipping.ndr.instructions.generic import GenericInstructions

GENERIC = GenericInstructions()
# carrier slug -> adapter, for carriers whose API takes instructions directly.
ADAPTERS: dict[str, CarrierInstructions] = {}


def adapter_for(carrier: str) -> CarrierInstructions:
    return ADAPTERS.get(carrier, GENERIC)
