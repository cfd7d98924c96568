"""Sending one WhatsApp message through the Cloud API, with pywa building the requests.

pywa builds every request body and sends it on a session that we give it (`GraphSession`: httpx's
interface on lean keep-alive connections, see session.py). We keep two things to
ourselves: where the session points (`graph_url`, so tests and the demo reach a local stand-in through
the very same client code), and how an answer is read. A response hook reads every answer before pywa
does: a refusal becomes a `ProviderError` with a kind that decides what happens next, and an acceptance
records its wamid, so a send that Meta accepted is never reported as failed because of some later
surprise in the answer (a retry would message the buyer twice).
"""

from __future__ import annotations

import functools
import json
import logging
import re
import ssl
import threading
from typing import Any

import httpx
from pywa import WhatsApp
from pywa.types import Button as PywaButton
from pywa.types import Section, SectionList, SectionRow
from pywa.types.templates import TemplateLanguage

from wasl.messaging.channels.types import (
    PERMANENT,
    TEMPORARY,
    Button,
    OutgoingMessage,
    ProviderError,
    SendResult,
)
from wasl.messaging.channels.whatsapp.errors import provider_error, read_graph_error
from wasl.messaging.channels.whatsapp.session import GraphSession

KINDS = ("template", "text", "buttons", "list", "location_request")
TRACKER_MAX = 512  # Meta's limit on biz_opaque_callback_data


class _DropSessionAdvice(logging.Filter):
    """pywa suggests passing our own httpx session after every timeout; we always do."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("You may want to provide your own `httpx.Client`")


logging.getLogger("pywa.api").addFilter(_DropSessionAdvice())
_PHONE = re.compile(r"\+?([1-9][0-9]{6,14})")


class _Exchange(threading.local):
    """What the response hook saw for the send running on this thread."""

    responded: bool = False
    wamid: str = ""


class WhatsAppChannel:
    """One WhatsApp Business phone number. Safe to share between threads; build one per number."""

    name = "whatsapp"

    def __init__(
        self,
        *,
        phone_number_id: str,
        token: str,
        graph_url: str = "https://graph.facebook.com",
        api_version: str = "22.0",
        timeout_s: float = 10.0,
    ) -> None:
        self.phone_number_id = phone_number_id
        self._exchange = _Exchange()
        self._session = GraphSession(
            timeout_s=timeout_s, tls_context=_tls_context(), on_response=self._read_response
        )
        self._whatsapp = WhatsApp(
            phone_id=phone_number_id,
            token=token,
            session=self._session,  # type: ignore[arg-type]  # the part of httpx.Client that pywa uses
            api_version=api_version,
        )
        # pywa points the session at graph.facebook.com when it is built; the host is ours to choose.
        self._session.base_url = f"{graph_url.rstrip('/')}/v{float(api_version)}"

    @property
    def base_url(self) -> str:
        return str(self._session.base_url)

    def close(self) -> None:
        self._session.close()

    def send(self, message: OutgoingMessage) -> SendResult:
        """Send `message`; raises ProviderError whose `kind` says whether and how to try again."""
        to = _recipient(message.to)
        _check(message)
        self._exchange.responded, self._exchange.wamid = False, ""
        try:
            self._dispatch(message, to)
        except ProviderError:
            raise
        except httpx.TimeoutException as exc:
            raise ProviderError(TEMPORARY, "timeout", f"no answer from the Graph API in time: {exc}") from exc
        except httpx.TransportError as exc:
            raise ProviderError(TEMPORARY, "connection", f"could not reach the Graph API: {exc}") from exc
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            if not self._exchange.responded:
                raise ProviderError(PERMANENT, "invalid_message", f"cannot build the request: {exc}") from exc
            # The hook accepted the answer and kept its wamid; pywa merely failed to read the rest of it.
        return SendResult(provider_id=self._exchange.wamid)

    def _dispatch(self, message: OutgoingMessage, to: str) -> None:
        sender = message.sender_id or None
        # The idempotency key rides along as biz_opaque_callback_data and comes back on every status
        # webhook, so a send whose answer was lost can still be recognised.
        tracker = message.idempotency_key[:TRACKER_MAX] or None
        wa = self._whatsapp
        if message.kind == "template":
            wa.send_template(
                to=to,
                name=message.template_name,
                language=TemplateLanguage(message.language),
                params=_template_components(message.template_params, message.buttons, message.header),
                sender=sender,
                tracker=tracker,
            )
        elif message.kind == "text":
            wa.send_message(to=to, text=message.text, sender=sender, tracker=tracker)
        elif message.kind == "buttons":
            buttons = [PywaButton(title=b.title, callback_data=b.id) for b in message.buttons]
            wa.send_message(
                to=to,
                text=message.text,
                header=message.header or None,
                footer=message.footer or None,
                buttons=buttons,
                sender=sender,
                tracker=tracker,
            )
        elif message.kind == "list":
            wa.send_message(
                to=to,
                text=message.text,
                header=message.header or None,
                footer=message.footer or None,
                buttons=_section_list(message),
                sender=sender,
                tracker=tracker,
            )
        else:  # location_request: the API takes a body and nothing else
            wa.request_location(to=to, text=message.text, sender=sender, tracker=tracker)

    def _read_response(self, response: httpx.Response) -> None:
        response.read()
        self._exchange.responded = True
        if not response.is_success:
            raise provider_error(response.status_code, read_graph_error(response.content))
        wamid = _wamid(response.content)
        if not wamid:
            raise ProviderError(
                PERMANENT,
                "bad_response",
                f"the Graph API accepted the send without a message id: {response.text[:200]}",
            )
        self._exchange.wamid = wamid


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context for every channel: loading the CA bundle is most of what building a client costs."""
    return httpx.create_ssl_context()


def _recipient(phone: str) -> str:
    match = _PHONE.fullmatch(phone.strip())
    if not match:
        raise ProviderError(PERMANENT, "invalid_recipient", f"not an E.164 phone number: {phone!r}")
    return f"+{match.group(1)}"


def _check(message: OutgoingMessage) -> None:
    """What the request cannot even be built without; everything else is Meta's to judge."""
    if message.kind not in KINDS:
        raise ProviderError(PERMANENT, "unsupported_kind", f"WhatsApp cannot send {message.kind!r} messages")
    if message.kind == "template":
        if not message.template_name:
            raise ProviderError(PERMANENT, "invalid_message", "a template message needs template_name")
        if message.language not in _TEMPLATE_LANGUAGES:
            raise ProviderError(
                PERMANENT, "invalid_language", f"not a WhatsApp template language: {message.language!r}"
            )
        return
    if not message.text:
        raise ProviderError(PERMANENT, "invalid_message", f"a {message.kind} message needs text")
    if message.kind == "buttons" and not message.buttons:
        raise ProviderError(PERMANENT, "invalid_message", "a buttons message needs at least one button")
    if message.kind == "list" and not (message.rows and message.list_button):
        raise ProviderError(PERMANENT, "invalid_message", "a list message needs rows and list_button")


_TEMPLATE_LANGUAGES = frozenset(str(language.value) for language in TemplateLanguage) - {"UNKNOWN"}


def _template_components(
    params: tuple[str, ...], buttons: tuple[Button, ...] = (), header_image: str = ""
) -> list[dict[str, Any]] | None:
    # Written as the Cloud API documents it (lower-case "body"); pywa passes plain dicts through.
    components: list[dict[str, Any]] = []
    if header_image:  # a template approved with an image header (campaigns): WhatsApp fetches the link
        components.append(
            {"type": "header", "parameters": [{"type": "image", "image": {"link": header_image}}]}
        )
    if params:
        components.append(
            {"type": "body", "parameters": [{"type": "text", "text": value} for value in params]}
        )
    # The template's quick-reply buttons, in its order: each tap comes back with its payload, our button id.
    components.extend(
        {
            "type": "button",
            "sub_type": "quick_reply",
            "index": str(index),
            "parameters": [{"type": "payload", "payload": button.id}],
        }
        for index, button in enumerate(buttons)
    )
    return components or None


def _section_list(message: OutgoingMessage) -> SectionList:
    rows = [
        SectionRow(title=r.title, callback_data=r.id, description=r.description or None) for r in message.rows
    ]
    # One section; its title is the list button's label, which is what the buyer just tapped.
    return SectionList(
        button_title=message.list_button, sections=[Section(title=message.list_button, rows=rows)]
    )


def _wamid(body: bytes) -> str:
    try:
        payload = json.loads(body)
        wamid = payload["messages"][0]["id"]
    except (ValueError, KeyError, IndexError, TypeError):
        return ""
    return wamid if isinstance(wamid, str) else ""
