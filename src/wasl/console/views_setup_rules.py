"""Notification rules: each event on or off, its channels in order (the next is the fallback), and for order
and parcel news a delay and the buyer's quiet hours."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wasl.console.forms_setup import RuleForm
from wasl.console.selectors_setup import default_quiet_hours, setup_changes, store_rules
from wasl.console.services_setup import rule_save
from wasl.console.views_setup_common import error_text, manager_view
from wasl.core.errors import WaslError
from wasl.messaging.models import ChannelName
from wasl.messaging.selectors import default_channels
from wasl.stores.models import Store


def _page(
    request: HttpRequest, store: Store, bound: RuleForm | None = None, status: int = 200
) -> HttpResponse:
    rows = []
    for row in store_rules(store=store):
        form = bound if bound is not None and bound.prefix == RuleForm(row).prefix else RuleForm(row)
        rows.append({"row": row, "form": form})
    context = {
        "store": store,
        "section": "setup",
        "rows": rows,
        "default_quiet": default_quiet_hours(),
        "default_channels": [
            str(ChannelName(c).label) for c in default_channels() if c in ChannelName.values
        ],
        "changes": setup_changes(store=store, prefix="rule."),
    }
    return render(request, "console/setup_rules.html", context, status=status)


@require_GET
@manager_view
def setup_rules_view(request: HttpRequest, store: Store, role: str) -> HttpResponse:
    return _page(request, store)


@require_POST
@manager_view
def setup_rule_save_view(request: HttpRequest, store: Store, role: str, event: str) -> HttpResponse:
    row = next((r for r in store_rules(store=store) if r.spec.event == event), None)
    if row is None:
        raise Http404("no such event")
    form = RuleForm(row, request.POST)
    if not form.is_valid():
        return _page(request, store, form, status=400)
    data = form.cleaned_data
    try:
        rule_save(
            store=store,
            event=event,
            enabled=data["enabled"],
            channels=data["channels"],
            delay_minutes=data.get("delay_minutes") or 0,
            quiet_hours=form.quiet_hours(),
            user=request.user,
        )
    except WaslError as error:
        form.add_error(None, error_text(error))
        return _page(request, store, form, status=400)
    messages.success(request, _("Rule for “%(event)s” saved.") % {"event": row.spec.label})
    return redirect(reverse("console:setup_rules", args=[store.slug]) + f"#{form.prefix}")
