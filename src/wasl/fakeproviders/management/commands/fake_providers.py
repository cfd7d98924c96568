"""`wasl fake-providers`: serve the WhatsApp (Graph API), SMS (Twilio), Stripe and Razorpay stand-ins on one port."""

from __future__ import annotations

import signal
import threading
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasl.fakeproviders.graph_server import ThreadingWSGIServer
from wasl.fakeproviders.server import serve


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Serve local stand-ins for Meta's Graph API, Twilio's Messages API, Stripe and Razorpay until Ctrl-C. Point a store's "
        "provider base URLs at the printed address; /_control/... scripts failures and plays back webhooks."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind (default: %(default)s)")
        parser.add_argument(
            "--port", type=int, default=8900, help="Port; 0 picks a free one (default: %(default)s)"
        )

    def handle(self, *args: Any, host: str, port: int, **options: Any) -> None:
        if not 0 <= port <= 65535:
            raise CommandError(f"--port must be between 0 and 65535, not {port}")
        in_main_thread = threading.current_thread() is threading.main_thread()
        # A process manager stops with SIGTERM: end as cleanly as on Ctrl-C.
        previous = signal.signal(signal.SIGTERM, _interrupt) if in_main_thread else None
        try:
            serve(host, port, on_ready=self._announce)
        except OSError as error:
            raise CommandError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
        finally:
            if in_main_thread:
                signal.signal(signal.SIGTERM, previous)
        self.stdout.write("Stopped.")

    def _announce(self, server: ThreadingWSGIServer) -> None:
        host, port = server.server_address[:2]
        base = f"http://{host!s}:{port}"
        self.stdout.write(f"Provider stand-ins listening on {base}")
        self.stdout.write(f"  WhatsApp (Graph API): {base}/v<version>/...   control: {base}/_control/graph/")
        self.stdout.write(f"  SMS (Twilio):         sms.base_url={base}   control: {base}/_control/sms/")
        self.stdout.write(
            f"  Stripe:               stripe.api_base={base}/stripe   control: {base}/_control/stripe/"
        )
        self.stdout.write(
            f"  Razorpay:             razorpay.base_url={base}/razorpay   control: {base}/_control/razorpay/"
        )
        self.stdout.write(f"  health:               {base}/_control/health")
        self.stdout.write("Ctrl-C to stop.")
        self.stdout.flush()
