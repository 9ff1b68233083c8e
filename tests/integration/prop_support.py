"""Helpers for the property, concurrency and crash tests.

* :func:`database_factory` hands out a fresh, migrated database per call (a new SQLite file
  copied from the session template, or the worker's PostgreSQL schema truncated), so every
  hypothesis example starts from nothing.
* :func:`dump` reads every row of every table: two equal dumps prove that a refused or killed
  operation left no trace at all (entries, registers, counters, journal lines, number series).
* :func:`post_invoices` and :func:`add_payments` fill journals with many lines quickly.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from reskontro.domain.enums import AccountType, DetailedEntryType, DocumentType
from reskontro.services.journals import JournalLineInput, add_lines
from reskontro.services.posting import post_batch
from reskontro.storage import models as m
from reskontro.storage.database import make_engine
from tests.integration.ledger_fixtures import Books

D = Decimal
INVOICE_DAY = date(2026, 3, 2)
PAYMENT_DAY = date(2026, 4, 20)
REVENUE_NO_VAT = "3100"  # sales without VAT: an invoice line posts amount = gross

Dump = dict[str, list[tuple[object, ...]]]


def truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in m.Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def database_factory(request: pytest.FixtureRequest, kind: str) -> Callable[[], str]:
    """A function returning the URL of a fresh, migrated, empty database on each call."""
    if kind == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        directory: Path = request.getfixturevalue("tmp_path")
        numbers = itertools.count(1)
        previous: list[Path] = []

        def fresh_sqlite() -> str:
            for old in previous:  # the last example's files are no longer needed
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{old}{suffix}").unlink(missing_ok=True)
            previous.clear()
            path = directory / f"example{next(numbers)}.db"
            shutil.copyfile(template, path)
            previous.append(path)
            return f"sqlite:///{path}"

        return fresh_sqlite
    url: str = request.getfixturevalue("pg_schema_url")

    def fresh_postgres() -> str:
        engine = make_engine(url)
        try:
            truncate_all(engine)
        finally:
            engine.dispose()
        return url

    return fresh_postgres


def dump(engine: Engine) -> Dump:
    """Every row of every table, in a canonical order."""
    result: Dump = {}
    with engine.connect() as connection:
        for table in m.Base.metadata.sorted_tables:
            rows = [tuple(r) for r in connection.execute(select(table))]
            result[table.name] = sorted(rows, key=repr)
    return result


def assert_same_dump(before: Dump, after: Dump, what: str) -> None:
    for table, rows in before.items():
        if after[table] != rows:
            added = [r for r in after[table] if r not in rows]
            gone = [r for r in rows if r not in after[table]]
            raise AssertionError(
                f"{what} changed table {table}: {len(rows)} -> {len(after[table])} rows; "
                f"new or changed {added[:3]}, missing or changed {gone[:3]}"
            )


def count(engine: Engine, model: type[m.Base], *conditions: Any) -> int:
    with engine.connect() as connection:
        return int(
            connection.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
        )


def post_invoices(
    books: Books,
    amounts: Sequence[Decimal],
    *,
    customer: str = "20000",
    prefix: str = "INV",
    day: date = INVOICE_DAY,
) -> list[str]:
    """Post one invoice per amount through the general journal (no VAT); return their numbers."""
    numbers = [f"{prefix}{i:05d}" for i in range(1, len(amounts) + 1)]
    add_lines(
        books.engine,
        books.company_id,
        "GENERAL",
        "DEFAULT",
        [
            JournalLineInput(
                account_type=AccountType.CUSTOMER,
                account_no=customer,
                amount=amount,
                posting_date=day,
                document_type=DocumentType.INVOICE,
                document_no=number,
                bal_account_type=AccountType.GL,
                bal_account_no=REVENUE_NO_VAT,
            )
            for number, amount in zip(numbers, amounts, strict=True)
        ],
    )
    post_batch(books.engine, books.company_id, "GENERAL", "DEFAULT")
    return numbers


def add_payments(
    books: Books,
    batch: str,
    payments: Sequence[tuple[str, Decimal]],
    *,
    customer: str = "20000",
    prefix: str = "PAY",
    day: date = PAYMENT_DAY,
) -> None:
    """Add one payment line per (invoice, amount) to CASH/*batch*, applied to that invoice."""
    add_lines(
        books.engine,
        books.company_id,
        "CASH",
        batch,
        [
            JournalLineInput(
                account_type=AccountType.CUSTOMER,
                account_no=customer,
                amount=-amount,
                posting_date=day,
                document_type=DocumentType.PAYMENT,
                document_no=f"{prefix}{i:05d}",
                applies_to_doc_type=DocumentType.INVOICE,
                applies_to_doc_no=invoice,
            )
            for i, (invoice, amount) in enumerate(payments, start=1)
        ],
    )


def invoice_applications(engine: Engine, company_id: int) -> dict[str, tuple[Decimal, int]]:
    """Per invoice document no.: (sum of its active application rows, how many there are)."""
    entry, detail = m.CustomerLedgerEntryRow, m.DetailedCustomerEntryRow
    with engine.connect() as connection:
        rows = connection.execute(
            select(entry.document_no, func.sum(detail.amount), func.count())
            .join(
                detail,
                (detail.company_id == entry.company_id)
                & (detail.ledger_entry_no == entry.entry_no),
            )
            .where(
                entry.company_id == company_id,
                entry.document_type == DocumentType.INVOICE,
                detail.entry_type == DetailedEntryType.APPLICATION,
                detail.unapplied.is_(False),
            )
            .group_by(entry.document_no)
        )
        return {no: (D(total), int(n)) for no, total, n in rows}
