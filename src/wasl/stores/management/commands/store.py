"""wasl store set|show --store SLUG: a store's integration settings and secrets (kept encrypted)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasl.core.errors import WaslError
from wasl.stores.models import IntegrationSecret
from wasl.stores.selectors import store_get
from wasl.stores.services import secret_hint, secret_set


class Command(BaseCommand):
    help = "Set or show a store's integration settings, e.g. `wasl store set --store demo shopify.webhook_secret=...`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        setter = actions.add_parser("set", help="set one or more values")
        setter.add_argument("--store", required=True, help="the store's slug")
        setter.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
        shower = actions.add_parser(
            "show", help="list what is set, each value shown only by its last characters"
        )
        shower.add_argument("--store", required=True, help="the store's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            store = store_get(slug=options["store"])
        except WaslError as exc:
            raise CommandError(exc.message) from exc
        if options["action"] == "show":
            for row in IntegrationSecret.objects.filter(store=store).order_by("key"):
                self.stdout.write(f"{row.key} = …{row.hint}" if row.hint else f"{row.key} = (set)")
            return
        for pair in options["pairs"]:
            key, sep, value = pair.partition("=")
            if not sep or not key or not value:
                raise CommandError(f"{pair!r} is not KEY=VALUE")
            secret_set(store=store, key=key, value=value, actor="wasl store set", source="command")
            hint = secret_hint(value)
            self.stdout.write(f"{key} set (…{hint})" if hint else f"{key} set")
