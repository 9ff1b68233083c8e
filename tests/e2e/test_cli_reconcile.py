"""``reskontro reconcile …`` end to end: apply a statement automatically, review, post and
reconcile, and edit the mappings and rules, through the command line only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reskontro.domain.matching.rules import DEFAULT_RULES
from tests.e2e.cli_helpers import OUTSIDE_SETTINGS, Books, new_books, reason
from tests.unit.camt_generator import Ntry, Ref, Stmt, Tx, camt_bytes

DEFAULTS = len(DEFAULT_RULES)
IBAN = "NO9386011117947"
OPEN_ITEMS = (
    "customer_no,document_type,document_no,external_document_no,posting_date,due_date,amount,"
    "currency,payment_reference,description\n"
    "10000,invoice,F-1001,,2026-03-01,2026-03-15,1250.00,,,\n"
    "20000,invoice,F-2001,,2026-03-01,2026-03-15,500.00,,,\n"
)


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OUTSIDE_SETTINGS:
        monkeypatch.delenv(name, raising=False)


def entry(amount: str, name: str | None, text: str, ref: str) -> Ntry:
    day = date(2026, 3, 10)
    return Ntry(
        abs(Decimal(amount)),
        credit=Decimal(amount) > 0,
        booking_date=day,
        value_date=day,
        bank_reference=ref,
        transactions=(Tx(name=name, unstructured=(text,)),),
    )


@pytest.fixture
def books(sqlite_url: str, tmp_path: Path) -> Books:
    books = new_books(sqlite_url)
    books.ok("customer", "add", "10000", "--name", "Fjord Fisk AS")
    books.ok("customer", "add", "20000", "--name", "Nordlys Bygg AS")
    books.ok("bank-account", "update", "BANK", "--iban", IBAN)
    items = tmp_path / "open-items.csv"
    items.write_text(OPEN_ITEMS, encoding="utf-8")
    books.ok("import", "open-items", str(items))
    statement = Stmt(
        id="MARS",
        account=IBAN,
        opening=Decimal("0.00"),
        closing=Decimal("1705.00"),
        entries=(
            entry("1250.00", "Fjord Fisk AS", "Faktura F-1001", "B1"),
            entry("500.00", "Nordlys Bygg AS", "Faktura F-2001", "B2"),
            entry("-45.00", None, "Gebyr nettbank", "B3"),
        ),
    )
    path = tmp_path / "mars.xml"
    path.write_bytes(camt_bytes([statement]))
    books.ok("statement", "import", str(path), "--bank-account", "BANK")
    return books


def test_apply_review_post_and_reconcile(books: Books) -> None:
    books.ok("reconcile", "mapping-add", "Gebyr", "--gl-credit", "7770")
    summary = books.json("reconcile", "apply-auto", "BANK/1")
    assert summary == {
        "lines": 3,
        "applied": 3,
        "high": 3,
        "medium": 0,
        "low": 0,
        "not_applied": 0,
    }
    shown = books.json("reconcile", "show", "1")
    assert shown["statement"]["statement_no"] == 1
    assert shown["statement"]["status"] == "open"
    assert shown["statement"]["total_lines"] == "1705.00"
    assert "lines" not in shown["statement"]
    first, second, fee = shown["lines"]
    assert (first["line_no"], first["amount"], first["difference"]) == (10000, "1250.00", "0.00")
    assert (first["detail_no"], first["details"]) == (None, 0)  # an ordinary line
    assert (first["confidence"], first["status"], first["review"]) == ("high", "auto", False)
    assert first["applied"][0]["document_no"] == "F-1001"
    assert first["applied"][0]["account_type"] == "customer"
    assert "document no. F-1001" in first["applied"][0]["explanation"]
    assert second["applied"][0]["account_no"] == "20000"
    assert (fee["applied"][0]["account_no"], fee["applied"][0]["amount"]) == ("7770", "-45.00")
    text = books.ok("reconcile", "show", "BANK/1", columns=220).stdout
    assert "Faktura F-1001" in text and "[high auto]" in text

    # The user takes the fee line out: posting is refused, with the line named.
    books.ok("reconcile", "remove", "1", "30000")
    assert (
        books.json("reconcile", "show", "1", "--filter", "difference")["lines"][0]["line_no"]
        == 30000
    )
    refused = books.refused("reconcile", "post", "1", "--reconcile")
    assert "line 30000 (2026-03-10, -45.00) is not applied" in reason(refused)
    accounts = books.json("reconcile", "candidates", "1", "30000", "--gl", "--search", "kortgebyr")
    assert [c["account_no"] for c in accounts] == ["7770"]
    books.ok("reconcile", "apply", "1", "30000", "--gl", "7770")
    refused = books.refused("reconcile", "apply", "1", "30000", "--customer", "10000")
    assert "one account only" in reason(refused)

    posted = books.json("reconcile", "post", "1", "--reconcile")
    assert posted["lines_posted"] == 3 and posted["reconciled"] is True
    assert posted["balance"] == "1705.00"
    rec = books.json("bankrec", "show", "BANK", "1")
    assert rec["status"] == "posted" and rec["unmatched_lines"] == 0
    ledger = books.json("report", "customer-ledger", "--open")
    assert ledger == []
    refused = books.refused("reconcile", "apply-auto", "1")
    assert "is posted" in reason(refused)


def test_mappings_rules_tolerance_and_refusals(books: Books) -> None:
    books.ok("reconcile", "mapping-add", "Renter", "--gl-debit", "8050", "--gl-credit", "7770")
    books.ok("reconcile", "mapping-add", "Fisk", "--customer", "10000")
    mappings = books.json("reconcile", "mappings")
    assert [(x["mapping_no"], x["text"], x["account_type"]) for x in mappings] == [
        (1, "Renter", "gl"),
        (2, "Fisk", "customer"),
    ]
    books.ok("reconcile", "mapping-delete", "2")
    assert len(books.json("reconcile", "mappings")) == 1
    refused = books.refused("reconcile", "mapping-add", "Gebyr", "--gl-credit", "6666")
    assert "no G/L account 6666" in reason(refused)

    rules = books.json("reconcile", "rules")
    assert len(rules) == DEFAULTS and rules[0]["score"] == 4000
    books.ok("reconcile", "rule-set", "medium", "10", "--party", "partially", "--amount", "one")
    rules = books.json("reconcile", "rules")
    added = [r for r in rules if (r["confidence"], r["priority"]) == ("medium", 10)]
    assert added and added[0]["review_required"] is True and added[0]["score"] == 2990
    books.ok("reconcile", "rule-delete", "medium", "10")
    assert len(books.json("reconcile", "rules")) == DEFAULTS
    refused = books.refused("reconcile", "rule-set", "high", "3", "--party", "sometimes")
    assert "rule party 'sometimes'" in reason(refused)
    books.ok("reconcile", "rules-reset")

    out = books.ok("bank-account", "update", "BANK", "--match-tolerance", "2%").stdout
    assert "within 2%" in out
    refused = books.refused("bank-account", "update", "BANK", "--match-tolerance", "lots")
    assert "match tolerance" in reason(refused)

    refused = books.refused("reconcile", "show", "7")
    assert "no imported statement 7" in reason(refused)
    refused = books.refused(
        "reconcile", "apply", "1", "10000", "--customer", "1", "--gl", "7", code=2
    )
    assert "exactly one of --customer, --vendor or --gl" in reason(refused)


def test_a_batch_line_is_applied_and_posted_payment_by_payment(
    sqlite_url: str, tmp_path: Path
) -> None:
    books = new_books(sqlite_url)
    payers = {"10000": "Fjord Fisk AS", "20000": "Nordlys Bygg AS", "30000": "Havbris AS"}
    for no, name in payers.items():
        books.ok("customer", "add", no, "--name", name)
    books.ok("bank-account", "update", "BANK", "--iban", IBAN)
    items = tmp_path / "open-items.csv"
    items.write_text(
        OPEN_ITEMS.splitlines()[0] + "\n"
        "10000,invoice,100001,,2026-03-01,2026-03-15,1250.00,,,\n"
        "20000,invoice,100002,,2026-03-01,2026-03-15,500.00,,,\n"
        "30000,invoice,100003,,2026-03-01,2026-03-15,375.00,,,\n",
        encoding="utf-8",
    )
    books.ok("import", "open-items", str(items))
    ledger = books.json("report", "customer-ledger", "--open")
    invoices = {e["document_no"]: e for e in ledger}
    assert all(e["payment_reference"] for e in ledger)  # KIDs made from the document nos.
    payments = tuple(
        Tx(
            amount=Decimal(e["amount"]),
            name=payers[e["customer_no"]],
            references=(Ref(e["payment_reference"]),),
        )
        for e in invoices.values()
    )
    # The bank books 50.00 more than the three payments it itemises.
    day = date(2026, 3, 10)
    lump = Ntry(
        Decimal("2175.00"), booking_date=day, value_date=day, bank_reference="S1",
        batch_count=3, transactions=payments,
    )  # fmt: skip
    statement = Stmt(
        id="MARS", account=IBAN, opening=Decimal(0), closing=Decimal("2175.00"), entries=(lump,)
    )
    path = tmp_path / "mars.xml"
    path.write_bytes(camt_bytes([statement]))
    books.ok("statement", "import", str(path), "--bank-account", "BANK")

    assert books.json("reconcile", "apply-auto", "1") == {
        "lines": 4,
        "applied": 3,
        "high": 3,
        "medium": 0,
        "low": 0,
        "not_applied": 1,
    }
    shown = books.json("reconcile", "show", "1")
    assert shown["statement"]["counts"]["details"] == 3
    heading, *rows = shown["lines"]
    assert (heading["line_no"], heading["detail_no"], heading["details"]) == (10000, 0, 3)
    assert (heading["amount"], heading["difference"]) == ("2175.00", "50.00")
    assert [(r["line_no"], r["detail_no"], r["confidence"]) for r in rows] == [
        (10000, 1, "high"),
        (10000, 2, "high"),
        (10000, 3, "high"),
    ]
    assert [r["applied"][0]["document_no"] for r in rows] == ["100001", "100002", "100003"]
    assert [r["references"] for r in rows] == [[e["payment_reference"]] for e in invoices.values()]
    assert all("KID/OCR" in r["applied"][0]["explanation"] for r in rows)
    text = books.ok("reconcile", "show", "BANK/1", columns=220).stdout
    assert "(3 payments)" in text and "  10000.2 " in text

    # One payment by hand: removed, then applied to its invoice again.
    entry_no = str(rows[1]["applied"][0]["entry_no"])
    books.ok("reconcile", "remove", "1", "10000.2")
    assert books.json("reconcile", "show", "1")["lines"][2]["applied"] == []
    books.ok("reconcile", "apply", "1", "10000.2", "--customer", "20000", "--entry", entry_no)
    assert books.json("reconcile", "show", "1")["lines"][2]["status"] == "manual"
    assert "1 line(s) accepted" in books.ok("reconcile", "accept", "1", "10000.1").stdout
    refused = books.refused("reconcile", "apply", "1", "10000.x", "--gl", "7770", code=2)
    assert "LINE.DETAIL" in reason(refused)

    # The 50.00 no payment explains blocks posting, naming the line, until it is transferred.
    refused = books.refused("reconcile", "post", "1", "--reconcile")
    assert "line 10000 (2026-03-10, 2 175.00) holds 50.00 its payments do not explain" in (
        reason(refused)
    )
    books.ok("reconcile", "transfer", "1", "10000", "--gl", "7770")
    posted = books.json("reconcile", "post", "1", "--reconcile")
    assert posted["lines_posted"] == 1 and posted["reconciled"] is True
    assert posted["balance"] == "2175.00"
    assert books.json("report", "customer-ledger", "--open") == []
    rec = books.json("bankrec", "show", "BANK", "1")
    assert rec["status"] == "posted" and rec["unmatched_lines"] == 0
