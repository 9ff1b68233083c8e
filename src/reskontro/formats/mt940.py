"""SWIFT MT940 (and MT942) bank statements, read through the ``mt-940`` library.

Facts: ``shared/reference/statement_formats.md`` §2. The library does the tag parsing; this
module decides what the library must not decide on its own:

* **Encoding.** The file is decoded here, never by the library (whose fallback, cp852, turns
  ``Ødegård`` into ``ědegňrd`` without a word). With an encoding given, the file must decode
  in it or is refused. Without one the reference's rule applies: strict UTF-8 (a byte order
  mark is dropped), else Windows-1252, which with ISO-8859-1 covers every Nordic letter.
* **One statement per ``:20:`` block**, each parsed on its own (``parse_statements``), so the
  balances of one never leak into another. Text before the first ``:20:`` (a bank's preamble)
  and the SWIFT envelope (``{1:…}``, ``-}``) are skipped.
* **Signs.** Credit ``C`` and reversal of a debit ``RD`` are money in (positive); debit ``D``
  and reversal of a credit ``RC`` money out (negative); ``RC``/``RD`` also set ``reversal``.
* **Long ``:86:`` texts** are kept whole, lines joined by newlines (the library cuts them after
  nine lines unless told not to).
* **Strictness the library lacks.** Balance and ``:61:`` lines are checked before the library
  sees them: it reads ``10.00`` as ``10`` and ``1e5`` as ``1``. A refusal names the line.

MT940 carries no transaction details, so entries have none; structured references are left
to the matching, which finds KID/OCR/RF candidates in the text and checks their digits.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import date
from decimal import Decimal
from typing import Any, Final

import mt940
from stdnum import iban

from reskontro.domain.errors import FormatError
from reskontro.formats.statements import (
    BOOKED,
    PENDING,
    Balance,
    Entry,
    Statement,
    booked_balances,
)

# The library logs every failed pattern at error level; our FormatError already says it.
logging.getLogger("mt940").addHandler(logging.NullHandler())

OPTIONS: Final = mt940.Options(
    reversal_sign=True,
    unbounded_details=True,
    strip_bom=True,
    applicant_iban=True,
    merge_keeps_values=True,
    case_insensitive_marks=True,
)
#: Tried in order when the caller names no encoding (the reference's rule for text files).
DEFAULT_ENCODINGS: Final = ("utf-8", "cp1252")
#: The library's balance keys → ISO balance type codes, in the order they are reported.
BALANCES: Final = (
    ("final_opening_balance", "OPBD"),
    ("opening_balance", "OPBD"),
    ("intermediate_opening_balance", "ITBD"),
    ("final_closing_balance", "CLBD"),
    ("closing_balance", "CLBD"),
    ("intermediate_closing_balance", "ITBD"),
    ("available_balance", "CLAV"),
    ("forward_available_balance", "FWAV"),
)
LIBRARY_FAULTS: Final = (
    RuntimeError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    ArithmeticError,
)

_TAG = re.compile(r":(?P<tag>[0-9]{2}[A-Z]?|NS):(?P<content>.*)")
_BALANCE_TAGS: Final = frozenset({"60F", "60M", "60", "62F", "62M", "62", "64", "65"})
_BALANCE_LINE = re.compile(r"[CD][0-9]{6}[A-Z]{3}[0-9]+(?:,[0-9]*)?")
_STATEMENT_LINE = re.compile(
    r"(?P<value>[0-9]{6})(?P<entry>[0-9]{4})?(?P<mark>R?[CD])[A-Z]?"
    r"(?P<amount>[0-9]+(?:,[0-9]*)?)[NFS][A-Z0-9]{3}",
    re.IGNORECASE,
)
_INTERIM_TAGS: Final = frozenset({"13D", "34F", "90D", "90C"})
_NO_REFERENCE: Final = "NONREF"


def decode(data: bytes, encoding: str | None = None, *, source: str = "") -> str:
    """The text of an MT940 file: in *encoding* when given, else UTF-8 or Windows-1252.

    >>> decode("Ødegård".encode("iso-8859-1"))
    'Ødegård'
    >>> decode(b"\\xc3\\x98degard", "ascii")
    Traceback (most recent call last):
        ...
    reskontro.domain.errors.FormatError: row 1: the file is not ascii: byte 0xc3 cannot be \
decoded; give the file's encoding (for example --encoding iso-8859-1)
    """
    for candidate in (encoding,) if encoding else DEFAULT_ENCODINGS:
        try:
            return data.decode(candidate).removeprefix("\ufeff")
        except LookupError:
            raise FormatError(
                f"unknown encoding {candidate!r}", source=source or None, field="encoding"
            ) from None
        except UnicodeDecodeError as exc:
            if encoding:
                line = data.count(b"\n", 0, exc.start) + 1
                raise FormatError(
                    f"the file is not {encoding}: byte {data[exc.start]:#04x} cannot be "
                    "decoded; give the file's encoding (for example --encoding iso-8859-1)",
                    source=source or None,
                    line=line,
                ) from None
    # Windows-1252 leaves five bytes undefined; ISO-8859-1 maps them, so this never fails.
    return data.decode("iso-8859-1")


def parse_mt940(data: bytes, *, source: str = "", encoding: str | None = None) -> list[Statement]:
    """Every statement (``:20:`` block) of an MT940 file, in file order."""
    text = decode(data, encoding, source=source)
    lines = [_clean(line) for line in text.splitlines()]
    starts = [number for number, line in enumerate(lines) if line.startswith(":20:")]
    if not starts:
        raise FormatError(
            "this is not an MT940 statement: no line starts with :20:", source=source or None
        )
    statements = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        statements.append(_statement(lines[start:end], start + 1, source))
    return statements


def _clean(line: str) -> str:
    """A line without the SWIFT envelope around block 4 (``{1:…}{2:…}{4:`` and ``-}``)."""
    stripped = line.rstrip()
    if stripped.startswith(("{", "-}")):
        return ""
    return stripped


def _check_lines(lines: list[str], first_line: int, source: str) -> tuple[int, bool]:
    """Refuse balance and ``:61:`` lines the library would misread; count the ``:61:``."""
    count = 0
    interim = False
    for offset, line in enumerate(lines):
        match = _TAG.match(line)
        if match is None:
            continue
        tag, content = match.group("tag"), match.group("content").strip()
        line_number = first_line + offset
        if tag in _BALANCE_TAGS and not _BALANCE_LINE.fullmatch(content):
            raise FormatError(
                f"{content[:40]!r} is not a balance: write C or D, the date as YYMMDD, the "
                "currency and the amount with a decimal comma (C240102NOK1500,00)",
                source=source or None,
                line=line_number,
                field=f":{tag}:",
            )
        if tag == "61":
            count += 1
            if not _STATEMENT_LINE.match(content):
                raise FormatError(
                    f"{content[:40]!r} is not a statement line: it must start with the value "
                    "date YYMMDD, an optional entry date MMDD, C, D, RC or RD, the amount with "
                    "a decimal comma and the transaction type (NTRF)",
                    source=source or None,
                    line=line_number,
                    field=f":{tag}:",
                )
        interim = interim or tag in _INTERIM_TAGS
    return count, interim


def _statement(lines: list[str], first_line: int, source: str) -> Statement:
    count, interim = _check_lines(lines, first_line, source)
    block = "\n".join(line for line in lines if line) + "\n"
    try:
        parsed = mt940.parse_statements(io.StringIO(block), options=OPTIONS)
    except LIBRARY_FAULTS as exc:
        detail = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        raise FormatError(
            f"the statement starting here cannot be read ({detail[:120]})",
            source=source or None,
            line=first_line,
            field=":20:",
        ) from None
    if len(parsed) != 1 or len(parsed[0].transactions) != count:
        raise FormatError(
            "the statement starting here could not be read whole; check its :61: lines",
            source=source or None,
            line=first_line,
            field=":61:",
        )
    data: dict[str, Any] = parsed[0].data
    balances = tuple(
        _balance(data[key], code) for key, code in BALANCES if data.get(key) is not None
    )
    opening, closing = booked_balances(balances)
    account = _text(data.get("account_identification"))
    warnings = () if account else (f"line {first_line}: the statement has no :25: account",)
    number, sequence = data.get("statement_number"), data.get("sequence_number")
    currency = opening.currency if opening else (closing.currency if closing else None)
    status = PENDING if interim else BOOKED
    return Statement(
        id=_text(data.get("transaction_reference")),
        kind="mt940",
        sequence=f"{number}/{sequence}" if number and sequence else _text(number),
        account=account,
        account_scheme="IBAN" if account and iban.is_valid(account) else None,
        currency=currency,
        opening_balance=opening.amount if opening else None,
        closing_balance=closing.amount if closing else None,
        opening_date=opening.date if opening else None,
        closing_date=closing.date if closing else None,
        created_at=None,
        entries=tuple(_entry(t.data, status) for t in parsed[0].transactions),
        balances=balances,
        warnings=warnings,
    )


def _balance(balance: Any, code: str) -> Balance:
    amount = abs(Decimal(balance.amount.amount))
    return Balance(
        type=code,
        amount=-amount if balance.status == "D" else amount,
        currency=_text(balance.amount.currency),
        date=_date(balance.date),
    )


def _entry(data: dict[str, Any], status: str) -> Entry:
    mark = str(data.get("status") or "").upper()
    amount = abs(Decimal(data["amount"].amount))
    signed = -amount if mark in ("D", "RC") else amount
    details = data.get("transaction_details")
    extra = _text(data.get("extra_details"))
    text = "\n".join(part for part in (_text(details), extra) if part) or None
    reference = _text(data.get("customer_reference"))
    return Entry(
        amount=signed,
        status=status,
        booking_date=_date(data.get("guessed_entry_date") or data.get("entry_date")),
        value_date=_date(data.get("date")),
        bank_reference=_text(data.get("bank_reference")),
        text=text,
        counterparty_name=_text(data.get("applicant_name")),
        counterparty_account=_text(data.get("applicant_iban")),
        reversal=mark.startswith("R"),
        currency=_text(data.get("currency")),
        entry_reference=None if reference == _NO_REFERENCE else reference,
        bank_code=_text(data.get("id")),
    )


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    return None
