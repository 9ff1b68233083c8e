"""Journal lines: the checks of the test report, grouping into transactions, posting legs.

The checks mirror NAV's General Journal – Test: every line is looked at and every problem is
returned (not only the first), with the line number, so the bookkeeper can fix them all at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from reskontro.domain.context import LedgerContext
from reskontro.domain.enums import AccountType, Blocked, DocumentType, GLAccountKind
from reskontro.domain.money import ZERO, fmt
from reskontro.domain.posting import PARTY_TYPES, PostingLine, lcy_amount


@dataclass(frozen=True)
class JournalLine:
    """A journal line as the user entered or an import made it (DESIGN §5)."""

    line_no: int
    posting_date: date | None
    document_type: DocumentType
    document_no: str
    account_type: AccountType
    account_no: str
    amount: Decimal
    description: str = ""
    bal_account_type: AccountType = AccountType.GL
    bal_account_no: str = ""
    currency: str = ""
    amount_lcy: Decimal | None = None
    external_document_no: str = ""
    payment_reference: str = ""
    applies_to_doc_type: DocumentType = DocumentType.NONE
    applies_to_doc_no: str = ""
    applies_to_id: str = ""
    document_date: date | None = None
    due_date: date | None = None
    pmt_discount_date: date | None = None
    pmt_discount_pct: Decimal | None = None
    warnings: tuple[str, ...] = field(default=())
    # Set by sales documents only (not stored on journal lines):
    vat_code: str = ""
    vat_base: Decimal = ZERO
    pmt_disc_base: Decimal | None = None

    @property
    def party_leg(self) -> tuple[AccountType, str, Decimal] | None:
        """The customer or vendor this line posts to, and the amount it posts there."""
        if self.account_type in PARTY_TYPES:
            return self.account_type, self.account_no, self.amount
        if self.bal_account_no and self.bal_account_type in PARTY_TYPES:
            return self.bal_account_type, self.bal_account_no, -self.amount
        return None


@dataclass(frozen=True)
class Problem:
    """Something that stops a batch from posting. ``line_no`` None means the batch as a whole."""

    line_no: int | None
    message: str

    def __str__(self) -> str:
        return f"Line {self.line_no}: {self.message}" if self.line_no else self.message


# Signs NAV requires of the customer's / vendor's amount per document type.
_SIGN = {
    AccountType.CUSTOMER: {
        DocumentType.PAYMENT: -1,
        DocumentType.REFUND: 1,
        DocumentType.INVOICE: 1,
        DocumentType.CREDIT_MEMO: -1,
        DocumentType.REMINDER: 1,
        DocumentType.FINANCE_CHARGE_MEMO: 1,
    },
    AccountType.VENDOR: {
        DocumentType.PAYMENT: 1,
        DocumentType.REFUND: -1,
        DocumentType.INVOICE: -1,
        DocumentType.CREDIT_MEMO: 1,
    },
}


def balance_key(line: JournalLine, force_doc_balance: bool) -> tuple[object, ...]:
    if force_doc_balance:
        return (line.posting_date, line.document_type, line.document_no)
    return (line.posting_date, line.document_no)


def group_transactions(
    lines: Iterable[JournalLine], force_doc_balance: bool
) -> list[list[JournalLine]]:
    """Consecutive lines with the same balance key form one transaction."""
    groups: list[list[JournalLine]] = []
    last: tuple[object, ...] | None = None
    for line in lines:
        key = balance_key(line, force_doc_balance)
        if not groups or key != last:
            groups.append([])
        groups[-1].append(line)
        last = key
    return groups


def posting_lines(line: JournalLine) -> list[PostingLine]:
    """The legs of a journal line: its account, and its balancing account if it has one."""
    assert line.posting_date is not None  # noqa: S101 - checked by check_lines first
    legs = [(line.account_type, line.account_no, line.amount, line.amount_lcy)]
    if line.bal_account_no:
        lcy = -line.amount_lcy if line.amount_lcy is not None else None
        legs.append((line.bal_account_type, line.bal_account_no, -line.amount, lcy))
    result = []
    for account_type, account_no, amount, amount_lcy in legs:
        is_party = account_type in PARTY_TYPES
        result.append(
            PostingLine(
                line_no=line.line_no,
                posting_date=line.posting_date,
                document_date=line.document_date,
                document_type=line.document_type,
                document_no=line.document_no,
                account_type=account_type,
                account_no=account_no,
                amount=amount,
                amount_lcy=amount_lcy,
                description=line.description,
                external_document_no=line.external_document_no,
                currency=line.currency,
                payment_reference=line.payment_reference,
                due_date=line.due_date if is_party else None,
                pmt_discount_date=line.pmt_discount_date if is_party else None,
                pmt_discount_pct=line.pmt_discount_pct if is_party else None,
                applies_to_doc_type=line.applies_to_doc_type if is_party else DocumentType.NONE,
                applies_to_doc_no=line.applies_to_doc_no if is_party else "",
                applies_to_id=line.applies_to_id if is_party else "",
                vat_code="" if is_party else line.vat_code,
                vat_base=ZERO if is_party else line.vat_base,
                pmt_disc_base=line.pmt_disc_base if is_party else None,
            )
        )
    return result


def check_lines(
    lines: list[JournalLine], context: LedgerContext, *, force_doc_balance: bool
) -> list[Problem]:
    """Every reason the lines cannot be posted; an empty list means they can."""
    problems: list[Problem] = []
    if not lines:
        return [Problem(None, "There is nothing to post: the batch has no lines")]
    documents_in_batch: dict[tuple[AccountType, str, DocumentType, str], int] = {}
    for line in lines:
        problems.extend(Problem(line.line_no, m) for m in _check_line(line, context))
        party = line.party_leg
        if party and line.document_type in (DocumentType.INVOICE, DocumentType.CREDIT_MEMO):
            key = (party[0], party[1], line.document_type, line.document_no)
            if key in documents_in_batch:
                problems.append(
                    Problem(
                        line.line_no,
                        f"{line.document_type} {line.document_no} for {party[0]} {party[1]} is "
                        f"also on line {documents_in_batch[key]}",
                    )
                )
            documents_in_batch.setdefault(key, line.line_no)
        problems.extend(
            Problem(line.line_no, m) for m in _check_applies_to(line, context, documents_in_batch)
        )
    problems.extend(_check_balance(lines, context, force_doc_balance))
    return problems


def _check_line(line: JournalLine, context: LedgerContext) -> list[str]:
    messages: list[str] = []
    if line.posting_date is None:
        messages.append("posting date is missing")
    elif context.allow_posting_from and line.posting_date < context.allow_posting_from:
        messages.append(
            f"posting date {line.posting_date.isoformat()} is before the allowed period "
            f"(from {context.allow_posting_from.isoformat()})"
        )
    elif context.allow_posting_to and line.posting_date > context.allow_posting_to:
        messages.append(
            f"posting date {line.posting_date.isoformat()} is after the allowed period "
            f"(to {context.allow_posting_to.isoformat()})"
        )
    if not line.document_no:
        messages.append("document no. is missing")
    if not line.account_no:
        messages.append("has no account: choose the account to post to")
    if line.amount == 0:
        messages.append("amount is zero")
    if line.account_no:
        messages.extend(_check_account(line, line.account_type, line.account_no, context))
    if line.bal_account_no:
        messages.extend(_check_account(line, line.bal_account_type, line.bal_account_no, context))
        if (line.account_type, line.account_no) == (line.bal_account_type, line.bal_account_no):
            messages.append("account and balancing account are the same")
    party = line.party_leg
    if party and line.amount:
        wanted = _SIGN.get(party[0], {}).get(line.document_type)
        if wanted is not None and (party[2] > 0) != (wanted > 0):
            side = "negative" if wanted < 0 else "positive"
            messages.append(
                f"a {line.document_type.replace('_', ' ')} must be {side} for the {party[0]}; "
                f"the amount is {fmt(party[2])}"
            )
    if line.currency and line.currency != context.lcy:
        if line.currency not in context.currencies:
            messages.append(f"currency {line.currency} does not exist")
        elif line.amount_lcy is None and line.posting_date is not None:
            try:
                lcy_amount(_probe(line), context)
            except Exception as exc:  # noqa: BLE001 - turned into a line problem
                messages.append(str(exc).split(": ", 1)[-1])
    if not party and (line.applies_to_doc_no or line.applies_to_id):
        messages.append("applies-to is only for customer and vendor lines")
    if line.applies_to_doc_no and line.applies_to_id:
        messages.append("give either applies-to doc. no. or applies-to ID, not both")
    return messages


def _probe(line: JournalLine) -> PostingLine:
    assert line.posting_date is not None  # noqa: S101 - caller checked
    return PostingLine(
        line_no=line.line_no,
        posting_date=line.posting_date,
        document_type=line.document_type,
        document_no=line.document_no,
        account_type=line.account_type,
        account_no=line.account_no,
        amount=line.amount,
        currency=line.currency,
    )


def _check_account(
    line: JournalLine, account_type: AccountType, no: str, context: LedgerContext
) -> list[str]:
    if account_type is AccountType.GL:
        account = context.gl_accounts.get(no)
        if account is None:
            return [f"G/L account {no} does not exist"]
        if account.kind is not GLAccountKind.POSTING:
            return [f"G/L account {no} {account.name} is a heading and cannot be posted to"]
        if account.blocked:
            return [f"G/L account {no} {account.name} is blocked"]
        if not account.direct_posting:
            return [
                f"G/L account {no} {account.name} takes no direct posting; post to the "
                "customer, vendor or bank account instead"
            ]
        return []
    if account_type is AccountType.BANK:
        bank = context.bank_accounts.get(no)
        if bank is None:
            return [f"bank account {no} does not exist"]
        if bank.blocked:
            return [f"bank account {no} is blocked"]
        if (bank.currency or context.lcy) != (line.currency or context.lcy):
            return [
                f"bank account {no} is in {bank.currency or context.lcy}, the line in "
                f"{line.currency or context.lcy}"
            ]
        return []
    party = context.party(account_type, no)
    if party is None:
        return [f"{account_type} {no} does not exist"]
    if party.blocked is Blocked.ALL:
        return [f"{account_type} {no} {party.name} is blocked"]
    if party.blocked is Blocked.INVOICE and line.document_type in (
        DocumentType.INVOICE,
        DocumentType.CREDIT_MEMO,
    ):
        return [f"{account_type} {no} {party.name} is blocked for invoicing"]
    if context.posting_group(account_type, party.posting_group) is None:
        return [f"{account_type} {no} has posting group {party.posting_group!r}, which is missing"]
    if line.document_type in (DocumentType.INVOICE, DocumentType.CREDIT_MEMO) and (
        (account_type, line.document_type, line.document_no) in context.existing_documents
    ):
        return [f"{line.document_type} {line.document_no} has already been posted"]
    return []


def _check_applies_to(
    line: JournalLine,
    context: LedgerContext,
    documents_in_batch: dict[tuple[AccountType, str, DocumentType, str], int],
) -> list[str]:
    party = line.party_leg
    if party is None or context.party(party[0], party[1]) is None:
        return []
    party_type, party_no, _ = party
    if line.applies_to_doc_no:
        found = context.find_document(
            party_type, party_no, line.applies_to_doc_type, line.applies_to_doc_no
        )
        if found is not None and found.open:
            return []
        key = (party_type, party_no, line.applies_to_doc_type, line.applies_to_doc_no)
        if documents_in_batch.get(key, line.line_no) < line.line_no:
            return []
        kind = (line.applies_to_doc_type or "document").replace("_", " ")
        if found is not None:
            return [f"{kind} {line.applies_to_doc_no} of {party_type} {party_no} is already closed"]
        return [f"there is no open {kind} {line.applies_to_doc_no} for {party_type} {party_no}"]
    if line.applies_to_id and not context.with_applies_to_id(
        party_type, party_no, line.applies_to_id
    ):
        return [
            f"no open entries of {party_type} {party_no} carry applies-to ID {line.applies_to_id}"
        ]
    return []


def _check_balance(
    lines: list[JournalLine], context: LedgerContext, force_doc_balance: bool
) -> list[Problem]:
    problems: list[Problem] = []
    by_date: dict[date | None, Decimal] = {}
    for group in group_transactions(lines, force_doc_balance):
        total = ZERO
        for line in group:
            if line.bal_account_no:
                continue
            try:
                total += lcy_amount(_probe(line), context) if line.posting_date else line.amount
            except Exception:  # noqa: BLE001 - reported per line already
                total += line.amount
        first = group[0]
        by_date[first.posting_date] = by_date.get(first.posting_date, ZERO) + total
        if total:
            what = (
                f"{first.document_type or 'document'} {first.document_no}"
                if force_doc_balance
                else f"document {first.document_no}"
            )
            day = first.posting_date.isoformat() if first.posting_date else "no date"
            problems.append(
                Problem(
                    group[-1].line_no,
                    f"{what} of {day} (lines {group[0].line_no}–{group[-1].line_no}) is out of "
                    f"balance by {fmt(total)}",
                )
            )
    return problems
