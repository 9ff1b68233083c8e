"""The demo from the command line: its bank statement goes through the payment
reconciliation journal, and the bank account ends reconciled at the statement's balance."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.e2e.cli_helpers import Books


def test_the_demo_statement_is_applied_posted_and_reconciled(tmp_path: Path) -> None:
    books = Books(f"sqlite:///{tmp_path}/demo.db")
    books.ok("init", "--demo")

    def remaining() -> dict[int, Decimal]:
        rows = books.json("report", "customer-ledger")
        return {row["entry_no"]: Decimal(row["remaining_amount"]) for row in rows}

    before = remaining()
    books.ok("reconcile", "apply-auto", "BANK/1")
    shown = books.json("reconcile", "show", "BANK/1")
    lines = shown["lines"]
    assert [line["confidence"] for line in lines] == ["high"] * 4
    assert all(Decimal(line["difference"]) == 0 for line in lines)
    kinds = [applied["account_type"] for line in lines for applied in line["applied"]]
    assert kinds == ["customer", "customer", "customer", "gl"]
    paid = {
        applied["entry_no"]: Decimal(applied["amount"]) + Decimal(applied.get("discount", "0"))
        for line in lines
        for applied in line["applied"]
        if applied["account_type"] == "customer"
    }
    assert len(paid) == 3

    books.ok("reconcile", "post", "BANK/1", "--reconcile")

    after = remaining()
    for entry_no, amount in paid.items():
        # the whole amount, or the part paid (the ledger grants an open payment discount)
        assert after[entry_no] == 0 or after[entry_no] == before[entry_no] - amount
    assert sum(1 for entry_no in paid if after[entry_no] == 0) == 2
    closing = Decimal(shown["statement"]["closing_balance"])
    bank = books.json("bank-account", "show", "BANK")
    assert Decimal(bank["balance_last_statement"]) == closing
    assert books.json("reconcile", "show", "BANK/1")["statement"]["status"] == "posted"
