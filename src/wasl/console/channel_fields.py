"""The settings of each channel as the console shows them: the same keys as `wasl store set whatsapp.token=...`.

Each value is checked here, with a message a merchant can act on; what the channel builders need
(`messaging.channels.registry`) decides which keys exist and which are required.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from email.utils import parseaddr
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _

from wasl.messaging.channels.registry import REQUIRED_KEYS
from wasl.stores.services import HINT_CHARS, HINT_MIN_LENGTH

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Check = Callable[[str], str]  # the value as it will be stored, or ValidationError

RATE_MAX = 100_000
MASK = "••••"
_DIGITS = re.compile(r"^[0-9]{1,30}$")
_WORD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
_SENDER_NAME = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")
_HOST = re.compile(r"^[A-Za-z0-9.\-]{1,253}$|^\[[0-9A-Fa-f:.]{2,45}\]$")
_url = URLValidator(schemes=["http", "https"])


def _text(value: str) -> str:
    return value


def _digits(value: str) -> str:
    if not _DIGITS.match(value):
        raise ValidationError(
            _("Digits only: the phone number ID from Meta's API Setup page (not the phone number itself).")
        )
    return value


def _url_value(value: str) -> str:
    try:
        _url(value)
    except ValidationError:
        raise ValidationError(_("An address starting with http:// or https://.")) from None
    return value.rstrip("/")


def _rate(value: str) -> str:
    try:
        rate = Decimal(value.replace(",", "."))
    except InvalidOperation:
        rate = Decimal("NaN")
    if not rate.is_finite() or rate <= 0 or rate > RATE_MAX:
        raise ValidationError(_("A positive number of messages per second, such as 80."))
    return format(rate.normalize(), "f")


def _port(value: str) -> str:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise ValidationError(_("A port number from 1 to 65535, such as 587."))
    return str(int(value))


def _email(value: str) -> str:
    address = parseaddr(value)[1]
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            _("An e-mail address such as shop@example.com, or with a name: Shop <shop@example.com>.")
        ) from None
    return value


def _sender(value: str) -> str:
    if not (_E164.match(value) or _SENDER_NAME.match(value)):
        raise ValidationError(
            _("A phone number in international form (+15005550006), or a sender name of up to 11 letters.")
        )
    return value


def _word(value: str) -> str:
    if not _WORD.match(value):
        raise ValidationError(_("Letters and digits only, as the provider shows it."))
    return value


def _host(value: str) -> str:
    if not _HOST.match(value):
        raise ValidationError(_("A host name such as smtp.example.com."))
    return value


@dataclass(frozen=True)
class Setting:
    key: str  # without the channel's prefix
    label: StrOrPromise
    check: Check = _text
    secret: bool = False
    flag: bool = False
    max_length: int = 500
    help: StrOrPromise = ""
    placeholder: str = ""


SETTINGS: dict[str, tuple[Setting, ...]] = {
    "whatsapp": (
        Setting(
            "phone_number_id",
            _("Phone number ID"),
            _digits,
            max_length=30,
            placeholder="1122334455667",
            help=_("WhatsApp → API Setup in your Meta app."),
        ),
        Setting(
            "token",
            _("Access token"),
            secret=True,
            max_length=1000,
            help=_("A permanent token of a system user, with the whatsapp_business_messaging permission."),
        ),
        Setting(
            "app_secret",
            _("App secret"),
            secret=True,
            max_length=200,
            help=_("The app's Settings → Basic; Meta signs every webhook with it."),
        ),
        Setting(
            "verify_token",
            _("Verify token"),
            secret=True,
            max_length=200,
            help=_("Any long random text; give Meta the same when you register the webhook."),
        ),
        Setting(
            "graph_url",
            _("Graph API address"),
            _url_value,
            placeholder="https://graph.facebook.com",
            help=_("Leave empty for Meta's own."),
        ),
        Setting(
            "rate_per_s",
            _("Messages per second"),
            _rate,
            max_length=20,
            placeholder="80",
            help=_("Leave empty for the default."),
        ),
    ),
    "sms": (
        Setting("account_sid", _("Account SID"), _word, max_length=64, placeholder="AC0123…"),
        Setting("auth_token", _("Auth token"), secret=True, max_length=200),
        Setting("from_number", _("Sender"), _sender, max_length=20, placeholder="+15005550006"),
        Setting(
            "base_url",
            _("API address"),
            _url_value,
            placeholder="https://api.twilio.com",
            help=_("Leave empty for Twilio's own; any Twilio-compatible provider works."),
        ),
        Setting(
            "rate_per_s",
            _("Messages per second"),
            _rate,
            max_length=20,
            placeholder="10",
            help=_("Leave empty for the default."),
        ),
    ),
    "email": (
        Setting("host", _("SMTP server"), _host, max_length=255, placeholder="smtp.example.com"),
        Setting("port", _("Port"), _port, max_length=5, placeholder="587", help=_("25 when left empty.")),
        Setting("username", _("User name"), max_length=254),
        Setting("password", _("Password"), secret=True, max_length=500),
        Setting("use_tls", _("STARTTLS (usually port 587)"), flag=True),
        Setting("use_ssl", _("TLS from the start (usually port 465)"), flag=True),
        Setting(
            "from_address",
            _("From address"),
            _email,
            max_length=254,
            placeholder="Shop <orders@example.com>",
        ),
    ),
}

CHANNEL_LABELS: dict[str, StrOrPromise] = {"whatsapp": _("WhatsApp"), "sms": _("SMS"), "email": _("E-mail")}
SECRET_KEYS = frozenset(f"{c}.{s.key}" for c, group in SETTINGS.items() for s in group if s.secret)

assert set(SETTINGS) == set(REQUIRED_KEYS), "every channel the engine knows has its settings here"


def setting_of(channel: str, key: str) -> Setting:
    return next(s for s in SETTINGS[channel] if s.key == key)


def masked(value: str) -> str:
    """A secret as the page shows it: its last four characters when it is long enough to spare them."""
    return MASK + (value[-HINT_CHARS:] if len(value) >= HINT_MIN_LENGTH else MASK)


def is_flag_on(value: str) -> bool:
    """As the channel builders read a flag."""
    return value.strip().lower() in {"1", "true", "yes", "on"}
