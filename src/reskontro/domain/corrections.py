"""Corrections of posted entries: unapply an application, reverse a transaction.

Posted entries are never edited; both corrections post new entries (DESIGN §4, invariant 4).
NAV's constraints hold: unapply the newest application of an entry first; an applied entry
must be unapplied before its transaction can be reversed; an entry is reversed once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from reskontro.domain.enums import AccountType, DetailedEntryType
from reskontro.domain.errors import ApplicationError
from reskontro.domain.ledger import (
    BankEntry,
    DetailedEntry,
    GLEntry,
    PartyEntry,
    VatEntry,
)
from reskontro.domain.money import ZERO
from reskontro.domain.posting import Poster

EntryKey = tuple[AccountType, int]


def unapply(
    poster: Poster,
    application_no: int,
    details: list[DetailedEntry],
    entries: dict[EntryKey, PartyEntry],
    later_details: list[DetailedEntry],
    *,
    posting_date: date,
) -> int:
    """Undo application *application_no*; return the new transaction's number.

    *details* are the application's detailed entries; *entries* the party entries they touch;
    *later_details* every detailed entry on those party entries with a higher application
    number (used to refuse unapplying anything but the newest application).
    """
    if not details:
        raise ApplicationError(f"Application {application_no} does not exist")
    if any(d.unapplied for d in details):
        raise ApplicationError(f"Application {application_no} has already been unapplied")
    newer = sorted(
        {d.application_no for d in later_details if not d.unapplied and d.application_no}
    )
    if newer:
        raise ApplicationError(
            f"Application {application_no} is not the newest on these entries; unapply "
            f"application {newer[-1]} first"
        )
    for d in details:
        entry = entries[(d.party_type, d.ledger_entry_no)]
        if entry.reversed:
            raise ApplicationError(
                f"Entry {entry.entry_no} has been reversed; its applications cannot be undone"
            )
    if posting_date < max(d.posting_date for d in details):
        raise ApplicationError(
            f"The unapplication cannot be dated {posting_date.isoformat()}, before the "
            f"application of {max(d.posting_date for d in details).isoformat()}"
        )
    counters = poster.counters
    transaction_no = counters.next("transaction")
    new_application_no = counters.next("application")
    undone: list[DetailedEntry] = []
    for original in details:
        entry = entries[(original.party_type, original.ledger_entry_no)]
        reversing = replace(
            original,
            entry_no=counters.party_detail(original.party_type),
            posting_date=posting_date,
            amount=-original.amount,
            amount_lcy=-original.amount_lcy,
            transaction_no=transaction_no,
            application_no=new_application_no,
            unapplied=True,
            unapplied_by_entry_no=original.entry_no,
        )
        original.unapplied = True
        original.unapplied_by_entry_no = reversing.entry_no
        poster.result.changed_detailed_entries[(original.party_type, original.entry_no)] = original
        undone.append(reversing)
        entry.remaining_amount += reversing.amount
        entry.remaining_amount_lcy += reversing.amount_lcy
    for entry in entries.values():
        entry.open = entry.remaining_amount != 0
        if entry.open:
            entry.closed_by_entry_no = None
            entry.closed_at_date = None
            if entry.remaining_pmt_disc_possible == 0 and entry.original_pmt_disc_possible:
                entry.remaining_pmt_disc_possible = entry.original_pmt_disc_possible
        poster.result.touch(entry)
    poster.result.detailed_entries.extend(undone)
    applying = entries[(details[0].party_type, _applying_entry_no(details))]
    poster.post_detail_gl(undone, entries, transaction_no, applying, "Unapplication")
    return transaction_no


def _applying_entry_no(details: list[DetailedEntry]) -> int:
    """The applying entry is the one that carries discounts and tolerances, else the newest."""
    for d in details:
        if d.entry_type not in (DetailedEntryType.APPLICATION,) and d.amount:
            return d.ledger_entry_no
    return max(d.ledger_entry_no for d in details)


@dataclass
class Transaction:
    """Everything one posted transaction made, as loaded for a reversal."""

    transaction_no: int
    gl_entries: list[GLEntry]
    party_entries: list[PartyEntry]
    details: list[DetailedEntry]
    """Every detailed entry on the transaction's party entries, of any transaction."""
    bank_entries: list[BankEntry]
    vat_entries: list[VatEntry] = field(default_factory=list)


def reverse_transaction(poster: Poster, transaction: Transaction, *, posting_date: date) -> int:
    """Post the mirror image of *transaction*; return the reversing transaction's number."""
    number = transaction.transaction_no
    own_gl = [g for g in transaction.gl_entries if g.application_no is None]
    if not own_gl and not transaction.party_entries and not transaction.bank_entries:
        raise ApplicationError(
            f"Transaction {number} only applies entries to each other; unapply it instead"
        )
    if any(g.reversed for g in transaction.gl_entries):
        raise ApplicationError(f"Transaction {number} has already been reversed")
    for entry in transaction.party_entries:
        applied = [
            d
            for d in transaction.details
            if d.ledger_entry_no == entry.entry_no
            and d.party_type == entry.party_type
            and d.entry_type is not DetailedEntryType.INITIAL_ENTRY
            and not d.unapplied
        ]
        if applied or entry.remaining_amount != entry.amount:
            raise ApplicationError(
                f"{entry.party_type.capitalize()} entry {entry.entry_no} ({entry.document_type} "
                f"{entry.document_no}) is applied; unapply it before reversing the transaction"
            )
    for bank in transaction.bank_entries:
        if not bank.open:
            raise ApplicationError(
                f"Bank entry {bank.entry_no} is reconciled (statement {bank.statement_no}); "
                "it cannot be reversed"
            )
    counters = poster.counters
    result = poster.result
    transaction_no = counters.next("transaction")
    for original in own_gl:
        mirror = replace(
            original,
            entry_no=counters.next("gl_entry"),
            transaction_no=transaction_no,
            posting_date=posting_date,
            amount=-original.amount,
            description=f"Reversal of {original.description}"[:100],
            reversed=True,
            reversed_entry_no=original.entry_no,
            reversed_by_entry_no=None,
        )
        original.reversed = True
        original.reversed_by_entry_no = mirror.entry_no
        result.gl_entries.append(mirror)
        result.changed_gl_entries[original.entry_no] = original
    for entry in transaction.party_entries:
        _reverse_party_entry(poster, entry, transaction_no, posting_date)
    for bank in transaction.bank_entries:
        mirror_bank = replace(
            bank,
            entry_no=counters.next("bank_entry"),
            transaction_no=transaction_no,
            posting_date=posting_date,
            amount=-bank.amount,
            amount_lcy=-bank.amount_lcy,
            open=False,
            reversed=True,
            reversed_entry_no=bank.entry_no,
            reversed_by_entry_no=None,
        )
        bank.open = False
        bank.reversed = True
        bank.reversed_by_entry_no = mirror_bank.entry_no
        result.bank_entries.append(mirror_bank)
        result.changed_bank_entries[bank.entry_no] = bank
    for vat in transaction.vat_entries:
        result.vat_entries.append(
            replace(
                vat,
                entry_no=counters.next("vat_entry"),
                transaction_no=transaction_no,
                posting_date=posting_date,
                base=-vat.base,
                amount=-vat.amount,
            )
        )
    return transaction_no


def _reverse_party_entry(
    poster: Poster, entry: PartyEntry, transaction_no: int, posting_date: date
) -> None:
    counters = poster.counters
    result = poster.result
    mirror = replace(
        entry,
        entry_no=counters.party_entry(entry.party_type),
        transaction_no=transaction_no,
        posting_date=posting_date,
        amount=-entry.amount,
        amount_lcy=-entry.amount_lcy,
        remaining_amount=-entry.amount,
        remaining_amount_lcy=-entry.amount_lcy,
        original_pmt_disc_possible=-entry.original_pmt_disc_possible,
        remaining_pmt_disc_possible=-entry.remaining_pmt_disc_possible,
        max_payment_tolerance=-entry.max_payment_tolerance,
        reversed=True,
        reversed_entry_no=entry.entry_no,
        reversed_by_entry_no=None,
        applies_to_id="",
    )
    application_no = counters.next("application")

    def detail(
        target: PartyEntry, kind: DetailedEntryType, amount_of: PartyEntry, applied: int | None
    ) -> DetailedEntry:
        return DetailedEntry(
            party_type=target.party_type,
            entry_no=counters.party_detail(target.party_type),
            ledger_entry_no=target.entry_no,
            entry_type=kind,
            posting_date=posting_date,
            document_type=entry.document_type,
            document_no=entry.document_no,
            amount=amount_of.amount,
            amount_lcy=amount_of.amount_lcy,
            party_no=target.party_no,
            currency=target.currency,
            transaction_no=transaction_no,
            applied_entry_no=applied,
            application_no=None if kind is DetailedEntryType.INITIAL_ENTRY else application_no,
            initial_due_date=target.due_date if kind is DetailedEntryType.INITIAL_ENTRY else None,
        )

    result.detailed_entries.append(detail(mirror, DetailedEntryType.INITIAL_ENTRY, mirror, None))
    # The original and its mirror close each other: each is applied by the other's amount.
    result.detailed_entries.append(
        detail(entry, DetailedEntryType.APPLICATION, mirror, mirror.entry_no)
    )
    result.detailed_entries.append(
        detail(mirror, DetailedEntryType.APPLICATION, entry, entry.entry_no)
    )
    for closed, other in ((entry, mirror), (mirror, entry)):
        closed.remaining_amount = closed.remaining_amount_lcy = ZERO
        closed.open = False
        closed.closed_by_entry_no = other.entry_no
        closed.closed_at_date = posting_date
        closed.remaining_pmt_disc_possible = ZERO
        closed.reversed = True
    entry.reversed_by_entry_no = mirror.entry_no
    result.party_entries.append(mirror)
    result.touch(entry)
