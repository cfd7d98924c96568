"""Tracked links: /l/<code>/ counts the click on the touch and sends the buyer on to where the message
pointed (the cart, the payment link, the campaign's page). Only stored targets are ever redirected to."""

from __future__ import annotations

from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.views.decorators.http import require_GET

from wasl.campaigns.models import Touch


def link_click(*, code: str) -> str | None:
    """Count a click; the target URL, or None for an unknown code."""
    row = Touch.objects.filter(link_code=code).values("pk", "link_url").first()
    if row is None or not row["link_url"]:
        return None
    now = timezone.now()
    Touch.objects.filter(pk=row["pk"]).update(clicks=F("clicks") + 1)
    Touch.objects.filter(pk=row["pk"], clicked_at__isnull=True).update(clicked_at=now)
    return str(row["link_url"])


@require_GET
def link_redirect(request: HttpRequest, code: str) -> HttpResponse:
    target = link_click(code=code[:20])
    if target is None or not target.startswith(("https://", "http://")):
        raise Http404("no such link")
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "no-store"  # each visit is counted
    response["Referrer-Policy"] = "no-referrer"
    return response
