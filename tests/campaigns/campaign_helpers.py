"""Helpers for the campaigns tests (this folder is put on sys.path by its conftest)."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django_tasks_db.models import DBTaskResult

from wasl.fakeproviders.graph_server import RunningServer, serve_in_thread
from wasl.messaging.consent import consent_set
from wasl.orders.models import Order
from wasl.orders.services import order_upsert
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData
from wasl.stores.models import Store

WHATSAPP_SETTINGS = {
    "whatsapp.phone_number_id": "1122334455667",
    "whatsapp.token": "test-token",
    "whatsapp.app_secret": "app-secret-1",
    "whatsapp.verify_token": "verify-me",
}
PORTS = range(9350, 9400)  # ours on this machine


def serve_local(app: Any) -> RunningServer:
    """Serve a WSGI app on 127.0.0.1 on the first free port of our range."""
    for port in PORTS:
        try:
            return serve_in_thread(app, port=port)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
    raise RuntimeError("no free port in 9350-9399")


class ImageServer:
    """Answers /ok.jpg (a small JPEG), /big.jpg (over 5 MB by its Content-Length), /page.html, else 404."""

    base_url = ""

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        head = environ.get("REQUEST_METHOD") == "HEAD"
        if path == "/ok.jpg":
            body, kind = b"\xff\xd8\xff" + b"0" * 2048, "image/jpeg"
        elif path == "/big.jpg":
            body, kind = b"0" * (5 * 1024 * 1024 + 1), "image/jpeg"
        elif path == "/page.html":
            body, kind = b"<html></html>", "text/html"
        else:
            start_response("404 Not Found", [("Content-Length", "0")])
            return [b""]
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body)))])
        return [b"" if head else body]

    def url(self, name: str) -> str:
        return f"{self.base_url}/{name}"


def buyer_order(
    store: Store,
    external_id: str,
    *,
    phone: str,
    name: str = "Sara Ali",
    city: str = "Riyadh",
    category: str = "shoes",
    sku: str = "SHOE-1",
    total: str = "200.00",
    placed_at: datetime | None = None,
    language: str = "",
    opt_in: bool = True,
) -> Order:
    """An order of a buyer (through the orders service), opted in to marketing unless told otherwise."""
    data = OrderData(
        channel="api",
        external_id=external_id,
        number=f"#{external_id}",
        placed_at=placed_at or datetime(2026, 5, 4, 10, 30, tzinfo=UTC),
        currency="SAR",
        total=Decimal(total),
        payment_method="cod",
        customer=CustomerData(name=name, phone=phone, language=language),
        shipping_address=AddressData(name=name, line1="1 Main St", city=city, country="SA"),
        lines=(
            LineData(
                sku=sku, name=f"{category} item", quantity=1, unit_price=Decimal(total), category=category
            ),
        ),
    )
    order = order_upsert(store=store, data=data).order
    if opt_in:
        consent_set(store=store, phone=order.customer.phone, source="test", marketing_opt_in=True)  # type: ignore[union-attr]
    return order


def run_send_tasks() -> list[str]:
    """Run every queued send task once (single and batch), in this process, as a worker would."""
    from wasl.messaging.sending import message_send, messages_send

    results: list[str] = []
    for task in DBTaskResult.objects.order_by("enqueued_at"):
        if task.status != "READY" or not task.task_path.endswith((".send_message", ".send_batch")):
            continue
        DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")
        [argument] = task.args_kwargs["args"]
        if task.task_path.endswith(".send_batch"):
            results.extend(f"{k}x{v}" for k, v in sorted(messages_send(message_ids=argument).items()))
        else:
            results.append(message_send(message_id=argument))
    return results


def process_webhooks() -> int:
    from wasl.webhooks.models import InboundStatus, InboundWebhook
    from wasl.webhooks.services import inbound_webhook_process

    pending = list(InboundWebhook.objects.filter(status=InboundStatus.PENDING).order_by("pk"))
    for webhook in pending:
        inbound_webhook_process(webhook_id=webhook.pk)
    return len(pending)


SPEC_EN = {
    "name": "spring_sale",
    "body": "Hi {customer_name}, new at {store_name}: {link}",
    "params": ["customer_name", "store_name", "link"],
    "buttons": ["Show me"],
    "header": "image",
}
SPEC_AR = {**SPEC_EN, "body": "مرحباً {customer_name}، جديد {store_name}: {link}"}
