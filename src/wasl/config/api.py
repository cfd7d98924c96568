"""The JSON API under /api/v1/: one place for authentication and for how errors look."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from wasl.analytics.api import router as analytics_router
from wasl.campaigns.api import checkouts_router
from wasl.campaigns.api import router as campaigns_router
from wasl.core.errors import WaslError
from wasl.messaging.api import conversations_router, messages_router
from wasl.orders.api import router as orders_router
from wasl.payments.api import router as payments_router
from wasl.returns.api import router as returns_router
from wasl.risk.api import router as risk_router
from wasl.risk.policy_api import policy_router, verifications_router
from wasl.shipping.api import router as shipping_router
from wasl.shipping.carriers_api import router as carriers_router
from wasl.shipping.ndr.api import router as ndr_router
from wasl.stores.models import Store
from wasl.stores.selectors import store_for_api_key
from wasl.webhooks.outbound.api import router as outbound_router

logger = logging.getLogger(__name__)


class ApiKeyAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Store | None:
        return store_for_api_key(token)


api = NinjaAPI(
    title="Wasl API",
    version="1",
    description="Orders, shipments and tracking events of one store. Authenticate with `Authorization: Bearer <key>`.",
    auth=ApiKeyAuth(),
    urls_namespace="api-v1",
)
api.add_router("/orders", orders_router)
api.add_router("/", shipping_router)
api.add_router("/carriers", carriers_router)
api.add_router("/webhook-endpoints", outbound_router)
api.add_router("/conversations", conversations_router)
api.add_router("/messages", messages_router)
api.add_router("/risk/policy", policy_router)
api.add_router("/risk", risk_router)
api.add_router("/", verifications_router)
api.add_router("/", payments_router)
api.add_router("/", ndr_router)
api.add_router("/returns", returns_router)
api.add_router("/checkouts", checkouts_router)
api.add_router("/campaigns", campaigns_router)
api.add_router("/analytics", analytics_router)


def _error(
    request: HttpRequest, status: int, code: str, message: str, details: object = None
) -> HttpResponse:
    body: dict[str, object] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return api.create_response(request, body, status=status)


@api.exception_handler(WaslError)
def on_wasl_error(request: HttpRequest, exc: WaslError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "payload"))
    message = f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid request"))
    return _error(request, 422, "validation_error", message, exc.errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthorized", "a valid API key is needed: Authorization: Bearer <key>")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and "parse request body" in str(exc):
        return _error(request, 400, "invalid_json", "the request body is not valid JSON")
    return _error(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("unexpected error on %s %s", request.method, request.path)
    return _error(
        request, 500, "internal_error", "something went wrong on our side; the request was not applied"
    )
