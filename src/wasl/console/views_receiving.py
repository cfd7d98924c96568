"""The warehouse dock: scan a parcel's code (a scanner types it and presses Enter), grade every item with
photos, decide what becomes of it (restock to a location, refurbish, dispose), then settle the return.

Every step is a returns service; the page only reads and calls them. Scanning records the arrival at once:
at a dock, a scanned parcel is a parcel that is here.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wasl.console.access import member_view
from wasl.console.forms_receiving import InspectForm, PhotoForm, ScanForm
from wasl.core.errors import NotFound, WaslError
from wasl.portal.returns_texts import reason_label
from wasl.returns.models import ReturnItem, ReturnRequest, ReturnState
from wasl.returns.receiving import (
    AT_THE_DOCK,
    EXPECTED,
    dock_receive,
    dock_returns,
    photo_add,
    photo_get,
    restock_locations,
    return_for_dock,
)
from wasl.returns.resolve import amount_due, return_resolve
from wasl.returns.selectors import return_get
from wasl.returns.services import return_inspect
from wasl.stores.models import Store

S = ReturnState


def error_text(error: WaslError) -> str:
    """A service's refusal in the reader's language; the service's own words for the rarer ones."""
    texts = {
        "return_not_found": _("No return has that code in this store."),
        "missing_code": _("Scan or type the return's code."),
        "invalid_code": _("That is too long to be a return's code."),
        "not_approved": _("This return was never approved: approve or reject it in the queues first."),
        "invalid_transition": _("This return cannot take that step now."),
        "items_mismatch": _("Grade every item of the return."),
        "missing_location": _("Say where restocked items go back on the shelves."),
        "unknown_variant": _("An item is not in the catalogue any more, so it cannot be restocked."),
        "photo_too_large": _("That photo is too large (at most 8 MB)."),
        "photo_empty": _("That photo is empty."),
        "photo_not_an_image": _("Only JPEG, PNG, WebP or HEIC pictures are kept."),
        "too_many_photos": _("This item has as many photos as it can keep."),
        "unknown_item": _("That item is not part of this return."),
        "nothing_to_refund": _("Nothing is due to the buyer: no item came back sellable."),
        "out_of_stock": _("The replacement is out of stock."),
        "no_customer": _("Store credit needs the buyer's record, and this return has none."),
        "provider_unavailable": _("The payment provider did not answer; the refund will be tried again."),
    }
    text = texts.get(error.code)
    return str(text) if text else error.message


def with_reason_labels(items: list[ReturnItem]) -> list[ReturnItem]:
    """Each item's reason in the reader's language (`reason_text`), for the pages to show."""
    for item in items:
        item.reason_text = reason_label(item.reason)  # type: ignore[attr-defined]
    return items


def _staff(request: HttpRequest) -> str:
    return f"staff:{request.user.get_username()}"


def _return(store: Store, code: str) -> ReturnRequest:
    try:
        return return_get(store=store, code=code)
    except NotFound:
        raise Http404("no such return") from None


def _to_return(store: Store, ret: ReturnRequest) -> HttpResponse:
    return redirect("console:receiving_return", store_slug=store.slug, code=ret.code)


def _dock_page(request: HttpRequest, store: Store, form: ScanForm, status: int = 200) -> HttpResponse:
    context = {
        "store": store,
        "section": "receiving",
        "form": form,
        "expected": dock_returns(store=store, states=EXPECTED)[:50],
        "at_dock": dock_returns(store=store, states=(S.RECEIVED,))[:50],
    }
    return render(request, "console/receiving.html", context, status=status)


@require_GET
@member_view
def receiving_view(request: HttpRequest, store: Store) -> HttpResponse:
    return _dock_page(request, store, ScanForm())


@require_POST
@member_view
def receiving_scan_view(request: HttpRequest, store: Store) -> HttpResponse:
    form = ScanForm(request.POST)
    if not form.is_valid():
        return _dock_page(request, store, form, status=400)
    try:
        ret = return_for_dock(store=store, scanned=form.cleaned_data["code"])
    except WaslError as error:
        form.add_error("code", error_text(error))
        return _dock_page(request, store, form, status=404 if isinstance(error, NotFound) else 400)
    if ret.state in AT_THE_DOCK or ret.state == S.RESOLVED:
        messages.info(request, _("Return %(code)s was received already.") % {"code": ret.code})
        return _to_return(store, ret)
    try:
        ret, now = dock_receive(ret=ret, actor=_staff(request))
    except WaslError as error:
        messages.error(request, error_text(error))
        return _to_return(store, ret)
    if now:
        messages.success(request, _("Return %(code)s received: grade its items.") % {"code": ret.code})
    return _to_return(store, ret)


def _return_page(
    request: HttpRequest,
    store: Store,
    ret: ReturnRequest,
    inspect_form: InspectForm | None = None,
    photo_form: PhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    items = with_reason_labels(list(ret.items.all()))
    photos = {
        item.pk: list(item.inspection_photos.order_by("pk"))  # type: ignore[attr-defined]
        for item in items
    }
    context = {
        "store": store,
        "section": "receiving",
        "ret": ret,
        "items": [(item, photos[item.pk]) for item in items],
        "inspect_form": inspect_form or InspectForm(items=items),
        "photo_form": photo_form or PhotoForm(items=items),
        "can_inspect": ret.state == S.RECEIVED,
        "can_photo": ret.state in AT_THE_DOCK,
        "can_resolve": ret.state == S.INSPECTED and not ret.outcome,
        "due": amount_due(ret) if ret.state == S.INSPECTED else None,
        "locations": restock_locations(store=store),
        "events": list(ret.events.all()),
    }
    return render(request, "console/receiving_return.html", context, status=status)


@require_GET
@member_view
def receiving_return_view(request: HttpRequest, store: Store, code: str) -> HttpResponse:
    return _return_page(request, store, _return(store, code))


@require_POST
@member_view
def receiving_inspect_view(request: HttpRequest, store: Store, code: str) -> HttpResponse:
    ret = _return(store, code)
    form = InspectForm(request.POST, items=with_reason_labels(list(ret.items.all())))
    if not form.is_valid():
        return _return_page(request, store, ret, inspect_form=form, status=400)
    try:
        return_inspect(ret=ret, inspections=form.inspections(), actor=_staff(request))
    except WaslError as error:
        messages.error(request, error_text(error))
        return _to_return(store, ret)
    messages.success(request, _("Inspected; restocked items are in stock now."))
    return _to_return(store, ret)


@require_POST
@member_view
def receiving_photo_view(request: HttpRequest, store: Store, code: str) -> HttpResponse:
    ret = _return(store, code)
    form = PhotoForm(request.POST, request.FILES, items=list(ret.items.all()))
    if not form.is_valid():
        return _return_page(request, store, ret, photo_form=form, status=400)
    try:
        photo_add(
            ret=ret,
            item_id=form.cleaned_data["item"],
            upload=form.cleaned_data["photo"],
            actor=_staff(request),
        )
    except WaslError as error:
        form.add_error("photo", error_text(error))
        return _return_page(request, store, ret, photo_form=form, status=400)
    messages.success(request, _("Photo kept."))
    return _to_return(store, ret)


@require_GET
@member_view
def receiving_photo_file_view(request: HttpRequest, store: Store, code: str, photo_id: int) -> HttpResponse:
    ret = _return(store, code)
    try:
        photo = photo_get(store=store, ret=ret, photo_id=photo_id)
    except NotFound:
        raise Http404("no such photo") from None
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response  # type: ignore[return-value]  # member_view's views answer HttpResponse; streamed the same


@require_POST
@member_view
def receiving_resolve_view(request: HttpRequest, store: Store, code: str) -> HttpResponse:
    ret = _return(store, code)
    try:
        ret = return_resolve(ret=ret, actor=_staff(request))
    except WaslError as error:
        messages.error(request, error_text(error))
        return _to_return(store, ret)
    messages.success(
        request,
        _("Settled: %(outcome)s.") % {"outcome": ret.get_outcome_display() or ret.get_state_display()},
    )
    return _to_return(store, ret)
