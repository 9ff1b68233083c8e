"""The payment reconciliation journal of an imported statement: apply its lines automatically,
read what each is applied to and why, change it, and post it (optionally reconciling the bank
account in the same step); the text-to-account mappings and the matching rules.

Reading needs a viewer; applying, reviewing and mappings an accountant; posting an approver;
the rule table and a bank account's match tolerance are set-up, for an admin.

A batch line itemised by a camt.054 or by its own transaction details is applied payment by
payment: ``…/lines/{line_no}/details/{detail_no}/…`` works on one of its payments as
``…/lines/{line_no}/…`` works on a line (detail 0: what the payments leave unexplained).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from reskontro.interfaces.api.deps import Admin, Approver, EngineDep, Enterer, Reader
from reskontro.interfaces.api.errors import ERROR_RESPONSES, ApiRoute
from reskontro.interfaces.api.types import Done, Model, Money, build
from reskontro.services import reconcile

router = APIRouter(route_class=ApiRoute, responses=ERROR_RESPONSES, tags=["payment reconciliation"])

ONE = "/bank-accounts/{no}/statements/{statement_no}/payment-reconciliation"
LINE = ONE + "/lines/{line_no}"
DETAIL = LINE + "/details/{detail_no}"
SETUP = "/payment-reconciliation"

AccountTypeName = Literal["customer", "vendor", "gl"]


class AppliedEntry(Model):
    account_type: str
    account_no: str
    account_name: str
    entry_no: int | None
    document_no: str
    amount: Money
    discount: Money
    confidence: str
    status: str
    explanation: str
    rule: str
    score: int


class Line(Model):
    line_no: int
    booking_date: date | None
    amount: Money
    text: str
    counterparty_name: str
    counterparty_account: str
    references: list[str]
    applied: list[AppliedEntry]
    applied_amount: Money
    difference: Money
    confidence: str
    """high, medium or low (the lowest of the line's applications); "" when not applied."""
    status: str
    """auto, accepted or manual; "" when not applied."""
    review: bool
    notes: list[str]
    posted: bool
    detail_no: int | None = None
    """null for an ordinary line; for a batch line itemised by a camt.054 or its own
    transaction details, 0 on the line's heading and 1, 2, … on its payments, which follow."""
    details: int = 0
    """On an itemised line's heading: how many payments it holds."""


class Journal(Model):
    bank_account_no: str
    statement_no: int
    statement_id: str
    status: Literal["open", "posted"]
    currency: str
    balance_last_statement: Money
    closing_balance: Money | None
    total_lines: Money
    total_applied: Money
    total_difference: Money
    counts: dict[str, int]
    lines: list[Line]


class ApplyOptions(Model):
    overwrite: bool = False
    """Replace accepted and manual applications too."""


class Applied(Model):
    lines: int
    applied: int
    high: int
    medium: int
    low: int
    not_applied: int


class Candidate(Model):
    account_type: str
    account_no: str
    account_name: str
    entry_no: int | None
    document_no: str
    document_type: str
    due_date: date | None
    remaining_amount: Money
    suggested_amount: Money
    score: int
    confidence: str
    explanation: str


class DetailRef(Model):
    line_no: int
    detail_no: int


class AcceptLines(Model):
    line_nos: list[int] | None = None
    """The lines to accept (a batch line with all its payments); with ``details`` left out
    too: every line to review."""
    details: list[DetailRef] | None = None
    """Payments of batch lines to accept, one by one."""


class Accepted(Model):
    accepted: int


class ApplyLine(Model):
    account_type: AccountTypeName
    account_no: str
    entry_no: int | None = None
    """A customer or vendor ledger entry; left out: straight to the account."""
    amount: Money | None = None
    """Left out: what the line still lacks, capped at what is open of the entry."""


class TransferLine(Model):
    account_type: AccountTypeName
    account_no: str


class PostOptions(Model):
    reconcile: bool = False
    """Also reconcile the bank account with the statement."""


class Posted(Model):
    register_no: int
    lines_posted: int
    reconciled: bool
    statement_no: int
    balance: Money | None


class Mapping(Model):
    mapping_no: int
    text: str
    account_type: str
    debit_account_no: str
    credit_account_no: str
    account_no: str
    learned: bool


class NewMapping(Model):
    text: str
    account_type: AccountTypeName
    debit_account_no: str = ""
    credit_account_no: str = ""
    account_no: str = ""


class MappingAdded(Model):
    mapping_no: int


class Rule(Model):
    confidence: str
    priority: int
    party: str
    document: str
    amount: str
    structured_reference: bool
    review_required: bool
    score: int
    description: str


class RuleChange(Model):
    party: str = "not_considered"
    document: str = "not_considered"
    amount: str = "not_considered"
    structured_reference: bool = False
    review_required: bool = True


class MatchTolerance(Model):
    tolerance: str
    """An amount ("5.00") or a percentage ("2%")."""


# -- the journal -------------------------------------------------------------------------------


@router.get(ONE)
def show(
    engine: EngineDep,
    who: Reader,
    no: str,
    statement_no: int,
    filter: Annotated[  # noqa: A002 - the service's name
        Literal["all", "review", "difference"], Query(description="Which lines")
    ] = "all",
) -> Journal:
    """The statement's lines, what each is applied to, how sure and why."""
    view = reconcile.show(engine, who.company_id, no, statement_no, filter=filter)
    return build(Journal, view)


@router.post(ONE + "/apply-automatically")
def apply_automatically(
    engine: EngineDep, who: Enterer, no: str, statement_no: int, body: ApplyOptions | None = None
) -> Applied:
    """Apply the lines not posted yet to open entries; accepted and manual applications stay
    unless ``overwrite``."""
    overwrite = body.overwrite if body is not None else False
    summary = reconcile.apply_automatically(
        engine, who.company_id, no, statement_no, overwrite=overwrite, user=who.username
    )
    return build(Applied, summary)


def _candidates(
    engine: EngineDep,
    company_id: int,
    no: str,
    statement_no: int,
    line_no: int,
    detail_no: int,
    search: str,
    account_type: AccountTypeName | None,
    account_no: str | None,
    limit: int,
) -> list[Candidate]:
    rows = reconcile.candidates(
        engine,
        company_id,
        no,
        statement_no,
        line_no,
        search=search,
        account_type=account_type,
        account_no=account_no,
        limit=limit,
        detail_no=detail_no,
    )
    return [build(Candidate, row) for row in rows]


@router.get(LINE + "/candidates")
def candidates(
    engine: EngineDep,
    who: Reader,
    no: str,
    statement_no: int,
    line_no: int,
    search: str = "",
    account_type: AccountTypeName | None = None,
    account_no: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[Candidate]:
    """What the line could be applied to, best first."""
    return _candidates(
        engine, who.company_id, no, statement_no, line_no, 0, search, account_type, account_no,
        limit,
    )  # fmt: skip


@router.get(DETAIL + "/candidates")
def detail_candidates(
    engine: EngineDep,
    who: Reader,
    no: str,
    statement_no: int,
    line_no: int,
    detail_no: int,
    search: str = "",
    account_type: AccountTypeName | None = None,
    account_no: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[Candidate]:
    """What one payment of a batch line could be applied to, best first."""
    return _candidates(
        engine, who.company_id, no, statement_no, line_no, detail_no, search, account_type,
        account_no, limit,
    )  # fmt: skip


@router.post(ONE + "/accept")
def accept(
    engine: EngineDep, who: Enterer, no: str, statement_no: int, body: AcceptLines | None = None
) -> Accepted:
    """Accept the automatic applications of the lines and payments (of every line to review
    when none are named)."""
    wanted: list[int | tuple[int, int]] | None = None
    if body is not None and (body.line_nos is not None or body.details is not None):
        wanted = [*(body.line_nos or [])]
        wanted.extend((d.line_no, d.detail_no) for d in body.details or [])
    count = reconcile.accept(engine, who.company_id, no, statement_no, wanted, user=who.username)
    return Accepted(accepted=count)


@router.post(LINE + "/remove")
def remove(engine: EngineDep, who: Enterer, no: str, statement_no: int, line_no: int) -> Done:
    """Remove every application of the line (of a batch line: of each of its payments)."""
    reconcile.remove(engine, who.company_id, no, statement_no, line_no, user=who.username)
    return Done(message=f"line {line_no} is no longer applied")


@router.post(DETAIL + "/remove")
def remove_detail(
    engine: EngineDep, who: Enterer, no: str, statement_no: int, line_no: int, detail_no: int
) -> Done:
    """Remove the applications of one payment of a batch line."""
    reconcile.remove(
        engine, who.company_id, no, statement_no, line_no, user=who.username, detail_no=detail_no
    )
    return Done(message=f"line {line_no}.{detail_no} is no longer applied")


def _apply(
    engine: EngineDep,
    who: Enterer,
    no: str,
    statement_no: int,
    key: tuple[int, int],
    body: ApplyLine,
) -> Line:
    reconcile.apply_manually(
        engine,
        who.company_id,
        no,
        statement_no,
        key[0],
        account_type=body.account_type,
        account_no=body.account_no,
        entry_no=body.entry_no,
        amount=body.amount,
        user=who.username,
        detail_no=key[1],
    )
    return _line(engine, who.company_id, no, statement_no, key)


@router.post(LINE + "/apply")
def apply_manually(
    engine: EngineDep, who: Enterer, no: str, statement_no: int, line_no: int, body: ApplyLine
) -> Line:
    """Apply the line by hand to an open entry or straight to an account; answers the line."""
    return _apply(engine, who, no, statement_no, (line_no, 0), body)


@router.post(DETAIL + "/apply")
def apply_detail(
    engine: EngineDep,
    who: Enterer,
    no: str,
    statement_no: int,
    line_no: int,
    detail_no: int,
    body: ApplyLine,
) -> Line:
    """Apply one payment of a batch line by hand; answers the payment."""
    return _apply(engine, who, no, statement_no, (line_no, detail_no), body)


def _transfer(
    engine: EngineDep,
    who: Enterer,
    no: str,
    statement_no: int,
    key: tuple[int, int],
    body: TransferLine,
) -> Line:
    reconcile.transfer_difference(
        engine,
        who.company_id,
        no,
        statement_no,
        key[0],
        account_type=body.account_type,
        account_no=body.account_no,
        user=who.username,
        detail_no=key[1],
    )
    return _line(engine, who.company_id, no, statement_no, key)


@router.post(LINE + "/transfer")
def transfer_difference(
    engine: EngineDep, who: Enterer, no: str, statement_no: int, line_no: int, body: TransferLine
) -> Line:
    """Post what the line lacks to an account (a batch line's: what its payments leave
    unexplained); answers the line."""
    return _transfer(engine, who, no, statement_no, (line_no, 0), body)


@router.post(DETAIL + "/transfer")
def transfer_detail(
    engine: EngineDep,
    who: Enterer,
    no: str,
    statement_no: int,
    line_no: int,
    detail_no: int,
    body: TransferLine,
) -> Line:
    """Post what one payment of a batch line lacks to an account; answers the payment."""
    return _transfer(engine, who, no, statement_no, (line_no, detail_no), body)


def _line(
    engine: EngineDep, company_id: int, no: str, statement_no: int, key: tuple[int, int]
) -> Line:
    view = reconcile.show(engine, company_id, no, statement_no)
    line_no, detail_no = key
    return build(
        Line,
        next(
            line
            for line in view.lines
            if line.line_no == line_no and (line.detail_no or 0) == detail_no
        ),
    )


@router.post(ONE + "/post")
def post(
    engine: EngineDep, who: Approver, no: str, statement_no: int, body: PostOptions | None = None
) -> Posted:
    """Post every line as a payment, all or nothing (422 with the problems when a line is not
    applied in full; with ``reconcile`` also when the balances do not add up)."""
    options = body or PostOptions()
    summary = reconcile.post(
        engine, who.company_id, no, statement_no, reconcile=options.reconcile, user=who.username
    )
    return build(Posted, summary)


# -- mappings, rules and tolerance ---------------------------------------------------------------


@router.get(SETUP + "/mappings")
def list_mappings(engine: EngineDep, who: Reader) -> list[Mapping]:
    return [build(Mapping, row) for row in reconcile.list_mappings(engine, who.company_id)]


@router.post(SETUP + "/mappings", status_code=status.HTTP_201_CREATED)
def add_mapping(engine: EngineDep, who: Enterer, body: NewMapping) -> MappingAdded:
    """Lines whose text holds ``text`` go to the account (G/L: the debit account for money
    in, the credit account for money out)."""
    number = reconcile.add_mapping(
        engine,
        who.company_id,
        text=body.text,
        account_type=body.account_type,
        debit_account_no=body.debit_account_no,
        credit_account_no=body.credit_account_no,
        account_no=body.account_no,
        user=who.username,
    )
    return MappingAdded(mapping_no=number)


@router.delete(SETUP + "/mappings/{mapping_no}")
def delete_mapping(engine: EngineDep, who: Enterer, mapping_no: int) -> Done:
    reconcile.delete_mapping(engine, who.company_id, mapping_no, user=who.username)
    return Done(message=f"mapping {mapping_no} deleted")


@router.get(SETUP + "/rules")
def list_rules(engine: EngineDep, who: Reader) -> list[Rule]:
    """The matching rules, best score first (the defaults until edited)."""
    return [build(Rule, row) for row in reconcile.list_rules(engine, who.company_id)]


@router.put(SETUP + "/rules/{confidence}/{priority}")
def save_rule(
    engine: EngineDep,
    who: Admin,
    confidence: Literal["high", "medium", "low"],
    priority: int,
    body: RuleChange,
) -> list[Rule]:
    """Add the rule, or change it; answers the rule table."""
    reconcile.save_rule(
        engine,
        who.company_id,
        confidence=confidence,
        priority=priority,
        party=body.party,
        document=body.document,
        amount=body.amount,
        structured_reference=body.structured_reference,
        review_required=body.review_required,
        user=who.username,
    )
    return list_rules(engine, who)


@router.delete(SETUP + "/rules/{confidence}/{priority}")
def delete_rule(engine: EngineDep, who: Admin, confidence: str, priority: int) -> list[Rule]:
    reconcile.delete_rule(
        engine, who.company_id, confidence=confidence, priority=priority, user=who.username
    )
    return list_rules(engine, who)


@router.post(SETUP + "/rules/reset")
def reset_rules(engine: EngineDep, who: Admin) -> list[Rule]:
    """Go back to the default rules."""
    reconcile.reset_rules(engine, who.company_id, user=who.username)
    return list_rules(engine, who)


@router.put("/bank-accounts/{no}/match-tolerance")
def set_match_tolerance(
    engine: EngineDep, who: Admin, no: str, body: MatchTolerance
) -> MatchTolerance:
    """How far a payment's amount may lie from an entry's and still match it."""
    shown = reconcile.set_match_tolerance(
        engine, who.company_id, no, body.tolerance, user=who.username
    )
    return MatchTolerance(tolerance=shown)
