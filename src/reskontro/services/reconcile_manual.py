"""Applying a statement line (or one payment of an itemised batch line) by hand, inside the
caller's unit of work: to an open entry, straight to an account, or its difference to another
account.

Amounts are in the statement's sign, which is also the ledger's: money in pays customer
invoices (positive) and vendor credit memos; money out pays vendor invoices (negative) and
customer credit memos. A line never applies more than it pays, and applies to one account
(part 0); only a transferred difference (part 1) may go to a second account. Each payment of a
batch line is such a line of its own; as they are posted in one transaction, two payments of
one batch line never settle the same entry.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from reskontro.domain.bankrec import amount_words
from reskontro.domain.errors import NotFoundError, ValidationError
from reskontro.domain.money import ZERO
from reskontro.services.reconcile_inputs import (
    PAYABLE_TYPES,
    bank_currency,
    load_entries_by_no,
    reserved_elsewhere,
)
from reskontro.services.reconcile_rows import MANUAL, Journal, Part, key_words, sign
from reskontro.storage import models as m

MANUAL_CONFIDENCE = "high"
"""A person chose the application: it is as sure as the best automatic one."""


def _check_one_account(journal: Journal, part: Part, account_type: str, account_no: str) -> None:
    main = [r for r in journal.applications.get(part.key, []) if r.part == 0]
    if main and (main[0].account_type, main[0].account_no) != (account_type, account_no):
        raise ValidationError(
            f"Line {part.words} is applied to {main[0].account_type} {main[0].account_no}, and "
            "a line applies to one account only; remove its applications first, or transfer "
            "the difference to the other account"
        )


def _applied_in_full(part: Part) -> ValidationError:
    return ValidationError(f"Line {part.words} is applied in full; remove an application first")


def _check_within_line(part: Part, applied: Decimal) -> None:
    rest = part.amount - applied
    if rest and sign(rest) != sign(part.amount):
        raise ValidationError(
            f"Line {part.words} pays {amount_words(part.amount)}; this would apply "
            f"{amount_words(applied)}, more than it pays"
        )


def _check_not_in_batch(journal: Journal, part: Part, key: tuple[str, int], what: str) -> None:
    """Refuse an entry another payment of the same batch line applies to."""
    for other, rows in journal.applications.items():
        if other[0] != part.line.line_no or other == part.key:
            continue
        if any((r.account_type, r.entry_no) == key for r in rows):
            raise ValidationError(
                f"{what} is applied by line {key_words(other)}, a payment of the same batch; "
                "the payments of one batch line are posted together and settle an entry once"
            )


def _add(
    session: Session,
    company_id: int,
    journal: Journal,
    part_: Part,
    *,
    account_type: str,
    account_no: str,
    amount: Decimal,
    explanation: str,
    part: int = 0,
    entry_no: int | None = None,
    discount: Decimal = ZERO,
) -> None:
    rows = journal.applications.setdefault(part_.key, [])
    for row in rows:
        if (row.part, row.account_type, row.account_no, row.entry_no) == (
            part,
            account_type,
            account_no,
            None,
        ) and entry_no is None:
            row.amount += amount
            row.status = MANUAL
            return
    row = m.AppliedPaymentEntry(
        company_id=company_id,
        bank_account_no=journal.bank_no,
        statement_no=journal.statement_no,
        line_no=part_.line.line_no,
        detail_no=part_.detail_no,
        application_no=max((r.application_no for r in rows), default=0) + 1,
        part=part,
        account_type=account_type,
        account_no=account_no,
        entry_no=entry_no,
        amount=amount,
        discount=discount,
        score=0,
        confidence=MANUAL_CONFIDENCE,
        status=MANUAL,
        rule="",
        explanation=explanation,
    )
    session.add(row)
    rows.append(row)


def apply_to_account(
    session: Session,
    company_id: int,
    journal: Journal,
    part: Part,
    account_type: str,
    account_no: str,
    amount: Decimal | None,
) -> Decimal:
    """Apply (part of) the line straight to the account; returns the amount applied."""
    _check_one_account(journal, part, account_type, account_no)
    if amount is None:
        amount = journal.difference(part)
    if amount == 0:
        raise _applied_in_full(part)
    if sign(amount) != sign(part.amount):
        raise ValidationError(
            f"Line {part.words}: the amount must have the line's sign ({amount_words(part.amount)})"
        )
    _check_within_line(part, journal.applied_total(part.key) + amount)
    _add(
        session,
        company_id,
        journal,
        part,
        account_type=account_type,
        account_no=account_no,
        amount=amount,
        explanation=f"applied by hand straight to {account_type} {account_no}",
    )
    return amount


def apply_to_entry(
    session: Session,
    company_id: int,
    journal: Journal,
    part: Part,
    account_type: str,
    account_no: str,
    entry_no: int,
    amount: Decimal | None,
) -> Decimal:
    """Apply the line to an open entry (again, replacing an earlier application of the same
    entry on this line); returns the amount applied."""
    _check_one_account(journal, part, account_type, account_no)
    key = (account_type, entry_no)
    entry = load_entries_by_no(session, company_id, [key]).get(key)
    what = f"{account_type} ledger entry {entry_no}"
    if entry is None:
        raise NotFoundError(f"There is no {what}")
    if entry.party_no != account_no:
        raise ValidationError(
            f"{what} belongs to {account_type} {entry.party_no}, not {account_no}"
        )
    if not entry.open:
        raise ValidationError(f"{what} is closed")
    if entry.document_type not in PAYABLE_TYPES:
        raise ValidationError(
            f"{what} is a {entry.document_type.value}; a statement line is applied to "
            "invoices, credit memos, reminders and finance charge memos"
        )
    if entry.currency not in bank_currency(session, company_id, journal.bank):
        raise ValidationError(
            f"{what} is in {entry.currency or 'the local currency'}, bank account "
            f"{journal.bank_no} in {journal.bank.currency or 'the local currency'}"
        )
    if entry.applies_to_id:
        raise ValidationError(
            f"{what} is marked with applies-to ID {entry.applies_to_id} in a journal; post or "
            "clear that journal line first"
        )
    _check_not_in_batch(journal, part, key, what)
    others = {k for k in journal.applications if k != part.key}
    taken = reserved_elsewhere(session, company_id, journal, others).get(key, ZERO)
    rows = journal.applications.get(part.key, [])
    for row in [r for r in rows if (r.account_type, r.entry_no) == key]:
        rows.remove(row)
        session.delete(row)
    remaining = entry.remaining_amount
    free = remaining - taken
    if free == 0 or sign(free) != sign(remaining):
        raise ValidationError(f"{what} is applied in full by other statement lines")
    day = part.day
    last_day = max(
        (d for d in (entry.pmt_discount_date, entry.pmt_disc_tolerance_date) if d), default=None
    )
    discount_possible = (
        entry.remaining_pmt_disc_possible
        if not taken and last_day is not None and day is not None and day <= last_day
        else ZERO
    )
    lacks = journal.difference(part)
    discount = ZERO
    if amount is None:
        if sign(free) != sign(part.amount):
            amount = free  # a credit memo set off in a payment: all of it
        elif discount_possible and abs(lacks) >= abs(free - discount_possible):
            amount, discount = free - discount_possible, discount_possible
        else:
            amount = sign(free) * min(abs(free), abs(lacks))
        if amount == 0:
            raise _applied_in_full(part)
    else:
        if amount == 0 or sign(amount) != sign(remaining):
            raise ValidationError(
                f"the amount must have the sign of {what}'s remaining amount "
                f"({amount_words(remaining)})"
            )
        if abs(amount) > abs(free):
            rest = ", the rest is applied by other lines" if taken else ""
            raise ValidationError(f"{what} has {amount_words(free)} open{rest}; apply at most that")
        if discount_possible and amount == free - discount_possible:
            discount = discount_possible
    _check_within_line(part, journal.applied_total(part.key) + amount)
    with_discount = f" with a payment discount of {amount_words(discount)}" if discount else ""
    _add(
        session,
        company_id,
        journal,
        part,
        account_type=account_type,
        account_no=account_no,
        entry_no=entry_no,
        amount=amount,
        discount=discount,
        explanation=(
            f"applied by hand to {entry.document_type.value or 'entry'} "
            f"{entry.document_no}{with_discount}"
        ),
    )
    return amount


def transfer(
    session: Session,
    company_id: int,
    journal: Journal,
    part: Part,
    account_type: str,
    account_no: str,
) -> Decimal:
    """Apply what the line lacks to the account; returns that amount."""
    difference = journal.difference(part)
    if difference == 0:
        raise ValidationError(f"Line {part.words} is applied in full; there is no difference")
    target = (account_type, account_no)
    rows = journal.applications.get(part.key, [])
    main = [r for r in rows if r.part == 0]
    number = 0 if not main or (main[0].account_type, main[0].account_no) == target else 1
    moved = [r for r in rows if r.part == 1]
    if number == 1 and moved and (moved[0].account_type, moved[0].account_no) != target:
        raise ValidationError(
            f"The difference of line {part.words} goes to {moved[0].account_type} "
            f"{moved[0].account_no} already; remove the line's applications to start again"
        )
    _add(
        session,
        company_id,
        journal,
        part,
        part=number,
        account_type=account_type,
        account_no=account_no,
        amount=difference,
        explanation=f"difference transferred to {account_type} {account_no}",
    )
    return difference
