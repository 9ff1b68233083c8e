"""A Norwegian company's bank statement with the answer a careful bookkeeper would give.

``generate(seed, n_lines, n_parties, entries_per_party)`` makes the books (customers in Norway
and Sweden, companies and people, and some vendors, with their open entries) and one month of
statement lines on the company's operating account, each line with its :class:`Truth`: the
entries and amounts a bookkeeper who reads the line and the ledger carefully would apply, or
the G/L account (fees, interest), or nothing (money from someone not in the books, an invoice
paid twice). The same arguments always give the same scenario (one ``random.Random(seed)``).

The books. Customers: about 70 % companies (AS, ASA, ANS, DA, SA; AB, HB, KB), 30 % people;
about one in five Swedish. Some names are close to each other (group companies "Nordlys Bygg
AS" and "Nordlys Bygg Holding AS"), a few people share a name (told apart by address), a few
names are very short ("Bo AS", "Ica AB"). About half the companies and a quarter of the people
have a bank account on file (11-digit Norwegian accounts with a valid MOD11 check digit, as
``1234.56.78903``, plain or as IBAN; Swedish IBANs). Invoices are numbered 100001 and up in
posting order, credit memos 700001 and up; every invoice carries a KID (document no. in 7
digits + customer no. in 6 digits + check digit): MOD11 for invoices from before the company
changed its OCR agreement 60 days before the statement (some of these end in ``-``), MOD10
after. One customer in eight of the companies has terms 2 % 10 days, net 30. About 15 % of
invoices are for a price-list amount (499.00, 990.00, 1 250.00, ...), so equal amounts occur
across customers and within one. Vendors' invoices carry the vendor's own invoice number as
external document no. and, for seven vendors in ten, the vendor's KID.

The statement. Shares of the lines (per mille of the draw; when no open entry fits a kind any
more, the line falls back to a KID payment, an invoice number, or an unknown payer):

===========================  ====  ==========================================================
kind                         ‰     what the line is
===========================  ====  ==========================================================
kid_structured               415   a Norwegian customer pays one invoice with its KID, exactly
kid_in_text                   40   the KID only in the message (foreign bank, typed by hand)
kid_broken                    20   a KID with a wrong check digit (typo), in the reference
                                   field or the message; the name and amount are right
invoice_no_text              110   "Faktura 100234", "Inv 100234", the customer's PO number...
account_only                  40   only the payer's (registered) account and the exact amount
lump_with_numbers             30   one payment for 2-5 invoices, their numbers in the text
lump_without_numbers          20   one payment for 2-4 invoices, no numbers
net_of_credit_memo             5   an invoice less an open credit memo, both numbers given
partial                       30   part of an invoice (half, a round sum, less a foreign
                                   bank's charge); three in ten followed by the rest later
overpayment                   15   an invoice plus a reminder fee, rounded up, or too much
discount                      30   within 10 days, 2 % cash discount deducted
discount_late                  5   the discount deducted after the discount date
misspelt_name                 40   the name misspelt or shortened, account not on file
third_party                   20   someone not in the books pays, the invoice no. in the text
equal_amounts                 30   a price-list amount that other invoices also have, by name
fee                           25   bank fees (Gebyr, Omkostninger, Avgift; some unmapped)
interest                      10   interest in or out (Kredittrenter, Debetrenter)
unknown                       20   someone not in the books (Vipps, deposits, AvtaleGiro)
paid_twice                    10   a valid KID of an invoice already paid: nothing open
vendor_payment                80   the company pays vendor invoices (money out)
customer_refund                5   the company pays back a customer's credit memo
===========================  ====  ==========================================================

Truth amounts are signed as the statement (money in positive) and never include the discount,
as :class:`reskontro.domain.matching.model.Application` keeps it. Where a payer gives nothing
that tells two of their own invoices of the same amount apart, the truth is the older one (what
a bookkeeper applies). Overpayments apply the invoice's remaining amount; the rest is left on
the line.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from bench.matching_books import ZERO, Books

from reskontro.domain.matching.model import (
    AccountKind,
    OpenEntry,
    Party,
    StatementLine,
    TextMapping,
)

__all__ = [
    "MAPPINGS",
    "SHARES",
    "Scenario",
    "ScenarioKind",
    "Truth",
    "TruthApplication",
    "generate",
]


class ScenarioKind(StrEnum):
    KID_STRUCTURED = "kid_structured"
    KID_IN_TEXT = "kid_in_text"
    KID_BROKEN = "kid_broken"
    INVOICE_NO_TEXT = "invoice_no_text"
    ACCOUNT_ONLY = "account_only"
    LUMP_WITH_NUMBERS = "lump_with_numbers"
    LUMP_WITHOUT_NUMBERS = "lump_without_numbers"
    NET_OF_CREDIT_MEMO = "net_of_credit_memo"
    PARTIAL = "partial"
    OVERPAYMENT = "overpayment"
    DISCOUNT = "discount"
    DISCOUNT_LATE = "discount_late"
    MISSPELT_NAME = "misspelt_name"
    THIRD_PARTY = "third_party"
    EQUAL_AMOUNTS = "equal_amounts"
    FEE = "fee"
    INTEREST = "interest"
    UNKNOWN = "unknown"
    PAID_TWICE = "paid_twice"
    VENDOR_PAYMENT = "vendor_payment"
    CUSTOMER_REFUND = "customer_refund"


SHARES: dict[ScenarioKind, int] = {
    ScenarioKind.KID_STRUCTURED: 415,
    ScenarioKind.KID_IN_TEXT: 40,
    ScenarioKind.KID_BROKEN: 20,
    ScenarioKind.INVOICE_NO_TEXT: 110,
    ScenarioKind.ACCOUNT_ONLY: 40,
    ScenarioKind.LUMP_WITH_NUMBERS: 30,
    ScenarioKind.LUMP_WITHOUT_NUMBERS: 20,
    ScenarioKind.NET_OF_CREDIT_MEMO: 5,
    ScenarioKind.PARTIAL: 30,
    ScenarioKind.OVERPAYMENT: 15,
    ScenarioKind.DISCOUNT: 30,
    ScenarioKind.DISCOUNT_LATE: 5,
    ScenarioKind.MISSPELT_NAME: 40,
    ScenarioKind.THIRD_PARTY: 20,
    ScenarioKind.EQUAL_AMOUNTS: 30,
    ScenarioKind.FEE: 25,
    ScenarioKind.INTEREST: 10,
    ScenarioKind.UNKNOWN: 20,
    ScenarioKind.PAID_TWICE: 10,
    ScenarioKind.VENDOR_PAYMENT: 80,
    ScenarioKind.CUSTOMER_REFUND: 5,
}
"""Per mille of the lines drawn; they add up to 1000."""

BANK_FEES = "7770"
INTEREST_INCOME = "8050"
INTEREST_EXPENSE = "8150"
MAPPINGS = (
    TextMapping(1, "Gebyr", AccountKind.GL, BANK_FEES, BANK_FEES),
    TextMapping(2, "Omkostninger", AccountKind.GL, BANK_FEES, BANK_FEES),
    TextMapping(3, "Avgift", AccountKind.GL, BANK_FEES, BANK_FEES),
    TextMapping(4, "Renter", AccountKind.GL, INTEREST_INCOME, INTEREST_EXPENSE),
)


@dataclass(frozen=True)
class TruthApplication:
    kind: AccountKind
    entry_no: int
    amount: Decimal
    """What the line pays of the entry, signed as the statement, the discount not included."""
    discount: Decimal = ZERO
    """The cash discount the bookkeeper grants with it (the statement's sign)."""


@dataclass(frozen=True)
class Truth:
    """What a careful bookkeeper does with one statement line."""

    kind: ScenarioKind
    applications: tuple[TruthApplication, ...] = ()
    gl_account: str = ""
    """The G/L account the whole line goes to (fees, interest)."""
    party_no: str = ""
    """Whose money it is, when the bookkeeper can tell (also when nothing is open)."""
    note: str = ""

    @property
    def is_nothing(self) -> bool:
        """No entry and no account: the line waits (suspense, on account, a question)."""
        return not self.applications and not self.gl_account

    def accepts(
        self, kind: AccountKind, account_no: str, entry_no: int | None, amount: Decimal
    ) -> bool:
        """Whether an application of this line is one the bookkeeper would make."""
        if entry_no is None:
            return kind is AccountKind.GL and account_no == self.gl_account != ""
        return any(
            a.kind is kind and a.entry_no == entry_no and a.amount == amount
            for a in self.applications
        )


@dataclass(frozen=True)
class Scenario:
    seed: int
    parties: tuple[Party, ...]
    entries: tuple[OpenEntry, ...]
    mappings: tuple[TextMapping, ...]
    lines: tuple[StatementLine, ...]
    truth: dict[int, Truth] = field(default_factory=dict)
    """By line no."""


def generate(seed: int, n_lines: int, n_parties: int, entries_per_party: int = 4) -> Scenario:
    """Books with *n_parties* customers (and one vendor for every eight) holding about
    *entries_per_party* open entries each, and a statement of *n_lines* lines."""
    # Imported here because the lines module builds on the types above.
    from bench.matching_lines import Statement

    rng = random.Random(seed)
    books = Books(rng, n_parties, entries_per_party, closed=max(1, n_lines // 50))
    drafts = Statement(rng, books).make(n_lines)
    drafts.sort(key=lambda d: d.day)
    lines = []
    truth = {}
    for number, draft in enumerate(drafts, start=1):
        lines.append(
            StatementLine(
                line_no=number,
                amount=draft.amount,
                transaction_date=draft.day,
                text=draft.text,
                counterparty_name=draft.payer.name,
                counterparty_account=draft.payer.account,
                counterparty_address=draft.payer.address,
                references=draft.references,
            )
        )
        truth[number] = draft.truth
    return Scenario(
        seed=seed,
        parties=tuple(info.party for info in books.infos),
        entries=tuple(books.entries),
        mappings=MAPPINGS,
        lines=tuple(lines),
        truth=truth,
    )
