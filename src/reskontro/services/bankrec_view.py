"""The rows of a bank reconciliation: loading them, and what ``bankrec show`` shows of them
(the lines with their matched entries and why, the open entries not matched yet, the totals).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from reskontro.domain.errors import ConflictError, NotFoundError, ValidationError
from reskontro.domain.money import ZERO
from reskontro.storage import models as m

#: Statement kinds whose balances chain from one to the next; only these are reconciled.
RECONCILABLE = ("camt.053", "mt940", "csv")
AUTO = "auto"
MANUAL = "manual"
OPEN = "open"
POSTED = "posted"


@dataclass(frozen=True)
class MatchedEntry:
    entry_no: int
    posting_date: date | None
    document_no: str
    description: str
    amount: Decimal
    match_kind: str
    explanation: str


@dataclass(frozen=True)
class RecLine:
    line_no: int
    booking_date: date | None
    amount: Decimal
    text: str
    counterparty_name: str
    applied: bool
    entries: list[MatchedEntry]


@dataclass(frozen=True)
class OutstandingEntry:
    entry_no: int
    posting_date: date
    document_no: str
    description: str
    amount: Decimal


@dataclass(frozen=True)
class ReconciliationView:
    bank_account_no: str
    statement_no: int
    status: str
    statement_date: date | None
    balance_last_statement: Decimal
    total_lines: Decimal
    closing_balance: Decimal | None
    difference: Decimal | None
    """Closing balance − (balance at the last statement + the lines); 0 when it can post."""
    matched_lines: int
    unmatched_lines: int
    lines: list[RecLine]
    outstanding: list[OutstandingEntry]
    """Open bank ledger entries no line is matched to."""
    outstanding_total: Decimal


def build_view(
    statement: m.BankStatement,
    *,
    status: str,
    last_balance: Decimal,
    lines: Sequence[m.BankStatementLine],
    matches: Sequence[m.BankRecMatch],
    entries: Mapping[int, m.BankLedgerEntryRow],
    outstanding: Sequence[m.BankLedgerEntryRow],
) -> ReconciliationView:
    by_line: dict[int, list[MatchedEntry]] = {}
    for row in matches:
        entry = entries.get(row.bank_entry_no)
        by_line.setdefault(row.line_no, []).append(
            MatchedEntry(
                row.bank_entry_no,
                entry.posting_date if entry else None,
                entry.document_no if entry else "",
                entry.description if entry else "",
                entry.amount if entry else ZERO,
                row.match_kind,
                row.explanation,
            )
        )
    rec_lines = [
        RecLine(
            line.line_no,
            line.booking_date,
            line.amount,
            line.text,
            line.counterparty_name,
            line.applied,
            by_line.get(line.line_no, []),
        )
        for line in lines
    ]
    total = sum((line.amount for line in lines), ZERO)
    closing = statement.closing_balance
    matched = sum(1 for line in rec_lines if line.entries)
    open_rows = [
        OutstandingEntry(e.entry_no, e.posting_date, e.document_no, e.description, e.amount)
        for e in outstanding
    ]
    return ReconciliationView(
        bank_account_no=statement.bank_account_no,
        statement_no=statement.statement_no,
        status=status,
        statement_date=statement.closing_date,
        balance_last_statement=last_balance,
        total_lines=total,
        closing_balance=closing,
        difference=None if closing is None else closing - (last_balance + total),
        matched_lines=matched,
        unmatched_lines=len(rec_lines) - matched,
        lines=rec_lines,
        outstanding=open_rows,
        outstanding_total=sum((e.amount for e in open_rows), ZERO),
    )


# -- loading the rows ---------------------------------------------------------------------


def bank_account(
    session: Session, company_id: int, bank_no: str, *, lock: bool = False
) -> m.BankAccount:
    row = session.get(m.BankAccount, (company_id, bank_no), with_for_update=lock)
    if row is None:
        raise NotFoundError(f"There is no bank account {bank_no}; see: reskontro bank-account list")
    return row


def load_statement(session: Session, company_id: int, bank_no: str, no: int) -> m.BankStatement:
    bank_account(session, company_id, bank_no)
    row = session.get(m.BankStatement, (company_id, bank_no, no))
    if row is None:
        raise NotFoundError(
            f"Bank account {bank_no} has no imported statement {no}; see: reskontro statement list"
        )
    return row


def load_reconciliation(
    session: Session, company_id: int, bank_no: str, no: int, *, for_change: bool = True
) -> m.BankReconciliation:
    """The statement's reconciliation, begun if need be; refused when posted and *for_change*."""
    statement = load_statement(session, company_id, bank_no, no)
    if statement.kind not in RECONCILABLE:
        raise ValidationError(
            f"Statement {no} of {bank_no} is a {statement.kind} report, not a statement whose "
            "balances follow on; reconcile the camt.053, MT940 or CSV statements"
        )
    rec = session.get(m.BankReconciliation, (company_id, bank_no, no), with_for_update=True)
    if rec is None:
        rec = m.BankReconciliation(
            company_id=company_id,
            bank_account_no=bank_no,
            statement_no=no,
            status=OPEN,
            posted_by="",
            previous_statement_no="",
        )
        session.add(rec)
        session.flush()
    if for_change and rec.status == POSTED:
        raise ConflictError(
            f"Statement {no} of {bank_no} is posted; undo it first: reskontro bankrec undo "
            f"{bank_no} {no}"
        )
    return rec


def load_lines(
    session: Session, company_id: int, bank_no: str, no: int
) -> list[m.BankStatementLine]:
    return list(
        session.scalars(
            select(m.BankStatementLine)
            .where(
                m.BankStatementLine.company_id == company_id,
                m.BankStatementLine.bank_account_no == bank_no,
                m.BankStatementLine.statement_no == no,
            )
            .order_by(m.BankStatementLine.line_no)
        )
    )


def load_matches(session: Session, company_id: int, bank_no: str, no: int) -> list[m.BankRecMatch]:
    return list(
        session.scalars(
            select(m.BankRecMatch)
            .where(
                m.BankRecMatch.company_id == company_id,
                m.BankRecMatch.bank_account_no == bank_no,
                m.BankRecMatch.statement_no == no,
            )
            .order_by(m.BankRecMatch.line_no, m.BankRecMatch.bank_entry_no)
        )
    )


def free_entries(session: Session, company_id: int, bank_no: str) -> list[m.BankLedgerEntryRow]:
    """Open, unreversed entries of the bank account that no reconciliation has matched yet."""
    matched = select(m.BankRecMatch.bank_entry_no).where(
        m.BankRecMatch.company_id == company_id, m.BankRecMatch.bank_account_no == bank_no
    )
    return list(
        session.scalars(
            select(m.BankLedgerEntryRow)
            .where(
                m.BankLedgerEntryRow.company_id == company_id,
                m.BankLedgerEntryRow.bank_account_no == bank_no,
                m.BankLedgerEntryRow.open.is_(True),
                m.BankLedgerEntryRow.reversed.is_(False),
                m.BankLedgerEntryRow.entry_no.not_in(matched),
            )
            .order_by(m.BankLedgerEntryRow.posting_date, m.BankLedgerEntryRow.entry_no)
        )
    )


def entries_by_no(
    session: Session, company_id: int, entry_nos: Iterable[int]
) -> dict[int, m.BankLedgerEntryRow]:
    """Bank ledger entries by their no."""
    wanted = set(entry_nos)
    if not wanted:
        return {}
    return {
        e.entry_no: e
        for e in session.scalars(
            select(m.BankLedgerEntryRow).where(
                m.BankLedgerEntryRow.company_id == company_id,
                m.BankLedgerEntryRow.entry_no.in_(wanted),
            )
        )
    }


def line_text(line: m.BankStatementLine) -> str:
    """All the bank said about a line, for looking up document nos. and descriptions in."""
    references = [
        str(r.get("value", "")) if isinstance(r, dict) else str(r)
        for r in json.loads(line.references or "[]")
    ]
    return " | ".join(
        part
        for part in (
            line.text,
            line.counterparty_name,
            *references,
            line.bank_reference,
            line.end_to_end_ids,
        )
        if part
    )


def match_groups(matches: Sequence[m.BankRecMatch]) -> list[tuple[set[int], set[int]]]:
    """The matches as (lines, entries) groups: one line with its entries, or one entry with
    its lines."""
    line_of: dict[int, set[int]] = defaultdict(set)
    for row in matches:
        line_of[row.bank_entry_no].add(row.line_no)
    groups: dict[frozenset[int], set[int]] = defaultdict(set)
    for row in matches:
        groups[frozenset(line_of[row.bank_entry_no])].add(row.bank_entry_no)
    return [(set(lines), entries) for lines, entries in groups.items()]
