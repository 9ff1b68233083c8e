"""Posting: balanced lines in, ledger entries out (NAV: Gen. Jnl.-Post Line).

Journals, sales documents and opening balances all post through :class:`Poster`. Each call of
:meth:`Poster.post_transaction` is one transaction: its G/L entries sum to zero, and its
customer and vendor lines are applied to the entries they name as they are posted, so a later
line sees what an earlier one settled.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from reskontro.domain.application import (
    Target,
    apply_entries,
    max_payment_tolerance,
    pmt_disc_tolerance_date,
)
from reskontro.domain.context import LedgerContext, PartyInfo, PartyPostingGroup
from reskontro.domain.dateformula import calc_date
from reskontro.domain.enums import (
    AccountType,
    ApplicationMethod,
    DetailedEntryType,
    DocumentType,
)
from reskontro.domain.errors import ApplicationError, PostingError
from reskontro.domain.ledger import (
    BankEntry,
    Counters,
    DetailedEntry,
    GLEntry,
    PartyEntry,
    PostingResult,
    Register,
    VatEntry,
)
from reskontro.domain.money import CENT, ZERO, percent_of

PARTY_TYPES = (AccountType.CUSTOMER, AccountType.VENDOR)
_DUE_DOCUMENTS = (
    DocumentType.INVOICE,
    DocumentType.FINANCE_CHARGE_MEMO,
    DocumentType.REMINDER,
)


@dataclass(frozen=True)
class PostingLine:
    """One leg of a transaction: an amount on one account.

    ``amount`` is in ``currency`` ("" = the company's currency); ``amount_lcy`` is taken from the
    currency's exchange rate on the posting date when not given.
    """

    line_no: int
    posting_date: date
    document_type: DocumentType
    document_no: str
    account_type: AccountType
    account_no: str
    amount: Decimal
    description: str = ""
    document_date: date | None = None
    external_document_no: str = ""
    currency: str = ""
    amount_lcy: Decimal | None = None
    due_date: date | None = None
    pmt_discount_date: date | None = None
    pmt_discount_pct: Decimal | None = None
    pmt_disc_base: Decimal | None = None
    payment_reference: str = ""
    applies_to_doc_type: DocumentType = DocumentType.NONE
    applies_to_doc_no: str = ""
    applies_to_id: str = ""
    vat_code: str = ""
    vat_base: Decimal = ZERO


def lcy_amount(line: PostingLine, context: LedgerContext) -> Decimal:
    """The line's amount in LCY, from the line or the currency's rate on its posting date."""
    if line.amount_lcy is not None:
        return line.amount_lcy
    if not line.currency or line.currency == context.lcy:
        return line.amount
    currency = context.currencies.get(line.currency)
    rate = currency.rate_on(line.posting_date) if currency else None
    if rate is None:
        raise PostingError(
            f"Line {line.line_no}: no exchange rate for {line.currency} on "
            f"{line.posting_date.isoformat()}; add one before posting"
        )
    return (line.amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


class Poster:
    """Collects the entries of one posting run (one register)."""

    def __init__(
        self,
        context: LedgerContext,
        counters: Counters,
        *,
        source: str,
        journal_template: str = "",
        journal_batch: str = "",
    ) -> None:
        self.context = context
        self.counters = counters
        self.result = PostingResult()
        self._source = source
        self._template = journal_template
        self._batch = journal_batch
        self._start = Counters(**vars(counters))

    # -- transactions -------------------------------------------------------------------

    def post_transaction(self, lines: list[PostingLine]) -> int:
        """Post *lines* as one transaction; return its number."""
        transaction_no = self.counters.next("transaction")
        gl_start = len(self.result.gl_entries)
        for line in lines:
            amount_lcy = lcy_amount(line, self.context)
            if line.account_type is AccountType.GL:
                self._gl(line, transaction_no, line.account_no, amount_lcy)
                if line.vat_code:
                    self._vat(line, transaction_no, amount_lcy)
            elif line.account_type is AccountType.BANK:
                self._bank(line, transaction_no, amount_lcy)
            else:
                self._party(line, transaction_no, amount_lcy)
        self._check_balance(lines, gl_start)
        return transaction_no

    def apply_posted(
        self,
        applying: PartyEntry,
        targets: list[Target],
        *,
        posting_date: date,
        applying_amount: Decimal | None = None,
    ) -> int:
        """Apply entries posted earlier to each other (NAV: Post Application)."""
        transaction_no = self.counters.next("transaction")
        gl_start = len(self.result.gl_entries)
        party = self._party_info(applying.party_type, applying.party_no, 0)
        details = apply_entries(
            applying,
            targets,
            posting_date=posting_date,
            counters=self.counters,
            transaction_no=transaction_no,
            setup=self.context.setup,
            applying_amount=applying_amount,
            allow_tolerance=not party.block_payment_tolerance,
            rounding_precision=self._rounding_precision(applying.currency),
        )
        entries = [applying, *(t.entry for t in targets)]
        self._record_details(details, entries, transaction_no)
        for entry in entries:
            self.result.touch(entry)
        self._check_balance([], gl_start)
        return transaction_no

    def finish(self) -> PostingResult:
        """Close the run: make its register. An empty run makes none."""
        result = self.result
        if result.gl_entries or result.detailed_entries:
            start, now = self._start, self.counters

            def span(name: str) -> tuple[int, int]:
                first, last = getattr(start, name) + 1, getattr(now, name)
                return (first, last) if last >= first else (0, 0)

            gl, customer, vendor, bank = (
                span(n) for n in ("gl_entry", "customer_entry", "vendor_entry", "bank_entry")
            )
            result.register = Register(
                register_no=self.counters.next("register"),
                source=self._source,
                journal_template=self._template,
                journal_batch=self._batch,
                from_gl_entry_no=gl[0],
                to_gl_entry_no=gl[1],
                from_customer_entry_no=customer[0],
                to_customer_entry_no=customer[1],
                from_vendor_entry_no=vendor[0],
                to_vendor_entry_no=vendor[1],
                from_bank_entry_no=bank[0],
                to_bank_entry_no=bank[1],
            )
        return result

    # -- legs ------------------------------------------------------------------------------

    def _gl(
        self,
        line: PostingLine,
        transaction_no: int,
        account_no: str,
        amount: Decimal,
        *,
        source: tuple[str, str] = ("", ""),
        description: str | None = None,
    ) -> None:
        if amount == 0:
            return
        self.result.gl_entries.append(
            GLEntry(
                entry_no=self.counters.next("gl_entry"),
                transaction_no=transaction_no,
                account_no=account_no,
                posting_date=line.posting_date,
                document_type=line.document_type,
                document_no=line.document_no,
                description=line.description if description is None else description,
                amount=amount,
                external_document_no=line.external_document_no,
                source_type=source[0],
                source_no=source[1],
            )
        )

    def _vat(self, line: PostingLine, transaction_no: int, amount_lcy: Decimal) -> None:
        self.result.vat_entries.append(
            VatEntry(
                entry_no=self.counters.next("vat_entry"),
                transaction_no=transaction_no,
                posting_date=line.posting_date,
                document_type=line.document_type,
                document_no=line.document_no,
                vat_code=line.vat_code,
                base=line.vat_base,
                amount=amount_lcy,
            )
        )

    def _bank(self, line: PostingLine, transaction_no: int, amount_lcy: Decimal) -> None:
        bank = self.context.bank_accounts.get(line.account_no)
        if bank is None:
            raise PostingError(
                f"Line {line.line_no}: bank account {line.account_no} does not exist"
            )
        self.result.bank_entries.append(
            BankEntry(
                entry_no=self.counters.next("bank_entry"),
                bank_account_no=bank.no,
                transaction_no=transaction_no,
                posting_date=line.posting_date,
                document_type=line.document_type,
                document_no=line.document_no,
                description=line.description,
                currency=line.currency,
                amount=line.amount,
                amount_lcy=amount_lcy,
                external_document_no=line.external_document_no,
                payment_reference=line.payment_reference,
            )
        )
        self._gl(line, transaction_no, bank.gl_account, amount_lcy, source=("bank", bank.no))

    def _party_info(self, party_type: AccountType, no: str, line_no: int) -> PartyInfo:
        party = self.context.party(party_type, no)
        if party is None:
            raise PostingError(f"Line {line_no}: {party_type} {no} does not exist")
        return party

    def _group(self, party_type: AccountType, code: str) -> PartyPostingGroup:
        group = self.context.posting_group(party_type, code)
        if group is None:
            raise PostingError(f"{party_type} posting group {code!r} does not exist")
        return group

    def _party(self, line: PostingLine, transaction_no: int, amount_lcy: Decimal) -> None:
        party = self._party_info(line.account_type, line.account_no, line.line_no)
        group = self._group(party.party_type, party.posting_group)
        document_date = line.document_date or line.posting_date
        entry = PartyEntry(
            party_type=party.party_type,
            entry_no=self.counters.party_entry(party.party_type),
            party_no=party.no,
            transaction_no=transaction_no,
            posting_date=line.posting_date,
            document_date=document_date,
            document_type=line.document_type,
            document_no=line.document_no,
            description=line.description or party.name,
            currency=line.currency,
            amount=line.amount,
            amount_lcy=amount_lcy,
            remaining_amount=line.amount,
            remaining_amount_lcy=amount_lcy,
            posting_group=group.code,
            external_document_no=line.external_document_no,
            payment_reference=line.payment_reference,
            due_date=line.due_date or document_date,
        )
        self._set_terms(entry, line, party)
        self.result.party_entries.append(entry)
        self.result.detailed_entries.append(
            DetailedEntry(
                party_type=party.party_type,
                entry_no=self.counters.party_detail(party.party_type),
                ledger_entry_no=entry.entry_no,
                entry_type=DetailedEntryType.INITIAL_ENTRY,
                posting_date=line.posting_date,
                document_type=line.document_type,
                document_no=line.document_no,
                amount=line.amount,
                amount_lcy=amount_lcy,
                party_no=party.no,
                currency=line.currency,
                transaction_no=transaction_no,
                initial_due_date=entry.due_date,
            )
        )
        self._gl(
            line, transaction_no, group.account, amount_lcy, source=(party.party_type, party.no)
        )
        if line.document_type in (DocumentType.INVOICE, DocumentType.CREDIT_MEMO):
            self.context.existing_documents.add(
                (party.party_type, line.document_type, line.document_no)
            )
        targets = self._targets(line, entry, party)
        if targets:
            try:
                details = apply_entries(
                    entry,
                    targets,
                    posting_date=line.posting_date,
                    counters=self.counters,
                    transaction_no=transaction_no,
                    setup=self.context.setup,
                    allow_tolerance=not party.block_payment_tolerance
                    and party.application_method is ApplicationMethod.MANUAL,
                    rounding_precision=self._rounding_precision(line.currency),
                )
            except ApplicationError as exc:
                raise PostingError(f"Line {line.line_no}: {exc}") from exc
            self._record_details(details, [entry, *(t.entry for t in targets)], transaction_no)
            for target in targets:
                self.result.touch(target.entry)
        if entry.open:
            self.context.add_open_entry(entry)

    def _set_terms(self, entry: PartyEntry, line: PostingLine, party: PartyInfo) -> None:
        terms = party.payment_terms
        setup = self.context.setup
        if line.document_type in _DUE_DOCUMENTS and line.due_date is None and terms:
            entry.due_date = calc_date(terms.due_date_formula, entry.document_date)
        if line.document_type is DocumentType.INVOICE:
            pct = line.pmt_discount_pct
            discount_date = line.pmt_discount_date
            if pct is None and terms is not None:
                pct = terms.discount_pct
                if discount_date is None and pct:
                    discount_date = calc_date(terms.discount_date_formula, entry.document_date)
            if pct and discount_date:
                base = line.pmt_disc_base if line.pmt_disc_base is not None else line.amount
                possible = percent_of(abs(base), pct)
                entry.original_pmt_disc_possible = possible if line.amount > 0 else -possible
                entry.remaining_pmt_disc_possible = entry.original_pmt_disc_possible
                entry.pmt_discount_date = discount_date
                entry.pmt_disc_tolerance_date = pmt_disc_tolerance_date(discount_date, setup)
        if line.document_type in (DocumentType.INVOICE, DocumentType.CREDIT_MEMO):
            entry.max_payment_tolerance = max_payment_tolerance(line.amount, setup)

    def _targets(self, line: PostingLine, entry: PartyEntry, party: PartyInfo) -> list[Target]:
        context = self.context
        if line.applies_to_doc_no:
            found = context.find_document(
                party.party_type, party.no, line.applies_to_doc_type, line.applies_to_doc_no
            )
            if found is None or not found.open:
                kind = line.applies_to_doc_type or "document"
                raise PostingError(
                    f"Line {line.line_no}: there is no open {kind} {line.applies_to_doc_no} "
                    f"for {party.party_type} {party.no} to apply to"
                )
            return [Target(found)]
        if line.applies_to_id:
            marked = context.with_applies_to_id(party.party_type, party.no, line.applies_to_id)
            if not marked:
                raise PostingError(
                    f"Line {line.line_no}: no open entries of {party.party_type} {party.no} "
                    f"carry applies-to ID {line.applies_to_id}"
                )
            return [Target(e, e.amount_to_apply or None) for e in marked]
        if party.application_method is ApplicationMethod.APPLY_TO_OLDEST and line.document_type in (
            DocumentType.PAYMENT,
            DocumentType.REFUND,
        ):
            opposite = [
                e
                for e in context.open_entries(party.party_type, party.no)
                if (e.remaining_amount > 0) != (entry.remaining_amount > 0)
                and e.currency == entry.currency
            ]
            opposite.sort(key=lambda e: (e.due_date or e.posting_date, e.entry_no))
            return [Target(e) for e in opposite]
        return []

    def _rounding_precision(self, currency: str) -> Decimal:
        if currency and currency != self.context.lcy:
            info = self.context.currencies.get(currency)
            return info.appln_rounding_precision if info else ZERO
        return self.context.setup.appln_rounding_precision

    # -- applications --------------------------------------------------------------------

    def _record_details(
        self, details: list[DetailedEntry], entries: list[PartyEntry], transaction_no: int
    ) -> None:
        """Store an application's detailed entries and post their G/L side."""
        self.result.detailed_entries.extend(details)
        by_no = {(e.party_type, e.entry_no): e for e in entries}
        applying = entries[0]
        self.post_detail_gl(details, by_no, transaction_no, applying, "Application")

    def post_detail_gl(
        self,
        details: list[DetailedEntry],
        entries: dict[tuple[AccountType, int], PartyEntry],
        transaction_no: int,
        applying: PartyEntry,
        what: str,
    ) -> None:
        """Post the G/L side of an application's (or an unapplication's) detailed entries."""
        if not details:
            return
        for account, amount in gl_impact_of_details(details, entries, self.context):
            self.result.gl_entries.append(
                GLEntry(
                    entry_no=self.counters.next("gl_entry"),
                    transaction_no=transaction_no,
                    account_no=account,
                    posting_date=details[0].posting_date,
                    document_type=applying.document_type,
                    document_no=applying.document_no,
                    description=f"{what} of {applying.document_type} {applying.document_no}",
                    amount=amount,
                    source_type=applying.party_type,
                    source_no=applying.party_no,
                    application_no=details[0].application_no,
                )
            )

    def _check_balance(self, lines: list[PostingLine], gl_start: int) -> None:
        total = sum((g.amount for g in self.result.gl_entries[gl_start:]), ZERO)
        if total != 0:
            first = lines[0] if lines else None
            where = (
                f"Document {first.document_no} of {first.posting_date.isoformat()}"
                if first
                else "The application"
            )
            raise PostingError(f"{where} is out of balance by {total}; nothing was posted")


def gl_impact_of_details(
    details: list[DetailedEntry],
    entries: dict[tuple[AccountType, int], PartyEntry],
    context: LedgerContext,
) -> list[tuple[str, Decimal]]:
    """G/L amounts per account that detailed entries (other than initial ones) call for.

    Each row moves the receivables/payables account of its entry's posting group by its LCY
    amount; discounts, tolerances, rounding and exchange differences take the other side on
    their own accounts. Applications between entries of one group cancel out.
    """
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for detail in details:
        if detail.entry_type is DetailedEntryType.INITIAL_ENTRY or detail.amount_lcy == 0:
            continue
        entry = entries[(detail.party_type, detail.ledger_entry_no)]
        group = context.posting_group(entry.party_type, entry.posting_group)
        if group is None:
            raise PostingError(
                f"{entry.party_type} posting group {entry.posting_group!r} is missing"
            )
        totals[group.account] += detail.amount_lcy
        if detail.entry_type is DetailedEntryType.APPLICATION:
            continue
        counter = -detail.amount_lcy
        account = _counter_account(detail, entry, group, counter, context)
        totals[account] += counter
    return [(account, amount) for account, amount in totals.items() if amount]


def _counter_account(
    detail: DetailedEntry,
    entry: PartyEntry,
    group: PartyPostingGroup,
    counter: Decimal,
    context: LedgerContext,
) -> str:
    kind = detail.entry_type
    debit = counter > 0
    if kind in (DetailedEntryType.PAYMENT_DISCOUNT, DetailedEntryType.PAYMENT_DISCOUNT_TOLERANCE):
        account, label = (
            (group.pmt_disc_debit if debit else group.pmt_disc_credit),
            "payment discount",
        )
    elif kind is DetailedEntryType.PAYMENT_TOLERANCE:
        account, label = (
            (group.pmt_tol_debit if debit else group.pmt_tol_credit),
            "payment tolerance",
        )
    elif kind is DetailedEntryType.APPLICATION_ROUNDING:
        account, label = (group.rounding_debit if debit else group.rounding_credit), "rounding"
    elif kind in (DetailedEntryType.REALIZED_GAIN, DetailedEntryType.REALIZED_LOSS):
        currency = context.currencies.get(entry.currency)
        if currency is None:
            account = ""
        else:
            account = currency.realized_losses_account if debit else currency.realized_gains_account
        label = f"realised {'losses' if debit else 'gains'} of {entry.currency}"
        if not account:
            raise PostingError(
                f"Currency {entry.currency} has no account for {label}; set one up first"
            )
        return account
    else:  # pragma: no cover - every posted kind is handled above
        raise PostingError(f"Detailed entries of type {kind} are not posted to the G/L")
    if not account:
        raise PostingError(
            f"{entry.party_type.capitalize()} posting group {group.code} has no "
            f"{'debit' if debit else 'credit'} account for {label}; set one up first"
        )
    return account
