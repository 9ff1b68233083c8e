"""The rows of one payment reconciliation journal, loaded in a fixed number of queries: the
statement and its bank account, the lines, their applications and notes, which lines are posted,
and which lines are not this journal's to post (a lump sum an OCR giro import posted, a line
bank reconciliation matched to an entry already in the ledger).
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

#: The statement statuses (set by the statement import) this journal does not work on.
_NOT_FINAL = {
    "provisional": "a provisional intraday report; apply the final statement that replaces it",
    "superseded": "an intraday report replaced by a final statement; apply that statement",
}


@dataclass
class Journal:
    """One statement's payment reconciliation journal as stored."""

    statement: m.BankStatement
    bank: m.BankAccount
    rec: m.PaymentReconciliation | None
    lines: list[m.BankStatementLine]
    applications: dict[int, list[m.AppliedPaymentEntry]] = field(default_factory=dict)
    states: dict[int, m.PaymentLineState] = field(default_factory=dict)
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

    def changeable(self, line_no: int) -> m.BankStatementLine:
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

    def applied_total(self, line_no: int) -> Decimal:
        return sum((a.amount for a in self.applications.get(line_no, [])), ZERO)

    def difference(self, line: m.BankStatementLine) -> Decimal:
        return line.amount - self.applied_total(line.line_no)


def line_date(line: m.BankStatementLine, statement: m.BankStatement) -> date | None:
    """The transaction date: the booking date, else the value date, else the statement's."""
    return line.booking_date or line.value_date or statement.closing_date


def line_references(line: m.BankStatementLine) -> list[str]:
    values = []
    for item in json.loads(line.references or "[]"):
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
    applications: dict[int, list[m.AppliedPaymentEntry]] = defaultdict(list)
    query = _of_statement(m.AppliedPaymentEntry, *key).order_by(
        m.AppliedPaymentEntry.line_no,
        m.AppliedPaymentEntry.part,
        m.AppliedPaymentEntry.application_no,
    )
    for row in session.scalars(query):
        applications[row.line_no].append(row)
    journal.applications = dict(applications)
    journal.states = {
        r.line_no: r for r in session.scalars(_of_statement(m.PaymentLineState, *key))
    }
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
