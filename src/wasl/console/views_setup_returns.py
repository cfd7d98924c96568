"""The return policy and the loyalty tiers it speaks of: edited as fields, saved as a new policy version (the
versions before it stay, and any can be put back as the newest), tiers replaced as a whole."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wasl.console.forms_setup import ReturnPolicyForm, TierFormSet
from wasl.console.selectors_setup import setup_changes
from wasl.console.services_setup import return_policy_save, tiers_save
from wasl.console.views_setup_common import error_text, manager_view
from wasl.core.errors import WaslError
from wasl.returns.models import ReturnPolicy
from wasl.returns.policy import policy_in_force
from wasl.returns.replay import replay_text, return_policy_replay
from wasl.returns.tiers import TierSpec, loyalty_tiers
from wasl.stores.models import Store

HISTORY = 30
HUNDRED = Decimal(100)
# The preview replays the returns of the last three months: enough to see a change's effect, quick to compute.
REPLAY_DAYS = 90


def _replay(store: Store, document: dict[str, Any], version: int | None) -> dict[str, Any]:
    """What `document` would have decided on the store's recent returns (what `wasl policy replay --returns`
    prints), next to what was decided then. Nothing is written."""
    since = (timezone.now() - timedelta(days=REPLAY_DAYS)).replace(hour=0, minute=0, second=0, microsecond=0)
    report = return_policy_replay(store=store, document=document, policy_version=version, since=since)
    return {
        "version": version,
        "days": REPLAY_DAYS,
        "since": since,
        "totals": report.totals(),
        "text": replay_text(report),
    }


def _tier_initial(store: Store) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "rank": t.rank,
            "min_orders": t.min_orders,
            "min_spend": t.min_spend,
            "max_return_rate": (t.max_return_rate * HUNDRED).normalize()
            if t.max_return_rate is not None
            else None,
            "max_rtos": t.max_rtos,
        }
        for t in loyalty_tiers(store=store)
    ]


def _page(
    request: HttpRequest,
    store: Store,
    *,
    policy_form: ReturnPolicyForm | None = None,
    tier_forms: Any = None,
    tiers_error: str = "",
    replay: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    policy = policy_in_force(store=store)
    tiers = [t.name for t in loyalty_tiers(store=store)]
    versions = list(ReturnPolicy.objects.filter(store=store).order_by("-version")[:HISTORY])
    context = {
        "store": store,
        "section": "setup",
        "policy": policy,
        "policy_form": policy_form or ReturnPolicyForm(tiers, policy.document),
        "tier_forms": tier_forms or TierFormSet(initial=_tier_initial(store), prefix="tiers"),
        "tiers_error": tiers_error,
        "versions": [(v, json.dumps(v.document, indent=2, ensure_ascii=False)) for v in versions],
        "currency": store.currency,
        "replay": replay,
        "changes": setup_changes(store=store, prefix="returns."),
    }
    return render(request, "console/setup_returns.html", context, status=status)


@require_GET
@manager_view
def setup_returns_view(request: HttpRequest, store: Store, role: str) -> HttpResponse:
    return _page(request, store)


@require_POST
@manager_view
def setup_returns_policy_view(request: HttpRequest, store: Store, role: str) -> HttpResponse:
    tiers = [t.name for t in loyalty_tiers(store=store)]
    form = ReturnPolicyForm(tiers, policy_in_force(store=store).document, request.POST)
    if not form.is_valid():
        return _page(request, store, policy_form=form, status=400)
    if request.POST.get("action") == "replay":  # the form as typed, on past returns, before saving it
        return _page(request, store, policy_form=form, replay=_replay(store, form.document(), None))
    try:
        row = return_policy_save(
            store=store, document=form.document(), note=form.cleaned_data["note"], user=request.user
        )
    except WaslError as error:
        form.add_error(None, error_text(error))
        return _page(request, store, policy_form=form, status=400)
    messages.success(request, _("Return policy version %(version)d is in force.") % {"version": row.version})
    return redirect("console:setup_returns", store_slug=store.slug)


@require_POST
@manager_view
def setup_returns_restore_view(request: HttpRequest, store: Store, role: str, version: int) -> HttpResponse:
    """Publish an earlier version again, as the newest (version 0: the built-in default)."""
    if version == 0:
        document: dict[str, Any] = {}
    else:
        old = ReturnPolicy.objects.filter(store=store, version=version).first()
        if old is None:
            raise Http404("no such version")
        document = old.document
    note = _("Version %(version)d put back") % {"version": version}
    row = return_policy_save(store=store, document=document, note=note, user=request.user)
    messages.success(request, _("Return policy version %(version)d is in force.") % {"version": row.version})
    return redirect("console:setup_returns", store_slug=store.slug)


@require_POST
@manager_view
def setup_tiers_view(request: HttpRequest, store: Store, role: str) -> HttpResponse:
    forms = TierFormSet(request.POST, initial=_tier_initial(store), prefix="tiers")
    if not forms.is_valid():
        return _page(request, store, tier_forms=forms, status=400)
    specs = []
    for form in forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rate = data["max_return_rate"]
        specs.append(
            TierSpec(
                name=data["name"],
                rank=data["rank"],
                min_orders=data["min_orders"] or 0,
                min_spend=data["min_spend"] or Decimal(0),
                max_return_rate=rate / HUNDRED if rate is not None else None,
                max_rtos=data["max_rtos"],
            )
        )
    try:
        tiers_save(store=store, tiers=specs, user=request.user)
    except WaslError as error:
        return _page(request, store, tier_forms=forms, tiers_error=error_text(error), status=400)
    messages.success(request, _("Loyalty tiers saved: %(count)d.") % {"count": len(specs)})
    return redirect("console:setup_returns", store_slug=store.slug)


@require_GET
@manager_view
def setup_returns_replay_view(request: HttpRequest, store: Store, role: str, version: int) -> HttpResponse:
    """A kept version (0: the built-in default) on the store's recent returns."""
    if version == 0:
        document: dict[str, Any] = {}
    else:
        row = ReturnPolicy.objects.filter(store=store, version=version).first()
        if row is None:
            raise Http404("no such version")
        document = row.document
    return _page(request, store, replay=_replay(store, document, version))
