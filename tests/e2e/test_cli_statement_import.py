"""``reskontro statement import --json``, ``list`` and ``show`` through the command line."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from tests.e2e.cli_helpers import new_books, reason
from tests.unit.camt_generator import Ntry, Ref, Stmt, Tx, camt_bytes

SAMPLE = Path("/work/shared/data/camt/genkgo_camt053.v2.multi.statement.xml")


def test_import_list_show_and_a_refused_repeat(sqlite_url: str, tmp_path: Path) -> None:
    books = new_books(sqlite_url)
    books.ok("bank-account", "update", "BANK", "--iban", "NL26VAYB8060476890", "--currency", "EUR")
    result = books.json("statement", "import", str(SAMPLE), "--bank-account", "BANK")
    assert [(s["id"], s["lines"]) for s in result["statements"]] == [
        ("253EURNL26VAYB8060476890", 1),
        ("254EURNL26VAYB8060476890", 1),
    ]
    listed = books.json("statement", "list", "--bank-account", "BANK")
    assert [s["statement_no"] for s in listed] == [2, 1]
    shown = books.json("statement", "show", "BANK", "1")
    assert shown["lines"][0]["amount"] == "8.85"
    refused = books.refused("statement", "import", str(SAMPLE), "--bank-account", "BANK")
    assert "was imported before, as import 1" in reason(refused)


def test_a_camt054_links_to_its_batch_line_and_show_lists_the_details(
    sqlite_url: str, tmp_path: Path
) -> None:
    books = new_books(sqlite_url)
    iban = "NO9386011117947"
    books.ok("bank-account", "update", "BANK", "--iban", iban)
    batch = Ntry(Decimal("1500.00"), bank_reference="B-1", batch_count=2, additional="Sumpost")
    statement = tmp_path / "s.xml"
    statement.write_bytes(
        camt_bytes(
            [Stmt(account=iban, opening=Decimal(0), closing=Decimal(1500), entries=(batch,))]
        )
    )
    first = books.json("statement", "import", str(statement), "--bank-account", "BANK")
    assert first["linked"] == [] and first["waiting"] == 0
    payments = tuple(
        Tx(amount=Decimal(a), name=n, references=(Ref(k),))
        for a, n, k in (("1000.00", "Kari", "0012345678904"), ("500.00", "Ola", "0012345678912"))
    )
    notification = tmp_path / "n.xml"
    notification.write_bytes(
        camt_bytes(
            [Stmt(id="N-1", account=iban, entries=(replace(batch, transactions=payments),))],
            kind="054",
        )
    )
    result = books.json("statement", "import", str(notification), "--bank-account", "BANK")
    assert result["statements"] == [] and result["notifications"] == 1
    (link,) = result["linked"]
    assert (link["statement_no"], link["line_no"], link["detail_kind"], link["details"]) == (
        1,
        10000,
        "camt.054",
        2,
    )
    assert link["matched_by"].endswith("by bank reference B-1")
    shown = books.json("statement", "show", "BANK", "1")
    (line,) = shown["lines"]
    assert (line["detail_kind"], line["detail_import_no"]) == ("camt.054", result["import_no"])
    assert [(d["amount"], d["counterparty_name"], d["references"]) for d in line["details"]] == [
        ("1000.00", "Kari", ["0012345678904"]),
        ("500.00", "Ola", ["0012345678912"]),
    ]
    table = books.ok("statement", "show", "BANK", "1", columns=160).stdout
    assert "Line 10000: camt.054 import 2" in table and "Kari" in table
    again = books.refused("statement", "import", str(notification), "--bank-account", "BANK")
    assert "was imported before" in reason(again)


def test_a_csv_profile_saved_on_the_bank_account_is_used(sqlite_url: str, tmp_path: Path) -> None:
    books = new_books(sqlite_url)
    export = tmp_path / "sb1.csv"
    export.write_text(
        "Dato;Beskrivelse;Rentedato;Inn;Ut;Til konto;Fra konto;\n"
        '"03.02.2025";"Strøm";;;"-429,00";;"11122333444";\n'
        '"05.02.2025";"Innbetaling";;"100,00";;"11122333444";"55566777888";\n',
        encoding="utf-8",
    )
    refused = books.refused("statement", "import", str(export), "--bank-account", "BANK")
    assert "has no column" in reason(refused)  # the generic profile does not fit
    said = books.ok("bank-account", "update", "BANK", "--csv-profile", "sparebank1").stdout
    assert "reads CSV statements with profile sparebank1" in said
    result = books.json("statement", "import", str(export), "--bank-account", "BANK")
    assert [s["lines"] for s in result["statements"]] == [2]
    shown = books.json("statement", "show", "BANK", "1")
    assert [line["amount"] for line in shown["lines"]] == ["-429.00", "100.00"]
    bad = books.refused("bank-account", "update", "BANK", "--csv-profile", "no-such-bank")
    assert "no CSV profile 'no-such-bank'" in reason(bad)
