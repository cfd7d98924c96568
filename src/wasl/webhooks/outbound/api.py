"""/api/v1/webhook-endpoints: the merchant's receivers of outbound webhooks and what was sent to them.

Authentication comes from the API that mounts this router: `request.auth` is the Store.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from wasl.stores.models import Store
from wasl.webhooks.models import DeliveryStatus, OutboundDelivery, OutboundEndpoint
from wasl.webhooks.outbound.schemas import (
    DeliveryOut,
    DeliveryPageOut,
    EndpointCreatedOut,
    EndpointIn,
    EndpointOut,
)
from wasl.webhooks.outbound.selectors import delivery_get, delivery_list, endpoint_get, endpoint_list
from wasl.webhooks.outbound.services import (
    delivery_redeliver,
    endpoint_create,
    endpoint_delete,
    endpoint_disable,
    endpoint_enable,
)

router = Router(tags=["webhook endpoints"])


class DeliveryFilters(Schema):
    cursor: str | None = None
    limit: int = 50
    status: DeliveryStatus | None = None


def _store(request: HttpRequest) -> Store:
    return request.auth  # type: ignore[attr-defined,no-any-return]


@router.get("", response=list[EndpointOut])
def list_endpoints(request: HttpRequest) -> list[OutboundEndpoint]:
    return list(endpoint_list(store=_store(request)))


@router.post("", response={201: EndpointCreatedOut})
def create_endpoint(request: HttpRequest, payload: EndpointIn) -> Status[dict]:
    """The answer carries the signing secret: keep it, it is not shown again."""
    endpoint, secret = endpoint_create(
        store=_store(request),
        url=payload.url,
        event_types=payload.event_types,
        description=payload.description,
    )
    return Status(201, {**EndpointOut.from_orm(endpoint).model_dump(), "secret": secret})


@router.get("/{endpoint_id}", response=EndpointOut)
def get_endpoint(request: HttpRequest, endpoint_id: int) -> OutboundEndpoint:
    return endpoint_get(store=_store(request), endpoint_id=endpoint_id)


@router.delete("/{endpoint_id}", response={204: None})
def delete_endpoint(request: HttpRequest, endpoint_id: int) -> Status[None]:
    endpoint_delete(endpoint=endpoint_get(store=_store(request), endpoint_id=endpoint_id))
    return Status(204, None)


@router.post("/{endpoint_id}/disable", response=EndpointOut)
def disable_endpoint(request: HttpRequest, endpoint_id: int) -> OutboundEndpoint:
    endpoint = endpoint_get(store=_store(request), endpoint_id=endpoint_id)
    return endpoint_disable(endpoint=endpoint, reason="disabled through the API")


@router.post("/{endpoint_id}/enable", response=EndpointOut)
def enable_endpoint(request: HttpRequest, endpoint_id: int) -> OutboundEndpoint:
    return endpoint_enable(endpoint=endpoint_get(store=_store(request), endpoint_id=endpoint_id))


@router.get("/{endpoint_id}/deliveries", response=DeliveryPageOut)
def list_deliveries(request: HttpRequest, endpoint_id: int, filters: Query[DeliveryFilters]) -> dict:
    """Newest first, each with every attempt made."""
    store = _store(request)
    endpoint_get(store=store, endpoint_id=endpoint_id)  # an unknown endpoint is a 404, not an empty list
    page = delivery_list(store=store, endpoint_id=endpoint_id, **filters.dict())
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post("/{endpoint_id}/deliveries/{delivery_id}/redeliver", response={202: DeliveryOut})
def redeliver(request: HttpRequest, endpoint_id: int, delivery_id: int) -> Status[OutboundDelivery]:
    """Send a finished delivery again, with a fresh set of attempts."""
    delivery = delivery_get(store=_store(request), endpoint_id=endpoint_id, delivery_id=delivery_id)
    return Status(202, delivery_redeliver(delivery=delivery))
