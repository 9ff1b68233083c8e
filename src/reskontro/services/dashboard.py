"""The start page's figures: what is owed, what is overdue, what waits to be posted, what came in.

Every figure is one SQL aggregate or one short, limited query: the dashboard costs the same
with ten entries as with ten million.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Engine, and_, func, select, type_coerce

from reskontro.domain.money import from_minor
from reskontro.storage.models import CustomerLedgerEntryRow, ImportLog, JournalBatch, JournalLine
from reskontro.storage.uow import UnitOfWork

CLE = CustomerLedgerEntryRow


@dataclass(frozen=True)
class WaitingBatch:
    """A journal batch with lines not yet posted."""

    template: str
    batch: str
    description: str
    lines: int


@dataclass(frozen=True)
class RecentImport:
    import_no: int
    kind: str
    file_name: str
    records: int
    imported_at: datetime
    user: str


@dataclass(frozen=True)
class Dashboard:
    today: date
    open_receivables: Decimal
    """The remaining amounts (LCY) of every open customer ledger entry."""
    open_entries: int
    overdue_amount: Decimal
    """The part of it whose due date (posting date when there is none) is before today."""
    overdue_entries: int
    waiting_batches: list[WaitingBatch]
    recent_imports: list[RecentImport]


def _minor_sum(column: Any) -> Any:
    return func.coalesce(func.sum(type_coerce(column, BigInteger)), 0)


def dashboard(
    engine: Engine, company_id: int, today: date, *, batches: int = 10, imports: int = 5
) -> Dashboard:
    """The company's figures as of *today*; at most *batches* waiting batches and the latest
    *imports* imports."""
    due = func.coalesce(CLE.due_date, CLE.posting_date)
    open_entries = and_(CLE.company_id == company_id, CLE.open.is_(True))
    receivables = select(_minor_sum(CLE.remaining_amount_lcy), func.count()).where(open_entries)
    overdue = select(_minor_sum(CLE.remaining_amount_lcy), func.count()).where(
        open_entries, due < today
    )
    line = JournalLine
    waiting = (
        select(line.template_name, line.batch_name, JournalBatch.description, func.count())
        .join(
            JournalBatch,
            and_(
                JournalBatch.company_id == line.company_id,
                JournalBatch.template_name == line.template_name,
                JournalBatch.name == line.batch_name,
            ),
        )
        .where(line.company_id == company_id)
        .group_by(line.template_name, line.batch_name, JournalBatch.description)
        .order_by(line.template_name, line.batch_name)
        .limit(batches)
    )
    latest = (
        select(ImportLog)
        .where(ImportLog.company_id == company_id)
        .order_by(ImportLog.import_no.desc())
        .limit(imports)
    )
    with UnitOfWork(engine) as uow:
        session = uow.session
        open_minor, open_count = session.execute(receivables).one()
        overdue_minor, overdue_count = session.execute(overdue).one()
        waiting_rows = session.execute(waiting).all()
        import_rows = session.scalars(latest).all()
        return Dashboard(
            today=today,
            open_receivables=from_minor(int(open_minor or 0)),
            open_entries=int(open_count or 0),
            overdue_amount=from_minor(int(overdue_minor or 0)),
            overdue_entries=int(overdue_count or 0),
            waiting_batches=[
                WaitingBatch(template, batch, description or "", int(count))
                for template, batch, description, count in waiting_rows
            ],
            recent_imports=[
                RecentImport(
                    row.import_no,
                    row.kind,
                    row.file_name,
                    row.records,
                    row.imported_at,
                    row.user_id,
                )
                for row in import_rows
            ],
        )
