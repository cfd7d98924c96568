"""parse() on batched, newer-generation, odd and broken bodies: it refuses only non-WhatsApp bodies."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wasl.messaging.channels.types import InboundMessage, StatusUpdate
from wasl.messaging.channels.whatsapp.webhook import parse
from wasl.shipping.types import AdapterError


def body_of(*changes: dict[str, Any], entries: int = 1) -> bytes:
    entry = [{"id": "1", "changes": list(changes)} for _ in range(entries)]
    return json.dumps({"object": "whatsapp_business_account", "entry": entry}).encode()


def messages_change(value: dict[str, Any]) -> dict[str, Any]:
    base = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "1555", "phone_number_id": "77"},
    }
    return {"field": "messages", "value": base | value}


def text(wamid: str, sender: str, body: str = "hi", when: str = "1700000000") -> dict[str, Any]:
    return {"from": sender, "id": wamid, "timestamp": when, "type": "text", "text": {"body": body}}


def realdata_case(realdata: Path, file: str, case: str) -> dict[str, Any]:
    return json.loads((realdata / "whatsapp" / file).read_text())[case]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"\xff\xfe", "invalid_json"),
        (b"{not json", "invalid_json"),
        (b"[]", "not_whatsapp"),
        (b'"text"', "not_whatsapp"),
        (b'{"object": "page", "entry": []}', "not_whatsapp"),
        (b'{"object": "whatsapp_business_account"}', "not_whatsapp"),
        (b'{"object": "whatsapp_business_account", "entry": {}}', "not_whatsapp"),
    ],
)
def test_bodies_that_are_no_whatsapp_webhook_are_refused_with_a_code(body: bytes, code: str) -> None:
    with pytest.raises(AdapterError) as raised:
        parse(body)
    assert raised.value.code == code
    assert raised.value.message


def test_empty_entry_list_is_an_empty_webhook() -> None:
    content = parse(b'{"object": "whatsapp_business_account", "entry": []}')
    assert (content.messages, content.statuses, content.ignored) == ([], [], [])


def test_batched_body_keeps_every_item_in_order(realdata: Path) -> None:
    # Given one body with two entries: the first has a text change and an account update, the second has a
    # change with two messages from two buyers, and one with a status
    text_change = realdata_case(realdata, "message.json", "text")["entry"][0]["changes"][0]
    account = realdata_case(realdata, "account_update.json", "account_deleted")["entry"][0]["changes"][0]
    status_change = realdata_case(realdata, "message_status.json", "delivered")["entry"][0]["changes"][0]
    two_buyers = messages_change(
        {
            "contacts": [
                {"profile": {"name": "Amina"}, "wa_id": "212600000001"},
                {"profile": {"name": "Karim"}, "wa_id": "212600000002"},
            ],
            "messages": [text("wamid.B", "212600000002", "second"), text("wamid.A", "212600000001", "first")],
        }
    )
    payload = {
        "object": "whatsapp_business_account",
        "entry": [
            {"id": "1", "changes": [text_change, account]},
            {"id": "2", "changes": [two_buyers, status_change]},
        ],
    }
    # When parsed
    content = parse(json.dumps(payload).encode())
    # Then every message and status is there, in body order, each with its own sender's name
    assert [(m.provider_id, m.from_phone, m.profile_name, m.text) for m in content.messages] == [
        ("wamid.xyzxyz", "+972987654321", "Test Name", "Body Text"),
        ("wamid.B", "+212600000002", "Karim", "second"),
        ("wamid.A", "+212600000001", "Amina", "first"),
    ]
    assert [(s.provider_id, s.status) for s in content.statuses] == [("wamid.xyzxyz", "delivered")]
    assert content.ignored == ["account_update:ACCOUNT_DELETED"]


def test_a_message_with_a_business_scoped_id_and_no_phone_is_kept() -> None:
    # Given the newer generation for a buyer with a username: no "from", no wa_id, only ids
    message = {
        "from_user_id": "SA.8812",
        "id": "wamid.U",
        "timestamp": "1700000000",
        "type": "text",
        "text": {"body": "وين طلبي؟"},
    }
    contact = {
        "profile": {"name": "Noura", "username": "@noura"},
        "user_id": "SA.8812",
        "parent_user_id": "SA.ENT.1",
    }
    # When parsed
    content = parse(body_of(messages_change({"contacts": [contact], "messages": [message]})))
    # Then the message is there without a phone, with the ids and username to find the buyer by
    assert content.messages == [
        InboundMessage(
            provider_id="wamid.U",
            channel="whatsapp",
            from_phone="",
            to_id="77",
            received_at=datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC),
            kind="text",
            text="وين طلبي؟",
            profile_name="Noura",
            extra={"user_id": "SA.8812", "parent_user_id": "SA.ENT.1", "username": "@noura"},
        )
    ]


def test_a_phone_known_only_from_the_contact_is_used() -> None:
    # Given a message with only from_user_id whose contact still carries the phone (Meta's contact book)
    message = {
        "from_user_id": "SA.1",
        "id": "wamid.C",
        "timestamp": "1700000000",
        "type": "text",
        "text": {"body": "x"},
    }
    contacts = [{"profile": {"name": "Other"}, "wa_id": "966500000009", "user_id": "SA.9"}]
    contacts.append({"profile": {"name": "Sara"}, "wa_id": "966500000001", "user_id": "SA.1"})
    content = parse(body_of(messages_change({"contacts": contacts, "messages": [message]})))
    # Then the phone and name are the matching contact's, not the first one's
    assert (content.messages[0].from_phone, content.messages[0].profile_name) == ("+966500000001", "Sara")


@pytest.mark.parametrize(
    ("message", "note"),
    [
        ("not an object", "malformed:message is not an object"),
        (
            {"from": "966500000001", "timestamp": "1700000000", "type": "text"},
            "malformed:message without an id",
        ),
        (
            {"from": "966500000001", "id": "wamid.T", "timestamp": "soon", "type": "text"},
            "malformed:message wamid.T has no readable timestamp",
        ),
        (
            {"from": "966500000001", "id": "wamid.T", "timestamp": "-5", "type": "text"},
            "malformed:message wamid.T has no readable timestamp",
        ),
        (
            {"from": "966500000001", "id": "wamid.T", "timestamp": True, "type": "text"},
            "malformed:message wamid.T has no readable timestamp",
        ),
        (
            {"id": "wamid.N", "timestamp": "1700000000", "type": "text"},
            "malformed:message wamid.N names no sender",
        ),
    ],
)
def test_broken_messages_are_noted_and_the_rest_still_read(message: Any, note: str) -> None:
    # Given a change with a broken message followed by a good one
    change = messages_change({"messages": [message, text("wamid.OK", "966500000001")]})
    # When parsed
    content = parse(body_of(change))
    # Then the broken one is noted with where it was, and the good one is read
    assert content.ignored == [f"{note} at entry[0].changes[0].messages[0]"]
    assert [m.provider_id for m in content.messages] == ["wamid.OK"]


@pytest.mark.parametrize(
    ("content", "kind", "extra"),
    [
        ({"type": "text", "text": {}}, "other", {"type": "text", "unreadable": "no content"}),
        (
            {"type": "button", "button": {"text": "Yes"}},
            "other",
            {"type": "button", "unreadable": "no content"},
        ),
        (
            {
                "type": "interactive",
                "interactive": {"type": "button_reply", "button_reply": {"title": "Yes"}},
            },
            "other",
            {"type": "interactive", "unreadable": "no reply id", "interactive_type": "button_reply"},
        ),
        (
            {"type": "location", "location": {"latitude": 91, "longitude": 3}},
            "other",
            {"type": "location", "unreadable": "no valid latitude and longitude"},
        ),
        (
            {"type": "location", "location": {"latitude": "x", "longitude": 3}},
            "other",
            {"type": "location", "unreadable": "no valid latitude and longitude"},
        ),
        ({"text": {"body": "no type"}}, "other", {"type": "unknown", "unreadable": "no type"}),
        ({"type": "poll", "poll": {"q": 1}}, "other", {"type": "poll"}),
    ],
)
def test_unreadable_content_still_reaches_the_inbox_as_other(
    content: dict[str, Any], kind: str, extra: dict[str, str]
) -> None:
    message = {"from": "966500000001", "id": "wamid.Q", "timestamp": "1700000000", **content}
    parsed = parse(body_of(messages_change({"messages": [message]}))).messages
    assert [(m.kind, m.extra) for m in parsed] == [(kind, extra)]


def test_location_given_as_strings_and_integers_is_exact() -> None:
    location = {"type": "location", "location": {"latitude": "24.7136", "longitude": 46}}
    message = {"from": "966500000001", "id": "wamid.L", "timestamp": 1700000000, **location}
    parsed = parse(body_of(messages_change({"messages": [message]}))).messages[0]
    assert (parsed.kind, parsed.latitude, parsed.longitude) == ("location", Decimal("24.7136"), Decimal("46"))


def test_statuses_odd_and_broken() -> None:
    # Given statuses: upper-case, unknown, without id, unreadable time, integer time, failed without errors
    statuses = [
        {"id": "wamid.1", "status": "DELIVERED", "timestamp": "1700000000", "recipient_id": "966500000001"},
        {"id": "wamid.2", "status": "deleted", "timestamp": "1700000000", "recipient_id": "966500000001"},
        {"status": "sent", "timestamp": "1700000000"},
        {"id": "wamid.3", "status": "read", "timestamp": "", "recipient_id": "966500000001"},
        {"id": "wamid.4", "status": "failed", "timestamp": 1700000001, "recipient_user_id": "SA.1"},
        "junk",
    ]
    # When parsed
    content = parse(body_of(messages_change({"statuses": statuses})))
    # Then the readable ones are kept exactly and each other one is noted
    assert content.statuses == [
        StatusUpdate(
            provider_id="wamid.1",
            channel="whatsapp",
            status="delivered",
            at=datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC),
            recipient="+966500000001",
        ),
        StatusUpdate(
            provider_id="wamid.4",
            channel="whatsapp",
            status="failed",
            at=datetime(2023, 11, 14, 22, 13, 21, tzinfo=UTC),
        ),
    ]
    where = "entry[0].changes[0].statuses"
    assert content.ignored == [
        "status:deleted",
        f"malformed:status without an id or a status at {where}[2]",
        f"malformed:status read of wamid.3 has no readable timestamp at {where}[3]",
        f"malformed:status is not an object at {where}[5]",
    ]


def test_broken_envelope_parts_are_noted() -> None:
    payload = {
        "object": "whatsapp_business_account",
        "entry": [
            "junk",
            {"changes": "junk"},
            {"changes": ["junk", {"field": "messages", "value": {"messages": {}, "statuses": 5}}]},
        ],
    }
    content = parse(json.dumps(payload).encode())
    assert content.ignored == [
        "malformed:entry[0] has no list of changes",
        "malformed:entry[1] has no list of changes",
        "malformed:entry[2].changes[0] has no value object",
        "malformed:entry[2].changes[1].messages is not a list",
        "malformed:entry[2].changes[1].statuses is not a list",
    ]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=25,
)
KEYS = st.sampled_from(
    ["from", "id", "timestamp", "type", "text", "interactive", "location", "button", "context", "errors"]
)


@settings(max_examples=200, deadline=None)
@given(
    message=st.dictionaries(KEYS, JSON, max_size=8),
    status=st.dictionaries(
        st.sampled_from(["id", "status", "timestamp", "recipient_id", "errors", "pricing"]), JSON
    ),
    contacts=JSON,
)
def test_any_content_inside_a_whatsapp_envelope_never_raises(
    message: dict[str, Any], status: dict[str, Any], contacts: Any
) -> None:
    # Given arbitrary JSON where messages, statuses and contacts go, when parsed, then it does not raise
    change = messages_change({"contacts": contacts, "messages": [message], "statuses": [status]})
    content = parse(body_of(change))
    assert len(content.messages) + len(content.ignored) + len(content.statuses) >= 1
