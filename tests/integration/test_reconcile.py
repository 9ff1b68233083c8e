"""The payment reconciliation journal on both databases: apply automatically, review, post,
and reconcile the bank account in the same step."""

from __future__ import annotations

import doctest
from datetime import UTC, date, datetime
from decimal import Decimal
from types import ModuleType

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import IntegrityError

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.domain.errors import ConflictError, NotFoundError, PostingError, ValidationError
from reskontro.domain.matching.rules import DEFAULT_RULES
from reskontro.services import bankrec, reconcile_post, reconcile_rows, reconcile_setup
from reskontro.services import reconcile as rc
from reskontro.services.journals import JournalLineInput, add_line
from reskontro.services.masterdata import update_bank_account
from reskontro.services.posting import post_batch
from reskontro.services.statements import import_statements
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.integration.ledger_fixtures import Books, make_books
from tests.invariants import assert_unchanged, check_invariants, snapshot
from tests.unit.camt_generator import Ntry, Ref, Stmt, Tx, camt_bytes

D = Decimal
DEFAULTS = len(DEFAULT_RULES)
IBAN = "NO9386011117947"
MARCH_10, MARCH_20 = date(2026, 3, 10), date(2026, 3, 20)
L1, L2, L3, L4, L5, L6 = 10000, 20000, 30000, 40000, 50000, 60000


def ntry(
    amount: str,
    day: date = MARCH_20,
    *,
    name: str = "",
    text: str = "",
    kid: str = "",
    ref: str = "",
) -> Ntry:
    return Ntry(
        abs(D(amount)),
        credit=D(amount) > 0,
        booking_date=day,
        value_date=day,
        bank_reference=ref or None,
        transactions=(
            Tx(
                name=name or None,
                unstructured=(text,) if text else (),
                references=(Ref(kid),) if kid else (),
            ),
        ),
    )


def import_statement(
    books: Books, *entries: Ntry, opening: str = "0.00", sid: str = "MARS", seq: str = "1"
) -> int:
    total = sum((e.amount if e.credit else -e.amount for e in entries), D(0))
    statement = Stmt(
        id=sid,
        sequence=seq,
        account=IBAN,
        opening=D(opening),
        closing=D(opening) + total,
        entries=entries,
    )
    result = import_statements(
        books.engine,
        books.company_id,
        camt_bytes([statement]),
        f"{sid}.xml",
        bank_account_no="BANK",
    )
    return result.statements[0].statement_no


def invoice(books: Books, customer: str, net: str) -> m.CustomerLedgerEntryRow:
    return books.entry(DocumentType.INVOICE, books.invoice(customer, net))


def balance(
    books: Books, model: type[m.CustomerLedgerEntryRow | m.VendorLedgerEntryRow], no: str
) -> D:
    with UnitOfWork(books.engine) as uow:
        rows = uow.session.scalars(
            select(model.remaining_amount).where(
                model.company_id == books.company_id, model.party_no == no
            )
        ).all()
    return sum(rows, D("0.00"))


def bank_entries(books: Books) -> dict[str, m.BankLedgerEntryRow]:
    with UnitOfWork(books.engine) as uow:
        rows = uow.session.scalars(
            select(m.BankLedgerEntryRow).where(m.BankLedgerEntryRow.company_id == books.company_id)
        ).all()
        for row in rows:
            uow.session.expunge(row)
    return {row.document_no: row for row in rows}


def bank_account(books: Books) -> tuple[str, D]:
    with UnitOfWork(books.engine) as uow:
        row = uow.session.get(m.BankAccount, (books.company_id, "BANK"))
        assert row is not None
        return row.last_statement_no, row.balance_last_statement


def posted_again(cid: int, no: int, line_no: int) -> m.PostedPaymentLine:
    """A second posting of the line of statement *no* of BANK, as another journal might try."""
    return m.PostedPaymentLine(
        company_id=cid,
        bank_account_no="BANK",
        statement_no=no,
        line_no=line_no,
        register_no=99,
        document_no="OTHER",
        bank_entry_no=99,
        posted_at=datetime.now(UTC),
        posted_by="someone",
    )


def count(books: Books, model: type[m.Base]) -> int:
    with UnitOfWork(books.engine) as uow:
        table = model.__table__  # type: ignore[attr-defined]
        return int(
            uow.session.scalar(
                select(func.count())
                .select_from(table)
                .where(table.c.company_id == books.company_id)
            )
            or 0
        )


@pytest.fixture
def books(engine: Engine) -> Books:
    books = make_books(engine)
    update_bank_account(engine, books.company_id, "BANK", {"iban": IBAN})
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(
            m.Vendor(
                company_id=books.company_id,
                no="30000",
                name="Kontorrekvisita Vest AS",
                posting_group="DOMESTIC",
                country="NO",
            )
        )
        uow.commit()
    return books


class March:
    """Seven invoices and a statement paying them in the ways people pay."""

    def __init__(self, books: Books) -> None:
        self.kid = invoice(books, "10000", "1000.00")  # 1 250.00, paid by KID
        self.lump = (invoice(books, "20000", "500.00"), invoice(books, "20000", "200.00"))
        self.discounted = invoice(books, "10000", "1000.00")  # 2 % discount until 12 March
        self.over = invoice(books, "20000", "400.00")  # 500.00, paid 600.00
        self.twins = (invoice(books, "20000", "250.00"), invoice(books, "20000", "250.00"))
        rc.add_mapping(
            books.engine,
            books.company_id,
            text="Gebyr",
            account_type="gl",
            credit_account_no="7770",
        )
        lump_text = f"Faktura {self.lump[0].document_no} og {self.lump[1].document_no}"
        self.no = import_statement(
            books,
            ntry("1250.00", name="Fjordkraft Handel AS", kid=self.kid.payment_reference, ref="B1"),
            ntry("875.00", name="Nordlys Bygg AS", text=lump_text, ref="B2"),
            ntry(
                "1225.00",
                MARCH_10,
                name="Fjordkraft Handel AS",
                text=f"Faktura {self.discounted.document_no}",
                ref="B3",
            ),
            ntry("600.00", name="Nordlys Bygg AS", kid=self.over.payment_reference, ref="B4"),
            ntry("-45.00", text="Gebyr nettbank mars", ref="B5"),
            ntry("312.50", name="Nordlys Bygg AS", text="Betaling", ref="B6"),
        )


def applied(view: rc.ReconcileView) -> dict[int, list[tuple[str, str, int | None, D, D, str]]]:
    return {
        line.line_no: [
            (a.account_type, a.account_no, a.entry_no, a.amount, a.discount, a.confidence)
            for a in line.applied
        ]
        for line in view.lines
    }


def test_apply_automatically_reads_kid_documents_discounts_mappings_and_ties(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    march = March(books)
    summary = rc.apply_automatically(engine, cid, "BANK", march.no, user="tester")
    assert summary == rc.ApplySummary(lines=6, applied=6, high=5, medium=1, low=0, not_applied=0)

    view = rc.show(engine, cid, "BANK", march.no)
    first, second = march.lump
    assert applied(view) == {
        L1: [("customer", "10000", march.kid.entry_no, D("1250.00"), D("0.00"), "high")],
        L2: [
            ("customer", "20000", first.entry_no, D("625.00"), D("0.00"), "high"),
            ("customer", "20000", second.entry_no, D("250.00"), D("0.00"), "high"),
        ],
        L3: [("customer", "10000", march.discounted.entry_no, D("1225.00"), D("25.00"), "high")],
        L4: [("customer", "20000", march.over.entry_no, D("500.00"), D("0.00"), "high")],
        L5: [("gl", "7770", None, D("-45.00"), D("0.00"), "high")],
        L6: [("customer", "20000", march.twins[0].entry_no, D("312.50"), D("0.00"), "medium")],
    }
    lines = {line.line_no: line for line in view.lines}
    assert lines[L1].applied[0].score == 4000
    assert "KID/OCR" in lines[L1].applied[0].explanation
    assert lines[L1].applied[0].document_no == march.kid.document_no
    assert lines[L1].applied[0].account_name == "Fjordkraft Handel AS"
    assert "text mapping 1" in lines[L5].applied[0].explanation
    assert lines[L4].difference == D("100.00") and lines[L4].notes
    assert "oldest due date" in lines[L6].applied[0].explanation
    assert [n for n, line in lines.items() if line.review] == [L4, L6]
    assert view.counts == {
        "lines": 6,
        "details": 0,
        "high": 5,
        "medium": 1,
        "low": 0,
        "not_applied": 0,
        "to_review": 2,
        "with_difference": 1,
    }
    assert view.total_lines == D("4217.50") and view.total_difference == D("100.00")
    review = rc.show(engine, cid, "BANK", march.no, filter="review")
    assert [line.line_no for line in review.lines] == [L4, L6]
    difference = rc.show(engine, cid, "BANK", march.no, filter="difference")
    assert [line.line_no for line in difference.lines] == [L4]
    with pytest.raises(ValidationError, match="filter 'odd'"):
        rc.show(engine, cid, "BANK", march.no, filter="odd")


def test_post_and_reconcile_in_one_step(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    march = March(books)
    rc.apply_automatically(engine, cid, "BANK", march.no)
    before = snapshot(engine, cid)
    discount_before = books.gl_balance(books.discount_account)

    summary = rc.post(engine, cid, "BANK", march.no, reconcile=True, user="tester")

    assert summary.lines_posted == 6 and summary.reconciled and summary.register_no
    assert summary.balance == D("4217.50")
    for entry in (march.kid, *march.lump, march.discounted, march.over, march.twins[0]):
        assert books.entry(DocumentType.INVOICE, entry.document_no).open is False
    assert books.entry(DocumentType.INVOICE, march.twins[1].document_no).open is True
    # 20000: the second twin is open, and the 100.00 paid too much is left on account.
    assert balance(books, m.CustomerLedgerEntryRow, "20000") == D("212.50")
    assert balance(books, m.CustomerLedgerEntryRow, "10000") == D("0.00")
    assert books.gl_balance(books.discount_account) - discount_before == D("25.00")
    assert books.gl_balance("7770") == D("45.00")
    entries = bank_entries(books)
    assert sorted(entries) == [f"BANK-1-{n}" for n in (L1, L2, L3, L4, L5, L6)]
    assert all(not e.open and e.statement_no == str(march.no) for e in entries.values())
    assert entries["BANK-1-50000"].amount == D("-45.00")
    assert bank_account(books) == (str(march.no), D("4217.50"))
    assert books.gl_balance(books.bank_gl) == D("4217.50")
    rec_view = bankrec.show(engine, cid, "BANK", march.no)
    assert rec_view.status == "posted" and rec_view.unmatched_lines == 0
    assert rec_view.difference == D("0.00")
    view = rc.show(engine, cid, "BANK", march.no)
    assert view.status == "posted" and all(line.posted for line in view.lines)
    assert "Posted as document BANK-1-10000" in view.lines[0].notes[-1]
    assert_unchanged(before, snapshot(engine, cid))
    check_invariants(engine, cid)

    # bankrec knows the result: undo takes the reconciliation back, the payments stay.
    bankrec.undo(engine, cid, "BANK", march.no, user="tester")
    assert bank_account(books) == ("", D("0.00"))
    assert all(e.open for e in bank_entries(books).values())
    check_invariants(engine, cid)


def test_post_payments_only_then_reconcile_later(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    entry = invoice(books, "10000", "1000.00")
    no = import_statement(
        books, ntry("1250.00", name="Fjordkraft Handel AS", kid=entry.payment_reference)
    )
    rc.apply_automatically(engine, cid, "BANK", no)
    summary = rc.post(engine, cid, "BANK", no, user="tester")
    assert (summary.lines_posted, summary.reconciled) == (1, False)
    assert books.entry(DocumentType.INVOICE, entry.document_no).open is False
    assert balance(books, m.CustomerLedgerEntryRow, "10000") == D("0.00")
    posted = bank_entries(books)["BANK-1-10000"]
    assert posted.open and posted.statement_no == "" and posted.amount == D("1250.00")
    payment = books.entry(DocumentType.PAYMENT, "BANK-1-10000")
    assert payment.amount == D("-1250.00") and payment.open is False
    assert bank_account(books) == ("", D("0.00"))
    assert bankrec.show(engine, cid, "BANK", no).status == "open"
    check_invariants(engine, cid)

    later = rc.post(engine, cid, "BANK", no, reconcile=True, user="tester")
    assert (later.lines_posted, later.reconciled, later.register_no) == (0, True, 0)
    assert not bank_entries(books)["BANK-1-10000"].open
    assert bank_account(books) == (str(no), D("1250.00"))
    with pytest.raises(ConflictError, match="reconciled already"):
        rc.post(engine, cid, "BANK", no, reconcile=True)
    check_invariants(engine, cid)


def test_posting_is_refused_while_a_line_is_not_applied_and_nothing_is_written(
    books: Books,
) -> None:
    engine, cid = books.engine, books.company_id
    entry = invoice(books, "10000", "1000.00")
    no = import_statement(
        books,
        ntry("1250.00", name="Fjordkraft Handel AS", kid=entry.payment_reference),
        ntry("77.00", name="Ukjent Innbetaler", text="Takk for sist"),
    )
    rc.apply_automatically(engine, cid, "BANK", no)
    before = snapshot(engine, cid)
    registers = count(books, m.RegisterRow)
    with pytest.raises(PostingError) as refused:
        rc.post(engine, cid, "BANK", no, reconcile=True)
    assert refused.value.problems == [
        "line 20000 (2026-03-20, 77.00) is not applied: Takk for sist"
    ]
    assert count(books, m.RegisterRow) == registers
    assert count(books, m.PostedPaymentLine) == 0
    assert count(books, m.BankRecMatch) == 0
    assert books.entry(DocumentType.INVOICE, entry.document_no).open is True
    assert bank_account(books) == ("", D("0.00"))
    assert_unchanged(before, snapshot(engine, cid))
    assert rc.show(engine, cid, "BANK", no).status == "open"


def test_review_by_hand_accept_remove_apply_and_transfer(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    march = March(books)
    rc.apply_automatically(engine, cid, "BANK", march.no)

    # Accept the lines to review; apply automatically keeps them, unless told to overwrite.
    assert rc.accept(engine, cid, "BANK", march.no, user="tester") == 2
    view = rc.show(engine, cid, "BANK", march.no)
    assert {line.line_no: line.status for line in view.lines if line.line_no in (L4, L6)} == {
        L4: "accepted",
        L6: "accepted",
    }
    assert view.counts["to_review"] == 0
    rc.apply_automatically(engine, cid, "BANK", march.no)
    assert rc.show(engine, cid, "BANK", march.no).lines[5].status == "accepted"
    rc.apply_automatically(engine, cid, "BANK", march.no, overwrite=True)
    assert rc.show(engine, cid, "BANK", march.no).lines[5].status == "auto"

    # The user knows line 6 paid the second twin.
    rc.remove(engine, cid, "BANK", march.no, L6, user="tester")
    assert rc.show(engine, cid, "BANK", march.no).lines[5].applied == []
    with pytest.raises(ValidationError, match="not applied"):
        rc.remove(engine, cid, "BANK", march.no, L6)
    found = rc.candidates(engine, cid, "BANK", march.no, L6)
    twins = {e.entry_no for e in march.twins}
    assert twins <= {c.entry_no for c in found}
    assert all(c.remaining_amount == D("312.50") for c in found if c.entry_no in twins)
    rc.apply_manually(
        engine,
        cid,
        "BANK",
        march.no,
        L6,
        account_type="customer",
        account_no="20000",
        entry_no=march.twins[1].entry_no,
        user="tester",
    )
    line = rc.show(engine, cid, "BANK", march.no).lines[5]
    assert [(a.entry_no, a.amount, a.status) for a in line.applied] == [
        (march.twins[1].entry_no, D("312.50"), "manual")
    ]
    assert line.difference == D("0.00") and line.status == "manual" and not line.review
    with pytest.raises(ValidationError, match="one account only"):
        rc.apply_manually(
            engine, cid, "BANK", march.no, L6, account_type="customer", account_no="10000"
        )
    with pytest.raises(ValidationError, match="applied in full"):
        rc.apply_manually(
            engine, cid, "BANK", march.no, L6, account_type="customer", account_no="20000"
        )
    # An entry another line pays in full cannot be applied again.
    with pytest.raises(ValidationError, match="in full by other statement lines"):
        rc.apply_manually(
            engine,
            cid,
            "BANK",
            march.no,
            L4,
            account_type="customer",
            account_no="20000",
            entry_no=march.lump[0].entry_no,
        )

    # The 100.00 line 4 paid too much is a fee the customer owes: transfer it to the G/L.
    rc.transfer_difference(
        engine, cid, "BANK", march.no, L4, account_type="gl", account_no="3950", user="tester"
    )
    line = rc.show(engine, cid, "BANK", march.no).lines[3]
    assert [(a.account_type, a.account_no, a.amount) for a in line.applied] == [
        ("customer", "20000", D("500.00")),
        ("gl", "3950", D("100.00")),
    ]
    assert line.difference == D("0.00")
    with pytest.raises(ValidationError, match="no difference"):
        rc.transfer_difference(
            engine, cid, "BANK", march.no, L4, account_type="gl", account_no="3950"
        )

    summary = rc.post(engine, cid, "BANK", march.no, user="tester")
    assert summary.lines_posted == 6
    assert books.entry(DocumentType.INVOICE, march.twins[1].document_no).open is False
    assert books.entry(DocumentType.INVOICE, march.twins[0].document_no).open is True
    assert balance(books, m.CustomerLedgerEntryRow, "20000") == D("312.50")
    assert books.gl_balance("3950") == D("-100.00")
    assert bank_entries(books)["BANK-1-40000"].amount == D("600.00")
    check_invariants(engine, cid)


def test_a_line_applied_to_a_gl_account_by_hand_teaches_a_mapping(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    no = import_statement(books, ntry("-99.00", text="Renter kassakreditt mars"))
    rc.apply_automatically(engine, cid, "BANK", no)
    assert rc.show(engine, cid, "BANK", no).lines[0].applied == []
    gl = rc.candidates(engine, cid, "BANK", no, L1, account_type="gl", search="kortgebyr")
    assert [(c.account_no, c.suggested_amount) for c in gl] == [("7770", D("-99.00"))]
    rc.apply_manually(engine, cid, "BANK", no, L1, account_type="gl", account_no="7770")
    learned = rc.list_mappings(engine, cid)
    assert [(x.text, x.account_type, x.credit_account_no, x.learned) for x in learned] == [
        ("Renter kassakreditt mars", "gl", "7770", True)
    ]
    # the next statement's interest line is mapped
    later = import_statement(
        books, ntry("-12.00", text="Renter kassakreditt mars"), opening="-99.00", sid="M2", seq="2"
    )
    rc.apply_automatically(engine, cid, "BANK", later)
    line = rc.show(engine, cid, "BANK", later).lines[0]
    assert [(a.account_no, a.amount, a.confidence) for a in line.applied] == [
        ("7770", D("-12.00"), "high")
    ]
    rc.post(engine, cid, "BANK", no, reconcile=True)
    rc.post(engine, cid, "BANK", later, reconcile=True)
    assert books.gl_balance("7770") == D("111.00")
    assert bank_account(books) == (str(later), D("-111.00"))
    check_invariants(engine, cid)


def test_a_statement_line_is_never_posted_twice(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    entry = invoice(books, "10000", "1000.00")
    no = import_statement(books, ntry("1250.00", kid=entry.payment_reference))
    rc.apply_automatically(engine, cid, "BANK", no)
    rc.post(engine, cid, "BANK", no)
    with pytest.raises(ConflictError, match="is posted"):
        rc.post(engine, cid, "BANK", no)
    with pytest.raises(ConflictError, match="is posted"):
        rc.apply_automatically(engine, cid, "BANK", no)
    with pytest.raises(ConflictError, match="is posted"):
        rc.remove(engine, cid, "BANK", no, L1)
    # The database itself refuses a second posting of the line, whatever journal tried it.
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(posted_again(cid, no, L1))
        with pytest.raises(IntegrityError):
            uow.session.flush()
    assert len(bank_entries(books)) == 1
    check_invariants(engine, cid)


def test_ocr_lump_sums_are_skipped_and_reconcile_needs_their_match(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    entry = invoice(books, "10000", "1000.00")
    no = import_statement(
        books,
        ntry("1250.00", name="Fjordkraft Handel AS", kid=entry.payment_reference, ref="K1"),
        ntry("400.00", text="Sumpost OCR 2 betalinger", ref="O1"),
    )
    with UnitOfWork(engine, write=True) as uow:
        line = uow.session.get(m.BankStatementLine, (cid, "BANK", no, L2))
        assert line is not None
        line.detail_kind = "ocr"
        line.detail_import_no = 7
        uow.commit()
    summary = rc.apply_automatically(engine, cid, "BANK", no)
    assert (summary.lines, summary.applied) == (1, 1)
    ocr_line = rc.show(engine, cid, "BANK", no).lines[1]
    assert ocr_line.posted and ocr_line.applied == [] and ocr_line.difference == D("0.00")
    assert ocr_line.notes == ["Not applied here: posted by OCR import 7"]
    with pytest.raises(ValidationError, match="posted by OCR import 7"):
        rc.apply_manually(engine, cid, "BANK", no, L2, account_type="gl", account_no="7770")
    with pytest.raises(PostingError) as refused:
        rc.post(engine, cid, "BANK", no, reconcile=True)
    assert refused.value.problems == [
        "line 20000 was posted by OCR import 7; match it to its bank ledger entry first: "
        f"reskontro bankrec match-auto BANK {no}"
    ]
    assert count(books, m.RegisterRow) == 1  # the invoice only

    # The OCR journal's lump sum reaches the bank account; bank reconciliation matches it.
    books.pay("400.00", date(2026, 3, 19), customer="20000", document_no="OCR000001")
    lump = bank_entries(books)["OCR000001"]
    bankrec.match_manually(engine, cid, "BANK", no, [L2], [lump.entry_no])
    summary_post = rc.post(engine, cid, "BANK", no, reconcile=True, user="tester")
    assert summary_post.lines_posted == 1 and summary_post.reconciled
    entries = bank_entries(books)
    assert not entries["OCR000001"].open and not entries["BANK-1-10000"].open
    assert bank_account(books) == (str(no), D("1650.00"))
    check_invariants(engine, cid)


def test_a_vendor_invoice_is_paid_and_two_lines_may_pay_one_invoice(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    add_line(
        engine,
        cid,
        "GENERAL",
        "DEFAULT",
        JournalLineInput(
            account_type=AccountType.VENDOR,
            account_no="30000",
            amount=D("-800.00"),
            posting_date=date(2026, 3, 1),
            document_type=DocumentType.INVOICE,
            document_no="IN-0001",
            external_document_no="V-55120",
            bal_account_type=AccountType.GL,
            bal_account_no="7770",
        ),
    )
    post_batch(engine, cid, "GENERAL", "DEFAULT")
    entry = invoice(books, "10000", "1000.00")
    no = import_statement(
        books,
        ntry("-800.00", name="Kontorrekvisita Vest AS", text="Faktura V-55120"),
        ntry("500.00", name="Fjordkraft Handel AS", text=f"Delbetaling {entry.document_no}"),
        ntry("750.00", name="Fjordkraft Handel AS", text=f"Rest {entry.document_no}"),
    )
    rc.apply_automatically(engine, cid, "BANK", no)
    view = rc.show(engine, cid, "BANK", no)
    assert [(a.account_type, a.account_no, a.amount) for a in view.lines[0].applied] == [
        ("vendor", "30000", D("-800.00"))
    ]
    for line in view.lines[1:]:
        if line.applied:
            rc.remove(engine, cid, "BANK", no, line.line_no)
    # By hand: each line pays part of the one invoice, the second what is left of it.
    for line_no, part in ((L2, "500.00"), (L3, "750.00")):
        rc.apply_manually(
            engine,
            cid,
            "BANK",
            no,
            line_no,
            account_type="customer",
            account_no="10000",
            entry_no=entry.entry_no,
        )
        line = rc.show(engine, cid, "BANK", no).lines[line_no // 10000 - 1]
        assert [a.amount for a in line.applied] == [D(part)]
    rc.post(engine, cid, "BANK", no, reconcile=True)
    with UnitOfWork(engine) as uow:
        vendor_entries = uow.session.scalars(
            select(m.VendorLedgerEntryRow).where(m.VendorLedgerEntryRow.company_id == cid)
        ).all()
        kinds = sorted((v.document_type, v.open) for v in vendor_entries)
    assert kinds == [(DocumentType.INVOICE, False), (DocumentType.PAYMENT, False)]
    assert balance(books, m.VendorLedgerEntryRow, "30000") == D("0.00")
    assert books.entry(DocumentType.INVOICE, entry.document_no).open is False
    assert balance(books, m.CustomerLedgerEntryRow, "10000") == D("0.00")
    check_invariants(engine, cid)


def test_rules_mappings_tolerance_and_statement_names(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    rules = rc.list_rules(engine, cid)
    assert len(rules) == DEFAULTS and rules[0].score == 4000 and rules[0].structured_reference
    rc.save_rule(
        engine,
        cid,
        confidence="low",
        priority=6,
        party="partially",
        document="no",
        amount="one",
        review_required=True,
    )
    assert [(r.confidence, r.priority) for r in rc.list_rules(engine, cid)][-1] == ("low", 6)
    rc.delete_rule(engine, cid, confidence="high", priority=0)
    assert len(rc.list_rules(engine, cid)) == DEFAULTS
    with pytest.raises(NotFoundError):
        rc.delete_rule(engine, cid, confidence="high", priority=0)
    with pytest.raises(ValidationError, match="rule party 'maybe'"):
        rc.save_rule(
            engine, cid, confidence="high", priority=1, party="maybe", document="no",
            amount="one", review_required=False,
        )  # fmt: skip
    rc.reset_rules(engine, cid)
    assert len(rc.list_rules(engine, cid)) == DEFAULTS

    with pytest.raises(ValidationError, match="debit account"):
        rc.add_mapping(engine, cid, text="Renter", account_type="gl")
    with pytest.raises(NotFoundError, match="customer 99999"):
        rc.add_mapping(engine, cid, text="Kari", account_type="customer", account_no="99999")
    number = rc.add_mapping(engine, cid, text="Kari", account_type="customer", account_no="10000")
    rc.delete_mapping(engine, cid, number)
    assert rc.list_mappings(engine, cid) == []

    assert rc.set_match_tolerance(engine, cid, "BANK", "2 %") == "2%"
    assert rc.get_match_tolerance(engine, cid, "BANK") == "2%"
    assert rc.set_match_tolerance(engine, cid, "BANK", "5") == "5.00"
    with pytest.raises(ValidationError, match="from 0 to 99"):
        rc.set_match_tolerance(engine, cid, "BANK", "120%")

    no = import_statement(books, ntry("10.00", text="x"))
    assert rc.resolve_statement(engine, cid, "BANK/1") == ("BANK", no)
    assert rc.resolve_statement(engine, cid, "1") == ("BANK", no)
    with pytest.raises(NotFoundError, match="no imported statement 4"):
        rc.resolve_statement(engine, cid, "4")
    with pytest.raises(ValidationError, match="BANK/NO"):
        rc.resolve_statement(engine, cid, "BANK/x")


def test_a_line_moved_to_a_journal_by_bank_reconciliation_is_not_applied_again(
    books: Books,
) -> None:
    engine, cid = books.engine, books.company_id
    no = import_statement(books, ntry("-45.00", text="Gebyr mars"), ntry("10.00", text="Renter"))
    bankrec.transfer_to_journal(engine, cid, "BANK", no, L1, "7770")
    rc.apply_automatically(engine, cid, "BANK", no)
    fee = rc.show(engine, cid, "BANK", no).lines[0]
    assert fee.posted and fee.applied == []
    assert fee.notes == ["Not applied here: moved to journal GENERAL/DEFAULT as document GJ000001; "
                         "post it there"]  # fmt: skip
    with pytest.raises(ValidationError, match="moved to journal GENERAL/DEFAULT"):
        rc.transfer_difference(engine, cid, "BANK", no, L1, account_type="gl", account_no="7770")


def test_apply_automatically_reads_with_a_fixed_number_of_queries(books: Books) -> None:
    """Loading is set-based: ten times the lines, not one query more."""
    engine, cid = books.engine, books.company_id
    invoices = [invoice(books, "10000" if i % 2 else "20000", f"{100 + i}.00") for i in range(30)]

    def statement(entries: list[m.CustomerLedgerEntryRow], sid: str, seq: str, opening: str) -> int:
        lines = [ntry(str(e.amount), kid=e.payment_reference) for e in entries]
        return import_statement(books, *lines, opening=opening, sid=sid, seq=seq)

    small = statement(invoices[:3], "S1", "1", "0.00")
    opening = str(sum((e.amount for e in invoices[:3]), D("0.00")))
    large = statement(invoices[3:], "S2", "2", opening)
    statements: list[str] = []

    def note(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", note)
    try:
        rc.apply_automatically(engine, cid, "BANK", small)
        queries_small = len(statements)
        statements.clear()
        summary = rc.apply_automatically(engine, cid, "BANK", large)
        queries_large = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert summary.lines == 27 and summary.high == 27
    assert queries_large == queries_small


@pytest.mark.parametrize(
    "module", [reconcile_post, reconcile_rows, reconcile_setup], ids=lambda m: m.__name__
)
def test_the_docstring_examples_hold(module: ModuleType) -> None:
    """Document nos. of the payments, names of a batch line's payments and match tolerances as
    written (docstring examples)."""
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
