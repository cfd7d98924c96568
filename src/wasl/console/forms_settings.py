"""The channel settings forms: one per channel, and the test message.

Secrets are never put back into a page: their inputs start empty, an empty one keeps what is stored, and
each has its own "clear" box. Other values are shown as stored, and emptying one removes it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wasl.console.channel_fields import SETTINGS, Setting, is_flag_on

CLEAR = "{}__clear"

# channel settings as read for the form: key (without the channel) -> value, or None when the stored
# value cannot be decrypted with the current key. A key that is not set is absent.
Stored = dict[str, str | None]


def _field(setting: Setting, stored: Stored) -> forms.Field:
    if setting.flag:
        return forms.BooleanField(
            label=setting.label, required=False, initial=is_flag_on(stored.get(setting.key) or "")
        )
    attrs = {"dir": "ltr", "spellcheck": "false", "autocomplete": "off"}
    if setting.placeholder:
        attrs["placeholder"] = setting.placeholder
    if setting.secret:
        attrs["autocomplete"] = "new-password"
        return forms.CharField(
            label=setting.label,
            required=False,
            max_length=setting.max_length,
            widget=forms.PasswordInput(attrs=attrs, render_value=False),
        )
    return forms.CharField(
        label=setting.label,
        required=False,
        max_length=setting.max_length,
        initial=stored.get(setting.key) or "",
        widget=forms.TextInput(attrs=attrs),
    )


class ChannelSettingsForm(forms.Form):
    def __init__(self, channel: str, stored: Stored, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel, self.stored = channel, stored
        self.settings = SETTINGS[channel]
        for setting in self.settings:
            self.fields[setting.key] = _field(setting, stored)
            if setting.secret:
                self.fields[CLEAR.format(setting.key)] = forms.BooleanField(label=_("Clear"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for setting in self.settings:
            value = data.get(setting.key)
            if setting.flag or not value:
                continue
            try:
                data[setting.key] = _checked(setting, value)
            except ValidationError as error:
                self.add_error(setting.key, error)
                continue
            if setting.secret and data.get(CLEAR.format(setting.key)):
                self.add_error(setting.key, _("Type a new value or tick Clear, not both."))
        if data.get("use_tls") and data.get("use_ssl"):
            self.add_error("use_ssl", _("Choose STARTTLS or TLS from the start, not both."))
        return data

    def changes(self) -> dict[str, str | None]:
        """Full key -> the new value, or None to remove it; only what differs from what is stored."""
        found: dict[str, str | None] = {}
        for setting in self.settings:
            key, stored = f"{self.channel}.{setting.key}", self.stored.get(setting.key)
            is_set = setting.key in self.stored
            if setting.flag:
                on = bool(self.cleaned_data.get(setting.key))
                if on != is_flag_on(stored or ""):
                    found[key] = "true" if on else None
                continue
            value = self.cleaned_data.get(setting.key) or ""
            if setting.secret and self.cleaned_data.get(CLEAR.format(setting.key)):
                if is_set:
                    found[key] = None
            elif value:
                if value != stored:
                    found[key] = value
            elif is_set and not setting.secret and stored is not None:
                # Emptied on purpose; an unreadable value shows empty, so empty keeps it, as for secrets.
                found[key] = None
        return found


def _checked(setting: Setting, value: str) -> str:
    if setting.secret:
        if any(c.isspace() for c in value):
            raise ValidationError(_("No spaces: paste the value exactly as the provider shows it."))
        return value
    return setting.check(value)


class TestMessageForm(forms.Form):
    to = forms.CharField(
        label=_("Send to"),
        max_length=254,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
