"""parse() against every real WhatsApp Cloud API webhook in realdata/whatsapp/, with exact expectations.

Each file holds named cases (one webhook body each). The tables in whatsapp_expected_*.py name what every
case must give; a case added to the folder without an expectation fails the coverage test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from whatsapp_expected_messages import MESSAGE_JSON
from whatsapp_expected_others import OTHER_FILES

from wasl.messaging.channels.types import InboundMessage
from wasl.messaging.channels.whatsapp.webhook import parse

NOT_CASES = {"LICENSE", "NOTES_whatsapp_cloud_api.md"}
EXPECTED = OTHER_FILES | MESSAGE_JSON


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
    assert [(p.phone, p.value, int(p.at.timestamp())) for p in content.preferences] == expected.preferences


def test_times_are_aware_utc_and_phones_e164(realdata: Path) -> None:
    # Given every real body, when parsed, then every time is aware UTC and every phone is + and digits
    for body in all_cases(realdata / "whatsapp").values():
        content = parse(body)
        for item in [*content.messages, *content.statuses]:
            moment = item.received_at if isinstance(item, InboundMessage) else item.at
            assert moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 0
            phone = item.from_phone if isinstance(item, InboundMessage) else item.recipient
            assert phone.startswith("+") and phone[1:].isdigit()
