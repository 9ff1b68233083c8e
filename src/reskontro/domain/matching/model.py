"""What the matching engine reads and what it proposes (DESIGN §7), free of storage.

Amounts are ``Decimal`` in the bank account's currency, signed as the statement signs them:
money in is positive. An open entry's amounts are signed as the ledger signs them: an invoice
is positive, a credit memo negative (customers); for vendors an invoice is negative. A payment
matches entries whose remaining amount has the same sign as the statement amount.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class AccountKind(StrEnum):
    CUSTOMER = "customer"
    VENDOR = "vendor"
    GL = "gl"


class Confidence(StrEnum):
    """How sure an application is; ``high`` is applied without review."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class PartyMatch(StrEnum):
    NOT_CONSIDERED = "not_considered"
    FULLY = "fully"
    PARTIALLY = "partially"
    NO = "no"


class DocMatch(StrEnum):
    NOT_CONSIDERED = "not_considered"
    YES = "yes"
    YES_MULTIPLE = "yes_multiple"
    NO = "no"


class AmountMatch(StrEnum):
    NOT_CONSIDERED = "not_considered"
    ONE = "one"
    MULTIPLE = "multiple"
    NONE = "none"


class ToleranceKind(StrEnum):
    AMOUNT = "amount"
    PERCENT = "percent"


@dataclass(frozen=True)
class MatchTolerance:
    """The bank account's match tolerance: an amount either way, or a percentage (< 100)."""

    kind: ToleranceKind = ToleranceKind.AMOUNT
    value: Decimal = Decimal(0)


@dataclass(frozen=True)
class StatementLine:
    """One booked statement entry to be applied."""

    line_no: int
    amount: Decimal
    transaction_date: date
    text: str = ""
    """The unstructured text (remittance information, additional info), whole."""
    counterparty_name: str = ""
    counterparty_account: str = ""
    """The payer's (payee's) IBAN or account number as the bank gave it."""
    counterparty_address: str = ""
    references: tuple[str, ...] = ()
    """Structured references as the file gave them (KID, OCR, RF, ...), unvalidated."""


@dataclass(frozen=True)
class Party:
    """A customer or vendor that can pay or be paid."""

    kind: AccountKind
    no: str
    name: str
    address: str = ""
    city: str = ""
    accounts: tuple[str, ...] = ()
    """Bank accounts and IBANs known for the party, as entered."""


@dataclass(frozen=True)
class OpenEntry:
    """An open customer or vendor ledger entry (invoice, credit memo, finance charge,
    reminder, or a blank document type); payments and refunds are not candidates."""

    kind: AccountKind
    entry_no: int
    party_no: str
    document_type: str
    document_no: str
    posting_date: date
    remaining_amount: Decimal
    """In the bank account's currency."""
    external_document_no: str = ""
    payment_reference: str = ""
    """The KID/OCR/RF given on the invoice."""
    description: str = ""
    due_date: date | None = None
    remaining_pmt_disc_possible: Decimal = Decimal(0)
    pmt_discount_date: date | None = None
    """The last day the discount may be taken, grace period included."""


@dataclass(frozen=True)
class TextMapping:
    """Lines whose text contains *text* (case-insensitive) go to an account: a G/L account
    (debit account for money in, credit account for money out), or a customer or vendor."""

    mapping_no: int
    text: str
    kind: AccountKind
    debit_account_no: str = ""
    credit_account_no: str = ""
    account_no: str = ""
    """For a customer or vendor mapping: its no."""


@dataclass(frozen=True)
class Rule:
    """One row of the rule table (NAV's Bank Pmt. Appl. Rule); NOT_CONSIDERED matches any."""

    confidence: Confidence
    priority: int
    party: PartyMatch = PartyMatch.NOT_CONSIDERED
    document: DocMatch = DocMatch.NOT_CONSIDERED
    amount: AmountMatch = AmountMatch.NOT_CONSIDERED
    structured_reference: bool = False
    """True only for the top rule: a valid structured reference equal to the entry's."""
    review_required: bool = False

    @property
    def score(self) -> int:
        ranks = {Confidence.NONE: 0, Confidence.LOW: 1, Confidence.MEDIUM: 2, Confidence.HIGH: 3}
        return (ranks[self.confidence] + 1) * 1000 - self.priority


@dataclass(frozen=True)
class Reserved:
    """What other (accepted or manual) applications already take of an entry."""

    entry_no: int
    kind: AccountKind
    amount: Decimal


@dataclass(frozen=True)
class Application:
    """One proposed application of a statement line."""

    line_no: int
    kind: AccountKind
    account_no: str
    entry_no: int | None
    """None for a direct posting to the account (a text mapping, a G/L account)."""
    amount: Decimal
    """What the line pays of the entry, the discount not included (the statement's sign)."""
    discount: Decimal
    """The payment discount taken with it (the statement's sign), 0 when none."""
    score: int
    confidence: Confidence
    rule: str
    """The rule that gave the score, in words ("high 4: party fully, document yes, ...")."""
    explanation: str
    """Which criteria held, in words a bookkeeper reads."""
    review_required: bool = False
    """The rule that gave the score asks for review, or the confidence was capped (equal
    amounts of one party that nothing else told apart)."""


@dataclass
class LineResult:
    line_no: int
    applications: list[Application] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Why nothing (or not more) was applied: ties, conflicts, subsets that fit twice, ..."""


@dataclass(frozen=True)
class Candidate:
    """A scored entry for one line, as the manual application page lists them."""

    entry: OpenEntry
    score: int
    confidence: Confidence
    rule: str
    explanation: str
    suggested_amount: Decimal


@dataclass(frozen=True)
class PostedBankEntry:
    """An open bank ledger entry already posted on the bank account, so that a text mapping
    never posts a fee or interest line a second time (NAV's double-posting guard)."""

    entry_no: int
    amount: Decimal
    posting_date: date
    description: str = ""
    bal_account_no: str = ""
