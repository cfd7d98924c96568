"""Writes for policies: new versions, activation, and the store's policy in force (the default until it has one)."""

from __future__ import annotations

import copy
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from wasl.core.errors import Invalid, NotFound
from wasl.core.text import db_text
from wasl.risk.policy import DEFAULT_POLICY, Policy, policy_validate
from wasl.risk.policy_models import RiskPolicy
from wasl.stores.models import Store

DEFAULT_AUTHOR = "wasl (default policy)"
MAX_DOCUMENT_BYTES = 200_000


def policy_in_force(store: Store) -> tuple[RiskPolicy, Policy]:
    """The active version and its parsed rules; a store without one gets the default as version 1."""
    row = RiskPolicy.objects.filter(store=store, active=True).first()
    if row is None:
        try:
            with transaction.atomic():
                if not RiskPolicy.objects.filter(store=store).exists():
                    row = RiskPolicy.objects.create(
                        store=store,
                        version=1,
                        document=copy.deepcopy(DEFAULT_POLICY),
                        created_by=DEFAULT_AUTHOR,
                        active=True,
                    )
        except IntegrityError:  # made by a concurrent task a moment ago
            pass
        row = row or RiskPolicy.objects.filter(store=store, active=True).first()
        if row is None:  # versions exist but none is active: every one was switched off by hand
            row = RiskPolicy.objects.filter(store=store).order_by("-version").first()
            assert row is not None
    return row, _parsed(row)


_PARSED: dict[int, Policy] = {}


def _parsed(row: RiskPolicy) -> Policy:
    """Versions are never edited, so a version's parsed rules are kept (validation costs a few milliseconds)."""
    policy = _PARSED.get(row.pk)
    if policy is None or policy.document != row.document:  # ids come back after a test's rollback
        policy = _PARSED[row.pk] = policy_validate(row.document)
    return policy


@transaction.atomic
def policy_version_create(
    *, store: Store, document: Any, created_by: str = "", note: str = "", activate: bool = True
) -> RiskPolicy:
    """Validate and keep a new version (the next number); active at once unless `activate` is False."""
    if not isinstance(document, dict):
        raise Invalid("a policy is a JSON object", code="invalid_policy")
    policy_validate(document)
    # Lock the store's versions so that two uploads at once get two numbers, and one active version.
    list(RiskPolicy.objects.select_for_update().filter(store=store).values_list("pk", flat=True))
    latest = RiskPolicy.objects.filter(store=store).aggregate(n=Max("version"))["n"] or 0
    if activate:
        RiskPolicy.objects.filter(store=store, active=True).update(active=False)
    return RiskPolicy.objects.create(
        store=store,
        version=latest + 1,
        document=document,
        created_by=db_text(created_by, 150),
        note=db_text(note, 300),
        active=activate,
    )


@transaction.atomic
def policy_activate(*, store: Store, version: int) -> RiskPolicy:
    """Put a kept version back in force (e.g. undo a change); the one in force is switched off."""
    row = RiskPolicy.objects.select_for_update().filter(store=store, version=version).first()
    if row is None:
        raise NotFound(f"no policy v{version} for this store", code="policy_not_found")
    if not row.active:
        RiskPolicy.objects.filter(store=store, active=True).update(active=False)
        row.active = True
        row.save(update_fields=["active"])
    return row
