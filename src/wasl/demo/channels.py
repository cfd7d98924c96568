"""The demo store's channels: WhatsApp and SMS pointed at the local stand-ins, and sandbox test numbers.

A freshly seeded demo store talks to nobody: notifications are only made for a store with a channel set
up. Here the demo sets up WhatsApp and SMS against the provider stand-ins (`wasl.demo.providers`) and
registers a couple of buyers with a parcel on the way as sandbox test numbers, so that moving one of their
parcels shows its notification in the console's sandbox, while every other buyer's messages go through
the real clients to the stand-ins. Everything goes through the stores and messaging services.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from wasl.console.models import SandboxPhone
from wasl.fakeproviders.sms import DEFAULT_ACCOUNT_SID
from wasl.messaging.sandbox import sandbox_phone_add
from wasl.shipping.models import Direction, Shipment
from wasl.shipping.status import ShipmentStatus as S
from wasl.stores.models import Store
from wasl.stores.selectors import secret_get
from wasl.stores.services import secret_set

DEMO_PHONE_NUMBER_ID = "100200300400500"
DEMO_SMS_FROM = "+15005550006"
ACTOR, SOURCE = "wasl demo", "demo"
SANDBOX_LABEL = "Demo: "
SANDBOX_COUNT = 2

# What each channel is recognised by: a store whose value is another one set the channel up for real.
OWNER_KEYS = {
    "whatsapp": ("phone_number_id", DEMO_PHONE_NUMBER_ID),
    "sms": ("account_sid", DEFAULT_ACCOUNT_SID),
}
SECRET_KEYS = {"whatsapp": ("token", "app_secret", "verify_token"), "sms": ("auth_token",)}

# The next scan a parcel on the way would get, to show in the demo's hint.
NEXT_STATUS: dict[str, str] = {
    S.CREATED: S.PICKED_UP,
    S.PICKED_UP: S.IN_TRANSIT,
    S.IN_TRANSIT: S.OUT_FOR_DELIVERY,
    S.OUT_FOR_DELIVERY: S.DELIVERED,
    S.DELIVERY_FAILED: S.OUT_FOR_DELIVERY,
}


def _wanted(channel: str, providers_url: str) -> dict[str, str]:
    if channel == "whatsapp":
        return {"phone_number_id": DEMO_PHONE_NUMBER_ID, "graph_url": providers_url}
    return {"account_sid": DEFAULT_ACCOUNT_SID, "from_number": DEMO_SMS_FROM, "base_url": providers_url}


def demo_channels_configure(*, store: Store, providers_url: str) -> list[str]:
    """Point the store's WhatsApp and SMS at the stand-ins; returns the channels set up that way.

    Secrets are made once and kept, so a webhook set up by hand keeps working across runs; only the
    stand-ins' address changes when they run on another port. A channel the store set up with its own
    number or account is left alone.
    """
    configured = []
    for channel, (key, demo_value) in OWNER_KEYS.items():
        current = secret_get(store=store, key=f"{channel}.{key}")
        if current and current != demo_value:
            continue
        values = _wanted(channel, providers_url)
        for name in SECRET_KEYS[channel]:
            values[name] = secret_get(store=store, key=f"{channel}.{name}") or secrets.token_urlsafe(24)
        for name, value in values.items():
            full = f"{channel}.{name}"
            if secret_get(store=store, key=full) != value:
                secret_set(store=store, key=full, value=value, actor=ACTOR, source=SOURCE)
        configured.append(channel)
    return configured


@dataclass(frozen=True)
class SandboxBuyer:
    phone: str
    name: str
    tracking_number: str
    status: str

    @property
    def next_status(self) -> str:
        return NEXT_STATUS.get(self.status, S.DELIVERED)


def _live_parcels(store: Store) -> list[SandboxBuyer]:
    """For each phone with a forward parcel still on the way, its newest one; newest order first."""
    rows = (
        Shipment.objects.filter(
            store=store,
            direction=Direction.FORWARD,
            status__in=list(NEXT_STATUS),
            order__customer__isnull=False,
        )
        .exclude(order__customer__phone="")
        .order_by("-order__placed_at", "-id")
        .values_list("order__customer__phone", "order__customer__name", "tracking_number", "status")[:500]
    )
    newest: dict[str, SandboxBuyer] = {}
    for row in rows:
        newest.setdefault(row[0], SandboxBuyer(*row))
    return list(newest.values())


def demo_sandbox_buyers(*, store: Store, count: int = SANDBOX_COUNT) -> list[SandboxBuyer]:
    """Make sure `count` buyers with a parcel on the way are sandbox test numbers (adding some if needed,
    parcels in different states first) and return them. Their messages stay inside Wasl."""
    parcels = _live_parcels(store)
    registered = set(SandboxPhone.objects.filter(store=store).values_list("phone", flat=True))
    chosen = [p for p in parcels if p.phone in registered][:count]
    seen_statuses = {p.status for p in chosen}
    # Prefer a parcel in a state not shown yet, then any other: two steps of the journey to try.
    for pick_new_state in (True, False):
        for parcel in parcels:
            if len(chosen) >= count:
                break
            if parcel in chosen:
                continue
            if pick_new_state and parcel.status in seen_statuses:
                continue
            sandbox_phone_add(store=store, phone=parcel.phone, label=f"{SANDBOX_LABEL}{parcel.name}"[:100])
            chosen.append(parcel)
            seen_statuses.add(parcel.status)
    return chosen
