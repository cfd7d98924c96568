"""What every buyer page shares: the store's look (logo, colours), its language and the text direction.

Buyer pages are reached from messages, without a login, so the language is chosen per request rather than
from a session: an explicit ``?lang=`` wins, then the language the buyer talks to the store in, then the
store's default. The colours are computed so that text on the store's colour is always readable, whatever
colour the merchant picked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import get_language_info

from wasl.core.errors import Invalid
from wasl.stores.models import SettingAction, SettingChange, Store

SUPPORTED_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
RTL_LANGUAGES = frozenset({"ar"})
DEFAULT_PRIMARY = "#0f766e"
LIGHT_TEXT = "#ffffff"
DARK_TEXT = "#111827"
# WCAG AA for normal text.
MIN_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def _parse_hex(colour: str) -> tuple[int, int, int] | None:
    if len(colour) != 7 or not colour.startswith("#"):
        return None
    try:
        return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
    except ValueError:
        return None


def relative_luminance(colour: str) -> float:
    rgb = _parse_hex(colour) or _parse_hex(DEFAULT_PRIMARY)
    assert rgb is not None
    r, g, b = (_channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: str) -> str:
    """White or near-black, whichever reads better on the background."""
    if contrast_ratio(background, LIGHT_TEXT) >= contrast_ratio(background, DARK_TEXT):
        return LIGHT_TEXT
    return DARK_TEXT


def ink_for(colour: str) -> str:
    """The store's colour darkened until it reads as text on white (links, headings); unchanged if it does."""
    rgb = _parse_hex(colour) or _parse_hex(DEFAULT_PRIMARY)
    assert rgb is not None
    r, g, b = rgb
    candidate = colour.lower() if _parse_hex(colour) else DEFAULT_PRIMARY
    for _step in range(20):
        if contrast_ratio(candidate, "#ffffff") >= MIN_CONTRAST:
            return candidate
        r, g, b = int(r * 0.85), int(g * 0.85), int(b * 0.85)
        candidate = f"#{r:02x}{g:02x}{b:02x}"
    return DARK_TEXT


def safe_primary(colour: str) -> str:
    return colour.lower() if _parse_hex(colour) else DEFAULT_PRIMARY


def choose_language(*, requested: str | None, conversation_language: str | None, store_language: str) -> str:
    """?lang= first, then the buyer's conversation language, then the store's default, then English."""
    for candidate in (requested, conversation_language, store_language):
        code = (candidate or "").strip().lower()[:2]
        if code in SUPPORTED_LANGUAGES:
            return code
    return settings.LANGUAGE_CODE


STORE_CACHE_SECONDS = 60
_NO_STORE = "missing"


def _store_key(slug: str) -> str:
    return f"portal:store:{slug}"


def portal_store(*, slug: str) -> Store | None:
    """The store behind /t/<slug>/, cached: every page view of a store needs it and it rarely changes."""
    cached = cache.get(_store_key(slug))
    if cached == _NO_STORE:
        return None
    if isinstance(cached, Store):
        return cached
    store = Store.objects.filter(slug=slug).first()
    cache.set(_store_key(slug), store if store is not None else _NO_STORE, STORE_CACHE_SECONDS)
    return store


def portal_store_forget(*, slug: str) -> None:
    """After a branding change: this process shows it at once, other processes within STORE_CACHE_SECONDS."""
    cache.delete(_store_key(slug))


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


def language_links(request: HttpRequest, current: str) -> list[LanguageLink]:
    """The same page in each language, keeping the other query parameters (a signed link's key above all)."""
    links = []
    for code in SUPPORTED_LANGUAGES:
        params = [(k, v) for k, values in request.GET.lists() if k != "lang" for v in values]
        params.append(("lang", code))
        links.append(
            LanguageLink(
                code=code,
                name=get_language_info(code)["name_local"],
                url=f"{request.path}?{urlencode(params)}",
                current=code == current,
            )
        )
    return links


@dataclass(frozen=True)
class Branding:
    store_name: str
    store_slug: str
    logo_url: str
    primary: str
    on_primary: str
    primary_ink: str
    support_phone: str
    support_email: str

    @classmethod
    def of(cls, store: Store) -> Branding:
        primary = safe_primary(store.primary_color)
        return cls(
            store_name=store.name,
            store_slug=store.slug,
            logo_url=store.logo_url,
            primary=primary,
            on_primary=text_colour_on(primary),
            primary_ink=ink_for(primary),
            support_phone=getattr(store, "support_phone", ""),
            support_email=getattr(store, "support_email", ""),
        )


def portal_context(*, request: HttpRequest, store: Store, language: str) -> dict[str, object]:
    """The context base.html needs; pages add their own on top."""
    return {
        "store": store,
        "brand": Branding.of(store),
        "language": language,
        "text_dir": "rtl" if language in RTL_LANGUAGES else "ltr",
        "language_links": language_links(request, language),
    }


BRANDING_FIELDS = ("logo_url", "primary_color", "language", "support_phone", "support_email")


@transaction.atomic
def store_branding_update(
    *, store: Store, values: dict[str, str], user: Any = None, actor: str = "", source: str = "console"
) -> list[str]:
    """Change the store's look on its buyer pages; each field changed goes on the settings audit trail.

    Returns the fields changed. The values are checked again here (the model's validators), so a caller
    other than the console form cannot store a colour or an address the pages cannot use.
    """
    changed = []
    for name in BRANDING_FIELDS:
        if name in values and values[name] != getattr(store, name):
            setattr(store, name, values[name])
            changed.append(name)
    if not changed:
        return []
    try:
        store.full_clean(exclude=[f.name for f in Store._meta.fields if f.name not in changed])
    except ValidationError as error:
        store.refresh_from_db()
        raise Invalid(
            "the branding is not valid", code="invalid_branding", details=error.message_dict
        ) from None
    store.save(update_fields=changed)
    who = actor or (user.get_username() if user is not None else "")
    SettingChange.objects.bulk_create(
        SettingChange(
            store=store,
            key=f"branding.{name}",
            action=SettingAction.SET if getattr(store, name) else SettingAction.CLEARED,
            user=user,
            actor=who[:150],
            source=source[:40],
        )
        for name in changed
    )
    slug = store.slug
    transaction.on_commit(lambda: portal_store_forget(slug=slug))
    return changed
