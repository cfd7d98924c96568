"""parse() against every real WhatsApp Cloud API webhook in realdata/whatsapp/, with exact expectations.

Each file holds named cases (one webhook body each). The table below names what every case must give;
a case added to the folder without an expectation fails the coverage test.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from wasl.messaging.channels.types import InboundMessage, StatusUpdate
from wasl.messaging.channels.whatsapp.webhook import parse

BUYER = "+972987654321"
OUR_NUMBER_ID = "1122334455667"
IDS = {"user_id": "US.13491208655302741918", "parent_user_id": "US.ENT.11815799212886844830"}
NOT_CASES = {"LICENSE", "NOTES_whatsapp_cloud_api.md"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def message(**fields: Any) -> InboundMessage:
    defaults = {
        "channel": "whatsapp",
        "from_phone": BUYER,
        "to_id": OUR_NUMBER_ID,
        "profile_name": "Test Name",
    }
    return InboundMessage(**(defaults | fields))


def status(**fields: Any) -> StatusUpdate:
    defaults = {"provider_id": "wamid.xyzxyz", "channel": "whatsapp", "recipient": BUYER}
    return StatusUpdate(**(defaults | fields))


def priced(**fields: Any) -> StatusUpdate:
    return status(pricing_category="service", billable=True, **fields)


@dataclass(frozen=True)
class Expect:
    messages: list[InboundMessage] = field(default_factory=list)
    statuses: list[StatusUpdate] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def media(kind: str, when: str, mime: str, media_id: str, **more: Any) -> Expect:
    extra = IDS | more.pop("extra", {}) | {"type": kind, "mime_type": mime, "media_id": media_id}
    return Expect(
        [message(provider_id="wamid.xyzxyz", received_at=at(when), kind="other", extra=extra, **more)]
    )


FORWARDED = {"forwarded": "true"}
ACCOUNT_EVENTS = {
    "account_deleted": "ACCOUNT_DELETED",
    "account_restriction": "ACCOUNT_RESTRICTION",
    "account_violation": "ACCOUNT_VIOLATION",
    "ad_account_linked": "AD_ACCOUNT_LINKED",
    "authentication_international_eligibility": "AUTH_INTL_PRICE_ELIGIBILITY_UPDATE",
    "account_disabled": "DISABLED_UPDATE",
    "mm_api_for_wa_terms_of_service": "MM_LITE_TERMS_SIGNED",
    "partner_added": "PARTNER_ADDED",
    "partner_app_installed": "PARTNER_APP_INSTALLED",
    "partner_app_uninstalled": "PARTNER_APP_UNINSTALLED",
    "partner_led_business_verification_status": "PARTNER_CLIENT_CERTIFICATION_STATUS_UPDATE",
    "partner_removed": "PARTNER_REMOVED",
    "partner_removed_wa_app_disconnection": "PARTNER_REMOVED",
    "primary_business_location_set": "BUSINESS_PRIMARY_LOCATION_COUNTRY_UPDATE",
    "pricing_tiering_update": "VOLUME_BASED_PRICING_TIER_UPDATE",
    "account_offboarded": "ACCOUNT_OFFBOARDED",
    "account_reconnected": "ACCOUNT_RECONNECTED",
}

EXPECTED: dict[tuple[str, str], Expect] = {
    **{
        ("account_update.json", case): Expect(ignored=[f"account_update:{event}"])
        for case, event in ACCOUNT_EVENTS.items()
    },
    ("callback_button.json", "button"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                received_at=at("2023-10-25T20:45:30"),
                kind="button",
                button_id="callback_data",
                button_title="title",
                replied_to="wamid.xyzxyz",
                extra=IDS,
            )
        ]
    ),
    ("callback_button.json", "quick_reply"): Expect(
        [
            message(
                provider_id="wamid.xsidjw",
                received_at=at("2023-10-25T21:23:47"),
                kind="button",
                button_id="callback_data",
                button_title="title",
                replied_to="wamid.xyzxyz==",
                extra=IDS,
            )
        ]
    ),
    ("callback_button.json", "quick_reply_without_context"): Expect(
        [
            message(
                provider_id="wamid.xsidjx",
                received_at=at("2023-10-25T21:23:47"),
                kind="button",
                button_id="callback_data",
                button_title="title",
                extra=IDS,
            )
        ]
    ),
    ("callback_selection.json", "callback"): Expect(
        [
            message(
                provider_id="wamid.zyzxyz",
                received_at=at("2023-10-25T20:48:25"),
                kind="list",
                button_id="callback_data",
                button_title="title",
                replied_to="wamid.xyzxyz",
                extra=IDS,
            )
        ]
    ),
    ("callback_selection.json", "description"): Expect(
        [
            message(
                provider_id="wamid.zyzxyz",
                received_at=at("2023-10-25T20:48:25"),
                kind="list",
                button_id="callback_data",
                button_title="title",
                replied_to="wamid.xyzxyz",
                extra=IDS | {"description": "description"},
            )
        ]
    ),
    # Meta's documentation sample: placeholders instead of the sender's phone and of our number id, so the
    # sender is the change's only contact.
    ("deleted_message.json", "revoke"): Expect(
        [
            message(
                provider_id="<WHATSAPP_MESSAGE_ID>",
                to_id="<BUSINESS_PHONE_NUMBER_ID>",
                received_at=at("2023-10-11T16:53:43"),
                kind="other",
                extra=IDS | {"type": "revoke", "original_message_id": "<ORIGINAL_WHATSAPP_MESSAGE_ID>"},
            )
        ]
    ),
    # The contact in this sample is another person than the sender: nothing of it is attributed to them.
    ("edited_message.json", "image"): Expect(
        [
            message(
                provider_id="wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=",
                from_phone="+16505551234",
                to_id="106540352242922",
                profile_name="",
                received_at=at("2025-06-13T22:42:55"),
                kind="other",
                extra={
                    "type": "edit",
                    "original_message_id": "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=",
                },
            )
        ]
    ),
    **{
        ("flow_completion.json", case): Expect(
            [
                message(
                    provider_id="wamid.wegrchytvwcggt==",
                    received_at=at("2023-12-13T21:21:13"),
                    kind="other",
                    replied_to="wamid.gvwegfretge==",
                    extra=IDS
                    | {
                        "type": "interactive",
                        "interactive_type": "nfm_reply",
                        "flow_response_json": response,
                    },
                )
            ]
        )
        for case, response in {
            "completion": '{"comment_text":"Comment Text","delivery_rating":"4","flow_token":'
            '"AQAAAAACS5FpgQ_cAAAAAD0QI3s.","purchase_rating":"2","recommend_radio":"0","cs_rating":"0"}',
            "without_flow_token": '{"comment_text":"Comment Text","delivery_rating":"4","purchase_rating":"2",'
            '"recommend_radio":"0","cs_rating":"0"}',
        }.items()
    },
    ("message.json", "text"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                received_at=at("2023-10-11T16:53:43"),
                kind="text",
                text="Body Text",
                extra=IDS,
            )
        ]
    ),
    ("message.json", "image"): media("image", "2023-10-11T16:56:19", "image/jpeg", "65463453"),
    ("message.json", "media_with_url"): media("image", "2023-10-11T16:56:19", "image/jpeg", "65463453"),
    ("message.json", "video"): media(
        "video", "2023-10-11T17:12:42", "video/mp4", "765756756", text="caption", extra=FORWARDED
    ),
    ("message.json", "document"): media(
        "document",
        "2023-10-11T17:01:06",
        "application/pdf",
        "1234567890987654321",
        text="caption",
        extra=FORWARDED | {"filename": "filename.pdf"},
    ),
    ("message.json", "audio"): media(
        "audio", "2023-10-11T16:58:29", "audio/ogg; codecs=opus", "1234567890987654321", extra=FORWARDED
    ),
    ("message.json", "voice"): media(
        "audio", "2023-10-11T16:57:53", "audio/ogg; codecs=opus", "1234567890987654321"
    ),
    ("message.json", "static_sticker"): media(
        "sticker", "2023-10-11T17:02:40", "image/webp", "1234567890987654321"
    ),
    ("message.json", "animated_sticker"): media(
        "sticker", "2023-10-11T17:03:05", "image/webp", "1234567890987654321"
    ),
    ("message.json", "reaction"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                received_at=at("2023-10-11T17:14:16"),
                kind="other",
                extra=IDS | {"type": "reaction", "reacted_to": "wamid.yzxyzx=", "emoji": "\U0001f62e"},
            )
        ]
    ),
    **{
        ("message.json", case): Expect(
            [
                message(
                    provider_id="wamid.xyzxyz",
                    received_at=at("2023-10-11T17:14:16"),
                    kind="other",
                    extra=IDS | {"type": "reaction", "reacted_to": "wamid.yzxyzx=", "emoji": ""},
                )
            ]
        )
        for case in ("unreaction_empty", "unreaction_no_emoji")
    },
    ("message.json", "current_location"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                received_at=at("2023-10-11T17:15:57"),
                kind="location",
                latitude=Decimal("12.25089"),
                longitude=Decimal("43.90539"),
                extra=IDS | FORWARDED,
            )
        ]
    ),
    ("message.json", "chosen_location"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                received_at=at("2023-10-11T17:15:57"),
                kind="location",
                latitude=Decimal("37.4611978"),
                longitude=Decimal("-122.2164385"),
                extra=IDS
                | FORWARDED
                | {
                    "location_name": "Facebook HQ",
                    "location_address": "1 Hacker Way, Menlo Park, CA 94025",
                    "location_url": "https://maps.google.com/?cid=2000000000000000000",
                },
            )
        ]
    ),
    ("message.json", "contacts"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                received_at=at("2023-10-11T17:17:01"),
                kind="other",
                extra=IDS | {"type": "contacts"},
            )
        ]
    ),
    ("message.json", "order"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                received_at=at("2023-10-11T17:17:48"),
                kind="other",
                extra=IDS | {"type": "order", "catalog_id": "354160437058781"},
            )
        ]
    ),
    ("message.json", "unsupported"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                received_at=at("2023-10-11T17:18:26"),
                kind="other",
                extra=IDS
                | {"type": "unsupported", "error_code": "131051", "error_title": "Message type unknown"},
            )
        ]
    ),
    ("message.json", "unsupported_with_type"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                received_at=at("2023-10-11T17:18:26"),
                kind="other",
                extra=IDS
                | {
                    "type": "unsupported",
                    "unsupported_type": "pool",
                    "error_code": "131051",
                    "error_title": "Message type unknown",
                },
            )
        ]
    ),
    ("message.json", "reply"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                received_at=at("2023-10-11T17:19:06"),
                kind="text",
                text="replied text",
                replied_to="wamid.xyzxyz==",
                extra=IDS,
            )
        ]
    ),
    ("message.json", "forwarded"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                received_at=at("2023-10-11T17:20:15"),
                kind="text",
                text="forwarded text",
                extra=IDS | FORWARDED,
            )
        ]
    ),
    ("message.json", "forwarded_many_times"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                received_at=at("2023-10-11T17:22:48"),
                kind="text",
                text="text forwarded many times",
                extra=IDS | {"forwarded": "frequently"},
            )
        ]
    ),
    ("message.json", "interactive_message_with_err"): Expect(
        [
            message(
                provider_id="wamid.wegrchytvwcggt=",
                received_at=at("2023-11-20T18:38:14"),
                kind="other",
                replied_to="wamid.gvwegfretge==",
                extra=IDS | {"type": "interactive", "unreadable": "no content"},
            )
        ],
        ignored=["messages.errors:131000"],
    ),
    ("message.json", "referral"): Expect(
        [
            message(
                provider_id="wamid.ID",
                received_at=at("2023-10-11T17:23:20"),
                kind="text",
                text="BODY",
                extra=IDS
                | {
                    "referral_source_type": "ad or post",
                    "referral_source_id": "ADID",
                    "referral_source_url": "AD_OR_POST_FB_URL",
                    "ctwa_clid": "CTWA_CLID",
                },
            )
        ]
    ),
    ("message_status.json", "sent"): Expect(statuses=[priced(status="sent", at=at("2023-10-25T20:49:05"))]),
    ("message_status.json", "delivered"): Expect(
        statuses=[priced(status="delivered", at=at("2023-10-25T20:49:05"))]
    ),
    ("message_status.json", "read"): Expect(statuses=[priced(status="read", at=at("2023-07-15T00:20:58"))]),
    ("message_status.json", "played"): Expect(ignored=["status:played"]),
    ("message_status.json", "failed"): Expect(
        statuses=[
            status(
                status="failed",
                at=at("2023-07-15T00:20:58"),
                error_code="130472",
                error_title="User's number is part of an experiment",
            )
        ]
    ),
    ("message_status.json", "with_tracker"): Expect(
        statuses=[priced(status="sent", at=at("2023-10-25T20:49:05"))]
    ),
    ("message_status.json", "group"): Expect(ignored=["status:group"]),
    **{
        ("outgoing_message.json", case): Expect(ignored=["smb_message_echoes"])
        for case in ("text", "delete", "edit")
    },
    ("signature_vector.json", "raw_body"): Expect(
        [
            message(
                provider_id="wamid.HBgMOTcyNTQ0NDAxMjQzFQIAEhggM0RFQTNCMEEwRTY3QzUwODYzMDc4NjQ4QzM4ODAxM0YA",
                from_phone="+972544401243",
                to_id="277321005464405",
                profile_name="PyWa Tests",
                received_at=at("2024-10-29T19:58:23"),
                kind="text",
                text="Hey there! I am using PyWa.",
            )
        ]
    ),
    # System messages carry no contacts array in the newer generation.
    ("system.json", "phone_number_change"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz==",
                profile_name="",
                received_at=at("2025-07-30T04:55:15"),
                kind="other",
                text="User A changed from 972987654321 to 972912345678",
                extra={"type": "system", "system_type": "user_changed_number", "new_phone": "+972912345678"},
            )
        ]
    ),
    ("system.json", "identity_change"): Expect(
        [
            message(
                provider_id="wamid.xyzxyz",
                profile_name="User A",
                received_at=at("2023-10-11T17:18:26"),
                kind="other",
                text="User identity changed",
                extra={"type": "system", "system_type": "customer_identity_changed"},
            )
        ]
    ),
    ("template_category_update.json", "marketing"): Expect(ignored=["template_category_update"]),
    ("template_components_update.json", "element.all"): Expect(
        ignored=["message_template_components_update"]
    ),
    ("template_components_update.json", "element"): Expect(ignored=["message_template_components_update"]),
    ("template_quality_update.json", "yellow"): Expect(ignored=["message_template_quality_update"]),
    ("template_status_update.json", "approved"): Expect(ignored=["message_template_status_update:APPROVED"]),
    ("template_status_update.json", "rejected"): Expect(ignored=["message_template_status_update:REJECTED"]),
    ("user_marketing_preferences.json", "resume"): Expect(ignored=["user_preferences"]),
    ("user_marketing_preferences.json", "signup"): Expect(ignored=["user_preferences"]),
}


def cases_of(path: Path) -> dict[str, bytes]:
    """Each named webhook body in one realdata file, as raw bytes."""
    document = json.loads(path.read_text())
    if path.name == "signature_vector.json":
        return {"raw_body": document["raw_body"].encode()}
    if path.name == "template_components_update.json":
        # "element" is a webhook body of its own that also nests a second one under "all".
        element = document["element"]
        return {"element": json.dumps(element).encode(), "element.all": json.dumps(element["all"]).encode()}
    return {name: json.dumps(body).encode() for name, body in document.items()}


def all_cases(folder: Path) -> dict[tuple[str, str], bytes]:
    found = {}
    for path in sorted(folder.iterdir()):
        if path.name not in NOT_CASES:
            found |= {(path.name, name): body for name, body in cases_of(path).items()}
    return found


def test_every_realdata_case_has_an_expectation(realdata: Path) -> None:
    # Given the real payload folder, when its cases are listed, then each has exactly one expectation
    assert sorted(all_cases(realdata / "whatsapp")) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED), ids=lambda case: f"{case[0]}:{case[1]}")
def test_realdata_case_parses_exactly(realdata: Path, case: tuple[str, str]) -> None:
    # Given one real webhook body
    body = all_cases(realdata / "whatsapp")[case]
    # When it is parsed
    content = parse(body)
    # Then messages, statuses and ignored notes are exactly the expected ones
    expected = EXPECTED[case]
    assert content.messages == expected.messages
    assert content.statuses == expected.statuses
    assert content.ignored == expected.ignored


def test_times_are_aware_utc_and_phones_e164(realdata: Path) -> None:
    # Given every real body, when parsed, then every time is aware UTC and every phone is + and digits
    for body in all_cases(realdata / "whatsapp").values():
        content = parse(body)
        for item in [*content.messages, *content.statuses]:
            moment = item.received_at if isinstance(item, InboundMessage) else item.at
            assert moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 0
            phone = item.from_phone if isinstance(item, InboundMessage) else item.recipient
            assert phone.startswith("+") and phone[1:].isdigit()
