"""Background work for campaigns: due recovery steps, due payment reminders, due campaigns; each run is safe
to repeat and to run in several workers at once (every step is claimed before it is sent)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from wasl.core.periodic import periodic


@periodic(every=timedelta(minutes=1))
@task()
def recover_checkouts() -> dict[str, int]:
    """Send the abandoned-cart recovery steps that are due."""
    from wasl.campaigns.checkouts import recovery_run_due

    return recovery_run_due()


@periodic(every=timedelta(minutes=5))
@task()
def remind_payments() -> dict[str, int]:
    """Remind buyers of payment links that are still unpaid; withdraw reminders no longer needed."""
    from wasl.campaigns.reminders import reminders_run_due

    return reminders_run_due()


@periodic(every=timedelta(minutes=1))
@task()
def launch_campaigns() -> dict[str, int]:
    """Launch the campaigns whose time has come (and resume any launch a stopped worker left halfway)."""
    from wasl.campaigns.broadcasts import campaigns_run_due

    return campaigns_run_due()
