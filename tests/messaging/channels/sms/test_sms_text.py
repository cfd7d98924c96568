"""What an SMS says for messages written for richer channels, and reading numbered answers back."""

from __future__ import annotations

import pytest

from wasl.messaging.channels.sms import numbered_choice, render_text
from wasl.messaging.channels.types import Button, ListRow, OutgoingMessage


def message(**fields: object) -> OutgoingMessage:
    return OutgoingMessage(**({"idempotency_key": "k", "to": "+966501234567", "kind": "text"} | fields))  # type: ignore[arg-type]


def test_a_plain_text_is_sent_as_written() -> None:
    assert render_text(message(text="Your parcel is out for delivery")) == "Your parcel is out for delivery"


def test_header_text_buttons_and_footer_are_separated_by_blank_lines() -> None:
    rendered = render_text(
        message(
            kind="buttons",
            header="Order 1042",
            text="Please confirm your cash-on-delivery order.",
            buttons=(
                Button("cod:confirm", "Confirm"),
                Button("cod:cancel", "Cancel"),
                Button("cod:edit", "Edit"),
            ),
            footer="Souq",
        )
    )

    assert rendered == (
        "Order 1042\n\nPlease confirm your cash-on-delivery order.\n\n1. Confirm\n2. Cancel\n3. Edit\n\nSouq"
    )


def test_list_rows_are_numbered_like_buttons() -> None:
    rows = (ListRow("slot:am", "Morning", "9-12"), ListRow("slot:pm", "Afternoon"))

    assert render_text(message(kind="list", text="When?", list_button="Pick", rows=rows)) == (
        "When?\n\n1. Morning\n2. Afternoon"
    )


def test_a_message_with_nothing_to_say_renders_empty() -> None:
    assert render_text(message(kind="template", template_name="cod_confirm", text=" \n ")) == ""


@pytest.mark.parametrize(
    ("reply", "expected"),
    [("1", 0), (" 2 ", 1), ("2.", 1), ("3)", 2), ("١", 0), ("٣", 2), ("۲", 1), ("4", None), ("0", None)],
)
def test_a_numbered_reply_picks_an_option(reply: str, expected: int | None) -> None:
    assert numbered_choice(reply, ["Confirm", "Cancel", "Edit"]) == expected


@pytest.mark.parametrize("reply", ["", "yes", "1 please", "-1", "1.5", "²"])
def test_anything_but_a_number_picks_nothing(reply: str) -> None:
    assert numbered_choice(reply, ["Confirm", "Cancel"]) is None
