"""Razorpay through its official library (`razorpay.Client`), pointed at `razorpay.base_url` when set.

Razorpay takes no idempotency key. Links are made idempotent by their `reference_id` (unique per account):
a second create with the same reference is refused, and the link is then found by that reference. Refunds
carry our key as their `receipt`; before a retry we list the payment's refunds and adopt the one with our
receipt, if the earlier attempt did reach Razorpay.
"""

from __future__ import annotations

import threading
from typing import Any

import razorpay
import requests
from django.conf import settings
from razorpay.errors import BadRequestError, GatewayError, ServerError

from wasl.payments.amounts import to_minor
from wasl.payments.providers.base import (
    LinkRequest,
    ProviderError,
    ProviderLink,
    ProviderRefund,
    RefundRequest,
)

DEFAULT_BASE_URL = "https://api.razorpay.com"
_LINK_STATUS = {
    "created": "created",
    "partially_paid": "created",
    "paid": "paid",
    "cancelled": "cancelled",
    "expired": "expired",
}
REFUND_STATUS = {
    "pending": "processing",
    "created": "processing",
    "processed": "succeeded",
    "failed": "failed",
}


class _Session(requests.Session):
    """The library's session: a timeout on every call, and the last HTTP status kept (its errors lose it)."""

    def __init__(self, timeout_s: float) -> None:
        super().__init__()
        self.timeout_s = timeout_s
        self._local = threading.local()

    @property
    def last_status(self) -> int:
        return int(getattr(self._local, "status", 0))

    def request(self, method: str, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs.setdefault("timeout", self.timeout_s)
        self._local.status = 0
        response = super().request(method, url, *args, **kwargs)
        self._local.status = response.status_code
        return response


class RazorpayProvider:
    name = "razorpay"
    makes_links = True

    def __init__(
        self, *, key_id: str, key_secret: str, base_url: str = "", timeout_s: float | None = None
    ) -> None:
        timeout = timeout_s if timeout_s is not None else getattr(settings, "WASL_PAYMENTS_TIMEOUT_S", 10.0)
        self.session = _Session(timeout)
        self.client = razorpay.Client(
            session=self.session,
            auth=(key_id, key_secret),
            base_url=(base_url or DEFAULT_BASE_URL).rstrip("/"),
        )

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (requests.Timeout, requests.ConnectionError) as exc:
            raise ProviderError(
                f"Razorpay did not answer: {type(exc).__name__}", code="provider_unavailable", transient=True
            ) from exc
        except (BadRequestError, GatewayError, ServerError) as exc:
            status = self.session.last_status
            transient = status == 429 or status >= 500 or not isinstance(exc, BadRequestError)
            code = "provider_unavailable" if transient else "provider_rejected"
            message = f"Razorpay: {str(exc) or type(exc).__name__}"[:300]
            raise ProviderError(message, code=code, transient=transient, http_status=status) from exc
        except (requests.RequestException, ValueError) as exc:  # an answer that is not JSON
            status = self.session.last_status
            raise ProviderError(
                f"Razorpay gave an unreadable answer (HTTP {status})",
                code="provider_unavailable",
                transient=True,
                http_status=status,
            ) from exc

    @staticmethod
    def _link(obj: dict[str, Any]) -> ProviderLink:
        status = _LINK_STATUS.get(str(obj.get("status")), "created")
        return ProviderLink(id=str(obj["id"]), url=str(obj.get("short_url") or ""), status=status, raw=obj)

    def link_create(self, request: LinkRequest) -> ProviderLink:
        customer = {
            key: value
            for key, value in (
                ("name", request.customer_name),
                ("contact", request.customer_phone),
                ("email", request.customer_email),
            )
            if value
        }
        data: dict[str, Any] = {
            "amount": to_minor(request.amount, request.currency, provider=self.name),
            "currency": request.currency,
            "accept_partial": False,
            "reference_id": request.reference,
            "description": request.title[:2048],
            "customer": customer,
            # Wasl tells the buyer itself (WhatsApp); Razorpay's own SMS/e-mail only when asked for.
            "notify": {"sms": request.notify and bool(request.customer_phone), "email": request.notify},
            "reminder_enable": False,
            "notes": {
                "wasl_store": str(request.store_id),
                "wasl_order": request.order_external_id[:256],
                "wasl_link": str(request.link_id),
            },
        }
        if request.callback_url:
            data["callback_url"] = request.callback_url
            data["callback_method"] = "get"
        try:
            return self._link(self._call(self.client.payment_link.create, data))
        except ProviderError as exc:
            if exc.transient:
                raise
            # Refused: perhaps because an earlier attempt, whose answer we lost, made it. Find it by reference.
            found = self._link_by_reference(request)
            if found is None:
                raise
            return found

    def _link_by_reference(self, request: LinkRequest) -> ProviderLink | None:
        """Ours only: same reference and our link's id in its notes (a reference may be someone else's)."""
        listing = self._call(self.client.payment_link.all, {"reference_id": request.reference})
        for obj in listing.get("payment_links", []) if isinstance(listing, dict) else []:
            notes = obj.get("notes") if isinstance(obj.get("notes"), dict) else {}
            if obj.get("reference_id") == request.reference and notes.get("wasl_link") == str(
                request.link_id
            ):
                return self._link(obj)
        return None

    def link_cancel(self, link_id: str) -> ProviderLink:
        return self._link(self._call(self.client.payment_link.cancel, link_id))

    def link_fetch(self, link_id: str) -> ProviderLink:
        return self._link(self._call(self.client.payment_link.fetch, link_id))

    @staticmethod
    def _refund(obj: dict[str, Any]) -> ProviderRefund:
        return ProviderRefund(
            id=str(obj["id"]), status=REFUND_STATUS.get(str(obj.get("status")), "processing"), raw=obj
        )

    @staticmethod
    def _receipt(request: RefundRequest) -> str:
        return f"wasl-{request.store_id}-{request.refund_id}"

    def refund(self, request: RefundRequest) -> ProviderRefund:
        data = {
            "amount": to_minor(request.amount, request.currency, provider=self.name),
            "speed": "normal",
            "receipt": self._receipt(request),
            "notes": {
                "wasl_store": str(request.store_id),
                "wasl_refund": str(request.refund_id),
                "wasl_key": request.idempotency_key[:256],
            },
        }
        return self._refund(self._call(self.client.payment.refund, request.payment_id, data))

    def refund_find(self, request: RefundRequest) -> ProviderRefund | None:
        listing = self._call(self.client.payment.fetch_multiple_refund, request.payment_id, {"count": 100})
        receipt = self._receipt(request)
        for obj in listing.get("items", []) if isinstance(listing, dict) else []:
            notes = obj.get("notes") if isinstance(obj.get("notes"), dict) else {}
            if obj.get("receipt") == receipt or notes.get("wasl_refund") == str(request.refund_id):
                return self._refund(obj)
        return None
