"""A store's channels, built from its encrypted settings (`wasl store set --store S whatsapp.token=...`).

Keys per channel (required ones first):

- whatsapp: phone_number_id, token; app_secret and verify_token (webhooks); graph_url, rate_per_s (optional)
- sms: account_sid, auth_token, from_number; base_url, rate_per_s (optional)
- email: host, from_address; port, username, password, use_tls, use_ssl (optional)

Building a client is not free (pywa sets up a session), so each process keeps the clients it built and
rebuilds one only when the store's stored settings for that channel change. Whether they changed is read
(one query) at most every RECHECK_S seconds, so a new token takes effect within that time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from wasl.messaging.channels.types import OutgoingMessage, SendResult
from wasl.stores.crypto import decrypt
from wasl.stores.models import IntegrationSecret, Store

CHANNEL_NAMES = ("whatsapp", "sms", "email")
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "whatsapp": ("phone_number_id", "token"),
    "sms": ("account_sid", "auth_token", "from_number"),
    "email": ("host", "from_address"),
}


class Channel(Protocol):
    name: str

    def send(self, message: OutgoingMessage) -> SendResult: ...


@dataclass(frozen=True)
class ChannelHandle:
    """A ready client and what the engine needs around it."""

    channel: Channel
    sender: str  # rate-limit key, e.g. "whatsapp:1122334455667"
    sender_id: str  # what OutgoingMessage.sender_id carries
    rate_per_s: float | None  # None: no limit


Builder = Callable[[Store, dict[str, str]], ChannelHandle]


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _rate(values: dict[str, str], default: float) -> float:
    try:
        rate = float(values.get("rate_per_s", "") or default)
    except ValueError:
        return default
    return rate if rate > 0 else default


def _whatsapp(store: Store, values: dict[str, str]) -> ChannelHandle:
    from wasl.messaging.channels.whatsapp.client import WhatsAppChannel

    number_id = values["phone_number_id"]
    client = WhatsAppChannel(
        phone_number_id=number_id,
        token=values["token"],
        graph_url=values.get("graph_url") or settings.WASL_WHATSAPP_GRAPH_URL,
        timeout_s=settings.WASL_SEND_TIMEOUT_S,
    )
    rate = _rate(values, settings.WASL_WHATSAPP_RATE_PER_S)
    return ChannelHandle(client, f"whatsapp:{number_id}", number_id, rate)


def _sms(store: Store, values: dict[str, str]) -> ChannelHandle:
    from wasl.messaging.channels.sms import SmsChannel

    client = SmsChannel(
        account_sid=values["account_sid"],
        auth_token=values["auth_token"],
        from_number=values["from_number"],
        base_url=values.get("base_url") or settings.WASL_SMS_BASE_URL,
        status_callback=f"{settings.WASL_PUBLIC_URL}/webhooks/sms/{store.slug}/",
        timeout_s=settings.WASL_SEND_TIMEOUT_S,
    )
    rate = _rate(values, settings.WASL_SMS_RATE_PER_S)
    return ChannelHandle(client, f"sms:{values['account_sid']}", values["from_number"], rate)


def _email(store: Store, values: dict[str, str]) -> ChannelHandle:
    from wasl.messaging.channels.email import EmailChannel

    client = EmailChannel(
        host=values["host"],
        port=int(values.get("port") or 25),
        username=values.get("username", ""),
        password=values.get("password", ""),
        use_tls=_flag(values.get("use_tls", "")),
        use_ssl=_flag(values.get("use_ssl", "")),
        from_address=values["from_address"],
        timeout_s=settings.WASL_SEND_TIMEOUT_S,
    )
    return ChannelHandle(client, f"email:{values['host']}", values["from_address"], None)


BUILDERS: dict[str, Builder] = {"whatsapp": _whatsapp, "sms": _sms, "email": _email}

RECHECK_S = 5.0

# (store id, channel) -> (stored settings it was built from, when they were last read, the client)
_cache: dict[tuple[int, str], tuple[tuple[tuple[str, str], ...], float, ChannelHandle]] = {}
_lock = threading.Lock()


def _stored(store_id: int, name: str) -> tuple[tuple[str, str], ...]:
    rows = IntegrationSecret.objects.filter(store_id=store_id, key__startswith=f"{name}.").values_list(
        "key", "encrypted_value"
    )
    return tuple(sorted(rows))


def channel_settings(*, store: Store, name: str) -> dict[str, str]:
    """The channel's settings, decrypted, without the channel prefix: {"token": ..., ...}."""
    return {key.split(".", 1)[1]: decrypt(value) for key, value in _stored(store.pk, name)}


def is_configured(values: dict[str, str], name: str) -> bool:
    return all(values.get(key) for key in REQUIRED_KEYS[name])


def configured_channels(*, store_id: int) -> set[str]:
    """Channels whose required settings are all present (without decrypting anything)."""
    keys = set(
        IntegrationSecret.objects.filter(
            store_id=store_id, key__in=[f"{n}.{k}" for n, ks in REQUIRED_KEYS.items() for k in ks]
        ).values_list("key", flat=True)
    )
    return {n for n, ks in REQUIRED_KEYS.items() if all(f"{n}.{k}" in keys for k in ks)}


def channel_get(*, store: Store, name: str) -> ChannelHandle | None:
    """The store's client for `name`, or None when the channel is not configured."""
    if name not in BUILDERS:
        return None
    now = time.monotonic()
    with _lock:
        cached = _cache.get((store.pk, name))
    if cached is not None and now - cached[1] < RECHECK_S:
        return cached[2]
    stored = _stored(store.pk, name)
    if cached is not None and cached[0] == stored:
        with _lock:
            _cache[(store.pk, name)] = (stored, now, cached[2])
        return cached[2]
    values = {key.split(".", 1)[1]: decrypt(value) for key, value in stored}
    if not is_configured(values, name):
        with _lock:
            _cache.pop((store.pk, name), None)
        return None
    handle = BUILDERS[name](store, values)
    with _lock:
        _cache[(store.pk, name)] = (stored, now, handle)
    return handle


def channel_cache_clear() -> None:
    with _lock:
        _cache.clear()
