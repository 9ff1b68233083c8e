"""Closed sets of the ledger, with NAV's names in the docstrings."""

from __future__ import annotations

from enum import StrEnum


class AccountType(StrEnum):
    """What a journal line posts to (NAV: Account Type)."""

    GL = "gl"
    CUSTOMER = "customer"
    VENDOR = "vendor"
    BANK = "bank"


class DocumentType(StrEnum):
    """NAV: Document Type on journal lines and ledger entries."""

    NONE = ""
    PAYMENT = "payment"
    INVOICE = "invoice"
    CREDIT_MEMO = "credit_memo"
    FINANCE_CHARGE_MEMO = "finance_charge_memo"
    REMINDER = "reminder"
    REFUND = "refund"


class DetailedEntryType(StrEnum):
    """NAV: Detailed CV Ledger Entry Type (enum 379), the kinds we post."""

    INITIAL_ENTRY = "initial_entry"
    APPLICATION = "application"
    UNREALIZED_LOSS = "unrealized_loss"
    UNREALIZED_GAIN = "unrealized_gain"
    REALIZED_LOSS = "realized_loss"
    REALIZED_GAIN = "realized_gain"
    PAYMENT_DISCOUNT = "payment_discount"
    APPLICATION_ROUNDING = "application_rounding"
    CORRECTION_OF_REMAINING = "correction_of_remaining"
    PAYMENT_TOLERANCE = "payment_tolerance"
    PAYMENT_DISCOUNT_TOLERANCE = "payment_discount_tolerance"

    @property
    def is_ledger_entry_amount(self) -> bool:
        """Whether the row counts in the entry's Amount (all but applications and rounding)."""
        return self not in (DetailedEntryType.APPLICATION, DetailedEntryType.APPLICATION_ROUNDING)


class JournalTemplateType(StrEnum):
    GENERAL = "general"
    CASH_RECEIPTS = "cash_receipts"
    PAYMENTS = "payments"


class GLAccountKind(StrEnum):
    POSTING = "posting"
    HEADING = "heading"


class GLAccountCategory(StrEnum):
    ASSETS = "assets"
    LIABILITIES = "liabilities"
    EQUITY = "equity"
    INCOME = "income"
    EXPENSE = "expense"


class Blocked(StrEnum):
    """NAV: Customer.Blocked. ``invoice`` stops new invoices; ``all`` stops every posting."""

    NO = ""
    INVOICE = "invoice"
    ALL = "all"


class ApplicationMethod(StrEnum):
    MANUAL = "manual"
    APPLY_TO_OLDEST = "apply_to_oldest"


class Country(StrEnum):
    NO = "NO"
    SE = "SE"
