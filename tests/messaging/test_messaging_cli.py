"""`wasl fake-providers` and `wasl bench notify` are reachable from the `wasl` command."""

from __future__ import annotations

import pytest

from wasl.cli import main


def test_given_the_dashed_name_when_run_then_the_fake_providers_command_answers(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["fake-providers", "--help"])
    assert stopped.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps the help at the terminal's width
    assert "Serve local stand-ins for Meta's Graph API, Twilio's Messages API, Stripe and Razorpay" in text


def test_given_bench_notify_help_when_run_then_its_options_are_listed(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["bench", "notify", "--help"])
    out = capsys.readouterr().out
    assert stopped.value.code == 0
    assert all(option in out for option in ("--messages", "--limit", "--workers", "--kills", "--json"))
