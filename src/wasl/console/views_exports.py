"""CSV export of any console table (`console.exports.TABLES`), streamed, within the store, between two days."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wasl.console.access import member_view
from wasl.console.exports import TABLES, export_lines
from wasl.core.errors import WaslError
from wasl.stores.models import Store


@require_GET
@member_view
def exports_view(request: HttpRequest, store: Store) -> HttpResponse:
    """The list of tables, with the date filter, each a link to its CSV."""
    context = {
        "store": store,
        "section": "inventory",
        "tables": list(TABLES.values()),
        "since": request.GET.get("since", "")[:10],
        "until": request.GET.get("until", "")[:10],
    }
    return render(request, "console/inventory_exports.html", context)


@require_GET
@member_view
def export_view(request: HttpRequest, store: Store, table: str) -> HttpResponse:
    try:
        found, lines = export_lines(
            store=store,
            name=table,
            since=request.GET.get("since", "")[:40],
            until=request.GET.get("until", "")[:40],
        )
    except WaslError as error:
        return HttpResponse(
            f"{error.code}: {error.message}\n", status=400, content_type="text/plain; charset=utf-8"
        )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{store.slug}-{found.name}-{day}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]  # member_view's views answer HttpResponse; streamed the same
