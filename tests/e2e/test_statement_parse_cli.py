"""``reskontro statement parse``: the JSON contract, the table, format detection and refusals."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from reskontro.interfaces.cli.main import app
from tests.unit.camt_generator import Ntry, Ref, Stmt, Tx, camt_bytes

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # No database may be needed: point the setting at a file that does not exist.
    monkeypatch.setenv("RESKONTRO_DATABASE_URL", f"sqlite:///{tmp_path / 'absent.db'}")


def run(*args: str) -> Result:
    return runner.invoke(app, ["statement", "parse", *args], env={"COLUMNS": "160"})


def parsed(*args: str) -> list[dict[str, object]]:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"statements"}
    return document["statements"]


ENTRY_KEYS = {
    "amount",
    "status",
    "booking_date",
    "value_date",
    "bank_reference",
    "text",
    "counterparty_name",
    "counterparty_account",
    "references",
    "transactions",
}
STATEMENT_KEYS = {
    "id",
    "kind",
    "account",
    "currency",
    "opening_balance",
    "closing_balance",
    "entries",
}


def test_a_camt_statement_as_json(tmp_path: Path) -> None:
    path = tmp_path / "stmt.xml"
    payment = Tx(
        amount=Decimal("1500"),
        name="Kunde AS",
        account="12345678903",
        account_is_iban=False,
        references=(Ref("0012345678904"),),
        unstructured=("Faktura 7",),
    )
    entries = (
        Ntry(Decimal("1500"), bank_reference="REF-1", transactions=(payment,)),
        Ntry(Decimal("0.12345"), credit=False, bank_reference="REF-2"),
    )
    path.write_bytes(
        camt_bytes(
            [Stmt(id="S1", opening=Decimal("0"), closing=Decimal("1499.87655"), entries=entries)]
        )
    )
    (statement,) = parsed(str(path))
    assert set(statement) >= STATEMENT_KEYS
    assert (statement["id"], statement["kind"], statement["account"], statement["currency"]) == (
        "S1",
        "camt.053",
        "NO9386011117947",
        "NOK",
    )
    assert (statement["opening_balance"], statement["closing_balance"]) == ("0.00", "1499.87655")
    first, second = statement["entries"]
    assert set(first) >= ENTRY_KEYS
    assert (first["amount"], first["status"], first["booking_date"]) == (
        "1500.00",
        "booked",
        "2024-01-02",
    )
    assert (first["bank_reference"], first["text"], first["counterparty_name"]) == (
        "REF-1",
        "Faktura 7",
        "Kunde AS",
    )
    assert first["counterparty_account"] == "12345678903"
    assert [(r["kind"], r["value"]) for r in first["references"]] == [("KID", "0012345678904")]
    assert first["transactions"][0]["amount"] == "1500.00"
    assert second["amount"] == "-0.12345"


def test_the_shared_mt940_sample_with_the_format_given() -> None:
    statements = parsed(
        str(SHARED / "mt940" / "danskebank_MT940_SE_Example.sta"),
        "--format",
        "mt940",
        "--encoding",
        "iso-8859-1",
    )
    assert len(statements) == 12
    assert statements[0]["opening_balance"] == "2460347.64"
    assert statements[0]["entries"][0]["amount"] == "-360390.00"


def test_a_csv_file_with_a_built_in_profile(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_bytes("booking_date;amount;text\n02.01.2024;-1 234,5;Husleie\n".encode("cp1252"))
    (statement,) = parsed(str(path), "--profile", "nordic")
    assert statement["kind"] == "csv"
    assert statement["entries"][0]["amount"] == "-1234.50"


def test_without_json_a_table_is_printed() -> None:
    result = run(str(SHARED / "camt" / "genkgo_camt053.v2.multi.statement.xml"))
    assert result.exit_code == 0, result.output
    assert "254EURNL26VAYB8060476890" in result.stdout
    assert "-7.00" in result.stdout
    assert "Transaction Description 2" in result.stdout


def test_a_bad_file_is_refused_with_one_line_naming_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(
        camt_bytes([Stmt(entries=(Ntry(Decimal("12.50")),))]).replace(b">12.50<", b">12,50<")
    )
    result = run(str(path), "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: broken.xml, row 7, field Ntry/Amt: '12,50' is not an amount")


def test_an_entity_attack_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.xml"
    path.write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
    )
    result = run(str(path))
    assert result.exit_code == 1
    assert "declares a DTD" in result.stderr
    assert "root:" not in result.output


def test_an_unknown_profile_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_text("booking_date,amount\n2024-01-02,1.00\n", encoding="utf-8")
    result = run(str(path), "--profile", "no-such-bank")
    assert result.exit_code == 1
    assert "no CSV profile 'no-such-bank'" in result.stderr


def test_a_profile_from_a_json_file(tmp_path: Path) -> None:
    profile = tmp_path / "dnb.json"
    profile.write_text(
        json.dumps(
            {
                "name": "own",
                "delimiter": ";",
                "decimal_sign": ",",
                "date_format": "%d.%m.%Y",
                "columns": {"booking_date": "Dato", "amount": "Beløp", "text": "Forklaring"},
            }
        ),
        encoding="utf-8",
    )
    path = tmp_path / "export.csv"
    path.write_text("Dato;Forklaring;Beløp\n31.12.2024;Renter;12,34\n", encoding="utf-8")
    (statement,) = parsed(str(path), "--profile", str(profile), "--format", "csv")
    entry = statement["entries"][0]
    assert (entry["booking_date"], entry["text"], entry["amount"]) == (
        "2024-12-31",
        "Renter",
        "12.34",
    )
