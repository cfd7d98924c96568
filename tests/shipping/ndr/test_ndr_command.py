"""`wasl ndr export|ack|sweep`: the CSV route from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from ndr_helpers import answered_case

from wasl.shipping.ndr.answers import Answer
from wasl.shipping.ndr.models import NdrInstruction

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ndr", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_marks_sent_then_ack_acknowledges(ndr_store, tmp_path: Path) -> None:
    case = answered_case(ndr_store, Answer("cancel"))
    made = NdrInstruction.objects.get(case=case)
    out = tmp_path / "aramex.csv"

    _, said = run("export", "--store", "souq-test", "--carrier", "aramex", "--mark-sent", "--out", str(out))
    acks = tmp_path / "acks.csv"
    acks.write_text(f"instruction_id,reference\n{made.pk},ARX-5\n", encoding="utf-8")
    counted, _ = run("ack", "--store", "souq-test", str(acks))

    assert (
        out.read_text(encoding="utf-8").splitlines()[1].startswith(f"{made.pk},{case.pk},souq-test,aramex,")
    )
    assert said.startswith("1 instructions, marked sent as csv:")
    assert counted.strip() == "acknowledged=1 already=0 unknown=0"
    made.refresh_from_db()
    assert (made.status, made.reference) == ("acknowledged", "ARX-5")


def test_errors_are_said_plainly(ndr_store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id\n1\n", encoding="utf-8")

    with pytest.raises(CommandError, match="invalid_csv"):
        run("ack", "--store", "souq-test", str(bad))
    with pytest.raises(CommandError, match="store_not_found"):
        run("export", "--store", "nowhere")
    with pytest.raises(CommandError, match="No such file"):
        run("ack", "--store", "souq-test", str(tmp_path / "missing.csv"))


def test_sweep_reports_what_it_did(ndr_store) -> None:
    out, _ = run("sweep")

    assert out.strip() == "reminded=0 escalated=0 closed=0 webhooks_settled=0"


def test_export_to_standard_output_leaves_them_pending(ndr_store) -> None:
    case = answered_case(ndr_store, Answer("cancel"))

    out, said = run("export", "--store", "souq-test")

    assert out.startswith("\ufeffinstruction_id,case_id,store,carrier,")
    assert said.strip() == "1 instructions"
    assert NdrInstruction.objects.get(case=case).status == "pending"
