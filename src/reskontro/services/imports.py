"""Imports of CSV files: customers, open items (opening balances) and journal lines.

Every import is all or nothing: the whole file is read and checked first, every problem is
reported with its row and field, and only a file without problems changes anything. Each file
is logged with its SHA-256; the same file is never imported twice (DESIGN §6).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.domain.errors import ImportRefused, NotFoundError
from reskontro.domain.journal import JournalLine, check_lines, group_transactions
from reskontro.domain.parties import CustomerData, normalise_party, validate_customer
from reskontro.formats.journal_csv import parse_journal_lines
from reskontro.formats.masterdata_csv import parse_customers, parse_open_items
from reskontro.services.journals import JournalLineInput, insert_lines
from reskontro.services.kid import kid_for, load_kid_setup
from reskontro.services.posting import post_lines
from reskontro.storage import audit
from reskontro.storage import ledger as repo
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork


@dataclass(frozen=True)
class ImportResult:
    import_no: int
    kind: str
    file_name: str
    records: int
    created: int = 0
    updated: int = 0
    register_no: int | None = None
    template: str = ""
    batch: str = ""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def refuse_repeat(
    session: Session, company_id: int, kind: str, digest: str, file_name: str
) -> None:
    earlier = session.scalars(
        select(m.ImportLog).where(
            m.ImportLog.company_id == company_id,
            m.ImportLog.kind == kind,
            m.ImportLog.sha256 == digest,
        )
    ).first()
    if earlier is not None:
        when = earlier.imported_at.strftime("%Y-%m-%d %H:%M")
        raise ImportRefused(
            f"{file_name} was imported before, as import {earlier.import_no} "
            f"({earlier.file_name}, {when}, by {earlier.user_id or 'system'}); nothing was imported"
        )


def log_import(
    session: Session,
    company_id: int,
    kind: str,
    file_name: str,
    digest: str,
    records: int,
    *,
    user: str,
    register_no: int | None = None,
    identity: str = "",
) -> int:
    counter = session.scalars(
        select(m.Counter)
        .where(m.Counter.company_id == company_id, m.Counter.name == "import")
        .with_for_update()
    ).first()
    if counter is None:
        counter = m.Counter(company_id=company_id, name="import", last_value=0)
        session.add(counter)
    counter.last_value += 1
    session.add(
        m.ImportLog(
            company_id=company_id,
            import_no=counter.last_value,
            kind=kind,
            file_name=file_name,
            sha256=digest,
            identity=identity,
            records=records,
            imported_at=datetime.now(UTC),
            user_id=user,
            register_no=register_no,
        )
    )
    audit.record(session, company_id, user, "import", kind, file_name, records=records)
    return counter.last_value


def _refuse(file_name: str, problems: list[str]) -> ImportRefused:
    count = len(problems)
    return ImportRefused(
        f"{file_name} was not imported: {count} problem{'s' if count != 1 else ''}", problems
    )


def import_customers(
    engine: Engine, company_id: int, data: bytes, file_name: str, *, user: str = ""
) -> ImportResult:
    """Create the file's customers, and update the ones that exist (DESIGN §10 columns)."""
    parsed = parse_customers(data, file_name)
    problems = [str(e) for e in parsed.errors]
    digest = sha256(data)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        refuse_repeat(session, company_id, "customers", digest, file_name)
        company = session.get(m.Company, company_id)
        if company is None:
            raise NotFoundError(f"Company {company_id} does not exist")
        terms = set(
            session.scalars(
                select(m.PaymentTerms.code).where(m.PaymentTerms.company_id == company_id)
            )
        )
        groups = set(
            session.scalars(
                select(m.CustomerPostingGroup.code).where(
                    m.CustomerPostingGroup.company_id == company_id
                )
            )
        )
        currencies = set(
            session.scalars(select(m.Currency.code).where(m.Currency.company_id == company_id))
        )
        existing = {
            c.no: c
            for c in session.scalars(
                select(m.Customer).where(
                    m.Customer.company_id == company_id,
                    m.Customer.no.in_([r.no for r in parsed.rows]),
                )
            )
        }
        cards: list[CustomerData] = []
        for row in parsed.rows:
            values = {f.name: getattr(row, f.name) for f in fields(row) if f.name != "row"}
            card = normalise_party(
                CustomerData(**values), country=company.country, lcy=company.currency
            )
            if row.no in existing:
                current = existing[row.no]
                card = replace(card, posting_group=current.posting_group)
            for field, message in validate_customer(
                card,
                country=company.country,
                payment_terms=terms,
                posting_groups=groups,
                currencies=currencies,
            ):
                problems.append(f"{file_name}, row {row.row}, field {field}: {message}")
            cards.append(card)
        if problems:
            raise _refuse(file_name, sorted(problems, key=_row_of))
        created = updated = 0
        for card in cards:
            values = {f.name: getattr(card, f.name) for f in fields(card)}
            row_obj = existing.get(card.no)
            if row_obj is None:
                session.add(m.Customer(company_id=company_id, **values))
                created += 1
            else:
                for name in (
                    "name",
                    "address",
                    "post_code",
                    "city",
                    "country",
                    "email",
                    "org_no",
                    "bank_account",
                    "iban",
                    "currency",
                    "payment_terms",
                ):
                    setattr(row_obj, name, values[name])
                updated += 1
        number = log_import(
            session, company_id, "customers", file_name, digest, len(cards), user=user
        )
        uow.commit()
        return ImportResult(number, "customers", file_name, len(cards), created, updated)


def _row_of(problem: str) -> int:
    marker = ", row "
    if marker not in problem:
        return 0
    digits = problem.split(marker, 1)[1].split(",", 1)[0].split(":", 1)[0]
    return int(digits) if digits.isdigit() else 0


def import_open_items(
    engine: Engine, company_id: int, data: bytes, file_name: str, *, user: str = ""
) -> ImportResult:
    """Post open invoices and credit memos against the opening-balance account, so the
    customer ledger and the G/L agree from the first day."""
    parsed = parse_open_items(data, file_name)
    problems = [str(e) for e in parsed.errors]
    digest = sha256(data)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        counters = repo.lock_counters(session, company_id)
        refuse_repeat(session, company_id, "open-items", digest, file_name)
        company, setup = repo.load_setup(session, company_id)
        if not setup.opening_balance_account:
            raise ImportRefused("Set up an opening-balance account before importing open items")
        context = repo.load_context(session, company_id)
        customers = {r.customer_no for r in parsed.rows}
        repo.add_parties(session, company_id, context, AccountType.CUSTOMER, customers)
        repo.add_existing_documents(
            session, company_id, context, AccountType.CUSTOMER, {r.document_no for r in parsed.rows}
        )
        kid_setup = load_kid_setup(session, company_id)
        lines: list[JournalLine] = []
        for row in parsed.rows:
            where = f"{file_name}, row {row.row}"
            party = context.party(AccountType.CUSTOMER, row.customer_no)
            if party is None:
                problems.append(
                    f"{where}, field customer_no: customer {row.customer_no} does not exist; "
                    "import it first with: reskontro import customers FILE.csv"
                )
                continue
            currency = "" if row.currency in ("", company.currency) else row.currency
            if currency != party.currency:
                problems.append(
                    f"{where}, field currency: the customer's currency is "
                    f"{party.currency or company.currency}, the row's {row.currency}"
                )
                continue
            lines.append(
                JournalLine(
                    line_no=row.row,
                    posting_date=row.posting_date,
                    document_type=row.document_type,
                    document_no=row.document_no,
                    account_type=AccountType.CUSTOMER,
                    account_no=row.customer_no,
                    amount=row.amount,
                    description=row.description or f"Opening balance {row.document_no}",
                    bal_account_type=AccountType.GL,
                    bal_account_no=setup.opening_balance_account,
                    currency=currency,
                    external_document_no=row.external_document_no,
                    payment_reference=row.payment_reference
                    or kid_for(
                        kid_setup, row.document_type, row.document_no, row.customer_no, strict=False
                    ),
                    due_date=row.due_date,
                    pmt_discount_pct=Decimal("0"),
                )
            )
        if lines:
            problems.extend(
                f"{file_name}, row {p.line_no}: {p.message}"
                if p.line_no
                else f"{file_name}: {p.message}"
                for p in check_lines(lines, context, force_doc_balance=True)
            )
        if problems:
            raise _refuse(file_name, sorted(problems, key=_row_of))
        result = post_lines(
            session,
            company_id,
            context,
            group_transactions(lines, True),
            counters=counters,
            source="opening",
            user=user,
        )
        register = result.register.register_no if result.register else None
        number = log_import(
            session,
            company_id,
            "open-items",
            file_name,
            digest,
            len(lines),
            user=user,
            register_no=register,
        )
        uow.commit()
        return ImportResult(
            number, "open-items", file_name, len(lines), created=len(lines), register_no=register
        )


def import_journal_lines(
    engine: Engine,
    company_id: int,
    template: str,
    batch: str,
    data: bytes,
    file_name: str,
    *,
    user: str = "",
) -> ImportResult:
    """Add the file's lines to a journal batch (they are checked by the test report and
    posted with the batch)."""
    parsed = parse_journal_lines(data, file_name)
    if parsed.errors:
        raise _refuse(file_name, [str(e) for e in parsed.errors])
    inputs = [
        JournalLineInput(
            account_type=r.account_type,
            account_no=r.account_no,
            amount=r.amount,
            posting_date=r.posting_date,
            document_type=r.document_type,
            document_no=r.document_no,
            description=r.description,
            bal_account_type=r.bal_account_type,
            bal_account_no=r.bal_account_no,
            currency=r.currency,
            external_document_no=r.external_document_no,
            payment_reference=r.payment_reference,
            applies_to_doc_type=r.applies_to_doc_type if r.applies_to_doc_no else DocumentType.NONE,
            applies_to_doc_no=r.applies_to_doc_no,
            applies_to_id=r.applies_to_id,
            due_date=r.due_date,
            source_file=file_name,
            source_line=str(r.row),
        )
        for r in parsed.rows
    ]
    digest = sha256(data)
    with UnitOfWork(engine, write=True) as uow:
        refuse_repeat(uow.session, company_id, "journal-lines", digest, file_name)
        count = insert_lines(uow.session, company_id, template, batch, inputs)
        number = log_import(
            uow.session,
            company_id,
            "journal-lines",
            file_name,
            digest,
            count,
            user=user,
            identity=f"{template}/{batch}",
        )
        uow.commit()
    return ImportResult(
        number, "journal-lines", file_name, count, created=count, template=template, batch=batch
    )
