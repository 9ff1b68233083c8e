"""Batch lines and the files that itemise them (DESIGN §6: a batch line links to its detail
without counting the money twice).

A statement often books many incoming payments as one line, a *batch line*: "Sumpost OCR" in
Norway, a camt entry with a batch count. Who paid what comes in a *detail file*: a Nets OCR
giro file or a camt.054 notification, and either may arrive first. Every lump sum of a detail
file is kept as a :class:`~reskontro.storage.models.BankDetailBatch` with its payments, and the
import that comes second makes the link. Linked, the line's payments are rows of
``bank_statement_detail`` under it; the money stays the line's, no line or balance is added.

How a batch line finds its detail, in this order of preference:

1. camt.054: the entry with the same bank reference (``AcctSvcrRef``), the join key ISO
   recommends across camt.052, .053 and .054;
2. camt.054: the same batch id (``Btch/PmtInfId``, else ``Btch/MsgId``);
3. the same amount and date: a camt.054 entry, or the total of its notification or file,
   booked the same day; an OCR settlement lump sum, else the total of its OCR assignment or of
   the whole transmission, settled by Nets at most :data:`OCR_DAYS` days before or after the
   line's booking date. Three days, because a Friday settlement is booked on the Monday.

A smaller unit (one lump sum) is preferred to a larger one (the assignment, the file), and a
closer date to a farther one. Two candidates equally good leave the line unlinked with a
warning: a wrong link is worse than none, and the next import tries again.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import delete, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from reskontro.formats.statements import BOOKED, Entry, Statement
from reskontro.storage import models as m

#: Days an OCR settlement date may lie from the statement line's booking date.
OCR_DAYS = 3
OCR = "ocr"
CAMT054 = "camt.054"
CAMT053 = "camt.053"
"""A batch line itemised by its own statement's transaction details (``TxDtls`` with amounts)."""
_BATCH_TEXT = re.compile(r"^\s*sumpost\b", re.IGNORECASE)
_CHUNK = 500
_LEVELS = ("lump sum", "group", "file")


def is_batch_text(text: str | None) -> bool:
    """Whether a line's text names it a batch ("Sumpost OCR-", as Norwegian banks write).

    >>> is_batch_text("Sumpost OCR- 11111111111"), is_batch_text("Overforing m/KID")
    (True, False)
    """
    return bool(_BATCH_TEXT.match(text or ""))


class Payment(NamedTuple):
    """One payment of a detail file (kept as a tuple: an OCR file may hold 100,000)."""

    amount: Decimal | None
    """Signed, money in positive; ``None`` when the file gives none (never the batch's)."""
    booking_date: date | None
    text: str = ""
    counterparty_name: str = ""
    counterparty_account: str = ""
    references: tuple[tuple[str, str], ...] = ()
    """(kind, value) pairs: ``("KID", "0012345678904")``."""
    end_to_end_id: str = ""


@dataclass(frozen=True)
class NewBatch:
    """A lump sum of a detail file, before it is stored."""

    kind: str
    """:data:`OCR` or :data:`CAMT054`."""
    account: str
    amount: Decimal
    booking_date: date | None
    details: str
    """Its payments, as :func:`pack` writes them."""
    payments: int
    bank_reference: str = ""
    batch_id: str = ""
    message_id: str = ""
    group_id: str = ""


@dataclass(frozen=True)
class Link:
    """A batch line linked to the detail that itemises it."""

    bank_account_no: str
    statement_no: int
    line_no: int
    booking_date: date | None
    amount: Decimal
    detail_kind: str
    detail_import_no: int
    details: int
    """How many payments were put under the line."""
    matched_by: str
    note: str = ""


@dataclass(frozen=True)
class DetailInfo:
    detail_no: int
    amount: Decimal
    booking_date: date | None
    text: str
    counterparty_name: str
    counterparty_account: str
    references: list[str]
    end_to_end_id: str
    import_no: int


# -- keeping detail batches ------------------------------------------------------------------


def _packed(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)  # pragma: no cover - only the two are ever given


def pack(payments: Iterable[Payment]) -> str:
    """Payments of one lump sum as compact JSON. Their booking date is the lump sum's, kept
    once (:func:`unpack` puts it back)."""
    return pack_rows((p.amount, *p[2:]) for p in payments)


def pack_rows(rows: Iterable[tuple[Any, ...]]) -> str:
    """Rows of (amount, text, counterparty name, counterparty account, references, end-to-end
    id) as JSON; the amount as a :class:`~decimal.Decimal` or text already. An OCR file of
    100,000 payments is packed from such tuples without making a :class:`Payment` each."""
    return json.dumps(list(rows), default=_packed, ensure_ascii=False, separators=(",", ":"))


def unpack(text: str, day: date | None) -> list[Payment]:
    """The payments :func:`pack` wrote, booked on *day*.

    >>> p = Payment(Decimal("10.50"), date(2024, 1, 2), "x", references=(("KID", "123"),))
    >>> unpack(pack([p]), date(2024, 1, 2)) == [p]
    True
    """
    return [
        Payment(
            Decimal(amount) if amount is not None else None,
            day,
            text_,
            name,
            account,
            tuple((kind, value) for kind, value in references),
            end_to_end,
        )
        for amount, text_, name, account, references, end_to_end in json.loads(text or "[]")
    ]


def store_batches(
    session: Session, company_id: int, bank_no: str, import_no: int, batches: Sequence[NewBatch]
) -> None:
    """Keep a detail file's lump sums, unlinked, for :func:`link_details`."""
    first = (
        session.scalar(
            select(func.max(m.BankDetailBatch.batch_no)).where(
                m.BankDetailBatch.company_id == company_id,
                m.BankDetailBatch.import_no == import_no,
            )
        )
        or 0
    )
    rows = [
        {
            "company_id": company_id,
            "import_no": import_no,
            "batch_no": first + n,
            "kind": b.kind,
            "bank_account_no": bank_no,
            "account": b.account[:70],
            "amount": b.amount,
            "booking_date": b.booking_date,
            "bank_reference": b.bank_reference[:100],
            "batch_id": b.batch_id[:100],
            "message_id": b.message_id[:100],
            "group_id": b.group_id[:100],
            "payments": b.payments,
            "details": b.details,
        }
        for n, b in enumerate(batches, start=1)
    ]
    if rows:
        session.execute(insert(m.BankDetailBatch), rows)


def notification_batches(statement: Statement, index: int) -> list[NewBatch]:
    """The booked entries of a camt.054 notification as lump sums to link."""
    group = statement.id or f"notification {index}"
    batches = []
    for entry in statement.entries:
        if entry.status != BOOKED:
            continue
        batch = entry.batch
        payments = entry_payments(entry, whole=True)
        batches.append(
            NewBatch(
                kind=CAMT054,
                account=statement.account or "",
                amount=entry.amount,
                booking_date=entry.booking_date,
                details=pack(payments),
                payments=len(payments),
                bank_reference=entry.bank_reference or "",
                batch_id=(batch.payment_information_id or "") if batch else "",
                message_id=(batch.message_id or "") if batch else "",
                group_id=group,
            )
        )
    return batches


def entry_payments(entry: Entry, *, whole: bool) -> list[Payment]:
    """An entry's transactions as payments; with *whole*, an entry without transactions is
    one payment itself, and so is the only transaction of an entry that gives no amount of
    its own. Otherwise a transaction without an amount keeps ``None``: a batch's amount is
    never copied into its children."""
    alone = whole and len(entry.transactions) == 1
    payments = [
        Payment(
            entry.amount if alone and t.amount is None else t.amount,
            entry.booking_date,
            t.text or "",
            t.counterparty_name or "",
            t.counterparty_account or "",
            tuple((r.kind, r.value) for r in t.references),
            t.end_to_end_id or "",
        )
        for t in entry.transactions
    ]
    if not payments and whole:
        payments.append(
            Payment(
                entry.amount,
                entry.booking_date,
                entry.text or "",
                entry.counterparty_name or "",
                entry.counterparty_account or "",
                tuple((r.kind, r.value) for r in entry.references),
                "",
            )
        )
    return payments


def write_details(
    session: Session,
    company_id: int,
    bank_no: str,
    statement_no: int,
    line_no: int,
    import_no: int,
    payments: Sequence[Payment],
) -> None:
    rows = [
        {
            "company_id": company_id,
            "bank_account_no": bank_no,
            "statement_no": statement_no,
            "line_no": line_no,
            "detail_no": n,
            "amount": p.amount if p.amount is not None else Decimal(0),
            "booking_date": p.booking_date,
            "text": p.text,
            "counterparty_name": p.counterparty_name[:140],
            "counterparty_account": p.counterparty_account[:70],
            "references": json.dumps(
                [{"kind": k, "value": v} for k, v in p.references], ensure_ascii=False
            ),
            "end_to_end_id": p.end_to_end_id[:100],
            "import_no": import_no,
        }
        for n, p in enumerate(payments, start=1)
    ]
    for start in range(0, len(rows), _CHUNK * 10):
        session.execute(insert(m.BankStatementDetail), rows[start : start + _CHUNK * 10])


def detail_note(amount: Decimal, payments: Sequence[Payment]) -> str:
    """Why the details need a look: some have no amount, or they do not add up to the line.

    >>> day = date(2024, 1, 2)
    >>> detail_note(Decimal("15"), [Payment(Decimal("10"), day), Payment(Decimal("5"), day)])
    ''
    >>> detail_note(Decimal("15"), [Payment(Decimal("10"), day), Payment(None, day)])
    '1 of 2 details have no amount; the details add up to 10, the line is 15'
    """
    missing = sum(1 for p in payments if p.amount is None)
    total = sum((p.amount for p in payments if p.amount is not None), Decimal(0))
    parts = []
    if missing:
        parts.append(f"{missing} of {len(payments)} details have no amount")
    if total != amount:
        parts.append(f"the details add up to {total}, the line is {amount}")
    return "; ".join(parts)


# -- linking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """Lump sums that one statement line may book together."""

    rows: tuple[m.BankDetailBatch, ...]
    level: int
    """0: one lump sum; 1: its group (OCR assignment, camt.054 notification); 2: its file."""

    @property
    def kind(self) -> str:
        return self.rows[0].kind

    @property
    def import_no(self) -> int:
        return self.rows[0].import_no

    @property
    def amount(self) -> Decimal:
        return sum((r.amount for r in self.rows), Decimal(0))

    @property
    def day(self) -> date | None:
        days = {r.booking_date for r in self.rows}
        if self.kind == OCR:
            known = [d for d in days if d is not None]
            return max(known) if known else None
        return days.pop() if len(days) == 1 else None

    def words(self) -> str:
        what = "OCR giro" if self.kind == OCR else "camt.054"
        return f"{what} import {self.import_no} ({_LEVELS[self.level]} of {len(self.rows)})"


def _units(rows: Sequence[m.BankDetailBatch]) -> list[_Unit]:
    by_import: dict[int, list[m.BankDetailBatch]] = defaultdict(list)
    for row in rows:
        by_import[row.import_no].append(row)
    units: list[_Unit] = []
    for members in by_import.values():
        free = [r for r in members if r.statement_no is None]
        units.extend(_Unit((r,), 0) for r in free)
        groups: dict[str, list[m.BankDetailBatch]] = defaultdict(list)
        for r in members:
            groups[r.group_id].append(r)
        for group in groups.values():
            if len(group) > 1 and all(r.statement_no is None for r in group):
                units.append(_Unit(tuple(group), 1))
        if len(groups) > 1 and len(free) == len(members):
            units.append(_Unit(tuple(members), 2))
    return units


def _distance(unit: _Unit, line: m.BankStatementLine) -> int | None:
    """Days between the unit and the line, when close enough to link on amount and date."""
    day = unit.day
    if day is None or line.booking_date is None:
        return None
    days = abs((line.booking_date - day).days)
    limit = OCR_DAYS if unit.kind == OCR else 0
    return days if days <= limit else None


def _candidate_lines(
    session: Session, company_id: int, bank_no: str, free: Sequence[m.BankDetailBatch]
) -> list[m.BankStatementLine]:
    line = m.BankStatementLine
    refs = sorted({r.bank_reference for r in free if r.kind == CAMT054 and r.bank_reference})
    ids = sorted({i for r in free if r.kind == CAMT054 for i in (r.batch_id, r.message_id) if i})
    days = [r.booking_date for r in free if r.booking_date is not None]
    conditions: list[Any] = []
    for start in range(0, len(refs), _CHUNK):
        conditions.append(line.bank_reference.in_(refs[start : start + _CHUNK]))
    for start in range(0, len(ids), _CHUNK):
        conditions.append(line.batch_id.in_(ids[start : start + _CHUNK]))
    if days:
        conditions.append(
            line.booking_date.between(
                min(days) - timedelta(days=OCR_DAYS), max(days) + timedelta(days=OCR_DAYS)
            )
            & (line.detail_kind == "")
            & ((line.batch_count > 0) | func.lower(func.ltrim(line.text)).like("sumpost%"))
        )
    found: dict[tuple[int, int], m.BankStatementLine] = {}
    for condition in conditions:
        query = select(line).where(
            line.company_id == company_id,
            line.bank_account_no == bank_no,
            line.detail_kind.in_(("", CAMT053)),
            condition,
        )
        for row in session.scalars(query):
            found[(row.statement_no, row.line_no)] = row
    return [found[key] for key in sorted(found)]


def _line_words(line: m.BankStatementLine) -> str:
    when = line.booking_date.isoformat() if line.booking_date else "no date"
    return f"statement {line.statement_no}, line {line.line_no} ({when} {line.amount})"


def link_details(session: Session, company_id: int, bank_no: str) -> tuple[list[Link], list[str]]:
    """Link the bank account's batch lines and unlinked lump sums that belong together.

    Returns the links made and warnings (ambiguous or unequal candidates)."""
    free = list(
        session.scalars(
            select(m.BankDetailBatch).where(
                m.BankDetailBatch.company_id == company_id,
                m.BankDetailBatch.bank_account_no == bank_no,
                m.BankDetailBatch.statement_no.is_(None),
            )
        )
    )
    if not free:
        return [], []
    imports = sorted({r.import_no for r in free})
    rows = list(
        session.scalars(
            select(m.BankDetailBatch)
            .where(
                m.BankDetailBatch.company_id == company_id,
                m.BankDetailBatch.bank_account_no == bank_no,
                m.BankDetailBatch.import_no.in_(imports),
            )
            .order_by(m.BankDetailBatch.import_no, m.BankDetailBatch.batch_no)
        )
    )
    units = _units(rows)
    taken: set[tuple[int, int]] = set()
    links: list[Link] = []
    warnings: list[str] = []

    def available(unit: _Unit) -> bool:
        return all((r.import_no, r.batch_no) not in taken for r in unit.rows)

    for line in _candidate_lines(session, company_id, bank_no, free):
        choice, how = _choose(line, [u for u in units if available(u)], warnings)
        if choice is None:
            continue
        taken.update((r.import_no, r.batch_no) for r in choice.rows)
        links.append(_link(session, line, choice, how))
    return links, warnings


def _choose(
    line: m.BankStatementLine, units: Sequence[_Unit], warnings: list[str]
) -> tuple[_Unit | None, str]:
    words = _line_words(line)
    singles = [u for u in units if u.level == 0 and u.kind == CAMT054]
    if line.bank_reference:
        same = [u for u in singles if u.rows[0].bank_reference == line.bank_reference]
        if len(same) == 1 and same[0].amount == line.amount:
            return same[0], f"bank reference {line.bank_reference}"
        if same:
            warnings.append(
                f"{words}: {same[0].words()} has the same bank reference {line.bank_reference} "
                f"but {'another amount' if len(same) == 1 else 'is not the only one'}; not linked"
            )
            return None, ""
    if line.batch_id:
        same = [u for u in singles if line.batch_id in (u.rows[0].batch_id, u.rows[0].message_id)]
        if same:
            unit = _Unit(tuple(r for u in same for r in u.rows), 1)
            if unit.amount == line.amount:
                return unit, f"batch id {line.batch_id}"
            warnings.append(
                f"{words}: camt.054 entries with batch id {line.batch_id} add up to "
                f"{unit.amount}; not linked"
            )
            return None, ""
    if line.detail_kind or not (line.batch_count > 0 or is_batch_text(line.text)):
        return None, ""
    close = [
        (u.level, distance, u)
        for u in units
        if u.amount == line.amount and (distance := _distance(u, line)) is not None
    ]
    if not close:
        return None, ""
    best = min((level, distance) for level, distance, _ in close)
    tied = [u for level, distance, u in close if (level, distance) == best]
    if len(tied) > 1:
        warnings.append(
            f"{words} could be {', '.join(u.words() for u in tied)}; not linked, as they are "
            "equally likely"
        )
        return None, ""
    unit = tied[0]
    when = "date" if unit.kind == CAMT054 else f"settlement date within {OCR_DAYS} days"
    return unit, f"amount and {when}"


def _link(session: Session, line: m.BankStatementLine, unit: _Unit, how: str) -> Link:
    for row in unit.rows:
        row.statement_no, row.line_no = line.statement_no, line.line_no

    def linked(kind: str, import_no: int, payments: int, note: str) -> Link:
        return Link(
            line.bank_account_no,
            line.statement_no,
            line.line_no,
            line.booking_date,
            line.amount,
            kind,
            import_no,
            payments,
            f"{unit.words()}, by {how}",
            note,
        )

    if line.detail_kind == CAMT053:
        return linked(
            CAMT053,
            line.detail_import_no or 0,
            0,
            "already itemised by the statement's own transaction details; kept as they are",
        )
    payments = [p for row in unit.rows for p in unpack(row.details, row.booking_date)]
    write_details(
        session,
        line.company_id,
        line.bank_account_no,
        line.statement_no,
        line.line_no,
        unit.import_no,
        payments,
    )
    line.detail_kind = unit.kind
    line.detail_import_no = unit.import_no
    line.detail_note = detail_note(line.amount, payments)
    return linked(unit.kind, unit.import_no, len(payments), line.detail_note)


def unlink_lines(
    session: Session, company_id: int, bank_no: str, keys: Iterable[tuple[int, int]]
) -> None:
    """Take the details off lines that are going away; their lump sums become free again."""
    keys = list(keys)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        detail, batch = m.BankStatementDetail, m.BankDetailBatch
        session.execute(
            delete(detail).where(
                detail.company_id == company_id,
                detail.bank_account_no == bank_no,
                tuple_(detail.statement_no, detail.line_no).in_(chunk),
            )
        )
        session.execute(
            update(batch)
            .where(
                batch.company_id == company_id,
                batch.bank_account_no == bank_no,
                tuple_(batch.statement_no, batch.line_no).in_(chunk),
            )
            .values(statement_no=None, line_no=None)
            .execution_options(synchronize_session=False)
        )


# -- reading -----------------------------------------------------------------------------------


def details_of(
    session: Session, company_id: int, bank_no: str, statement_no: int
) -> dict[int, list[DetailInfo]]:
    """The details of a statement's lines, by line no."""
    detail = m.BankStatementDetail
    result: dict[int, list[DetailInfo]] = defaultdict(list)
    for row in session.scalars(
        select(detail)
        .where(
            detail.company_id == company_id,
            detail.bank_account_no == bank_no,
            detail.statement_no == statement_no,
        )
        .order_by(detail.line_no, detail.detail_no)
    ):
        result[row.line_no].append(
            DetailInfo(
                row.detail_no,
                row.amount,
                row.booking_date,
                row.text,
                row.counterparty_name,
                row.counterparty_account,
                [r["value"] for r in json.loads(row.references or "[]")],
                row.end_to_end_id,
                row.import_no,
            )
        )
    return dict(result)


def pending_batches(
    session: Session, company_id: int, bank_no: str, *, import_no: int | None = None
) -> int:
    """How many lump sums of detail files (of one import) still wait for their line."""
    query = select(func.count()).where(
        m.BankDetailBatch.company_id == company_id,
        m.BankDetailBatch.bank_account_no == bank_no,
        m.BankDetailBatch.statement_no.is_(None),
    )
    if import_no is not None:
        query = query.where(m.BankDetailBatch.import_no == import_no)
    return session.scalar(query) or 0
