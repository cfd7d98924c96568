"""What parse() must give for each case of realdata/whatsapp/message.json (what buyers send)."""

from __future__ import annotations

from decimal import Decimal

from whatsapp_expect import FORWARDED, IDS, Expect, media, message

MESSAGE_JSON: dict[tuple[str, str], Expect] = {
    ("message.json", "text"): Expect(
        [message("wamid.xyzxyz", "2023-10-11T16:53:43", "text", text="Body Text", extra=IDS)]
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
                "wamid.xyzxyz",
                "2023-10-11T17:14:16",
                "other",
                extra=IDS | {"type": "reaction", "reacted_to": "wamid.yzxyzx=", "emoji": "\U0001f62e"},
            )
        ]
    ),
    **{
        ("message.json", case): Expect(
            [
                message(
                    "wamid.xyzxyz",
                    "2023-10-11T17:14:16",
                    "other",
                    extra=IDS | {"type": "reaction", "reacted_to": "wamid.yzxyzx=", "emoji": ""},
                )
            ]
        )
        for case in ("unreaction_empty", "unreaction_no_emoji")
    },
    ("message.json", "current_location"): Expect(
        [
            message(
                "wamid.xyzxyz",
                "2023-10-11T17:15:57",
                "location",
                latitude=Decimal("12.25089"),
                longitude=Decimal("43.90539"),
                extra=IDS | FORWARDED,
            )
        ]
    ),
    ("message.json", "chosen_location"): Expect(
        [
            message(
                "wamid.xyzxyz",
                "2023-10-11T17:15:57",
                "location",
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
        [message("wamid.xyzxyz", "2023-10-11T17:17:01", "other", extra=IDS | {"type": "contacts"})]
    ),
    ("message.json", "order"): Expect(
        [
            message(
                "wamid.xyzxyz",
                "2023-10-11T17:17:48",
                "other",
                extra=IDS | {"type": "order", "catalog_id": "354160437058781"},
            )
        ]
    ),
    ("message.json", "unsupported"): Expect(
        [
            message(
                "wamid.xyzxyz",
                "2023-10-11T17:18:26",
                "other",
                extra=IDS
                | {"type": "unsupported", "error_code": "131051", "error_title": "Message type unknown"},
            )
        ]
    ),
    ("message.json", "unsupported_with_type"): Expect(
        [
            message(
                "wamid.xyzxyz",
                "2023-10-11T17:18:26",
                "other",
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
                "wamid.xyzxyz",
                "2023-10-11T17:19:06",
                "text",
                text="replied text",
                replied_to="wamid.xyzxyz==",
                extra=IDS,
            )
        ]
    ),
    ("message.json", "forwarded"): Expect(
        [message("wamid.xyzxyz", "2023-10-11T17:20:15", "text", text="forwarded text", extra=IDS | FORWARDED)]
    ),
    ("message.json", "forwarded_many_times"): Expect(
        [
            message(
                "wamid.xyzxyz",
                "2023-10-11T17:22:48",
                "text",
                text="text forwarded many times",
                extra=IDS | {"forwarded": "frequently"},
            )
        ]
    ),
    ("message.json", "interactive_message_with_err"): Expect(
        [
            message(
                "wamid.wegrchytvwcggt=",
                "2023-11-20T18:38:14",
                "other",
                replied_to="wamid.gvwegfretge==",
                extra=IDS | {"type": "interactive", "unreadable": "no content"},
            )
        ],
        ignored=["messages.errors:131000"],
    ),
    ("message.json", "referral"): Expect(
        [
            message(
                "wamid.ID",
                "2023-10-11T17:23:20",
                "text",
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
}
