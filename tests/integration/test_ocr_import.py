"""Nets OCR giro files into the OCR journal: lines, warnings, lump sums, posting, repeats."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.domain.errors import ImportRefused, NotFoundError, PostingError, ValidationError
from reskontro.domain.kid_setup import KidLayout, KidSetup, make_kid
from reskontro.formats.ocr_giro import Assignment, Transaction, Transmission, write
from reskontro.formats.ocr_giro_records import TransactionType
from reskontro.services.journals import list_lines, update_line
from reskontro.services.ocr import get_ocr_setup, import_ocr, update_ocr_setup
from reskontro.services.posting import batch_test_report, post_batch
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.integration.ledger_fixtures import Books, make_books
from tests.invariants import check_invariants

D = Decimal
DAY = date(2026, 3, 20)
SAMPLES = Path("/work/shared/data/ocr")


def ocr_file(
    payments: list[tuple[str | None, str]],
    *,
    day: date = DAY,
    lumps: list[int] | None = None,
    number: str = "0000001",
    types: list[TransactionType] | None = None,
) -> bytes:
    """A valid OCR giro file: one assignment, a payment per (KID, amount); *lumps* gives each
    payment's partial settlement no. (its lump sum)."""
    transactions = []
    for i, (kid, amount) in enumerate(payments):
        kind = types[i] if types else TransactionType.GIRO_DEBITED_ACCOUNT
        value = D(amount)
        transactions.append(
            Transaction(
                number=i + 1,
                type=kind,
                nets_date=day,
                amount=value,
                kid=kid,
                sign="-" if value < 0 and not kind.is_reversal else "0",
                centre_id="13",
                day_code=day.day,
                partial_settlement_no=lumps[i] if lumps else 1,
                partial_settlement_serial=f"{i + 1:05d}",
                form_no="0000000000",
                reference="000000000",
                bank_date=None,
                debit_account=None,
            )
        )
    assignment = Assignment(number, "001008566", "99991042764", day, tuple(transactions))
    return write(Transmission(number, "00008080", "00010200", day, (assignment,)))


@pytest.fixture
def books(engine: Engine) -> Books:
    books = make_books(engine)
    update_ocr_setup(engine, books.company_id, "BANK", agreement_id="001008566")
    return books


def invoice(books: Books, customer: str = "10000", net: str = "1000.00") -> tuple[str, str, D]:
    """Post an invoice; its number, KID and amount."""
    no = books.invoice(customer, net)
    entry = books.entry(DocumentType.INVOICE, no)
    assert entry.payment_reference
    return no, entry.payment_reference, entry.amount


def customer_balance(books: Books, customer: str) -> D:
    with UnitOfWork(books.engine) as uow:
        total = uow.session.scalar(
            select(func.coalesce(func.sum(m.CustomerLedgerEntryRow.remaining_amount), 0)).where(
                m.CustomerLedgerEntryRow.company_id == books.company_id,
                m.CustomerLedgerEntryRow.party_no == customer,
            )
        )
    return D(total).quantize(D("0.01"))


def bank_entries(books: Books) -> list[tuple[str, D]]:
    with UnitOfWork(books.engine) as uow:
        rows = uow.session.execute(
            select(m.BankLedgerEntryRow.document_no, m.BankLedgerEntryRow.amount)
            .where(m.BankLedgerEntryRow.company_id == books.company_id)
            .order_by(m.BankLedgerEntryRow.entry_no)
        )
        return [(no, D(amount)) for no, amount in rows]


def test_the_ocr_journal_and_setup_are_made_on_first_use(books: Books) -> None:
    setup = get_ocr_setup(books.engine, books.company_id, "BANK")
    assert setup.stored and (setup.journal_template, setup.journal_batch) == ("OCR", "DEFAULT")
    with UnitOfWork(books.engine) as uow:
        template = uow.session.get(m.JournalTemplate, (books.company_id, "OCR"))
        assert template is not None and template.force_doc_balance is False
        assert template.number_series == "OCR"
    with pytest.raises(NotFoundError):
        update_ocr_setup(books.engine, books.company_id, "BANK", divergence_account="0000")
    with pytest.raises(ValidationError, match="divergence account"):
        update_ocr_setup(books.engine, books.company_id, "BANK", max_divergence=D("1.00"))
    with pytest.raises(ValidationError, match="suspense customer"):
        update_ocr_setup(books.engine, books.company_id, "BANK", unknown_kid="suspense")
    with pytest.raises(NotFoundError):
        get_ocr_setup(books.engine, books.company_id, "NOBANK")


def test_exact_payments_close_the_invoices_one_bank_entry_per_lump_sum(books: Books) -> None:
    first = invoice(books, "10000", "1000.00")
    second = invoice(books, "20000", "200.00")
    third = invoice(books, "20000", "80.00")
    data = ocr_file(
        [(k, str(a)) for _, k, a in (first, second, third)],
        lumps=[1, 1, 2],
    )
    result = import_ocr(books.engine, books.company_id, data, "ocr-1.txt")
    assert (result.template, result.batch, result.payments) == ("OCR", "DEFAULT", 3)
    assert result.lines == 5 and result.warnings == [] and result.file_warnings == []
    lines = list_lines(books.engine, books.company_id, "OCR", "DEFAULT")
    assert [line.document_no for line in lines] == ["OCR000001"] * 3 + ["OCR000002"] * 2
    assert lines[0].applies_to_doc_no == first[0] and lines[0].payment_reference == first[1]
    with UnitOfWork(books.engine) as uow:
        row = uow.session.get(m.JournalLine, (books.company_id, "OCR", "DEFAULT", lines[0].line_no))
        assert row is not None and row.source_file == "ocr-1.txt"
        assert "assignment 0000001, transaction 1, line 3" in row.source_line
    assert lines[2].account_type is AccountType.BANK
    assert lines[2].description.startswith("OCR lump sum 13201")
    report = batch_test_report(books.engine, books.company_id, "OCR", "DEFAULT")
    assert report.ok, report.problems
    post_batch(books.engine, books.company_id, "OCR", "DEFAULT")
    for no, _, _ in (first, second, third):
        assert books.entry(DocumentType.INVOICE, no).open is False
    assert bank_entries(books) == [
        ("OCR000001", first[2] + second[2]),
        ("OCR000002", third[2]),
    ]
    assert customer_balance(books, "10000") == 0 and customer_balance(books, "20000") == 0
    check_invariants(books.engine, books.company_id)


def test_a_partial_payment_leaves_the_rest_open_with_a_warning(books: Books) -> None:
    no, kid, amount = invoice(books)
    result = import_ocr(books.engine, books.company_id, ocr_file([(kid, "500.00")]), "p.txt")
    assert len(result.warnings) == 1
    assert "paid 500.00, but the remaining amount" in result.warnings[0]
    assert result.warnings[0].startswith("line 3: ")
    report = batch_test_report(books.engine, books.company_id, "OCR", "DEFAULT")
    assert report.ok and len(report.warnings) == 1
    post_batch(books.engine, books.company_id, "OCR", "DEFAULT")
    entry = books.entry(DocumentType.INVOICE, no)
    assert entry.open and entry.remaining_amount == amount - D("500.00")
    assert customer_balance(books, "10000") == amount - D("500.00")
    check_invariants(books.engine, books.company_id)


def test_a_divergence_within_the_max_closes_the_invoice(books: Books) -> None:
    update_ocr_setup(
        books.engine,
        books.company_id,
        "BANK",
        max_divergence=D("1.00"),
        divergence_account="7740",
    )
    no, kid, amount = invoice(books)
    paid = amount - D("0.50")
    result = import_ocr(books.engine, books.company_id, ocr_file([(kid, str(paid))]), "d.txt")
    assert result.lines == 3 and "max divergence" in result.warnings[0]
    lines = list_lines(books.engine, books.company_id, "OCR", "DEFAULT")
    assert [line.amount for line in lines] == [-amount, D("0.50"), paid]
    post_batch(books.engine, books.company_id, "OCR", "DEFAULT")
    assert books.entry(DocumentType.INVOICE, no).open is False
    assert books.gl_balance("7740") == D("0.50")
    assert bank_entries(books) == [("OCR000001", paid)]
    check_invariants(books.engine, books.company_id)


def test_no_divergence_line_when_the_max_divergence_is_zero(books: Books) -> None:
    _, kid, amount = invoice(books)
    paid = amount - D("0.01")
    result = import_ocr(books.engine, books.company_id, ocr_file([(kid, str(paid))]), "z.txt")
    assert result.lines == 2 and "but the remaining amount" in result.warnings[0]


def test_an_unknown_kid_blocks_posting_until_the_line_is_corrected(books: Books) -> None:
    no, _, amount = invoice(books)
    setup = KidSetup(KidLayout.DOCUMENT_NO, document_no_length=7)
    unknown = make_kid(setup, "999999")
    result = import_ocr(books.engine, books.company_id, ocr_file([(unknown, str(amount))]), "u")
    assert "document no. 999999 of KID" in result.warnings[0]
    lines = list_lines(books.engine, books.company_id, "OCR", "DEFAULT")
    assert lines[0].account_no == "" and lines[0].warnings
    with pytest.raises(PostingError) as refused:
        post_batch(books.engine, books.company_id, "OCR", "DEFAULT")
    assert any("has no account" in p for p in refused.value.problems)
    update_line(
        books.engine,
        books.company_id,
        "OCR",
        "DEFAULT",
        lines[0].line_no,
        {
            "account_type": AccountType.CUSTOMER,
            "account_no": "10000",
            "applies_to_doc_type": DocumentType.INVOICE,
            "applies_to_doc_no": no,
        },
    )
    post_batch(books.engine, books.company_id, "OCR", "DEFAULT")
    assert books.entry(DocumentType.INVOICE, no).open is False
    check_invariants(books.engine, books.company_id)


def test_unknown_kids_can_go_to_a_suspense_customer(books: Books) -> None:
    update_ocr_setup(
        books.engine,
        books.company_id,
        "BANK",
        unknown_kid="suspense",
        suspense_customer_no="20000",
    )
    result = import_ocr(books.engine, books.company_id, ocr_file([(None, "75.00")]), "s.txt")
    assert "suspense customer 20000" in result.warnings[-1]
    post_batch(books.engine, books.company_id, "OCR", "DEFAULT")
    assert customer_balance(books, "20000") == D("-75.00")


def test_a_wrong_check_digit_is_a_warning(books: Books) -> None:
    _, kid, amount = invoice(books)
    wrong = kid[:-1] + str((int(kid[-1]) + 1) % 10)
    result = import_ocr(books.engine, books.company_id, ocr_file([(wrong, str(amount))]), "w")
    assert result.warnings == [
        f"line 3: KID {wrong} has a wrong check digit; no invoice carries it"
    ]


def test_the_kid_document_part_finds_an_invoice_with_another_stored_kid(books: Books) -> None:
    no, kid, amount = invoice(books)
    with UnitOfWork(books.engine, write=True) as uow:
        entry = uow.session.scalars(
            select(m.CustomerLedgerEntryRow).where(
                m.CustomerLedgerEntryRow.company_id == books.company_id,
                m.CustomerLedgerEntryRow.payment_reference == kid,
            )
        ).one()
        entry.payment_reference = ""
        uow.commit()
    result = import_ocr(books.engine, books.company_id, ocr_file([(kid, str(amount))]), "k")
    assert result.warnings == []
    post_batch(books.engine, books.company_id, "OCR", "DEFAULT")
    assert books.entry(DocumentType.INVOICE, no).open is False


def test_reversals_and_minus_signs_become_refunds(books: Books) -> None:
    _, kid, amount = invoice(books)
    data = ocr_file(
        [(kid, str(amount)), (kid, "-100.00"), (None, "-20.00")],
        types=[
            TransactionType.GIRO_DEBITED_ACCOUNT,
            TransactionType.BUSINESS_TERMINAL_GIRO,
            TransactionType.REVERSAL_WITH_TEXT,
        ],
    )
    result = import_ocr(books.engine, books.company_id, data, "r.txt")
    assert any("a negative amount (sign -) of 100.00" in w for w in result.warnings)
    assert any("a reversal of 20.00" in w for w in result.warnings)
    lines = list_lines(books.engine, books.company_id, "OCR", "DEFAULT")
    assert lines[1].document_type is DocumentType.REFUND and lines[1].amount == D("100.00")
    assert lines[-1].amount == amount - D("120.00")


def test_the_same_file_or_the_same_payments_again_are_refused(books: Books) -> None:
    _, kid, amount = invoice(books)
    data = ocr_file([(kid, str(amount))])
    first = import_ocr(books.engine, books.company_id, data, "ocr.txt")
    with pytest.raises(ImportRefused, match=rf"as import {first.import_no} \(ocr.txt"):
        import_ocr(books.engine, books.company_id, data, "ocr.txt")
    again = data.replace(b"\n", b"\r\n")
    with pytest.raises(ImportRefused, match=rf"in import {first.import_no} \(ocr.txt"):
        import_ocr(books.engine, books.company_id, again, "renamed.txt")
    assert len(list_lines(books.engine, books.company_id, "OCR", "DEFAULT")) == 2


def test_a_file_that_cannot_be_read_is_refused_with_the_reason(books: Books) -> None:
    with pytest.raises(ImportRefused, match="was not imported"):
        import_ocr(books.engine, books.company_id, b"NY0000\n", "bad.txt")


def test_without_ocr_setup_the_import_says_how_to_set_it_up(engine: Engine) -> None:
    books = make_books(engine)
    with pytest.raises(ImportRefused, match="reskontro setup ocr BANK"):
        import_ocr(engine, books.company_id, ocr_file([(None, "1.00")]), "x.txt")


@pytest.mark.parametrize("name", ["netsgiro_ocr_giro_transactions.txt", "java-netsgiro_ocr3.txt"])
def test_the_sample_files_import_with_warnings(books: Books, name: str) -> None:
    data = (SAMPLES / name).read_bytes()
    result = import_ocr(books.engine, books.company_id, data, name, bank_account_no="BANK")
    assert result.payments > 0 and result.warnings
    lines = list_lines(books.engine, books.company_id, "OCR", "DEFAULT")
    assert len(lines) == result.lines
    assert sum((line.amount for line in lines), D("0")) == 0
    report = batch_test_report(books.engine, books.company_id, "OCR", "DEFAULT")
    assert any("has no account" in str(p) for p in report.problems)
