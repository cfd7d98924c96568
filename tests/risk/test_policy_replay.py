"""`wasl policy replay` and `wasl policy uplift` on a demo shop's history."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from risk_helpers import demo_store

from wasl.risk.policy import DEFAULT_POLICY, policy_validate
from wasl.risk.replay import policy_replay

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("policy", *args, stdout=out)
    return out.getvalue()


def test_replay_of_the_default_policy_on_demo_history(db) -> None:  # type: ignore[no-untyped-def]
    store = demo_store("replay-shop", orders=500, days=60)
    report = policy_replay(store=store, policy=policy_validate(DEFAULT_POLICY))

    assert report.orders == 500
    assert sum(report.by_rule.values()) == 500 and sum(report.by_state.values()) == 500
    cod = report.actions["cod_confirmation"]
    assert cod.orders > 0 and cod.reduction == 0.25 and cod.reduction_source == "assumed 25%"
    assert cod.rtos_avoided == pytest.approx(cod.predicted_rtos * 0.25)
    # Each confirmation: the prompt and at most two reminders (the default 4 h and 20 h)
    assert cod.messages_at_most == 3 * report.actions["cod_confirmation"].orders
    assert report.actions["prepaid_nudge"].discounts_at_most > 0
    # The holdout takes about a tenth of the orders a rule acts on
    acted = sum(line.orders for name, line in report.actions.items() if name == "cod_confirmation")
    assert 0 < report.holdout < acted

    text = run("replay", "--store", "replay-shop")
    assert text.startswith("500 orders\nBy rule:\n")
    assert "cod_confirmation: " in text and "Returns avoided: " in text and "assumed 25%" in text
    data = json.loads(run("replay", "--store", "replay-shop", "--json", "--assume-reduction", "0.5"))
    assert data["orders"] == 500 and data["actions"]["cod_confirmation"]["reduction"] == 0.5
    assert data["rto_cost_avoided"] == pytest.approx(data["rtos_avoided"] * data["rto_cost"], rel=1e-3)


def test_replay_of_a_policy_file_since_a_date(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo_store("replay-shop", orders=300, days=60)
    path = tmp_path / "strict.json"
    path.write_text(
        json.dumps(
            {
                "rules": [
                    {
                        "name": "hold all COD",
                        "when": {"payment_method": ["cod"]},
                        "actions": [{"type": "hold"}],
                    }
                ]
            }
        )
    )
    data = json.loads(
        run("replay", "--store", "replay-shop", "--policy", str(path), "--since", "2025-06-01", "--json")
    )
    assert 0 < data["orders"] < 300
    assert data["holdout"] == 0 and set(data["by_state"]) <= {"held", "approved"}
    assert data["by_rule"]["hold all COD"] == data["by_state"]["held"]

    path.write_text('{"rules": [{"name": "x", "actions": [{"type": "teleport"}]}]}')
    with pytest.raises(CommandError, match=r"invalid_policy: .*\n  rules/0/actions/0: unknown_action"):
        run("replay", "--store", "replay-shop", "--policy", str(path))


def test_set_list_activate_show_and_uplift(db, tmp_path: Path, store) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"rules": [{"name": "all", "actions": [{"type": "approve"}]}]}))
    assert run("show", "--store", "souq-test").startswith('{\n  "name": "Default"')  # v1, the default
    assert (
        run("set", "--store", "souq-test", str(path), "--note", "ship all") == "policy v2 kept and in force\n"
    )
    listing = run("list", "--store", "souq-test").splitlines()
    assert [line[:4] for line in listing] == ["  v1", "* v2"] and listing[1].endswith(
        "wasl policy set  ship all"
    )
    assert run("activate", "--store", "souq-test", "1") == "policy v1 in force\n"
    assert json.loads(run("show", "--store", "souq-test", "--version", "2"))["rules"][0]["name"] == "all"
    assert run("uplift", "--store", "souq-test") == "no decided orders in a holdout experiment yet\n"
    assert json.loads(run("uplift", "--store", "souq-test", "--json")) == []
