"""``reskontro statement import --json``, ``list`` and ``show`` through the command line."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli_helpers import new_books, reason

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
