"""Company set-up: a new company with its country's standard set-up, the G/L setup and the
chart of accounts.

:func:`create_company` writes everything a Norwegian or Swedish company needs to start posting
(chart of accounts, VAT codes, payment terms, posting groups, currencies, number series,
journals and a bank account) in one transaction, from :mod:`reskontro.domain.charts`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Engine, func, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reskontro.domain.charts import DEFAULT_BATCH, StandardSetup, standard_setup
from reskontro.domain.dateformula import DateFormula
from reskontro.domain.enums import GLAccountCategory, GLAccountKind
from reskontro.domain.errors import ConflictError, NotFoundError, ValidationError
from reskontro.domain.kid_setup import KidLayout, KidSetup
from reskontro.domain.ledger import Counters
from reskontro.domain.money import ZERO, amount
from reskontro.domain.parties import compact_org_no, org_no_problem
from reskontro.domain.references.kid import KidMethod
from reskontro.services.companies import CompanyInfo
from reskontro.services.kid import save_kid_setup
from reskontro.storage import audit
from reskontro.storage.models import (
    BankAccount,
    BankPostingGroup,
    Company,
    Counter,
    Currency,
    CustomerPostingGroup,
    GLAccount,
    GLEntryRow,
    GLSetup,
    JournalBatch,
    JournalTemplate,
    NumberSeries,
    PaymentTerms,
    VatCode,
    VendorPostingGroup,
)
from reskontro.storage.types import Money
from reskontro.storage.uow import UnitOfWork

COUNTER_NAMES = (*(f.name for f in fields(Counters)), "import")
"""Every entry-number counter posting uses, plus the import log's."""

SALES_INVOICE_SERIES = "SALES-INV"
SALES_CREDIT_MEMO_SERIES = "SALES-CM"
SALES_DRAFT_SERIES = "SALES-DRAFT"


@dataclass(frozen=True)
class GLSetupInfo:
    """NAV: General Ledger Setup, with the application settings of reference/collections.md §2."""

    company_id: int
    payment_tolerance_pct: Decimal
    max_payment_tolerance: Decimal
    pmt_disc_grace_period: str
    """A date formula such as ``5D``; empty for no grace period."""
    appln_rounding_precision: Decimal
    pmt_disc_excl_vat: bool
    allow_posting_from: date | None
    allow_posting_to: date | None
    opening_balance_account: str
    customer_invoice_nos: str
    customer_credit_memo_nos: str
    sales_draft_nos: str


@dataclass(frozen=True)
class GLAccountView:
    """A G/L account as the chart of accounts shows it."""

    no: str
    name: str
    kind: GLAccountKind
    category: GLAccountCategory
    direct_posting: bool
    blocked: bool
    balance: Decimal = ZERO
    """The sum of its G/L entries (debit positive)."""


def create_company(
    engine: Engine, name: str, country: str, *, org_no: str = "", user: str = ""
) -> CompanyInfo:
    """Create a company with the standard set-up of *country* (NO or SE), ready to post.

    Refuses a name already in use (in any case), another country and an invalid org. no.
    """
    name = name.strip()
    if not name:
        raise ValidationError("A company needs a name")
    setup = standard_setup(country)
    code = setup.country
    compact = ""
    if org_no.strip():
        problem = org_no_problem(org_no.strip(), code)
        if problem:
            raise ValidationError(problem)
        compact = compact_org_no(org_no, code) or ""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        taken = session.scalar(select(Company.name).where(func.lower(Company.name) == name.lower()))
        if taken is not None:
            raise ConflictError(f"A company named {taken!r} already exists; choose another name")
        company = Company(
            name=name,
            country=code,
            currency=setup.currency,
            org_no=compact,
            created_at=datetime.now(UTC),
        )
        session.add(company)
        try:
            session.flush()
        except IntegrityError as exc:
            raise ConflictError(f"A company named {name!r} already exists") from exc
        _write_standard_setup(session, company.id, setup)
        if code == "NO":
            # Norwegian invoices carry a KID from the start: the document no. in 7 digits and a
            # MOD10 check digit, the layout most OCR agreements use. ``setup kid`` changes it.
            save_kid_setup(
                session,
                company.id,
                KidSetup(KidLayout.DOCUMENT_NO, document_no_length=7, method=KidMethod.MOD10),
            )
        audit.record(session, company.id, user, "setup", "company", name, country=code)
        uow.commit()
        return CompanyInfo(company.id, company.name, company.country, company.currency, compact)


def _write_standard_setup(session: Session, company_id: int, setup: StandardSetup) -> None:
    # Flushed in steps so rows that others refer to (accounts, templates) exist first.
    session.add_all(
        GLAccount(
            company_id=company_id,
            no=a.no,
            name=a.name,
            kind=a.kind,
            category=a.category,
            direct_posting=a.direct_posting,
            blocked=False,
        )
        for a in setup.accounts
    )
    session.add_all(
        NumberSeries(
            company_id=company_id,
            code=s.code,
            description=s.description,
            starting_no=s.starting_no,
            last_no_used="",
        )
        for s in setup.number_series
    )
    session.add_all(
        JournalTemplate(
            company_id=company_id,
            name=t.name,
            description=t.description,
            type=t.type,
            force_doc_balance=t.force_doc_balance,
            bal_account_type=t.bal_account_type,
            bal_account_no=t.bal_account_no,
            number_series=t.number_series,
        )
        for t in setup.journal_templates
    )
    session.add_all(Counter(company_id=company_id, name=n, last_value=0) for n in COUNTER_NAMES)
    session.add(
        GLSetup(
            company_id=company_id,
            payment_tolerance_pct=Decimal(0),
            max_payment_tolerance=ZERO,
            pmt_disc_grace_period="",
            appln_rounding_precision=ZERO,
            pmt_disc_excl_vat=False,
            opening_balance_account=setup.opening_balance_account,
            customer_invoice_nos=SALES_INVOICE_SERIES,
            customer_credit_memo_nos=SALES_CREDIT_MEMO_SERIES,
            sales_draft_nos=SALES_DRAFT_SERIES,
        )
    )
    session.flush()
    session.add_all(
        JournalBatch(
            company_id=company_id,
            template_name=t.name,
            name=DEFAULT_BATCH,
            description=t.description,
            bal_account_type=t.bal_account_type,
            bal_account_no=t.bal_account_no,
            number_series=t.number_series,
        )
        for t in setup.journal_templates
    )
    session.add_all(
        VatCode(
            company_id=company_id,
            code=v.code,
            description=v.description,
            rate=v.rate,
            output_account=v.output_account,
            sales_account=v.sales_account,
        )
        for v in setup.vat_codes
    )
    session.add_all(
        PaymentTerms(
            company_id=company_id,
            code=p.code,
            description=p.description,
            due_date_formula=p.due_date_formula,
            discount_date_formula=p.discount_date_formula,
            discount_pct=p.discount_pct,
        )
        for p in setup.payment_terms
    )
    for model, groups in (
        (CustomerPostingGroup, setup.customer_posting_groups),
        (VendorPostingGroup, setup.vendor_posting_groups),
    ):
        session.add_all(
            model(company_id=company_id, code=g.code, description=g.description, **g.accounts())
            for g in groups
        )
    session.add_all(
        BankPostingGroup(
            company_id=company_id, code=b.code, description=b.description, gl_account=b.gl_account
        )
        for b in setup.bank_posting_groups
    )
    session.add_all(
        Currency(
            company_id=company_id,
            code=c.code,
            description=c.description,
            realized_gains_account=c.realized_gains_account,
            realized_losses_account=c.realized_losses_account,
            appln_rounding_precision=ZERO,
        )
        for c in setup.currencies
    )
    bank = setup.bank_account
    session.add(
        BankAccount(
            company_id=company_id,
            no=bank.no,
            name=bank.name,
            currency="",
            posting_group=bank.posting_group,
            blocked=False,
            balance_last_statement=ZERO,
        )
    )
    session.flush()


def get_gl_setup(engine: Engine, company_id: int) -> GLSetupInfo:
    with UnitOfWork(engine) as uow:
        return _info(_load(uow.session, company_id))


def update_gl_setup(
    engine: Engine,
    company_id: int,
    *,
    payment_tolerance_pct: Decimal | None = None,
    max_payment_tolerance: Decimal | None = None,
    pmt_disc_grace_period: str | None = None,
    appln_rounding_precision: Decimal | None = None,
    pmt_disc_excl_vat: bool | None = None,
    allow_posting_from: date | None = None,
    allow_posting_to: date | None = None,
    user: str = "",
) -> GLSetupInfo:
    """Change the settings given (None leaves a setting as it is); refuse values out of range."""
    with UnitOfWork(engine, write=True) as uow:
        row = _load(uow.session, company_id)
        if payment_tolerance_pct is not None:
            row.payment_tolerance_pct = _percent(payment_tolerance_pct)
        if max_payment_tolerance is not None:
            row.max_payment_tolerance = _non_negative(
                "max_payment_tolerance", max_payment_tolerance
            )
        if pmt_disc_grace_period is not None:
            row.pmt_disc_grace_period = str(DateFormula.parse(pmt_disc_grace_period))
        if appln_rounding_precision is not None:
            row.appln_rounding_precision = _non_negative(
                "appln_rounding_precision", appln_rounding_precision
            )
        if pmt_disc_excl_vat is not None:
            row.pmt_disc_excl_vat = pmt_disc_excl_vat
        if allow_posting_from is not None:
            row.allow_posting_from = allow_posting_from
        if allow_posting_to is not None:
            row.allow_posting_to = allow_posting_to
        if (
            row.allow_posting_from is not None
            and row.allow_posting_to is not None
            and row.allow_posting_from > row.allow_posting_to
        ):
            raise ValidationError(
                f"allow_posting_from {row.allow_posting_from} is after allow_posting_to "
                f"{row.allow_posting_to}; posting would be refused on every date"
            )
        info = _info(row)
        audit.record(uow.session, company_id, user, "setup", "gl_setup", "", **_info_changes(row))
        uow.commit()
        return info


def _info_changes(row: GLSetup) -> dict[str, str]:
    """The settings as they are after a change, for the audit trail."""
    return {name: str(value) for name, value in vars(_info(row)).items() if name != "company_id"}


def _load(session: Session, company_id: int) -> GLSetup:
    row = session.get(GLSetup, company_id)
    if row is None:
        raise NotFoundError(
            f"Company {company_id} has no general ledger setup; "
            "create the company with reskontro init"
        )
    return row


def _percent(value: Decimal) -> Decimal:
    if not isinstance(value, Decimal | int) or isinstance(value, bool):
        raise ValidationError(f"payment_tolerance_pct {value!r}: give a number such as 2.5")
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(
            f"payment_tolerance_pct {value}: must be between 0 and 100 (per cent)"
        )
    return Decimal(value)


def _non_negative(field: str, value: Decimal) -> Decimal:
    checked = amount(value)
    if checked < 0:
        raise ValidationError(f"{field} {value}: must be zero or more")
    return checked


def _info(row: GLSetup) -> GLSetupInfo:
    return GLSetupInfo(
        company_id=row.company_id,
        payment_tolerance_pct=row.payment_tolerance_pct,
        max_payment_tolerance=row.max_payment_tolerance,
        pmt_disc_grace_period=row.pmt_disc_grace_period,
        appln_rounding_precision=row.appln_rounding_precision,
        pmt_disc_excl_vat=row.pmt_disc_excl_vat,
        allow_posting_from=row.allow_posting_from,
        allow_posting_to=row.allow_posting_to,
        opening_balance_account=row.opening_balance_account,
        customer_invoice_nos=row.customer_invoice_nos,
        customer_credit_memo_nos=row.customer_credit_memo_nos,
        sales_draft_nos=row.sales_draft_nos,
    )


# -- G/L accounts ------------------------------------------------------------------------


def _account_view(row: GLAccount, balance: Decimal | None) -> GLAccountView:
    return GLAccountView(
        row.no,
        row.name,
        GLAccountKind(row.kind),
        GLAccountCategory(row.category),
        row.direct_posting,
        row.blocked,
        balance or ZERO,
    )


def list_gl_accounts(engine: Engine, company_id: int) -> list[GLAccountView]:
    """The chart of accounts in account order, each with its balance."""
    with UnitOfWork(engine) as uow:
        total = type_coerce(func.sum(GLEntryRow.amount), Money())
        balances = (
            select(GLEntryRow.account_no.label("no"), total.label("balance"))
            .where(GLEntryRow.company_id == company_id)
            .group_by(GLEntryRow.account_no)
            .subquery()
        )
        query = (
            select(GLAccount, balances.c.balance)
            .outerjoin(balances, balances.c.no == GLAccount.no)
            .where(GLAccount.company_id == company_id)
            .order_by(GLAccount.no)
        )
        return [_account_view(row, balance) for row, balance in uow.session.execute(query)]


def add_gl_account(
    engine: Engine,
    company_id: int,
    no: str,
    name: str,
    *,
    category: GLAccountCategory | str,
    kind: GLAccountKind | str = GLAccountKind.POSTING,
    direct_posting: bool = True,
    user: str = "",
) -> GLAccountView:
    """Add an account to the chart (a heading when *kind* is ``heading``)."""
    no, name = no.strip(), name.strip()
    problems = []
    if not no or len(no) > 20:
        problems.append(f"no {no or '(empty)'}: give an account number of 1 to 20 characters")
    if not name or len(name) > 100:
        problems.append("name: give the account a name of 1 to 100 characters")
    if category not in {c.value for c in GLAccountCategory}:
        problems.append(
            f"category {category}: use one of {', '.join(c.value for c in GLAccountCategory)}"
        )
    if kind not in {k.value for k in GLAccountKind}:
        problems.append(f"kind {kind}: use posting or heading")
    if problems:
        raise ValidationError(f"G/L account {no} cannot be saved: " + "; ".join(problems))
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        if session.get(Company, company_id) is None:
            raise NotFoundError(f"Company {company_id} does not exist")
        if session.get(GLAccount, (company_id, no)) is not None:
            raise ConflictError(f"G/L account {no} already exists; choose another number")
        row = GLAccount(
            company_id=company_id,
            no=no,
            name=name,
            kind=GLAccountKind(kind),
            category=GLAccountCategory(category),
            direct_posting=direct_posting,
            blocked=False,
        )
        session.add(row)
        session.flush()
        view = _account_view(row, ZERO)
        audit.record(session, company_id, user, "create", "gl_account", no)
        uow.commit()
        return view
