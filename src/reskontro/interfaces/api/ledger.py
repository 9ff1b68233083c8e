"""Customer ledger entries: list with filters, apply, unapply, set applies-to ID; reversing a
transaction.

Listing needs any role; applying and marking entries an accountant; unapplying and reversing
(which post) an approver.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.domain.errors import ValidationError
from reskontro.interfaces.api.deps import Approver, EngineDep, Enterer, Limit, Offset, Reader
from reskontro.interfaces.api.errors import ERROR_RESPONSES, ApiRoute
from reskontro.interfaces.api.types import Model, Money, build
from reskontro.services import applying, reports
from reskontro.services.applying import ApplyTarget

router = APIRouter(route_class=ApiRoute, responses=ERROR_RESPONSES, tags=["ledger entries"])

ENTRIES = "/customer-ledger-entries"


class CustomerLedgerEntry(Model):
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
    amount: Money
    remaining_amount: Money
    open: bool
    payment_reference: str


class PartyEntry(Model):
    """An entry as it stands after an application, unapplication or reversal."""

    entry_no: int
    party_no: str
    transaction_no: int
    posting_date: date
    document_type: DocumentType
    document_no: str
    description: str
    currency: str
    amount: Money
    remaining_amount: Money
    open: bool
    due_date: date | None
    applies_to_id: str
    amount_to_apply: Money


class Target(Model):
    entry_no: int
    amount_to_apply: Money | None = None
    """Blank: all that remains of the entry."""

    def as_target(self) -> ApplyTarget:
        return ApplyTarget(self.entry_no, self.amount_to_apply)


class ApplyRequest(Model):
    targets: list[Target]
    posting_date: date | None = None
    """Blank: the latest posting date among the entries, as in NAV."""
    applying_amount: Money | None = None


class UnapplyRequest(Model):
    posting_date: date | None = None


class AppliesToIdRequest(Model):
    applies_to_id: str
    targets: list[Target]


class CorrectionResult(Model):
    transaction_no: int
    register_no: int
    posting_date: date
    entries: list[PartyEntry]


class TransactionOfEntry(Model):
    entry_no: int
    transaction_no: int


@router.get(ENTRIES)
def list_entries(
    engine: EngineDep,
    who: Reader,
    customer_no: Annotated[str | None, Query(description="Only this customer's entries")] = None,
    open_only: Annotated[bool, Query(alias="open", description="Only open entries")] = False,
    date_from: Annotated[date | None, Query(description="Posted on or after")] = None,
    date_to: Annotated[date | None, Query(description="Posted on or before")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[CustomerLedgerEntry]:
    """Customer ledger entries in entry order."""
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ValidationError(f"date_from {date_from} is after date_to {date_to}")
    rows = reports.customer_ledger(
        engine,
        who.company_id,
        customer_no=customer_no,
        open_only=open_only,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
    )
    return [build(CustomerLedgerEntry, r) for r in rows]


@router.get(f"{ENTRIES}/{{entry_no}}/transaction")
def transaction_of_entry(engine: EngineDep, who: Reader, entry_no: int) -> TransactionOfEntry:
    """The transaction an entry was posted in, to reverse it."""
    number = applying.transaction_of_entry(engine, who.company_id, AccountType.CUSTOMER, entry_no)
    return TransactionOfEntry(entry_no=entry_no, transaction_no=number)


@router.post(f"{ENTRIES}/{{entry_no}}/apply")
def apply_entry(
    engine: EngineDep, who: Enterer, entry_no: int, body: ApplyRequest
) -> CorrectionResult:
    """Apply the entry to other open entries of the same customer (NAV: Post Application)."""
    result = applying.apply_entries(
        engine,
        who.company_id,
        AccountType.CUSTOMER,
        entry_no,
        [t.as_target() for t in body.targets],
        posting_date=body.posting_date,
        applying_amount=body.applying_amount,
        user=who.username,
    )
    return build(CorrectionResult, result)


@router.post(f"{ENTRIES}/{{entry_no}}/unapply")
def unapply_entry(
    engine: EngineDep, who: Approver, entry_no: int, body: UnapplyRequest | None = None
) -> CorrectionResult:
    """Undo the entry's newest application; the entries it closed open again."""
    result = applying.unapply_entry(
        engine,
        who.company_id,
        AccountType.CUSTOMER,
        entry_no,
        posting_date=body.posting_date if body is not None else None,
        user=who.username,
    )
    return build(CorrectionResult, result)


@router.post(f"{ENTRIES}/applies-to-id")
def set_applies_to_id(
    engine: EngineDep, who: Enterer, body: AppliesToIdRequest
) -> list[PartyEntry]:
    """Mark open entries of one customer for a journal line's applies-to ID."""
    marked = applying.set_applies_to_id(
        engine,
        who.company_id,
        AccountType.CUSTOMER,
        body.applies_to_id,
        [t.as_target() for t in body.targets],
        user=who.username,
    )
    return [build(PartyEntry, e) for e in marked]


@router.post("/transactions/{transaction_no}/reverse")
def reverse_transaction(engine: EngineDep, who: Approver, transaction_no: int) -> CorrectionResult:
    """Post the mirror image of a transaction, dated as the original (NAV: Reverse)."""
    result = applying.reverse(engine, who.company_id, transaction_no, user=who.username)
    return build(CorrectionResult, result)
