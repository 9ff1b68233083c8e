"""Batch lines itemised by the statement's own transaction details or by a camt.054, applied and
posted payment by payment on both databases: each payment settles its own invoice, the bank
ledger gets one entry for the line's amount, and bank reconciliation matches it one to one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from reskontro.domain.enums import DocumentType
from reskontro.domain.errors import ConflictError, NotFoundError, PostingError, ValidationError
from reskontro.services import bankrec
from reskontro.services import reconcile as rc
from reskontro.services.masterdata import update_bank_account
from reskontro.services.statements import import_statements
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.integration.ledger_fixtures import Books, make_books
from tests.integration.test_reconcile import (
    IBAN,
    MARCH_20,
    bank_account,
    bank_entries,
    import_statement,
    invoice,
    ntry,
    posted_again,
)
from tests.invariants import check_invariants
from tests.unit.camt_generator import Ntry, Ref, Stmt, Tx, camt_bytes

D = Decimal
BATCH, SINGLE = 10000, 20000
PAYERS = {"10000": "Fjordkraft Handel AS", "20000": "Nordlys Bygg AS", "30000": "Havbris AS"}


@pytest.fixture
def books(engine: Engine) -> Books:
    books = make_books(engine)
    update_bank_account(engine, books.company_id, "BANK", {"iban": IBAN})
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(
            m.Customer(
                company_id=books.company_id,
                no="30000",
                name=PAYERS["30000"],
                payment_terms="14D",
                posting_group="DOMESTIC",
                country="NO",
            )
        )
        uow.commit()
    return books


def three_invoices(books: Books) -> list[m.CustomerLedgerEntryRow]:
    """One invoice of each customer: 1 250.00, 625.00 and 375.00 with VAT."""
    nets = {"10000": "1000.00", "20000": "500.00", "30000": "300.00"}
    return [invoice(books, customer, net) for customer, net in nets.items()]


def payments(entries: list[m.CustomerLedgerEntryRow]) -> tuple[Tx, ...]:
    """One payment per invoice, paid by KID, each by its own customer."""
    return tuple(
        Tx(
            amount=e.amount,
            name=PAYERS[e.party_no],
            references=(Ref(e.payment_reference),),
            end_to_end_id=f"E2E-{n}",
        )
        for n, e in enumerate(entries, start=1)
    )


def batch(amount: D, *, ref: str = "B-77", transactions: tuple[Tx, ...] = ()) -> Ntry:
    return Ntry(
        amount,
        booking_date=MARCH_20,
        value_date=MARCH_20,
        bank_reference=ref,
        batch_count=3,
        batch_id="PMT-77",
        transactions=transactions,
        additional="Sumpost innbetalinger",
    )


def rows(view: rc.ReconcileView) -> list[tuple[int, int | None, D, D, str]]:
    return [(x.line_no, x.detail_no, x.amount, x.difference, x.confidence) for x in view.lines]


def assert_paid_and_reconciled(
    books: Books,
    entries: list[m.CustomerLedgerEntryRow],
    no: int,
    summary: rc.PostSummary,
    closing: D,
    batch_line: D | None = None,
) -> None:
    """Each invoice closed by its own payment; one bank ledger entry for the batch line."""
    assert summary.reconciled and summary.balance == closing
    batch_line = closing if batch_line is None else batch_line
    for entry in entries:
        assert books.entry(DocumentType.INVOICE, entry.document_no).open is False
    with UnitOfWork(books.engine) as uow:
        paid = uow.session.scalars(
            select(m.CustomerLedgerEntryRow).where(
                m.CustomerLedgerEntryRow.company_id == books.company_id,
                m.CustomerLedgerEntryRow.document_type == DocumentType.PAYMENT,
                m.CustomerLedgerEntryRow.document_no == f"BANK-{no}-{BATCH}",
            )
        ).all()
        by_customer = {p.party_no: (p.amount, p.open) for p in paid}
    assert by_customer == {e.party_no: (-e.amount, False) for e in entries}
    bank = bank_entries(books)
    assert bank[f"BANK-{no}-{BATCH}"].amount == batch_line  # the line's amount, once
    assert all(not e.open and e.statement_no == str(no) for e in bank.values())
    assert bank_account(books) == (str(no), closing)
    assert books.gl_balance(books.bank_gl) == closing
    rec = bankrec.show(books.engine, books.company_id, "BANK", no)
    assert rec.status == "posted" and rec.unmatched_lines == 0 and rec.difference == 0
    check_invariants(books.engine, books.company_id)


def test_a_batch_line_with_its_own_transaction_details_is_applied_payment_by_payment(
    books: Books,
) -> None:
    engine, cid = books.engine, books.company_id
    entries = three_invoices(books)
    total = sum((e.amount for e in entries), D(0))
    lone = invoice(books, "10000", "200.00")
    no = import_statement(
        books,
        batch(total, transactions=payments(entries)),
        ntry("250.00", name=PAYERS["10000"], kid=lone.payment_reference, ref="B-78"),
    )

    summary = rc.apply_automatically(engine, cid, "BANK", no, user="tester")
    assert summary == rc.ApplySummary(lines=4, applied=4, high=4, medium=0, low=0, not_applied=0)
    view = rc.show(engine, cid, "BANK", no)
    assert rows(view) == [
        (BATCH, 0, total, D(0), ""),
        (BATCH, 1, D("1250.00"), D(0), "high"),
        (BATCH, 2, D("625.00"), D(0), "high"),
        (BATCH, 3, D("375.00"), D(0), "high"),
        (SINGLE, None, D("250.00"), D(0), "high"),
    ]
    heading, *details = view.lines[:4]
    assert heading.details == 3 and heading.applied == [] and heading.applied_amount == total
    assert [
        (d.counterparty_name, d.references, [(a.account_no, a.entry_no) for a in d.applied])
        for d in details
    ] == [(PAYERS[e.party_no], [e.payment_reference], [(e.party_no, e.entry_no)]) for e in entries]
    assert "KID/OCR" in details[0].applied[0].explanation
    assert view.counts == {
        "lines": 2,
        "details": 3,
        "high": 4,
        "medium": 0,
        "low": 0,
        "not_applied": 0,
        "to_review": 0,
        "with_difference": 0,
    }
    assert view.total_applied == view.total_lines == total + D("250.00")

    posted = rc.post(engine, cid, "BANK", no, reconcile=True, user="tester")
    assert posted.lines_posted == 2
    assert_paid_and_reconciled(books, entries, no, posted, total + D("250.00"), total)
    assert books.entry(DocumentType.INVOICE, lone.document_no).open is False
    assert sorted(bank_entries(books)) == [f"BANK-{no}-{BATCH}", f"BANK-{no}-{SINGLE}"]
    after = rc.show(engine, cid, "BANK", no)
    assert all(x.posted for x in after.lines)
    assert f"Posted as document BANK-{no}-{BATCH}" in after.lines[0].notes[-1]

    # Neither the line nor any of its payments can be posted or changed again.
    with pytest.raises(ConflictError, match="is posted"):
        rc.remove(engine, cid, "BANK", no, BATCH, detail_no=2)
    with pytest.raises(ConflictError, match="reconciled already"):
        rc.post(engine, cid, "BANK", no, reconcile=True)
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(posted_again(cid, no, BATCH))
        with pytest.raises(IntegrityError):
            uow.session.flush()


def test_a_camt054_itemising_a_statement_line_is_applied_payment_by_payment(
    books: Books,
) -> None:
    engine, cid = books.engine, books.company_id
    entries = three_invoices(books)
    total = sum((e.amount for e in entries), D(0))
    no = import_statement(books, batch(total))

    # Before its camt.054 comes, the lump sum is one line; the matching finds nothing for it.
    rc.apply_automatically(engine, cid, "BANK", no)
    rc.transfer_difference(engine, cid, "BANK", no, BATCH, account_type="gl", account_no="7770")
    assert rows(rc.show(engine, cid, "BANK", no)) == [(BATCH, None, total, D(0), "high")]

    notification = Stmt(
        id="N1",
        sequence=None,
        account=IBAN,
        entries=(batch(total, transactions=payments(entries)),),
    )
    linked = import_statements(
        engine, cid, camt_bytes([notification], kind="054"), "n.xml", bank_account_no="BANK"
    )
    assert [(x.line_no, x.detail_kind, x.details) for x in linked.linked] == [
        (BATCH, "camt.054", 3)
    ]
    # The line is a batch of three payments now: its application as a whole cannot be posted.
    with pytest.raises(PostingError) as refused:
        rc.post(engine, cid, "BANK", no)
    assert refused.value.problems[0].startswith(
        f"line {BATCH} is applied as a whole, but its payments are itemised (camt.054)"
    )

    summary = rc.apply_automatically(engine, cid, "BANK", no)
    assert (summary.lines, summary.high, summary.not_applied) == (3, 3, 0)
    view = rc.show(engine, cid, "BANK", no)
    assert rows(view) == [
        (BATCH, 0, total, D(0), ""),
        (BATCH, 1, D("1250.00"), D(0), "high"),
        (BATCH, 2, D("625.00"), D(0), "high"),
        (BATCH, 3, D("375.00"), D(0), "high"),
    ]
    assert [a.entry_no for x in view.lines[1:] for a in x.applied] == [e.entry_no for e in entries]

    posted = rc.post(engine, cid, "BANK", no, reconcile=True, user="tester")
    assert posted.lines_posted == 1
    assert_paid_and_reconciled(books, entries, no, posted, total)
    assert books.gl_balance("7770") == D(0)  # the whole-line transfer went with the re-apply


def test_details_that_do_not_add_up_block_reconciling_until_the_rest_is_transferred(
    books: Books,
) -> None:
    engine, cid = books.engine, books.company_id
    entries = three_invoices(books)
    total = sum((e.amount for e in entries), D(0))
    no = import_statement(books, batch(total + D("50.00"), transactions=payments(entries)))

    summary = rc.apply_automatically(engine, cid, "BANK", no)
    assert (summary.lines, summary.high, summary.not_applied) == (4, 3, 1)
    view = rc.show(engine, cid, "BANK", no)
    heading = view.lines[0]
    assert (heading.detail_no, heading.amount, heading.difference) == (0, total + 50, D("50.00"))
    assert any("the details add up to" in note for note in heading.notes)
    assert view.total_difference == D("50.00") and view.counts["with_difference"] == 1
    only = rc.show(engine, cid, "BANK", no, filter="difference")
    assert rows(only) == [(BATCH, 0, total + 50, D("50.00"), "")]

    with pytest.raises(PostingError) as refused:
        rc.post(engine, cid, "BANK", no, reconcile=True)
    assert refused.value.problems == [
        f"line {BATCH} (2026-03-20, 2 300.00) holds 50.00 its payments do not explain; "
        f"transfer it to an account: reskontro reconcile transfer BANK/{no} {BATCH} --gl NO"
    ]
    assert bank_entries(books) == {}
    assert all(books.entry(DocumentType.INVOICE, e.document_no).open for e in entries)

    rc.transfer_difference(engine, cid, "BANK", no, BATCH, account_type="gl", account_no="7770")
    heading = rc.show(engine, cid, "BANK", no).lines[0]
    assert heading.difference == 0
    assert [(a.account_type, a.account_no, a.amount) for a in heading.applied] == [
        ("gl", "7770", D("50.00"))
    ]
    posted = rc.post(engine, cid, "BANK", no, reconcile=True, user="tester")
    assert_paid_and_reconciled(books, entries, no, posted, total + D("50.00"))
    assert books.gl_balance("7770") == D("-50.00")


def test_the_payments_of_a_batch_line_are_reviewed_and_applied_one_by_one(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    entries = three_invoices(books)
    total = sum((e.amount for e in entries), D(0))
    no = import_statement(books, batch(total, transactions=payments(entries)))
    rc.apply_automatically(engine, cid, "BANK", no)

    # The line itself has nothing to apply: its payments add up to it.
    with pytest.raises(ValidationError, match=r"apply them one by one, as 10000\.1 to 10000\.3"):
        rc.apply_manually(engine, cid, "BANK", no, BATCH, account_type="gl", account_no="7770")
    with pytest.raises(NotFoundError, match="has no detail 9"):
        rc.remove(engine, cid, "BANK", no, BATCH, detail_no=9)

    # One payment: removed, its candidates scored on its own KID, applied by hand again.
    rc.remove(engine, cid, "BANK", no, BATCH, detail_no=2, user="tester")
    view = rc.show(engine, cid, "BANK", no)
    assert rows(view)[2] == (BATCH, 2, D("625.00"), D("625.00"), "")
    assert view.counts["not_applied"] == 1
    only = rc.show(engine, cid, "BANK", no, filter="difference")  # with its line's heading
    assert [(x.line_no, x.detail_no) for x in only.lines] == [(BATCH, 0), (BATCH, 2)]
    found = rc.candidates(engine, cid, "BANK", no, BATCH, detail_no=2)
    assert (found[0].entry_no, found[0].confidence) == (entries[1].entry_no, "high")
    # An entry another payment of the same line settles is refused.
    with pytest.raises(ValidationError, match=r"applied by line 10000\.1, a payment of the same"):
        rc.apply_manually(
            engine, cid, "BANK", no, BATCH, detail_no=2, account_type="customer",
            account_no="10000", entry_no=entries[0].entry_no,
        )  # fmt: skip
    rc.apply_manually(
        engine, cid, "BANK", no, BATCH, detail_no=2, account_type="customer", account_no="20000",
        entry_no=entries[1].entry_no, user="tester",
    )  # fmt: skip
    line = rc.show(engine, cid, "BANK", no).lines[2]
    assert (line.status, line.difference) == ("manual", D(0))
    assert [(a.account_no, a.amount) for a in line.applied] == [("20000", D("625.00"))]

    # Accept by line no. takes the line's every automatic payment; by (line, detail) one.
    assert rc.accept(engine, cid, "BANK", no, [(BATCH, 1)]) == 1
    assert rc.accept(engine, cid, "BANK", no, [BATCH]) == 1  # detail 3; 2 is manual
    statuses = [x.status for x in rc.show(engine, cid, "BANK", no).lines[1:]]
    assert statuses == ["accepted", "manual", "accepted"]
    # Apply automatically keeps them; removing the line by its no. clears every payment.
    assert rc.apply_automatically(engine, cid, "BANK", no).applied == 3
    rc.remove(engine, cid, "BANK", no, BATCH)
    assert [x.applied for x in rc.show(engine, cid, "BANK", no).lines] == [[], [], [], []]
    with pytest.raises(ValidationError, match="not applied"):
        rc.accept(engine, cid, "BANK", no, [BATCH])

    # Posting names every payment not applied, and writes nothing.
    with pytest.raises(PostingError) as refused:
        rc.post(engine, cid, "BANK", no)
    assert refused.value.problems == [
        f"line {BATCH}.{n} (2026-03-20, {amount}) is not applied: " for n, amount in
        ((1, "1 250.00"), (2, "625.00"), (3, "375.00"))
    ]  # fmt: skip
    assert bank_entries(books) == {}


def test_two_payments_of_one_batch_line_never_settle_the_same_invoice(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    entry = invoice(books, "20000", "1000.00")  # 1 250.00, paid in two halves in one batch
    half = Tx(amount=D("625.00"), name=PAYERS["20000"], references=(Ref(entry.payment_reference),))
    no = import_statement(books, batch(D("1250.00"), transactions=(half, half)))

    rc.apply_automatically(engine, cid, "BANK", no)
    first, second = rc.show(engine, cid, "BANK", no).lines[1:]
    assert [(a.entry_no, a.amount) for a in first.applied] == [(entry.entry_no, D("625.00"))]
    assert second.applied == [] and second.difference == D("625.00")
    assert second.notes == [
        f"not applied: customer ledger entry {entry.entry_no} is paid by {BATCH}.1 of the "
        "same batch line, whose payments settle an entry once"
    ]
    # The rest goes to the customer's account, where it stays open to apply later.
    rc.apply_manually(engine, cid, "BANK", no, BATCH, detail_no=2, account_type="customer",
                      account_no="20000")  # fmt: skip
    rc.post(engine, cid, "BANK", no, reconcile=True)
    assert books.entry(DocumentType.INVOICE, entry.document_no).remaining_amount == D("625.00")
    assert bank_account(books) == (str(no), D("1250.00"))
    check_invariants(engine, cid)
