"""Message texts: each buyer message in Arabic, French and English, its approved WhatsApp template name and
parameters, its variables, and a preview filled with a sample order in the language being edited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wasl.console.forms_setup import TemplateEditForm
from wasl.console.selectors_setup import (
    EVENTS,
    LANGUAGES,
    WORDED,
    EventSpec,
    setup_changes,
    store_template,
    store_templates,
    template_preview,
)
from wasl.console.services_setup import template_reset, template_save
from wasl.console.views_setup_common import error_text, manager_view
from wasl.core.errors import WaslError
from wasl.stores.models import Store

LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}


def _spec(event: str, language: str) -> EventSpec:
    spec = EVENTS.get(event)
    if spec is None or spec.texts is None or language not in LANGUAGES:
        raise Http404("no such message")
    return spec


@require_GET
@manager_view
def setup_templates_view(request: HttpRequest, store: Store, role: str) -> HttpResponse:
    own = store_templates(store=store)
    rows = []
    for spec in WORDED:
        cells = []
        for language in LANGUAGES:
            row = own.get((spec.event, language))
            state = "default" if row is None else ("own" if row.enabled else "off")
            cells.append({"language": language, "state": state})
        rows.append({"spec": spec, "cells": cells})
    context = {
        "store": store,
        "section": "setup",
        "rows": rows,
        "text_languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "changes": setup_changes(store=store, prefix="template."),
    }
    return render(request, "console/setup_templates.html", context)


def _initial(store: Store, spec: EventSpec, language: str) -> dict[str, Any]:
    row = store_template(store=store, event=spec.event, language=language)
    if row is None:
        return {"body": spec.default_text(language), "provider_name": "", "param_names": "", "enabled": True}
    return {
        "body": row.body,
        "provider_name": row.provider_name,
        "param_names": ", ".join(str(n) for n in row.param_names),
        "enabled": row.enabled,
    }


@require_http_methods(["GET", "POST"])
@manager_view
def setup_template_view(
    request: HttpRequest, store: Store, role: str, event: str, language: str
) -> HttpResponse:
    spec = _spec(event, language)
    initial = _initial(store, spec, language)
    form = TemplateEditForm(spec, language, request.POST or None, initial=initial)
    status = 200
    body, provider_name, params = (
        initial["body"],
        initial["provider_name"],
        tuple(initial["param_names"].split(", ")),
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            body, provider_name, params = data["body"], data["provider_name"], tuple(data["param_names"])
            if request.POST.get("action") != "preview":
                try:
                    template_save(
                        store=store,
                        event=event,
                        language=language,
                        body=data["body"],
                        provider_name=data["provider_name"],
                        param_names=data["param_names"],
                        enabled=data["enabled"],
                        user=request.user,
                    )
                except WaslError as error:
                    form.add_error(None, error_text(error))
                    status = 400
                else:
                    messages.success(
                        request,
                        _("%(message)s (%(language)s) saved.")
                        % {"message": spec.label, "language": LANGUAGE_NAMES[language]},
                    )
                    return redirect(
                        "console:setup_template", store_slug=store.slug, event=event, language=language
                    )
        else:
            status = 400
    preview = None
    if not form.errors:
        preview = template_preview(
            store=store,
            spec=spec,
            language=language,
            body=body,
            provider_name=provider_name,
            params=tuple(p for p in params if p),
        )
    context = {
        "store": store,
        "section": "setup",
        "spec": spec,
        "language": language,
        "language_name": LANGUAGE_NAMES[language],
        "text_languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "form": form,
        "preview": preview,
        "own": store_template(store=store, event=event, language=language) is not None,
        "default_text": spec.default_text(language),
    }
    return render(request, "console/setup_template.html", context, status=status)


@require_POST
@manager_view
def setup_template_reset_view(
    request: HttpRequest, store: Store, role: str, event: str, language: str
) -> HttpResponse:
    spec = _spec(event, language)
    if template_reset(store=store, event=event, language=language, user=request.user):
        messages.success(
            request,
            _("%(message)s (%(language)s) is back to the built-in text.")
            % {"message": spec.label, "language": LANGUAGE_NAMES[language]},
        )
    return redirect("console:setup_template", store_slug=store.slug, event=event, language=language)
