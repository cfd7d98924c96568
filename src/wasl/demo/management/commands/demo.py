"""wasl demo: seed a realistic demo shop (once), then serve it with a worker."""

from __future__ import annotations

import json
import secrets
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from wasl.core.management.commands.run import serve
from wasl.demo.channels import SandboxBuyer, demo_channels_configure, demo_sandbox_buyers
from wasl.demo.generator import OrderStream
from wasl.demo.loader import catalogue_load, demo_store_create, orders_load
from wasl.demo.providers import DEFAULT_PORT, RunningProviders, providers_start
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
        parser.add_argument(
            "--providers-port",
            type=int,
            default=DEFAULT_PORT,
            help="port of the WhatsApp and SMS stand-ins the demo runs (a free one when taken; 0: any free one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        store = Store.objects.filter(slug=options["store"]).first()
        if store is None:
            store = self._seed(options)
        else:
            self.stdout.write(f"Demo store {store.slug!r} already exists; reusing it.")
        password = self._admin(store)
        key = api_key_create(store=store, name="demo session")[1]
        providers = None if options["no_serve"] else providers_start(port=options["providers_port"])
        try:
            self._introduce(store, options, password, key, providers)
            if providers is not None:
                serve(options["host"], options["port"], 2)
        finally:
            if providers is not None:
                providers.stop()

    def _introduce(
        self,
        store: Store,
        options: dict[str, Any],
        password: str,
        key: str,
        providers: RunningProviders | None,
    ) -> None:
        """Set up the channels and the sandbox, and say where everything is."""
        providers_url = (
            providers.url if providers else f"http://127.0.0.1:{options['providers_port'] or DEFAULT_PORT}"
        )
        channels = demo_channels_configure(store=store, providers_url=providers_url)
        buyers = demo_sandbox_buyers(store=store)
        site = f"http://{options['host']}:{options['port']}"
        self.stdout.write(f"Admin:   {site}/admin/  user admin, password {password}")
        self.stdout.write(f"API:     {site}/api/v1/docs  key {key}")
        self.stdout.write(
            f"Console: {site}/console/  same user; sandbox at {site}/console/{store.slug}/sandbox/"
        )
        self._channels(providers, providers_url, channels, buyers)
        if buyers:
            self._try_it(site, key, buyers[0])

    def _channels(
        self,
        providers: RunningProviders | None,
        url: str,
        channels: list[str],
        buyers: list[SandboxBuyer],
    ) -> None:
        if not channels:
            self.stdout.write("Channels: the store has its own WhatsApp and SMS set up; left as they are.")
        elif providers is not None:
            self.stdout.write(f"Channels: {' and '.join(channels)} go to the provider stand-ins at {url}")
            self.stdout.write(
                f"          (what reached them: {url}/_control/graph/sent and {url}/_control/sms/sent)"
            )
        else:
            self.stdout.write(
                f"Channels: {' and '.join(channels)} point at {url}; run `wasl fake-providers` to receive them."
            )
        for buyer in buyers:
            self.stdout.write(
                f"Sandbox: {buyer.phone} ({buyer.name}), parcel {buyer.tracking_number} {buyer.status}"
            )

    def _try_it(self, site: str, key: str, buyer: SandboxBuyer) -> None:
        """A command that moves a sandbox buyer's parcel one step, so its notification shows in the sandbox."""
        body = json.dumps(
            {
                "tracking_number": buyer.tracking_number,
                "status": buyer.next_status,
                "occurred_at": timezone.now().replace(microsecond=0).isoformat(),
            }
        )
        self.stdout.write("Try it: move that parcel, then open its number in the sandbox:")
        self.stdout.write(
            f"  curl -s -X POST {site}/api/v1/tracking-events -H 'Authorization: Bearer {key}' "
            f"-H 'Content-Type: application/json' -d '{body}'"
        )

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
        from wasl.demo.stock import demo_stock_finish

        demo_stock_finish(
            store=store, seed=options["seed"], locations=tuple(loc.code for loc in catalogue_only.locations)
        )
        with tqdm(total=options["orders"], unit="order") as bar:
            orders_load(store=store, orders=stream, progress=bar.update)
        from wasl.demo.rates import demo_rates_seed

        demo_rates_seed(store=store, market_code=options["market"])  # rate cards, promises, carrier figures
        for source in ("shopify", "woocommerce", "salla", "aftership", "generic"):
            secret_set(
                store=store,
                key=f"{source}.webhook_secret",
                value=secrets.token_urlsafe(24),
                actor="wasl demo",
                source="demo",
            )
        from wasl.analytics.demo import demo_analytics_seed

        demo_analytics_seed(store=store)  # the dashboard's figures, from the first page view
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
