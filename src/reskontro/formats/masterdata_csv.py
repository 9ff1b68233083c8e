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

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

from reskontro.domain.enums import DocumentType
from reskontro.domain.errors import FormatError
from reskontro.domain.money import parse_amount

RowT = TypeVar("RowT")

#: Opening balances beyond this are typing mistakes (and would not fit the ledger's columns).
LARGEST_AMOUNT = Decimal("999999999999.99")

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LETTERS = re.compile(r"[A-Za-z]+")
_OPEN_ITEM_TYPES = {
    DocumentType.INVOICE.value: DocumentType.INVOICE,
    DocumentType.CREDIT_MEMO.value: DocumentType.CREDIT_MEMO,
}


@dataclass(frozen=True)
class Column:
    """One column of a master data file."""

    name: str
    max_length: int
    """The widest value the ledger can store."""
    required: bool = False
    """Whether the header must have it (the other columns may be left out)."""


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


@dataclass(frozen=True)
class ParseResult(Generic[RowT]):
    """What a file gave: the good rows and one error per problem found."""

    rows: list[RowT]
    errors: list[FormatError]

    @property
    def ok(self) -> bool:
        """True when the file has no problems at all."""
        return not self.errors


# -- reading the table -------------------------------------------------------------------


class _Problems:
    """Collects the errors of one file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[FormatError] = []

    def add(self, message: str, *, line: int | None = None, field: str | None = None) -> None:
        self.errors.append(FormatError(message, source=self.source, line=line, field=field))


@dataclass(frozen=True)
class _Record:
    line: int
    values: dict[str, str]


def _expected_header(columns: tuple[Column, ...]) -> str:
    return ",".join(column.name for column in columns)


def _decode(data: bytes, problems: _Problems) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(
            "the file must be UTF-8 but is not (this line has the first bad character); "
            "save it again as UTF-8, in Excel with Save As 'CSV UTF-8'",
            line=line,
        )
        return None
    if not text.strip():
        problems.add("the file is empty; it must start with a header row")
        return None
    return text


def _delimiter(text: str) -> str:
    header_line = text.lstrip("\r\n").splitlines()[0]
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _check_header(
    header: list[str], columns: tuple[Column, ...], problems: _Problems
) -> list[str] | None:
    """The header's column names, or None when rows cannot be read against it."""
    names = [name.strip().lower() for name in header]
    expected = _expected_header(columns)
    known = {column.name for column in columns}
    usable = True
    missing = [c.name for c in columns if c.required and c.name not in names]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        problems.add(
            f"column{plural} {', '.join(missing)} {'are' if plural else 'is'} missing from the "
            f"header; the header row must be: {expected}",
            line=1,
            field=", ".join(missing),
        )
        usable = False
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if not name:
            problems.add(
                f"column {position} of the header has no name; delete the empty column "
                f"(the header row must be: {expected})",
                line=1,
            )
            usable = False
        elif name in seen:
            problems.add(
                f"column {name!r} is in the header twice (columns {seen[name]} and {position}); "
                "delete one of them",
                line=1,
                field=name,
            )
            usable = False
        else:
            seen[name] = position
    unknown = [name for name in names if name and name not in known]
    if unknown:
        problems.add(
            f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"is this the right file? The header row must be: {expected}",
            line=1,
            field=", ".join(unknown),
        )
    return names if usable else None


def _read_table(
    data: bytes, columns: tuple[Column, ...], what: str, problems: _Problems
) -> list[_Record]:
    """The data rows as name → stripped value, skipping blank rows; problems go to *problems*."""
    text = _decode(data, problems)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    records: list[_Record] = []
    try:
        header = next(reader, None)
        names = _check_header(header or [], columns, problems)
        if names is None:
            return []
        for line, values in enumerate(reader, start=2):
            cells = [value.strip() for value in values]
            if not any(cells):
                continue
            if len(cells) != len(names):
                problems.add(_width_message(len(cells), len(names)), line=line)
                continue
            row = dict.fromkeys((c.name for c in columns), "")
            row.update(zip(names, cells, strict=True))
            records.append(_Record(line, row))
    except csv.Error as exc:
        problems.add(
            f"the file cannot be read as CSV from here on ({exc}); check the quotes on this row",
            line=reader.line_num,
        )
        return []
    if not records and not problems.errors:
        problems.add(f"the file has a header row but no {what}; add one {what[:-1]} per row")
    return records


def _width_message(found: int, expected: int) -> str:
    advice = (
        "put a value that contains the delimiter in double quotes"
        if found > expected
        else "fill in the missing ones (leave empty values empty, but keep their delimiters)"
    )
    values = "value" if found == 1 else "values"
    return f"the row has {found} {values} but the header has {expected} columns; {advice}"


# -- reading values ----------------------------------------------------------------------


class _Row:
    """One record read field by field; each bad value adds one error and marks the row bad."""

    def __init__(self, record: _Record, columns: tuple[Column, ...], problems: _Problems):
        self.line = record.line
        self.values = record.values
        self.widths = {column.name: column.max_length for column in columns}
        self.problems = problems
        self.bad = False

    def error(self, field: str, message: str) -> None:
        self.problems.add(message, line=self.line, field=field)
        self.bad = True

    def text(self, field: str, *, required: str = "") -> str:
        """The value of *field*; *required* names what an empty value is missing."""
        value = self.values[field]
        if not value and required:
            self.error(field, f"is empty; fill in the {required}")
        elif len(value) > self.widths[field]:
            self.error(
                field,
                f"{_show(value)} is {len(value)} characters long; "
                f"at most {self.widths[field]} fit, so shorten it",
            )
        return value

    def email(self, field: str) -> str:
        value = self.text(field)
        if value and "@" not in value:
            self.error(field, f"{_show(value)} is not an e-mail address; fix it or leave it empty")
        return value

    def code(self, field: str, length: int, example: str) -> str:
        """A country or currency code: *length* letters, upper-cased; empty allowed."""
        value = self.values[field]
        if value and (len(value) != length or not _LETTERS.fullmatch(value)):
            self.error(
                field,
                f"{_show(value)} is not a {field} code; write {length} letters, like {example}, "
                "or leave it empty",
            )
        return value.upper()

    def iso_date(self, field: str, *, required: str = "") -> date | None:
        value = self.values[field]
        if not value:
            if required:
                self.error(field, f"is empty; {required}")
            return None
        try:
            if _ISO_DATE.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.error(field, f"{_show(value)} is not a date; write it as YYYY-MM-DD")
        return None

    def amount(self, field: str) -> Decimal | None:
        value = self.values[field]
        if not value:
            self.error(field, "is empty; fill in the amount, like 1234.50")
            return None
        try:
            number = parse_amount(value)
        except (ArithmeticError, ValueError):
            number = None
        if number is None:
            self.error(
                field,
                f"{_show(value)} is not an amount; write it like 1234.50 or -1234,50, "
                "with at most 2 decimals",
            )
        elif abs(number) > LARGEST_AMOUNT:
            self.error(field, f"{_show(value)} is too large for an amount; check it")
            number = None
        return number


def _show(value: str) -> str:
    """A value quoted for a message, cut short when it is long."""
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _repeated_rows(
    records: list[_Record], fields: tuple[str, ...], describe: str, problems: _Problems
) -> set[int]:
    """Report every row whose *fields* repeat an earlier row's; return those rows."""
    first_row: dict[tuple[str, ...], int] = {}
    repeated: set[int] = set()
    for record in records:
        # Document types are read case-blind; numbers are kept as written, as the ledger does.
        key = tuple(
            record.values[field].lower() if field == "document_type" else record.values[field]
            for field in fields
        )
        if not all(key):
            continue
        earlier = first_row.setdefault(key, record.line)
        if earlier != record.line:
            shown = describe.format(*(record.values[field] for field in fields))
            problems.add(
                f"{shown} is on row {earlier} and again on row {record.line}; "
                "keep only one of them",
                line=record.line,
                field=fields[-1],
            )
            repeated.add(record.line)
    return repeated


# -- the two files -----------------------------------------------------------------------


def parse_customers(data: bytes, source: str) -> ParseResult[CustomerRow]:
    """Read a customers file; *source* names it in messages (usually the file name)."""
    problems = _Problems(source)
    records = _read_table(data, CUSTOMER_COLUMNS, "customers", problems)
    repeated = _repeated_rows(records, ("no",), "customer no. {0}", problems)
    rows: list[CustomerRow] = []
    for record in records:
        row = _Row(record, CUSTOMER_COLUMNS, problems)
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
    return ParseResult(rows, _in_file_order(problems))


def parse_open_items(data: bytes, source: str) -> ParseResult[OpenItemRow]:
    """Read an open items file; *source* names it in messages (usually the file name)."""
    problems = _Problems(source)
    records = _read_table(data, OPEN_ITEM_COLUMNS, "open items", problems)
    repeated = _repeated_rows(records, ("document_type", "document_no"), "{0} {1}", problems)
    rows: list[OpenItemRow] = []
    for record in records:
        row = _Row(record, OPEN_ITEM_COLUMNS, problems)
        item = _open_item(row)
        if item is not None and not row.bad and row.line not in repeated:
            rows.append(item)
    return ParseResult(rows, _in_file_order(problems))


def _open_item(row: _Row) -> OpenItemRow | None:
    customer_no = row.text("customer_no", required="customer no.")
    type_text = row.values["document_type"]
    document_type = _OPEN_ITEM_TYPES.get(type_text.lower())
    if document_type is None:
        found = f"{_show(type_text)} is not a document type" if type_text else "is empty"
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


def _check_sign(row: _Row, document_type: DocumentType, amount: Decimal) -> None:
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


def _in_file_order(problems: _Problems) -> list[FormatError]:
    """Errors by row, whole-file problems first; a row's own errors stay in column order."""
    return sorted(problems.errors, key=lambda error: error.line or 0)
