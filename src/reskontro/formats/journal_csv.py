"""Journal lines from a CSV file (``reskontro journal import-lines``).

Columns (header row, any order; only the first four are required)::

    posting_date,account_type,account_no,amount,document_type,document_no,
    external_document_no,description,currency,bal_account_type,bal_account_no,
    applies_to_doc_type,applies_to_doc_no,applies_to_id,payment_reference,due_date

``account_type`` and ``bal_account_type`` are ``gl``, ``customer``, ``vendor`` or ``bank``; the
document types are those of the ledger (``payment``, ``invoice``, ``credit_memo``, ``refund``…).
A blank balancing account means the batch's default one; ``none`` means no balancing account.

>>> result = parse_journal_lines(
...     b"posting_date,account_type,account_no,amount,document_type,applies_to_doc_no\\n"
...     b"2026-03-01,customer,10000,-1225.00,payment,100001\\n"
...     b"2026-03-01,client,10000,x,payment,\\n",
...     "cash.csv",
... )
>>> result.rows[0].amount, result.rows[0].applies_to_doc_no
(Decimal('-1225.00'), '100001')
>>> [str(e) for e in result.errors]  # doctest: +NORMALIZE_WHITESPACE
["cash.csv, row 3, field account_type: 'client' is not an account type; write gl, customer,
  vendor or bank", "cash.csv, row 3, field amount: 'x' is not an amount; write it like 1234.50
  or -1234,50, with at most 2 decimals"]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.formats.csvtable import (
    Column,
    ParseResult,
    Problems,
    RowReader,
    in_file_order,
    read_table,
    show,
)

E = TypeVar("E", bound=StrEnum)

JOURNAL_COLUMNS = (
    Column("posting_date", 10, required=True),
    Column("account_type", 10, required=True),
    Column("account_no", 20, required=True),
    Column("amount", 40, required=True),
    Column("document_type", 20),
    Column("document_no", 20),
    Column("external_document_no", 35),
    Column("description", 100),
    Column("currency", 3),
    Column("bal_account_type", 10),
    Column("bal_account_no", 20),
    Column("applies_to_doc_type", 20),
    Column("applies_to_doc_no", 20),
    Column("applies_to_id", 50),
    Column("payment_reference", 50),
    Column("due_date", 10),
)


@dataclass(frozen=True)
class JournalCsvRow:
    row: int
    posting_date: date
    account_type: AccountType
    account_no: str
    amount: Decimal
    document_type: DocumentType
    document_no: str
    external_document_no: str
    description: str
    currency: str
    bal_account_type: AccountType | None
    bal_account_no: str | None
    """None: the batch's default balancing account; "": none at all."""
    applies_to_doc_type: DocumentType
    applies_to_doc_no: str
    applies_to_id: str
    payment_reference: str
    due_date: date | None


def _choice(row: RowReader, field: str, kind: type[E], what: str, default: E) -> E:
    value = row.values[field].strip().lower().replace(" ", "_")
    if not value:
        return default
    try:
        return kind(value)
    except ValueError:
        names = [m.value for m in kind if m.value]
        listed = ", ".join(names[:-1]) + f" or {names[-1]}"
        row.error(field, f"{show(row.values[field])} is not {what}; write {listed}")
        return default


def parse_journal_lines(data: bytes, source: str) -> ParseResult[JournalCsvRow]:
    """Read journal lines; every problem becomes one error naming its row and field."""
    problems = Problems(source)
    rows: list[JournalCsvRow] = []
    for record in read_table(data, JOURNAL_COLUMNS, "journal lines", problems):
        row = RowReader(record, JOURNAL_COLUMNS, problems)
        posting_date = row.iso_date("posting_date", required="fill in the posting date")
        account_type = _choice(row, "account_type", AccountType, "an account type", AccountType.GL)
        account_no = row.text("account_no", required="account no.")
        amount = row.amount("amount")
        document_type = _choice(
            row, "document_type", DocumentType, "a document type", DocumentType.NONE
        )
        bal_text = row.values["bal_account_no"]
        bal_type = _choice(row, "bal_account_type", AccountType, "an account type", AccountType.GL)
        bal_no: str | None = (
            None if not bal_text else ("" if bal_text.lower() == "none" else bal_text)
        )
        line = JournalCsvRow(
            row=row.line,
            posting_date=posting_date or date.min,
            account_type=account_type,
            account_no=account_no,
            amount=amount or Decimal("0.00"),
            document_type=document_type,
            document_no=row.text("document_no"),
            external_document_no=row.text("external_document_no"),
            description=row.text("description"),
            currency=row.code("currency", 3, "NOK or SEK"),
            bal_account_type=bal_type if bal_no is not None else None,
            bal_account_no=bal_no,
            applies_to_doc_type=_choice(
                row, "applies_to_doc_type", DocumentType, "a document type", DocumentType.NONE
            ),
            applies_to_doc_no=row.text("applies_to_doc_no"),
            applies_to_id=row.text("applies_to_id"),
            payment_reference=row.text("payment_reference"),
            due_date=row.iso_date("due_date"),
        )
        if not row.bad:
            rows.append(line)
    return ParseResult(rows, in_file_order(problems))
