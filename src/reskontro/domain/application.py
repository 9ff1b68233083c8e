"""Applying party entries to each other, as NAV does (reference/collections.md §2).

One *application* settles an applying entry (usually a new payment) against target entries
(invoices, credit memos). It writes detailed entries only; the G/L side follows from them
(:func:`gl_impact_of_details`). Rules:

* The applying entry and the targets of its own sign (e.g. credit memos next to a payment) fund
  the targets of the other sign, oldest due date first; targets of the own sign are used first.
* A target's *amount to apply* limits how much of it is settled (blank = all of it).
* Payment discount when the applying payment is dated on or before the discount date, or on or
  before the discount tolerance date (grace period), and the funds, plus the entry's payment
  tolerance, cover the remaining amount less the discount. Posted on the applying entry.
* Payment tolerance: a short- or overpayment within the sum of the targets' maximum payment
  tolerance closes everything; the difference is posted on the applying entry.
* Application rounding: a residual within the rounding precision closes everything likewise.
* Entries in a foreign currency settle their LCY in proportion; the LCY difference between
  the two sides is a realised gain or loss on the target.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from reskontro.domain.dateformula import calc_date
from reskontro.domain.enums import DetailedEntryType, DocumentType
from reskontro.domain.errors import ApplicationError
from reskontro.domain.ledger import Counters, DetailedEntry, PartyEntry
from reskontro.domain.money import CENT, ZERO, percent_of

_SETTLING_DOCUMENTS = (DocumentType.PAYMENT, DocumentType.REFUND)


@dataclass(frozen=True)
class ApplicationSetup:
    """The company's G/L set-up for applying (NAV: General Ledger Setup)."""

    payment_tolerance_pct: Decimal = ZERO
    max_payment_tolerance: Decimal = ZERO
    pmt_disc_grace_period: str = ""
    appln_rounding_precision: Decimal = ZERO
    pmt_disc_excl_vat: bool = False


def max_payment_tolerance(amount_lcy: Decimal, setup: ApplicationSetup) -> Decimal:
    """The largest short- or overpayment accepted on an entry of *amount_lcy*, signed like it.

    Zero in either set-up field means that field sets no cap; zero in both means no tolerance.

    >>> s = ApplicationSetup(payment_tolerance_pct=Decimal("1"), max_payment_tolerance=Decimal("5"))
    >>> max_payment_tolerance(Decimal("1000.00"), s), max_payment_tolerance(Decimal("-200.00"), s)
    (Decimal('5.00'), Decimal('-2.00'))
    """
    pct, cap = setup.payment_tolerance_pct, setup.max_payment_tolerance
    if pct == 0 and cap == 0:
        return ZERO
    by_pct = percent_of(abs(amount_lcy), pct) if pct else None
    tolerance = min(by_pct, cap) if by_pct is not None and cap else (by_pct or cap)
    tolerance = tolerance.quantize(CENT)
    return tolerance if amount_lcy >= 0 else -tolerance


def pmt_disc_tolerance_date(discount_date: date | None, setup: ApplicationSetup) -> date | None:
    if discount_date is None:
        return None
    return calc_date(setup.pmt_disc_grace_period, discount_date)


@dataclass
class Target:
    """An entry to settle, with NAV's *Amount to Apply* (None = all that remains)."""

    entry: PartyEntry
    amount_to_apply: Decimal | None = None


@dataclass
class _Side:
    entry: PartyEntry
    available: Decimal  # positive, in the entry's currency
    full: bool = True


def _sign(value: Decimal) -> int:
    return 1 if value > 0 else -1


def _lcy_portion(entry: PartyEntry, settled: Decimal) -> Decimal:
    """The LCY part of settling *settled* (positive, currency) of *entry*'s remaining amount."""
    remaining = abs(entry.remaining_amount)
    remaining_lcy = abs(entry.remaining_amount_lcy)
    if settled >= remaining or remaining_lcy == remaining:
        return min(settled, remaining) if remaining_lcy == remaining else remaining_lcy
    return (settled * remaining_lcy / remaining).quantize(CENT, rounding=ROUND_HALF_UP)


class _Application:
    def __init__(
        self,
        applying: PartyEntry,
        *,
        posting_date: date,
        application_no: int,
        transaction_no: int,
        counters: Counters,
    ) -> None:
        self.applying = applying
        self.posting_date = posting_date
        self.application_no = application_no
        self.transaction_no = transaction_no
        self.counters = counters
        self.details: list[DetailedEntry] = []
        self.sign = _sign(applying.remaining_amount)

    def detail(
        self,
        entry: PartyEntry,
        entry_type: DetailedEntryType,
        amount: Decimal,
        amount_lcy: Decimal,
        applied_entry_no: int | None,
    ) -> None:
        self.details.append(
            DetailedEntry(
                party_type=entry.party_type,
                entry_no=self.counters.party_detail(entry.party_type),
                ledger_entry_no=entry.entry_no,
                entry_type=entry_type,
                posting_date=self.posting_date,
                document_type=self.applying.document_type,
                document_no=self.applying.document_no,
                amount=amount,
                amount_lcy=amount_lcy,
                party_no=entry.party_no,
                currency=entry.currency,
                transaction_no=self.transaction_no,
                applied_entry_no=applied_entry_no,
                application_no=self.application_no,
            )
        )
        entry.remaining_amount += amount
        entry.remaining_amount_lcy += amount_lcy

    def settle(self, target: _Side, funder: _Side, amount: Decimal) -> None:
        """Settle *amount* (positive) of *target* with *funder*'s money."""
        t, f = target.entry, funder.entry
        s = _sign(f.remaining_amount)
        lcy_funder = _lcy_portion(f, amount)
        lcy_target = _lcy_portion(t, amount)
        self.detail(t, DetailedEntryType.APPLICATION, s * amount, s * lcy_funder, f.entry_no)
        self.detail(f, DetailedEntryType.APPLICATION, -s * amount, -s * lcy_funder, t.entry_no)
        difference = s * (lcy_target - lcy_funder)
        if difference:
            gain = difference > 0
            kind = DetailedEntryType.REALIZED_GAIN if gain else DetailedEntryType.REALIZED_LOSS
            self.detail(t, kind, ZERO, difference, f.entry_no)
        target.available -= amount
        funder.available -= amount
        for entry, other in ((t, f), (f, t)):
            if entry.remaining_amount == 0 and entry.open:
                entry.open = False
                entry.closed_by_entry_no = other.entry_no
                entry.closed_at_date = self.posting_date
                entry.remaining_pmt_disc_possible = ZERO

    def adjust_applying(
        self, entry_type: DetailedEntryType, amount: Decimal, funder: _Side
    ) -> None:
        """Post a discount, tolerance or rounding row on the applying entry (signed amount).

        A positive *amount* times the applying sign adds to the money the applying entry has.
        """
        entry = self.applying
        amount_lcy = amount
        if entry.amount != entry.amount_lcy and entry.amount:
            rate = abs(entry.amount_lcy) / abs(entry.amount)
            amount_lcy = (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)
        self.detail(entry, entry_type, amount, amount_lcy, None)
        funder.available += amount * self.sign
        if entry.remaining_amount and not entry.open:
            entry.open = True
            entry.closed_by_entry_no = None
            entry.closed_at_date = None


def apply_entries(
    applying: PartyEntry,
    targets: list[Target],
    *,
    posting_date: date,
    counters: Counters,
    transaction_no: int,
    setup: ApplicationSetup,
    applying_amount: Decimal | None = None,
    allow_tolerance: bool = True,
    rounding_precision: Decimal | None = None,
) -> list[DetailedEntry]:
    """Apply *applying* to *targets*; return the detailed entries written.

    The entries are changed in place (remaining amounts, open, closed by). Raises
    :class:`ApplicationError` when the application is impossible; nothing is changed then.
    """
    _check(applying, targets)
    settling = applying.document_type in _SETTLING_DOCUMENTS
    sign = _sign(applying.remaining_amount)
    application = _Application(
        applying,
        posting_date=posting_date,
        application_no=counters.next("application"),
        transaction_no=transaction_no,
        counters=counters,
    )
    own_funds = abs(applying.remaining_amount)
    if applying_amount is not None:
        own_funds = min(own_funds, abs(applying_amount))
    applying_side = _Side(applying, own_funds)
    funders: list[_Side] = []
    debts: list[_Side] = []
    for target in sorted(targets, key=_order):
        entry = target.entry
        remaining = abs(entry.remaining_amount)
        wanted = remaining if target.amount_to_apply is None else abs(target.amount_to_apply)
        side = _Side(entry, min(wanted, remaining), full=wanted >= remaining)
        (funders if _sign(entry.remaining_amount) == sign else debts).append(side)
    funders.append(applying_side)
    if not debts:
        raise ApplicationError(
            f"Entry {applying.entry_no} ({applying.document_type or 'no type'} "
            f"{applying.document_no}) has nothing of the opposite sign to be applied to"
        )

    tolerance_total = ZERO
    for debt in debts:
        tolerance = abs(debt.entry.max_payment_tolerance) if settling and allow_tolerance else ZERO
        tolerance_total += tolerance
        if settling:
            _grant_discount(application, debt, funders, applying_side, tolerance)
        _fund(application, debt, funders)

    if settling:
        residual_debt = sum((d.available for d in debts if d.full), ZERO)
        leftover = applying_side.available
        funds_left = sum((f.available for f in funders), ZERO)
        precision = rounding_precision if rounding_precision is not None else ZERO
        for kind, limit in (
            (DetailedEntryType.PAYMENT_TOLERANCE, tolerance_total),
            (DetailedEntryType.APPLICATION_ROUNDING, precision),
        ):
            if residual_debt and not funds_left and residual_debt <= limit:
                application.adjust_applying(kind, sign * residual_debt, applying_side)
                for debt in debts:
                    _fund(application, debt, funders)
                residual_debt = ZERO
            elif leftover and not residual_debt and leftover <= limit and _all_closed(debts):
                application.adjust_applying(kind, -sign * leftover, applying_side)
                applying_side.available = ZERO
                leftover = ZERO
                _close_if_settled(application, applying, debts)

    for side in (*funders, *debts):
        side.entry.applies_to_id = ""
        side.entry.amount_to_apply = ZERO
    if len(application.details) == 0:
        raise ApplicationError(f"Entry {applying.entry_no}: nothing could be applied")
    return application.details


def _order(target: Target) -> tuple[date, int]:
    entry = target.entry
    return (entry.due_date or entry.posting_date, entry.entry_no)


def _check(applying: PartyEntry, targets: list[Target]) -> None:
    if not applying.open or applying.remaining_amount == 0:
        raise ApplicationError(f"Entry {applying.entry_no} is closed and cannot be applied")
    if not targets:
        raise ApplicationError(f"Entry {applying.entry_no}: no entries chosen to apply to")
    seen = {applying.entry_no}
    for target in targets:
        entry = target.entry
        label = f"Entry {entry.entry_no} ({entry.document_type} {entry.document_no})"
        if entry.entry_no in seen:
            raise ApplicationError(f"{label} is chosen twice in one application")
        seen.add(entry.entry_no)
        if entry.party_type != applying.party_type or entry.party_no != applying.party_no:
            raise ApplicationError(
                f"{label} belongs to {entry.party_no}, not {applying.party_no}; "
                "entries of different customers or vendors cannot be applied to each other"
            )
        if not entry.open or entry.remaining_amount == 0:
            raise ApplicationError(f"{label} is already closed")
        if entry.currency != applying.currency:
            raise ApplicationError(
                f"{label} is in {entry.currency or 'LCY'} and entry {applying.entry_no} in "
                f"{applying.currency or 'LCY'}; apply entries of the same currency"
            )
        if target.amount_to_apply is not None and (
            target.amount_to_apply == 0
            or _sign(target.amount_to_apply) != _sign(entry.remaining_amount)
            or abs(target.amount_to_apply) > abs(entry.remaining_amount)
        ):
            raise ApplicationError(
                f"{label}: amount to apply {target.amount_to_apply} must have the sign of the "
                f"remaining amount {entry.remaining_amount} and not exceed it"
            )


def _grant_discount(
    application: _Application,
    debt: _Side,
    funders: list[_Side],
    applying_side: _Side,
    tolerance: Decimal,
) -> None:
    entry = debt.entry
    # Never more than is still owed: a credit memo or a part payment may have left less.
    discount = min(abs(entry.remaining_pmt_disc_possible), abs(entry.remaining_amount))
    if not discount:
        return
    day = application.posting_date
    if entry.pmt_discount_date and day <= entry.pmt_discount_date:
        kind = DetailedEntryType.PAYMENT_DISCOUNT
    elif entry.pmt_disc_tolerance_date and day <= entry.pmt_disc_tolerance_date:
        kind = DetailedEntryType.PAYMENT_DISCOUNT_TOLERANCE
    else:
        return
    due_after_discount = abs(entry.remaining_amount) - discount
    if debt.available < due_after_discount:
        return  # a partial amount to apply: no discount
    funds = sum((f.available for f in funders), ZERO)
    if funds + tolerance < due_after_discount:
        return
    sign = _sign(application.applying.remaining_amount)
    application.adjust_applying(kind, sign * discount, applying_side)
    debt.available = abs(entry.remaining_amount)
    debt.full = True
    entry.remaining_pmt_disc_possible = ZERO


def _fund(application: _Application, debt: _Side, funders: list[_Side]) -> None:
    for funder in funders:
        if debt.available <= 0:
            return
        if funder.available <= 0 or not funder.entry.open:
            continue
        amount = min(debt.available, funder.available, abs(debt.entry.remaining_amount))
        amount = min(amount, abs(funder.entry.remaining_amount))
        if amount > 0:
            application.settle(debt, funder, amount)


def _all_closed(debts: list[_Side]) -> bool:
    return all(not d.entry.open for d in debts if d.full)


def _close_if_settled(application: _Application, applying: PartyEntry, debts: list[_Side]) -> None:
    if applying.remaining_amount == 0 and applying.open:
        applying.open = False
        applying.closed_at_date = application.posting_date
        applying.closed_by_entry_no = debts[-1].entry.entry_no if debts else None
