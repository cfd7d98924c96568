"""The conversations of RTO prevention: COD confirmation, address verification, delivery slot, prepaid nudge.

`register()` (called by the risk app's `ready`) gives `messaging.flows` their button heads and awaited answers,
so a buyer's tap or reply reaches them before the bot.
"""

from __future__ import annotations


def register() -> None:
    from wasl.messaging import flows
    from wasl.risk.flows import address, cod, slot

    flows.register_tap(cod.HEAD, cod.on_tap)
    flows.register_reply(cod.AWAITS, cod.on_reply)
    flows.register_tap(address.HEAD, address.on_tap)
    flows.register_reply(address.AWAITS, address.on_reply)
    flows.register_tap(slot.HEAD, slot.on_tap)
    flows.register_reply(slot.AWAITS, slot.on_reply)
