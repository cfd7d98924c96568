"""POST /webhooks/<source>/<store>/: verify on the raw body, store, answer at once; a task does the rest."""

from __future__ import annotations

from urllib.parse import parse_qs

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wasl.messaging.webhooks import SOURCES as MESSAGING_SOURCES
from wasl.messaging.webhooks import messaging_webhook
from wasl.shipping.types import AdapterError
from wasl.stores.models import Store
from wasl.stores.selectors import secret_get
from wasl.webhooks.services import inbound_webhook_receive
from wasl.webhooks.sources import source_get

_PRIVATE_HEADERS = {"authorization", "cookie", "proxy-authorization"}


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


def _headers(request: HttpRequest) -> dict[str, str]:
    return {k.lower(): v for k, v in request.headers.items()}


def _storable(headers: dict[str, str]) -> dict[str, str]:
    """Credentials are needed to verify (Delhivery authenticates with Authorization) but are never stored."""
    return {k: v for k, v in headers.items() if k not in _PRIVATE_HEADERS}


def _is_unsigned_woocommerce_ping(source: str, body: bytes, headers: dict[str, str]) -> bool:
    """WooCommerce checks a new webhook URL with an unsigned form post `webhook_id=<n>` and wants a 2xx."""
    if source != "woocommerce" or "x-wc-webhook-signature" in headers:
        return False
    fields = parse_qs(body.decode("latin-1"), keep_blank_values=True)
    return set(fields) == {"webhook_id"}


@csrf_exempt
@require_http_methods(["GET", "POST"])
def inbound_webhook(request: HttpRequest, source: str, store_slug: str) -> HttpResponse:
    store = Store.objects.filter(slug=store_slug).first()
    if store is None:
        return _error(404, "store_not_found", f"no store {store_slug!r}")
    if source in MESSAGING_SOURCES:  # WhatsApp's GET handshake, Twilio's form posts: see messaging.webhooks
        return messaging_webhook(request, source, store)
    if request.method != "POST":
        return _error(405, "method_not_allowed", "webhooks are POST requests")
    found = source_get(source)
    if found is None:
        return _error(404, "unknown_source", f"no webhook source {source!r}")
    body, headers = request.body, _headers(request)
    if _is_unsigned_woocommerce_ping(source, body, headers):
        return JsonResponse({"result": "pong"})
    secret = secret_get(store=store, key=found.secret_key)
    if not secret:
        return _error(401, "not_configured", f"set {found.secret_key} for this store before sending webhooks")
    if not found.adapter.verify(body, headers, secret):
        return _error(401, "invalid_signature", "the signature does not match the body")
    try:
        found.adapter.parse(body, headers)
    except AdapterError as exc:
        return _error(400, exc.code, exc.message)
    received = inbound_webhook_receive(store=store, source=source, body=body, headers=_storable(headers))
    return JsonResponse(
        {"result": "accepted" if received.created else "duplicate", "id": received.webhook.pk},
        status=202 if received.created else 200,
    )
