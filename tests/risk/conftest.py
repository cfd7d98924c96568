"""Fixtures for the risk tests: caches emptied between tests, demo stores loaded in bulk."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


@pytest.fixture(autouse=True)
def _fresh_risk_caches() -> Iterator[None]:
    """The model in service and the settings are cached per store id, and ids come back after a rollback."""
    from wasl.risk.selectors import clear_caches

    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def other_api(client, other_store):  # type: ignore[no-untyped-def]
    """A client with the other store's API key."""
    from risk_helpers import KeyedClient

    from wasl.stores.services import api_key_create

    return KeyedClient(client, api_key_create(store=other_store, name="tests")[1])
