"""Asking for a return in the portal: items, photos, each resolution and each method, the label and the page."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from portal.returns_portal_helpers import LINES, delivered, messaging_ready, sign_in, url
from wasl.messaging.models import Message
from wasl.orders.models import OrderStatus, Product, StockLevel, Variant
from wasl.orders.types import LineData
from wasl.portal.models import ReturnLogistics, ReturnPhoto
from wasl.portal.returns_flow import pickup_days
from wasl.returns.models import ReturnRequest
from wasl.returns.policy import policy_publish
from wasl.returns.services import return_approve
from wasl.stores.crypto import decrypt

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 64


@pytest.fixture
def signed_in(client, store, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    client.get(url(store) + "?lang=en")
    messaging_ready(store)
    order = delivered(store)
    sign_in(client, store, order)
    return order


def _items(client, store, order, **extra):  # type: ignore[no-untyped-def]
    shirt = order.lines.get(sku="TSHIRT-M").pk
    body = {
        f"qty_{shirt}": "1",
        f"reason_{shirt}": "wrong_size",
        "comment": "too small",
        "next": "1",
        **extra,
    }
    return client.post(url(store, "order"), body)


def _submit(client, store, **body):  # type: ignore[no-untyped-def]
    return client.post(url(store, "order", "options"), body)


def test_photos_are_checked_by_their_bytes_size_and_count(client, store, signed_in, settings) -> None:
    bad = SimpleUploadedFile("photo.jpg", b"GIF89a" + b"\x00" * 64, content_type="image/jpeg")
    page = client.post(url(store, "order"), {"upload": "1", "photos": [bad]})
    assert "Photos must be JPEG, PNG or WebP images." in page.content.decode()

    big = SimpleUploadedFile("big.jpg", JPEG + b"\x00" * (5 * 1024 * 1024), content_type="image/jpeg")
    page = client.post(url(store, "order"), {"upload": "1", "photos": [big]})
    assert "Each photo must be at most 5 MB." in page.content.decode()

    good = [
        SimpleUploadedFile(name, data, content_type="application/octet-stream")
        for name, data in (("a.jpg", JPEG), ("b.png", PNG), ("c.webp", WEBP))
    ]
    client.post(url(store, "order"), {"upload": "1", "photos": good})
    kept = list(ReturnPhoto.objects.order_by("pk"))
    assert [p.content_type for p in kept] == ["image/jpeg", "image/png", "image/webp"]
    assert all(
        (Path(settings.MEDIA_ROOT) / p.path).read_bytes()[:3] in (JPEG[:3], PNG[:3], WEBP[:3]) for p in kept
    )

    three_more = [SimpleUploadedFile(f"{n}.png", PNG) for n in range(3)]
    page = client.post(url(store, "order"), {"upload": "1", "photos": three_more})
    assert "You can add at most 5 photos." in page.content.decode()
    assert ReturnPhoto.objects.count() == 3


def test_a_cod_refund_needs_a_valid_iban_and_keeps_it_encrypted_for_staff(client, store, signed_in) -> None:
    _items(client, store, signed_in)

    page = _submit(
        client,
        store,
        resolution="refund",
        method="dropoff",
        payout_method="bank",
        payout_account="SA03 8000 0000 6080 1016 7518",
    )
    assert "This IBAN is not valid." in page.content.decode()
    page = _submit(client, store, resolution="refund", method="dropoff")
    assert "Tell us where to send your refund" in page.content.decode()

    done = _submit(
        client,
        store,
        resolution="refund",
        method="dropoff",
        payout_method="bank",
        payout_account="SA03 8000 0000 6080 1016 7519",
    )

    ret = ReturnRequest.objects.get()
    assert done.status_code == 302 and done["Location"].startswith(url(store, "return", ret.code))
    assert (ret.resolution, ret.method, ret.state) == ("refund", "dropoff", "requested")
    assert [(i.sku, i.quantity, i.reason, i.comment) for i in ret.items.all()] == [
        ("TSHIRT-M", 1, "wrong_size", "too small")
    ]
    logistics = ReturnLogistics.objects.get(return_request=ret)
    assert decrypt(logistics.encrypted_payout_details) == "bank:SA0380000000608010167519"
    assert logistics.payout_hint == "IBAN •••• 7519"
    page = client.get(done["Location"]).content.decode()
    assert (
        "<svg viewBox=" in page and 'class="qr"' in page and f"RET{ret.code}" in page
    )  # the drop-off QR code, inline
    message = Message.objects.get(idempotency_key=f"return:{ret.pk}:requested")
    assert message.template_name == "wasl_return_requested"
    assert "/qr.png?k=" in message.body


def test_a_wallet_number_must_be_a_mobile_number(client, store, signed_in) -> None:
    _items(client, store, signed_in)
    page = _submit(
        client, store, resolution="refund", method="label", payout_method="wallet", payout_account="12"
    )
    assert "This wallet number is not a valid mobile number." in page.content.decode()
    _submit(
        client,
        store,
        resolution="refund",
        method="label",
        payout_method="wallet",
        payout_account="0551234567",
    )
    assert ReturnLogistics.objects.get().payout_hint == "Wallet •••• 4567"


def test_store_credit_shows_the_policy_bonus(client, store, signed_in) -> None:
    policy_publish(store=store, document={"credit_bonus_percent": "10"})
    _items(client, store, signed_in)

    page = client.get(url(store, "order", "options")).content.decode()
    assert '+ <bdi dir="ltr">10.00 SAR</bdi> bonus (10%)' in page

    _submit(client, store, resolution="credit", method="pickup")  # no slot chosen
    assert ReturnRequest.objects.count() == 0
    day = pickup_days(store_timezone=store.timezone)[1]
    _submit(
        client,
        store,
        resolution="credit",
        method="pickup",
        pickup_date=day.isoformat(),
        pickup_slot="12:00-15:00",
    )
    ret = ReturnRequest.objects.get()
    assert ret.resolution == "credit"
    assert (ret.logistics.pickup_date, ret.logistics.pickup_slot) == (day, "12:00-15:00")


def test_a_variant_exchange_offers_what_is_free_and_holds_it(client, store, signed_in) -> None:
    StockLevel.objects.filter(variant__sku="TSHIRT-L").update(quantity=1)
    _items(client, store, signed_in)

    page = client.get(url(store, "order", "options")).content.decode()
    assert 'value="TSHIRT-L"' in page
    _submit(
        client,
        store,
        resolution="exchange_variant",
        method="label",
        **{f"variant_for_{signed_in.lines.get(sku='TSHIRT-M').pk}": "TSHIRT-L"},
    )
    ret = ReturnRequest.objects.get()
    assert [i.exchange_variant.sku for i in ret.items.all()] == ["TSHIRT-L"]

    # The one L left is held by that exchange: a second return cannot ask for it.
    _items(client, store, signed_in)
    page = client.get(url(store, "order", "options")).content.decode()
    assert "exchange_variant" not in page


def test_a_dearer_product_in_exchange_shows_the_difference_to_pay(client, store, signed_in) -> None:
    lamp = Product.objects.create(store=store, external_id="p-lamp", name="Lamp", category="home")
    Variant.objects.create(store=store, product=lamp, sku="LAMP", price=Decimal("130.00"))
    StockLevel.objects.create(
        store=store, variant=Variant.objects.get(sku="LAMP"), location="main", quantity=2
    )
    _items(client, store, signed_in)

    done = _submit(
        client,
        store,
        resolution="exchange_product",
        method="dropoff",
        **{f"product_for_{signed_in.lines.get(sku='TSHIRT-M').pk}": "LAMP"},
    )

    page = client.get(done["Location"]).content.decode()
    assert 'You pay the difference: <bdi dir="ltr">30.00 SAR</bdi>' in page


def test_the_label_is_a_pdf_with_the_return_code(client, store, signed_in) -> None:
    _items(client, store, signed_in)
    done = _submit(client, store, resolution="credit", method="label")
    ret = ReturnRequest.objects.get()

    page = client.get(done["Location"]).content.decode()
    label = client.get(url(store, "return", ret.code, "label.pdf"))

    assert "label.pdf?k=" in page
    assert label["Content-Type"] == "application/pdf"
    assert label.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(label.content)).pages[0].extract_text()
    assert ret.code in text and f"RET{ret.code}" in text


def test_the_return_page_shows_the_timeline_and_products_in_stock(client, store, signed_in) -> None:
    _items(client, store, signed_in)
    done = _submit(client, store, resolution="credit", method="dropoff")
    ret = ReturnRequest.objects.get()
    lamp = Product.objects.create(store=store, external_id="p-lamp", name="Desk lamp", category="home")
    variant = Variant.objects.create(store=store, product=lamp, sku="LAMP", price=Decimal("130.00"))
    StockLevel.objects.create(store=store, variant=variant, location="main", quantity=4)
    # Another buyer bought the lamp with the shirt: it is suggested to this buyer.
    delivered(
        store,
        "3003",
        lines=(
            LINES[0],
            LineData(sku="LAMP", name="Desk lamp", quantity=1, unit_price=Decimal("130.00"), category="home"),
        ),
    )
    return_approve(ret=ret)

    page = client.get(done["Location"]).content.decode()

    assert "Return requested" in page and "Return approved" in page
    assert '<p class="rp-status rp-status-approved">Approved</p>' in page
    assert "<span>Desk lamp</span>" in page


def test_an_order_not_delivered_cannot_be_returned(client, store, signed_in) -> None:
    signed_in.status = OrderStatus.SHIPPED
    signed_in.save(update_fields=["status"])
    page = _items(client, store, signed_in).content.decode()
    assert "Only a delivered order can be returned." in page
    assert ReturnRequest.objects.count() == 0
