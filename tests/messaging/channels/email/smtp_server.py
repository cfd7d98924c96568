"""A real SMTP server (aiosmtpd) on 127.0.0.1 and an ephemeral port, scripted to accept, refuse or ask for a login."""

from __future__ import annotations

import email
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class EphemeralController(Controller):
    """aiosmtpd connects to its own port once started; with port 0 it must first learn which port it got."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class ScriptedHandler:
    """Accepts everything unless told to answer RCPT TO or DATA with a given reply."""

    def __init__(self, *, rcpt_reply: str = "", data_reply: str = "") -> None:
        self.rcpt_reply, self.data_reply = rcpt_reply, data_reply
        self.received: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.logins: list[str] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_reply:
            return self.data_reply
        message = email.message_from_bytes(envelope.original_content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        self.received.append(message)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


def password_checker(handler: ScriptedHandler, login: str, password: str) -> Callable[..., AuthResult]:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data == (login.encode(), password.encode())
        if ok:
            handler.logins.append(login)
        return AuthResult(success=ok, handled=False)

    return check


@contextmanager
def running_smtp(handler: ScriptedHandler, **smtp_options: Any) -> Iterator[int]:
    """The port of a started SMTP server, stopped on the way out."""
    controller = EphemeralController(handler, hostname="127.0.0.1", port=0, ready_timeout=5.0, **smtp_options)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()
