"""Journal templates, batches and lines: enter, change, list (NAV: General Journal)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from reskontro.domain.enums import AccountType, DocumentType, JournalTemplateType
from reskontro.domain.errors import ConflictError, NotFoundError, ValidationError
from reskontro.domain.journal import JournalLine
from reskontro.storage import bulk
from reskontro.storage import models as m
from reskontro.storage.numbers import reserve_numbers
from reskontro.storage.uow import UnitOfWork

LINE_STEP = 10000


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    description: str
    type: JournalTemplateType
    force_doc_balance: bool
    bal_account_type: AccountType
    bal_account_no: str
    number_series: str


@dataclass(frozen=True)
class BatchInfo:
    template: str
    name: str
    description: str
    bal_account_type: AccountType
    bal_account_no: str
    number_series: str
    lines: int
    balance: Decimal


@dataclass(frozen=True)
class JournalLineInput:
    """A line to add. Blank document no. = next from the batch's number series; a balancing
    account left as None = the batch's default balancing account."""

    account_type: AccountType
    account_no: str
    amount: Decimal
    posting_date: date | None = None
    document_type: DocumentType = DocumentType.NONE
    document_no: str = ""
    description: str = ""
    bal_account_type: AccountType | None = None
    bal_account_no: str | None = None
    currency: str = ""
    amount_lcy: Decimal | None = None
    external_document_no: str = ""
    payment_reference: str = ""
    applies_to_doc_type: DocumentType = DocumentType.NONE
    applies_to_doc_no: str = ""
    applies_to_id: str = ""
    document_date: date | None = None
    due_date: date | None = None
    pmt_discount_date: date | None = None
    pmt_discount_pct: Decimal | None = None
    source_file: str = ""
    source_line: str = ""
    warnings: tuple[str, ...] = ()


EDITABLE = frozenset(
    f.name
    for f in fields(JournalLine)
    if f.name not in ("line_no", "warnings", "vat_code", "vat_base", "pmt_disc_base")
)


def list_templates(engine: Engine, company_id: int) -> list[TemplateInfo]:
    with UnitOfWork(engine) as uow:
        rows = uow.session.scalars(
            select(m.JournalTemplate)
            .where(m.JournalTemplate.company_id == company_id)
            .order_by(m.JournalTemplate.name)
        )
        return [
            TemplateInfo(
                r.name,
                r.description,
                r.type,
                r.force_doc_balance,
                r.bal_account_type,
                r.bal_account_no,
                r.number_series,
            )
            for r in rows
        ]


def list_batches(engine: Engine, company_id: int, template: str | None = None) -> list[BatchInfo]:
    line = m.JournalLine
    with UnitOfWork(engine) as uow:
        counts = {
            (t, b): (n, total)
            for t, b, n, total in uow.session.execute(
                select(
                    line.template_name,
                    line.batch_name,
                    func.count(),
                    func.coalesce(func.sum(line.amount).filter(line.bal_account_no == ""), 0),
                )
                .where(line.company_id == company_id)
                .group_by(line.template_name, line.batch_name)
            )
        }
        query = select(m.JournalBatch).where(m.JournalBatch.company_id == company_id)
        if template:
            query = query.where(m.JournalBatch.template_name == template)
        rows = uow.session.scalars(
            query.order_by(m.JournalBatch.template_name, m.JournalBatch.name)
        )
        result = []
        for r in rows:
            n, total = counts.get((r.template_name, r.name), (0, 0))
            result.append(
                BatchInfo(
                    r.template_name,
                    r.name,
                    r.description,
                    r.bal_account_type,
                    r.bal_account_no,
                    r.number_series,
                    n,
                    Decimal(total).quantize(Decimal("0.01")),
                )
            )
        return result


def create_batch(
    engine: Engine, company_id: int, template: str, name: str, description: str = ""
) -> BatchInfo:
    name = name.strip().upper()
    if not name:
        raise ValidationError("A journal batch needs a name")
    with UnitOfWork(engine, write=True) as uow:
        template_row = uow.session.get(m.JournalTemplate, (company_id, template))
        if template_row is None:
            raise NotFoundError(f"Journal template {template} does not exist")
        if uow.session.get(m.JournalBatch, (company_id, template, name)) is not None:
            raise ConflictError(f"Journal batch {template}/{name} already exists")
        uow.session.add(
            m.JournalBatch(
                company_id=company_id,
                template_name=template,
                name=name,
                description=description,
                bal_account_type=template_row.bal_account_type,
                bal_account_no=template_row.bal_account_no,
                number_series=template_row.number_series,
            )
        )
        uow.commit()
    return next(b for b in list_batches(engine, company_id, template) if b.name == name)


def _batch(session: Session, company_id: int, template: str, batch: str) -> m.JournalBatch:
    row = session.get(m.JournalBatch, (company_id, template, batch))
    if row is None:
        raise NotFoundError(f"Journal batch {template}/{batch} does not exist")
    return row


def _view(row: m.JournalLine) -> JournalLine:
    values = {name: getattr(row, name) for name in EDITABLE}
    warnings = tuple(w for w in (row.warnings or "").split("\n") if w)
    return JournalLine(line_no=row.line_no, warnings=warnings, **values)


def add_lines(
    engine: Engine,
    company_id: int,
    template: str,
    batch: str,
    inputs: Sequence[JournalLineInput],
    *,
    user: str = "",
) -> int:
    """Append lines to a batch in one transaction; return how many were added."""
    with UnitOfWork(engine, write=True) as uow:
        count = insert_lines(uow.session, company_id, template, batch, inputs)
        uow.commit()
        return count


def insert_lines(
    session: Session,
    company_id: int,
    template: str,
    batch: str,
    inputs: Sequence[JournalLineInput],
) -> int:
    """Append lines inside the caller's unit of work (imports use it with their own log)."""
    batch_row = _batch(session, company_id, template, batch)
    blank = sum(1 for i in inputs if not i.document_no)
    numbers = iter(
        reserve_numbers(session, company_id, batch_row.number_series, blank)
        if blank and batch_row.number_series
        else []
    )
    if blank and not batch_row.number_series:
        raise ValidationError(
            f"Journal batch {template}/{batch} has no number series; give a document no."
        )
    today = date.today()  # noqa: DTZ011 - the bookkeeper's working date
    rows = []
    line_no = next_line_no(session, company_id, template, batch) - LINE_STEP
    for item in inputs:
        line_no += LINE_STEP
        use_default = item.bal_account_no is None
        rows.append(
            {
                "company_id": company_id,
                "template_name": template,
                "batch_name": batch,
                "line_no": line_no,
                "posting_date": item.posting_date or today,
                "document_date": item.document_date,
                "document_type": item.document_type,
                "document_no": item.document_no or next(numbers),
                "external_document_no": item.external_document_no,
                "account_type": item.account_type,
                "account_no": item.account_no,
                "description": item.description,
                "amount": item.amount,
                "currency": item.currency,
                "amount_lcy": item.amount_lcy,
                "bal_account_type": batch_row.bal_account_type
                if use_default
                else (item.bal_account_type or AccountType.GL),
                "bal_account_no": batch_row.bal_account_no
                if use_default
                else (item.bal_account_no or ""),
                "applies_to_doc_type": item.applies_to_doc_type,
                "applies_to_doc_no": item.applies_to_doc_no,
                "applies_to_id": item.applies_to_id,
                "payment_reference": item.payment_reference,
                "due_date": item.due_date,
                "pmt_discount_date": item.pmt_discount_date,
                "pmt_discount_pct": item.pmt_discount_pct,
                "source_file": item.source_file,
                "source_line": item.source_line,
                "warnings": "\n".join(item.warnings),
            }
        )
    if rows:
        columns = tuple(rows[0])
        bulk.insert_rows(
            session,
            m.Base.metadata.tables["journal_line"],
            columns,
            (tuple(r.values()) for r in rows),
        )
    return len(rows)


def next_line_no(session: Session, company_id: int, template: str, batch: str) -> int:
    """The line number the next line appended to a batch gets."""
    last = session.scalar(
        select(func.max(m.JournalLine.line_no)).where(
            m.JournalLine.company_id == company_id,
            m.JournalLine.template_name == template,
            m.JournalLine.batch_name == batch,
        )
    )
    return (last or 0) + LINE_STEP


def add_line(
    engine: Engine,
    company_id: int,
    template: str,
    batch: str,
    item: JournalLineInput,
    *,
    user: str = "",
) -> JournalLine:
    add_lines(engine, company_id, template, batch, [item], user=user)
    return list_lines(engine, company_id, template, batch)[-1]


def list_lines(
    engine: Engine,
    company_id: int,
    template: str,
    batch: str,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[JournalLine]:
    with UnitOfWork(engine) as uow:
        _batch(uow.session, company_id, template, batch)
        query = (
            select(m.JournalLine)
            .where(
                m.JournalLine.company_id == company_id,
                m.JournalLine.template_name == template,
                m.JournalLine.batch_name == batch,
            )
            .order_by(m.JournalLine.line_no)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        return [_view(r) for r in uow.session.scalars(query)]


def _line(
    session: Session, company_id: int, template: str, batch: str, line_no: int
) -> m.JournalLine:
    row = session.get(m.JournalLine, (company_id, template, batch, line_no))
    if row is None:
        raise NotFoundError(f"Journal batch {template}/{batch} has no line {line_no}")
    return row


def update_line(
    engine: Engine,
    company_id: int,
    template: str,
    batch: str,
    line_no: int,
    changes: Mapping[str, Any],
    *,
    user: str = "",
) -> JournalLine:
    """Change fields of a line (e.g. choose the customer and invoice of an imported payment)."""
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise ValidationError(f"Journal lines have no field {', '.join(unknown)}")
    with UnitOfWork(engine, write=True) as uow:
        row = _line(uow.session, company_id, template, batch, line_no)
        current = _view(row)
        try:
            updated = replace(current, **dict(changes))
        except TypeError as exc:  # pragma: no cover - guarded by EDITABLE
            raise ValidationError(str(exc)) from exc
        for name in changes:
            value = getattr(updated, name)
            setattr(row, name, "" if value is None and name in _TEXT_FIELDS else value)
        uow.commit()
        return _view(row)


_TEXT_FIELDS = frozenset(
    f.name
    for f in fields(JournalLine)
    if f.type in ("str", str)  # annotations are strings
)


def delete_line(
    engine: Engine, company_id: int, template: str, batch: str, line_no: int, *, user: str = ""
) -> None:
    with UnitOfWork(engine, write=True) as uow:
        uow.session.delete(_line(uow.session, company_id, template, batch, line_no))
        uow.commit()


def clear_batch(
    engine: Engine, company_id: int, template: str, batch: str, *, user: str = ""
) -> int:
    with UnitOfWork(engine, write=True) as uow:
        _batch(uow.session, company_id, template, batch)
        result = uow.session.execute(
            delete(m.JournalLine).where(
                m.JournalLine.company_id == company_id,
                m.JournalLine.template_name == template,
                m.JournalLine.batch_name == batch,
            )
        )
        uow.commit()
        return int(getattr(result, "rowcount", 0) or 0)
