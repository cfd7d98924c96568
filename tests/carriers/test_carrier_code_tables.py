"""Every carrier's status_map.json is valid, and the loader refuses invalid tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import wasl.carriers
from wasl.carriers.codes import StatusTable, StatusTableError
from wasl.carriers.registry import carrier_names
from wasl.shipping.status import NdrReason, ShipmentStatus

CARRIERS_DIR = Path(wasl.carriers.__file__).parent


def raw_table(name: str) -> dict[str, object]:
    return json.loads((CARRIERS_DIR / name / "status_map.json").read_text(encoding="utf-8"))


def test_every_registered_carrier_has_exactly_one_table() -> None:
    folders = sorted(p.parent.name for p in CARRIERS_DIR.glob("*/status_map.json"))
    assert folders == carrier_names() == ["aftership", "aramex", "delhivery", "generic", "smsa"]
    for name in folders:
        assert sorted(p.name for p in (CARRIERS_DIR / name).glob("*.json")) == ["status_map.json"]


@pytest.mark.parametrize("name", carrier_names())
def test_table_entries_are_canonical(name: str) -> None:
    raw = raw_table(name)
    codes = {code: entry for code, entry in raw.items() if not code.startswith("_")}
    assert isinstance(raw["_source"], list) and raw["_source"], "every table says where its codes come from"
    assert len(codes) >= 11
    for code, entry in codes.items():
        assert isinstance(entry, dict)
        assert set(entry) == {"status", "ndr_reason", "description"}, code
        assert entry["status"] in ShipmentStatus.values, code
        assert entry["ndr_reason"] == "" or entry["ndr_reason"] in NdrReason.values, code
        if entry["status"] == ShipmentStatus.DELIVERY_FAILED:
            assert entry["ndr_reason"] in NdrReason.values, f"{code}: delivery_failed needs a reason"
        else:
            assert entry["ndr_reason"] == "", f"{code}: only delivery_failed carries a reason"
        assert isinstance(entry["description"], str) and entry["description"].strip(), code
    assert len({code.casefold() for code in codes}) == len(codes), "codes are unique ignoring case"
    assert len(StatusTable.load(CARRIERS_DIR / name / "status_map.json")) == len(codes)


def test_generic_table_is_the_canonical_status_list() -> None:
    codes = {code: entry for code, entry in raw_table("generic").items() if not code.startswith("_")}
    assert sorted(codes) == sorted(ShipmentStatus.values)
    assert all(entry["status"] == code for code, entry in codes.items())  # type: ignore[index]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"status": "shipped", "ndr_reason": "", "description": "x"}, "unknown status 'shipped'"),
        ({"status": "delivery_failed", "ndr_reason": "", "description": "x"}, "needs an ndr_reason"),
        (
            {"status": "delivery_failed", "ndr_reason": "busy", "description": "x"},
            "unknown ndr_reason 'busy'",
        ),
        ({"status": "in_transit", "ndr_reason": "refused", "description": "x"}, "only delivery_failed"),
        ({"status": "in_transit", "ndr_reason": "", "description": " "}, "description must be"),
        ({"status": "in_transit", "description": "x"}, "expected exactly status, ndr_reason and description"),
    ],
)
def test_loader_rejects_an_invalid_entry(tmp_path: Path, entry: dict[str, str], message: str) -> None:
    path = tmp_path / "status_map.json"
    path.write_text(json.dumps({"_source": ["test"], "X1": entry}))
    with pytest.raises(StatusTableError, match=message):
        StatusTable.load(path)


def test_loader_rejects_a_table_without_source_or_with_twin_codes(tmp_path: Path) -> None:
    path = tmp_path / "status_map.json"
    entry = {"status": "in_transit", "ndr_reason": "", "description": "x"}
    path.write_text(json.dumps({"X1": entry}))
    with pytest.raises(StatusTableError, match="_source"):
        StatusTable.load(path)
    path.write_text(json.dumps({"_source": ["test"], "ab": entry, "AB": entry}))
    with pytest.raises(StatusTableError, match="listed twice"):
        StatusTable.load(path)


def test_lookup_ignores_case_and_space_and_generic_failures_read_the_text(tmp_path: Path) -> None:
    path = tmp_path / "status_map.json"
    failed = {"status": "delivery_failed", "ndr_reason": "other", "description": "Attempted"}
    refused = {"status": "delivery_failed", "ndr_reason": "refused", "description": "Refused"}
    path.write_text(json.dumps({"_source": ["test"], "Att-1": failed, "RF": refused}))
    table = StatusTable.load(path)
    attempted = table.get(" att-1 ")
    assert attempted is not None and attempted.code == "Att-1"
    assert StatusTable.resolve(attempted, "customer not available") == (
        "delivery_failed",
        "customer_unavailable",
    )
    assert StatusTable.resolve(attempted, "courier ran late") == ("delivery_failed", "other")
    rf = table.get("rf")
    assert rf is not None
    assert StatusTable.resolve(rf, "customer not available") == ("delivery_failed", "refused")
    assert table.get("nope") is None and "nope" not in table
