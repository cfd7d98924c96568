"""Sending SMS through Twilio's Messages API (or anything that speaks it, such as the SMS stand-in)."""

from __future__ import annotations

import functools
import ssl
import threading
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from wasl.messaging.channels.sms.text import render_text
from wasl.messaging.channels.types import (
    NOT_ON_CHANNEL,
    PERMANENT,
    RATE_LIMITED,
    TEMPORARY,
    OutgoingMessage,
    ProviderError,
    SendResult,
)

API_VERSION = "2010-04-01"

# Twilio error codes that decide more than "do not retry".
TOO_MANY_REQUESTS = 20429
NOT_ON_CHANNEL_CODES = frozenset({21211, 21614})  # invalid 'To' number; 'To' is not a mobile number


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Loading the CA bundle is slow (a new httpx client per send spent most of its time there), so every
    channel in the process shares one context."""
    return httpx.create_ssl_context()


class SmsChannel:
    """One store's SMS account. Every send is one HTTP request; the channel keeps its connections open between
    sends and may be shared by threads."""

    name = "sms"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str,
        base_url: str = "https://api.twilio.com",
        status_callback: str = "",
        timeout_s: float = 10.0,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.from_number = from_number
        self.base_url = base_url.rstrip("/")
        self.status_callback = status_callback
        self.timeout_s = timeout_s
        self._client: httpx.Client | None = None
        self._client_lock = threading.Lock()

    @property
    def messages_url(self) -> str:
        return f"{self.base_url}/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"

    def send(self, message: OutgoingMessage) -> SendResult:
        """Send `message` as one SMS (split into segments by the provider). Raises ProviderError on failure."""
        form = self._form(message)
        try:
            response = self._http().post(
                self.messages_url, data=form, auth=(self.account_sid, self.auth_token)
            )
        except httpx.TimeoutException as error:
            raise ProviderError(TEMPORARY, "timeout", f"no answer within {self.timeout_s}s") from error
        except httpx.TransportError as error:
            raise ProviderError(TEMPORARY, "connection", str(error) or type(error).__name__) from error
        if response.is_success:
            return _send_result(response)
        raise _provider_error(response)

    def _http(self) -> httpx.Client:
        """One pooled client per channel, made on first use: connections are kept between sends."""
        with self._client_lock:
            if self._client is None:
                self._client = httpx.Client(timeout=self.timeout_s, verify=_tls_context())
            return self._client

    def close(self) -> None:
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def _form(self, message: OutgoingMessage) -> dict[str, str]:
        body = render_text(message)
        if not body:
            raise ProviderError(PERMANENT, "empty_body", "an SMS needs text; this message has none to send")
        form = {"To": message.to, "From": message.sender_id or self.from_number, "Body": body}
        if self.status_callback:
            form["StatusCallback"] = self.status_callback
        return form


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def _send_result(response: httpx.Response) -> SendResult:
    payload = _json_object(response)
    sid = payload.get("sid")
    if not isinstance(sid, str) or not sid:
        # The provider may have taken the message; retrying risks a duplicate SMS, dropping it risks a lost
        # one. A duplicate costs less than a buyer who never hears from the shop.
        raise ProviderError(TEMPORARY, "bad_response", f"HTTP {response.status_code} without a message sid")
    price = _price(payload.get("price"))
    unit = payload.get("price_unit")
    return SendResult(
        provider_id=sid, cost=price, currency=unit.upper() if price is not None and unit else ""
    )


def _price(raw: object) -> Decimal | None:
    """Twilio reports what it charged as a negative string ("-0.00750"), and null until it knows."""
    if raw is None or raw == "":
        return None
    try:
        return abs(Decimal(str(raw)))
    except InvalidOperation:
        return None


def _twilio_code(raw: object) -> int | None:
    """Twilio sends the code as a number; compatible providers sometimes send it as a string."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw)
    return None


def _provider_error(response: httpx.Response) -> ProviderError:
    """Twilio answers errors with {"code": 21211, "message": ..., "more_info": ..., "status": 400}."""
    payload = _json_object(response)
    twilio_code = _twilio_code(payload.get("code"))
    code = str(twilio_code) if twilio_code is not None else str(response.status_code)
    message = str(payload.get("message") or response.reason_phrase or "error")
    if response.status_code == 429 or twilio_code == TOO_MANY_REQUESTS:
        return ProviderError(RATE_LIMITED, code, message)
    if response.status_code >= 500:
        return ProviderError(TEMPORARY, code, message)
    if twilio_code in NOT_ON_CHANNEL_CODES:
        return ProviderError(NOT_ON_CHANNEL, code, message)
    # 21610 (the buyer replied STOP), bad credentials, bad sender, body too long: retrying cannot help.
    return ProviderError(PERMANENT, code, message)
