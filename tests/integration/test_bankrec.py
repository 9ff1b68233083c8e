"""Bank account reconciliation on both databases: match, change, post, undo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from reskontro.domain.errors import ConflictError, PostingError, ValidationError
from reskontro.services.bankrec import (
    match_automatically,
    match_manually,
    post,
    remove_match,
    show,
    transfer_to_journal,
    undo,
)
from reskontro.services.masterdata import update_bank_account
from reskontro.services.posting import post_batch
from reskontro.services.statements import import_statements
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.integration.ledger_fixtures import Books, make_books
from tests.invariants import assert_unchanged, check_invariants, snapshot
from tests.unit.camt_generator import Ntry, Stmt, Tx, camt_bytes

IBAN = "NO9386011117947"
D = Decimal
L1, L2, L3, L4 = 10000, 20000, 30000, 40000  # the statement's line nos.


def ntry(amount: str, day: date, text: str, ref: str) -> Ntry:
    return Ntry(
        abs(D(amount)),
        credit=D(amount) > 0,
        booking_date=day,
        value_date=day,
        bank_reference=ref,
        transactions=(Tx(name="Betaler", unstructured=(text,)),),
    )


def stmt(entries: tuple[Ntry, ...], *, sid: str, seq: str, opening: str = "0.00") -> Stmt:
    total = sum((e.amount if e.credit else -e.amount for e in entries), D(0))
    return Stmt(
        id=sid,
        sequence=seq,
        account=IBAN,
        opening=D(opening),
        closing=D(opening) + total,
        entries=entries,
    )


def entries(books: Books) -> dict[str, m.BankLedgerEntryRow]:
    """The bank ledger entries by document no."""
    with UnitOfWork(books.engine) as uow:
        rows = uow.session.scalars(
            select(m.BankLedgerEntryRow).where(m.BankLedgerEntryRow.company_id == books.company_id)
        ).all()
        for row in rows:
            uow.session.expunge(row)
    return {row.document_no: row for row in rows}


def bank(books: Books) -> tuple[str, Decimal]:
    with UnitOfWork(books.engine) as uow:
        row = uow.session.get(m.BankAccount, (books.company_id, "BANK"))
        assert row is not None
        return row.last_statement_no, row.balance_last_statement


@pytest.fixture
def books(engine: Engine) -> Books:
    books = make_books(engine)
    update_bank_account(engine, books.company_id, "BANK", {"iban": IBAN})
    books.pay("1250.00", date(2026, 3, 2), document_no="CR000001")
    books.pay("400.00", date(2026, 3, 3), customer="20000", document_no="CR000002")
    books.pay("300.00", date(2026, 3, 4), document_no="CR000003")
    books.pay("200.00", date(2026, 3, 4), customer="20000", document_no="CR000004")
    books.pay("400.00", date(2026, 3, 1), document_no="CR000005")
    return books


def import_march(books: Books, *, opening: str = "0.00") -> None:
    lines = (
        ntry("1250.00", date(2026, 3, 4), "Innbetaling CR000001", "B1"),
        ntry("400.00", date(2026, 3, 3), "Nordlys Bygg", "B2"),
        ntry("500.00", date(2026, 3, 5), "Samlet betaling", "B3"),
        ntry("-45.00", date(2026, 3, 5), "Gebyr mars", "B4"),
    )
    data = camt_bytes([stmt(lines, sid="MARS", seq="1", opening=opening)])
    import_statements(books.engine, books.company_id, data, "mars.xml", bank_account_no="BANK")


def test_match_change_transfer_post_and_undo(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    import_march(books)
    by_doc = entries(books)
    before = snapshot(engine, cid)

    assert match_automatically(engine, cid, "BANK", 1, user="tester") == 2
    view = show(engine, cid, "BANK", 1)
    matched = {line.line_no: [e.entry_no for e in line.entries] for line in view.lines}
    assert matched[L1] == [by_doc["CR000001"].entry_no]
    assert matched[L2] == [by_doc["CR000002"].entry_no]  # the same date beats two days apart
    assert view.lines[0].entries[0].explanation == (
        "amount 1 250.00 equal; dates 2 days apart; document no. CR000001 in the text"
    )
    assert view.unmatched_lines == 2
    assert view.difference == D("0.00")

    # The user knows line 2 paid CR000005, not CR000002.
    assert remove_match(engine, cid, "BANK", 1, L2) == [L2]
    match_manually(engine, cid, "BANK", 1, [L2], [by_doc["CR000005"].entry_no])
    # One line, two entries.
    with pytest.raises(ValidationError, match=r"difference of 200\.00"):
        match_manually(engine, cid, "BANK", 1, [L3], [by_doc["CR000003"].entry_no])
    match_manually(
        engine, cid, "BANK", 1, [L3], [by_doc["CR000003"].entry_no, by_doc["CR000004"].entry_no]
    )

    with pytest.raises(PostingError) as refused:
        post(engine, cid, "BANK", 1)
    assert refused.value.problems == ["line 40000: 2026-03-05 -45.00 Gebyr mars"]

    # The fee goes to a journal, is posted, and its bank entry is matched.
    transfer_to_journal(engine, cid, "BANK", 1, L4, "7770")
    with pytest.raises(ConflictError, match="in a journal already"):
        transfer_to_journal(engine, cid, "BANK", 1, L4, "7770")
    post_batch(engine, cid, "GENERAL", "DEFAULT")
    assert match_automatically(engine, cid, "BANK", 1) == 1
    view = show(engine, cid, "BANK", 1)
    assert view.unmatched_lines == 0
    assert [e.entry_no for e in view.outstanding] == [by_doc["CR000002"].entry_no]

    view = post(engine, cid, "BANK", 1, user="tester")
    assert view.status == "posted"
    assert all(line.applied for line in view.lines)
    after = entries(books)
    closed = {doc for doc, row in after.items() if not row.open}
    assert closed == {"CR000001", "CR000003", "CR000004", "CR000005"} | {
        doc for doc in after if doc not in by_doc
    }
    assert {after[doc].statement_no for doc in closed} == {"1"}
    assert after["CR000002"].open and after["CR000002"].statement_no == ""
    assert bank(books) == ("1", D("2105.00"))
    assert_unchanged(before, snapshot(engine, cid))
    check_invariants(engine, cid)

    with pytest.raises(ConflictError, match="is posted"):
        match_automatically(engine, cid, "BANK", 1)

    view = undo(engine, cid, "BANK", 1, user="tester")
    assert view.status == "open"
    assert all(row.open and row.statement_no == "" for row in entries(books).values())
    assert bank(books) == ("", D("0.00"))
    assert view.unmatched_lines == 0  # the matches stay for another try
    with pytest.raises(ValidationError, match="not posted"):
        undo(engine, cid, "BANK", 1)
    post(engine, cid, "BANK", 1)
    assert bank(books) == ("1", D("2105.00"))
    check_invariants(engine, cid)


def test_a_wrong_closing_balance_refuses_posting_and_changes_nothing(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    import_march(books, opening="100.00")  # the bank says 100.00 more than our last statement
    match_automatically(engine, cid, "BANK", 1)
    with pytest.raises(PostingError) as refused:
        post(engine, cid, "BANK", 1)
    message = str(refused.value)
    assert "closes with 2 205.00" in message
    assert "plus its lines 2 105.00 is 2 105.00" in message
    assert bank(books) == ("", D("0.00"))
    assert all(row.open for row in entries(books).values())


def test_statements_are_posted_in_order_and_undone_newest_first(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    first = stmt((ntry("1250.00", date(2026, 3, 2), "CR000001", "X1"),), sid="A", seq="1")
    second = stmt(
        (ntry("300.00", date(2026, 3, 4), "CR000003", "X2"),), sid="B", seq="2", opening="1250.00"
    )
    data = camt_bytes([first, second])
    import_statements(engine, cid, data, "two.xml", bank_account_no="BANK")
    assert match_automatically(engine, cid, "BANK", 2) == 1
    with pytest.raises(PostingError, match="post statement 1 first"):
        post(engine, cid, "BANK", 2)
    assert match_automatically(engine, cid, "BANK", 1) == 1
    post(engine, cid, "BANK", 1)
    post(engine, cid, "BANK", 2)
    assert bank(books) == ("2", D("1550.00"))
    with pytest.raises(ConflictError, match="that is statement 2"):
        undo(engine, cid, "BANK", 1)
    undo(engine, cid, "BANK", 2)
    undo(engine, cid, "BANK", 1)
    assert bank(books) == ("", D("0.00"))
    check_invariants(engine, cid)


def test_manual_matching_refuses_what_is_not_free(books: Books) -> None:
    engine, cid = books.engine, books.company_id
    import_march(books)
    match_automatically(engine, cid, "BANK", 1)
    taken = entries(books)["CR000001"].entry_no
    with pytest.raises(ValidationError, match="line 10000 is matched already"):
        match_manually(engine, cid, "BANK", 1, [L1], [taken])
    with pytest.raises(ValidationError, match=f"entry {taken} is not an open entry"):
        match_manually(engine, cid, "BANK", 1, [L3], [taken])
    with pytest.raises(ValidationError, match="no line 90000"):
        match_manually(engine, cid, "BANK", 1, [90000], [entries(books)["CR000003"].entry_no])
