"""Bank reconciliation never moves a line to a journal when its money is in the ledger
already: posted by the payment reconciliation journal, or an OCR giro lump sum."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine

from reskontro.domain.errors import ConflictError
from reskontro.services import bankrec
from reskontro.services import reconcile as rc
from reskontro.services.masterdata import update_bank_account
from reskontro.storage import models as m
from tests.integration.ledger_fixtures import Books, make_books
from tests.integration.test_reconcile import IBAN, count, import_statement, invoice, ntry


@pytest.fixture
def books(engine: Engine) -> Books:
    books = make_books(engine)
    update_bank_account(engine, books.company_id, "BANK", {"iban": IBAN})
    return books


def test_a_line_posted_by_the_payment_journal_is_not_moved_to_a_journal(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    entry = invoice(books, "10000", "1000.00")
    no = import_statement(books, ntry("1250.00", kid=entry.payment_reference))
    rc.apply_automatically(engine, cid, "BANK", no)
    summary = rc.post(engine, cid, "BANK", no)
    assert summary.lines_posted == 1
    [line] = rc.show(engine, cid, "BANK", no).lines
    journal_lines = count(books, m.JournalLine)

    with pytest.raises(ConflictError, match="posted by the payment reconciliation journal"):
        bankrec.transfer_to_journal(engine, cid, "BANK", no, line.line_no, "7770")

    assert count(books, m.JournalLine) == journal_lines
    # matching it to the bank ledger entry the payment left is what reconciles it
    assert bankrec.match_automatically(engine, cid, "BANK", no) == 1
    assert bankrec.show(engine, cid, "BANK", no).difference == Decimal("0.00")
