"""The interface of a carrier's instruction adapter, and the plain values it is given and gives back."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol, runtime_checkable

from wasl.stores.models import Store


@dataclass(frozen=True, slots=True)
class InstructionDocument:
    """Everything a carrier needs to act on one instruction; the body of the webhook, a row of the CSV."""

    instruction_id: int
    case_id: int
    store: str
    carrier: str
    tracking_number: str
    order_number: str
    buyer_name: str
    buyer_phone: str
    attempt: int
    ndr_reason: str
    kind: str  # reattempt | update_address | return_to_origin
    day: str | None  # YYYY-MM-DD
    address: str
    latitude: str | None
    longitude: str | None
    note: str
    created_at: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class DispatchResult:
    """What became of a dispatch: an `InstructionStatus` value and how it went."""

    status: str  # pending (waits for an export) | sending | sent | failed
    method: str = ""
    reference: str = ""
    error: str = ""


@runtime_checkable
class CarrierInstructions(Protocol):
    """One way of getting instructions to carriers. A carrier with an API gets its own adapter."""

    name: str

    def dispatch(self, *, store: Store, document: InstructionDocument) -> DispatchResult:
        """Hand the instruction over; safe to call again for the same instruction id."""
        ...
