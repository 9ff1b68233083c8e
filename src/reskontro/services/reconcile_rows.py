"""The rows of one payment reconciliation journal, loaded in a fixed number of queries: the
statement and its bank account, the lines and the details that itemise batch lines, their
applications and notes, which lines are posted, and which lines are not this journal's to post
(a lump sum an OCR giro import posted, a line bank reconciliation matched to an entry already
in the ledger).

What the journal applies is a :class:`Part`, named by (line no., detail no.): an ordinary line
is its detail 0. A batch line itemised by a camt.054 or by its own transaction details
(:data:`ITEMISED`) is applied payment by payment, one part per detail; what the details leave
unexplained, when they do not add up to the line, is the line's own part (detail 0).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from reskontro.domain.errors import ConflictError, NotFoundError, ValidationError
from reskontro.domain.money import ZERO
from reskontro.storage import models as m

#: ``PaymentReconciliation.status``
OPEN = "open"
POSTED = "posted"
#: ``AppliedPaymentEntry.status``
AUTO = "auto"
ACCEPTED = "accepted"
MANUAL = "manual"

#: ``BankStatementLine.detail_kind`` of lines applied detail by detail.
ITEMISED = ("camt.054", "camt.053")

Key = tuple[int, int]
"""A part of the journal: (line no., detail no.); detail 0 is the line itself."""

#: The statement statuses (set by the statement import) this journal does not work on.
_NOT_FINAL = {
    "provisional": "a provisional intraday report; apply the final statement that replaces it",
    "superseded": "an intraday report replaced by a final statement; apply that statement",
}


def sign(value: Decimal) -> int:
    """1, 0 or -1: the sign of an amount.

    >>> sign(Decimal("-0.01")), sign(Decimal(0))
    (-1, 0)
    """
    return (value > 0) - (value < 0)


def key_words(key: Key) -> str:
    """A part as the user writes it: ``LINE`` or ``LINE.DETAIL``.

    >>> key_words((10000, 0)), key_words((10000, 3))
    ('10000', '10000.3')
    """
    line_no, detail_no = key
    return f"{line_no}.{detail_no}" if detail_no else str(line_no)


@dataclass(frozen=True)
class Part:
    """What one row of the journal applies: a line, a detail of an itemised line, or what an
    itemised line's details leave unexplained (its detail 0)."""

    line: m.BankStatementLine
    detail_no: int
    amount: Decimal
    """Signed as the statement: money in positive."""
    day: date | None
    text: str
    counterparty_name: str
    counterparty_account: str
    references: tuple[str, ...]
    itemised: bool
    """A part of an itemised line (a detail, or the line's unexplained rest)."""

    @property
    def key(self) -> Key:
        return (self.line.line_no, self.detail_no)

    @property
    def words(self) -> str:
        return key_words(self.key)


@dataclass
class Journal:
    """One statement's payment reconciliation journal as stored."""

    statement: m.BankStatement
    bank: m.BankAccount
    rec: m.PaymentReconciliation | None
    lines: list[m.BankStatementLine]
    applications: dict[Key, list[m.AppliedPaymentEntry]] = field(default_factory=dict)
    states: dict[Key, m.PaymentLineState] = field(default_factory=dict)
    details: dict[int, list[m.BankStatementDetail]] = field(default_factory=dict)
    """The details of the itemised lines (:data:`ITEMISED`), by line no."""
    posted: dict[int, m.PostedPaymentLine] = field(default_factory=dict)
    bankrec_matches: dict[int, list[int]] = field(default_factory=dict)
    """Bank ledger entries bank reconciliation matched each line to."""
    skipped: dict[int, str] = field(default_factory=dict)
    """Lines this journal does not post, with the reason in words."""

    @property
    def bank_no(self) -> str:
        return self.statement.bank_account_no

    @property
    def statement_no(self) -> int:
        return self.statement.statement_no

    @property
    def status(self) -> str:
        return self.rec.status if self.rec is not None else OPEN

    def line(self, line_no: int) -> m.BankStatementLine:
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise NotFoundError(
            f"Statement {self.statement_no} of {self.bank_no} has no line {line_no}; "
            f"see: reskontro reconcile show {self.bank_no}/{self.statement_no}"
        )

    def open_lines(self) -> list[m.BankStatementLine]:
        """Lines still to apply and post here."""
        return [
            line
            for line in self.lines
            if line.line_no not in self.posted and line.line_no not in self.skipped
        ]

    def itemised(self, line_no: int) -> bool:
        return bool(self.details.get(line_no))

    def rest(self, line: m.BankStatementLine) -> Decimal:
        """What the line's details leave unexplained (the whole line when it has none)."""
        return line.amount - sum((d.amount for d in self.details.get(line.line_no, [])), ZERO)

    def parts_of(self, line: m.BankStatementLine) -> list[Part]:
        """What of the line is to apply: the line itself, or its details with an amount and
        the rest they leave unexplained, if any."""
        day = line_date(line, self.statement)
        details = self.details.get(line.line_no, [])
        rest = self.rest(line)
        parts = []
        if not details or rest:
            parts.append(
                Part(
                    line,
                    0,
                    rest,
                    day,
                    line.text,
                    line.counterparty_name,
                    line.counterparty_account,
                    tuple(line_references(line)),
                    bool(details),
                )
            )
        parts.extend(
            Part(
                line,
                d.detail_no,
                d.amount,
                d.booking_date or day,
                d.text,
                d.counterparty_name,
                d.counterparty_account,
                tuple(references_of(d.references)),
                True,
            )
            for d in details
            if d.amount
        )
        return parts

    def open_parts(self) -> list[Part]:
        """Parts still to apply and post here."""
        return [part for line in self.open_lines() for part in self.parts_of(line)]

    def part(self, key: Key) -> Part:
        """The part, or why the line has none by that no."""
        line_no, detail_no = key
        line = self.line(line_no)
        for part in self.parts_of(line):
            if part.detail_no == detail_no:
                return part
        details = self.details.get(line_no, [])
        ref = f"{self.bank_no}/{self.statement_no}"
        if detail_no == 0 and details:
            last = f" to {line_no}.{details[-1].detail_no}" if len(details) > 1 else ""
            raise ValidationError(
                f"Line {line_no} is a batch of {len(details)} payments ({line.detail_kind}) that "
                f"add up to it: apply them one by one, as {line_no}.{details[0].detail_no}{last}"
            )
        if any(d.detail_no == detail_no for d in details):
            raise ValidationError(
                f"Line {key_words(key)}: the file gives no amount for this payment, so there is "
                f"nothing to apply; what it paid is line {line_no}'s difference"
            )
        raise NotFoundError(
            f"Line {line_no} of statement {self.statement_no} of {self.bank_no} has no "
            f"detail {detail_no}; see: reskontro reconcile show {ref}"
        )

    def changeable(self, key: Key) -> Part:
        """The part, refused when its line is posted or not this journal's."""
        self.changeable_line(key[0])
        return self.part(key)

    def changeable_line(self, line_no: int) -> m.BankStatementLine:
        """The line, refused when it is posted or not this journal's."""
        line = self.line(line_no)
        if line_no in self.posted:
            posted = self.posted[line_no]
            raise ConflictError(
                f"Line {line_no} is posted (document {posted.document_no}, register "
                f"{posted.register_no}); it cannot be changed"
            )
        if line_no in self.skipped:
            raise ValidationError(f"Line {line_no} is not applied here: {self.skipped[line_no]}")
        return line

    def keys_of(self, line_no: int) -> list[Key]:
        """The parts of the line that have applications."""
        return [key for key in self.applications if key[0] == line_no]

    def applied_total(self, key: Key) -> Decimal:
        return sum((a.amount for a in self.applications.get(key, [])), ZERO)

    def difference(self, part: Part) -> Decimal:
        return part.amount - self.applied_total(part.key)


def line_date(line: m.BankStatementLine, statement: m.BankStatement) -> date | None:
    """The transaction date: the booking date, else the value date, else the statement's."""
    return line.booking_date or line.value_date or statement.closing_date


def line_references(line: m.BankStatementLine) -> list[str]:
    return references_of(line.references)


def references_of(stored: str) -> list[str]:
    """The values of a line's or detail's structured references (stored as JSON)."""
    values = []
    for item in json.loads(stored or "[]"):
        value = item.get("value", "") if isinstance(item, dict) else item
        if value:
            values.append(str(value))
    return values


def line_notes(state: m.PaymentLineState | None) -> list[str]:
    if state is None or not state.notes:
        return []
    return [str(n) for n in json.loads(state.notes)]


def load_journal(
    session: Session,
    company_id: int,
    bank_no: str,
    statement_no: int,
    *,
    for_change: bool = False,
    lock: bool = False,
    allow_posted: bool = False,
) -> Journal:
    """The journal of the statement (begun when *for_change* and not there yet). A change to a
    posted journal (unless *allow_posted*), or to a statement that is not final, is refused."""
    bank = session.get(m.BankAccount, (company_id, bank_no), with_for_update=lock)
    if bank is None:
        raise NotFoundError(f"There is no bank account {bank_no}; see: reskontro bank-account list")
    statement = session.get(m.BankStatement, (company_id, bank_no, statement_no))
    if statement is None:
        raise NotFoundError(
            f"Bank account {bank_no} has no imported statement {statement_no}; "
            "see: reskontro statement list"
        )
    status = str(getattr(statement, "status", "") or "")
    rec = session.get(
        m.PaymentReconciliation, (company_id, bank_no, statement_no), with_for_update=for_change
    )
    if for_change:
        if status in _NOT_FINAL:
            raise ValidationError(f"Statement {statement_no} of {bank_no} is {_NOT_FINAL[status]}")
        if rec is None:
            rec = m.PaymentReconciliation(
                company_id=company_id,
                bank_account_no=bank_no,
                statement_no=statement_no,
                status=OPEN,
                posted_by="",
                reconciled=False,
            )
            session.add(rec)
            session.flush()
        elif rec.status == POSTED and not allow_posted:
            raise ConflictError(
                f"The payment reconciliation of statement {statement_no} of {bank_no} is posted; "
                "nothing in it can change"
            )
    journal = Journal(statement, bank, rec, _lines(session, company_id, bank_no, statement_no))
    _load_rows(session, company_id, journal)
    return journal


def _lines(
    session: Session, company_id: int, bank_no: str, statement_no: int
) -> list[m.BankStatementLine]:
    query = _of_statement(m.BankStatementLine, company_id, bank_no, statement_no)
    return list(session.scalars(query.order_by(m.BankStatementLine.line_no)))


def _of_statement(model: Any, company_id: int, bank_no: str, statement_no: int) -> Select[Any]:
    return select(model).where(
        model.company_id == company_id,
        model.bank_account_no == bank_no,
        model.statement_no == statement_no,
    )


def _load_rows(session: Session, company_id: int, journal: Journal) -> None:
    key = (company_id, journal.bank_no, journal.statement_no)
    applications: dict[Key, list[m.AppliedPaymentEntry]] = defaultdict(list)
    query = _of_statement(m.AppliedPaymentEntry, *key).order_by(
        m.AppliedPaymentEntry.line_no,
        m.AppliedPaymentEntry.detail_no,
        m.AppliedPaymentEntry.part,
        m.AppliedPaymentEntry.application_no,
    )
    for row in session.scalars(query):
        applications[(row.line_no, row.detail_no)].append(row)
    journal.applications = dict(applications)
    journal.states = {
        (r.line_no, r.detail_no): r
        for r in session.scalars(_of_statement(m.PaymentLineState, *key))
    }
    itemised = {line.line_no for line in journal.lines if line.detail_kind in ITEMISED}
    details: dict[int, list[m.BankStatementDetail]] = defaultdict(list)
    if itemised:
        query = _of_statement(m.BankStatementDetail, *key).order_by(
            m.BankStatementDetail.line_no, m.BankStatementDetail.detail_no
        )
        for detail in session.scalars(query):
            if detail.line_no in itemised:
                details[detail.line_no].append(detail)
    journal.details = dict(details)
    journal.posted = {
        r.line_no: r for r in session.scalars(_of_statement(m.PostedPaymentLine, *key))
    }
    matches: dict[int, list[int]] = defaultdict(list)
    for match in session.scalars(_of_statement(m.BankRecMatch, *key)):
        matches[match.line_no].append(match.bank_entry_no)
    journal.bankrec_matches = dict(matches)
    # Lines bank reconciliation moved to a journal (a fee, interest) are posted from there.
    moved = {
        int(source_line): (f"{template}/{batch}", document_no)
        for source_line, template, batch, document_no in session.execute(
            select(
                m.JournalLine.source_line,
                m.JournalLine.template_name,
                m.JournalLine.batch_name,
                m.JournalLine.document_no,
            ).where(
                m.JournalLine.company_id == company_id,
                m.JournalLine.source_file == f"bankrec {journal.bank_no}/{journal.statement_no}",
            )
        )
        if source_line.isdigit()
    }
    for line in journal.lines:
        reason = _skip_reason(line, journal.bankrec_matches.get(line.line_no, []))
        if not reason and line.line_no in moved:
            where, document_no = moved[line.line_no]
            reason = f"moved to journal {where} as document {document_no}; post it there"
        if reason and line.line_no not in journal.posted:
            journal.skipped[line.line_no] = reason


def _skip_reason(line: m.BankStatementLine, matched: list[int]) -> str:
    if getattr(line, "detail_kind", "") == "ocr":
        import_no = getattr(line, "detail_import_no", None)
        return f"posted by OCR import {import_no}" if import_no else "posted by an OCR import"
    if matched:
        entries = ", ".join(map(str, sorted(matched)))
        what = "entries" if len(matched) > 1 else "entry"
        return (
            f"matched in bank reconciliation to bank ledger {what} {entries}, so it is in the "
            "ledger already"
        )
    if line.applied:
        return "reconciled in bank reconciliation"
    if line.amount == 0:
        return "its amount is zero"
    return ""
