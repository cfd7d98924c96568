"""Back-office views of the background-work state: which workers are alive, when periodic jobs run next."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wasl.core.models import PeriodicJob, WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("worker_id", "hostname", "pid", "started_at", "last_seen_at", "is_alive")
    search_fields = ("worker_id", "hostname")
    readonly_fields = ("worker_id", "hostname", "pid", "started_at", "last_seen_at")

    @admin.display(boolean=True, description=_("alive"))
    def is_alive(self, heartbeat: WorkerHeartbeat) -> bool:
        lease = timedelta(seconds=settings.WASL_WORKER_LEASE_S)
        return heartbeat.last_seen_at >= timezone.now() - lease

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    list_display = ("name", "next_run_at", "last_enqueued_at", "last_task_id")
    search_fields = ("name",)
    readonly_fields = ("name", "last_enqueued_at", "last_task_id")
    actions = ("run_now",)

    @admin.action(description=_("Run at the next worker loop"))
    def run_now(self, request: HttpRequest, queryset: QuerySet[PeriodicJob]) -> None:
        moved = queryset.update(next_run_at=timezone.now())
        self.message_user(
            request, _("%(count)d job(s) will run shortly.") % {"count": moved}, messages.SUCCESS
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
