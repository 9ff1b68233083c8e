"""Sales invoices and credit memos: drafts, posting, posted documents (immutable)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.domain.errors import NotFoundError, ValidationError
from reskontro.domain.invoicing import (
    SALES_DOCUMENT_TYPES,
    SalesDocumentData,
    SalesLine,
    journal_lines,
    totals,
)
from reskontro.domain.journal import group_transactions
from reskontro.services.kid import kid_for, load_kid_setup
from reskontro.services.posting import post_lines
from reskontro.storage import audit
from reskontro.storage import ledger as repo
from reskontro.storage import models as m
from reskontro.storage.numbers import next_number
from reskontro.storage.uow import UnitOfWork


@dataclass(frozen=True)
class SalesLineInput:
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_code: str
    gl_account: str = ""
    """Blank: the VAT code's default sales account."""


@dataclass(frozen=True)
class SalesDocumentInput:
    document_type: DocumentType
    customer_no: str
    lines: Sequence[SalesLineInput] = ()
    posting_date: date | None = None
    document_date: date | None = None
    due_date: date | None = None
    external_document_no: str = ""
    your_reference: str = ""
    applies_to_doc_no: str = ""
    """For a credit memo: the posted invoice it corrects; posting applies it there."""


@dataclass(frozen=True)
class SalesLineView:
    line_no: int
    gl_account: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_code: str
    line_amount: Decimal


@dataclass(frozen=True)
class SalesDocumentView:
    document_type: DocumentType
    no: str
    posted: bool
    customer_no: str
    customer_name: str
    posting_date: date | None
    document_date: date | None
    due_date: date | None
    currency: str
    external_document_no: str
    your_reference: str
    applies_to_doc_no: str
    payment_reference: str
    amount: Decimal
    vat_amount: Decimal
    amount_including_vat: Decimal
    draft_no: str = ""
    customer_entry_no: int | None = None
    lines: list[SalesLineView] = field(default_factory=list)


def _check_type(document_type: DocumentType | str) -> DocumentType:
    kind = DocumentType(document_type)
    if kind not in SALES_DOCUMENT_TYPES:
        raise ValidationError("A sales document is an invoice or a credit memo")
    return kind


def _label(kind: DocumentType) -> str:
    return "Invoice" if kind is DocumentType.INVOICE else "Credit memo"


def _rates(session: Session, company_id: int) -> dict[str, m.VatCode]:
    return {
        v.code: v
        for v in session.scalars(select(m.VatCode).where(m.VatCode.company_id == company_id))
    }


def _line_rows(
    session: Session,
    company_id: int,
    kind: DocumentType,
    no: str,
    start: int,
    inputs: Sequence[SalesLineInput],
    model: type[m.SalesDocumentLine] | type[m.PostedSalesDocumentLine],
) -> list[m.SalesDocumentLine | m.PostedSalesDocumentLine]:
    vat_codes = _rates(session, company_id)
    rows = []
    for index, item in enumerate(inputs, start=1):
        line_no = start + index * 10000
        vat = vat_codes.get(item.vat_code)
        if vat is None:
            known = ", ".join(sorted(vat_codes))
            raise ValidationError(
                f"Line {index}: VAT code {item.vat_code!r} does not exist ({known})"
            )
        account = item.gl_account or vat.sales_account
        if not account:
            raise ValidationError(f"Line {index}: choose a G/L account for the revenue")
        gl = session.get(m.GLAccount, (company_id, account))
        if gl is None:
            raise ValidationError(f"Line {index}: G/L account {account} does not exist")
        if item.quantity == 0:
            raise ValidationError(f"Line {index}: quantity is zero")
        line = SalesLine(
            line_no, account, item.description, item.quantity, item.unit_price, item.vat_code
        )
        rows.append(
            model(
                company_id=company_id,
                document_type=kind,
                document_no=no,
                line_no=line_no,
                gl_account=account,
                description=item.description or gl.name,
                quantity=item.quantity,
                unit_price=item.unit_price,
                vat_code=item.vat_code,
                line_amount=line.amount,
            )
        )
    return rows


def _refresh_totals(
    session: Session,
    header: m.SalesDocument | m.PostedSalesDocument,
    lines: Sequence[m.SalesDocumentLine | m.PostedSalesDocumentLine],
) -> None:
    rates = {code: v.rate for code, v in _rates(session, header.company_id).items()}
    result = totals([_domain_line(r) for r in lines], rates)
    header.amount = result.amount
    header.vat_amount = result.vat_amount
    header.amount_including_vat = result.amount_including_vat


def _domain_line(row: m.SalesDocumentLine | m.PostedSalesDocumentLine) -> SalesLine:
    return SalesLine(
        row.line_no, row.gl_account, row.description, row.quantity, row.unit_price, row.vat_code
    )


def create_sales_document(
    engine: Engine, company_id: int, data: SalesDocumentInput, *, user: str = ""
) -> SalesDocumentView:
    """Create a draft invoice or credit memo (numbered from the draft series)."""
    kind = _check_type(data.document_type)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        customer = session.get(m.Customer, (company_id, data.customer_no))
        if customer is None:
            raise NotFoundError(f"Customer {data.customer_no} does not exist")
        setup = session.get(m.GLSetup, company_id)
        if setup is None:
            raise NotFoundError(f"Company {company_id} does not exist")
        no = next_number(session, company_id, setup.sales_draft_nos)
        header = m.SalesDocument(
            company_id=company_id,
            document_type=kind,
            no=no,
            customer_no=customer.no,
            customer_name=customer.name,
            posting_date=data.posting_date,
            document_date=data.document_date,
            due_date=data.due_date,
            payment_terms=customer.payment_terms,
            currency=customer.currency,
            external_document_no=data.external_document_no,
            your_reference=data.your_reference,
            applies_to_doc_no=data.applies_to_doc_no,
            created_at=datetime.now(UTC),
        )
        session.add(header)
        lines = _line_rows(session, company_id, kind, no, 0, data.lines, m.SalesDocumentLine)
        session.add_all(lines)
        _refresh_totals(session, header, lines)
        uow.commit()
        return _view(header, lines, posted=False)


def add_sales_lines(
    engine: Engine,
    company_id: int,
    document_type: DocumentType | str,
    no: str,
    inputs: Sequence[SalesLineInput],
    *,
    user: str = "",
) -> SalesDocumentView:
    kind = _check_type(document_type)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        header = _draft(session, company_id, kind, no)
        existing = list(_draft_lines(session, company_id, kind, no))
        start = max((r.line_no for r in existing), default=0)
        new = _line_rows(session, company_id, kind, no, start, inputs, m.SalesDocumentLine)
        session.add_all(new)
        _refresh_totals(session, header, existing + new)
        uow.commit()
        return _view(header, existing + new, posted=False)


def delete_sales_document(
    engine: Engine, company_id: int, document_type: DocumentType | str, no: str, *, user: str = ""
) -> None:
    kind = _check_type(document_type)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        _draft(session, company_id, kind, no)
        _delete_draft(session, company_id, kind, no)
        uow.commit()


def _delete_draft(session: Session, company_id: int, kind: DocumentType, no: str) -> None:
    line, header = m.SalesDocumentLine, m.SalesDocument
    session.execute(
        delete(line).where(
            line.company_id == company_id, line.document_type == kind, line.document_no == no
        )
    )
    session.execute(
        delete(header).where(
            header.company_id == company_id, header.document_type == kind, header.no == no
        )
    )


def _draft(session: Session, company_id: int, kind: DocumentType, no: str) -> m.SalesDocument:
    header = session.get(m.SalesDocument, (company_id, kind, no))
    if header is None:
        raise NotFoundError(f"There is no draft {_label(kind).lower()} {no}")
    return header


def _draft_lines(
    session: Session, company_id: int, kind: DocumentType, no: str
) -> Sequence[m.SalesDocumentLine]:
    return session.scalars(
        select(m.SalesDocumentLine)
        .where(
            m.SalesDocumentLine.company_id == company_id,
            m.SalesDocumentLine.document_type == kind,
            m.SalesDocumentLine.document_no == no,
        )
        .order_by(m.SalesDocumentLine.line_no)
    ).all()


def post_sales_document(
    engine: Engine,
    company_id: int,
    document_type: DocumentType | str,
    draft_no: str,
    *,
    posting_date: date | None = None,
    user: str = "",
) -> SalesDocumentView:
    """Post a draft: numbered from the posted series, entries written, draft replaced by the
    posted document, which never changes again. All or nothing."""
    kind = _check_type(document_type)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        # The posting lock first: the invoice a credit memo applies to is read after it, so a
        # payment posted at the same moment is either fully seen or waits.
        counters = repo.lock_counters(session, company_id)
        header = _draft(session, company_id, kind, draft_no)
        lines = list(_draft_lines(session, company_id, kind, draft_no))
        if not lines:
            raise ValidationError(f"{_label(kind)} {draft_no} has no lines; add at least one")
        setup = session.get(m.GLSetup, company_id)
        assert setup is not None  # noqa: S101 - checked when the draft was made
        series = (
            setup.customer_invoice_nos
            if kind is DocumentType.INVOICE
            else setup.customer_credit_memo_nos
        )
        day = posting_date or header.posting_date or date.today()  # noqa: DTZ011
        document_date = header.document_date or day
        no = next_number(session, company_id, series)
        vat_codes = _rates(session, company_id)
        data = SalesDocumentData(
            document_type=kind,
            no=no,
            customer_no=header.customer_no,
            posting_date=day,
            document_date=document_date,
            due_date=header.due_date,
            currency=header.currency,
            external_document_no=header.external_document_no,
            description=f"{_label(kind)} {no}",
            applies_to_doc_no=header.applies_to_doc_no,
            payment_reference=header.payment_reference
            or kid_for(load_kid_setup(session, company_id), kind, no, header.customer_no),
            lines=tuple(_domain_line(r) for r in lines),
        )
        journal = journal_lines(
            data,
            {c: v.rate for c, v in vat_codes.items()},
            {c: v.output_account for c, v in vat_codes.items()},
            pmt_disc_excl_vat=setup.pmt_disc_excl_vat,
        )
        context = repo.load_context(session, company_id)
        repo.add_parties(session, company_id, context, AccountType.CUSTOMER, [header.customer_no])
        model = repo.party_entry_model(AccountType.CUSTOMER)
        if header.applies_to_doc_no:
            repo.add_open_entries(
                session,
                company_id,
                context,
                AccountType.CUSTOMER,
                (model.document_no == header.applies_to_doc_no)
                & (model.party_no == header.customer_no),
            )
        repo.add_existing_documents(session, company_id, context, AccountType.CUSTOMER, [no])
        result = post_lines(
            session,
            company_id,
            context,
            group_transactions(journal, True),
            counters=counters,
            source="sales",
            user=user,
        )
        entry = next(e for e in result.party_entries if e.document_no == no)
        posted = m.PostedSalesDocument(
            company_id=company_id,
            document_type=kind,
            no=no,
            draft_no=draft_no,
            customer_no=header.customer_no,
            customer_name=header.customer_name,
            posting_date=day,
            document_date=document_date,
            due_date=entry.due_date,
            payment_terms=header.payment_terms,
            currency=header.currency,
            external_document_no=header.external_document_no,
            your_reference=header.your_reference,
            applies_to_doc_no=header.applies_to_doc_no,
            payment_reference=entry.payment_reference,
            customer_entry_no=entry.entry_no,
            posted_at=datetime.now(UTC),
        )
        session.add(posted)
        posted_lines = [
            m.PostedSalesDocumentLine(
                company_id=company_id,
                document_type=kind,
                document_no=no,
                line_no=r.line_no,
                gl_account=r.gl_account,
                description=r.description,
                quantity=r.quantity,
                unit_price=r.unit_price,
                vat_code=r.vat_code,
                line_amount=r.line_amount,
            )
            for r in lines
        ]
        session.add_all(posted_lines)
        _refresh_totals(session, posted, posted_lines)
        _delete_draft(session, company_id, kind, draft_no)
        audit.record(
            session,
            company_id,
            user,
            "post",
            kind.value,
            no,
            draft_no=draft_no,
            amount_including_vat=posted.amount_including_vat,
        )
        uow.commit()
        return _view(posted, posted_lines, posted=True)


def get_sales_document(
    engine: Engine,
    company_id: int,
    document_type: DocumentType | str,
    no: str,
    *,
    posted: bool = True,
) -> SalesDocumentView:
    kind = _check_type(document_type)
    with UnitOfWork(engine) as uow:
        session = uow.session
        if not posted:
            header_draft = _draft(session, company_id, kind, no)
            return _view(header_draft, _draft_lines(session, company_id, kind, no), posted=False)
        header = session.get(m.PostedSalesDocument, (company_id, kind, no))
        if header is None:
            raise NotFoundError(f"There is no posted {_label(kind).lower()} {no}")
        lines = session.scalars(
            select(m.PostedSalesDocumentLine)
            .where(
                m.PostedSalesDocumentLine.company_id == company_id,
                m.PostedSalesDocumentLine.document_type == kind,
                m.PostedSalesDocumentLine.document_no == no,
            )
            .order_by(m.PostedSalesDocumentLine.line_no)
        ).all()
        return _view(header, lines, posted=True)


def list_sales_documents(
    engine: Engine,
    company_id: int,
    *,
    posted: bool,
    document_type: DocumentType | str | None = None,
    customer_no: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[SalesDocumentView]:
    """Headers only (no lines), newest first."""
    model: type[m.SalesDocument] | type[m.PostedSalesDocument] = (
        m.PostedSalesDocument if posted else m.SalesDocument
    )
    with UnitOfWork(engine) as uow:
        query = select(model).where(model.company_id == company_id)
        if document_type:
            query = query.where(model.document_type == _check_type(document_type))
        if customer_no:
            query = query.where(model.customer_no == customer_no)
        query = query.order_by(model.no.desc()).limit(limit).offset(offset)
        headers: list[m.SalesDocument | m.PostedSalesDocument] = list(uow.session.scalars(query))
        return [_view(h, [], posted=posted) for h in headers]


def count_sales_documents(engine: Engine, company_id: int, *, posted: bool) -> int:
    model: type[m.SalesDocument] | type[m.PostedSalesDocument] = (
        m.PostedSalesDocument if posted else m.SalesDocument
    )
    with UnitOfWork(engine) as uow:
        return int(
            uow.session.scalar(
                select(func.count()).select_from(model).where(model.company_id == company_id)
            )
            or 0
        )


def _view(
    header: m.SalesDocument | m.PostedSalesDocument,
    lines: Sequence[m.SalesDocumentLine | m.PostedSalesDocumentLine],
    *,
    posted: bool,
) -> SalesDocumentView:
    return SalesDocumentView(
        document_type=header.document_type,
        no=header.no,
        posted=posted,
        customer_no=header.customer_no,
        customer_name=header.customer_name,
        posting_date=header.posting_date,
        document_date=header.document_date,
        due_date=header.due_date,
        currency=header.currency,
        external_document_no=header.external_document_no,
        your_reference=header.your_reference,
        applies_to_doc_no=header.applies_to_doc_no,
        payment_reference=header.payment_reference,
        amount=header.amount,
        vat_amount=header.vat_amount,
        amount_including_vat=header.amount_including_vat,
        draft_no=getattr(header, "draft_no", ""),
        customer_entry_no=getattr(header, "customer_entry_no", None),
        lines=[
            SalesLineView(
                r.line_no,
                r.gl_account,
                r.description,
                r.quantity,
                r.unit_price,
                r.vat_code,
                r.line_amount,
            )
            for r in lines
        ],
    )
