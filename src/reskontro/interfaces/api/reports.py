"""Reports: trial balance, customer ledger, customer balances, aged receivables, registers.

Every report needs only the right to read.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from reskontro.interfaces.api.deps import EngineDep, Limit, Offset, Reader
from reskontro.interfaces.api.errors import ERROR_RESPONSES, ApiRoute
from reskontro.interfaces.api.ledger import CustomerLedgerEntry
from reskontro.interfaces.api.types import Model, Money, build
from reskontro.services import reports

router = APIRouter(
    prefix="/reports", route_class=ApiRoute, responses=ERROR_RESPONSES, tags=["reports"]
)

AsOf = Annotated[date | None, Query(description="Up to and including this date; blank: all")]


class TrialBalanceLine(Model):
    no: str
    name: str
    debit: Money
    credit: Money
    balance: Money


class TrialBalance(Model):
    as_of: date | None
    lines: list[TrialBalanceLine]
    total_debit: Money
    total_credit: Money
    total: Money
    """0.00 in a sound ledger."""


class CustomerBalance(Model):
    no: str
    name: str
    balance: Money


class CustomerBalances(Model):
    as_of: date | None
    lines: list[CustomerBalance]
    total: Money


class AgingLine(Model):
    customer_no: str
    name: str
    not_due: Money
    days_1_30: Money
    days_31_60: Money
    days_61_90: Money
    over_90: Money
    balance: Money


class AgingTotal(Model):
    not_due: Money
    days_1_30: Money
    days_31_60: Money
    days_61_90: Money
    over_90: Money
    balance: Money


class Aging(Model):
    as_of: date
    lines: list[AgingLine]
    total: AgingTotal


class Register(Model):
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


@router.get("/trial-balance")
def trial_balance(engine: EngineDep, who: Reader, as_of: AsOf = None) -> TrialBalance:
    return build(TrialBalance, reports.trial_balance(engine, who.company_id, as_of=as_of))


@router.get("/customer-ledger")
def customer_ledger(
    engine: EngineDep,
    who: Reader,
    customer_no: Annotated[str | None, Query(description="Only this customer")] = None,
    open_only: Annotated[bool, Query(alias="open", description="Only open entries")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[CustomerLedgerEntry]:
    rows = reports.customer_ledger(
        engine,
        who.company_id,
        customer_no=customer_no,
        open_only=open_only,
        limit=limit,
        offset=offset,
    )
    return [build(CustomerLedgerEntry, r) for r in rows]


@router.get("/customer-balances")
def customer_balances(engine: EngineDep, who: Reader, as_of: AsOf = None) -> CustomerBalances:
    return build(CustomerBalances, reports.customer_balances(engine, who.company_id, as_of=as_of))


@router.get("/aging")
def aging(
    engine: EngineDep,
    who: Reader,
    as_of: Annotated[date, Query(description="Age the entries as of this date")],
    customer_no: Annotated[str | None, Query(description="Only this customer")] = None,
) -> Aging:
    return build(Aging, reports.aging(engine, who.company_id, as_of, customer_no=customer_no))


@router.get("/registers")
def registers(engine: EngineDep, who: Reader, limit: Limit = 50) -> list[Register]:
    """The latest posting runs (NAV: G/L Registers), newest first."""
    return [build(Register, r) for r in reports.gl_registers(engine, who.company_id, limit=limit)]
