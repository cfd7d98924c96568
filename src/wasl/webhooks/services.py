"""Writes for inbound webhooks: keep the raw delivery, then turn it into orders or tracking scans."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from wasl.core.errors import WaslError
from wasl.orders.models import Order, OrderStatus
from wasl.orders.services import order_status_set, order_upsert
from wasl.shipping.services import MAX_BATCH, tracking_updates_ingest
from wasl.shipping.types import AdapterError
from wasl.stores.models import Store
from wasl.webhooks.models import InboundStatus, InboundWebhook
from wasl.webhooks.sources import DELIVERY_ID_HEADERS, TOPIC_HEADERS, Source, first_header, source_get


@dataclass(frozen=True)
class Received:
    webhook: InboundWebhook
    created: bool


def dedupe_key_for(body: bytes, headers: dict[str, str]) -> str:
    if delivery_id := first_header(headers, DELIVERY_ID_HEADERS):
        return f"id:{delivery_id}"
    return "sha256:" + hashlib.sha256(body).hexdigest()


def inbound_webhook_receive(*, store: Store, source: str, body: bytes, headers: dict[str, str]) -> Received:
    """Store the raw delivery and queue its processing in the same transaction, so neither exists without the other.

    The task row lives in the same database (django-tasks' database backend), which is why it is enqueued inside
    the transaction rather than on commit: a crash between commit and enqueue could otherwise strand the webhook.
    """
    from wasl.webhooks.tasks import process_inbound_webhook

    key = dedupe_key_for(body, headers)
    try:
        with transaction.atomic():
            webhook = InboundWebhook.objects.create(
                store=store,
                source=source,
                dedupe_key=key,
                topic=first_header(headers, TOPIC_HEADERS),
                headers=headers,
                body=body,
            )
            process_inbound_webhook.enqueue(webhook.pk)
    except IntegrityError:
        return Received(InboundWebhook.objects.get(store=store, source=source, dedupe_key=key), False)
    return Received(webhook, True)


def inbound_webhook_process(*, webhook_id: int) -> InboundWebhook:
    """Apply one stored delivery. Running it twice changes nothing: orders and scans are idempotent."""
    webhook = InboundWebhook.objects.select_related("store").get(pk=webhook_id)
    if webhook.status == InboundStatus.PROCESSED:
        return webhook
    source = source_get(webhook.source)
    webhook.attempts += 1
    try:
        if source is None:
            raise AdapterError("unknown_source", f"no adapter for {webhook.source!r}")
        with transaction.atomic():
            result = _apply(webhook.store, source, bytes(webhook.body), webhook.headers)
    except AdapterError as exc:
        _finish(webhook, InboundStatus.FAILED, {}, exc.code, exc.message)
        return webhook
    except WaslError as exc:  # the payload parsed but a service refused it (e.g. an unknown currency)
        _finish(webhook, InboundStatus.FAILED, {}, exc.code, exc.message)
        return webhook
    _finish(webhook, InboundStatus.PROCESSED, result, "", "")
    return webhook


def inbound_webhooks_stale(*, older_than: timedelta) -> list[int]:
    cutoff = timezone.now() - older_than
    return list(
        InboundWebhook.objects.filter(status=InboundStatus.PENDING, received_at__lt=cutoff)
        .order_by("received_at")
        .values_list("pk", flat=True)[:1000]
    )


def _apply(store: Store, source: Source, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    if source.kind in ("messaging", "payment", "campaigns"):  # messaging, payments, campaigns .webhooks
        return dict(source.adapter.apply(store=store, body=body, headers=headers))
    if source.kind == "channel":
        message = source.adapter.parse(body, headers)
        if message.kind == "deleted":
            return {
                "kind": "deleted",
                "external_id": message.external_id,
                "cancelled": _cancel_deleted(store, message.external_id),
            }
        if message.kind != "order" or message.order is None:
            return {"kind": message.kind, "topic": message.topic}
        upserted = order_upsert(store=store, data=message.order)
        return {"kind": "order", "external_id": upserted.order.external_id, "result": upserted.result}
    updates = source.adapter.parse(body, headers)
    totals = {"accepted": 0, "duplicates": 0, "rejected": 0}
    for start in range(0, len(updates), MAX_BATCH):
        outcome = tracking_updates_ingest(store=store, updates=updates[start : start + MAX_BATCH])
        totals["accepted"] += outcome.accepted
        totals["duplicates"] += outcome.duplicates
        totals["rejected"] += len(outcome.errors)
    return {"kind": "tracking", **totals}


def _cancel_deleted(store: Store, external_id: str) -> bool:
    """A shop that deletes an order means it will not ship: keep our copy and its history, marked cancelled."""
    order = Order.objects.filter(store=store, external_id=external_id).first()
    if order is None:
        return False
    return order_status_set(order=order, status=OrderStatus.CANCELLED, reason="deleted in the shop")


def _finish(webhook: InboundWebhook, status: str, result: dict[str, Any], code: str, message: str) -> None:
    webhook.status = status
    webhook.result = result
    webhook.error_code = code
    webhook.error_message = message
    webhook.processed_at = timezone.now()
    webhook.save(
        update_fields=["status", "result", "error_code", "error_message", "processed_at", "attempts"]
    )
