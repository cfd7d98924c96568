"""wasl demo: seed a realistic demo shop (once), then serve it with a worker."""

from __future__ import annotations

import secrets
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from tqdm import tqdm

from wasl.core.management.commands.run import serve
from wasl.demo.generator import OrderStream
from wasl.demo.loader import catalogue_load, demo_store_create, orders_load
from wasl.stores.models import Store, StoreMember
from wasl.stores.services import api_key_create, secret_set


class Command(BaseCommand):
    help = "Seed a demo shop (orders, shipments, tracking, NDRs, RTOs) and run the product on it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--orders", type=int, default=3000)
        parser.add_argument("--days", type=int, default=120)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--market", default="SA", help="SA, AE, EG, MA or IN")
        parser.add_argument("--store", default="demo", help="slug of the demo store")
        parser.add_argument("--no-serve", action="store_true", help="only seed, do not start the server")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        store = Store.objects.filter(slug=options["store"]).first()
        if store is None:
            store = self._seed(options)
        else:
            self.stdout.write(f"Demo store {store.slug!r} already exists; reusing it.")
        password = self._admin(store)
        key = api_key_create(store=store, name="demo session")[1]
        self.stdout.write(
            f"Admin:   http://{options['host']}:{options['port']}/admin/  user admin, password {password}"
        )
        self.stdout.write(f"API:     http://{options['host']}:{options['port']}/api/v1/docs  key {key}")
        if not options["no_serve"]:
            serve(options["host"], options["port"], 2)

    def _seed(self, options: dict[str, Any]) -> Store:
        stream = OrderStream(
            orders=options["orders"], days=options["days"], seed=options["seed"], market=options["market"]
        )
        shop_facts = stream.store()
        self.stdout.write(
            f"Seeding {shop_facts.name}: {options['orders']} orders over {options['days']} days ..."
        )
        from wasl.demo.types import DemoShop

        catalogue_only = DemoShop(
            store=shop_facts,
            locations=stream.catalogue.locations,
            products=stream.catalogue.products,
            customers=(),
            orders=(),
            now=stream.now,
        )
        store = demo_store_create(catalogue_only, slug=options["store"])
        catalogue_load(store=store, shop=catalogue_only)
        with tqdm(total=options["orders"], unit="order") as bar:
            orders_load(store=store, orders=stream, progress=bar.update)
        for source in ("shopify", "woocommerce", "salla", "aftership", "generic"):
            secret_set(store=store, key=f"{source}.webhook_secret", value=secrets.token_urlsafe(24))
        return store

    def _admin(self, store: Store) -> str:
        """A fresh password for the demo's admin user each run, printed once."""
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        StoreMember.objects.get_or_create(store=store, user=user, defaults={"role": "owner"})
        return password
