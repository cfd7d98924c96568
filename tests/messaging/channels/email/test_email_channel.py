"""The e-mail channel against a real SMTP server on 127.0.0.1: what arrives, and how refusals and outages map."""

from __future__ import annotations

import re

import pytest
from smtp_server import ScriptedHandler, password_checker, running_smtp

from wasl.messaging.channels.email import EmailChannel
from wasl.messaging.channels.types import NOT_ON_CHANNEL, PERMANENT, TEMPORARY, OutgoingMessage, ProviderError

ARABIC_TEXT = "طلبك رقم 1042 في الطريق.\nتتبّع الشحنة: https://souq.example/t/1042?a=1&b=2"


def channel(port: int, **overrides: object) -> EmailChannel:
    options: dict[str, object] = {
        "host": "127.0.0.1",
        "port": port,
        "from_address": "Souq <orders@souq.example>",
    }
    options |= overrides
    return EmailChannel(**options)  # type: ignore[arg-type]


def arabic_message(**overrides: object) -> OutgoingMessage:
    fields: dict[str, object] = {
        "idempotency_key": "order:1042:shipped",
        "to": "buyer@example.org",
        "kind": "email",
        "language": "ar",
        "subject": "طلبك في الطريق",
        "text": ARABIC_TEXT,
        "footer": "سوق <الرياض> & جدة",
    }
    return OutgoingMessage(**(fields | overrides))  # type: ignore[arg-type]


def test_an_arabic_message_arrives_with_headers_text_and_rtl_html() -> None:
    # Given a running SMTP server and a store's e-mail channel
    handler = ScriptedHandler()
    with running_smtp(handler) as port:
        # When an Arabic message is sent
        result = channel(port).send(arabic_message())

    # Then one mail arrived, from the store to the buyer, under the returned Message-ID
    assert handler.envelopes == [("orders@souq.example", ["buyer@example.org"])]
    (mail,) = handler.received
    assert mail["Message-ID"] == result.provider_id
    assert re.fullmatch(r"<[0-9a-f]{32}\.wasl@souq\.example>", result.provider_id)
    assert (result.cost, result.currency) == (None, "")
    assert mail["Subject"] == "طلبك في الطريق"
    assert mail["From"] == "Souq <orders@souq.example>"
    assert mail["To"] == "buyer@example.org"
    assert mail["Content-Language"] == "ar"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail.get_content_type() == "multipart/alternative"
    # And the plain part is the text and footer as written
    plain = mail.get_body(preferencelist=("plain",))
    assert plain is not None
    # (SMTP carries CRLF line ends; the text itself has plain newlines)
    assert plain.get_content().replace("\r\n", "\n") == ARABIC_TEXT + "\n\nسوق <الرياض> & جدة"
    # And the HTML part is right to left, escaped, with the link clickable
    html_part = mail.get_body(preferencelist=("html",))
    assert html_part is not None
    html = html_part.get_content()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<body dir="rtl"' in html
    assert "text-align:right" in html
    assert "<p>طلبك رقم 1042 في الطريق.<br>تتبّع الشحنة: " in html
    assert '<a href="https://souq.example/t/1042?a=1&amp;b=2" rel="nofollow">' in html
    assert "سوق &lt;الرياض&gt; &amp; جدة" in html
    assert "<الرياض>" not in html


def test_an_english_message_is_left_to_right_and_markup_in_the_text_is_escaped() -> None:
    # Given a message whose text carries markup
    handler = ScriptedHandler()
    message = arabic_message(language="en", subject="", header="Your order", text="<b>1 & 2</b>", footer="")
    with running_smtp(handler) as port:
        channel(port).send(message)

    # Then the subject falls back to the header and the HTML is left to right with the markup escaped
    (mail,) = handler.received
    assert mail["Subject"] == "Your order"
    html_part = mail.get_body(preferencelist=("html",))
    assert html_part is not None
    html = html_part.get_content()
    assert '<html lang="en" dir="ltr">' in html
    assert "&lt;b&gt;1 &amp; 2&lt;/b&gt;" in html
    assert "<b>" not in html


def test_every_retry_of_one_message_carries_the_same_message_id() -> None:
    # Given the same logical message sent twice (a retry) and another message
    handler = ScriptedHandler()
    with running_smtp(handler) as port:
        first = channel(port).send(arabic_message())
        retry = channel(port).send(arabic_message())
        other = channel(port).send(arabic_message(idempotency_key="order:1042:delivered"))

    # Then the retry's Message-ID is the first one's, and another message has its own
    assert first.provider_id == retry.provider_id
    assert other.provider_id != first.provider_id
    assert [mail["Message-ID"] for mail in handler.received] == [first.provider_id] * 2 + [other.provider_id]


def test_the_message_sender_overrides_the_channel_from_address() -> None:
    handler = ScriptedHandler()
    with running_smtp(handler) as port:
        result = channel(port).send(arabic_message(sender_id="care@souq.example"))

    assert handler.envelopes == [("care@souq.example", ["buyer@example.org"])]
    assert result.provider_id.endswith("@souq.example>")


def test_username_and_password_log_in_before_sending() -> None:
    # Given a server that asks for a login
    handler = ScriptedHandler()
    checker = password_checker(handler, "orders@souq.example", "s3cret")
    with running_smtp(handler, authenticator=checker, auth_require_tls=False) as port:
        # When the channel has the right credentials, the mail goes through
        channel(port, username="orders@souq.example", password="s3cret").send(arabic_message())
        # And with a wrong password it is refused for good
        with pytest.raises(ProviderError) as refused:
            channel(port, username="orders@souq.example", password="wrong").send(arabic_message())

    assert handler.logins == ["orders@souq.example"]
    assert len(handler.received) == 1
    assert (refused.value.kind, refused.value.code) == (PERMANENT, "535")


@pytest.mark.parametrize(
    ("reply", "kind", "code"),
    [
        ("550 5.1.1 <buyer@example.org>: Recipient address rejected: User unknown", NOT_ON_CHANNEL, "550"),
        ("550 No such user here", NOT_ON_CHANNEL, "550"),
        ("553 Requested action not taken: mailbox name not allowed", NOT_ON_CHANNEL, "553"),
        ("550 5.7.1 Relaying denied", PERMANENT, "550"),
        ("552 5.2.2 Mailbox full", PERMANENT, "552"),
        ("450 4.2.1 Mailbox temporarily unavailable, try later", TEMPORARY, "450"),
    ],
)
def test_a_refused_recipient_maps_by_its_reply(reply: str, kind: str, code: str) -> None:
    # Given a server that refuses the recipient with `reply`
    handler = ScriptedHandler(rcpt_reply=reply)
    with running_smtp(handler) as port, pytest.raises(ProviderError) as refused:
        # When a message is sent
        channel(port).send(arabic_message())

    # Then nothing arrived and the error says what to do next
    assert handler.received == []
    assert (refused.value.kind, refused.value.code) == (kind, code)
    assert refused.value.message == reply.split(" ", 1)[1]
    assert refused.value.retryable is (kind == TEMPORARY)


@pytest.mark.parametrize(
    ("reply", "kind", "code"),
    [
        ("451 4.3.0 Try again later", TEMPORARY, "451"),
        ("554 5.6.0 Message content rejected", PERMANENT, "554"),
    ],
)
def test_a_refused_message_body_maps_by_its_reply(reply: str, kind: str, code: str) -> None:
    handler = ScriptedHandler(data_reply=reply)
    with running_smtp(handler) as port, pytest.raises(ProviderError) as refused:
        channel(port).send(arabic_message())

    assert (refused.value.kind, refused.value.code) == (kind, code)


def test_a_server_that_is_down_is_a_temporary_connection_error(free_port: int) -> None:
    # Given nothing listening on the configured port
    with pytest.raises(ProviderError) as down:
        # When a message is sent
        channel(free_port, timeout_s=2.0).send(arabic_message())

    # Then it is worth retrying later
    assert (down.value.kind, down.value.code) == (TEMPORARY, "connection")
    assert down.value.retryable is True


def test_an_address_that_is_not_an_email_address_is_not_on_the_channel() -> None:
    # No server is needed: the address is refused before any connection.
    with pytest.raises(ProviderError) as refused:
        channel(1).send(arabic_message(to="+966500000000"))

    assert (refused.value.kind, refused.value.code) == (NOT_ON_CHANNEL, "invalid_address")


def test_tls_and_ssl_together_are_a_permanent_configuration_error() -> None:
    with pytest.raises(ProviderError) as refused:
        channel(1, use_tls=True, use_ssl=True).send(arabic_message())

    assert (refused.value.kind, refused.value.code) == (PERMANENT, "config")
