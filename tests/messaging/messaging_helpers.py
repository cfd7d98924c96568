"""Helpers for the messaging tests (this folder is put on sys.path by its conftest)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django_tasks_db.models import DBTaskResult

from wasl.messaging.channels.types import OutgoingMessage, ProviderError, SendResult

WHATSAPP_SETTINGS = {
    "whatsapp.phone_number_id": "1122334455667",
    "whatsapp.token": "test-token",
    "whatsapp.app_secret": "app-secret-1",
    "whatsapp.verify_token": "verify-me",
}
SMS_SETTINGS = {
    "sms.account_sid": "AC0123456789abcdef0123456789abcdef",
    "sms.auth_token": "sms-auth-token",
    "sms.from_number": "+15005550006",
}


@dataclass
class RecordingChannel:
    """Takes what it is given and answers with a made-up provider id, or fails as told."""

    name: str
    sent: list[OutgoingMessage] = field(default_factory=list)
    failures: deque[BaseException] = field(default_factory=deque)

    def send(self, message: OutgoingMessage) -> SendResult:
        if self.failures:
            raise self.failures.popleft()
        self.sent.append(message)
        return SendResult(provider_id=f"{self.name}-{len(self.sent)}", cost=Decimal("0.0050"), currency="USD")

    def fail_next(self, kind: str, code: str, message: str = "refused", count: int = 1) -> None:
        self.failures.extend(ProviderError(kind, code, message) for _ in range(count))


def riyadh_noon() -> datetime:
    """Today 09:00 UTC: noon in Riyadh, outside any Saudi buyer's quiet hours."""
    return datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)


def ready_tasks(path_suffix: str) -> list[DBTaskResult]:
    return [t for t in DBTaskResult.objects.order_by("enqueued_at") if t.task_path.endswith(path_suffix)]


def run_send_tasks() -> list[str]:
    """Run every queued send task once (single and batch), in this process, as a worker would."""
    from wasl.messaging.sending import message_send, messages_send

    results: list[str] = []
    for task in DBTaskResult.objects.order_by("enqueued_at"):
        if task.status != "READY" or not task.task_path.endswith((".send_message", ".send_batch")):
            continue
        DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")
        [argument] = task.args_kwargs["args"]
        if task.task_path.endswith(".send_batch"):
            results.extend(
                f"{outcome}x{count}" for outcome, count in sorted(messages_send(message_ids=argument).items())
            )
        else:
            results.append(message_send(message_id=argument))
    return results


def run_notify_tasks(now: datetime | None = None) -> list[dict[str, int]]:
    from wasl.messaging.notify import EventRef, notifications_create

    results = []
    for task in ready_tasks(".notify_events"):
        if task.status != "READY":
            continue
        DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")
        store_id, refs = task.args_kwargs["args"]
        results.append(
            notifications_create(store_id=store_id, refs=[EventRef.from_list(r) for r in refs], now=now)
        )
    return results


def later(at: datetime, **delta: Any) -> datetime:
    return at + timedelta(**delta)
