"""Helpers for the console tests (this folder is put on sys.path by its conftest)."""

from __future__ import annotations

from typing import Any

PASSWORD = "a long test password 1"


def member(store: Any, username: str = "agent", role: str = "agent") -> Any:
    """A user who is staff of `store`."""
    from django.contrib.auth import get_user_model

    from wasl.stores.models import StoreMember

    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    StoreMember.objects.create(store=store, user=user, role=role)
    return user
