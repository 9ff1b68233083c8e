"""Nets OCR giro records: the layout of each 80-character line, read and written.

Positions are 1-based and inclusive, as in Nets' system manual (OCR giro v2.0, §2.4), so each
layout below can be held against the manual line by line. Numeric fields are zero-filled on
the left; text fields are blank-filled on the right; the KID is blank-filled on the *left*.

The reader (:mod:`reskontro.formats.ocr_giro_reader`) cuts its hot records with the slices
these layouts give, and comes here to name the field when something is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum, IntEnum

from reskontro.domain.money import fmt, from_minor

LINE_LENGTH = 80
NO_DATE = "000000"


class TransactionType(IntEnum):
    """OCR giro transaction types (manual §2.4). 18 and 20 take money back."""

    GIRO_DEBITED_ACCOUNT = 10
    STANDING_ORDER = 11
    DIRECT_REMITTANCE = 12
    BUSINESS_TERMINAL_GIRO = 13
    COUNTER_GIRO = 14
    AVTALEGIRO = 15
    TELEGIRO = 16
    GIRO_PAID_IN_CASH = 17
    REVERSAL_WITH_KID = 18
    PURCHASE_WITH_KID = 19
    REVERSAL_WITH_TEXT = 20
    PURCHASE_WITH_TEXT = 21

    @property
    def is_reversal(self) -> bool:
        """Types 18 and 20 reverse an earlier terminal or internet purchase."""
        return self in (TransactionType.REVERSAL_WITH_KID, TransactionType.REVERSAL_WITH_TEXT)

    @property
    def has_free_text(self) -> bool:
        """Only types 20 and 21 may have amount item 3 (the free text)."""
        return self in (TransactionType.REVERSAL_WITH_TEXT, TransactionType.PURCHASE_WITH_TEXT)


class Kind(Enum):
    """What a field may hold."""

    DIGITS = "digits"
    DATE = "date"  # DDMMYY, required
    OPTIONAL_DATE = "optional date"  # DDMMYY, or 000000 for none
    SIGN = "sign"  # '0', or '-' for a negative amount
    KID = "kid"  # right-aligned digits, the last may be '-' (MOD11); blank when none
    TEXT = "text"  # anything
    ZEROS = "zeros"  # filler; documented as zeros


@dataclass(frozen=True)
class Field:
    """One field of a record."""

    name: str
    first: int
    last: int
    kind: Kind

    @property
    def cut(self) -> slice:
        return slice(self.first - 1, self.last)

    def problem(self, line: str) -> str | None:
        """What is wrong with this field on *line*, or None."""
        return self.check(line[self.cut])

    def check(self, value: str) -> str | None:
        """What is wrong with *value* for this field, or None."""
        return None if _CHECKS[self.kind](value) else f"{value!r} is not {_EXPECTED[self.kind]}"


@dataclass(frozen=True)
class Layout:
    """One record type: its name in the manual and its fields after the 8-character key."""

    name: str
    fields: tuple[Field, ...]

    def __getitem__(self, name: str) -> Field:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)

    def first_problem(self, line: str, *, fillers: bool = False) -> tuple[Field, str] | None:
        """The first field (fillers only when asked) that does not hold what it should."""
        for field in self.fields:
            if (field.kind is Kind.ZEROS) != fillers:
                continue
            problem = field.problem(line)
            if problem:
                return field, problem
        return None


D, DT, OD, S, K, T, Z = (
    Kind.DIGITS,
    Kind.DATE,
    Kind.OPTIONAL_DATE,
    Kind.SIGN,
    Kind.KID,
    Kind.TEXT,
    Kind.ZEROS,
)

# NY000010 | data sender 8 | transmission no. 7 | data recipient 8 | zeros 49
TRANSMISSION_START = Layout(
    "transmission start (NY000010)",
    (
        Field("data sender", 9, 16, D),
        Field("transmission number", 17, 23, D),
        Field("data recipient", 24, 31, D),
        Field("filler", 32, 80, Z),
    ),
)
# NY090020 | agreement ID 9 | assignment no. 7 | assignment account 11 | zeros 45
ASSIGNMENT_START = Layout(
    "assignment start (NY090020)",
    (
        Field("agreement ID", 9, 17, D),
        Field("assignment number", 18, 24, D),
        Field("assignment account", 25, 35, D),
        Field("filler", 36, 80, Z),
    ),
)
# NY09tt30 | transaction no. 7 | Nets date 6 | centre 2 | day code 2 | partial settlement 1 |
# serial 5 | sign 1 | amount in øre 17 | KID 25 (right-aligned) | card issuer 2 | zeros 4
ITEM_1 = Layout(
    "amount item 1 (NY09tt30)",
    (
        Field("transaction number", 9, 15, D),
        Field("Nets date", 16, 21, DT),
        Field("centre ID", 22, 23, D),
        Field("day code", 24, 25, D),
        Field("partial settlement number", 26, 26, D),
        Field("partial settlement serial number", 27, 31, D),
        Field("sign", 32, 32, S),
        Field("amount", 33, 49, D),
        Field("KID", 50, 74, K),
        Field("card issuer", 75, 76, T),
        Field("filler", 77, 80, Z),
    ),
)
# NY09tt31 | transaction no. 7 | form no. 10 | archive reference 9 | (filler) 7 | bank date 6 |
# debit account 11 | zeros 22.  Positions 35-41 are documented as filler, but Nets' own example
# has digits there, so they are kept as read.
ITEM_2 = Layout(
    "amount item 2 (NY09tt31)",
    (
        Field("transaction number", 9, 15, D),
        Field("form number", 16, 25, D),
        Field("archive reference", 26, 34, T),
        Field("positions 35-41", 35, 41, T),
        Field("bank date", 42, 47, OD),
        Field("debit account", 48, 58, D),
        Field("filler", 59, 80, Z),
    ),
)
# NY09tt32 (types 20 and 21 only) | transaction no. 7 | free text 40 | zeros 25
ITEM_3 = Layout(
    "amount item 3 (NY09tt32)",
    (
        Field("transaction number", 9, 15, D),
        Field("free text", 16, 55, T),
        Field("filler", 56, 80, Z),
    ),
)
# NY090088 | transactions 8 | records 8 (20 and 88 included) | total in øre 17 | Nets date 6 |
# earliest Nets date 6 | latest Nets date 6 | zeros 21
ASSIGNMENT_END = Layout(
    "assignment end (NY090088)",
    (
        Field("number of transactions", 9, 16, D),
        Field("number of records", 17, 24, D),
        Field("total amount", 25, 41, D),
        Field("Nets date", 42, 47, OD),
        Field("earliest Nets date", 48, 53, OD),
        Field("latest Nets date", 54, 59, OD),
        Field("filler", 60, 80, Z),
    ),
)
# NY000089 | transactions 8 | records 8 (all start and end records included) | total 17 |
# Nets date 6 | zeros 33
TRANSMISSION_END = Layout(
    "transmission end (NY000089)",
    (
        Field("number of transactions", 9, 16, D),
        Field("number of records", 17, 24, D),
        Field("total amount", 25, 41, D),
        Field("Nets date", 42, 47, OD),
        Field("filler", 48, 80, Z),
    ),
)
# An AvtaleGiro assignment's end (NY21tt88) has the same counts; its total may be zeros.
AVTALEGIRO_END = Layout(
    "AvtaleGiro assignment end (NY21tt88)",
    (
        Field("number of transactions", 9, 16, D),
        Field("number of records", 17, 24, D),
        Field("total amount", 25, 41, D),
    ),
)


# -- values ------------------------------------------------------------------------------

KNOWN_DATES: dict[str, date] = {}
"""Every DDMMYY text read so far, with its date: a file holds few distinct ones."""


def to_date(text: str) -> date:
    """DDMMYY → date. Years 69-99 are 1969-1999 and 00-68 are 2000-2068 (as ``%y``).

    Raises ValueError for anything else than a real date.
    """
    known = KNOWN_DATES.get(text)
    if known is not None:
        return known
    if len(text) != 6 or not (text.isdecimal() and text.isascii()):
        raise ValueError(f"{text!r} is not a date DDMMYY")
    year = int(text[4:6])
    day = date(year + (1900 if year >= 69 else 2000), int(text[2:4]), int(text[0:2]))
    KNOWN_DATES[text] = day
    return day


def from_date(day: date | None) -> str:
    """date → DDMMYY (000000 for none)."""
    if day is None:
        return NO_DATE
    if not 1969 <= day.year <= 2068:
        raise ValueError(f"{day.isoformat()} cannot be written as DDMMYY (1969-2068 only)")
    return f"{day.day:02d}{day.month:02d}{day.year % 100:02d}"


def _is_digits(value: str) -> bool:
    return value.isdecimal() and value.isascii()


def _is_date(value: str) -> bool:
    try:
        to_date(value)
    except ValueError:
        return False
    return True


def is_kid(value: str) -> bool:
    """Whether a KID field holds blanks, then digits of which the last may be '-'."""
    kid = value.lstrip(" ")
    if kid.endswith("-"):
        kid = kid[:-1]
        return bool(kid) and _is_digits(kid)
    return not kid or _is_digits(kid)


_CHECKS: dict[Kind, Callable[[str], bool]] = {
    Kind.DIGITS: _is_digits,
    Kind.DATE: _is_date,
    Kind.OPTIONAL_DATE: lambda value: value == NO_DATE or _is_date(value),
    Kind.SIGN: lambda value: value in ("0", "-"),
    Kind.KID: is_kid,
    Kind.TEXT: lambda value: True,
    Kind.ZEROS: lambda value: value.strip("0") == "",
}
_EXPECTED = {
    Kind.DIGITS: "digits",
    Kind.DATE: "a date DDMMYY",
    Kind.OPTIONAL_DATE: "a date DDMMYY or 000000",
    Kind.SIGN: "a sign: '0', or '-' for a negative amount",
    Kind.KID: "a KID: digits (the last may be '-'), right-aligned with blanks in front",
    Kind.TEXT: "text",
    Kind.ZEROS: "zeros, as the manual has it",
}


# -- what a file that is not OCR giro is ---------------------------------------------------


def describe_foreign(first_line: str) -> str:
    """Say what a file whose first line is not a transmission start seems to be."""
    head = first_line.removeprefix("\xef\xbb\xbf").lstrip()
    low = head[:400].lower()
    if not head:
        return "the file is empty: an OCR giro file starts with the record NY000010"
    if first_line.startswith("\xef\xbb\xbf"):
        prefix = "the file starts with a UTF-8 byte order mark, which OCR giro files never have"
        if head.startswith("NY000010"):
            return f"{prefix}; save it again as ISO-8859-1 text"
        return f"{prefix}, and " + describe_foreign(head)
    if head.startswith("01BGMAX"):
        return "this is a Bankgirot BgMax file (Swedish incoming payments), not Nets OCR giro"
    if head.startswith("<"):
        if "camt.05" in low or "bktocstmr" in low:
            return "this is a camt XML file (an ISO 20022 bank statement), not Nets OCR giro"
        return "this is an XML or HTML file, not Nets OCR giro"
    if head.startswith(("{1:", ":20:", ":940:")):
        return "this looks like an MT940 bank statement, not Nets OCR giro"
    if head.startswith("%PDF"):
        return "this is a PDF document, not an OCR giro file"
    if head.startswith("PK\x03\x04"):
        return "this is a ZIP archive (perhaps an Excel workbook), not an OCR giro file"
    if head.startswith("NY"):
        return (
            f"the first record is {head[:8]!r}, not the transmission start NY000010 "
            "every Nets OCR giro file begins with"
        )
    return (
        f"this is not a Nets OCR giro file: it starts with {head[:20]!r}, "
        "not with the transmission start record NY000010"
    )


RECORD_NAMES = {
    "10": "transmission start",
    "20": "assignment start",
    "30": "amount item 1",
    "31": "amount item 2",
    "32": "amount item 3",
    "88": "assignment end",
    "89": "transmission end",
}


def record_name(text: str) -> str:
    """How to name the record on *text* in a message: ``amount item 1 (NY091030)``."""
    return f"{RECORD_NAMES.get(text[6:8], 'record')} ({text[:8]})"


def explain_unknown(text: str) -> tuple[str, str]:
    """Why the first 8 characters of *text* are no OCR giro record: (field, message)."""
    service, kind, record = text[2:4], text[4:6], text[6:8]
    if text[:2] != "NY":
        return "format code", f"the line starts with {text[:2]!r}, not NY as every Nets record"
    if service not in ("00", "09", "21"):
        return "service code", (
            f"service code {service!r} is not 09 (OCR giro), 21 (AvtaleGiro) or 00 "
            "(transmission records)"
        )
    if record not in RECORD_NAMES:
        return "record type", f"record type {record!r} is not one of 10, 20, 30, 31, 32, 88, 89"
    if service == "21":
        return "service code", (
            "an AvtaleGiro record (service code 21) outside an AvtaleGiro assignment"
        )
    if (service == "00") != (record in ("10", "89")):
        return "service code", f"a {RECORD_NAMES[record]} record cannot have service code {service}"
    if record in ("30", "31", "32"):
        return "transaction type", f"transaction type {kind!r} is not one of OCR giro's 10 to 21"
    if service == "00":
        return "transmission type", f"transmission type {kind!r} is not 00"
    return "assignment type", f"assignment type {kind!r} is not 00, the type of OCR giro payments"


# -- control records -------------------------------------------------------------------


def control_mismatches(
    record: str, where: str, text: str, counted: tuple[int, int, int, int]
) -> list[tuple[str, str]]:
    """What an end record (88 or 89) on *text* states that the lines read do not bear out.

    *counted* is: transactions, records, the total net of the sign column and the total
    without deducting minus-signed amounts (both in øre). Returns (field, message) pairs.
    """
    count, record_count, total, gross = counted
    stated_count, stated_records, stated_total = int(text[8:16]), int(text[16:24]), int(text[24:41])
    found = []
    if stated_count != count:
        found.append(
            (
                "number of transactions",
                f"the {record} says {stated_count} transactions, but {where} has {count}",
            )
        )
    if stated_records != record_count:
        found.append(
            (
                "number of records",
                f"the {record} says {stated_records} records, but {where} has {record_count} "
                "(start and end records counted)",
            )
        )
    if stated_total != total:
        hint = (
            "; the stated total adds the amounts with a minus sign instead of deducting them"
            if stated_total == gross
            else ""
        )
        found.append(
            (
                "total amount",
                f"the {record} says {_kroner(stated_total)}, but the transactions of {where} "
                f"add up to {_kroner(total)} (net of the sign column){hint}",
            )
        )
    return found


def _kroner(ore: int) -> str:
    return fmt(from_minor(ore))


# -- writing (the writer checks each line by reading it back) ---------------------------------


def transmission_start(data_sender: str, number: str, data_recipient: str) -> str:
    return f"NY000010{data_sender}{number}{data_recipient}{'0' * 49}"


def assignment_start(agreement_id: str, number: str, account: str) -> str:
    return f"NY090020{agreement_id}{number}{account}{'0' * 45}"


def item_1(
    kind: TransactionType,
    number: int,
    nets_date: date,
    settlement: str,
    sign: str,
    amount_ore: int,
    kid: str | None,
    card_issuer: str,
) -> str:
    """*settlement* is centre ID, day code, partial settlement no. and serial (10 digits)."""
    return (
        f"NY09{kind:02d}30{number:07d}{from_date(nets_date)}{settlement}{sign}"
        f"{amount_ore:017d}{kid or '':>25}{card_issuer}0000"
    )


def item_2(
    kind: TransactionType,
    number: int,
    form_no: str,
    reference: str,
    filler: str,
    bank_date: date | None,
    debit_account: str | None,
) -> str:
    return (
        f"NY09{kind:02d}31{number:07d}{form_no}{reference}{filler}{from_date(bank_date)}"
        f"{debit_account or '0' * 11}{'0' * 22}"
    )


def item_3(kind: TransactionType, number: int, free_text: str) -> str:
    return f"NY09{kind:02d}32{number:07d}{free_text:<40}{'0' * 25}"


def assignment_end(
    transactions: int,
    records: int,
    total_ore: int,
    nets_date: date | None,
    earliest: date | None,
    latest: date | None,
) -> str:
    return (
        f"NY090088{transactions:08d}{records:08d}{total_ore:017d}{from_date(nets_date)}"
        f"{from_date(earliest)}{from_date(latest)}{'0' * 21}"
    )


def transmission_end(
    transactions: int, records: int, total_ore: int, nets_date: date | None
) -> str:
    return (
        f"NY000089{transactions:08d}{records:08d}{total_ore:017d}{from_date(nets_date)}{'0' * 33}"
    )
