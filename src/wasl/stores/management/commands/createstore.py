"""wasl createstore SLUG --name NAME: a new store and its first API key, printed once on the last line."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasl.core.errors import WaslError
from wasl.stores.services import api_key_create, store_create


class Command(BaseCommand):
    help = "Create a store and print its first API key (shown once, on the last line)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--country", default="SA", help="ISO 3166-1 alpha-2 (default SA)")
        parser.add_argument("--currency", default="SAR", help="ISO 4217 (default SAR)")
        parser.add_argument("--language", default="ar", choices=["ar", "fr", "en"])
        parser.add_argument("--timezone", default="Asia/Riyadh")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            store = store_create(
                name=options["name"],
                slug=options["slug"],
                country=options["country"],
                currency=options["currency"],
                language=options["language"],
                timezone_name=options["timezone"],
            )
        except WaslError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        _key, plaintext = api_key_create(store=store, name="created with the store")
        self.stdout.write(
            f"Store {store.slug!r} created ({store.country}, {store.currency}, {store.language})."
        )
        self.stdout.write("Its API key follows. It is shown only this once; keep it somewhere safe.")
        self.stdout.write(plaintext)
