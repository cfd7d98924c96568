"""What parse() must give for every realdata WhatsApp case outside message.json."""

from __future__ import annotations

from whatsapp_expect import ACCOUNT_EVENTS, IDS, Expect, at, message, priced, status

OTHER_FILES: dict[tuple[str, str], Expect] = {
    **{
        ("account_update.json", case): Expect(ignored=[f"account_update:{event}"])
        for case, event in ACCOUNT_EVENTS.items()
    },
    ("callback_button.json", "button"): Expect(
        [
            message(
                "wamid.xyzxyz",
                "2023-10-25T20:45:30",
                "button",
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
                "wamid.xsidjw",
                "2023-10-25T21:23:47",
                "button",
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
                "wamid.xsidjx",
                "2023-10-25T21:23:47",
                "button",
                button_id="callback_data",
                button_title="title",
                extra=IDS,
            )
        ]
    ),
    ("callback_selection.json", "callback"): Expect(
        [
            message(
                "wamid.zyzxyz",
                "2023-10-25T20:48:25",
                "list",
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
                "wamid.zyzxyz",
                "2023-10-25T20:48:25",
                "list",
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
                "<WHATSAPP_MESSAGE_ID>",
                "2023-10-11T16:53:43",
                "other",
                to_id="<BUSINESS_PHONE_NUMBER_ID>",
                extra=IDS | {"type": "revoke", "original_message_id": "<ORIGINAL_WHATSAPP_MESSAGE_ID>"},
            )
        ]
    ),
    # The contact in this sample is another person than the sender: nothing of it is attributed to them.
    ("edited_message.json", "image"): Expect(
        [
            message(
                "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=",
                "2025-06-13T22:42:55",
                "other",
                from_phone="+16505551234",
                to_id="106540352242922",
                profile_name="",
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
                    "wamid.wegrchytvwcggt==",
                    "2023-12-13T21:21:13",
                    "other",
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
                "wamid.HBgMOTcyNTQ0NDAxMjQzFQIAEhggM0RFQTNCMEEwRTY3QzUwODYzMDc4NjQ4QzM4ODAxM0YA",
                "2024-10-29T19:58:23",
                "text",
                from_phone="+972544401243",
                to_id="277321005464405",
                profile_name="PyWa Tests",
                text="Hey there! I am using PyWa.",
            )
        ]
    ),
    # System messages carry no contacts array in the newer generation.
    ("system.json", "phone_number_change"): Expect(
        [
            message(
                "wamid.xyzxyz==",
                "2025-07-30T04:55:15",
                "other",
                profile_name="",
                text="User A changed from 972987654321 to 972912345678",
                extra={"type": "system", "system_type": "user_changed_number", "new_phone": "+972912345678"},
            )
        ]
    ),
    ("system.json", "identity_change"): Expect(
        [
            message(
                "wamid.xyzxyz",
                "2023-10-11T17:18:26",
                "other",
                profile_name="User A",
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
    ("user_marketing_preferences.json", "resume"): Expect(
        preferences=[("+16505551234", "resume", 1731705721)]
    ),
    ("user_marketing_preferences.json", "signup"): Expect(
        preferences=[("+16505551234", "signup", 1731705721)]
    ),
}
