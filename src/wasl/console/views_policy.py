"""The store's RTO prevention policy: the version in force as sentences and JSON, upload a new version (errors
shown with their place in the document), earlier versions to put back, and the measured uplift per action."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wasl.console.access import member_view
from wasl.console.policy_text import policy_sentences
from wasl.core.errors import NotFound, WaslError
from wasl.risk.holdout import Uplift, uplift_report
from wasl.risk.policy_models import RiskPolicy
from wasl.risk.policy_services import policy_activate, policy_in_force, policy_version_create
from wasl.stores.models import Store

MAX_BYTES = 200_000


class PolicyForm(forms.Form):
    document = forms.CharField(
        label=gettext_lazy("New version (JSON)"), widget=forms.Textarea(attrs={"rows": 18, "dir": "ltr"})
    )
    note = forms.CharField(label=gettext_lazy("What changed"), max_length=300, required=False)

    def clean_document(self) -> object:
        raw = self.cleaned_data["document"]
        if len(raw.encode()) > MAX_BYTES:
            raise forms.ValidationError(_("The policy is too long."))
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise forms.ValidationError(_("This is not JSON: %(error)s") % {"error": exc}) from None


@require_http_methods(["GET", "POST"])
@member_view
def policy_view(request: HttpRequest, store: Store) -> HttpResponse:
    row, _policy = policy_in_force(store)
    problems: list[dict[str, str]] = []
    form = PolicyForm(
        request.POST or None, initial={"document": json.dumps(row.document, indent=2, ensure_ascii=False)}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made = policy_version_create(
                    store=store,
                    document=form.cleaned_data["document"],
                    created_by=request.user.get_username(),
                    note=form.cleaned_data["note"],
                )
            except WaslError as error:
                problems = (
                    error.details
                    if isinstance(error.details, list)
                    else [{"path": "", "code": error.code, "message": error.message}]
                )
            else:
                messages.success(request, _("Version %(version)d is in force.") % {"version": made.version})
                return redirect("console:policy", store_slug=store.slug)
        status = 400
    context = {
        "store": store,
        "section": "policy",
        "policy": row,
        "sentences": policy_sentences(row.document),
        "document": json.dumps(row.document, indent=2, ensure_ascii=False),
        "form": form,
        "problems": problems,
        "versions": RiskPolicy.objects.filter(store=store).order_by("-version")[:50],
        "uplift": [_uplift_row(row) for row in uplift_report(store=store)],
    }
    return render(request, "console/policy.html", context, status=status)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1%}"


def _uplift_row(row: Uplift) -> dict[str, object]:
    interval = row.interval
    return {
        "action": row.action,
        "treated": f"{row.treated_rto}/{row.treated}" if row.treated else "—",
        "holdout": f"{row.holdout_rto}/{row.holdout}" if row.holdout else "—",
        "difference": _percent(row.difference),
        "interval": f"[{_percent(interval.low)}, {_percent(interval.high)}]" if interval else "",
        "significant": row.significant,
        "open": f"{row.open_treated} / {row.open_holdout}",
    }


@require_POST
@member_view
def policy_activate_view(request: HttpRequest, store: Store, version: int) -> HttpResponse:
    try:
        policy_activate(store=store, version=version)
    except NotFound:
        raise Http404("no such version") from None
    messages.success(request, _("Version %(version)d is in force.") % {"version": version})
    return redirect("console:policy", store_slug=store.slug)
