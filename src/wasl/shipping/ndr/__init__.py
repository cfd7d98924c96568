"""NDR resolution: a failed delivery attempt becomes a case; the buyer is asked what to do, the answer becomes
an instruction for the carrier, and the case is followed until the parcel is delivered or goes back.

| module | holds |
|---|---|
| `models` | settings per store, cases, instructions, how each carrier receives instructions |
| `policy` | a store's settings with their defaults, and when a case is reminded and escalated |
| `hooks` | what the shipping ingest calls inside its transaction |
| `services` | opening, reminding, escalating and closing cases |
| `answers` | the buyer's (or staff's) answer, and the instruction it becomes |
| `prompts`, `texts` | the messages to the buyer in Arabic, French and English |
| `flow` | the buttons and awaited answers registered with `messaging.flows` |
| `instructions/` | the `CarrierInstructions` interface and the generic webhook/CSV implementation |
| `selectors`, `api`, `schemas`, `tasks`, `admin` | reads, the JSON API, background work, admin pages |
"""
