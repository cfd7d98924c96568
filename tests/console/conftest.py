"""Fixtures for the console tests: staff users of one store or another, signed in through the test client."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Helpers here, and the bot's builders (orders, parcels, buyer messages) kept with the messaging tests.
TESTS = Path(__file__).resolve().parent.parent
for folder in (TESTS / "console", TESTS / "messaging"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from console_helpers import member  # noqa: E402


@pytest.fixture(autouse=True)
def _english_and_fresh_clients(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from wasl.messaging.channels.registry import channel_cache_clear

    settings.LANGUAGE_CODE = "en"
    settings.WASL_PUBLIC_URL = "https://wasl.example"
    channel_cache_clear()
    yield
    channel_cache_clear()


@pytest.fixture
def agent(store):  # type: ignore[no-untyped-def]
    return member(store)


@pytest.fixture
def console(client, agent):  # type: ignore[no-untyped-def]
    """The test client, signed in as an agent of `store`."""
    client.force_login(agent)
    return client
