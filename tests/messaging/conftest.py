"""Fixtures for the messaging tests: a store with channels set up, and an in-test channel that records sends."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from messaging_helpers import SMS_SETTINGS, WHATSAPP_SETTINGS, RecordingChannel  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_channel_clients() -> Iterator[None]:
    """Clients are cached per process by store id; ids come back after a test's rollback."""
    from wasl.messaging.channels.registry import channel_cache_clear

    channel_cache_clear()
    yield
    channel_cache_clear()


@pytest.fixture
def channels(monkeypatch: pytest.MonkeyPatch) -> dict[str, RecordingChannel]:
    """Recording channels in place of the real clients, for whichever store asks."""
    from wasl.messaging.channels import registry

    recorded = {name: RecordingChannel(name) for name in ("whatsapp", "sms", "email")}

    def builder(name: str) -> Any:
        def build(store: Any, values: dict[str, str]) -> registry.ChannelHandle:
            return registry.ChannelHandle(recorded[name], f"{name}:test", values.get("from_number", ""), None)

        return build

    for name in recorded:
        monkeypatch.setitem(registry.BUILDERS, name, builder(name))
    return recorded


@pytest.fixture
def messaging_store(store):  # type: ignore[no-untyped-def]
    """The `store` fixture with WhatsApp and SMS set up."""
    from wasl.stores.services import secret_set

    for key, value in {**WHATSAPP_SETTINGS, **SMS_SETTINGS}.items():
        secret_set(store=store, key=key, value=value)
    return store
