"""Batch lines linked to the files that itemise them (OCR giro, camt.054, the statement's own
transaction details), and camt.052 reports superseded by the final statement."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select

from reskontro.domain.errors import ImportRefused
from reskontro.services.masterdata import update_bank_account
from reskontro.services.ocr import import_ocr, update_ocr_setup
from reskontro.services.statements import (
    StatementImportResult,
    get_statement,
    import_statements,
    list_statements,
)
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.integration.ledger_fixtures import Books, make_books
from tests.integration.test_ocr_import import invoice, ocr_file
from tests.unit.camt_generator import Ntry, Ref, Stmt, Tx, camt_bytes

D = Decimal
IBAN = "NO9386011117947"
DAY = date(2026, 3, 20)  # a Friday: the OCR files' Nets settlement date


@pytest.fixture
def books(engine: Engine) -> Books:
    books = make_books(engine)
    update_bank_account(engine, books.company_id, "BANK", {"iban": IBAN})
    update_ocr_setup(engine, books.company_id, "BANK", agreement_id="001008566")
    return books


def batch(amount: str, day: date, *, count: int = 2, ref: str | None = None, **kw: object) -> Ntry:
    return Ntry(
        D(amount),
        booking_date=day,
        value_date=day,
        bank_reference=ref,
        batch_count=count,
        additional="Sumpost OCR",
        **kw,  # type: ignore[arg-type]
    )


def single(amount: str, day: date, ref: str | None = None, name: str = "Kari") -> Ntry:
    return Ntry(
        D(amount),
        credit=D(amount) > 0,
        booking_date=day,
        value_date=day,
        bank_reference=ref,
        transactions=(Tx(name=name, unstructured=("Faktura",)),),
    )


def stmt(entries: tuple[Ntry, ...], sid: str = "S1", seq: str = "1", opening: str = "0") -> Stmt:
    booked = sum((e.amount if e.credit else -e.amount for e in entries), D(0))
    return Stmt(
        id=sid,
        sequence=seq,
        account=IBAN,
        opening=D(opening),
        closing=D(opening) + booked,
        entries=entries,
    )


def load(books: Books, data: bytes, name: str) -> StatementImportResult:
    return import_statements(books.engine, books.company_id, data, name, bank_account_no="BANK")


def counts(books: Books) -> tuple[int, int, int]:
    with UnitOfWork(books.engine) as uow:
        return tuple(  # type: ignore[return-value]
            uow.session.scalar(
                select(func.count()).select_from(t).where(t.company_id == books.company_id)
            )
            or 0
            for t in (m.BankStatement, m.BankStatementLine, m.BankStatementDetail)
        )


# -- OCR giro ------------------------------------------------------------------------------------


def two_payments(books: Books, lumps: list[int] | None = None) -> tuple[bytes, D, list[str]]:
    first, second = invoice(books, "10000", "1000.00"), invoice(books, "20000", "200.00")
    payments = [(first[1], str(first[2])), (second[1], str(second[2]))]
    return ocr_file(payments, day=DAY, lumps=lumps), first[2] + second[2], [first[1], second[1]]


def test_an_ocr_file_first_then_the_statement_links_its_sumpost_line(books: Books) -> None:
    data, total, kids = two_payments(books)
    ocr = import_ocr(books.engine, books.company_id, data, "ocr.txt")
    assert ocr.linked == []
    monday = DAY + timedelta(days=3)
    result = load(books, camt_bytes([stmt((batch(str(total), monday),))]), "s.xml")
    assert [(lk.line_no, lk.detail_kind, lk.detail_import_no) for lk in result.linked] == [
        (10000, "ocr", ocr.import_no)
    ]
    assert "settlement date within 3 days" in result.linked[0].matched_by
    assert not any("not linked" in w for w in result.warnings)
    line = get_statement(books.engine, books.company_id, "BANK", 1).lines[0]
    assert (line.detail_kind, line.detail_import_no, line.detail_note) == ("ocr", ocr.import_no, "")
    assert [d.references for d in line.details] == [[kids[0]], [kids[1]]]
    assert sum(d.amount for d in line.details) == line.amount == total
    assert all(d.booking_date == DAY and "OCR payment" in d.text for d in line.details)
    # the money is the line's once: one statement line, its balance as the bank gave it
    assert counts(books)[:2] == (1, 1)
    assert list_statements(books.engine, books.company_id, "BANK")[0].closing_balance == total


def test_the_statement_first_then_the_ocr_file_links_on_import(books: Books) -> None:
    data, total, _ = two_payments(books)
    result = load(books, camt_bytes([stmt((batch(str(total), DAY),))]), "s.xml")
    assert result.linked == []
    assert any("batch line" in w and "not linked" in w for w in result.warnings)
    ocr = import_ocr(books.engine, books.company_id, data, "ocr.txt")
    assert [(lk.statement_no, lk.line_no, lk.details) for lk in ocr.linked] == [(1, 10000, 2)]
    line = get_statement(books.engine, books.company_id, "BANK", 1).lines[0]
    assert line.detail_kind == "ocr" and len(line.details) == 2


def test_an_assignment_of_two_lump_sums_links_to_one_line_of_their_total(books: Books) -> None:
    data, total, _ = two_payments(books, lumps=[1, 2])
    import_ocr(books.engine, books.company_id, data, "ocr.txt")
    result = load(books, camt_bytes([stmt((batch(str(total), DAY),))]), "s.xml")
    assert len(result.linked) == 1 and "group of 2" in result.linked[0].matched_by
    assert len(get_statement(books.engine, books.company_id, "BANK", 1).lines[0].details) == 2


def test_an_ocr_file_too_far_from_the_booking_date_is_not_linked(books: Books) -> None:
    data, total, _ = two_payments(books)
    import_ocr(books.engine, books.company_id, data, "ocr.txt")
    late = DAY + timedelta(days=4)
    result = load(books, camt_bytes([stmt((batch(str(total), late),))]), "s.xml")
    assert result.linked == [] and result.waiting == 1
    line = get_statement(books.engine, books.company_id, "BANK", 1).lines[0]
    assert (line.detail_kind, line.details) == ("", [])


def test_two_equally_likely_lump_sums_leave_the_line_unlinked(books: Books) -> None:
    first, second = invoice(books, "10000", "500.00"), invoice(books, "20000", "500.00")
    data = ocr_file([(first[1], "500.00"), (second[1], "500.00")], day=DAY, lumps=[1, 2])
    import_ocr(books.engine, books.company_id, data, "ocr.txt")
    result = load(books, camt_bytes([stmt((batch("500.00", DAY, count=1),))]), "s.xml")
    assert result.linked == []
    assert any("equally likely" in w for w in result.warnings)


def test_a_plain_payment_of_the_same_amount_is_never_linked(books: Books) -> None:
    data, total, _ = two_payments(books)
    import_ocr(books.engine, books.company_id, data, "ocr.txt")
    result = load(books, camt_bytes([stmt((single(str(total), DAY),))]), "s.xml")
    assert result.linked == [] and result.waiting == 1


# -- camt.054 ----------------------------------------------------------------------------------


def notification(entries: tuple[Ntry, ...], nid: str = "N1") -> bytes:
    return camt_bytes([Stmt(id=nid, sequence=None, account=IBAN, entries=entries)], kind="054")


def kid_payments(*amounts: str) -> tuple[Tx, ...]:
    return tuple(
        Tx(amount=D(a), name=f"Payer {i}", references=(Ref(f"00{i}123456789"),))
        for i, a in enumerate(amounts, start=1)
    )


def test_a_camt054_after_the_statement_links_by_bank_reference(books: Books) -> None:
    load(books, camt_bytes([stmt((batch("1500.00", DAY, ref="B-77"),))]), "s.xml")
    before = counts(books)
    details = batch("1500.00", DAY, ref="B-77", transactions=kid_payments("1000.00", "500.00"))
    result = load(books, notification((details,)), "n.xml")
    assert result.statements == [] and result.notifications == 1 and result.waiting == 0
    assert [(lk.detail_kind, lk.details) for lk in result.linked] == [("camt.054", 2)]
    assert result.linked[0].matched_by.endswith("by bank reference B-77")
    assert counts(books)[:2] == before[:2]  # no statement, no line added
    line = get_statement(books.engine, books.company_id, "BANK", 1).lines[0]
    assert line.detail_kind == "camt.054" and line.detail_import_no == result.import_no
    assert [(d.amount, d.counterparty_name, d.references) for d in line.details] == [
        (D("1000.00"), "Payer 1", ["001123456789"]),
        (D("500.00"), "Payer 2", ["002123456789"]),
    ]
    with pytest.raises(ImportRefused, match="was imported before"):
        load(books, notification((details,)), "n.xml")
    with pytest.raises(ImportRefused, match="holds money imported before"):
        load(books, notification((details,), nid="N1") + b"\n", "again.xml")


def test_a_camt054_first_is_kept_and_linked_when_the_statement_comes(books: Books) -> None:
    details = batch("300.00", DAY, batch_id="PMT-9", transactions=kid_payments("100.00", "200.00"))
    kept = load(books, notification((details,)), "n.xml")
    assert kept.linked == [] and kept.waiting == 1
    assert any("no statement line yet" in w for w in kept.warnings)
    assert counts(books) == (0, 0, 0)
    result = load(books, camt_bytes([stmt((batch("300.00", DAY, batch_id="PMT-9"),))]), "s.xml")
    assert [lk.matched_by for lk in result.linked] == [
        f"camt.054 import {kept.import_no} (group of 1), by batch id PMT-9"
    ]
    assert result.waiting == 0 and counts(books) == (1, 1, 2)


def test_a_camt054_notification_total_links_by_date_and_amount(books: Books) -> None:
    load(books, camt_bytes([stmt((batch("700.00", DAY, count=3),))]), "s.xml")
    entries = (
        single("400.00", DAY, name="Ola"),
        single("300.00", DAY, name="Eva"),
    )
    result = load(books, notification(entries), "n.xml")
    assert [(lk.details, lk.note) for lk in result.linked] == [(2, "")]
    assert "group of 2" in result.linked[0].matched_by
    names = [
        d.counterparty_name
        for d in get_statement(books.engine, books.company_id, "BANK", 1).lines[0].details
    ]
    assert names == ["Ola", "Eva"]


def test_a_camt054_without_booked_entries_is_refused(books: Books) -> None:
    pending = Ntry(D("5.00"), status="PDNG", booking_date=DAY)
    with pytest.raises(ImportRefused, match="no booked entries; nothing was imported"):
        load(books, notification((pending,)), "p.xml")
    assert counts(books) == (0, 0, 0)


# -- the statement's own transaction details ---------------------------------------------------


def test_own_transaction_details_with_amounts_are_the_lines_details(books: Books) -> None:
    exact = batch("1500.00", DAY, transactions=kid_payments("1000.00", "500.00"))
    short = batch("900.00", DAY, transactions=(*kid_payments("400.00"), Tx(name="No amount")))
    result = load(books, camt_bytes([stmt((exact, short))]), "s.xml")
    assert not any("not linked" in w for w in result.warnings)
    first, second = get_statement(books.engine, books.company_id, "BANK", 1).lines
    assert (first.detail_kind, first.detail_import_no) == ("camt.053", result.import_no)
    assert [d.amount for d in first.details] == [D("1000.00"), D("500.00")]
    assert first.detail_note == ""
    # the child without an amount is never given the entry's amount
    assert [d.amount for d in second.details] == [D("400.00"), D("0.00")]
    assert second.detail_note == (
        "1 of 2 details have no amount; the details add up to 400.00, the line is 900.00"
    )


# -- camt.052 superseded by camt.053 ---------------------------------------------------------


def report(entries: tuple[Ntry, ...], rid: str = "R1") -> bytes:
    return camt_bytes(
        [Stmt(id=rid, sequence=None, account=IBAN, opening=None, closing=None, entries=entries)],
        kind="052",
    )


def test_the_statement_supersedes_the_intraday_report(books: Books) -> None:
    intraday = load(
        books, report((single("100.00", DAY, "A1"), single("-40.00", DAY, "A2", "Shop"))), "r.xml"
    )
    assert [(s.status, s.lines) for s in intraday.statements] == [("provisional", 2)]
    final = stmt(
        (
            single("100.00", DAY, "A1"),
            single("-40.00", DAY, "A2", "Shop"),
            single("25.00", DAY, "A3"),
        )
    )
    result = load(books, camt_bytes([final]), "s.xml")
    assert [
        (s.statement_no, s.replaced, s.dropped, s.status, s.superseded_by)
        for s in result.superseded
    ] == [(1, 2, 0, "superseded", 2)]
    rows = {s.statement_no: s for s in list_statements(books.engine, books.company_id, "BANK")}
    assert (rows[1].status, rows[1].superseded_by, rows[1].lines) == ("superseded", 2, 0)
    assert (rows[2].status, rows[2].lines) == ("", 3)
    assert counts(books)[1] == 3  # the money of the day once, in the statement


def test_a_report_line_the_statement_lacks_is_dropped_with_the_report(books: Books) -> None:
    load(books, report((single("100.00", DAY, "A1"), single("60.00", DAY, "X9"))), "r.xml")
    result = load(books, camt_bytes([stmt((single("100.00", DAY, "A1"),))]), "s.xml")
    assert [(s.replaced, s.dropped) for s in result.superseded] == [(1, 1)]
    assert counts(books)[1] == 1


def test_a_report_after_its_statement_adds_nothing(books: Books) -> None:
    load(books, camt_bytes([stmt((single("100.00", DAY, "A1"),))]), "s.xml")
    late = load(books, report((single("100.00", DAY, "A1"),)), "r.xml")
    assert [(s.status, s.lines) for s in late.statements] == [("superseded", 0)]
    assert any("imported before (import 1) left out" in w for w in late.warnings)
    rows = list_statements(books.engine, books.company_id, "BANK")
    assert [(s.kind, s.status, s.superseded_by) for s in rows] == [
        ("camt.052", "superseded", 1),
        ("camt.053", "", None),
    ]
    assert counts(books)[1] == 1


def test_a_statement_is_refused_while_a_report_line_is_in_use(books: Books) -> None:
    load(books, report((single("100.00", DAY, "A1"),)), "r.xml")
    with UnitOfWork(books.engine, write=True) as uow:
        uow.session.add(
            m.BankRecMatch(
                company_id=books.company_id,
                bank_account_no="BANK",
                statement_no=1,
                line_no=10000,
                bank_entry_no=1,
                match_kind="manual",
            )
        )
        uow.commit()
    before = counts(books)
    with pytest.raises(ImportRefused, match="in use") as refused:
        load(books, camt_bytes([stmt((single("100.00", DAY, "A1"),))]), "s.xml")
    assert refused.value.problems == [
        "camt.052 statement no. 1 (R1), line 10000 (2026-03-20 100.00) is used in a bank "
        "reconciliation"
    ]
    assert counts(books) == before


def test_a_report_batch_line_hands_its_ocr_link_to_the_statement(books: Books) -> None:
    data, total, _ = two_payments(books)
    import_ocr(books.engine, books.company_id, data, "ocr.txt")
    early = load(books, report((batch(str(total), DAY, ref="OCR-1"),)), "r.xml")
    assert [lk.statement_no for lk in early.linked] == [1]
    result = load(books, camt_bytes([stmt((batch(str(total), DAY, ref="OCR-1"),))]), "s.xml")
    assert [(lk.statement_no, lk.detail_kind, lk.details) for lk in result.linked] == [
        (2, "ocr", 2)
    ]
    assert counts(books) == (2, 1, 2)
