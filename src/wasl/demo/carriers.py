"""The carriers a demo shop ships with: how fast they are, how well they rescue failed deliveries, their codes.

Slugs match the carrier adapters (aramex, smsa, delhivery, generic). Scan codes are demo codes that name the
canonical status; the adapters' own code tables are for real payloads.
"""

from __future__ import annotations

from dataclasses import dataclass

from wasl.shipping.status import NdrReason, ShipmentStatus

S = ShipmentStatus


@dataclass(frozen=True, slots=True)
class CarrierProfile:
    slug: str
    line_haul_hours: float  # typical hub-to-hub time
    delay_share: float  # parcels that sit in a hub for days
    rto_shift: float  # log-odds pull on returns to origin: slow or careless couriers lose more parcels to RTO
    reattempt_skill: float  # log-odds pull on delivering at a re-attempt
    lost_share: float
    tracking_prefix: str
    tracking_digits: int


CARRIERS: dict[str, CarrierProfile] = {
    "smsa": CarrierProfile("smsa", 20.0, 0.06, 0.0, 0.0, 0.003, "29", 10),
    "aramex": CarrierProfile("aramex", 26.0, 0.07, -0.12, 0.25, 0.002, "4", 10),
    "delhivery": CarrierProfile("delhivery", 30.0, 0.09, 0.05, 0.10, 0.004, "15", 11),
    "generic": CarrierProfile("generic", 40.0, 0.12, 0.22, -0.25, 0.006, "WSL", 9),
}

_TRACKING_MULTIPLIER = 7_368_787_511  # prime to 10: maps order numbers one-to-one onto tracking numbers


def tracking_number(carrier: CarrierProfile, *, sequence: int, seed: int) -> str:
    span = 10**carrier.tracking_digits
    number = (sequence * _TRACKING_MULTIPLIER + seed * 104_729) % span
    return f"{carrier.tracking_prefix}{number:0{carrier.tracking_digits}d}"


SCAN_CODES: dict[str, tuple[str, str]] = {
    S.CREATED.value: ("SIR", "Shipment information received"),
    S.PICKED_UP.value: ("PKD", "Picked up from shipper"),
    S.IN_TRANSIT.value: ("ITR", "Arrived at hub"),
    S.OUT_FOR_DELIVERY.value: ("OFD", "Out for delivery"),
    S.DELIVERED.value: ("DLV", "Delivered"),
    S.RTO_INITIATED.value: ("RTI", "Return to origin initiated"),
    S.RTO_IN_TRANSIT.value: ("RTT", "Returning to shipper"),
    S.RTO_DELIVERED.value: ("RTD", "Returned to shipper"),
    S.LOST.value: ("LST", "Shipment lost"),
}

NDR_CODES: dict[str, tuple[str, str]] = {
    NdrReason.CUSTOMER_UNAVAILABLE.value: ("UND-CNA", "Consignee not available"),
    NdrReason.PHONE_UNREACHABLE.value: ("UND-NRP", "Consignee not reachable by phone"),
    NdrReason.ADDRESS_ISSUE.value: ("UND-ADR", "Address incomplete or not found"),
    NdrReason.REFUSED.value: ("UND-REF", "Consignee refused the shipment"),
    NdrReason.COD_NOT_READY.value: ("UND-COD", "Cash not ready"),
    NdrReason.FUTURE_DELIVERY_REQUESTED.value: ("UND-FDR", "Consignee asked for delivery on a later date"),
    NdrReason.OUT_OF_DELIVERY_AREA.value: ("UND-ODA", "Out of delivery area"),
    NdrReason.PREMISES_CLOSED.value: ("UND-PCL", "Premises closed"),
    NdrReason.OTHER.value: ("UND-OTH", "Delivery not completed"),
}
