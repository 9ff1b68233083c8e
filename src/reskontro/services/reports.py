"""Reports: trial balance, customer ledger, customer balances, aged receivables, registers.

Every report only reads (its unit of work never writes) and lets the database do the adding
up with ``GROUP BY``; Python sees one row per account, customer or entry shown, never the
ledger. Sums are taken over the stored integer minor units and turned into ``Decimal`` once.

Balances and aging *as of* a date come from the detailed customer ledger entries posted up to
that date (reference/collections.md §3.7), so a payment or application made later does not
change what the report says about the past.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Engine, and_, case, func, select, type_coerce

from reskontro.domain.enums import DocumentType
from reskontro.domain.money import ZERO, from_minor
from reskontro.storage.models import (
    Customer,
    CustomerLedgerEntryRow,
    DetailedCustomerEntryRow,
    GLAccount,
    GLEntryRow,
    RegisterRow,
)
from reskontro.storage.uow import UnitOfWork

CLE = CustomerLedgerEntryRow
DCLE = DetailedCustomerEntryRow


def _minor(column: Any) -> ColumnElement[int]:
    """A money column as its stored integer, so SQL sums whole øre/öre."""
    return type_coerce(column, BigInteger)


def _sum(expression: ColumnElement[int]) -> ColumnElement[int]:
    return func.coalesce(func.sum(expression), 0)


def _money(minor: Any) -> Decimal:
    """A sum of minor units from the database (int, or Decimal on PostgreSQL) as an amount."""
    return from_minor(int(minor or 0))


# -- trial balance -------------------------------------------------------------------------


@dataclass(frozen=True)
class TrialBalanceLine:
    no: str
    name: str
    debit: Decimal
    """Sum of the account's debit entries (positive amounts)."""
    credit: Decimal
    """Sum of the account's credit entries, shown positive."""
    balance: Decimal
    """Debit minus credit: the sum of the entries' amounts."""


@dataclass(frozen=True)
class TrialBalance:
    as_of: date | None
    lines: list[TrialBalanceLine]

    @property
    def total_debit(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((line.credit for line in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        """Sum of all balances; 0.00 in a sound ledger (every transaction balances)."""
        return sum((line.balance for line in self.lines), ZERO)


def trial_balance(engine: Engine, company_id: int, *, as_of: date | None = None) -> TrialBalance:
    """Each G/L account with entries (up to *as_of*, if given): debit, credit and balance."""
    amount = _minor(GLEntryRow.amount)
    conditions = [GLEntryRow.company_id == company_id]
    if as_of is not None:
        conditions.append(GLEntryRow.posting_date <= as_of)
    per_account = (
        select(
            GLEntryRow.account_no.label("no"),
            _sum(case((amount > 0, amount), else_=0)).label("debit"),
            _sum(case((amount < 0, -amount), else_=0)).label("credit"),
            _sum(amount).label("balance"),
        )
        .where(*conditions)
        .group_by(GLEntryRow.account_no)
        .subquery()
    )
    query = (
        select(per_account, func.coalesce(GLAccount.name, "").label("name"))
        .outerjoin(
            GLAccount,
            and_(GLAccount.company_id == company_id, GLAccount.no == per_account.c.no),
        )
        .order_by(per_account.c.no)
    )
    with UnitOfWork(engine) as uow:
        rows = uow.session.execute(query).all()
    lines = [
        TrialBalanceLine(
            no=row.no,
            name=row.name,
            debit=_money(row.debit),
            credit=_money(row.credit),
            balance=_money(row.balance),
        )
        for row in rows
    ]
    return TrialBalance(as_of=as_of, lines=lines)


# -- customer ledger -----------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerLedgerLine:
    entry_no: int
    customer_no: str
    customer_name: str
    document_type: DocumentType
    document_no: str
    external_document_no: str
    posting_date: date
    due_date: date | None
    description: str
    currency: str
    """Empty for the company's own currency."""
    amount: Decimal
    """In the entry's currency."""
    remaining_amount: Decimal
    open: bool
    payment_reference: str


def customer_ledger(
    engine: Engine,
    company_id: int,
    *,
    customer_no: str | None = None,
    open_only: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[CustomerLedgerLine]:
    """Customer ledger entries in entry order; one customer's, only open ones, or those
    posted within dates, if asked."""
    query = (
        select(CLE, Customer.name)
        .join(Customer, and_(Customer.company_id == CLE.company_id, Customer.no == CLE.party_no))
        .where(CLE.company_id == company_id)
        .order_by(CLE.entry_no)
        .offset(offset)
        .limit(limit)
    )
    if customer_no is not None:
        query = query.where(CLE.party_no == customer_no)
    if open_only:
        query = query.where(CLE.open.is_(True))
    if date_from is not None:
        query = query.where(CLE.posting_date >= date_from)
    if date_to is not None:
        query = query.where(CLE.posting_date <= date_to)
    with UnitOfWork(engine) as uow:
        rows = uow.session.execute(query).all()
        return [
            CustomerLedgerLine(
                entry_no=entry.entry_no,
                customer_no=entry.party_no,
                customer_name=name,
                document_type=entry.document_type,
                document_no=entry.document_no,
                external_document_no=entry.external_document_no,
                posting_date=entry.posting_date,
                due_date=entry.due_date,
                description=entry.description,
                currency=entry.currency,
                amount=entry.amount,
                remaining_amount=entry.remaining_amount,
                open=entry.open,
                payment_reference=entry.payment_reference,
            )
            for entry, name in rows
        ]


# -- customer balances ---------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerBalance:
    no: str
    name: str
    balance: Decimal
    """In the company's currency (LCY)."""


@dataclass(frozen=True)
class CustomerBalances:
    """Customers with a balance, in customer no. order, and their total.

    Iterating gives the lines, so it reads like the list it holds.
    """

    as_of: date | None
    lines: list[CustomerBalance]

    @property
    def total(self) -> Decimal:
        return sum((line.balance for line in self.lines), ZERO)

    def __iter__(self) -> Iterator[CustomerBalance]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)


def customer_balances(
    engine: Engine, company_id: int, *, as_of: date | None = None
) -> CustomerBalances:
    """Each customer's balance in LCY; customers whose balance is zero are left out.

    Without *as_of*: the remaining amounts of the open entries. With it: every detailed entry
    posted up to that date, which is what the customer owed at the end of that day.
    """
    if as_of is None:
        amount = _minor(CLE.remaining_amount_lcy)
        party = CLE.party_no
        conditions = [CLE.company_id == company_id, CLE.open.is_(True)]
    else:
        amount = _minor(DCLE.amount_lcy)
        party = DCLE.party_no
        conditions = [DCLE.company_id == company_id, DCLE.posting_date <= as_of]
    per_customer = (
        select(party.label("no"), func.sum(amount).label("balance"))
        .where(*conditions)
        .group_by(party)
        .having(func.sum(amount) != 0)
        .subquery()
    )
    query = (
        select(per_customer.c.no, Customer.name, per_customer.c.balance)
        .join(Customer, and_(Customer.company_id == company_id, Customer.no == per_customer.c.no))
        .order_by(per_customer.c.no)
    )
    with UnitOfWork(engine) as uow:
        rows = uow.session.execute(query).all()
    lines = [CustomerBalance(row.no, row.name, _money(row.balance)) for row in rows]
    return CustomerBalances(as_of=as_of, lines=lines)


# -- aged accounts receivable --------------------------------------------------------------


@dataclass(frozen=True)
class AgingLine:
    """One customer's balance by how long it is overdue, in LCY."""

    customer_no: str
    name: str
    not_due: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    over_90: Decimal
    balance: Decimal


@dataclass(frozen=True)
class AgingTotal:
    not_due: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    over_90: Decimal
    balance: Decimal


@dataclass(frozen=True)
class Aging:
    as_of: date
    lines: list[AgingLine]
    total: AgingTotal


BUCKETS = ("not_due", "days_1_30", "days_31_60", "days_61_90", "over_90")


def aging(engine: Engine, company_id: int, as_of: date, *, customer_no: str | None = None) -> Aging:
    """Aged accounts receivable as of *as_of*, by due date, in LCY.

    An entry counts with what was left of it at the end of *as_of* (its detailed entries up to
    that date) in the band of its days overdue, ``as_of - due_date`` (the posting date when it
    has no due date). Credit memos and unapplied payments fall in their own band and reduce the
    customer's balance. Customers whose balance is zero are left out.
    """
    as_of_conditions = [DCLE.company_id == company_id, DCLE.posting_date <= as_of]
    if customer_no is not None:
        as_of_conditions.append(DCLE.party_no == customer_no)
    per_entry = (
        select(
            DCLE.ledger_entry_no.label("entry_no"),
            func.sum(_minor(DCLE.amount_lcy)).label("amount"),
        )
        .where(*as_of_conditions)
        .group_by(DCLE.ledger_entry_no)
        .subquery()
    )
    due = func.coalesce(CLE.due_date, CLE.posting_date)
    amount = per_entry.c.amount
    # Bands as due-date ranges, so the SQL is the same on every database (no date arithmetic).
    band = {
        "not_due": due >= as_of,
        "days_1_30": and_(due < as_of, due >= as_of - timedelta(days=30)),
        "days_31_60": and_(due < as_of - timedelta(days=30), due >= as_of - timedelta(days=60)),
        "days_61_90": and_(due < as_of - timedelta(days=60), due >= as_of - timedelta(days=90)),
        "over_90": due < as_of - timedelta(days=90),
    }
    per_customer = (
        select(
            CLE.party_no.label("no"),
            *(_sum(case((band[name], amount), else_=0)).label(name) for name in BUCKETS),
            func.sum(amount).label("balance"),
        )
        .join(per_entry, per_entry.c.entry_no == CLE.entry_no)
        .where(CLE.company_id == company_id)
        .group_by(CLE.party_no)
        .having(func.sum(amount) != 0)
        .subquery()
    )
    query = (
        select(per_customer, Customer.name)
        .join(Customer, and_(Customer.company_id == company_id, Customer.no == per_customer.c.no))
        .order_by(per_customer.c.no)
    )
    with UnitOfWork(engine) as uow:
        rows = uow.session.execute(query).all()
    lines = [
        AgingLine(
            customer_no=row.no,
            name=row.name,
            **{name: _money(getattr(row, name)) for name in BUCKETS},
            balance=_money(row.balance),
        )
        for row in rows
    ]
    totals = {name: sum((getattr(line, name) for line in lines), ZERO) for name in BUCKETS}
    total = AgingTotal(**totals, balance=sum((line.balance for line in lines), ZERO))
    return Aging(as_of=as_of, lines=lines, total=total)


# -- G/L registers -------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterLine:
    """One posting run (NAV: G/L Register) and the entry numbers it wrote."""

    register_no: int
    created_at: datetime
    user_id: str
    source: str
    journal_template: str
    journal_batch: str
    from_gl_entry_no: int
    to_gl_entry_no: int
    from_customer_entry_no: int
    to_customer_entry_no: int
    from_vendor_entry_no: int
    to_vendor_entry_no: int
    from_bank_entry_no: int
    to_bank_entry_no: int


def gl_registers(engine: Engine, company_id: int, *, limit: int = 50) -> list[RegisterLine]:
    """The latest *limit* registers, newest first."""
    query = (
        select(RegisterRow)
        .where(RegisterRow.company_id == company_id)
        .order_by(RegisterRow.register_no.desc())
        .limit(limit)
    )
    with UnitOfWork(engine) as uow:
        return [
            RegisterLine(
                register_no=row.register_no,
                created_at=row.created_at,
                user_id=row.user_id,
                source=row.source,
                journal_template=row.journal_template,
                journal_batch=row.journal_batch,
                from_gl_entry_no=row.from_gl_entry_no,
                to_gl_entry_no=row.to_gl_entry_no,
                from_customer_entry_no=row.from_customer_entry_no,
                to_customer_entry_no=row.to_customer_entry_no,
                from_vendor_entry_no=row.from_vendor_entry_no,
                to_vendor_entry_no=row.to_vendor_entry_no,
                from_bank_entry_no=row.from_bank_entry_no,
                to_bank_entry_no=row.to_bank_entry_no,
            )
            for row in uow.session.scalars(query)
        ]
