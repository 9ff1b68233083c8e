"""Bank statements as neutral objects, whatever file they came from (camt, MT940, CSV).

Every statement parser in :mod:`reskontro.formats` (``camt``, ``mt940``, ``bank_csv``) returns
these frozen records, so the import, duplicate detection and reconciliation work the same way
for every bank. Amounts are exact :class:`~decimal.Decimal` values with the scale the file
gave (camt allows five decimals); an entry's amount is signed: money in (credit) is positive,
money out (debit) negative.

:func:`detect_format` tells the three formats apart from the first bytes of a file, and
:func:`parse_statement_file` reads a file of any of them.

>>> detect_format(b'<?xml version="1.0"?><Document>')
'camt'
>>> detect_format(b":20:STMT1\\r\\n:25:NO9386011117947\\r\\n")
'mt940'
>>> detect_format(b"booking_date,amount,text\\n2024-01-02,100.00,Rent\\n")
'csv'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, BinaryIO, Final

from reskontro.domain.errors import FormatError

if TYPE_CHECKING:
    from reskontro.formats.bank_csv import CsvProfile

#: The kinds of statement a file can hold.
KINDS: Final = ("camt.052", "camt.053", "camt.054", "mt940", "csv")
#: The file formats :func:`detect_format` names (``--format`` on the command line).
FORMATS: Final = ("camt", "mt940", "csv")

#: Entry statuses: booked on the account, pending (not yet booked), or for information only.
BOOKED: Final = "booked"
PENDING: Final = "pending"
INFO: Final = "info"

#: Kinds of structured reference.
KID: Final = "KID"
"""A Norwegian KID (customer identification) on a Norwegian account."""
OCR: Final = "OCR"
"""A Swedish OCR reference (Bankgiro/Plusgiro) on a Swedish account."""
RF: Final = "RF"
"""An ISO 11649 creditor reference (``RF`` + two check digits + up to 21 characters)."""
DOCUMENT: Final = "document"
"""The number of a document the payment settles (camt ``RfrdDocInf/Nb``, an invoice no.)."""
OTHER: Final = "other"
"""Any other structured creditor reference (a foreign or proprietary one)."""


@dataclass(frozen=True)
class Reference:
    """One structured reference that came with a payment."""

    kind: str
    """:data:`KID`, :data:`OCR`, :data:`RF`, :data:`DOCUMENT` or :data:`OTHER`."""
    value: str
    """The reference as the file gave it (spaces inside kept)."""
    code: str | None = None
    """The file's own type: camt ``SCOR``, a proprietary type such as ``QRR``, or ``CINV``."""
    issuer: str | None = None
    """Who issued the reference type (camt ``Tp/Issr``, e.g. ``ISO``)."""
    amount: Decimal | None = None
    """The amount remitted against this reference (camt ``RfrdDocAmt/RmtdAmt``), if given."""


@dataclass(frozen=True)
class TransactionDetail:
    """One payment inside an entry (camt ``TxDtls``); a batch entry has many."""

    amount: Decimal | None
    """Signed like its entry; ``None`` when the file gives no amount for this payment (the
    entry's amount is then never copied in, so a batch is not counted twice)."""
    end_to_end_id: str | None
    """The payer's end-to-end id; ``None`` also for ISO's ``NOTPROVIDED``."""
    counterparty_name: str | None
    """The payer for a credit (``Dbtr``), the payee for a debit (``Cdtr``)."""
    counterparty_account: str | None
    """That party's account: IBAN, or the other identification (``Othr/Id``)."""
    text: str | None
    """Free text: every ``Ustrd``, ``Strd/AddtlRmtInf`` and ``AddtlTxInf``, space-separated."""
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class Batch:
    """What the bank says about a batch entry (camt ``NtryDtls/Btch``)."""

    number_of_transactions: int | None
    total: Decimal | None
    """The batch total, signed like the entry."""
    message_id: str | None = None
    payment_information_id: str | None = None


@dataclass(frozen=True)
class Entry:
    """One line of a statement: an amount booked (or pending) on the account."""

    amount: Decimal
    """Signed: credit (money in) positive, debit (money out) negative."""
    status: str
    """:data:`BOOKED`, :data:`PENDING` or :data:`INFO`."""
    booking_date: date | None
    value_date: date | None
    bank_reference: str | None
    """The bank's own reference for the entry (camt ``AcctSvcrRef``, MT940 ``//`` reference)."""
    text: str | None
    counterparty_name: str | None
    """The entry's counterparty, when all its transactions share one."""
    counterparty_account: str | None
    references: tuple[Reference, ...] = ()
    """Every structured reference of the entry's transactions, in file order, once each."""
    reversal: bool = False
    """The entry reverses an earlier one (camt ``RvslInd``, MT940 ``RC``/``RD``); the sign of
    :attr:`amount` is already the direction the money moved."""
    batch: Batch | None = None
    transactions: tuple[TransactionDetail, ...] = ()
    currency: str | None = None
    entry_reference: str | None = None
    """The account owner's reference (camt ``NtryRef``, MT940 customer reference)."""
    bank_code: str | None = None
    """The bank transaction code (``PMNT/RCDT/ESCT``, a proprietary code, MT940 ``NTRF``)."""


@dataclass(frozen=True)
class Balance:
    """One balance as the file stated it, signed (a debit balance is negative)."""

    type: str
    """ISO code: ``OPBD``, ``PRCD``, ``ITBD``, ``CLBD``, ``OPAV``, ``CLAV``, ``FWAV``, …"""
    amount: Decimal
    currency: str | None
    date: date | None


@dataclass(frozen=True)
class Statement:
    """One statement, report or notification of one account."""

    id: str | None
    """The bank's statement id (camt ``Id``, MT940 ``:20:``); ``None`` for CSV."""
    kind: str
    """One of :data:`KINDS`."""
    sequence: str | None
    """camt ``ElctrncSeqNb`` (else ``LglSeqNb``); MT940 ``:28C:`` as ``number/sequence``."""
    account: str | None
    """The account: an IBAN or the bank's other identification of it."""
    account_scheme: str | None
    """``IBAN``, or the scheme the file names for another id (``BBAN``), or ``None``."""
    currency: str | None
    opening_balance: Decimal | None
    """The opening booked balance: ``OPBD``, else ``PRCD``, else the first ``ITBD``."""
    closing_balance: Decimal | None
    """The closing booked balance: ``CLBD``, else a later ``ITBD`` (a page of a statement)."""
    opening_date: date | None
    closing_date: date | None
    created_at: datetime | None
    entries: tuple[Entry, ...] = ()
    balances: tuple[Balance, ...] = ()
    """Every balance the file gave, in file order (booked and available)."""
    version: str | None = None
    """The message version, e.g. ``001.02`` for camt.053.001.02."""
    warnings: tuple[str, ...] = ()
    """Faults the parser forgave, such as a balance without its debit/credit indicator."""


# -- telling the formats apart --------------------------------------------------------------

HEAD_BYTES = 65536
_MT940_TAG = re.compile(rb"(?m)^(?::20:|\{1:|:25:|:60[FM]:)")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def detect_format(data: bytes) -> str:
    """``camt``, ``mt940`` or ``csv``, from the first bytes of a file.

    XML is camt; a line starting with an MT940 tag (``:20:``, ``:25:``, ``:60F:``) or a SWIFT
    block header (``{1:``) is MT940; text with ``;``, ``,`` or tabs between values is CSV.

    >>> detect_format(b"\\xef\\xbb\\xbf  <Document/>")
    'camt'
    >>> detect_format(b"")
    Traceback (most recent call last):
        ...
    reskontro.domain.errors.FormatError: the file is empty
    """
    head = data[:HEAD_BYTES]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    stripped = head.lstrip()
    if not stripped:
        raise FormatError("the file is empty")
    if stripped.startswith(b"<"):
        return "camt"
    if _MT940_TAG.search(head):
        return "mt940"
    first_line = stripped.split(b"\n", 1)[0]
    if any(sep in first_line for sep in (b";", b",", b"\t")):
        return "csv"
    raise FormatError(
        "cannot tell the format: this is not camt XML, MT940 or CSV; "
        "give it with --format camt|mt940|csv"
    )


def parse_statement_file(
    data: bytes | BinaryIO,
    file_format: str | None = None,
    *,
    source: str = "",
    profile: CsvProfile | None = None,
    encoding: str | None = None,
) -> list[Statement]:
    """Every statement in a file of any supported format (detected when not given).

    *data* may be a binary file opened for reading, so a large camt file is streamed; the
    other formats are read whole. *profile* is needed for CSV; *encoding* overrides the
    encoding of MT940 and CSV (camt XML declares its own).
    """
    if file_format is None:
        file_format = detect_format(data if isinstance(data, bytes) else _peek(data))
    if file_format == "camt":
        from reskontro.formats.camt import parse_camt

        return parse_camt(data, source=source)
    raw = data if isinstance(data, bytes) else data.read()
    if file_format == "mt940":
        from reskontro.formats.mt940 import parse_mt940

        return parse_mt940(raw, source=source, encoding=encoding)
    if file_format == "csv":
        from reskontro.formats.bank_csv import GENERIC, parse_csv

        chosen = profile or GENERIC
        if encoding:
            chosen = chosen.with_encoding(encoding)
        return parse_csv(raw, chosen, source)
    raise FormatError(f"unknown format {file_format!r}; use one of {', '.join(FORMATS)}")


def _peek(stream: BinaryIO) -> bytes:
    start = stream.tell()
    head = stream.read(HEAD_BYTES)
    stream.seek(start)
    return head


# -- helpers the parsers share --------------------------------------------------------------


def reference_kind(value: str, code: str | None, country: str | None) -> str:
    """The kind of a structured creditor reference.

    An ``RF`` reference is recognised by its prefix; a plain ``SCOR`` (or untyped) reference
    of digits is the national one of the account's country: KID in Norway, OCR in Sweden.

    >>> reference_kind("RF18 5390 0754 7034", "SCOR", "NO")
    'RF'
    >>> reference_kind("0012345678904", "SCOR", "NO"), reference_kind("1234567897", None, "SE")
    ('KID', 'OCR')
    >>> reference_kind("0012345678904", "SCOR", "DE"), reference_kind("ABC", "QRR", "NO")
    ('other', 'other')
    """
    compact = value.replace(" ", "").upper()
    if code not in (None, "SCOR"):
        return OTHER
    if compact.startswith("RF") and compact[2:4].isdigit():
        return RF
    if compact.isdigit():
        national: Mapping[str | None, str] = {"NO": KID, "SE": OCR}
        return national.get(country, OTHER)
    return OTHER


def country_of(account: str | None, currency: str | None) -> str | None:
    """The account's country for reference kinds: the IBAN's prefix, else by currency.

    >>> country_of("NO9386011117947", None), country_of("12345678903", "SEK")
    ('NO', 'SE')
    """
    if account and len(account) > 2 and account[:2].isalpha() and account[2:4].isdigit():
        return account[:2].upper()
    return {"NOK": "NO", "SEK": "SE"}.get(currency or "")


def join_text(parts: list[str | None] | tuple[str | None, ...]) -> str | None:
    """Non-empty parts once each, in order, space-separated; ``None`` when nothing is left.

    >>> join_text(["Faktura 10", None, "", "Faktura 10", "KID 123"])
    'Faktura 10 KID 123'
    """
    seen: list[str] = []
    for part in parts:
        cleaned = " ".join(part.split()) if part else ""
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return " ".join(seen) if seen else None


def booked_balances(balances: tuple[Balance, ...]) -> tuple[Balance | None, Balance | None]:
    """The opening and the closing booked balance among a statement's balances.

    Opening: ``OPBD``, else ``PRCD``, else the first ``ITBD`` (a later page of a paginated
    statement opens with the interim balance). Closing: ``CLBD``, else the last ``ITBD`` that
    is not the opening one. Available balances (``OPAV``, ``CLAV``, …) are never used.

    >>> day = date(2024, 1, 2)
    >>> page = (Balance("ITBD", Decimal(5), "NOK", day), Balance("CLBD", Decimal(7), "NOK", day))
    >>> [b.amount if b else None for b in booked_balances(page)]
    [Decimal('5'), Decimal('7')]
    """
    by_type: dict[str, Balance] = {}
    for balance in balances:
        by_type.setdefault(balance.type, balance)
    interim = [balance for balance in balances if balance.type == "ITBD"]
    opening = by_type.get("OPBD") or by_type.get("PRCD") or (interim[0] if interim else None)
    closing = by_type.get("CLBD")
    if closing is None and interim and interim[-1] is not opening:
        closing = interim[-1]
    return opening, closing


def unique_references(groups: list[tuple[Reference, ...]]) -> tuple[Reference, ...]:
    """The references of several transactions, in order, each distinct one once."""
    result: list[Reference] = []
    seen: set[tuple[str, str]] = set()
    for group in groups:
        for reference in group:
            key = (reference.kind, reference.value)
            if key not in seen:
                seen.add(key)
                result.append(reference)
    return tuple(result)
