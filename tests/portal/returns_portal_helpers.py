"""Builders for the returns portal tests: a store that can message, a delivered order, a verified session."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent.parent
for folder in (TESTS / "returns", TESTS / "messaging", TESTS / "payments"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from messaging_helpers import SMS_SETTINGS, WHATSAPP_SETTINGS  # noqa: E402
from returns_helpers import LINES, delivered_order, line  # noqa: E402

from wasl.messaging.channels.registry import channel_cache_clear  # noqa: E402
from wasl.messaging.models import Message  # noqa: E402
from wasl.orders.models import Order  # noqa: E402
from wasl.stores.models import Store  # noqa: E402
from wasl.stores.services import secret_set  # noqa: E402

__all__ = ["LINES", "delivered_order", "line"]  # re-exported for the tests

PHONE_TYPED = "0501234567"  # the buyer of `factories.order_data`, as a Saudi buyer types it


def messaging_ready(store: Store) -> Store:
    channel_cache_clear()
    for key, value in {**WHATSAPP_SETTINGS, **SMS_SETTINGS}.items():
        secret_set(store=store, key=key, value=value)
    return store


def delivered(store: Store, external_id: str = "1001", **overrides: Any) -> Order:
    return delivered_order(store, external_id, **overrides)


def last_code(order: Order) -> str:
    """The code in the latest one-time-code message sent for the order."""
    message = Message.objects.filter(order=order, event="return.code").order_by("-pk").first()
    assert message is not None, "no code was sent"
    found = re.search(r"\d{6}", message.body)
    assert found is not None
    return found.group(0)


def url(store: Store, name: str = "", *rest: str) -> str:
    path = "/".join(p for p in (name, *rest) if p)
    if "." in path.rsplit("/", 1)[-1]:  # a file: qr.png, label.pdf
        return f"/r/{store.slug}/{path}"
    return f"/r/{store.slug}/{path + '/' if path else ''}"


def sign_in(client: Any, store: Store, order: Order, contact: str = PHONE_TYPED) -> Any:
    """Find the order and type the code sent: the session now holds the order."""
    number = order.number.lstrip("#")
    response = client.post(url(store), {"number": number, "contact": contact})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(url(store, "code"), {"code": last_code(order)})
    assert response.status_code == 302
    assert response["Location"] == url(store, "order")
    return response
