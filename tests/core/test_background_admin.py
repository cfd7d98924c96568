"""Admin of worker heartbeats and periodic jobs (wasl.core.admin)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory, override_settings
from django.utils import timezone

from wasl.core.admin import PeriodicJobAdmin, WorkerHeartbeatAdmin
from wasl.core.models import PeriodicJob, WorkerHeartbeat


@pytest.mark.django_db
@override_settings(WASL_WORKER_LEASE_S=30.0)
def test_a_worker_is_shown_alive_while_its_heartbeat_is_within_the_lease() -> None:
    # Given a 30 s lease, a worker seen 10 s ago and one seen 40 s ago
    now = timezone.now()
    fresh, stale = (
        WorkerHeartbeat(worker_id=name, hostname="box", pid=1, started_at=now, last_seen_at=now - age)
        for name, age in (("fresh", timedelta(seconds=10)), ("stale", timedelta(seconds=40)))
    )
    model_admin = WorkerHeartbeatAdmin(WorkerHeartbeat, admin.site)

    # Then only the first is shown alive
    assert (model_admin.is_alive(fresh), model_admin.is_alive(stale)) == (True, False)


@pytest.mark.django_db
def test_run_now_makes_the_selected_jobs_due() -> None:
    # Given a job scheduled in an hour
    job = PeriodicJob.objects.create(name="probe.tick", next_run_at=timezone.now() + timedelta(hours=1))
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    before = timezone.now()

    # When the admin action runs on it
    PeriodicJobAdmin(PeriodicJob, admin.site).run_now(request, PeriodicJob.objects.all())

    # Then it is due now
    job.refresh_from_db()
    assert before <= job.next_run_at <= timezone.now()
