"""Nets OCR giro files (Norway, service code 09): the parsed objects, ``parse`` and ``write``.

An OCR giro file is one *transmission* of *assignments* (one per agreement and account), each a
list of *transactions* of two or three 80-character records, closed by control records (counts,
total, dates). The files are ISO-8859-1. The record layouts are in
:mod:`~reskontro.formats.ocr_giro_records`, the streaming reader in
:mod:`~reskontro.formats.ocr_giro_reader`.

What we do that netsgiro does not: the sign column counts (``-`` makes a negative amount),
reversals (types 18 and 20) come out negative, MOD11 KIDs ending in ``-`` are read, and the
control records are checked: a mismatch becomes a :class:`ParseWarning` with its line, never
silence and never an exception. A file that cannot be read raises
:class:`~reskontro.domain.errors.FormatError` naming the line and the field. AvtaleGiro
assignments (service code 21) in an OCR giro file are skipped with a warning; a file of
AvtaleGiro alone is refused as such.

Control totals are net of the sign column (an amount with sign ``-`` is deducted), and
reversals count as their records carry them, unsigned: that is how Nets' own example adds up.

>>> transmission = parse(EXAMPLE, "example.txt")
>>> [(t.type.name, str(t.amount), t.kid) for t in transmission.transactions]
[('GIRO_DEBITED_ACCOUNT', '1020.00', '0036633'), ('REVERSAL_WITH_KID', '-500.00', '1009-')]
>>> transmission.warnings
()
>>> write(transmission) == EXAMPLE
True
"""

from __future__ import annotations

import gc
import io
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from decimal import Decimal
from itertools import chain, repeat
from typing import IO

from reskontro.domain.errors import AmountError, FormatError, ValidationError
from reskontro.domain.money import to_minor
from reskontro.formats import ocr_giro_records as records
from reskontro.formats.ocr_giro_records import TransactionType

ENCODING = "iso-8859-1"

EXAMPLE = (
    b"NY000010000080800170031000102000000000000000000000000000000000000000000000000000\n"
    b"NY090020001008566000000299991042764000000000000000000000000000000000000000000000\n"
    b"NY09103000000012001921320101464000000000000102000                  0036633000000\n"
    b"NY091031000000197975960160975960160000000160192999910055240000000000000000000000\n"
    b"NY09183000000022001921320001464000000000000050000                    1009-000000\n"
    b"NY091831000000200000000001234560010000000000000000000000000000000000000000000000\n"
    b"NY090088000000020000000600000000000152000200192200192200192000000000000000000000\n"
    b"NY000089000000020000000800000000000152000200192000000000000000000000000000000000\n"
)
"""A small file for examples: one payment, and one reversal whose MOD11 KID ends in ``-``."""


@dataclass(frozen=True)
class ParseWarning:
    """Something in the file that does not add up, but does not stop it being read."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class Transaction:
    """One payment (amount items 1, 2 and, for types 20 and 21, 3)."""

    number: int
    """Transaction number, a serial within the assignment."""
    type: TransactionType
    nets_date: date
    """The date Nets settled the payment (the posting date)."""
    amount: Decimal
    """Signed: negative when the sign column is ``-`` or the type is a reversal (18, 20)."""
    kid: str | None
    sign: str
    """The sign column as read: ``0``, or ``-`` for a negative amount."""
    centre_id: str
    day_code: int
    partial_settlement_no: int
    partial_settlement_serial: str
    form_no: str
    reference: str
    """Archive reference (types 11, 13 and forms), payer's agreement ID (12), BAX no. (18-21)."""
    bank_date: date | None
    debit_account: str | None
    """The payer's account, when the bank gives it."""
    free_text: str | None = None
    """Amount item 3's text (types 20 and 21); None when the transaction has no item 3."""
    card_issuer: str = "00"
    item2_filler: str = "0000000"
    """Positions 35-41 of item 2: filler in the manual, digits in Nets' own example."""
    line: int = field(default=0, compare=False)
    """The line of amount item 1; items 2 and 3 follow it."""

    @property
    def settlement_ref(self) -> str:
        """Centre, day code, partial settlement and serial: the key of the bank statement's
        lump sum this payment is part of (NAV's "PaymentRef")."""
        return (
            f"{self.centre_id}{self.day_code:02d}{self.partial_settlement_no}"
            f"{self.partial_settlement_serial}"
        )


@dataclass(frozen=True)
class Assignment:
    """One assignment: the payments to one account under one OCR agreement."""

    number: str
    agreement_id: str
    account: str
    nets_date: date | None
    """The date Nets made the assignment (from its end record)."""
    transactions: tuple[Transaction, ...] = ()
    line: int = field(default=0, compare=False)

    @property
    def first_nets_date(self) -> date | None:
        return min((t.nets_date for t in self.transactions), default=None)

    @property
    def last_nets_date(self) -> date | None:
        return max((t.nets_date for t in self.transactions), default=None)

    @property
    def total_amount(self) -> Decimal:
        """The money the payments bring in (reversals and minus-signed ones take away)."""
        return sum((t.amount for t in self.transactions), Decimal("0.00"))


@dataclass(frozen=True)
class Transmission:
    """A whole OCR giro file."""

    number: str
    data_sender: str
    data_recipient: str
    nets_date: date | None
    assignments: tuple[Assignment, ...] = ()
    warnings: tuple[ParseWarning, ...] = ()

    @property
    def transactions(self) -> Iterator[Transaction]:
        for assignment in self.assignments:
            yield from assignment.transactions

    @property
    def total_amount(self) -> Decimal:
        return sum((a.total_amount for a in self.assignments), Decimal("0.00"))


class TransactionDraft:
    """A :class:`Transaction` being filled in: how the reader makes one quickly.

    A frozen dataclass's ``__init__`` sets each of its 18 fields through
    ``object.__setattr__``, which costs more than reading the records. This twin has the same
    slots and plain attribute stores: the reader makes one, fills every slot in place (the
    slots refuse a misspelt name) and then assigns ``__class__ = Transaction``, which Python
    allows between classes with the same slots. A draft whose amount item 3 may follow waits
    as it is and gets its free text first. The tests hold the result equal to what
    ``Transaction(...)`` makes.
    """

    __slots__ = Transaction.__slots__


def iter_lines(data: bytes | IO[bytes]) -> Iterator[str]:
    """The lines of a file's bytes (or of a binary file), decoded as ISO-8859-1, line ends off.

    It decodes a megabyte at a time and splits on ``\\n`` alone (``\\r\\n`` counts as one), never
    on the other characters ``str.splitlines`` takes for line ends, so the line numbers are
    the file's. Memory stays at about a megabyte, whatever the size of the file.
    """
    return chain.from_iterable(map(str.split, _pieces(data), repeat("\n")))


_CHUNK = 1 << 20


def _pieces(data: bytes | IO[bytes]) -> Iterator[str]:
    """The file's text in pieces that end where a line ends (the line end itself left out)."""
    read = io.BytesIO(data).read if isinstance(data, bytes | bytearray) else data.read
    rest = b""
    while block := read(_CHUNK):
        block = rest + block
        cut = block.rfind(b"\n")
        if cut < 0:
            rest = block
            continue
        text = block[:cut].decode(ENCODING)
        yield text.replace("\r\n", "\n").removesuffix("\r") if "\r" in text else text
        rest = block[cut + 1 :]
    if rest:
        yield rest.decode(ENCODING).rstrip("\r")


def parse(data: bytes | IO[bytes], source: str = "") -> Transmission:
    """Read a whole OCR giro file; *source* (e.g. the file name) goes into error messages."""
    from reskontro.formats.ocr_giro_reader import OcrGiroReader  # it imports this module

    reader = OcrGiroReader(source)
    # The objects made here hold no reference cycles, but the cyclic garbage collector would
    # walk them again and again as they pile up (a third of the time for 100,000 payments).
    collecting = gc.isenabled()
    gc.disable()
    try:
        deque(reader.read(iter_lines(data)), maxlen=0)
    finally:
        if collecting:
            gc.enable()
    if reader.transmission is None:  # pragma: no cover - read() raises instead
        raise FormatError("the file could not be read", source=source or None)
    return reader.transmission


def iter_transactions(lines: Iterable[str], source: str = "") -> Iterator[Transaction]:
    """Stream the transactions of a file's lines without keeping them (see the reader)."""
    from reskontro.formats.ocr_giro_reader import OcrGiroReader  # it imports this module

    return OcrGiroReader(source, keep_transactions=False).read(lines)


# -- writing -----------------------------------------------------------------------------------

_WIDTHS = {
    "centre_id": 2,
    "partial_settlement_serial": 5,
    "form_no": 10,
    "reference": 9,
    "item2_filler": 7,
    "card_issuer": 2,
}
_LIMITS = {"number": 10**7, "day_code": 100, "partial_settlement_no": 10}


def write(transmission: Transmission) -> bytes:
    """The OCR giro file of *transmission* (ISO-8859-1), its control records computed.

    Refuses with :class:`~reskontro.domain.errors.ValidationError` whatever would not read
    back as the same objects (a field too wide, an amount finer than øre or whose sign
    disagrees with the sign column and type, a negative control total, …): it reads what it
    wrote and compares.
    """
    lines = [
        records.transmission_start(
            transmission.data_sender, transmission.number, transmission.data_recipient
        )
    ]
    count = total = 0
    try:
        for assignment in transmission.assignments:
            start = len(lines)
            lines.append(
                records.assignment_start(
                    assignment.agreement_id, assignment.number, assignment.account
                )
            )
            control = sum(_write_transaction(t, lines) for t in assignment.transactions)
            if control < 0:
                raise ValidationError(
                    f"assignment {assignment.number}: its control total would be negative, "
                    "which the assignment end record cannot hold"
                )
            lines.append(
                records.assignment_end(
                    len(assignment.transactions),
                    len(lines) - start + 1,
                    control,
                    assignment.nets_date,
                    assignment.first_nets_date,
                    assignment.last_nets_date,
                )
            )
            count += len(assignment.transactions)
            total += control
        lines.append(records.transmission_end(count, len(lines) + 1, total, transmission.nets_date))
        data = "".join(f"{line}\n" for line in lines).encode(ENCODING)
        written = parse(data)
    except ValueError as problem:
        if isinstance(problem, ValidationError):
            raise
        raise ValidationError(f"the transmission cannot be written: {problem}") from None
    difference = _difference("transmission", transmission, written)
    if difference:
        raise ValidationError(f"the transmission cannot be written as it is: {difference}")
    return data


def _write_transaction(transaction: Transaction, lines: list[str]) -> int:
    """Add the records of *transaction* to *lines*; return its part of the control total."""
    t = transaction
    for name, width in _WIDTHS.items():
        if len(getattr(t, name)) != width:
            raise ValidationError(
                f"transaction {t.number}: {name} {getattr(t, name)!r} must be {width} long"
            )
    for name, limit in _LIMITS.items():
        if not 0 <= getattr(t, name) < limit:
            raise ValidationError(f"transaction {t.number}: {name} must be below {limit}")
    try:
        ore = to_minor(abs(t.amount))
    except AmountError:
        raise ValidationError(f"transaction {t.number}: {t.amount} is not whole øre") from None
    lines.append(
        records.item_1(
            t.type, t.number, t.nets_date, t.settlement_ref, t.sign, ore, t.kid, t.card_issuer
        )
    )
    lines.append(
        records.item_2(
            t.type, t.number, t.form_no, t.reference, t.item2_filler, t.bank_date, t.debit_account
        )
    )
    if t.free_text is not None:
        lines.append(records.item_3(t.type, t.number, t.free_text))
    if any(len(line) != records.LINE_LENGTH for line in lines[-3:]):
        raise ValidationError(f"transaction {t.number}: a value is too wide for its field")
    return -ore if t.sign == "-" else ore


def _difference(where: str, wanted: object, written: object) -> str | None:
    """Where *written* (read back) differs from *wanted*, warnings aside."""
    if is_dataclass(wanted) and type(wanted) is type(written):
        for item in fields(wanted):
            if item.compare and item.name != "warnings":
                name = f"{where}.{item.name}"
                found = _difference(name, getattr(wanted, item.name), getattr(written, item.name))
                if found:
                    return found
        return None
    if isinstance(wanted, tuple) and isinstance(written, tuple) and len(wanted) == len(written):
        for index, (one, other) in enumerate(zip(wanted, written, strict=True)):
            found = _difference(f"{where}[{index}]", one, other)
            if found:
                return found
        return None
    if wanted != written:
        return f"{where} {wanted!r} would be read back as {written!r}"
    return None
