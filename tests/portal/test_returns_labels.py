"""The QR code and the label encode the reverse parcel's tracking number, as a full QR code with its quiet zone."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from portal.returns_portal_helpers import delivered, line
from wasl.portal.labels import label_pdf, latin, qr_png, qr_svg, scan_value
from wasl.returns.services import ItemAsked, return_approve, return_create

pytestmark = pytest.mark.django_db


def test_a_short_value_still_makes_a_full_qr_code_with_four_modules_of_margin() -> None:
    svg = qr_svg("RETABCDEFGH", title="QR")

    # Version 1 is 21 modules; a Micro QR (which phones do not all read) would be 17 or fewer.
    assert svg.startswith('<svg viewBox="0 0 174 174" class="qr"><title>QR</title>')  # (21 + 2 * 4) * 6
    assert qr_png("RETABCDEFGH").startswith(b"\x89PNG\r\n\x1a\n")


def test_the_label_names_the_carrier_s_tracking_number_once_approved_with_one(store) -> None:
    order = delivered(store)
    ret = return_create(
        order=order, items=[ItemAsked(line(order, "MUG"), 1, "damaged")], resolution="credit", method="label"
    ).ret
    assert scan_value(ret) == f"RET{ret.code}"
    ret = return_approve(ret=ret, carrier="aramex", tracking_number="AWB778899")

    text = PdfReader(io.BytesIO(label_pdf(ret))).pages[0].extract_text()

    assert scan_value(ret) == "AWB778899"
    assert "AWB778899" in text and ret.code in text and "Order #1001" in text and "1 x MUG" in text


def test_text_the_pdf_fonts_cannot_draw_is_left_out() -> None:
    assert latin("سوق Souq 1") == "Souq 1"
    assert latin("متجر") == ""
