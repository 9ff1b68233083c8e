"""A payment of an invoice less a credit memo, through the whole chain on both databases:
apply automatically sets the credit memo off in the group the text names, posting settles
both entries, and the customer owes nothing to the øre."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from reskontro.domain.enums import DocumentType
from reskontro.services import reconcile as rc
from reskontro.services.documents import (
    SalesDocumentInput,
    SalesLineInput,
    create_sales_document,
    post_sales_document,
)
from reskontro.services.masterdata import update_bank_account
from reskontro.services.statements import import_statements
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.integration.ledger_fixtures import INVOICE_DATE, Books, make_books
from tests.invariants import check_invariants
from tests.unit.camt_generator import Ntry, Stmt, Tx, camt_bytes

D = Decimal
IBAN = "NO9386011117947"


@pytest.fixture
def books(engine: Engine) -> Books:
    books = make_books(engine)
    update_bank_account(engine, books.company_id, "BANK", {"iban": IBAN})
    return books


def credit_memo(books: Books, customer: str, net: str) -> str:
    draft = create_sales_document(
        books.engine,
        books.company_id,
        SalesDocumentInput(
            DocumentType.CREDIT_MEMO,
            customer,
            [SalesLineInput("Returned goods", D("1"), D(net), "3")],
            posting_date=INVOICE_DATE,
        ),
    )
    return post_sales_document(
        books.engine, books.company_id, DocumentType.CREDIT_MEMO, draft.no
    ).no


def customer_balance(books: Books, customer: str) -> Decimal:
    with UnitOfWork(books.engine) as uow:
        rows = uow.session.scalars(
            select(m.CustomerLedgerEntryRow.remaining_amount).where(
                m.CustomerLedgerEntryRow.company_id == books.company_id,
                m.CustomerLedgerEntryRow.party_no == customer,
            )
        ).all()
    return sum(rows, D("0.00"))


def test_an_invoice_less_a_credit_memo_is_applied_to_both_and_posted(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    invoice_no = books.invoice("20000", "1000.00")  # 1 250.00 with VAT
    other_no = books.invoice("20000", "800.00")  # 1 000.00: the line's amount, not named
    memo_no = credit_memo(books, "20000", "200.00")  # 250.00 with VAT
    invoice = books.entry(DocumentType.INVOICE, invoice_no)
    memo = books.entry(DocumentType.CREDIT_MEMO, memo_no)
    assert (invoice.remaining_amount, memo.remaining_amount) == (D("1250.00"), D("-250.00"))
    day = INVOICE_DATE.replace(day=20)
    line = Ntry(
        D("1000.00"),
        credit=True,
        booking_date=day,
        value_date=day,
        bank_reference="B1",
        transactions=(
            Tx(
                name="Nordlys Bygg AS",
                unstructured=(f"Faktura {invoice_no} - kreditnota {memo_no}",),
            ),
        ),
    )
    statement = Stmt(
        id="MARS", sequence="1", account=IBAN, opening=D("0"), closing=D("1000.00"), entries=(line,)
    )
    imported = import_statements(
        engine, cid, camt_bytes([statement]), "MARS.xml", bank_account_no="BANK"
    )
    no = imported.statements[0].statement_no

    summary = rc.apply_automatically(engine, cid, "BANK", no, user="tester")
    assert (summary.applied, summary.high) == (1, 1)
    view = rc.show(engine, cid, "BANK", no)
    (shown,) = view.lines
    assert [(a.entry_no, a.amount, a.confidence) for a in shown.applied] == [
        (invoice.entry_no, D("1250.00"), "high"),
        (memo.entry_no, D("-250.00"), "high"),
    ]
    assert shown.difference == D("0.00") and not shown.review

    posted = rc.post(engine, cid, "BANK", no, reconcile=True, user="tester")
    assert posted.lines_posted == 1 and posted.reconciled

    invoice_after = books.entry(DocumentType.INVOICE, invoice_no)
    memo_after = books.entry(DocumentType.CREDIT_MEMO, memo_no)
    assert (invoice_after.open, invoice_after.remaining_amount) == (False, D("0.00"))
    assert (memo_after.open, memo_after.remaining_amount) == (False, D("0.00"))
    assert books.entry(DocumentType.INVOICE, other_no).open is True
    # Left: the invoice the line did not name, to the øre.
    assert customer_balance(books, "20000") == D("1000.00")
    assert books.gl_balance(books.bank_gl) == D("1000.00")
    check_invariants(engine, cid)
