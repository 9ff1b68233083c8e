"""Reading CSV tables the way every import here does: by column name, all problems collected.

Files are UTF-8 (a byte order mark is allowed, as Excel writes one), start with a header row and
use ``,`` or ``;`` between values, taken from the header line. Every bad row and field becomes
one :class:`~reskontro.domain.errors.FormatError` naming the row (the header is row 1) and the
field, so the bookkeeper can fix the whole file in one go.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

from reskontro.domain.errors import FormatError
from reskontro.domain.money import parse_amount

RowT = TypeVar("RowT")

#: Opening balances beyond this are typing mistakes (and would not fit the ledger's columns).
LARGEST_AMOUNT = Decimal("999999999999.99")

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
LETTERS = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Column:
    """One column of a master data file."""

    name: str
    max_length: int
    """The widest value the ledger can store."""
    required: bool = False
    """Whether the header must have it (the other columns may be left out)."""


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


class Problems:
    """Collects the errors of one file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[FormatError] = []

    def add(self, message: str, *, line: int | None = None, field: str | None = None) -> None:
        self.errors.append(FormatError(message, source=self.source, line=line, field=field))


@dataclass(frozen=True)
class Record:
    line: int
    values: dict[str, str]


def _expected_header(columns: tuple[Column, ...]) -> str:
    return ",".join(column.name for column in columns)


def _decode(data: bytes, problems: Problems) -> str | None:
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
    header: list[str], columns: tuple[Column, ...], problems: Problems
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


def read_table(
    data: bytes, columns: tuple[Column, ...], what: str, problems: Problems
) -> list[Record]:
    """The data rows as name → stripped value, skipping blank rows; problems go to *problems*."""
    text = _decode(data, problems)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    records: list[Record] = []
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
            records.append(Record(line, row))
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


class RowReader:
    """One record read field by field; each bad value adds one error and marks the row bad."""

    def __init__(self, record: Record, columns: tuple[Column, ...], problems: Problems):
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
                f"{show(value)} is {len(value)} characters long; "
                f"at most {self.widths[field]} fit, so shorten it",
            )
        return value

    def email(self, field: str) -> str:
        value = self.text(field)
        if value and "@" not in value:
            self.error(field, f"{show(value)} is not an e-mail address; fix it or leave it empty")
        return value

    def code(self, field: str, length: int, example: str) -> str:
        """A country or currency code: *length* letters, upper-cased; empty allowed."""
        value = self.values[field]
        if value and (len(value) != length or not LETTERS.fullmatch(value)):
            self.error(
                field,
                f"{show(value)} is not a {field} code; write {length} letters, like {example}, "
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
            if ISO_DATE.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.error(field, f"{show(value)} is not a date; write it as YYYY-MM-DD")
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
                f"{show(value)} is not an amount; write it like 1234.50 or -1234,50, "
                "with at most 2 decimals",
            )
        elif abs(number) > LARGEST_AMOUNT:
            self.error(field, f"{show(value)} is too large for an amount; check it")
            number = None
        return number


def show(value: str) -> str:
    """A value quoted for a message, cut short when it is long."""
    return repr(value if len(value) <= 40 else value[:37] + "...")


def repeated_rows(
    records: list[Record], fields: tuple[str, ...], describe: str, problems: Problems
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


def in_file_order(problems: Problems) -> list[FormatError]:
    """Errors by row, whole-file problems first; a row's own errors stay in column order."""
    return sorted(problems.errors, key=lambda error: error.line or 0)
