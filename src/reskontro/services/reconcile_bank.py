"""Reconciling the bank account in the same step as posting the payment reconciliation
journal (NAV's "Post Payments and Reconcile Bank Account"), through the bank reconciliation's
own tables, so that ``bankrec show`` and ``bankrec undo`` know the result.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from reskontro.domain.bankrec import amount_words
from reskontro.domain.errors import PostingError
from reskontro.domain.money import ZERO
from reskontro.services import bankrec_view as rec_view
from reskontro.services.bankrec import first_unreconciled_before
from reskontro.services.reconcile_rows import Journal
from reskontro.storage import models as m


def check_reconcilable(
    session: Session,
    company_id: int,
    journal: Journal,
    posting: Collection[int],
    problems: list[str],
) -> m.BankReconciliation:
    """Refuse unless the statement can be reconciled once its lines are posted."""
    statement, bank = journal.statement, journal.bank
    no, bank_no = journal.statement_no, journal.bank_no
    if statement.kind not in rec_view.RECONCILABLE:
        raise PostingError(
            f"Statement {no} of {bank_no} is a {statement.kind} report, whose balances do not "
            "follow on; post the payments only, and reconcile the final statement"
        )
    rec = rec_view.load_reconciliation(session, company_id, bank_no, no)
    earlier = first_unreconciled_before(session, company_id, bank_no, no)
    if earlier is not None:
        raise PostingError(
            f"Statement {no} is not the next one of {bank_no} to reconcile: reconcile statement "
            f"{earlier} first, or post the payments only"
        )
    if statement.closing_balance is None:
        raise PostingError(f"Statement {no} has no closing balance to reconcile against")
    total = sum((line.amount for line in journal.lines), ZERO)
    expected = bank.balance_last_statement + total
    if statement.closing_balance != expected:
        raise PostingError(
            f"Statement {no} closes with {amount_words(statement.closing_balance)}, but the last "
            f"statement's balance {amount_words(bank.balance_last_statement)} plus its lines "
            f"{amount_words(total)} is {amount_words(expected)}: a difference of "
            f"{amount_words(statement.closing_balance - expected)}; post the payments only"
        )
    for line in journal.lines:
        n = line.line_no
        if n in posting or n in journal.posted or journal.bankrec_matches.get(n):
            continue
        if n in journal.skipped:
            problems.append(
                f"line {n} was {journal.skipped[n]}; match it to its bank ledger entry first: "
                f"reskontro bankrec match-auto {bank_no} {no}"
            )
    return rec


def reconcile_statement(
    session: Session,
    company_id: int,
    journal: Journal,
    rec: m.BankReconciliation,
    posted: dict[int, tuple[str, int]],
    user: str,
) -> Decimal:
    """Match the posted lines to their bank ledger entries, close every matched entry and
    move the bank account on; returns the new balance at the last statement."""
    bank_no, no = journal.bank_no, journal.statement_no
    for line_no, (document, entry_no) in posted.items():
        if journal.bankrec_matches.get(line_no):
            continue
        session.add(
            m.BankRecMatch(
                company_id=company_id,
                bank_account_no=bank_no,
                statement_no=no,
                line_no=line_no,
                bank_entry_no=entry_no,
                match_kind=rec_view.AUTO,
                explanation=f"posted by the payment reconciliation journal as document {document}",
            )
        )
    session.flush()
    matches = rec_view.load_matches(session, company_id, bank_no, no)
    entries = rec_view.entries_by_no(session, company_id, {r.bank_entry_no for r in matches})
    amounts = {line.line_no: line.amount for line in journal.lines}
    problems = []
    for group_lines, group_entries in rec_view.match_groups(matches):
        line_sum = sum((amounts[n] for n in group_lines), ZERO)
        entry_sum = sum((entries[n].amount for n in group_entries), ZERO)
        if line_sum != entry_sum:
            problems.append(
                f"lines {sorted(group_lines)} ({amount_words(line_sum)}) and bank ledger "
                f"entries {sorted(group_entries)} ({amount_words(entry_sum)}) differ"
            )
    for entry in entries.values():
        if not entry.open or entry.bank_account_no != bank_no:
            problems.append(f"bank ledger entry {entry.entry_no} is no longer open")
    if problems:
        raise PostingError(
            "The bank account cannot be reconciled: some matches in bank reconciliation do not "
            "hold; nothing was posted",
            problems,
        )
    for entry in entries.values():
        entry.open = False
        entry.statement_no = str(no)
    for line in journal.lines:
        line.applied = True
    bank, closing = journal.bank, journal.statement.closing_balance
    assert closing is not None  # noqa: S101 - checked before posting
    rec.previous_statement_no = bank.last_statement_no
    rec.previous_balance = bank.balance_last_statement
    rec.status = rec_view.POSTED
    rec.posted_at = datetime.now(UTC)
    rec.posted_by = (user or "system")[:100]
    bank.last_statement_no = str(no)
    bank.balance_last_statement = closing
    return closing
