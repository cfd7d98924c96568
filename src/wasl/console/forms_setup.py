"""Forms of the setup pages: message texts, notification rules, loyalty tiers, the return policy, staff and
API keys. Every field is bounded and every mistake is said next to its field."""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wasl.console.selectors_setup import EventSpec, RuleRow
from wasl.console.services_setup import BODY_MAX, MAX_DELAY_MINUTES, unknown_variables
from wasl.messaging.models import ChannelName
from wasl.stores.models import StaffRole

_NAME_LIST = re.compile(r"[\s,]+")
LTR = {"dir": "ltr"}


def names_in(raw: str) -> list[str]:
    """ "a, b c" -> ["a", "b", "c"]: names separated by commas or spaces."""
    return [name for name in _NAME_LIST.split(raw.strip()) if name]


class TemplateEditForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Text"), max_length=BODY_MAX, strip=True)
    provider_name = forms.CharField(
        label=gettext_lazy("Approved template name at WhatsApp"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=LTR),
    )
    param_names = forms.CharField(
        label=gettext_lazy("Its parameters, in order ({{1}}, {{2}}, …)"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs=LTR),
    )
    enabled = forms.BooleanField(label=gettext_lazy("Send this message in this language"), required=False)

    def __init__(self, spec: EventSpec, language: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.fields["body"].widget = forms.Textarea(
            attrs={"rows": 5, "dir": "rtl" if language == "ar" else "ltr"}
        )
        self.fields["provider_name"].widget.attrs["placeholder"] = spec.provider_name
        self.fields["param_names"].widget.attrs["placeholder"] = ", ".join(spec.params)

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        unknown = unknown_variables(body, self.spec.variables)
        if unknown:
            raise forms.ValidationError(
                _("Unknown variables: %(names)s. Use only the variables listed.")
                % {"names": ", ".join("{" + name + "}" for name in unknown)},
                code="unknown_variable",
            )
        return body

    def clean_provider_name(self) -> str:
        name: str = self.cleaned_data["provider_name"].strip()
        if name and not re.fullmatch(r"[a-z0-9_]+", name):
            raise forms.ValidationError(
                _("A template name has lower-case letters, digits and _ only."), code="invalid_template_name"
            )
        return name

    def clean_param_names(self) -> list[str]:
        names = names_in(self.cleaned_data["param_names"].replace("{", " ").replace("}", " "))
        unknown = [name for name in names if name not in self.spec.variables]
        if unknown:
            raise forms.ValidationError(
                _("Unknown variables: %(names)s. Use only the variables listed.")
                % {"names": ", ".join(unknown)},
                code="unknown_variable",
            )
        return names


QUIET_MODES = [
    ("default", gettext_lazy("The usual quiet hours")),
    ("custom", gettext_lazy("These quiet hours")),
    ("off", gettext_lazy("None: send at any hour")),
]
NO_CHANNEL = [("", "—")]


class RuleForm(forms.Form):
    enabled = forms.BooleanField(label=gettext_lazy("On"), required=False)
    first = forms.ChoiceField(label=gettext_lazy("First channel"), choices=ChannelName.choices)
    second = forms.ChoiceField(
        label=gettext_lazy("If it fails"), choices=NO_CHANNEL + list(ChannelName.choices), required=False
    )
    third = forms.ChoiceField(
        label=gettext_lazy("Then"), choices=NO_CHANNEL + list(ChannelName.choices), required=False
    )
    delay_minutes = forms.IntegerField(
        label=gettext_lazy("Wait (minutes)"), min_value=0, max_value=MAX_DELAY_MINUTES, required=False
    )
    quiet_mode = forms.ChoiceField(label=gettext_lazy("Quiet hours"), choices=QUIET_MODES)
    quiet_start = forms.TimeField(
        label=gettext_lazy("From"), required=False, widget=forms.TimeInput(attrs=LTR)
    )
    quiet_end = forms.TimeField(
        label=gettext_lazy("Until"), required=False, widget=forms.TimeInput(attrs=LTR)
    )

    def __init__(self, row: RuleRow, *args: Any, **kwargs: Any) -> None:
        channels = [*row.channels, "", ""]
        start, _sep, end = row.quiet_hours.partition("-")
        kwargs.setdefault(
            "initial",
            {
                "enabled": row.enabled,
                "first": channels[0],
                "second": channels[1],
                "third": channels[2],
                "delay_minutes": row.delay_minutes,
                "quiet_mode": {"": "default", "off": "off"}.get(row.quiet_hours, "custom"),
                "quiet_start": start if end else "",
                "quiet_end": end,
            },
        )
        kwargs.setdefault("prefix", row.spec.event.replace(".", "-"))
        super().__init__(*args, **kwargs)
        self.timed = row.spec.timed
        if not self.timed:
            for name in ("delay_minutes", "quiet_mode", "quiet_start", "quiet_end"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(n) for n in ("first", "second", "third") if data.get(n)]
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Each channel may come once only."), code="invalid_channels")
        data["channels"] = chosen
        if self.timed and data.get("quiet_mode") == "custom":
            start, end = data.get("quiet_start"), data.get("quiet_end")
            if start is None or end is None:
                self.add_error("quiet_start", _("Give the start and end of the quiet hours."))
            elif start == end:
                self.add_error("quiet_end", _("The quiet hours must end at another time than they start."))
        return data

    def quiet_hours(self) -> str:
        mode = self.cleaned_data.get("quiet_mode", "default")
        if mode == "off":
            return "off"
        if mode == "custom":
            start: time = self.cleaned_data["quiet_start"]
            end: time = self.cleaned_data["quiet_end"]
            return f"{start:%H:%M}-{end:%H:%M}"
        return ""


class TierForm(forms.Form):
    name = forms.SlugField(label=gettext_lazy("Name"), max_length=40, widget=forms.TextInput(attrs=LTR))
    rank = forms.IntegerField(label=gettext_lazy("Rank (higher is better)"), min_value=0, max_value=32767)
    min_orders = forms.IntegerField(label=gettext_lazy("At least orders"), min_value=0, initial=0)
    min_spend = forms.DecimalField(
        label=gettext_lazy("At least spend"), min_value=Decimal(0), max_digits=14, decimal_places=2, initial=0
    )
    max_return_rate = forms.DecimalField(
        label=gettext_lazy("At most return rate (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        required=False,
    )
    max_rtos = forms.IntegerField(label=gettext_lazy("At most RTOs"), min_value=0, required=False)


class BaseTierFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        if any(self.errors):
            return
        names: set[str] = set()
        ranks: set[int] = set()
        for form in self.forms:
            if not form.has_changed() or form.cleaned_data.get("DELETE"):
                continue
            name, rank = form.cleaned_data["name"], form.cleaned_data["rank"]
            if name in names:
                form.add_error("name", _("Another tier has this name."))
            if rank in ranks:
                form.add_error("rank", _("Another tier has this rank."))
            names.add(name)
            ranks.add(rank)


TierFormSet = forms.formset_factory(TierForm, formset=BaseTierFormSet, extra=2, can_delete=True, max_num=20)


class MemberInviteForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("User name"), max_length=150, widget=forms.TextInput(attrs=LTR)
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"), required=False, widget=forms.EmailInput(attrs=LTR)
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=StaffRole.choices, initial=StaffRole.AGENT)


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"), widget=forms.EmailInput(attrs=LTR))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=StaffRole.choices, initial=StaffRole.AGENT)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=StaffRole.choices)


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=100, help_text=gettext_lazy("e.g. the shop's plug-in")
    )


# --- the return policy, as fields rather than JSON ---

TIER_LISTS = ("fee_free_tiers", "free_pickup_tiers", "lenient_inspection_tiers", "refund_at_first_scan_tiers")
ANY_TIER = "*"
_CODE = re.compile(r"^[a-z0-9_]{1,40}$")


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.splitlines() if line.strip()]


def _tier_box(label: Any, tiers: list[str]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=[(t, t) for t in tiers], required=False, widget=forms.CheckboxSelectMultiple
    )


class ReturnPolicyForm(forms.Form):
    window_days = forms.IntegerField(
        label=gettext_lazy("Days to ask for a return"), min_value=0, max_value=3650
    )
    category_window_days = forms.CharField(
        label=gettext_lazy("Other windows by category (one a line: category: days)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    non_returnable_categories = forms.CharField(
        label=gettext_lazy("Categories that cannot be returned (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    fee = forms.DecimalField(
        label=gettext_lazy("Return fee (order currency)"),
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
    )
    credit_bonus_percent = forms.DecimalField(
        label=gettext_lazy("Bonus on store credit (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
    )
    auto_approve_any = forms.BooleanField(
        label=gettext_lazy("Any buyer, with or without a tier"), required=False
    )
    auto_approve_max_value = forms.DecimalField(
        label=gettext_lazy("Up to this value of items (empty: any value)"),
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    serial_max_returns_90d = forms.IntegerField(
        label=gettext_lazy("Serial returner: at least this many returns in 90 days (empty: no guard)"),
        min_value=0,
        required=False,
    )
    reasons = forms.CharField(
        label=gettext_lazy(
            "Reasons by category (one a line: category: reason, reason; a default line is needed)"
        ),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr"}),
    )
    note = forms.CharField(label=gettext_lazy("What changed"), max_length=300, required=False)

    def __init__(self, tiers: list[str], document: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        auto = document["auto_approve"]
        initial: dict[str, Any] = {
            "window_days": document["window_days"],
            "category_window_days": "\n".join(
                f"{c}: {d}" for c, d in document["category_window_days"].items()
            ),
            "non_returnable_categories": "\n".join(document["non_returnable_categories"]),
            "fee": document["fee"],
            "credit_bonus_percent": document["credit_bonus_percent"],
            "auto_approve_any": ANY_TIER in auto["tiers"],
            "auto_approve_tiers": [t for t in auto["tiers"] if t in tiers],
            "auto_approve_max_value": auto["max_value"],
            "auto_approve_reasons": auto["reasons"],
            "serial_max_returns_90d": document["serial_returner"].get("max_returns_90d"),
            "reasons": "\n".join(f"{c}: {', '.join(codes)}" for c, codes in document["reasons"].items()),
        }
        for key in TIER_LISTS:
            initial[key] = [t for t in document[key] if t in tiers]
        for tier in tiers:
            initial[f"extra_days_{tier}"] = document["tier_extra_days"].get(tier, 0)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.tiers = tiers
        reasons = dict.fromkeys(code for codes in document["reasons"].values() for code in codes)
        self.fields["auto_approve_reasons"] = forms.MultipleChoiceField(
            label=gettext_lazy("Only for these reasons (none ticked: any reason)"),
            choices=[(r, r) for r in reasons],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        labels = {
            "fee_free_tiers": gettext_lazy("No return fee"),
            "free_pickup_tiers": gettext_lazy("Free pickup"),
            "lenient_inspection_tiers": gettext_lazy("Lenient inspection (damaged items still paid back)"),
            "refund_at_first_scan_tiers": gettext_lazy("Refund at the parcel's first carrier scan"),
        }
        for key in TIER_LISTS:
            self.fields[key] = _tier_box(labels[key], tiers)
        self.fields["auto_approve_tiers"] = _tier_box(gettext_lazy("Approve at once for these tiers"), tiers)
        for tier in tiers:
            self.fields[f"extra_days_{tier}"] = forms.IntegerField(
                label=tier, min_value=0, max_value=3650, required=False
            )
        # Tiers the policy names that the store no longer has: saving leaves them out.
        named = set(document["tier_extra_days"]) | {t for key in TIER_LISTS for t in document[key]}
        self.missing_tiers = sorted((named | set(auto["tiers"])) - set(tiers) - {ANY_TIER})

    def tier_fields(self) -> list[Any]:
        return [self[f"extra_days_{tier}"] for tier in self.tiers]

    def clean_category_window_days(self) -> dict[str, int]:
        windows: dict[str, int] = {}
        for line in _lines(self.cleaned_data["category_window_days"]):
            category, _sep, days = line.rpartition(":")
            if not category.strip() or not days.strip().isdigit() or int(days) > 3650:
                raise forms.ValidationError(
                    _("Write each line as category: days (0 to 3650), not %(line)s.") % {"line": line},
                    code="invalid_policy",
                )
            windows[category.strip()] = int(days)
        return windows

    def clean_non_returnable_categories(self) -> list[str]:
        return list(dict.fromkeys(_lines(self.cleaned_data["non_returnable_categories"])))

    def clean_reasons(self) -> dict[str, list[str]]:
        reasons: dict[str, list[str]] = {}
        for line in _lines(self.cleaned_data["reasons"]):
            category, _sep, codes = line.rpartition(":")
            names = names_in(codes)
            bad = [name for name in names if not _CODE.match(name)]
            if not category.strip() or not names or bad:
                raise forms.ValidationError(
                    _(
                        "Write each line as category: reason, reason (lower-case letters, digits and _), not %(line)s."
                    )
                    % {"line": line},
                    code="invalid_policy",
                )
            reasons[category.strip()] = list(dict.fromkeys(names))
        if "default" not in reasons:
            raise forms.ValidationError(
                _("A default line is needed: default: reason, reason."), code="invalid_policy"
            )
        return reasons

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reasons = data.get("reasons")
        if reasons and data.get("auto_approve_reasons"):
            known = {code for codes in reasons.values() for code in codes}
            gone = [r for r in data["auto_approve_reasons"] if r not in known]
            if gone:
                self.add_error(
                    "auto_approve_reasons",
                    _("These reasons are no longer in the list of reasons: %(names)s.")
                    % {"names": ", ".join(gone)},
                )
        return data

    def document(self) -> dict[str, Any]:
        """The policy document the cleaned form describes (returns.policy validates it again on saving)."""
        data = self.cleaned_data
        auto_tiers = ([ANY_TIER] if data["auto_approve_any"] else []) + list(data["auto_approve_tiers"])
        max_value = data["auto_approve_max_value"]
        serial = data["serial_max_returns_90d"]
        return {
            "window_days": data["window_days"],
            "category_window_days": data["category_window_days"],
            "tier_extra_days": {
                t: data[f"extra_days_{t}"] for t in self.tiers if data.get(f"extra_days_{t}")
            },
            "non_returnable_categories": data["non_returnable_categories"],
            "fee": str(data["fee"]),
            "fee_free_tiers": list(data["fee_free_tiers"]),
            "free_pickup_tiers": list(data["free_pickup_tiers"]),
            "auto_approve": {
                "tiers": auto_tiers,
                "max_value": str(max_value) if max_value is not None else None,
                "reasons": list(data["auto_approve_reasons"]),
            },
            "lenient_inspection_tiers": list(data["lenient_inspection_tiers"]),
            "refund_at_first_scan_tiers": list(data["refund_at_first_scan_tiers"]),
            "credit_bonus_percent": str(data["credit_bonus_percent"]),
            "serial_returner": {"max_returns_90d": serial},
            "reasons": data["reasons"],
        }
