"""Posting invoices, payments, applications and corrections through the services, with the
exact amounts of the worked examples, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.domain.errors import ApplicationError, PostingError
from reskontro.services.applying import (
    ApplyTarget,
    apply_entries,
    reverse,
    set_applies_to_id,
    unapply_entry,
)
from reskontro.services.documents import (
    SalesDocumentInput,
    SalesLineInput,
    create_sales_document,
    get_sales_document,
    post_sales_document,
)
from reskontro.services.journals import JournalLineInput, add_line, list_lines
from reskontro.services.posting import batch_test_report, post_batch
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.integration.ledger_fixtures import INVOICE_DATE, Books, make_books
from tests.invariants import assert_unchanged, check_invariants, snapshot

D = Decimal
IN_TIME = date(2026, 3, 12)  # invoice date + 10 days: last day of the 2 % discount
LATE = date(2026, 4, 15)


@pytest.fixture
def books(engine: Engine) -> Books:
    return make_books(engine)


def test_invoice_posts_receivables_revenue_and_vat(books: Books) -> None:
    number = books.invoice(net="1000.00")
    invoice = books.entry(DocumentType.INVOICE, number)
    assert invoice.amount == D("1250.00")  # 1000 + 25 % VAT
    assert invoice.remaining_amount == D("1250.00") and invoice.open
    assert invoice.due_date == date(2026, 4, 1)  # 30 days
    assert invoice.pmt_discount_date == IN_TIME
    assert invoice.original_pmt_disc_possible == D("25.00")  # 2 % of 1250
    assert books.gl_balance(books.receivables) == D("1250.00")
    posted = get_sales_document(books.engine, books.company_id, DocumentType.INVOICE, number)
    assert posted.vat_amount == D("250.00") and posted.posted
    check_invariants(books.engine, books.company_id)


def test_payment_within_discount_date_closes_the_invoice(books: Books) -> None:
    number = books.invoice(net="1000.00")
    books.pay("1225.00", IN_TIME, invoice=number)
    invoice = books.entry(DocumentType.INVOICE, number)
    assert not invoice.open and invoice.remaining_amount == 0
    assert books.gl_balance(books.receivables) == 0
    assert books.gl_balance(books.discount_account) == D("25.00")
    assert books.gl_balance(books.bank_gl) == D("1225.00")
    check_invariants(books.engine, books.company_id)


def test_partial_and_over_payments(books: Books) -> None:
    first = books.invoice(net="800.00")  # 1000.00 incl. VAT
    books.pay("400.00", LATE, invoice=first)
    assert books.entry(DocumentType.INVOICE, first).remaining_amount == D("600.00")
    summary = books.pay("700.00", LATE, invoice=first, document_no="OVER1")
    assert summary.customer_entries == 1
    assert not books.entry(DocumentType.INVOICE, first).open
    payment = books.entry(DocumentType.PAYMENT, "OVER1")
    assert payment.open and payment.remaining_amount == D("-100.00")
    assert books.gl_balance(books.receivables) == D("-100.00")
    check_invariants(books.engine, books.company_id)


def test_payment_tolerance_writes_off_a_small_difference(engine: Engine) -> None:
    books = make_books(engine, tolerance_pct="1", max_tolerance="5")
    number = books.invoice(customer="20000", net="800.00")  # 1000.00, no discount
    books.pay("996.00", LATE, customer="20000", invoice=number)
    assert not books.entry(DocumentType.INVOICE, number).open
    assert books.gl_balance(books.tolerance_debit) == D("4.00")
    check_invariants(engine, books.company_id)


def test_applies_to_id_settles_invoices_and_a_credit_memo_together(books: Books) -> None:
    first = books.invoice(customer="20000", net="400.00")  # 500.00
    second = books.invoice(customer="20000", net="800.00")  # 1000.00
    draft = create_sales_document(
        books.engine,
        books.company_id,
        SalesDocumentInput(
            DocumentType.CREDIT_MEMO,
            "20000",
            [SalesLineInput("Returned", D("1"), D("160.00"), "3")],
            posting_date=INVOICE_DATE,
        ),
    )
    credit = post_sales_document(books.engine, books.company_id, DocumentType.CREDIT_MEMO, draft.no)
    entries = [
        books.entry(DocumentType.INVOICE, first).entry_no,
        books.entry(DocumentType.INVOICE, second).entry_no,
        books.entry(DocumentType.CREDIT_MEMO, credit.no).entry_no,
    ]
    set_applies_to_id(
        books.engine, books.company_id, "customer", "PAY-1", [ApplyTarget(n) for n in entries]
    )
    books.pay("1300.00", LATE, customer="20000", applies_to_id="PAY-1")
    for kind, no in (
        (DocumentType.INVOICE, first),
        (DocumentType.INVOICE, second),
        (DocumentType.CREDIT_MEMO, credit.no),
    ):
        assert not books.entry(kind, no).open, f"{kind} {no} should be closed"
    assert books.gl_balance(books.receivables) == 0
    check_invariants(books.engine, books.company_id)


def test_credit_memo_applied_to_the_invoice_it_corrects(books: Books) -> None:
    number = books.invoice(customer="20000", net="800.00")
    draft = create_sales_document(
        books.engine,
        books.company_id,
        SalesDocumentInput(
            DocumentType.CREDIT_MEMO,
            "20000",
            [SalesLineInput("Wrong price", D("1"), D("200.00"), "3")],
            posting_date=INVOICE_DATE,
            applies_to_doc_no=number,
        ),
    )
    credit = post_sales_document(books.engine, books.company_id, DocumentType.CREDIT_MEMO, draft.no)
    assert books.entry(DocumentType.INVOICE, number).remaining_amount == D("750.00")
    assert not books.entry(DocumentType.CREDIT_MEMO, credit.no).open
    check_invariants(books.engine, books.company_id)


def test_apply_posted_entries_then_unapply_then_reverse(books: Books) -> None:
    number = books.invoice(customer="20000", net="800.00")
    books.pay("1000.00", LATE, customer="20000", document_no="P1")
    invoice = books.entry(DocumentType.INVOICE, number)
    payment = books.entry(DocumentType.PAYMENT, "P1")
    assert invoice.open and payment.open
    before = snapshot(books.engine, books.company_id)
    apply_entries(
        books.engine,
        books.company_id,
        "customer",
        payment.entry_no,
        [ApplyTarget(invoice.entry_no)],
    )
    assert not books.entry(DocumentType.INVOICE, number).open
    check_invariants(books.engine, books.company_id)
    with pytest.raises(ApplicationError, match="unapply"):
        reverse(books.engine, books.company_id, payment.transaction_no)
    unapply_entry(books.engine, books.company_id, "customer", invoice.entry_no)
    assert books.entry(DocumentType.INVOICE, number).remaining_amount == D("1000.00")
    assert books.entry(DocumentType.PAYMENT, "P1").open
    check_invariants(books.engine, books.company_id)
    reverse(books.engine, books.company_id, payment.transaction_no)
    payment_after = books.entry(DocumentType.PAYMENT, "P1")
    assert payment_after.reversed and not payment_after.open
    assert books.gl_balance(books.bank_gl) == 0
    assert books.gl_balance(books.receivables) == D("1000.00")
    with pytest.raises(ApplicationError, match="already been reversed"):
        reverse(books.engine, books.company_id, payment.transaction_no)
    check_invariants(books.engine, books.company_id)
    assert_unchanged(before, snapshot(books.engine, books.company_id))


def test_unapply_newest_first(books: Books) -> None:
    number = books.invoice(customer="20000", net="800.00")
    books.pay("300.00", LATE, customer="20000", invoice=number, document_no="P1")
    books.pay("200.00", LATE, customer="20000", invoice=number, document_no="P2")
    first = books.entry(DocumentType.PAYMENT, "P1")
    with pytest.raises(ApplicationError, match="not the newest"):
        unapply_entry(books.engine, books.company_id, "customer", first.entry_no)
    invoice = books.entry(DocumentType.INVOICE, number)
    unapply_entry(books.engine, books.company_id, "customer", invoice.entry_no)  # undoes P2
    assert books.entry(DocumentType.INVOICE, number).remaining_amount == D("700.00")
    assert books.entry(DocumentType.PAYMENT, "P2").remaining_amount == D("-200.00")
    check_invariants(books.engine, books.company_id)


def test_a_faulty_batch_lists_every_problem_and_posts_nothing(books: Books) -> None:
    def line(**kwargs: object) -> None:
        base: dict[str, object] = {
            "account_type": AccountType.CUSTOMER,
            "account_no": "10000",
            "amount": D("-100.00"),
            "posting_date": LATE,
            "document_type": DocumentType.PAYMENT,
        }
        base.update(kwargs)
        add_line(books.engine, books.company_id, "CASH", "DEFAULT", JournalLineInput(**base))  # type: ignore[arg-type]

    line()
    line(account_no="99999")
    line(account_no="", document_no="X1")
    line(amount=D("100.00"))
    line(bal_account_no="", document_no="UNBAL")
    report = batch_test_report(books.engine, books.company_id, "CASH", "DEFAULT")
    messages = [str(p) for p in report.problems]
    assert any("customer 99999 does not exist" in t for t in messages)
    assert any("has no account" in t for t in messages)
    assert any("must be negative" in t for t in messages)
    assert any("out of balance by -100.00" in t for t in messages)
    with pytest.raises(PostingError) as refused:
        post_batch(books.engine, books.company_id, "CASH", "DEFAULT")
    assert len(refused.value.problems) == len(report.problems)
    with UnitOfWork(books.engine) as uow:
        assert (
            uow.session.scalar(
                select(func.count())
                .select_from(m.GLEntryRow)
                .where(
                    m.GLEntryRow.company_id == books.company_id, m.GLEntryRow.source_type == "bank"
                )
            )
            == 0
        )
    assert len(list_lines(books.engine, books.company_id, "CASH", "DEFAULT")) == 5


def test_a_batch_is_posted_once(books: Books) -> None:
    number = books.invoice()
    books.pay("100.00", LATE, invoice=number)
    with pytest.raises(PostingError, match="no lines to post; it was last posted as register"):
        post_batch(books.engine, books.company_id, "CASH", "DEFAULT")
    assert books.entry(DocumentType.INVOICE, number).remaining_amount == D("1150.00")


def test_foreign_currency_payment_posts_a_realised_gain(books: Books) -> None:
    from reskontro.services.currencies import set_exchange_rate
    from reskontro.services.masterdata import update_customer

    set_exchange_rate(books.engine, books.company_id, "EUR", date(2026, 1, 1), D("11.00"))
    set_exchange_rate(books.engine, books.company_id, "EUR", date(2026, 4, 1), D("11.50"))
    update_customer(books.engine, books.company_id, "20000", {"currency": "EUR"})
    number = books.invoice(customer="20000", net="80.00")  # 100.00 EUR at 11.00
    invoice = books.entry(DocumentType.INVOICE, number)
    assert (invoice.amount, invoice.amount_lcy) == (D("100.00"), D("1100.00"))
    add_line(
        books.engine,
        books.company_id,
        "GENERAL",
        "DEFAULT",
        JournalLineInput(
            account_type=AccountType.CUSTOMER,
            account_no="20000",
            amount=D("-100.00"),
            currency="EUR",
            posting_date=LATE,  # rate 11.50: worth 1150.00 NOK
            document_type=DocumentType.PAYMENT,
            applies_to_doc_type=DocumentType.INVOICE,
            applies_to_doc_no=number,
            bal_account_type=AccountType.GL,
            bal_account_no="1900",
        ),
    )
    post_batch(books.engine, books.company_id, "GENERAL", "DEFAULT")
    assert not books.entry(DocumentType.INVOICE, number).open
    assert books.gl_balance("8060") == D("-50.00")  # realised exchange gain (credit)
    assert books.gl_balance(books.receivables) == 0
    check_invariants(books.engine, books.company_id)


def test_a_posted_invoice_is_corrected_by_credit_memo_not_reversed(books: Books) -> None:
    number = books.invoice()
    invoice = books.entry(DocumentType.INVOICE, number)
    with pytest.raises(ApplicationError, match="credit memo instead of reversing"):
        reverse(books.engine, books.company_id, invoice.transaction_no)
    assert books.entry(DocumentType.INVOICE, number).open


def test_a_posted_invoice_carries_its_kid(books: Books) -> None:
    from reskontro.domain.references.kid import is_valid
    from reskontro.services.kid import update_kid_setup

    number = books.invoice()  # the Norwegian default: document no. in 7 digits, MOD10
    invoice = books.entry(DocumentType.INVOICE, number)
    assert invoice.payment_reference == number.zfill(7) + invoice.payment_reference[-1]
    assert is_valid(invoice.payment_reference, "mod10")
    update_kid_setup(
        books.engine,
        books.company_id,
        layout="document_no+customer_no",
        document_no_length=6,
        customer_no_length=5,
        method="mod11",
    )
    second = books.invoice(customer="20000")
    kid = books.entry(DocumentType.INVOICE, second).payment_reference
    assert kid[:11] == f"{second}20000"
    assert is_valid(kid, "mod11")
    posted = get_sales_document(books.engine, books.company_id, DocumentType.INVOICE, second)
    assert posted.payment_reference == kid
