"""Master data CSV files (DESIGN §10): customers and opening open items.

Both files are UTF-8 (a byte order mark is allowed, as Excel writes one), start with a header
row and use ``,`` or ``;`` between values; the delimiter is taken from the header line. Columns
are found by name, so their order does not matter. Parsing never stops at the first problem and
never raises for bad content: every bad row and field becomes one :class:`FormatError` in
:attr:`ParseResult.errors`, so the bookkeeper can fix the whole file in one go. Row numbers are
the ones a spreadsheet shows: the header is row 1.

>>> result = parse_open_items(
...     b"customer_no;document_type;document_no;external_document_no;posting_date;due_date;"
...     b"amount;currency;payment_reference;description\\n"
...     b"10000;invoice;F-1001;PO-77;2026-01-05;2026-02-04;1 250,00;NOK;;Consulting\\n"
...     b"10000;credit_memo;K-1;;2026-13-01;;-100;NOK;;\\n",
...     "open-items.csv",
... )
>>> result.rows[0].amount, result.rows[0].due_date
(Decimal('1250.00'), datetime.date(2026, 2, 4))
>>> [str(error) for error in result.errors]
["open-items.csv, row 3, field posting_date: '2026-13-01' is not a date; write it as YYYY-MM-DD"]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reskontro.domain.enums import DocumentType
from reskontro.formats.csvtable import (
    LARGEST_AMOUNT,
    Column,
    ParseResult,
    Problems,
    RowReader,
    in_file_order,
    read_table,
    repeated_rows,
    show,
)

__all__ = ["LARGEST_AMOUNT", "Column", "ParseResult", "parse_customers", "parse_open_items"]

_OPEN_ITEM_TYPES = {
    DocumentType.INVOICE.value: DocumentType.INVOICE,
    DocumentType.CREDIT_MEMO.value: DocumentType.CREDIT_MEMO,
}


CUSTOMER_COLUMNS = (
    Column("no", 20, required=True),
    Column("name", 100, required=True),
    Column("address", 100),
    Column("post_code", 20),
    Column("city", 50),
    Column("country", 2),
    Column("email", 100),
    Column("org_no", 20),
    Column("bank_account", 34),
    Column("iban", 34),
    Column("currency", 3),
    Column("payment_terms", 10),
)

OPEN_ITEM_COLUMNS = (
    Column("customer_no", 20, required=True),
    Column("document_type", 20, required=True),
    Column("document_no", 20, required=True),
    Column("external_document_no", 35),
    Column("posting_date", 10, required=True),
    Column("due_date", 10, required=True),
    Column("amount", 40, required=True),
    Column("currency", 3),
    Column("payment_reference", 50),
    Column("description", 100),
)


@dataclass(frozen=True)
class CustomerRow:
    """One customer from a customers file; text fields are stripped, codes upper-cased."""

    row: int
    """Row number in the file (the header is row 1)."""
    no: str
    name: str
    address: str
    post_code: str
    city: str
    country: str
    """Two-letter country code, or empty."""
    email: str
    org_no: str
    bank_account: str
    iban: str
    currency: str
    """Three-letter currency code; empty means the company's own currency."""
    payment_terms: str
    """A payment terms code, checked against the set-up by the import, not here."""


@dataclass(frozen=True)
class OpenItemRow:
    """One open invoice or credit memo to bring over as an opening balance."""

    row: int
    """Row number in the file (the header is row 1)."""
    customer_no: str
    document_type: DocumentType
    """:attr:`DocumentType.INVOICE` or :attr:`DocumentType.CREDIT_MEMO`."""
    document_no: str
    external_document_no: str
    posting_date: date
    due_date: date | None
    """Always set for invoices; may be empty for credit memos."""
    amount: Decimal
    """Signed as in the customer ledger: invoices positive, credit memos negative."""
    currency: str
    payment_reference: str
    """KID / OCR reference; empty means the import makes one from the KID set-up."""
    description: str


# -- the two files -----------------------------------------------------------------------


def parse_customers(data: bytes, source: str) -> ParseResult[CustomerRow]:
    """Read a customers file; *source* names it in messages (usually the file name)."""
    problems = Problems(source)
    records = read_table(data, CUSTOMER_COLUMNS, "customers", problems)
    repeated = repeated_rows(records, ("no",), "customer no. {0}", problems)
    rows: list[CustomerRow] = []
    for record in records:
        row = RowReader(record, CUSTOMER_COLUMNS, problems)
        customer = CustomerRow(
            row=row.line,
            no=row.text("no", required="customer no."),
            name=row.text("name", required="customer's name"),
            address=row.text("address"),
            post_code=row.text("post_code"),
            city=row.text("city"),
            country=row.code("country", 2, "NO or SE"),
            email=row.email("email"),
            org_no=row.text("org_no"),
            bank_account=row.text("bank_account"),
            iban=row.text("iban").replace(" ", "").upper(),
            currency=row.code("currency", 3, "NOK or SEK"),
            payment_terms=row.text("payment_terms").upper(),
        )
        if not row.bad and row.line not in repeated:
            rows.append(customer)
    return ParseResult(rows, in_file_order(problems))


def parse_open_items(data: bytes, source: str) -> ParseResult[OpenItemRow]:
    """Read an open items file; *source* names it in messages (usually the file name)."""
    problems = Problems(source)
    records = read_table(data, OPEN_ITEM_COLUMNS, "open items", problems)
    repeated = repeated_rows(records, ("document_type", "document_no"), "{0} {1}", problems)
    rows: list[OpenItemRow] = []
    for record in records:
        row = RowReader(record, OPEN_ITEM_COLUMNS, problems)
        item = _open_item(row)
        if item is not None and not row.bad and row.line not in repeated:
            rows.append(item)
    return ParseResult(rows, in_file_order(problems))


def _open_item(row: RowReader) -> OpenItemRow | None:
    customer_no = row.text("customer_no", required="customer no.")
    type_text = row.values["document_type"]
    document_type = _OPEN_ITEM_TYPES.get(type_text.lower())
    if document_type is None:
        found = f"{show(type_text)} is not a document type" if type_text else "is empty"
        row.error("document_type", f"{found}; write invoice or credit_memo")
    document_no = row.text("document_no", required="document no.")
    external_document_no = row.text("external_document_no")
    posting_date = row.iso_date("posting_date", required="fill in the posting date as YYYY-MM-DD")
    due_date = row.iso_date(
        "due_date",
        required=(
            "an invoice needs a due date; fill it in as YYYY-MM-DD"
            if document_type is DocumentType.INVOICE
            else ""
        ),
    )
    amount = row.amount("amount")
    if amount is not None and document_type is not None:
        _check_sign(row, document_type, amount)
    currency = row.code("currency", 3, "NOK or SEK")
    payment_reference = row.text("payment_reference")
    description = row.text("description")
    if document_type is None or posting_date is None or amount is None:
        return None
    return OpenItemRow(
        row=row.line,
        customer_no=customer_no,
        document_type=document_type,
        document_no=document_no,
        external_document_no=external_document_no,
        posting_date=posting_date,
        due_date=due_date,
        amount=amount,
        currency=currency,
        payment_reference=payment_reference,
        description=description,
    )


def _check_sign(row: RowReader, document_type: DocumentType, amount: Decimal) -> None:
    if document_type is DocumentType.INVOICE and amount <= 0:
        row.error(
            "amount",
            f"an invoice must have a positive amount, not {amount}; "
            "if the customer is owed money, make the row a credit_memo with a minus sign",
        )
    elif document_type is DocumentType.CREDIT_MEMO and amount >= 0:
        row.error(
            "amount",
            f"a credit memo must have a negative amount, not {amount}; "
            "put a minus sign in front, as in the customer ledger",
        )
