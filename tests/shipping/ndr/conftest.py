"""Fixtures for the NDR tests: a store with WhatsApp and SMS set up, recording channels, no quiet hours."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The bot's builders (orders, parcels, buyer messages) and the messaging helpers live with those tests.
TESTS = Path(__file__).resolve().parent.parent.parent
for folder in (
    TESTS / "shipping" / "ndr",
    TESTS / "messaging",
    TESTS / "console",
    TESTS / "webhooks" / "outbound",
):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from messaging_helpers import SMS_SETTINGS, WHATSAPP_SETTINGS, RecordingChannel  # noqa: E402
from outbound_receiver import Receiver, running_receiver  # noqa: E402


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A real HTTP receiver on 127.0.0.1 (the carrier's, or the merchant's middleware)."""
    with running_receiver() as started:
        yield started


@pytest.fixture(autouse=True)
def _calm_settings(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from wasl.messaging.channels.registry import channel_cache_clear

    settings.WASL_QUIET_HOURS = "off"
    settings.WASL_PUBLIC_URL = "https://wasl.example"
    settings.LANGUAGE_CODE = "en"
    channel_cache_clear()
    yield
    channel_cache_clear()


@pytest.fixture
def ndr_store(store):  # type: ignore[no-untyped-def]
    """The `store` fixture with WhatsApp and SMS set up."""
    from wasl.stores.services import secret_set

    for key, value in {**WHATSAPP_SETTINGS, **SMS_SETTINGS}.items():
        secret_set(store=store, key=key, value=value)
    return store


@pytest.fixture
def channels(monkeypatch: pytest.MonkeyPatch) -> dict[str, RecordingChannel]:
    """Recording channels in place of the real clients."""
    from wasl.messaging.channels import registry

    recorded = {name: RecordingChannel(name) for name in ("whatsapp", "sms", "email")}

    def builder(name: str) -> Any:
        def build(store: Any, values: dict[str, str]) -> registry.ChannelHandle:
            return registry.ChannelHandle(recorded[name], f"{name}:test", values.get("from_number", ""), None)

        return build

    for name in recorded:
        monkeypatch.setitem(registry.BUILDERS, name, builder(name))
    return recorded
