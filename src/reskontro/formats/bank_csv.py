"""Bank statements exported as CSV, read through an import profile.

Every bank lays its CSV export out its own way, so a :class:`CsvProfile` says how to read
one: delimiter, encoding, date format, decimal sign, which of the file's columns holds which
of our fields, how the sign of an amount is shown, and how many lines to skip before the
header. This is what NAV's data exchange definitions and OCA's sheet mappings hold
(``shared/reference/statement_formats.md`` §3).

Built-in profiles. Three are generic layouts with the field names below as headers, for
files made by hand or by a spreadsheet, and the starting point for a bank's own profile
(:meth:`CsvProfile.from_mapping` reads one from JSON):

* ``generic``: ``,`` between values, UTF-8, ISO dates, decimal point, one signed amount.
* ``nordic``: ``;`` between values, UTF-8 or else Windows-1252 (``auto``), ``dd.mm.yyyy``,
  decimal comma (``1.234,50`` and ``1 234,50`` are read), one signed amount: the defaults
  the reference gives for Nordic exports.
* ``nordic-debit-credit``: as ``nordic``, with money out and money in in two columns
  (``debit``, ``credit``).

The others are the exports of Nordic banks' online banking, each confirmed from a public
parser of that export: see :mod:`reskontro.formats.bank_profiles`.

Our fields: ``booking_date`` (required), ``value_date``, ``amount`` | ``debit`` + ``credit`` |
``amount`` + ``indicator``, ``text``, ``counterparty_name``, ``counterparty_account``,
``reference`` (a structured reference such as a KID, of the profile's ``reference_kind``),
``bank_reference`` (the bank's id of the line), ``currency``, ``status`` (the bank's state
of the line, read with the profile's ``booked_marks``).

Only the date and amount columns must be in a file; other mapped columns may be missing. A
column may be given as alternatives, ``Dato|Date``: the first the header has is read (banks
export in the user's language). The date format may list alternatives the same way.
Every problem is a :class:`FormatError` naming the file's line and the column.

>>> statements = parse_csv(
...     b"booking_date;amount;text\\n02.01.2024;1 500,00;Kunde AS\\n", NORDIC, "a.csv"
... )
>>> statements[0].entries[0].amount, statements[0].entries[0].text
(Decimal('1500.00'), 'Kunde AS')
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

from reskontro.domain.errors import FormatError
from reskontro.formats.bank_profiles import BANK_PROFILES
from reskontro.formats.statements import (
    BOOKED,
    KINDS,
    OTHER,
    PENDING,
    Entry,
    Reference,
    Statement,
    join_text,
)

#: How a profile shows the sign of an amount.
SIGNED: Final = "signed"
"""One amount column, negative for money out."""
DEBIT_CREDIT: Final = "debit_credit"
"""Two columns, ``debit`` (money out) and ``credit`` (money in), one of them filled."""
INDICATOR: Final = "indicator"
"""One unsigned ``amount`` column and an ``indicator`` column saying debit or credit."""
SIGN_CONVENTIONS: Final = (SIGNED, DEBIT_CREDIT, INDICATOR)
FIELDS: Final = (
    "booking_date",
    "value_date",
    "amount",
    "debit",
    "credit",
    "indicator",
    "text",
    "counterparty_name",
    "counterparty_account",
    "reference",
    "bank_reference",
    "currency",
    "status",
)
#: ``auto``: strict UTF-8 (a byte order mark allowed), else Windows-1252; as the delimiter:
#: whichever of ``;``, ``,`` and tab gives a header with the profile's columns.
AUTO: Final = "auto"
_DELIMITERS: Final = (";", ",", "\t")
#: How many lines a profile with ``find_header`` looks through for its header row.
HEADER_SEARCH: Final = 20
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{3})+")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def _identity(names: tuple[str, ...]) -> Mapping[str, str]:
    return MappingProxyType({name: name for name in names})


@dataclass(frozen=True)
class CsvProfile:
    """How to read one bank's (or one account's) CSV export."""

    name: str
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    """A Python codec name, or ``auto`` (UTF-8, else Windows-1252)."""
    date_format: str = "%Y-%m-%d"
    """A :func:`~datetime.datetime.strptime` format, e.g. ``%d.%m.%Y``."""
    decimal_sign: str = "."
    columns: Mapping[str, str] = field(
        default_factory=lambda: _identity(("booking_date", "amount", "text"))
    )
    """Our field → the file's column header."""
    sign_convention: str = SIGNED
    skip_rows: int = 0
    """Lines before the header row (a bank's title, the account number, …)."""
    debit_marks: tuple[str, ...] = ("D", "DBIT", "DEBIT", "-")
    """Values of the ``indicator`` column meaning money out (compared case-blind)."""
    credit_marks: tuple[str, ...] = ("C", "K", "CRDT", "CREDIT", "+")
    currency: str | None = None
    """The account's currency, when the file has no currency column."""
    reference_kind: str = OTHER
    """The kind of the ``reference`` column's values (``KID`` for a Norwegian KID column)."""
    find_header: bool = False
    """Look for the header row (the first with the profile's columns) in the lines after
    ``skip_rows``, for exports that put a title of varying length above it."""
    pending_marks: tuple[str, ...] = ()
    """Values of the booking date column that mean the line is not booked yet (Nordea's
    ``Reservert``): the line is read as pending, not as an entry of the statement."""
    booked_marks: tuple[str, ...] = ()
    """Values of the ``status`` column that mean booked (``Utført``); any other is pending."""

    def __post_init__(self) -> None:
        problems = []
        if len(self.delimiter) != 1 and self.delimiter != AUTO:
            problems.append(f"the delimiter must be one character or auto, not {self.delimiter!r}")
        if self.decimal_sign not in (".", ","):
            problems.append(f"the decimal sign must be . or , not {self.decimal_sign!r}")
        if self.sign_convention not in SIGN_CONVENTIONS:
            problems.append(f"the sign convention must be one of {', '.join(SIGN_CONVENTIONS)}")
        unknown = sorted(set(self.columns) - set(FIELDS))
        if unknown:
            problems.append(f"unknown fields {', '.join(unknown)}; known: {', '.join(FIELDS)}")
        missing = [name for name in self.required_fields if name not in self.columns]
        if missing:
            problems.append(f"the columns must map {', '.join(missing)}")
        if self.skip_rows < 0:
            problems.append("skip_rows cannot be negative")
        if problems:
            raise FormatError(f"CSV profile {self.name!r}: " + "; ".join(problems))
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))

    @property
    def required_fields(self) -> tuple[str, ...]:
        """The fields every file must have a column for; the other mapped ones may be absent."""
        return {
            SIGNED: ("booking_date", "amount"),
            DEBIT_CREDIT: ("booking_date", "debit", "credit"),
            INDICATOR: ("booking_date", "amount", "indicator"),
        }.get(self.sign_convention, ("booking_date",))

    def with_encoding(self, encoding: str) -> CsvProfile:
        """This profile reading files in another encoding."""
        return replace(self, encoding=encoding)

    def to_mapping(self) -> dict[str, object]:
        """The profile as plain data for JSON, as :meth:`from_mapping` reads it back.

        >>> CsvProfile.from_mapping(NORDIC.to_mapping()) == NORDIC
        True
        """
        values: dict[str, object] = {name: getattr(self, name) for name in _TEXT_SETTINGS}
        values.update(
            columns=dict(self.columns),
            skip_rows=self.skip_rows,
            find_header=self.find_header,
            **{name: list(getattr(self, name)) for name in _MARKS},
        )
        return {k: v for k, v in values.items() if v is not None}

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> CsvProfile:
        """A profile from plain data: a JSON object with the field names of this class.

        >>> CsvProfile.from_mapping({"name": "bank", "delimiter": ";",
        ...     "columns": {"booking_date": "Dato", "amount": "Beløp"}}).columns["amount"]
        'Beløp'
        """
        unknown = sorted(set(values) - set(_SETTINGS))
        if unknown:
            raise FormatError(f"unknown profile settings {', '.join(unknown)}")
        texts = {k: v for k, v in values.items() if k in _TEXT_SETTINGS}
        if not all(isinstance(v, str) for v in texts.values()) or "name" not in texts:
            raise FormatError(
                f"the profile needs a name, and {', '.join(_TEXT_SETTINGS)} must be text"
            )
        columns = values.get("columns", {})
        if not isinstance(columns, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
        ):
            raise FormatError("the profile's columns must map field names to header names")
        skip_rows = values.get("skip_rows", 0)
        if not isinstance(skip_rows, int) or isinstance(skip_rows, bool):
            raise FormatError("the profile's skip_rows must be a whole number")
        find_header = values.get("find_header", False)
        if not isinstance(find_header, bool):
            raise FormatError("the profile's find_header must be true or false")
        marks: dict[str, tuple[str, ...]] = {}
        for name in _MARKS:
            given = values.get(name)
            if given is not None:
                if not isinstance(given, list | tuple) or not all(
                    isinstance(m, str) for m in given
                ):
                    raise FormatError(f"the profile's {name} must be a list of texts")
                marks[name] = tuple(given)
        settings: dict[str, Any] = {
            **texts,
            **marks,
            "columns": columns,
            "skip_rows": skip_rows,
            "find_header": find_header,
        }
        return cls(**settings)


_TEXT_SETTINGS: Final = (
    "name",
    "delimiter",
    "encoding",
    "date_format",
    "decimal_sign",
    "sign_convention",
    "currency",
    "reference_kind",
)
_MARKS: Final = ("debit_marks", "credit_marks", "pending_marks", "booked_marks")
_SETTINGS: Final = (*_TEXT_SETTINGS, "columns", "skip_rows", "find_header", *_MARKS)
_STANDARD = ("booking_date", "value_date", "amount", "text", "counterparty_name")
_DETAILS = ("counterparty_account", "reference", "bank_reference", "currency")

GENERIC: Final = CsvProfile(name="generic", columns=_identity(_STANDARD + _DETAILS))
NORDIC: Final = CsvProfile(
    name="nordic",
    delimiter=";",
    encoding=AUTO,
    date_format="%d.%m.%Y",
    decimal_sign=",",
    columns=_identity(_STANDARD + _DETAILS),
)
NORDIC_DEBIT_CREDIT: Final = replace(
    NORDIC,
    name="nordic-debit-credit",
    columns=_identity(
        ("booking_date", "value_date", "debit", "credit", "text", "counterparty_name", *_DETAILS)
    ),
    sign_convention=DEBIT_CREDIT,
)
PROFILES: Final = {
    **{p.name: p for p in (GENERIC, NORDIC, NORDIC_DEBIT_CREDIT)},
    **{name: CsvProfile.from_mapping(settings) for name, settings in BANK_PROFILES.items()},
}
"""Every built-in profile by name: the generic ones and the banks'."""


def parse_csv(data: bytes, profile: CsvProfile, source: str = "") -> list[Statement]:
    """The lines of a bank's CSV export as one statement (kind ``csv``, no balances)."""
    reader = _RowReader(profile, source)
    text = reader.decode(data)
    delimiter, skip = reader.layout(text)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    entries: list[Entry] = []
    try:
        for _ in range(skip):
            next(rows, None)
        header = next(rows, None)
        if header is None:
            raise reader.error("the file has no header row", rows.line_num + 1)
        positions = reader.positions(header, rows.line_num)
        for values in rows:
            if not any(value.strip() for value in values):
                continue
            entries.append(reader.entry(values, positions, rows.line_num))
    except csv.Error as exc:
        raise reader.error(f"the file cannot be read as CSV ({exc})", rows.line_num) from None
    currencies = {entry.currency for entry in entries if entry.currency}
    currency = profile.currency or (currencies.pop() if len(currencies) == 1 else None)
    return [
        Statement(
            id=None,
            kind=KINDS[4],
            sequence=None,
            account=None,
            account_scheme=None,
            currency=currency,
            opening_balance=None,
            closing_balance=None,
            opening_date=None,
            closing_date=None,
            created_at=None,
            entries=tuple(entries),
        )
    ]


class _RowReader:
    def __init__(self, profile: CsvProfile, source: str) -> None:
        self.profile = profile
        self.source = source

    def error(self, message: str, line: int | None, field: str | None = None) -> FormatError:
        return FormatError(message, source=self.source or None, line=line, field=field)

    def decode(self, data: bytes) -> str:
        encoding = self.profile.encoding
        candidates = ("utf-8-sig", "cp1252") if encoding == AUTO else (encoding,)
        for candidate in candidates:
            try:
                return data.decode(candidate).removeprefix("\ufeff")
            except LookupError:
                raise self.error(f"unknown encoding {candidate!r}", None, "encoding") from None
            except UnicodeDecodeError as exc:
                if candidate == candidates[-1]:
                    raise self.error(
                        f"the file is not {candidate}: byte {data[exc.start]:#04x} cannot be "
                        "decoded; give the file's encoding (--encoding)",
                        data.count(b"\n", 0, exc.start) + 1,
                    ) from None
        raise self.error("the file cannot be decoded", None)  # pragma: no cover

    def layout(self, text: str) -> tuple[str, int]:
        """The delimiter, and how many rows come before the header."""
        profile = self.profile
        delimiters = _DELIMITERS if profile.delimiter == AUTO else (profile.delimiter,)
        if len(delimiters) == 1 and not profile.find_header:
            return delimiters[0], profile.skip_rows
        tries = HEADER_SEARCH if profile.find_header else 1
        for delimiter in delimiters:
            rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            try:
                for _ in range(profile.skip_rows):
                    next(rows, None)
                for n in range(tries):
                    row = next(rows, None)
                    if row is None:
                        break
                    if self.is_header(row):
                        return delimiter, profile.skip_rows + n
            except csv.Error:
                continue
        return delimiters[0], profile.skip_rows

    def is_header(self, row: list[str]) -> bool:
        names = {name.strip().removeprefix("\ufeff") for name in row}
        return all(
            any(alternative in names for alternative in self.profile.columns[field].split("|"))
            for field in self.profile.required_fields
        )

    def positions(self, header: list[str], line: int) -> dict[str, int]:
        names = [name.strip().removeprefix("\ufeff") for name in header]
        positions: dict[str, int] = {}
        missing = []
        for ours, theirs in self.profile.columns.items():
            found = [name for name in theirs.split("|") if name in names]
            if found:
                positions[ours] = names.index(found[0])
            elif ours in self.profile.required_fields:
                missing.append(theirs)
        if missing:
            raise self.error(
                f"the header has no column {', '.join(missing)} that the profile "
                f"{self.profile.name!r} needs; the header is: {';'.join(names)}",
                line,
                ", ".join(missing),
            )
        return positions

    def entry(self, values: list[str], positions: dict[str, int], line: int) -> Entry:
        def value(field: str) -> str:
            position = positions.get(field)
            if position is None or position >= len(values):
                return ""
            return values[position].strip()

        amount = self.signed_amount(value, line)
        reference = value("reference")
        profile = self.profile
        columns = profile.columns
        written = value("booking_date")
        reserved = written.casefold() in {mark.casefold() for mark in profile.pending_marks}
        pending = reserved or (
            bool(profile.booked_marks)
            and "status" in positions
            and value("status").casefold() not in {m.casefold() for m in profile.booked_marks}
        )
        booking_date = None
        if not reserved:
            booking_date = self.date(written, line, columns["booking_date"], True)
        return Entry(
            amount=amount,
            status=PENDING if pending else BOOKED,
            booking_date=booking_date,
            value_date=self.date(value("value_date"), line, columns.get("value_date", ""), False),
            bank_reference=value("bank_reference") or None,
            text=join_text([value("text")]),
            counterparty_name=value("counterparty_name") or None,
            counterparty_account=value("counterparty_account").replace(" ", "") or None,
            references=(Reference(self.profile.reference_kind, reference),) if reference else (),
            currency=value("currency").upper() or self.profile.currency,
        )

    def signed_amount(self, get: Callable[[str], str], line: int) -> Decimal:
        columns = self.profile.columns
        convention = self.profile.sign_convention
        if convention == DEBIT_CREDIT:
            debit, credit = get("debit"), get("credit")
            if bool(debit) == bool(credit):
                raise self.error(
                    "fill in exactly one of the debit and the credit amount",
                    line,
                    f"{columns['debit']}/{columns['credit']}",
                )
            if debit:
                return -abs(self.number(debit, line, columns["debit"]))
            return abs(self.number(credit, line, columns["credit"]))
        amount = self.number(get("amount"), line, columns["amount"])
        if convention == SIGNED:
            return amount
        mark = get("indicator").upper()
        if mark in (m.upper() for m in self.profile.debit_marks):
            return -abs(amount)
        if mark in (m.upper() for m in self.profile.credit_marks):
            return abs(amount)
        raise self.error(
            f"{mark!r} is neither a debit ({'/'.join(self.profile.debit_marks)}) nor a credit "
            f"({'/'.join(self.profile.credit_marks)}) mark",
            line,
            columns["indicator"],
        )

    def number(self, text: str, line: int, column: str) -> Decimal:
        """An amount written with the profile's decimal sign (thousands separators allowed)."""
        cleaned = _SPACES.sub("", text)
        if cleaned.endswith("-"):  # 1500,00- as some banks write a debit
            cleaned = "-" + cleaned[:-1]
        point = self.profile.decimal_sign
        thousands = "." if point == "," else ","
        whole = cleaned.split(point, 1)[0]
        # The other sign may only group thousands (1.234,50), never stand for the decimal one.
        grouped = thousands not in whole or _GROUPED.fullmatch(whole.lstrip("+-"))
        cleaned = cleaned.replace(thousands, "").replace(point, ".")
        if not grouped or not _NUMBER.fullmatch(cleaned):
            raise self.error(
                f"{text[:40]!r} is not an amount (decimal sign {self.profile.decimal_sign!r})"
                if text
                else "the amount is empty",
                line,
                column,
            )
        return Decimal(cleaned)

    def date(self, text: str, line: int, column: str, required: bool) -> date | None:
        if not text:
            if required:
                raise self.error("the date is empty", line, column)
            return None
        formats = self.profile.date_format.split("|")
        for form in formats:
            try:
                return datetime.strptime(text, form).date()  # noqa: DTZ007 - a calendar date
            except ValueError:
                continue
        shown = " or ".join(formats).replace("%d", "dd").replace("%m", "mm")
        shown = shown.replace("%Y", "yyyy").replace("%y", "yy")
        raise self.error(f"{text[:40]!r} is not a date ({shown})", line, column)
