"""The company's KID set-up, and the KID an invoice gets when it is posted."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reskontro.domain.enums import DocumentType
from reskontro.domain.kid_setup import KidLayout, KidNotPossible, KidSetup, make_kid
from reskontro.domain.references.kid import KidMethod
from reskontro.storage import audit
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork


def load_kid_setup(session: Session, company_id: int) -> KidSetup:
    row = session.get(m.KidSetupRow, company_id)
    if row is None:
        return KidSetup()
    return KidSetup(
        layout=KidLayout(row.layout),
        document_no_length=row.document_no_length,
        customer_no_length=row.customer_no_length,
        method=KidMethod(row.method),
        use_on_finance_charge_memo=row.use_on_finance_charge_memo,
        use_on_reminder=row.use_on_reminder,
    )


def kid_for(
    setup: KidSetup,
    document_type: DocumentType,
    document_no: str,
    customer_no: str,
    *,
    strict: bool = True,
) -> str:
    """The KID a posted document carries as its payment reference ("" when it gets none).

    A number that cannot make a KID (letters, too many digits) is refused when *strict*; open
    items brought over from another system keep a blank KID instead, as NAV does.
    """
    try:
        return make_kid(setup, document_no, customer_no, document_type)
    except KidNotPossible:
        if strict:
            raise
        return ""


def get_kid_setup(engine: Engine, company_id: int) -> KidSetup:
    with UnitOfWork(engine) as uow:
        return load_kid_setup(uow.session, company_id)


def update_kid_setup(
    engine: Engine,
    company_id: int,
    *,
    layout: KidLayout | str | None = None,
    document_no_length: int | None = None,
    customer_no_length: int | None = None,
    method: KidMethod | str | None = None,
    use_on_finance_charge_memo: bool | None = None,
    use_on_reminder: bool | None = None,
    user: str = "",
) -> KidSetup:
    """Change the KID set-up; the whole set-up is checked before it is stored."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        current = load_kid_setup(session, company_id)
        changed = KidSetup(
            layout=KidLayout(layout) if layout is not None else current.layout,
            document_no_length=current.document_no_length
            if document_no_length is None
            else document_no_length,
            customer_no_length=current.customer_no_length
            if customer_no_length is None
            else customer_no_length,
            method=KidMethod(method) if method is not None else current.method,
            use_on_finance_charge_memo=current.use_on_finance_charge_memo
            if use_on_finance_charge_memo is None
            else use_on_finance_charge_memo,
            use_on_reminder=current.use_on_reminder if use_on_reminder is None else use_on_reminder,
        )
        save_kid_setup(session, company_id, changed)
        audit.record(
            session,
            company_id,
            user,
            "setup",
            "kid_setup",
            "",
            **{k: str(v) for k, v in asdict(changed).items()},
        )
        uow.commit()
        return changed


def save_kid_setup(session: Session, company_id: int, setup: KidSetup) -> None:
    row = session.get(m.KidSetupRow, company_id)
    if row is None:
        row = m.KidSetupRow(company_id=company_id)
        session.add(row)
    row.layout = setup.layout.value
    row.document_no_length = setup.document_no_length
    row.customer_no_length = setup.customer_no_length
    row.method = setup.method.value
    row.use_on_finance_charge_memo = setup.use_on_finance_charge_memo
    row.use_on_reminder = setup.use_on_reminder
