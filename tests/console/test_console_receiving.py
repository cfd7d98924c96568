"""The warehouse dock in the console: scan a code, grade each item with photos, restock, settle the return."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "returns"))

from returns_helpers import delivered_order, line

from wasl.orders.models import StockLevel
from wasl.returns.models import InspectionPhoto, ReturnRequest
from wasl.returns.services import ItemAsked, return_approve, return_create, return_receive

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x00" * 40


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def asked(store, *, approve: bool = True, resolution: str = "credit") -> ReturnRequest:  # type: ignore[no-untyped-def]
    order = delivered_order(store)
    ret = return_create(
        order=order,
        items=[ItemAsked(line(order, "TSHIRT-M"), 2, "wrong_size")],
        resolution=resolution,
        method="dropoff",
    ).ret
    return return_approve(ret=ret) if approve else ret


def received(store, **options) -> ReturnRequest:  # type: ignore[no-untyped-def]
    return return_receive(ret=asked(store, **options))


def test_scanning_a_code_as_typed_by_a_scanner_receives_the_parcel(store, console) -> None:
    ret = asked(store)
    scanned = f"  {ret.code[:4].lower()} {ret.code[4:]} "

    response = console.post(f"/console/{store.slug}/receiving/scan/", {"code": scanned})

    assert response.status_code == 302
    assert response["Location"] == f"/console/{store.slug}/receiving/{ret.code}/"
    ret.refresh_from_db()
    assert ret.state == "received"
    assert ret.events.get(kind="received").actor == "staff:agent"


def test_the_label_tracking_number_finds_the_return_and_a_second_scan_changes_nothing(store, console) -> None:
    ret = asked(store)

    console.post(f"/console/{store.slug}/receiving/scan/", {"code": f"RET{ret.code}"})
    again = console.post(f"/console/{store.slug}/receiving/scan/", {"code": ret.code}, follow=True)

    assert ReturnRequest.objects.get(pk=ret.pk).state == "received"
    assert ret.events.filter(kind="received").count() == 1
    assert f"Return {ret.code} was received already." in again.content.decode()


def test_an_unknown_code_or_another_stores_return_is_a_form_error(store, other_store, console) -> None:
    theirs = asked(other_store)

    for code in ("ZZZZ9999", theirs.code):
        response = console.post(f"/console/{store.slug}/receiving/scan/", {"code": code})

        assert response.status_code == 404
        assert "No return has that code in this store." in response.content.decode()
    assert ReturnRequest.objects.get(pk=theirs.pk).state == "approved"


def test_a_return_never_approved_is_not_received(store, console) -> None:
    ret = asked(store, approve=False)

    response = console.post(f"/console/{store.slug}/receiving/scan/", {"code": ret.code}, follow=True)

    assert "This return was never approved" in response.content.decode()
    assert ReturnRequest.objects.get(pk=ret.pk).state == "requested"


def test_grading_with_restock_puts_the_units_back_in_stock_at_once(store, console) -> None:
    ret = received(store)
    item = ret.items.get()
    page = console.get(f"/console/{store.slug}/receiving/{ret.code}/").content.decode()

    response = console.post(
        f"/console/{store.slug}/receiving/{ret.code}/inspect/",
        {
            f"grade-{item.pk}": "sellable",
            f"disposition-{item.pk}": "restock",
            f"location-{item.pk}": "Riyadh A3",
        },
    )

    assert response.status_code == 302
    assert "Wrong size" in page and 'list="locations"' in page
    assert StockLevel.objects.get(variant__sku="TSHIRT-M", location="Riyadh A3").quantity == 2
    item.refresh_from_db()
    assert (item.grade, item.disposition, item.restock_location) == ("sellable", "restock", "Riyadh A3")
    assert ReturnRequest.objects.get(pk=ret.pk).state == "inspected"


def test_restock_without_a_location_or_a_tampered_item_restocked_is_refused(store, console) -> None:
    ret = received(store)
    item = ret.items.get()
    url = f"/console/{store.slug}/receiving/{ret.code}/inspect/"

    no_place = console.post(url, {f"grade-{item.pk}": "sellable", f"disposition-{item.pk}": "restock"})
    tampered = console.post(
        url, {f"grade-{item.pk}": "tampered", f"disposition-{item.pk}": "restock", f"location-{item.pk}": "A"}
    )

    assert no_place.status_code == 400
    assert "Say where it goes back on the shelves." in no_place.content.decode()
    assert "A tampered or wrong item is not put back on sale as it is." in tampered.content.decode()
    assert ReturnRequest.objects.get(pk=ret.pk).state == "received"
    assert not StockLevel.objects.filter(variant__sku="TSHIRT-M").exists()


def test_a_photo_is_kept_by_its_bytes_and_served_to_the_store_only(store, other_store, console) -> None:
    ret = received(store)
    item = ret.items.get()

    response = console.post(
        f"/console/{store.slug}/receiving/{ret.code}/photos/",
        {
            "item": item.pk,
            "photo": SimpleUploadedFile("dock.bin", PNG, content_type="application/octet-stream"),
        },
    )

    assert response.status_code == 302
    photo = InspectionPhoto.objects.get()
    assert (photo.content_type, photo.size, photo.item_id) == ("image/png", len(PNG), item.pk)
    stored = str(photo.file.name)
    assert stored.endswith(".png") and "dock" not in stored
    served = console.get(f"/console/{store.slug}/receiving/{ret.code}/photos/{photo.pk}/")
    assert (served.status_code, served["Content-Type"]) == (200, "image/png")
    assert b"".join(served.streaming_content) == PNG
    other = asked(other_store)
    assert console.get(f"/console/{store.slug}/receiving/{other.code}/photos/{photo.pk}/").status_code == 404


def test_a_file_that_is_not_a_picture_or_too_large_is_refused(store, console, monkeypatch) -> None:
    from wasl.returns import receiving

    ret = received(store)
    item = ret.items.get()
    url = f"/console/{store.slug}/receiving/{ret.code}/photos/"

    script = console.post(url, {"item": item.pk, "photo": SimpleUploadedFile("a.jpg", b"<script>x</script>")})
    monkeypatch.setattr(receiving, "MAX_PHOTO_BYTES", 20)
    large = console.post(url, {"item": item.pk, "photo": SimpleUploadedFile("b.jpg", JPEG)})

    assert script.status_code == 400
    assert "Only JPEG, PNG, WebP or HEIC pictures are kept." in script.content.decode()
    assert "That photo is too large" in large.content.decode()
    assert InspectionPhoto.objects.count() == 0


def test_settling_from_the_dock_gives_the_credit_due(store, console) -> None:
    ret = received(store)
    item = ret.items.get()
    console.post(
        f"/console/{store.slug}/receiving/{ret.code}/inspect/",
        {f"grade-{item.pk}": "sellable", f"disposition-{item.pk}": "refurbish"},
    )

    page = console.get(f"/console/{store.slug}/receiving/{ret.code}/")
    response = console.post(f"/console/{store.slug}/receiving/{ret.code}/resolve/")

    assert "Due to the buyer after inspection" in page.content.decode()
    assert response.status_code == 302
    ret.refresh_from_db()
    assert (ret.state, ret.outcome, ret.resolved_amount) == ("resolved", "credited", Decimal("200.000"))


def test_the_dock_lists_expected_and_received_parcels_in_every_language(store, console) -> None:
    expected, at_dock = asked(store), None
    order2 = delivered_order(store, "1002")
    at_dock = return_receive(
        ret=return_approve(
            ret=return_create(
                order=order2,
                items=[ItemAsked(line(order2, "MUG"), 1, "damaged")],
                resolution="refund",
                method="pickup",
            ).ret
        )
    )

    pages = {
        lang: console.get(f"/console/{store.slug}/receiving/", HTTP_ACCEPT_LANGUAGE=lang) for lang in ("en",)
    }
    console.post("/console/i18n/setlang/", {"language": "ar", "next": "/"})
    arabic = console.get(f"/console/{store.slug}/receiving/")

    text = pages["en"].content.decode()
    assert expected.code in text and at_dock.code in text
    assert 'dir="rtl"' in arabic.content.decode()
    assert "استلام المرتجعات في المستودع" in arabic.content.decode()


def test_another_stores_staff_cannot_open_the_return(store, other_store, client) -> None:
    from console_helpers import member

    ret = asked(store)
    client.force_login(member(other_store, username="outsider"))

    assert client.get(f"/console/{store.slug}/receiving/{ret.code}/").status_code == 404
    assert client.get(f"/console/{other_store.slug}/receiving/{ret.code}/").status_code == 404
