"""The `wasl` command: Wasl's own subcommands plus every Django management command.

wasl run [--host H] [--port P]      migrate, then serve the site and run a task worker
wasl demo [--orders N --days D --seed S] [--no-serve]
wasl worker                          run a task worker
wasl createstore SLUG --name NAME    create a store and print its first API key
wasl store set --store SLUG KEY=VALUE ...
wasl import orders FILE.csv --store SLUG
wasl bench ingest --events N --json
wasl bench notify --messages N --limit L --json
wasl bench score --json               RTO risk scoring latency and throughput
wasl bench page --clients N --json     the tracking page vs a trivial view under N clients
wasl bench dashboard --orders N --json   the dashboard over N orders on PostgreSQL: render time
wasl risk train|score|models|activate|settings --store SLUG
wasl policy show|list|set|activate|replay|uplift --store SLUG   RTO prevention policy
wasl ndr export|ack --store SLUG     failed deliveries: carrier instructions as CSV, acknowledgements back
wasl carriers import-rates|scorecard|refresh|sweep --store SLUG   rate cards, carrier scorecards, promises
wasl analytics refresh|report [--store SLUG]   dashboard rollups now; last week's report
wasl campaigns list|create|preview|schedule|cancel|results|settings|run-due   campaigns and recovery
wasl fake-providers [--port P]      local stand-ins for the Graph API and the SMS provider
"""

from __future__ import annotations

import os
import sys

WASL_COMMANDS = (
    "run",
    "demo",
    "worker",
    "createstore",
    "store",
    "import",
    "bench",
    "risk",
    "ndr",
    "carriers",
    "policy",
    "fake-providers",
    "campaigns",
    "analytics",
)
# Wasl's spelling of a command -> Django's (management command names cannot hold a dash).
ALIASES = {"fake-providers": "fake_providers"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wasl.config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        print(
            "Django's own commands (migrate, createsuperuser, shell, ...) work too: `wasl help` lists them all."
        )
        return
    args[0] = ALIASES.get(args[0], args[0])
    execute_from_command_line(["wasl", *args])


if __name__ == "__main__":
    main()
