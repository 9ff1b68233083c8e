"""The dashboard's figures come from SQL aggregates: what is owed, overdue, waiting, imported."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.services.dashboard import dashboard
from reskontro.services.journals import JournalLineInput, add_line
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.web.conftest import Books


def test_open_and_overdue_receivables_as_of_a_day(books_on_every_database: Books) -> None:
    books = books_on_every_database
    books.invoice("1000.00", day=date(2026, 1, 10))  # 1 250,00, due the same day
    books.invoice("400.00", day=date(2026, 3, 1))  # 500,00
    figures = dashboard(books.engine, books.company_a, date(2026, 2, 1))
    assert figures.open_receivables == Decimal("1750.00")
    assert figures.open_entries == 2
    assert figures.overdue_amount == Decimal("1250.00")
    assert figures.overdue_entries == 1
    other = dashboard(books.engine, books.company_b, date(2026, 2, 1))
    assert other.open_receivables == 0 and other.overdue_entries == 0


def test_batches_with_lines_and_the_latest_imports(books_on_every_database: Books) -> None:
    books = books_on_every_database
    add_line(
        books.engine,
        books.company_a,
        "CASH",
        "DEFAULT",
        JournalLineInput(
            AccountType.CUSTOMER, "10000", Decimal("-5.00"), document_type=DocumentType.PAYMENT
        ),
    )
    with UnitOfWork(books.engine, write=True) as uow:
        for n in range(1, 8):
            uow.session.add(
                m.ImportLog(
                    company_id=books.company_a,
                    import_no=n,
                    kind="ocr",
                    file_name=f"OCR{n}.txt",
                    sha256=f"{n:064d}",
                    identity="",
                    records=n,
                    imported_at=datetime(2026, 3, n, tzinfo=UTC),
                    user_id="ola",
                )
            )
        uow.commit()
    figures = dashboard(books.engine, books.company_a, date(2026, 3, 10))
    assert [(b.template, b.batch, b.lines) for b in figures.waiting_batches] == [
        ("CASH", "DEFAULT", 1)
    ]
    assert [i.file_name for i in figures.recent_imports] == [f"OCR{n}.txt" for n in range(7, 2, -1)]
    assert dashboard(books.engine, books.company_b, date(2026, 3, 10)).recent_imports == []
