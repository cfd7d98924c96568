"""One attempt at a delivery: claim it, POST the signed event, record what came back, move the delivery
and its endpoint on (retry later, give up, disable the endpoint)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wasl.stores.crypto import decrypt
from wasl.webhooks.models import DeliveryStatus, OutboundAttempt, OutboundDelivery, OutboundEndpoint
from wasl.webhooks.outbound import sending, signing
from wasl.webhooks.outbound.payload import event_body
from wasl.webhooks.outbound.schedule import retry_delay

# How long a claimed delivery is left alone beyond the request timeout before it counts as lost.
LEASE_MARGIN_S = 60.0


@dataclass(frozen=True, slots=True)
class AttemptOutcome:
    delivery_id: int
    status: str
    """The delivery's status afterwards ("" when the delivery no longer exists)."""
    sent: bool
    """False when nothing was sent: already done, not due yet, or being attempted by another worker."""
    retry_at: datetime | None = None


def _claim(delivery_id: int, now: datetime) -> bool:
    """Take the delivery for one attempt; only one worker can, however many tasks point at it."""
    # A lease rather than a row lock: no transaction stays open while the request is in flight.
    lease_until = now + timedelta(seconds=settings.WASL_OUTBOUND_TIMEOUT_S + LEASE_MARGIN_S)
    claimed = OutboundDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=lease_until)
    return claimed == 1


def delivery_attempt(*, delivery_id: int) -> AttemptOutcome:
    """One signed POST of the delivery's event, recorded, with the delivery and endpoint moved on."""
    if not _claim(delivery_id, timezone.now()):
        status = OutboundDelivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
        return AttemptOutcome(delivery_id=delivery_id, status=status or "", sent=False)
    delivery = OutboundDelivery.objects.select_related("event__store", "endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        reason = f"not sent: the endpoint is disabled ({endpoint.disabled_reason or 'no reason given'})"
        return _finish_unsent(delivery, DeliveryStatus.FAILED, reason)
    if delivery.attempts > settings.WASL_OUTBOUND_MAX_ATTEMPTS:
        # Earlier attempts were claimed but never recorded (the worker died): the budget is spent anyway.
        return _finish_unsent(delivery, DeliveryStatus.ABANDONED, "no attempts left")
    started_at = timezone.now()
    result = _post(delivery)
    return _record_attempt(delivery, started_at, result)


def _post(delivery: OutboundDelivery) -> sending.PostResult:
    event, endpoint = delivery.event, delivery.endpoint
    try:
        secret = decrypt(endpoint.encrypted_secret)
    except ValueError as error:
        return sending.PostResult(status_code=None, duration_ms=0, error=f"not sent: {error}")
    body = event_body(event)
    headers = signing.delivery_headers(
        secret=secret,
        body=body,
        event_id=str(event.uuid),
        event_type=event.event_type,
        attempt=delivery.attempts,
    )
    return sending.post(
        url=endpoint.url, body=body, headers=headers, timeout_s=settings.WASL_OUTBOUND_TIMEOUT_S
    )


def _finish_unsent(delivery: OutboundDelivery, status: str, reason: str) -> AttemptOutcome:
    OutboundDelivery.objects.filter(pk=delivery.pk).update(
        status=status, next_attempt_at=None, last_error=reason[:300], completed_at=timezone.now()
    )
    return AttemptOutcome(delivery_id=delivery.pk, status=status, sent=False)


def _failure_summary(result: sending.PostResult) -> str:
    if result.succeeded:
        return ""
    return result.error or f"HTTP {result.status_code}"


@transaction.atomic
def _record_attempt(
    delivery: OutboundDelivery, started_at: datetime, result: sending.PostResult
) -> AttemptOutcome:
    now = timezone.now()
    endpoint_id = delivery.endpoint_id
    retry_at: datetime | None = None
    if result.succeeded:
        status = DeliveryStatus.SUCCEEDED
        OutboundEndpoint.objects.filter(pk=endpoint_id, consecutive_failures__gt=0).update(
            consecutive_failures=0
        )
    elif result.status_code == 410:
        status = DeliveryStatus.FAILED
        _disable_automatically(endpoint_id, now, "the endpoint answered 410 Gone")
    elif delivery.attempts >= settings.WASL_OUTBOUND_MAX_ATTEMPTS:
        status = DeliveryStatus.ABANDONED
        _count_failed_delivery(endpoint_id, now)
    else:
        status = DeliveryStatus.PENDING
        retry_at = now + retry_delay(failed_attempts=delivery.attempts)
    updated = OutboundDelivery.objects.filter(pk=delivery.pk).update(
        status=status,
        next_attempt_at=retry_at,
        last_status_code=result.status_code,
        last_error=_failure_summary(result)[:300],
        completed_at=None if status == DeliveryStatus.PENDING else now,
    )
    if not updated:  # the endpoint was deleted while the request was in flight
        return AttemptOutcome(delivery_id=delivery.pk, status="", sent=True)
    OutboundAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        started_at=started_at,
        duration_ms=result.duration_ms,
        status_code=result.status_code,
        error=result.error[:300],
        response_excerpt=result.excerpt,
    )
    return AttemptOutcome(delivery_id=delivery.pk, status=status, sent=True, retry_at=retry_at)


def _count_failed_delivery(endpoint_id: int, now: datetime) -> None:
    # F() so that deliveries failing at the same moment on several workers all count.
    OutboundEndpoint.objects.filter(pk=endpoint_id).update(consecutive_failures=F("consecutive_failures") + 1)
    limit = settings.WASL_OUTBOUND_DISABLE_AFTER
    OutboundEndpoint.objects.filter(pk=endpoint_id, is_active=True, consecutive_failures__gte=limit).update(
        is_active=False,
        disabled_at=now,
        disabled_reason=f"disabled after {limit} consecutive failed deliveries",
    )


def _disable_automatically(endpoint_id: int, now: datetime, reason: str) -> None:
    OutboundEndpoint.objects.filter(pk=endpoint_id, is_active=True).update(
        is_active=False, disabled_at=now, disabled_reason=reason
    )
