"""Fixtures for the campaigns tests: a store with WhatsApp set up, the Graph stand-in, a local image server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from campaign_helpers import WHATSAPP_SETTINGS, ImageServer, serve_local  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_channel_clients() -> Iterator[None]:
    """Clients are cached per process by store id; ids come back after a test's rollback."""
    from wasl.messaging.channels.registry import channel_cache_clear

    channel_cache_clear()
    yield
    channel_cache_clear()


@pytest.fixture(autouse=True)
def _no_quiet_hours(settings) -> None:  # type: ignore[no-untyped-def]
    """Tests run at any hour of the day; quiet hours have their own test."""
    settings.WASL_QUIET_HOURS = "off"


@pytest.fixture
def wa_store(store):  # type: ignore[no-untyped-def]
    """The `store` fixture with WhatsApp set up (pointing nowhere: nothing is sent unless a test sends)."""
    from wasl.stores.services import secret_set

    for key, value in WHATSAPP_SETTINGS.items():
        secret_set(store=store, key=key, value=value)
    return store


@pytest.fixture
def image_server() -> Iterator[ImageServer]:
    images = ImageServer()
    running = serve_local(images)
    images.base_url = running.url
    try:
        yield images
    finally:
        running.stop()


@pytest.fixture
def graph(live_server, store):  # type: ignore[no-untyped-def]
    """The Graph stand-in on 127.0.0.1; statuses are posted to our webhook when a test asks for them."""
    from wasl.fakeproviders.graph import GraphStandIn
    from wasl.stores.services import secret_set

    stand_in = GraphStandIn(token=WHATSAPP_SETTINGS["whatsapp.token"], timeout_sleep_s=2.0)
    running = serve_local(stand_in)
    for key, value in {**WHATSAPP_SETTINGS, "whatsapp.graph_url": running.url}.items():
        secret_set(store=store, key=key, value=value)
    stand_in.webhook_url = f"{live_server.url}/webhooks/whatsapp/{store.slug}/"
    try:
        yield stand_in
    finally:
        stand_in.close()
        running.stop()


@pytest.fixture
def graph_sends(store):  # type: ignore[no-untyped-def]
    """The Graph stand-in on 127.0.0.1 for tests that only send (no status webhooks, no live server)."""
    from wasl.fakeproviders.graph import GraphStandIn
    from wasl.stores.services import secret_set

    stand_in = GraphStandIn(token=WHATSAPP_SETTINGS["whatsapp.token"], timeout_sleep_s=2.0)
    running = serve_local(stand_in)
    for key, value in {**WHATSAPP_SETTINGS, "whatsapp.graph_url": running.url}.items():
        secret_set(store=store, key=key, value=value)
    try:
        yield stand_in
    finally:
        stand_in.close()
        running.stop()
