"""Ledger records as posting makes them: G/L, customer/vendor (party) and bank entries.

These are plain values; storage writes them, posting and application create them. A party
entry's ``remaining_amount`` is kept equal to the sum of its detailed entries (invariant 2 in
DESIGN §4); ``open`` is true exactly when it is not zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from reskontro.domain.enums import AccountType, DetailedEntryType, DocumentType
from reskontro.domain.money import ZERO


@dataclass(slots=True)
class GLEntry:
    entry_no: int
    transaction_no: int
    account_no: str
    posting_date: date
    document_type: DocumentType
    document_no: str
    description: str
    amount: Decimal
    """In the company's currency (LCY); debit positive."""
    external_document_no: str = ""
    source_type: str = ""
    source_no: str = ""
    application_no: int | None = None
    """Set on the G/L side of an application (discounts, tolerance); unapply reverses those."""
    reversed: bool = False
    reversed_by_entry_no: int | None = None
    reversed_entry_no: int | None = None


@dataclass(slots=True)
class PartyEntry:
    """A customer or vendor ledger entry (NAV: Cust./Vendor Ledger Entry)."""

    party_type: AccountType
    entry_no: int
    party_no: str
    transaction_no: int
    posting_date: date
    document_date: date
    document_type: DocumentType
    document_no: str
    description: str
    currency: str
    amount: Decimal
    amount_lcy: Decimal
    remaining_amount: Decimal
    remaining_amount_lcy: Decimal
    posting_group: str
    external_document_no: str = ""
    due_date: date | None = None
    pmt_discount_date: date | None = None
    original_pmt_disc_possible: Decimal = ZERO
    remaining_pmt_disc_possible: Decimal = ZERO
    pmt_disc_tolerance_date: date | None = None
    max_payment_tolerance: Decimal = ZERO
    payment_reference: str = ""
    open: bool = True
    closed_by_entry_no: int | None = None
    closed_at_date: date | None = None
    reversed: bool = False
    reversed_by_entry_no: int | None = None
    reversed_entry_no: int | None = None
    applies_to_id: str = ""
    amount_to_apply: Decimal = ZERO

    @property
    def positive(self) -> bool:
        return self.amount > 0


@dataclass(slots=True)
class DetailedEntry:
    """A movement on a party entry (NAV: Detailed Cust./Vendor Ledg. Entry)."""

    party_type: AccountType
    entry_no: int
    ledger_entry_no: int
    entry_type: DetailedEntryType
    posting_date: date
    document_type: DocumentType
    document_no: str
    amount: Decimal
    amount_lcy: Decimal
    party_no: str
    currency: str
    transaction_no: int
    applied_entry_no: int | None = None
    application_no: int | None = None
    initial_due_date: date | None = None
    unapplied: bool = False
    unapplied_by_entry_no: int | None = None

    @property
    def ledger_entry_amount(self) -> bool:
        return self.entry_type.is_ledger_entry_amount


@dataclass(slots=True)
class BankEntry:
    """A bank account ledger entry; open until reconciled against a statement."""

    entry_no: int
    bank_account_no: str
    transaction_no: int
    posting_date: date
    document_type: DocumentType
    document_no: str
    description: str
    currency: str
    amount: Decimal
    amount_lcy: Decimal
    external_document_no: str = ""
    payment_reference: str = ""
    open: bool = True
    statement_no: str = ""
    reversed: bool = False
    reversed_by_entry_no: int | None = None
    reversed_entry_no: int | None = None


@dataclass(slots=True)
class VatEntry:
    entry_no: int
    transaction_no: int
    posting_date: date
    document_type: DocumentType
    document_no: str
    vat_code: str
    base: Decimal
    amount: Decimal
    party_no: str = ""


@dataclass(slots=True)
class Register:
    """One posting run (NAV: G/L Register): which entries it made."""

    register_no: int
    source: str
    journal_template: str = ""
    journal_batch: str = ""
    from_gl_entry_no: int = 0
    to_gl_entry_no: int = 0
    from_customer_entry_no: int = 0
    to_customer_entry_no: int = 0
    from_vendor_entry_no: int = 0
    to_vendor_entry_no: int = 0
    from_bank_entry_no: int = 0
    to_bank_entry_no: int = 0


# Enum members are slow to look up on the class in Python 3.11; hot paths use these names.
_CUSTOMER = AccountType.CUSTOMER


@dataclass
class Counters:
    """The last numbers used; posting takes the next ones inside its transaction."""

    gl_entry: int = 0
    customer_entry: int = 0
    customer_detail: int = 0
    vendor_entry: int = 0
    vendor_detail: int = 0
    bank_entry: int = 0
    vat_entry: int = 0
    register: int = 0
    transaction: int = 0
    application: int = 0

    def next(self, name: str) -> int:
        value: int = getattr(self, name) + 1
        setattr(self, name, value)
        return value

    def party_entry(self, party_type: AccountType) -> int:
        if party_type is _CUSTOMER:
            self.customer_entry += 1
            return self.customer_entry
        self.vendor_entry += 1
        return self.vendor_entry

    def party_detail(self, party_type: AccountType) -> int:
        if party_type is _CUSTOMER:
            self.customer_detail += 1
            return self.customer_detail
        self.vendor_detail += 1
        return self.vendor_detail


@dataclass
class PostingResult:
    """Everything one posting run writes. Storage inserts the new rows and updates ``changed``."""

    register: Register | None = None
    gl_entries: list[GLEntry] = field(default_factory=list)
    party_entries: list[PartyEntry] = field(default_factory=list)
    detailed_entries: list[DetailedEntry] = field(default_factory=list)
    bank_entries: list[BankEntry] = field(default_factory=list)
    vat_entries: list[VatEntry] = field(default_factory=list)
    changed_party_entries: dict[tuple[AccountType, int], PartyEntry] = field(default_factory=dict)
    changed_bank_entries: dict[int, BankEntry] = field(default_factory=dict)
    changed_gl_entries: dict[int, GLEntry] = field(default_factory=dict)
    changed_detailed_entries: dict[tuple[AccountType, int], DetailedEntry] = field(
        default_factory=dict
    )

    def touch(self, entry: PartyEntry) -> None:
        """Note that a party entry posted earlier has changed (remaining, open, applies-to)."""
        self.changed_party_entries[(entry.party_type, entry.entry_no)] = entry
