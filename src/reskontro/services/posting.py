"""Testing and posting journal batches: all or nothing, never twice (DESIGN §4–5)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Engine, select, union
from sqlalchemy.orm import Session

from reskontro.domain.context import LedgerContext
from reskontro.domain.enums import AccountType, ApplicationMethod, DocumentType
from reskontro.domain.errors import NotFoundError, PostingError
from reskontro.domain.journal import (
    JournalLine,
    Problem,
    check_lines,
    group_transactions,
    posting_lines,
)
from reskontro.domain.ledger import Counters, PostingResult
from reskontro.domain.posting import PARTY_TYPES, Poster
from reskontro.storage import audit
from reskontro.storage import ledger as repo
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork

_NOT_STORED = ("warnings", "vat_code", "vat_base", "pmt_disc_base")
_LINE_FIELDS = tuple(f.name for f in fields(JournalLine) if f.name not in _NOT_STORED)


@dataclass(frozen=True)
class PostingSummary:
    """What a posting run made."""

    register_no: int
    lines_posted: int
    gl_entries: int
    customer_entries: int
    vendor_entries: int
    bank_entries: int
    transactions: int


@dataclass(frozen=True)
class BatchTestReport:
    template: str
    batch: str
    lines: int
    problems: list[Problem]
    warnings: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def summarise(result: PostingResult, lines_posted: int, transactions: int) -> PostingSummary:
    parties = result.party_entries
    return PostingSummary(
        register_no=result.register.register_no if result.register else 0,
        lines_posted=lines_posted,
        gl_entries=len(result.gl_entries),
        customer_entries=sum(1 for e in parties if e.party_type is AccountType.CUSTOMER),
        vendor_entries=sum(1 for e in parties if e.party_type is AccountType.VENDOR),
        bank_entries=len(result.bank_entries),
        transactions=transactions,
    )


def _batch_filter(company_id: int, template: str, batch: str) -> tuple[Any, ...]:
    line = m.JournalLine
    return (
        line.company_id == company_id,
        line.template_name == template,
        line.batch_name == batch,
    )


def load_lines(session: Session, company_id: int, template: str, batch: str) -> list[JournalLine]:
    """The batch's lines as domain values, in line order (one query, no ORM objects)."""
    line = m.JournalLine
    columns = [getattr(line, name) for name in _LINE_FIELDS]
    rows = session.execute(
        select(*columns, line.warnings)
        .where(*_batch_filter(company_id, template, batch))
        .order_by(line.line_no)
    )
    result = []
    for row in rows:
        values = dict(zip(_LINE_FIELDS, row[:-1], strict=True))
        warnings = tuple(w for w in (row[-1] or "").split("\n") if w)
        result.append(JournalLine(**values, warnings=warnings))
    return result


def batch_context(session: Session, company_id: int, template: str, batch: str) -> LedgerContext:
    """Everything checking and posting the batch needs, in a fixed number of queries."""
    line = m.JournalLine
    where = _batch_filter(company_id, template, batch)
    context = repo.load_context(session, company_id)
    for party_type in PARTY_TYPES:
        parties = union(
            select(line.account_no).where(*where, line.account_type == party_type),
            select(line.bal_account_no).where(*where, line.bal_account_type == party_type),
        )
        repo.add_parties(session, company_id, context, party_type, select(parties.subquery()))
        model = repo.party_entry_model(party_type)
        applied_docs = select(line.applies_to_doc_no).where(*where, line.applies_to_doc_no != "")
        repo.add_open_entries(
            session, company_id, context, party_type, model.document_no.in_(applied_docs)
        )
        applied_ids = select(line.applies_to_id).where(*where, line.applies_to_id != "")
        repo.add_open_entries(
            session, company_id, context, party_type, model.applies_to_id.in_(applied_ids)
        )
        oldest = [
            p.no
            for p in context.parties.values()
            if p.party_type is party_type
            and p.application_method is ApplicationMethod.APPLY_TO_OLDEST
        ]
        for chunk in repo.chunks(oldest):
            repo.add_open_entries(
                session, company_id, context, party_type, model.party_no.in_(chunk)
            )
        documents = select(line.document_no).where(
            *where, line.document_type.in_((DocumentType.INVOICE, DocumentType.CREDIT_MEMO))
        )
        repo.add_existing_documents(session, company_id, context, party_type, documents)
    return context


def _template(session: Session, company_id: int, template: str) -> m.JournalTemplate:
    row = session.get(m.JournalTemplate, (company_id, template))
    if row is None:
        raise NotFoundError(f"Journal template {template} does not exist")
    return row


def _lock_batch(session: Session, company_id: int, template: str, batch: str) -> m.JournalBatch:
    row = session.scalars(
        select(m.JournalBatch)
        .where(
            m.JournalBatch.company_id == company_id,
            m.JournalBatch.template_name == template,
            m.JournalBatch.name == batch,
        )
        .with_for_update()
    ).first()
    if row is None:
        raise NotFoundError(f"Journal batch {template}/{batch} does not exist")
    return row


def batch_test_report(
    engine: Engine, company_id: int, template: str, batch: str
) -> BatchTestReport:
    """NAV's General Journal – Test: every problem that would stop posting, and the warnings."""
    with UnitOfWork(engine) as uow:
        session = uow.session
        template_row = _template(session, company_id, template)
        _lock_batch(session, company_id, template, batch)
        lines = load_lines(session, company_id, template, batch)
        context = batch_context(session, company_id, template, batch)
        problems = check_lines(lines, context, force_doc_balance=template_row.force_doc_balance)
        warnings = [Problem(line.line_no, w) for line in lines for w in line.warnings]
        return BatchTestReport(template, batch, len(lines), problems, warnings)


def post_batch(
    engine: Engine, company_id: int, template: str, batch: str, *, user: str = ""
) -> PostingSummary:
    """Post every line of the batch in one transaction, or nothing at all."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        template_row = _template(session, company_id, template)
        _lock_batch(session, company_id, template, batch)
        counters = repo.lock_counters(session, company_id)
        lines = load_lines(session, company_id, template, batch)
        if not lines:
            raise PostingError(_nothing_to_post(session, company_id, template, batch))
        context = batch_context(session, company_id, template, batch)
        force = template_row.force_doc_balance
        problems = check_lines(lines, context, force_doc_balance=force)
        if problems:
            raise PostingError(
                f"Journal batch {template}/{batch} was not posted: "
                f"{len(problems)} problem{'s' if len(problems) != 1 else ''}",
                [str(p) for p in problems],
            )
        poster = Poster(
            context, counters, source="journal", journal_template=template, journal_batch=batch
        )
        groups = group_transactions(lines, force)
        for group in groups:
            poster.post_transaction([leg for line in group for leg in posting_lines(line)])
        result = poster.finish()
        repo.write_result(session, company_id, result, user=user)
        repo.save_counters(session, company_id, counters)
        repo.delete_journal_lines(session, company_id, template, batch)
        summary = summarise(result, len(lines), len(groups))
        audit.record(
            session,
            company_id,
            user,
            "post",
            "journal_batch",
            f"{template}/{batch}",
            register_no=summary.register_no,
            lines=summary.lines_posted,
        )
        uow.commit()
        return summary


def _nothing_to_post(session: Session, company_id: int, template: str, batch: str) -> str:
    last = session.scalars(
        select(m.RegisterRow)
        .where(
            m.RegisterRow.company_id == company_id,
            m.RegisterRow.journal_template == template,
            m.RegisterRow.journal_batch == batch,
        )
        .order_by(m.RegisterRow.register_no.desc())
        .limit(1)
    ).first()
    message = f"Journal batch {template}/{batch} has no lines to post"
    if last is not None:
        when = last.created_at.strftime("%Y-%m-%d %H:%M:%S")
        message += f"; it was last posted as register {last.register_no} at {when}"
    return message


def post_lines(
    session: Session,
    company_id: int,
    context: LedgerContext,
    transactions: list[list[JournalLine]],
    *,
    counters: Counters,
    source: str,
    user: str = "",
    force_doc_balance: bool = True,
) -> PostingResult:
    """Check and post prepared lines (documents, opening balances) inside an open unit of work.

    *counters* come from :func:`reskontro.storage.ledger.lock_counters`, taken by the caller
    before it read the entries the lines apply to, so nothing can change them in between.
    """
    flat = [line for group in transactions for line in group]
    problems = check_lines(flat, context, force_doc_balance=force_doc_balance)
    if problems:
        raise PostingError(
            f"Nothing was posted: {len(problems)} problem{'s' if len(problems) != 1 else ''}",
            [str(p) for p in problems],
        )
    poster = Poster(context, counters, source=source)
    for group in transactions:
        poster.post_transaction([leg for line in group for leg in posting_lines(line)])
    result = poster.finish()
    repo.write_result(session, company_id, result, user=user)
    repo.save_counters(session, company_id, counters)
    return result
