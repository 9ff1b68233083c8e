"""``reskontro bankrec match-auto``, ``show``, ``match``, ``post`` and ``undo`` end to end."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.e2e.cli_helpers import OUTSIDE_SETTINGS, Books, new_books, reason
from tests.unit.camt_generator import Ntry, Stmt, Tx, camt_bytes

IBAN = "NO9386011117947"


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OUTSIDE_SETTINGS:
        monkeypatch.delenv(name, raising=False)


def pay(books: Books, amount: str, day: str, document_no: str) -> None:
    books.ok("journal", "add-line", "CASH", "DEFAULT", "--account-type", "customer",
             "--account", "10000", "--posting-date", day, "--document-type", "payment",
             "--document-no", document_no, "--amount", amount)  # fmt: skip
    books.ok("journal", "post", "CASH", "DEFAULT")


def entry(amount: str, day: date, text: str, ref: str) -> Ntry:
    return Ntry(
        Decimal(amount),
        booking_date=day,
        value_date=day,
        bank_reference=ref,
        transactions=(Tx(name="Fjord Fisk AS", unstructured=(text,)),),
    )


@pytest.fixture
def books(sqlite_url: str, tmp_path: Path) -> Books:
    books = new_books(sqlite_url)
    books.ok("customer", "add", "10000", "--name", "Fjord Fisk AS")
    books.ok("bank-account", "update", "BANK", "--iban", IBAN)
    pay(books, "-1250.00", "2026-03-02", "CR000001")
    pay(books, "-300.00", "2026-03-04", "CR000002")
    pay(books, "-200.00", "2026-03-04", "CR000003")
    statement = Stmt(
        id="MARS",
        account=IBAN,
        opening=Decimal("0.00"),
        closing=Decimal("1750.00"),
        entries=(
            entry("1250.00", date(2026, 3, 3), "Faktura CR000001", "B1"),
            entry("500.00", date(2026, 3, 5), "To betalinger", "B2"),
        ),
    )
    path = tmp_path / "mars.xml"
    path.write_bytes(camt_bytes([statement]))
    books.ok("statement", "import", str(path), "--bank-account", "BANK")
    return books


def test_match_show_post_and_undo(books: Books) -> None:
    view = books.json("bankrec", "match-auto", "BANK", "1", "--days", "2")
    first, second = view["lines"]
    assert first["entries"][0]["document_no"] == "CR000001"
    assert first["entries"][0]["explanation"] == (
        "amount 1 250.00 equal; dates 1 day apart; document no. CR000001 in the text"
    )
    assert second["entries"] == []
    assert view["difference"] == "0.00"
    text = books.ok("bankrec", "show", "BANK", "1", columns=200).stdout
    assert "document no. CR000001 in the text" in text
    assert "(unmatched)" in text

    refused = books.refused("bankrec", "post", "BANK", "1")
    assert "1 unmatched line(s)" in reason(refused)
    entry_nos = [str(e["entry_no"]) for e in view["outstanding"]]
    assert len(entry_nos) == 2
    books.ok("bankrec", "match", "BANK", "1", "--line", str(second["line_no"]),
             "--entry", entry_nos[0], "--entry", entry_nos[1])  # fmt: skip

    posted = books.json("bankrec", "post", "BANK", "1")
    assert posted["status"] == "posted"
    assert all(line["applied"] for line in posted["lines"])
    bank = books.json("bank-account", "show", "BANK")
    assert (bank["last_statement_no"], bank["balance_last_statement"]) == ("1", "1750.00")

    books.ok("bankrec", "undo", "BANK", "1")
    bank = books.json("bank-account", "show", "BANK")
    assert (bank["last_statement_no"], bank["balance_last_statement"]) == ("", "0.00")


def test_unknown_statement_is_refused(books: Books) -> None:
    assert "no imported statement 7" in reason(books.refused("bankrec", "show", "BANK", "7"))
