"""Reads for outbound webhooks, each scoped to a store except the crash sweep, which serves every store."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from wasl.core.errors import NotFound
from wasl.core.pagination import Page, paginate
from wasl.stores.models import Store
from wasl.webhooks.models import DeliveryStatus, OutboundDelivery, OutboundEndpoint


def endpoint_list(*, store: Store) -> QuerySet[OutboundEndpoint]:
    return OutboundEndpoint.objects.filter(store=store).order_by("created_at", "id")


def endpoint_get(*, store: Store, endpoint_id: int) -> OutboundEndpoint:
    endpoint = OutboundEndpoint.objects.filter(store=store, pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound(f"no webhook endpoint {endpoint_id}", code="endpoint_not_found")
    return endpoint


def endpoints_active(*, store: Store) -> list[OutboundEndpoint]:
    """The one query an emit costs when the store has no endpoint: only what matching needs."""
    return list(OutboundEndpoint.objects.filter(store=store, is_active=True).only("id", "event_types"))


def delivery_list(
    *, store: Store, endpoint_id: int, cursor: str | None = None, limit: int = 50, status: str | None = None
) -> Page[OutboundDelivery]:
    """Newest first, each with its event and its attempts."""
    deliveries = (
        OutboundDelivery.objects.filter(endpoint__store=store, endpoint_id=endpoint_id)
        .select_related("event")
        .prefetch_related("attempt_log")
    )
    if status:
        deliveries = deliveries.filter(status=status)
    return paginate(deliveries, cursor=cursor, limit=limit)


def delivery_get(*, store: Store, endpoint_id: int, delivery_id: int) -> OutboundDelivery:
    delivery = (
        OutboundDelivery.objects.filter(endpoint__store=store, endpoint_id=endpoint_id, pk=delivery_id)
        .select_related("event", "endpoint")
        .first()
    )
    if delivery is None:
        raise NotFound(
            f"no delivery {delivery_id} for webhook endpoint {endpoint_id}", code="delivery_not_found"
        )
    return delivery


def deliveries_overdue(*, due_before: datetime, limit: int) -> list[int]:
    """Pending deliveries whose attempt should have started before `due_before`: their task was lost.

    Across stores on purpose: the sweep that calls this is the platform's, not a merchant's.
    """
    return list(
        OutboundDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lt=due_before)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
