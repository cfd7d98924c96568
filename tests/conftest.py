"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # Staff accounts are created by the hundred in console tests; the production hasher's deliberate slowness
    # (a quarter second a password) would only measure itself there.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def realdata_root() -> Path:
    """Real provider payloads live outside the repository, in the shared folder beside the checkout."""
    configured = os.environ.get("WASL_REALDATA_DIR")
    root = Path(configured) if configured else REPO_ROOT.parent / "shared" / "realdata"
    if not root.is_dir():
        raise RuntimeError(
            f"real payloads not found at {root}; set WASL_REALDATA_DIR to the folder holding them"
        )
    return root


@pytest.fixture(scope="session")
def realdata() -> Path:
    return realdata_root()


@pytest.fixture
def store(db):  # type: ignore[no-untyped-def]
    from wasl.stores.services import store_create

    return store_create(name="Souq Test", slug="souq-test", country="SA", currency="SAR", language="ar")


@pytest.fixture
def other_store(db):  # type: ignore[no-untyped-def]
    from wasl.stores.services import store_create

    return store_create(name="Other Shop", slug="other-shop", country="EG", currency="EGP", language="ar")


@pytest.fixture
def api_key(store) -> str:  # type: ignore[no-untyped-def]
    from wasl.stores.services import api_key_create

    return api_key_create(store=store, name="tests")[1]


@pytest.fixture
def api(client, api_key):  # type: ignore[no-untyped-def]
    """A test client that sends the store's API key and JSON bodies."""
    return ApiClient(client, api_key)


class ApiClient:
    def __init__(self, client, key: str) -> None:  # type: ignore[no-untyped-def]
        self.client, self.headers = client, {"Authorization": f"Bearer {key}"}

    def get(self, path: str, **params):  # type: ignore[no-untyped-def]
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: object):  # type: ignore[no-untyped-def]
        import json

        return self.client.post(path, json.dumps(body), content_type="application/json", headers=self.headers)
