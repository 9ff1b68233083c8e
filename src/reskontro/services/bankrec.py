"""Bank account reconciliation: match an imported statement's lines to the open bank ledger
entries, and post it (NAV's Bank Acc. Reconciliation, ``bc_matching.md`` §9).

Matching only records pairs (``bank_rec_match``); posting closes the matched entries with the
statement no., marks the lines applied and moves the bank account's last statement no. and
balance on. Reconciliation never posts G/L entries and never changes a ledger amount: a line
the ledger lacks (a fee, interest) is moved to a journal, posted there, and then matched.
Statements are posted in order, and only the newest posted one can be undone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from reskontro.domain.bankrec import (
    DEFAULT_DATE_TOLERANCE,
    LedgerEntryFacts,
    StatementLineFacts,
    amount_words,
    check_manual_match,
)
from reskontro.domain.bankrec import (
    match_automatically as propose,
)
from reskontro.domain.enums import AccountType
from reskontro.domain.errors import ConflictError, NotFoundError, PostingError, ValidationError
from reskontro.domain.money import ZERO
from reskontro.services.bankrec_view import (
    AUTO,
    MANUAL,
    OPEN,
    POSTED,
    RECONCILABLE,
    ReconciliationView,
    bank_account,
    build_view,
    entries_by_no,
    free_entries,
    line_text,
    load_lines,
    load_matches,
    load_reconciliation,
    load_statement,
    match_groups,
)
from reskontro.services.journals import JournalLineInput, insert_lines
from reskontro.storage import models as m
from reskontro.storage.audit import record
from reskontro.storage.uow import UnitOfWork

# -- matching ----------------------------------------------------------------------------------


def match_automatically(
    engine: Engine,
    company_id: int,
    bank_account_no: str,
    statement_no: int,
    *,
    date_tolerance: int = DEFAULT_DATE_TOLERANCE,
    user: str = "",
) -> int:
    """Match the statement's unmatched lines to free open entries; returns how many pairs.

    Lines matched before (automatically or by hand) are kept as they are."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        load_reconciliation(session, company_id, bank_account_no, statement_no)
        matched_lines = {
            r.line_no for r in load_matches(session, company_id, bank_account_no, statement_no)
        }
        lines = [
            StatementLineFacts(line.line_no, line.amount, line.booking_date, line_text(line))
            for line in load_lines(session, company_id, bank_account_no, statement_no)
            if line.line_no not in matched_lines
        ]
        entries = [
            LedgerEntryFacts(
                e.entry_no,
                e.amount,
                e.posting_date,
                e.document_no,
                e.external_document_no,
                e.payment_reference,
                e.description,
            )
            for e in free_entries(session, company_id, bank_account_no)
        ]
        pairs = propose(lines, entries, date_tolerance=date_tolerance)
        for pair in pairs:
            session.add(
                m.BankRecMatch(
                    company_id=company_id,
                    bank_account_no=bank_account_no,
                    statement_no=statement_no,
                    line_no=pair.line_no,
                    bank_entry_no=pair.entry_no,
                    match_kind=AUTO,
                    explanation=pair.explanation[:500],
                )
            )
        record(
            session,
            company_id,
            user,
            "bankrec-match",
            "bank_statement",
            f"{bank_account_no}/{statement_no}",
            automatic=True,
            pairs=len(pairs),
            date_tolerance=date_tolerance,
        )
        uow.commit()
        return len(pairs)


def match_manually(
    engine: Engine,
    company_id: int,
    bank_account_no: str,
    statement_no: int,
    line_nos: Sequence[int],
    entry_nos: Sequence[int],
    user: str = "",
) -> str:
    """Match lines to entries by hand: one line to several entries or several lines to one
    entry, when the sums are equal. Returns the explanation stored with the pairs."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        load_reconciliation(session, company_id, bank_account_no, statement_no)
        lines = {
            line.line_no: line
            for line in load_lines(session, company_id, bank_account_no, statement_no)
        }
        matched = {
            r.line_no for r in load_matches(session, company_id, bank_account_no, statement_no)
        }
        problems: list[str] = []
        for no in dict.fromkeys(line_nos):
            if no not in lines:
                problems.append(f"statement {statement_no} has no line {no}")
            elif no in matched:
                problems.append(f"line {no} is matched already; unmatch it first")
        free = {e.entry_no: e for e in free_entries(session, company_id, bank_account_no)}
        for no in dict.fromkeys(entry_nos):
            if no not in free:
                problems.append(
                    f"bank ledger entry {no} is not an open entry of {bank_account_no} "
                    "free to match (closed, reversed, of another account, or matched already)"
                )
        if problems:
            raise ValidationError("; ".join(problems))
        explanation = check_manual_match(
            [(no, lines[no].amount) for no in dict.fromkeys(line_nos)],
            [(no, free[no].amount) for no in dict.fromkeys(entry_nos)],
        )
        for line_no in dict.fromkeys(line_nos):
            for entry_no in dict.fromkeys(entry_nos):
                session.add(
                    m.BankRecMatch(
                        company_id=company_id,
                        bank_account_no=bank_account_no,
                        statement_no=statement_no,
                        line_no=line_no,
                        bank_entry_no=entry_no,
                        match_kind=MANUAL,
                        explanation=explanation[:500],
                    )
                )
        record(
            session,
            company_id,
            user,
            "bankrec-match",
            "bank_statement",
            f"{bank_account_no}/{statement_no}",
            lines=list(line_nos),
            entries=list(entry_nos),
        )
        uow.commit()
        return explanation


def remove_match(
    engine: Engine,
    company_id: int,
    bank_account_no: str,
    statement_no: int,
    line_no: int,
    user: str = "",
) -> list[int]:
    """Unmatch a line and whatever is matched with it (for several lines matched to one
    entry, all of them). Returns the lines now unmatched."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        load_reconciliation(session, company_id, bank_account_no, statement_no)
        matches = load_matches(session, company_id, bank_account_no, statement_no)
        group = next((g for g in match_groups(matches) if line_no in g[0]), None)
        if group is None:
            raise ValidationError(f"line {line_no} of statement {statement_no} is not matched")
        lines, _ = group
        session.execute(
            delete(m.BankRecMatch).where(
                m.BankRecMatch.company_id == company_id,
                m.BankRecMatch.bank_account_no == bank_account_no,
                m.BankRecMatch.statement_no == statement_no,
                m.BankRecMatch.line_no.in_(lines),
            )
        )
        record(
            session,
            company_id,
            user,
            "bankrec-unmatch",
            "bank_statement",
            f"{bank_account_no}/{statement_no}",
            lines=sorted(lines),
        )
        uow.commit()
        return sorted(lines)


def show(
    engine: Engine, company_id: int, bank_account_no: str, statement_no: int
) -> ReconciliationView:
    """The reconciliation as it stands: lines with their entries and why, the open entries
    not matched, the totals and the difference."""
    with UnitOfWork(engine) as uow:
        session = uow.session
        statement = load_statement(session, company_id, bank_account_no, statement_no)
        rec = session.get(m.BankReconciliation, (company_id, bank_account_no, statement_no))
        bank = bank_account(session, company_id, bank_account_no)
        matches = load_matches(session, company_id, bank_account_no, statement_no)
        wanted = {r.bank_entry_no for r in matches}
        entries = entries_by_no(session, company_id, wanted)
        posted = rec is not None and rec.status == POSTED
        return build_view(
            statement,
            status=rec.status if rec is not None else OPEN,
            last_balance=rec.previous_balance if posted and rec else bank.balance_last_statement,
            lines=load_lines(session, company_id, bank_account_no, statement_no),
            matches=matches,
            entries=entries,
            outstanding=free_entries(session, company_id, bank_account_no),
        )


def _refuse_posted_elsewhere(session: Session, line: m.BankStatementLine) -> None:
    """A line whose money is in the ledger already (posted by the payment reconciliation
    journal, or a lump sum an OCR giro import put in a journal) is matched, never moved to a
    journal: that would post it a second time."""
    where = f"line {line.line_no} of statement {line.statement_no} of {line.bank_account_no}"
    posted = session.get(
        m.PostedPaymentLine,
        (line.company_id, line.bank_account_no, line.statement_no, line.line_no),
    )
    if posted is not None:
        raise ConflictError(
            f"{where} was posted by the payment reconciliation journal as document "
            f"{posted.document_no} (register {posted.register_no}); match it to that bank ledger "
            "entry instead of moving it to a journal"
        )
    if line.detail_kind == "ocr":
        raise ConflictError(
            f"{where} is the lump sum of OCR giro import {line.detail_import_no}, whose payments "
            "were put in a journal by that import; match it to the lump sum's bank ledger entry "
            "instead of moving it to a journal"
        )


def transfer_to_journal(
    engine: Engine,
    company_id: int,
    bank_account_no: str,
    statement_no: int,
    line_no: int,
    gl_account: str,
    *,
    template: str = "GENERAL",
    batch: str = "DEFAULT",
    user: str = "",
) -> str:
    """Put an unmatched line (a fee, interest) in a journal against *gl_account*, with the bank
    account as balancing account. Returns the journal line's document no.; once it is posted,
    its bank ledger entry can be matched to the line."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        load_reconciliation(session, company_id, bank_account_no, statement_no)
        line = session.get(
            m.BankStatementLine, (company_id, bank_account_no, statement_no, line_no)
        )
        if line is None:
            raise NotFoundError(
                f"statement {statement_no} of {bank_account_no} has no line {line_no}"
            )
        if any(
            r.line_no == line_no
            for r in load_matches(session, company_id, bank_account_no, statement_no)
        ):
            raise ValidationError(f"line {line_no} is matched; only an unmatched line is moved")
        _refuse_posted_elsewhere(session, line)
        account = session.get(m.GLAccount, (company_id, gl_account))
        if account is None:
            raise NotFoundError(f"There is no G/L account {gl_account}")
        source = f"bankrec {bank_account_no}/{statement_no}"
        in_journal = select(m.JournalLine.document_no).where(
            m.JournalLine.company_id == company_id,
            m.JournalLine.source_file == source,
            m.JournalLine.source_line == str(line_no),
        )
        earlier = session.scalar(in_journal)
        if earlier is not None:
            raise ConflictError(
                f"line {line_no} is in a journal already, as document {earlier}; post it there"
            )
        insert_lines(
            session,
            company_id,
            template,
            batch,
            [
                JournalLineInput(
                    account_type=AccountType.GL,
                    account_no=gl_account,
                    amount=-line.amount,
                    posting_date=line.booking_date,
                    description=(line.text or line.counterparty_name)[:100],
                    bal_account_type=AccountType.BANK,
                    bal_account_no=bank_account_no,
                    external_document_no=line.bank_reference[:35],
                    source_file=source,
                    source_line=str(line_no),
                )
            ],
        )
        document_no = session.scalar(in_journal)
        record(
            session,
            company_id,
            user,
            "bankrec-transfer",
            "bank_statement",
            f"{bank_account_no}/{statement_no}",
            line=line_no,
            account=gl_account,
            journal=f"{template}/{batch}",
        )
        uow.commit()
        return document_no or ""


# -- posting and undoing ------------------------------------------------------------------------


def first_unreconciled_before(
    session: Session, company_id: int, bank_account_no: str, statement_no: int
) -> int | None:
    """The first statement of the account before *statement_no* that could be reconciled and
    is not yet (posted); None when there is none."""
    return session.scalars(
        select(m.BankStatement.statement_no)
        .outerjoin(
            m.BankReconciliation,
            (m.BankReconciliation.company_id == m.BankStatement.company_id)
            & (m.BankReconciliation.bank_account_no == m.BankStatement.bank_account_no)
            & (m.BankReconciliation.statement_no == m.BankStatement.statement_no),
        )
        .where(
            m.BankStatement.company_id == company_id,
            m.BankStatement.bank_account_no == bank_account_no,
            m.BankStatement.statement_no < statement_no,
            m.BankStatement.kind.in_(RECONCILABLE),
            (m.BankReconciliation.status.is_(None)) | (m.BankReconciliation.status != POSTED),
        )
        .order_by(m.BankStatement.statement_no)
        .limit(1)
    ).first()


def _check_next(session: Session, rec: m.BankReconciliation) -> None:
    """Earlier statements of the account must be posted first."""
    earlier = first_unreconciled_before(
        session, rec.company_id, rec.bank_account_no, rec.statement_no
    )
    if earlier is not None:
        raise PostingError(
            f"Statement {rec.statement_no} is not the next one of {rec.bank_account_no}: "
            f"post statement {earlier} first"
        )


def post(
    engine: Engine, company_id: int, bank_account_no: str, statement_no: int, user: str = ""
) -> ReconciliationView:
    """Post the reconciliation, all or nothing (see the module text)."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        rec = load_reconciliation(session, company_id, bank_account_no, statement_no)
        statement = load_statement(session, company_id, bank_account_no, statement_no)
        bank = bank_account(session, company_id, bank_account_no, lock=True)
        _check_next(session, rec)
        lines = load_lines(session, company_id, bank_account_no, statement_no)
        total = sum((line.amount for line in lines), ZERO)
        if statement.closing_balance is None:
            raise PostingError(f"Statement {statement_no} has no closing balance to post against")
        expected = bank.balance_last_statement + total
        if statement.closing_balance != expected:
            raise PostingError(
                f"Statement {statement_no} closes with {amount_words(statement.closing_balance)}, "
                f"but the last statement's balance {amount_words(bank.balance_last_statement)} "
                f"plus its lines {amount_words(total)} is {amount_words(expected)}: a difference "
                f"of {amount_words(statement.closing_balance - expected)}"
            )
        matches = load_matches(session, company_id, bank_account_no, statement_no)
        matched = {r.line_no for r in matches}
        unmatched = [line for line in lines if line.line_no not in matched]
        if unmatched:
            raise PostingError(
                f"Statement {statement_no} has {len(unmatched)} unmatched line(s); match them "
                "or move them to a journal",
                [
                    f"line {line.line_no}: {line.booking_date} {amount_words(line.amount)} "
                    f"{line.text[:60]}"
                    for line in unmatched
                ],
            )
        entries = entries_by_no(session, company_id, {r.bank_entry_no for r in matches})
        amounts = {line.line_no: line.amount for line in lines}
        problems = []
        for group_lines, group_entries in match_groups(matches):
            line_sum = sum((amounts[n] for n in group_lines), ZERO)
            entry_sum = sum((entries[n].amount for n in group_entries), ZERO)
            if line_sum != entry_sum:
                problems.append(f"lines {sorted(group_lines)} and entries {sorted(group_entries)}")
        for entry in entries.values():
            if not entry.open or entry.bank_account_no != bank_account_no:
                problems.append(f"bank ledger entry {entry.entry_no} is no longer open")
        if problems:
            raise PostingError("Some matches no longer hold; unmatch and match again", problems)
        for entry in entries.values():
            entry.open = False
            entry.statement_no = str(statement_no)
        for line in lines:
            line.applied = True
        rec.previous_statement_no = bank.last_statement_no
        rec.previous_balance = bank.balance_last_statement
        rec.status = POSTED
        rec.posted_at = datetime.now(UTC)
        rec.posted_by = (user or "system")[:100]
        bank.last_statement_no = str(statement_no)
        bank.balance_last_statement = statement.closing_balance
        record(
            session,
            company_id,
            user,
            "bankrec-post",
            "bank_statement",
            f"{bank_account_no}/{statement_no}",
            entries=sorted(entries),
            balance=statement.closing_balance,
        )
        uow.commit()
    return show(engine, company_id, bank_account_no, statement_no)


def undo(
    engine: Engine, company_id: int, bank_account_no: str, statement_no: int, user: str = ""
) -> ReconciliationView:
    """Undo the newest posted reconciliation of the account: its entries open again, its lines
    are no longer applied, and the bank account's last statement no. and balance are restored.
    The matches stay, so it can be changed and posted again."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        rec = load_reconciliation(
            session, company_id, bank_account_no, statement_no, for_change=False
        )
        if rec.status != POSTED:
            raise ValidationError(f"Statement {statement_no} of {bank_account_no} is not posted")
        bank = bank_account(session, company_id, bank_account_no, lock=True)
        newer = session.scalar(
            select(m.BankReconciliation.statement_no)
            .where(
                m.BankReconciliation.company_id == company_id,
                m.BankReconciliation.bank_account_no == bank_account_no,
                m.BankReconciliation.status == POSTED,
                m.BankReconciliation.statement_no > statement_no,
            )
            .order_by(m.BankReconciliation.statement_no.desc())
            .limit(1)
        )
        if newer is not None or bank.last_statement_no != str(statement_no):
            raise ConflictError(
                f"Only the newest posted statement of {bank_account_no} can be undone: that is "
                f"statement {newer if newer is not None else bank.last_statement_no or '-'}"
            )
        matches = load_matches(session, company_id, bank_account_no, statement_no)
        for entry in entries_by_no(
            session, company_id, {r.bank_entry_no for r in matches}
        ).values():
            entry.open = True
            entry.statement_no = ""
        for line in load_lines(session, company_id, bank_account_no, statement_no):
            line.applied = False
        bank.last_statement_no = rec.previous_statement_no
        bank.balance_last_statement = rec.previous_balance
        rec.status = OPEN
        rec.posted_at = None
        rec.posted_by = ""
        record(
            session,
            company_id,
            user,
            "bankrec-undo",
            "bank_statement",
            f"{bank_account_no}/{statement_no}",
            balance=rec.previous_balance,
        )
        uow.commit()
    return show(engine, company_id, bank_account_no, statement_no)
