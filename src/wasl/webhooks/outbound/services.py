"""Writes for outbound webhooks: endpoints, events with their deliveries, redelivery.

`delivery_attempt` (one attempt at a delivery) lives in `attempts` and is re-exported here.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from wasl.core.errors import Conflict, Invalid
from wasl.stores.crypto import encrypt
from wasl.stores.models import Store
from wasl.webhooks.models import (
    ALL_EVENT_TYPES,
    DeliveryStatus,
    OutboundDelivery,
    OutboundEndpoint,
    OutboundEvent,
    OutboundEventType,
)
from wasl.webhooks.outbound import tasks
from wasl.webhooks.outbound.attempts import AttemptOutcome as AttemptOutcome
from wasl.webhooks.outbound.attempts import delivery_attempt as delivery_attempt
from wasl.webhooks.outbound.selectors import endpoints_active

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
MAX_ENDPOINTS_PER_STORE = 20
MAX_URL_LENGTH = 2000
MAX_KEY_LENGTH = 200

EventSpec = tuple[str, dict[str, Any], str]
"""(event_type, data, idempotency_key), as `outbound_events_emit` takes them."""

_url_validator = URLValidator(schemes=["http", "https"])


# --- endpoints ---


def _clean_url(url: str) -> str:
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise Invalid(f"the URL is longer than {MAX_URL_LENGTH} characters", code="invalid_url")
    try:
        _url_validator(url)
    except ValidationError:
        raise Invalid(f"{url!r} is not an http(s) URL", code="invalid_url") from None
    return url


def _clean_event_types(event_types: Sequence[str]) -> list[str]:
    wanted = [t.strip() for t in event_types if t.strip()]
    if not wanted:
        raise Invalid('name at least one event type, or "*" for all', code="invalid_event_types")
    unknown = sorted({t for t in wanted if t != ALL_EVENT_TYPES and t not in OutboundEventType.values})
    if unknown:
        known = ", ".join(OutboundEventType.values)
        raise Invalid(f"unknown event types {unknown}; known: {known}, or *", code="invalid_event_types")
    if ALL_EVENT_TYPES in wanted:
        return [ALL_EVENT_TYPES]
    return list(dict.fromkeys(wanted))


def endpoint_create(
    *, store: Store, url: str, event_types: Sequence[str], description: str = ""
) -> tuple[OutboundEndpoint, str]:
    """Returns the endpoint and its signing secret, which is stored encrypted and not shown again."""
    url, types = _clean_url(url), _clean_event_types(event_types)
    if OutboundEndpoint.objects.filter(store=store).count() >= MAX_ENDPOINTS_PER_STORE:
        raise Conflict(
            f"a store may have at most {MAX_ENDPOINTS_PER_STORE} webhook endpoints", code="too_many_endpoints"
        )
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    endpoint = OutboundEndpoint.objects.create(
        store=store,
        url=url,
        description=description.strip()[:200],
        encrypted_secret=encrypt(secret),
        secret_hint=secret[-4:],
        event_types=types,
    )
    return endpoint, secret


def endpoint_disable(*, endpoint: OutboundEndpoint, reason: str) -> OutboundEndpoint:
    """Pending deliveries are not sent while it is disabled; each ends `failed` when its turn comes."""
    if endpoint.is_active:
        endpoint.is_active = False
        endpoint.disabled_at = timezone.now()
        endpoint.disabled_reason = reason.strip()[:300]
        endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
    return endpoint


def endpoint_enable(*, endpoint: OutboundEndpoint) -> OutboundEndpoint:
    """A fresh start: the failure count goes back to zero."""
    endpoint.is_active = True
    endpoint.disabled_at = None
    endpoint.disabled_reason = ""
    endpoint.consecutive_failures = 0
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason", "consecutive_failures"])
    return endpoint


def endpoint_delete(*, endpoint: OutboundEndpoint) -> None:
    """Its deliveries and their attempts go with it; the events stay for the store's other endpoints."""
    endpoint.delete()


# --- events ---


def _clean_key(idempotency_key: str) -> str:
    key = idempotency_key.strip()
    if not key:
        raise Invalid("an outbound event needs an idempotency key", code="missing_idempotency_key")
    if len(key) > MAX_KEY_LENGTH:
        # Long keys stay unique through their hash; the column stays small and indexable.
        return "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def _check_event_type(event_type: str) -> None:
    if event_type not in OutboundEventType.values:
        raise Invalid(f"{event_type!r} is not an outbound event type", code="invalid_event_type")


def outbound_event_emit(
    *, store: Store, event_type: str, data: dict[str, Any], idempotency_key: str
) -> OutboundEvent | None:
    """Record an event and queue its deliveries, once per idempotency key.

    None when nothing was recorded: the key was seen before, or no active endpoint of the store wants this
    event type (then this costs one query).
    """
    recorded = outbound_events_emit(store=store, events=[(event_type, data, idempotency_key)])
    return recorded[0] if recorded else None


def outbound_events_emit(*, store: Store, events: Sequence[EventSpec]) -> list[OutboundEvent]:
    """The bulk form, for the ingestion path: a few queries and one queued task per call, however many events.

    Returns the events recorded by this call (keys seen before are skipped, as are repeats within `events`).
    """
    for event_type, _data, _key in events:
        _check_event_type(event_type)
    if not events:
        return []
    endpoints = endpoints_active(store=store)
    if not endpoints:
        return []
    targets: dict[str, list[OutboundEndpoint]] = {}
    candidates: list[OutboundEvent] = []
    for event_type, data, raw_key in events:
        key = _clean_key(raw_key)
        wanted_by = [e for e in endpoints if e.subscribes_to(event_type)]
        if key in targets or not wanted_by:
            continue
        targets[key] = wanted_by
        candidates.append(
            OutboundEvent(
                uuid=uuid.uuid4(), store=store, event_type=event_type, idempotency_key=key, payload=data
            )
        )
    if not candidates:
        return []
    with transaction.atomic():
        return _record_events(candidates, targets)


def _record_events(
    candidates: list[OutboundEvent], targets: dict[str, list[OutboundEndpoint]]
) -> list[OutboundEvent]:
    OutboundEvent.objects.bulk_create(candidates, ignore_conflicts=True)
    # A key seen before keeps its old row (and uuid): only rows carrying our fresh uuids are new.
    new_ids = dict(
        OutboundEvent.objects.filter(uuid__in=[c.uuid for c in candidates]).values_list("uuid", "pk")
    )
    recorded = [c for c in candidates if c.uuid in new_ids]
    if not recorded:
        return []
    now = timezone.now()
    deliveries = []
    for event in recorded:
        event.pk = new_ids[event.uuid]
        event._state.adding = False
        deliveries += [
            OutboundDelivery(event=event, endpoint=endpoint, next_attempt_at=now)
            for endpoint in targets[event.idempotency_key]
        ]
    created = OutboundDelivery.objects.bulk_create(deliveries)
    delivery_ids = [d.pk for d in created if d.pk is not None]
    if len(delivery_ids) != len(created):  # a database that cannot return ids from a bulk insert
        delivery_ids = list(OutboundDelivery.objects.filter(event__in=recorded).values_list("pk", flat=True))
    _queue_after_commit(delivery_ids)
    return recorded


def _queue_after_commit(delivery_ids: list[int]) -> None:
    # robust: if enqueueing fails after the commit, the deliveries are still pending in the database and
    # the sweep queues them again; the caller's request must not fail for it.
    if len(delivery_ids) == 1:
        only = delivery_ids[0]
        transaction.on_commit(lambda: tasks.outbound_delivery_send.enqueue(only), robust=True)
    elif delivery_ids:
        transaction.on_commit(lambda: tasks.outbound_deliveries_dispatch.enqueue(delivery_ids), robust=True)


def delivery_redeliver(*, delivery: OutboundDelivery) -> OutboundDelivery:
    """Send a finished delivery again (say, once the receiver is fixed), with a fresh set of attempts."""
    if delivery.status == DeliveryStatus.PENDING:
        raise Conflict("this delivery is still being attempted", code="delivery_pending")
    if not delivery.endpoint.is_active:
        raise Conflict("enable the endpoint before redelivering to it", code="endpoint_disabled")
    with transaction.atomic():
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.completed_at = None
        delivery.save(update_fields=["status", "attempts", "next_attempt_at", "completed_at"])
        _queue_after_commit([delivery.pk])
    return delivery
