"""Two processes posting at the same moment: a batch is posted once, an invoice is never
over-applied (DESIGN §4, invariants 2, 3 and 5), on SQLite (a file) and on PostgreSQL.

The children are real OS processes ("spawn"), each with its own engine and connection; a
barrier releases them together once both are connected, and they report their outcome (or the
exception's type and message) through a queue.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from reskontro.domain.enums import DocumentType
from reskontro.services.documents import (
    SalesDocumentInput,
    SalesLineInput,
    create_sales_document,
)
from reskontro.services.journals import create_batch
from reskontro.storage import models as m
from tests.integration.ledger_fixtures import INVOICE_DATE, Books, make_books
from tests.integration.prop_support import (
    add_payments,
    count,
    invoice_applications,
    post_invoices,
)
from tests.integration.prop_workers import post_credit_memo_slowly, post_together
from tests.invariants import check_invariants

D = Decimal
SPAWN = multiprocessing.get_context("spawn")
LINES = 2000  # enough that one posting takes a noticeable while
INVOICE = D("1000.00")
WAIT = 300  # seconds: only a limit for a hung child, never an expectation


@pytest.fixture
def books(engine: Engine) -> Books:
    return make_books(engine)


def run_together(
    url: str, company_id: int, batches: list[tuple[str, str]]
) -> list[tuple[str, str, str, int]]:
    """Post each (template, batch) in its own process, all starting at once."""
    barrier = SPAWN.Barrier(len(batches))
    results = SPAWN.Queue()
    children = [
        SPAWN.Process(
            target=post_together, args=(url, company_id, template, batch, barrier, results)
        )
        for template, batch in batches
    ]
    for child in children:
        child.start()
    outcomes = []
    try:
        for _ in children:
            outcomes.append(results.get(timeout=WAIT))
    except queue.Empty:
        pytest.fail(f"a posting process did not report back; got {outcomes}")
    finally:
        for child in children:
            child.join(timeout=WAIT)
            if child.is_alive():
                child.kill()
    assert [c.exitcode for c in children] == [0] * len(children)
    return outcomes


def open_invoices(engine: Engine, company_id: int) -> list[m.CustomerLedgerEntryRow]:
    entry = m.CustomerLedgerEntryRow
    with engine.connect() as c:
        return list(
            c.execute(
                select(entry).where(
                    entry.company_id == company_id,
                    entry.document_type == DocumentType.INVOICE,
                    entry.open.is_(True),
                )
            )
        )


def payments(engine: Engine, company_id: int) -> list[m.CustomerLedgerEntryRow]:
    entry = m.CustomerLedgerEntryRow
    with engine.connect() as c:
        return list(
            c.execute(
                select(entry).where(
                    entry.company_id == company_id, entry.document_type == DocumentType.PAYMENT
                )
            )
        )


@pytest.mark.slow
def test_two_processes_posting_the_same_batch_post_it_once(books: Books, db_url: str) -> None:
    engine, company = books.engine, books.company_id
    invoices = post_invoices(books, [INVOICE] * LINES)
    add_payments(books, "DEFAULT", [(number, INVOICE) for number in invoices])

    outcomes = run_together(
        db_url,
        company,
        [
            ("CASH", "DEFAULT"),
            ("CASH", "DEFAULT"),
        ],
    )

    posted = [o for o in outcomes if o[1] == "posted"]
    refused = [o for o in outcomes if o[1] != "posted"]
    assert len(posted) == 1, f"exactly one process must post the batch: {outcomes}"
    assert posted[0][3] == LINES
    ((_, kind, message, _),) = refused
    assert kind == "PostingError", message
    assert "Journal batch CASH/DEFAULT has no lines to post" in message
    assert f"it was last posted as register {posted[0][2]} at" in message
    # Every invoice is closed, and by exactly one payment; nothing was posted twice.
    assert open_invoices(engine, company) == []
    applications = invoice_applications(engine, company)
    assert applications == dict.fromkeys(invoices, (-INVOICE, 1))
    assert len(payments(engine, company)) == LINES
    assert count(engine, m.BankLedgerEntryRow, m.BankLedgerEntryRow.company_id == company) == LINES
    assert (
        count(
            engine,
            m.RegisterRow,
            m.RegisterRow.company_id == company,
            m.RegisterRow.journal_template == "CASH",
        )
        == 1
    )
    assert count(engine, m.JournalLine, m.JournalLine.company_id == company) == 0
    assert books.gl_balance(books.bank_gl) == INVOICE * LINES
    assert books.gl_balance(books.receivables) == 0
    check_invariants(engine, company)


@pytest.mark.slow
@pytest.mark.parametrize("share", [D("600.00"), D("1000.00")], ids=["part", "full"])
def test_two_batches_paying_the_same_invoices_never_over_apply(
    books: Books, db_url: str, share: Decimal
) -> None:
    """Batch A and batch B each pay every invoice; they post at the same moment.

    Part (600 of 1000 each): both post; whichever comes second pays the 400 still owed and
    keeps 200 per payment open. Full: the second finds the invoices closed and posts nothing.
    """
    engine, company = books.engine, books.company_id
    lines = LINES // 2
    invoices = post_invoices(books, [INVOICE] * lines)
    for batch in ("A", "B"):
        create_batch(engine, company, "CASH", batch)
        add_payments(books, batch, [(n, share) for n in invoices], prefix=f"{batch}-")

    outcomes = run_together(
        db_url,
        company,
        [("CASH", "A"), ("CASH", "B")],
    )

    posted = [o for o in outcomes if o[1] == "posted"]
    applications = invoice_applications(engine, company)
    if share * 2 > INVOICE and share < INVOICE:
        assert len(posted) == 2, outcomes
        assert applications == dict.fromkeys(invoices, (-INVOICE, 2))
        left = sum((p.remaining_amount for p in payments(engine, company)), D("0.00"))
        assert left == -(2 * share - INVOICE) * lines
    else:
        assert len(posted) == 1, outcomes
        ((_, kind, message, _),) = [o for o in outcomes if o[1] != "posted"]
        assert kind == "PostingError"
        assert "there is no open invoice" in message
        assert applications == dict.fromkeys(invoices, (-INVOICE, 1))
        assert len(payments(engine, company)) == lines
    assert open_invoices(engine, company) == []
    entry = m.CustomerLedgerEntryRow
    with engine.connect() as c:
        remaining = c.scalars(
            select(entry.remaining_amount).where(
                entry.company_id == company, entry.document_type == DocumentType.INVOICE
            )
        ).all()
    assert remaining == [0] * lines  # never below zero
    assert books.gl_balance(books.bank_gl) == share * lines * len(posted)
    check_invariants(engine, company)


def test_a_credit_memo_posted_while_a_payment_posts_sees_the_payment(
    books: Books, db_url: str
) -> None:
    """A credit memo applied to an invoice must use the invoice as it is when it posts.

    The credit memo reads the invoice (1250.00 owed), and before it writes, a payment of
    1100.00 to the same invoice posts. The credit memo (200.00) may then settle only the
    150.00 still owed; 50.00 of it stays open. Nothing may be applied twice.
    """
    engine, company = books.engine, books.company_id
    invoice = books.invoice("20000", "1000.00")  # 1250.00 incl. VAT
    draft = create_sales_document(
        engine,
        company,
        SalesDocumentInput(
            DocumentType.CREDIT_MEMO,
            "20000",
            [SalesLineInput("Returned", D("1"), D("160.00"), "3")],  # 200.00 incl. VAT
            posting_date=INVOICE_DATE,
            applies_to_doc_no=invoice,
        ),
    )
    read_done, go = SPAWN.Event(), SPAWN.Event()
    receive, send = SPAWN.Pipe(duplex=False)
    child = SPAWN.Process(
        target=post_credit_memo_slowly,
        args=(db_url, company, draft.no, read_done, go, send),
    )
    child.start()
    try:
        assert read_done.wait(WAIT), "the credit memo never started posting"
        if engine.dialect.name == "sqlite":
            # The credit memo's transaction began with BEGIN IMMEDIATE: it holds the write
            # lock, so the payment can only post after it. Let it go on, then pay.
            go.set()
            books.pay("1100.00", INVOICE_DATE, customer="20000", invoice=invoice, document_no="P1")
        else:
            failures: list[BaseException] = []

            def pay() -> None:
                try:
                    books.pay(
                        "1100.00", INVOICE_DATE, customer="20000", invoice=invoice, document_no="P1"
                    )
                except BaseException as exc:  # noqa: BLE001 - re-raised in the test below
                    failures.append(exc)

            payer = threading.Thread(target=pay)
            payer.start()
            payer.join(timeout=10)  # if the payment waits for the credit memo, let it go on
            go.set()
            payer.join(timeout=WAIT)
            assert not payer.is_alive() and not failures, failures
        assert receive.poll(WAIT)
        outcome = receive.recv()
    finally:
        go.set()
        child.join(timeout=WAIT)
        if child.is_alive():
            child.kill()
    assert outcome[0] == "posted", outcome
    invoice_entry = books.entry(DocumentType.INVOICE, invoice)
    credit = books.entry(DocumentType.CREDIT_MEMO, outcome[1])
    payment = books.entry(DocumentType.PAYMENT, "P1")
    check_invariants(engine, company)
    assert invoice_entry.remaining_amount == 0 and not invoice_entry.open
    assert payment.remaining_amount + credit.remaining_amount == D("-50.00")
    assert books.gl_balance(books.receivables) == D("-50.00")
