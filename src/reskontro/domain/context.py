"""What posting needs to know about the company: accounts, parties, groups, open entries.

Storage fills a :class:`LedgerContext` for one posting run; posting reads it and keeps its index
of open entries current as it creates and settles entries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from reskontro.domain.application import ApplicationSetup
from reskontro.domain.enums import (
    AccountType,
    ApplicationMethod,
    Blocked,
    DocumentType,
    GLAccountKind,
)
from reskontro.domain.ledger import PartyEntry
from reskontro.domain.money import ZERO


@dataclass(frozen=True)
class GLAccountInfo:
    no: str
    name: str
    kind: GLAccountKind = GLAccountKind.POSTING
    blocked: bool = False
    direct_posting: bool = True


@dataclass(frozen=True)
class PaymentTermsInfo:
    code: str
    due_date_formula: str = ""
    discount_date_formula: str = ""
    discount_pct: Decimal = ZERO


@dataclass(frozen=True)
class PartyInfo:
    """A customer or vendor as posting sees it."""

    party_type: AccountType
    no: str
    name: str
    posting_group: str
    currency: str = ""
    blocked: Blocked = Blocked.NO
    payment_terms: PaymentTermsInfo | None = None
    application_method: ApplicationMethod = ApplicationMethod.MANUAL
    block_payment_tolerance: bool = False


@dataclass(frozen=True)
class PartyPostingGroup:
    """NAV: Customer/Vendor Posting Group. ``account`` is receivables or payables."""

    code: str
    account: str
    pmt_disc_debit: str = ""
    pmt_disc_credit: str = ""
    pmt_tol_debit: str = ""
    pmt_tol_credit: str = ""
    rounding_debit: str = ""
    rounding_credit: str = ""


@dataclass(frozen=True)
class BankAccountInfo:
    no: str
    name: str
    gl_account: str
    currency: str = ""
    blocked: bool = False


@dataclass(frozen=True)
class CurrencyInfo:
    code: str
    realized_gains_account: str = ""
    realized_losses_account: str = ""
    appln_rounding_precision: Decimal = ZERO
    rates: tuple[tuple[date, Decimal], ...] = ()
    """(starting date, LCY per unit), oldest first."""

    def rate_on(self, day: date) -> Decimal | None:
        found: Decimal | None = None
        for start, rate in self.rates:
            if start <= day:
                found = rate
        return found


@dataclass(frozen=True)
class VatCodeInfo:
    code: str
    rate: Decimal
    output_account: str
    sales_account: str = ""


@dataclass
class LedgerContext:
    """Master data and open entries for one posting run."""

    lcy: str
    setup: ApplicationSetup = field(default_factory=ApplicationSetup)
    gl_accounts: dict[str, GLAccountInfo] = field(default_factory=dict)
    parties: dict[tuple[AccountType, str], PartyInfo] = field(default_factory=dict)
    posting_groups: dict[tuple[AccountType, str], PartyPostingGroup] = field(default_factory=dict)
    bank_accounts: dict[str, BankAccountInfo] = field(default_factory=dict)
    currencies: dict[str, CurrencyInfo] = field(default_factory=dict)
    vat_codes: dict[str, VatCodeInfo] = field(default_factory=dict)
    allow_posting_from: date | None = None
    allow_posting_to: date | None = None
    existing_documents: set[tuple[AccountType, DocumentType, str]] = field(default_factory=set)
    """(party type, document type, no.) of invoices and credit memos already posted."""
    _by_document: dict[tuple[AccountType, str, DocumentType, str], PartyEntry] = field(
        default_factory=dict
    )
    _by_applies_to_id: dict[tuple[AccountType, str, str], list[PartyEntry]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _open_by_party: dict[tuple[AccountType, str], list[PartyEntry]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _entries: dict[tuple[AccountType, int], PartyEntry] = field(default_factory=dict)

    def party(self, party_type: AccountType, no: str) -> PartyInfo | None:
        return self.parties.get((party_type, no))

    def posting_group(self, party_type: AccountType, code: str) -> PartyPostingGroup | None:
        return self.posting_groups.get((party_type, code))

    def known_entry(self, party_type: AccountType, entry_no: int) -> PartyEntry | None:
        return self._entries.get((party_type, entry_no))

    def add_open_entry(self, entry: PartyEntry) -> None:
        """Make an open entry findable by document no., applies-to ID and party (once)."""
        if (entry.party_type, entry.entry_no) in self._entries:
            return
        self._entries[(entry.party_type, entry.entry_no)] = entry
        key = (entry.party_type, entry.party_no, entry.document_type, entry.document_no)
        if key not in self._by_document or not self._by_document[key].open:
            self._by_document[key] = entry
        if entry.applies_to_id:
            self._by_applies_to_id[(entry.party_type, entry.party_no, entry.applies_to_id)].append(
                entry
            )
        self._open_by_party[(entry.party_type, entry.party_no)].append(entry)

    def find_document(
        self, party_type: AccountType, party_no: str, document_type: DocumentType, document_no: str
    ) -> PartyEntry | None:
        entry = self._by_document.get((party_type, party_no, document_type, document_no))
        if entry is None and document_type is DocumentType.NONE:
            for kind in DocumentType:
                entry = self._by_document.get((party_type, party_no, kind, document_no))
                if entry is not None and entry.open:
                    break
        return entry

    def with_applies_to_id(
        self, party_type: AccountType, party_no: str, applies_to_id: str
    ) -> list[PartyEntry]:
        entries = self._by_applies_to_id.get((party_type, party_no, applies_to_id), [])
        return [e for e in entries if e.open and e.applies_to_id == applies_to_id]

    def open_entries(self, party_type: AccountType, party_no: str) -> list[PartyEntry]:
        return [e for e in self._open_by_party.get((party_type, party_no), []) if e.open]
