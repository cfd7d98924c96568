"""A buyer's consent: opted out of notifications (honoured at once), opted in to marketing."""

from __future__ import annotations

from collections.abc import Iterable

from wasl.core.text import db_text
from wasl.messaging.models import Consent
from wasl.stores.models import Store


def is_opted_out(*, store_id: int, phone: str) -> bool:
    return Consent.objects.filter(store_id=store_id, phone=phone, transactional_opt_out=True).exists()


def opted_out_among(*, store_id: int, phones: Iterable[str]) -> set[str]:
    return set(
        Consent.objects.filter(
            store_id=store_id, phone__in=list(phones), transactional_opt_out=True
        ).values_list("phone", flat=True)
    )


def consent_set(
    *,
    store: Store,
    phone: str,
    source: str,
    transactional_opt_out: bool | None = None,
    marketing_opt_in: bool | None = None,
) -> Consent:
    """Record what the buyer said; a value left as None keeps what was there."""
    consent, _created = Consent.objects.get_or_create(store=store, phone=phone)
    if transactional_opt_out is not None:
        consent.transactional_opt_out = transactional_opt_out
    if marketing_opt_in is not None:
        consent.marketing_opt_in = marketing_opt_in
    consent.source = db_text(source, 60)
    consent.save()
    return consent


MARKETING_STOP = "whatsapp:marketing_stop"


def marketing_preference_apply(*, store: Store, phone: str, value: str) -> str:
    """A buyer's marketing choice made in WhatsApp ("stop", "resume" or "signup").

    Stop takes back a marketing opt-in at once. Resume gives back only what such a stop took: it never opts
    in a buyer who had not opted in with us. Signing up through the business's sign-up link is an opt-in.
    Returns what changed: "stopped", "resumed", "signed_up" or "unchanged".
    """
    consent = Consent.objects.filter(store=store, phone=phone).first()
    if value == "signup":
        if consent is not None and consent.marketing_opt_in:
            return "unchanged"
        consent_set(store=store, phone=phone, source="whatsapp:marketing_signup", marketing_opt_in=True)
        return "signed_up"
    if value == "stop":
        if consent is None or not consent.marketing_opt_in:
            return "unchanged"
        consent_set(store=store, phone=phone, source=MARKETING_STOP, marketing_opt_in=False)
        return "stopped"
    if consent is None or consent.marketing_opt_in or consent.source != MARKETING_STOP:
        return "unchanged"
    consent_set(store=store, phone=phone, source="whatsapp:marketing_resume", marketing_opt_in=True)
    return "resumed"


MARKETING_STOPPED_CODE = "131050"  # WhatsApp: the buyer stopped marketing messages from this business


def marketing_refused(*, store_id: int, phone: str, code: str) -> bool:
    """WhatsApp refused a message because the buyer stopped our marketing: take back their opt-in at once
    (131049, Meta's own per-buyer limit, says nothing of the buyer's wishes and changes nothing)."""
    if code != MARKETING_STOPPED_CODE or not phone:
        return False
    return bool(
        Consent.objects.filter(store_id=store_id, phone=phone, marketing_opt_in=True).update(
            marketing_opt_in=False, source="whatsapp:131050"
        )
    )
