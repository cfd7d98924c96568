"""Stripe through its official library (`stripe.StripeClient`), pointed at `stripe.api_base` when set.

A link is a Payment Link with its price created inline (`line_items[].price_data`); the store, order and link
ids ride in its metadata, which Stripe copies to the Checkout Session, and in `payment_intent_data.metadata`,
which lands on the PaymentIntent. Every POST carries an idempotency key, so a retry after a timeout is
answered with the first request's result instead of doing the thing twice.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import stripe
from django.conf import settings

from wasl.payments.amounts import to_minor
from wasl.payments.providers.base import (
    LinkRequest,
    ProviderError,
    ProviderLink,
    ProviderRefund,
    RefundRequest,
)

DEFAULT_API_BASE = "https://api.stripe.com"
# The library logs every request and answer at INFO; our own errors say what matters.
logging.getLogger("stripe").setLevel(logging.WARNING)
_TRANSIENT = (stripe.RateLimitError, stripe.APIConnectionError, stripe.APIError)
_REFUND_STATUS = {
    "pending": "processing",
    "requires_action": "processing",
    "succeeded": "succeeded",
    "failed": "failed",
    "canceled": "failed",
}


def _key(*parts: object) -> str:
    """Idempotency keys are per Stripe account, which several stores may share: namespaced and bounded."""
    text = ":".join(str(part) for part in parts)
    return "wasl:" + (text if len(text) <= 200 else hashlib.sha256(text.encode()).hexdigest())


def _error(exc: stripe.StripeError) -> ProviderError:
    status = exc.http_status or 0
    transient = isinstance(exc, _TRANSIENT) or status == 409
    code = (
        f"stripe_{exc.code}" if exc.code else ("provider_unavailable" if transient else "provider_rejected")
    )
    message = " ".join((exc.user_message or str(exc) or "Stripe did not answer").split())[:300]
    return ProviderError(f"Stripe: {message}", code=code[:60], transient=transient, http_status=status)


class StripeProvider:
    name = "stripe"
    makes_links = True

    def __init__(self, *, secret_key: str, api_base: str = "", timeout_s: float | None = None) -> None:
        timeout = timeout_s if timeout_s is not None else getattr(settings, "WASL_PAYMENTS_TIMEOUT_S", 10.0)
        self.client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": (api_base or DEFAULT_API_BASE).rstrip("/")},
            http_client=stripe.RequestsClient(timeout=timeout),
            # Our own retries (tasks, with the same idempotency key) are visible and bounded; the library's
            # would hold a web request for seconds.
            max_network_retries=0,
        )

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            result = method(*args, **kwargs)
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        # The library's objects are not dicts; ours are plain data.
        return result.to_dict() if isinstance(result, stripe.StripeObject) else result

    @staticmethod
    def _link(obj: Any) -> ProviderLink:
        status = "created" if obj.get("active", True) else "cancelled"
        return ProviderLink(id=str(obj["id"]), url=str(obj.get("url") or ""), status=status, raw=dict(obj))

    def link_create(self, request: LinkRequest) -> ProviderLink:
        metadata = {
            "wasl_store": str(request.store_id),
            "wasl_order": request.order_external_id,
            "wasl_link": str(request.link_id),
        }
        params: dict[str, Any] = {
            "line_items": [
                {
                    "price_data": {
                        "currency": request.currency.lower(),
                        "unit_amount": to_minor(request.amount, request.currency, provider=self.name),
                        "product_data": {"name": request.title[:250]},
                    },
                    "quantity": 1,
                }
            ],
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            # One payment per link: it stops taking payments once paid.
            "restrictions": {"completed_sessions": {"limit": 1}},
        }
        if request.callback_url:
            params["after_completion"] = {"type": "redirect", "redirect": {"url": request.callback_url}}
        options = {"idempotency_key": _key("link", request.store_id, request.idempotency_key)}
        return self._link(self._call(self.client.v1.payment_links.create, params=params, options=options))

    def link_cancel(self, link_id: str) -> ProviderLink:
        """Stripe has no cancel: a deactivated link stops taking payments."""
        return self._link(self._call(self.client.v1.payment_links.update, link_id, params={"active": False}))

    def link_fetch(self, link_id: str) -> ProviderLink:
        return self._link(self._call(self.client.v1.payment_links.retrieve, link_id))

    @staticmethod
    def _refund(obj: Any) -> ProviderRefund:
        status = _REFUND_STATUS.get(str(obj.get("status")), "processing")
        return ProviderRefund(id=str(obj["id"]), status=status, raw=dict(obj))

    def refund(self, request: RefundRequest) -> ProviderRefund:
        params: dict[str, Any] = {
            "payment_intent": request.payment_id,
            "amount": to_minor(request.amount, request.currency, provider=self.name),
            "metadata": {
                "wasl_store": str(request.store_id),
                "wasl_refund": str(request.refund_id),
                "wasl_key": request.idempotency_key[:500],
            },
        }
        options = {"idempotency_key": _key("refund", request.store_id, request.idempotency_key)}
        return self._refund(self._call(self.client.v1.refunds.create, params=params, options=options))

    def refund_find(self, request: RefundRequest) -> ProviderRefund | None:
        """Not needed for safety (the idempotency key covers retries), but it lets staff see a lost answer."""
        listing = self._call(self.client.v1.refunds.list, params={"payment_intent": request.payment_id})
        for obj in listing.get("data", []):
            if (obj.get("metadata") or {}).get("wasl_key") == request.idempotency_key[:500]:
                return self._refund(obj)
        return None
