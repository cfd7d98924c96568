"""Inbound webhooks of the messaging providers: WhatsApp (Meta) and SMS (Twilio).

`/webhooks/whatsapp/<store>/`: GET is Meta's subscription handshake (the challenge with 200 when the
verify token matches, else 403); POST is checked against `X-Hub-Signature-256` with the store's
`whatsapp.app_secret`. `/webhooks/sms/<store>/`: POST checked against `X-Twilio-Signature` with
`sms.auth_token`. An accepted body is stored raw before the answer and processed by a task
(`webhooks.services.inbound_webhook_process` -> `MessagingSource.apply`); a repeated one answers
"duplicate". An unsigned or malformed body never reaches the database.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from wasl.core.errors import Invalid
from wasl.shipping.types import AdapterError
from wasl.stores.models import Store
from wasl.stores.selectors import secret_get

SOURCES = ("whatsapp", "sms")
_PRIVATE_HEADERS = {"authorization", "cookie", "proxy-authorization"}
_EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


def _headers(request: HttpRequest) -> dict[str, str]:
    return {k.lower(): v for k, v in request.headers.items() if k.lower() not in _PRIVATE_HEADERS}


class MessagingSource:
    """What `webhooks.services` needs of a messaging provider to process a stored body."""

    def __init__(self, name: str) -> None:
        self.name = name

    def apply(self, *, store: Store, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
        from wasl.messaging.inbound import webhook_content_apply, whatsapp_callback_keys

        if self.name == "whatsapp":
            from wasl.messaging.channels.whatsapp.webhook import parse

            content = parse(body)
            counts = webhook_content_apply(
                store=store,
                messages=content.messages,
                statuses=content.statuses,
                callback_keys=whatsapp_callback_keys(body),
                preferences=content.preferences,
            )
            return {"kind": "whatsapp", **counts, "ignored": len(content.ignored)}
        messages, statuses = _sms_content(body)
        return {"kind": "sms", **webhook_content_apply(store=store, messages=messages, statuses=statuses)}


def _sms_form(body: bytes) -> dict[str, str]:
    return dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))


def _sms_content(body: bytes) -> tuple[list[Any], list[Any]]:
    """An incoming SMS or a delivery status callback (Twilio posts both as forms)."""
    from wasl.messaging.channels.sms.webhook import parse_inbound, parse_status

    form = _sms_form(body)
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").lower()
    try:
        if status and status != "received" and not form.get("Body"):
            return [], [parse_status(form)]
        return [parse_inbound(form)], []
    except Invalid as exc:
        raise AdapterError(exc.code, exc.message) from exc


def messaging_webhook(request: HttpRequest, source: str, store: Store) -> HttpResponse:
    if source == "whatsapp":
        return _whatsapp(request, store)
    return _sms(request, store)


def _receive(request: HttpRequest, store: Store, source: str) -> JsonResponse:
    from wasl.webhooks.services import inbound_webhook_receive

    received = inbound_webhook_receive(
        store=store, source=source, body=request.body, headers=_headers(request)
    )
    return JsonResponse(
        {"result": "accepted" if received.created else "duplicate", "id": received.webhook.pk},
        status=202 if received.created else 200,
    )


def _whatsapp(request: HttpRequest, store: Store) -> HttpResponse:
    from wasl.messaging.channels.whatsapp.webhook import handshake, parse, verify_signature

    if request.method == "GET":
        challenge = handshake(request.GET, secret_get(store=store, key="whatsapp.verify_token") or "")
        if challenge is None:
            return _error(403, "verification_failed", "the verify token does not match this store's")
        return HttpResponse(challenge, content_type="text/plain")
    app_secret = secret_get(store=store, key="whatsapp.app_secret")
    if not app_secret:
        return _error(401, "not_configured", "set whatsapp.app_secret for this store before sending webhooks")
    if not verify_signature(request.body, request.headers.get("X-Hub-Signature-256", ""), app_secret):
        return _error(401, "invalid_signature", "the signature does not match the body")
    try:
        parse(request.body)
    except AdapterError as exc:
        return _error(400, exc.code, exc.message)
    return _receive(request, store, "whatsapp")


def _sms(request: HttpRequest, store: Store) -> HttpResponse:
    from wasl.messaging.channels.sms.webhook import SIGNATURE_HEADER, is_valid_signature

    if request.method != "POST":
        return _error(405, "method_not_allowed", "SMS webhooks are POST requests")
    auth_token = secret_get(store=store, key="sms.auth_token")
    if not auth_token:
        return _error(401, "not_configured", "set sms.auth_token for this store before sending webhooks")
    # Twilio signs the URL it called: ours as the public sees it, which a proxy may hide from Django.
    urls = {request.build_absolute_uri(), settings.WASL_PUBLIC_URL + request.get_full_path()}
    signature = request.headers.get(SIGNATURE_HEADER, "")
    params = _sms_form(request.body)
    if not any(
        is_valid_signature(url=u, params=params, signature=signature, auth_token=auth_token) for u in urls
    ):
        return _error(401, "invalid_signature", "the signature does not match the URL and parameters")
    try:
        _sms_content(request.body)
    except AdapterError as exc:
        return _error(400, exc.code, exc.message)
    answer = _receive(request, store, "sms")
    return HttpResponse(_EMPTY_TWIML, content_type="text/xml", status=answer.status_code)
