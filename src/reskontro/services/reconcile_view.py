"""What the payment reconciliation journal shows: the statement with its lines, what each line
is applied to and how sure the matching was, the candidates for one line, the text-to-account
mappings and the rule table. Plain frozen values, so the CLI, the REST API and the web pages
render the same thing.

A batch line itemised by a camt.054 or by its own transaction details is shown as a heading
(``detail_no`` 0) with its payments under it (``detail_no`` 1, 2, …), each applied on its own.
The heading carries what the payments leave unexplained when they do not add up to the line:
its difference, until it is applied or transferred to an account.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from reskontro.domain.enums import AccountType
from reskontro.domain.errors import ValidationError
from reskontro.domain.money import ZERO
from reskontro.services.reconcile_rows import (
    ACCEPTED,
    AUTO,
    MANUAL,
    OPEN,
    POSTED,
    Journal,
    Key,
    line_date,
    line_notes,
    line_references,
    references_of,
)
from reskontro.storage import models as m
from reskontro.storage.ledger import chunks, party_entry_model

__all__ = [
    "ACCEPTED",
    "ACCOUNT_TYPES",
    "AUTO",
    "FILTERS",
    "MANUAL",
    "OPEN",
    "POSTED",
    "AppliedView",
    "ApplySummary",
    "CandidateView",
    "MappingView",
    "PostSummary",
    "ReconcileLine",
    "ReconcileView",
    "RuleView",
    "build_view",
]

#: ``show(filter=...)``
FILTERS = ("all", "review", "difference")
#: account types a line can be applied to
ACCOUNT_TYPES = ("customer", "vendor", "gl")
_ACCOUNT_MODELS: dict[str, Any] = {
    "customer": m.Customer,
    "vendor": m.Vendor,
    "gl": m.GLAccount,
}


@dataclass(frozen=True)
class AppliedView:
    """One application of a statement line: to an open entry, or straight to an account."""

    account_type: str
    """``customer``, ``vendor`` or ``gl``."""
    account_no: str
    account_name: str
    entry_no: int | None
    """The customer or vendor ledger entry; None for a posting straight to the account."""
    document_no: str
    amount: Decimal
    """What the line pays of the entry, the discount not included (the statement's sign)."""
    discount: Decimal
    """The payment discount taken with it (the statement's sign), 0 when none."""
    confidence: str
    """``high``, ``medium`` or ``low`` (the matching's; manual applications keep ``high``)."""
    status: str
    """``auto`` (proposed by the matching), ``accepted`` or ``manual``."""
    explanation: str
    rule: str
    score: int


@dataclass(frozen=True)
class ReconcileLine:
    """A row of the journal: a statement line, or one payment of an itemised batch line."""

    line_no: int
    booking_date: date | None
    amount: Decimal
    text: str
    counterparty_name: str
    counterparty_account: str
    references: list[str]
    applied: list[AppliedView]
    applied_amount: Decimal
    """Σ applied amounts (discounts not included): what of the line is applied. A line posted
    elsewhere (see ``notes``) counts as applied in full."""
    difference: Decimal
    """The line's amount − the applied amount: what is not applied yet."""
    confidence: str
    """The lowest confidence of the line's applications; "" when nothing is applied."""
    status: str
    """``auto``, ``accepted`` or ``manual`` (of the line's applications); "" when none."""
    review: bool
    """Applied automatically below high confidence or with notes, and not accepted yet."""
    notes: list[str]
    posted: bool
    """Posted already: by this journal, or by an OCR giro import (see the notes)."""
    detail_no: int | None = None
    """None for an ordinary line. For a batch line itemised by a camt.054 or its own
    transaction details: 0 on the line's heading, 1, 2, … on its payments, which follow it.
    On the heading, ``applied_amount`` counts the payments' amounts (they carry their own
    applications and differences) with what is applied of the rest they leave unexplained;
    its ``difference`` is what of that rest is still to apply."""
    details: int = 0
    """On the heading of an itemised line: how many payments it holds."""


@dataclass(frozen=True)
class ReconcileView:
    bank_account_no: str
    statement_no: int
    statement_id: str
    status: str
    """``open`` or ``posted``."""
    currency: str
    balance_last_statement: Decimal
    closing_balance: Decimal | None
    total_lines: Decimal
    total_applied: Decimal
    total_difference: Decimal
    lines: list[ReconcileLine]
    counts: dict[str, int] = field(default_factory=dict)
    """lines (statement lines), details (payments of itemised lines), and of the rows that
    are applied here (lines, payments): high, medium, low, not_applied, to_review,
    with_difference."""


@dataclass(frozen=True)
class CandidateView:
    """An entry (or account) one line could be applied to, scored as the matching scores it."""

    account_type: str
    account_no: str
    account_name: str
    entry_no: int | None
    document_no: str
    document_type: str
    due_date: date | None
    remaining_amount: Decimal
    """What is still open of the entry, less what other lines have taken of it."""
    suggested_amount: Decimal
    score: int
    confidence: str
    explanation: str


@dataclass(frozen=True)
class MappingView:
    """A text-to-account mapping: lines whose text holds ``text`` go to the account."""

    mapping_no: int
    text: str
    account_type: str
    debit_account_no: str
    credit_account_no: str
    account_no: str
    learned: bool
    """Made from a manual application rather than set up by hand."""


@dataclass(frozen=True)
class RuleView:
    """One row of the rule table; ``not_considered`` in a criterion matches anything."""

    confidence: str
    priority: int
    party: str
    document: str
    amount: str
    structured_reference: bool
    review_required: bool
    score: int
    description: str


@dataclass(frozen=True)
class ApplySummary:
    """What apply automatically did."""

    lines: int
    """Lines looked at (unposted, not already posted by another import); an itemised batch
    line counts each of its payments."""
    applied: int
    high: int
    medium: int
    low: int
    not_applied: int


@dataclass(frozen=True)
class PostSummary:
    register_no: int
    lines_posted: int
    reconciled: bool
    statement_no: int
    balance: Decimal | None
    """The bank account's balance at the last statement after posting (when reconciled)."""


# -- building the view -------------------------------------------------------------------------

_RANK = {"high": 3, "medium": 2, "low": 1}


_K = TypeVar("_K")


def _by_type(keys: Iterable[tuple[str, _K]]) -> dict[str, set[_K]]:
    grouped: dict[str, set[_K]] = defaultdict(set)
    for account_type, key in keys:
        grouped[account_type].add(key)
    return grouped


def _column_pairs(
    session: Session, company_id: int, model: Any, key: str, value: str, wanted: set[Any]
) -> Iterator[tuple[Any, Any]]:
    """(*key*, *value*) of the company's rows of *model* whose *key* is one of *wanted*."""
    column = getattr(model, key)
    for chunk in chunks(wanted):
        yield from session.execute(
            select(column, getattr(model, value)).where(
                model.company_id == company_id, column.in_(chunk)
            )
        )


def account_names(
    session: Session, company_id: int, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """The names of customers, vendors and G/L accounts, by (account type, no.)."""
    names: dict[tuple[str, str], str] = {}
    for account_type, nos in _by_type(keys).items():
        model = _ACCOUNT_MODELS.get(account_type)
        if model is None:
            continue
        for no, name in _column_pairs(session, company_id, model, "no", "name", nos):
            names[(account_type, no)] = name
    return names


def entry_documents(
    session: Session, company_id: int, keys: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], str]:
    """The document nos. of customer and vendor ledger entries, by (account type, entry no.)."""
    found: dict[tuple[str, int], str] = {}
    for account_type, entry_nos in _by_type(keys).items():
        if account_type not in (AccountType.CUSTOMER, AccountType.VENDOR):
            continue
        model = party_entry_model(AccountType(account_type))
        pairs = _column_pairs(session, company_id, model, "entry_no", "document_no", entry_nos)
        for entry_no, document_no in pairs:
            found[(account_type, entry_no)] = document_no
    return found


def _applied(
    row: m.AppliedPaymentEntry,
    names: dict[tuple[str, str], str],
    documents: dict[tuple[str, int], str],
) -> AppliedView:
    return AppliedView(
        account_type=row.account_type,
        account_no=row.account_no,
        account_name=names.get((row.account_type, row.account_no), ""),
        entry_no=row.entry_no,
        document_no=(
            documents.get((row.account_type, row.entry_no), "") if row.entry_no is not None else ""
        ),
        amount=row.amount,
        discount=row.discount,
        confidence=row.confidence,
        status=row.status,
        explanation=row.explanation,
        rule=row.rule,
        score=row.score,
    )


def line_status(rows: Sequence[m.AppliedPaymentEntry]) -> tuple[str, str]:
    """(confidence, status) of a line from its applications: the lowest confidence; manual
    when any is manual, accepted when all are, else auto."""
    if not rows:
        return "", ""
    confidence = min((r.confidence for r in rows), key=lambda c: _RANK.get(c, 0))
    statuses = {r.status for r in rows}
    if MANUAL in statuses:
        return confidence, MANUAL
    if statuses == {ACCEPTED}:
        return confidence, ACCEPTED
    return confidence, AUTO


def needs_review(journal: Journal, key: Key) -> bool:
    """Applied automatically below high confidence, with notes, or by a rule that asks for
    review, and not accepted or changed by hand yet."""
    rows = journal.applications.get(key, [])
    if not rows or key[0] in journal.posted or key[0] in journal.skipped:
        return False
    confidence, status = line_status(rows)
    if status != AUTO:
        return False
    state = journal.states.get(key)
    return (
        confidence != "high"
        or bool(line_notes(state))
        or bool(state is not None and state.review_required)
    )


@dataclass(frozen=True)
class _Row:
    """A row of the view with what the totals and counts need."""

    view: ReconcileLine
    to_apply: bool
    """A line or payment that is applied here (not a heading whose payments add up, not a
    payment without an amount, not a line posted another way)."""


def _notes(journal: Journal, line: m.BankStatementLine, key: Key) -> list[str]:
    notes = line_notes(journal.states.get(key))
    if key[1]:
        return notes
    skipped = journal.skipped.get(line.line_no)
    if journal.itemised(line.line_no) and line.detail_note:
        notes = [*notes, f"The payments do not add up to the line: {line.detail_note}"]
    if skipped:
        notes = [*notes, f"Not applied here: {skipped}"]
    posted = journal.posted.get(line.line_no)
    if posted is not None:
        notes = [
            *notes,
            f"Posted as document {posted.document_no} (register {posted.register_no}, "
            f"bank ledger entry {posted.bank_entry_no})",
        ]
    return notes


def _rows(
    journal: Journal,
    line: m.BankStatementLine,
    names: dict[tuple[str, str], str],
    documents: dict[tuple[str, int], str],
) -> list[_Row]:
    """The line's row, and when it is itemised its payments' rows after it."""
    no = line.line_no
    skipped = journal.skipped.get(no)
    posted = no in journal.posted or skipped is not None
    details = [] if skipped else journal.details.get(no, [])
    day = line_date(line, journal.statement)

    def row(key: Key, amount: Decimal, own: Decimal, **shown: Any) -> _Row:
        apps = [] if skipped else journal.applications.get(key, [])
        applied = sum((a.amount for a in apps), ZERO)
        confidence, status = line_status(apps)
        to_apply = not skipped and own != 0
        return _Row(
            ReconcileLine(
                line_no=no,
                amount=amount,
                applied=[_applied(r, names, documents) for r in apps],
                applied_amount=line.amount if skipped else amount - own + applied,
                difference=ZERO if skipped else own - applied,
                confidence=confidence,
                status=status,
                review=needs_review(journal, key),
                notes=_notes(journal, line, key),
                posted=posted,
                **shown,
            ),
            to_apply,
        )

    heading = row(
        (no, 0),
        line.amount,
        journal.rest(line) if details else line.amount,
        booking_date=day,
        text=line.text,
        counterparty_name=line.counterparty_name,
        counterparty_account=line.counterparty_account,
        references=line_references(line),
        detail_no=0 if details else None,
        details=len(details),
    )
    rows = [heading]
    for detail in details:
        found = row(
            (no, detail.detail_no),
            detail.amount,
            detail.amount,
            booking_date=detail.booking_date or day,
            text=detail.text,
            counterparty_name=detail.counterparty_name,
            counterparty_account=detail.counterparty_account,
            references=references_of(detail.references),
            detail_no=detail.detail_no,
        )
        if not detail.amount:
            note = (
                "the file gives no amount for this payment; what it paid is the line's difference"
            )
            found = _Row(replace(found.view, notes=[*found.view.notes, note]), False)
        rows.append(found)
    return rows


def _chosen(rows: Sequence[_Row], keep: Callable[[ReconcileLine], bool]) -> list[ReconcileLine]:
    """The rows *keep* picks, each payment with its line's heading before it."""
    picked = {(r.view.line_no, r.view.detail_no) for r in rows if keep(r.view)}
    lines_with_payments = {no for no, detail_no in picked if detail_no}
    return [
        r.view
        for r in rows
        if (r.view.line_no, r.view.detail_no) in picked
        or (r.view.detail_no == 0 and r.view.line_no in lines_with_payments)
    ]


def build_view(
    session: Session,
    company_id: int,
    journal: Journal,
    *,
    filter: str = "all",  # noqa: A002 - the API's name
) -> ReconcileView:
    """The journal as ``show`` gives it; *filter* picks the lines (``FILTERS``): a payment of
    a batch line comes with its line's heading."""
    if filter not in FILTERS:
        raise ValidationError(f"filter {filter!r}: use one of {', '.join(FILTERS)}")
    apps = [r for group in journal.applications.values() for r in group]
    names = account_names(session, company_id, {(r.account_type, r.account_no) for r in apps})
    documents = entry_documents(
        session,
        company_id,
        {(r.account_type, r.entry_no) for r in apps if r.entry_no is not None},
    )
    rows = [r for line in journal.lines for r in _rows(journal, line, names, documents)]
    applied_here = [r.view for r in rows if r.to_apply]
    counts = {
        "lines": len(journal.lines),
        "details": sum(1 for r in rows if r.view.detail_no),
        "high": sum(1 for x in applied_here if x.confidence == "high"),
        "medium": sum(1 for x in applied_here if x.confidence == "medium"),
        "low": sum(1 for x in applied_here if x.confidence == "low"),
        "not_applied": sum(1 for x in applied_here if not x.posted and not x.applied),
        "to_review": sum(1 for x in applied_here if x.review),
        "with_difference": sum(1 for x in applied_here if not x.posted and x.difference != 0),
    }
    if filter == "review":
        lines = _chosen(rows, lambda x: x.review)
    elif filter == "difference":
        lines = _chosen(rows, lambda x: not x.posted and x.difference != 0)
    else:
        lines = [r.view for r in rows]
    bankrec = session.get(m.BankReconciliation, (company_id, journal.bank_no, journal.statement_no))
    reconciled = bankrec is not None and bankrec.status == POSTED
    total_lines = sum((line.amount for line in journal.lines), ZERO)
    total_difference = sum((r.view.difference for r in rows), ZERO)
    statement = journal.statement
    return ReconcileView(
        bank_account_no=journal.bank_no,
        statement_no=journal.statement_no,
        statement_id=statement.statement_id,
        status=journal.status,
        currency=statement.currency or journal.bank.currency,
        balance_last_statement=(
            bankrec.previous_balance
            if reconciled and bankrec is not None
            else journal.bank.balance_last_statement
        ),
        closing_balance=statement.closing_balance,
        total_lines=total_lines,
        total_applied=total_lines - total_difference,
        total_difference=total_difference,
        lines=lines,
        counts=counts,
    )
