"""What a return carries to the carrier: a QR code (SVG on the page, PNG for messages) and a printable label.

The QR code and the label's barcode hold the reverse parcel's tracking number, `RET<code>` (what approval
gives a return without a carrier booking), so a drop-off point or the warehouse dock scans the same thing.
The label is a 4 x 6 inch PDF drawn with reportlab: a Code 128 barcode, the QR code, the return code in
large type, the order and the items. Its text is Latin and digits only: the built-in PDF fonts do not
shape Arabic, so Arabic names are left out rather than printed as broken glyphs.
"""

from __future__ import annotations

import io

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import inch, mm
from reportlab.pdfgen import canvas

from wasl.returns.models import ReturnRequest

LABEL_SIZE = (4 * inch, 6 * inch)


def scan_value(ret: ReturnRequest) -> str:
    """What the QR code and the barcode encode: the reverse parcel's tracking number."""
    if ret.reverse_shipment_id and ret.reverse_shipment is not None:
        return ret.reverse_shipment.tracking_number
    return f"RET{ret.code}"


# Always a full QR code (segno.make would pick a Micro QR for short values, which phones do not all read).


def qr_svg(value: str, *, title: str = "") -> str:
    """An inline <svg> (no XML declaration), scaled by CSS."""
    return str(
        segno.make_qr(value, error="m").svg_inline(
            scale=6, title=title or None, svgclass="qr", border=4, omitsize=True
        )
    )


def qr_png(value: str) -> bytes:
    out = io.BytesIO()
    segno.make_qr(value, error="m").save(out, kind="png", scale=10, border=4)
    return out.getvalue()


def latin(text: str) -> str:
    """Only what the built-in fonts can draw; a name in another script is dropped, not mangled."""
    kept = "".join(ch for ch in text if 32 <= ord(ch) < 127)
    return kept.strip()


def _draw_qr(pdf: canvas.Canvas, value: str, x: float, y: float, side: float) -> None:
    """The QR code as filled squares (segno's matrix): much faster than reportlab's own QR widget."""
    # With its quiet zone of four modules, so the text and the barcode beside it do not disturb a scanner.
    matrix = [list(row) for row in segno.make_qr(value, error="m").matrix_iter(scale=1, border=4)]
    module = side / len(matrix)
    pdf.setFillColorRGB(0, 0, 0)
    for row, cells in enumerate(matrix):
        top = y + side - (row + 1) * module
        for col, dark in enumerate(cells):
            if dark:
                pdf.rect(x + col * module, top, module, module, stroke=0, fill=1)


def label_pdf(ret: ReturnRequest) -> bytes:
    """The printable return label (one page, 4 x 6 inches)."""
    value = scan_value(ret)
    width, height = LABEL_SIZE
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=LABEL_SIZE, pageCompression=0)
    pdf.setTitle(f"Return {ret.code}")
    pdf.setAuthor(latin(ret.store.name) or ret.store.slug)
    margin = 8 * mm
    y = height - margin - 14
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(margin, y, "RETURN / RETOUR")
    pdf.setFont("Helvetica", 9)
    pdf.drawRightString(width - margin, y, latin(ret.store.name) or ret.store.slug)
    y -= 34
    pdf.setFont("Helvetica-Bold", 28)
    pdf.drawString(margin, y, ret.code)
    y -= 16
    pdf.setFont("Helvetica", 9)
    order = ret.order
    pdf.drawString(margin, y, f"Order {latin(order.number or order.external_id)}")
    pdf.drawRightString(width - margin, y, ret.created_at.strftime("%Y-%m-%d"))
    barcode = Code128(value, barHeight=22 * mm, barWidth=0.38 * mm, humanReadable=True)
    y -= 10 + barcode.height
    barcode.drawOn(pdf, (width - barcode.width) / 2, y)
    side = 38 * mm
    y -= side + 8
    _draw_qr(pdf, value, margin, y, side)
    text = pdf.beginText(margin + side + 6 * mm, y + side - 10)
    text.setFont("Helvetica", 8)
    text.textLine(f"Method: {ret.method}")
    text.textLine(f"Items: {sum(i.quantity for i in ret.items.all())}")
    for item in list(ret.items.all())[:6]:
        text.textLine(f"{item.quantity} x {latin(item.sku)[:24]}")
    pdf.drawText(text)
    pdf.setFont("Helvetica", 8)
    from_city = latin(order.ship_city)
    from_line = ", ".join(p for p in (from_city, latin(order.ship_postal_code), order.ship_country) if p)
    pdf.drawString(margin, margin + 12, f"From: {from_line}" if from_line else "From: see order")
    pdf.drawString(margin, margin, "Stick this label on the parcel. Keep the barcode flat and visible.")
    pdf.showPage()
    pdf.save()
    return out.getvalue()
