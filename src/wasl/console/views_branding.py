"""Branding: how the store's buyer pages (tracking, returns) look, and how buyers reach a person."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wasl.console.access import member_view
from wasl.core.errors import Invalid
from wasl.core.phones import to_e164
from wasl.portal.branding import BRANDING_FIELDS, Branding, store_branding_update
from wasl.stores.models import Language, SettingChange, Store

HEX_COLOUR = r"^#[0-9a-fA-F]{6}$"


class BrandingForm(forms.Form):
    logo_url = forms.URLField(
        label=gettext_lazy("Logo address"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=gettext_lazy(
            "An https:// address of a PNG, SVG or JPEG image; shown about 36 pixels high."
        ),
        widget=forms.URLInput(attrs={"dir": "ltr", "placeholder": "https://"}),
    )
    primary_color = forms.RegexField(
        label=gettext_lazy("Main colour"),
        regex=HEX_COLOUR,
        error_messages={"invalid": gettext_lazy("A colour like #0f766e.")},
        widget=forms.TextInput(attrs={"type": "color", "dir": "ltr"}),
    )
    language = forms.ChoiceField(label=gettext_lazy("Default language"), choices=Language.choices)
    support_phone = forms.CharField(
        label=gettext_lazy("Support phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "placeholder": "+966…"}),
    )
    support_email = forms.EmailField(
        label=gettext_lazy("Support e-mail"), required=False, widget=forms.EmailInput(attrs={"dir": "ltr"})
    )

    def __init__(self, *args: Any, country: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country = country

    def clean_logo_url(self) -> str:
        url = str(self.cleaned_data["logo_url"] or "").strip()
        if url and not url.lower().startswith("https://"):
            raise forms.ValidationError(
                _("Use an https:// address, or browsers will not show the logo."), code="logo_not_https"
            )
        return url

    def clean_primary_color(self) -> str:
        return str(self.cleaned_data["primary_color"]).lower()

    def clean_support_phone(self) -> str:
        raw = self.cleaned_data["support_phone"].strip()
        if not raw:
            return ""
        phone = to_e164(raw, self.country)
        if not phone:
            raise forms.ValidationError(
                _("This is not a phone number we can read. Try the international form, +212…"),
                code="invalid_phone",
            )
        return phone


def _page(request: HttpRequest, store: Store, form: BrandingForm, status: int = 200) -> HttpResponse:
    preview_colour = form["primary_color"].value() if form.is_bound else store.primary_color
    preview = Branding.of(Store(name=store.name, slug=store.slug, primary_color=str(preview_colour or "")))
    context = {
        "store": store,
        "section": "branding",
        "form": form,
        "preview": preview,
        "changes": list(
            SettingChange.objects.filter(store=store, key__startswith="branding.").order_by("-at", "-id")[:20]
        ),
    }
    return render(request, "console/branding.html", context, status=status)


@member_view
def branding_view(request: HttpRequest, store: Store) -> HttpResponse:
    if request.method != "POST":
        initial = {name: getattr(store, name) for name in BRANDING_FIELDS}
        return _page(request, store, BrandingForm(initial=initial, country=store.country))
    form = BrandingForm(request.POST, country=store.country)
    if not form.is_valid():
        return _page(request, store, form, status=400)
    try:
        changed = store_branding_update(store=store, values=form.cleaned_data, user=request.user)
    except Invalid as error:
        for field, problems in (error.details or {}).items():
            form.add_error(field if field in form.fields else None, problems)
        return _page(request, store, form, status=400)
    if changed:
        messages.success(request, _("Branding saved. Buyer pages show it within a minute."))
    else:
        messages.info(request, _("Nothing to change in the branding."))
    return redirect(reverse("console:branding", args=[store.slug]))
