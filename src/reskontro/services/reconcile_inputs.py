"""What the matching engine reads, loaded set-based: a fixed number of queries whatever the
number of lines (DESIGN §7).

* the lines to apply (a line, or a payment of an itemised batch line), as
  :class:`StatementLine`;
* every customer and vendor with its name, address and bank accounts;
* the open customer and vendor entries in the bank's currency that a payment can settle
  (invoices, credit memos, finance charge memos, reminders, blank; not payments or refunds,
  and not entries another journal has earmarked with an applies-to ID), with what is still
  open and the discount with its last day, grace period included, as posting stored them;
* what other applications already take of those entries (:class:`Reserved`);
* the open bank ledger entries of the account and the account each is balanced on, so that a
  text mapping never posts a fee twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.domain.matching.model import (
    AccountKind,
    OpenEntry,
    Party,
    PostedBankEntry,
    Reserved,
    StatementLine,
)
from reskontro.domain.money import ZERO
from reskontro.services.bankrec_view import free_entries
from reskontro.services.reconcile_rows import (
    ACCEPTED,
    MANUAL,
    POSTED,
    Journal,
    Key,
    Part,
)
from reskontro.storage import models as m
from reskontro.storage.ledger import chunks, party_entry_model

#: Document types a payment settles (NAV: payments and refunds are not candidates).
PAYABLE_TYPES = (
    DocumentType.NONE,
    DocumentType.INVOICE,
    DocumentType.CREDIT_MEMO,
    DocumentType.FINANCE_CHARGE_MEMO,
    DocumentType.REMINDER,
)
KINDS = {AccountType.CUSTOMER: AccountKind.CUSTOMER, AccountType.VENDOR: AccountKind.VENDOR}


def engine_line(part: Part, ident: int | None = None) -> StatementLine:
    """The part as the matching engine reads a line; *ident* is the engine's line no. (the
    line's own no. when not given)."""
    if part.day is None:  # a statement without any date: the line cannot be matched on dates
        raise ValueError(f"line {part.words} has no date")
    return StatementLine(
        line_no=part.line.line_no if ident is None else ident,
        amount=part.amount,
        transaction_date=part.day,
        text=part.text,
        counterparty_name=part.counterparty_name,
        counterparty_account=part.counterparty_account,
        references=part.references,
    )


def bank_currency(session: Session, company_id: int, bank: m.BankAccount) -> tuple[str, ...]:
    """The entry currencies a payment on *bank* can settle ("" is the company's currency)."""
    company = session.get(m.Company, company_id)
    lcy = company.currency if company is not None else ""
    if not bank.currency or bank.currency == lcy:
        return ("", lcy) if lcy else ("",)
    return (bank.currency,)


def load_parties(session: Session, company_id: int) -> list[Party]:
    parties = []
    for party_type, kind in KINDS.items():
        model: Any = m.Customer if party_type is AccountType.CUSTOMER else m.Vendor
        rows = session.execute(
            select(
                model.no, model.name, model.address, model.city, model.bank_account, model.iban
            ).where(model.company_id == company_id)
        )
        for no, name, address, city, account, iban in rows:
            parties.append(
                Party(
                    kind=kind,
                    no=no,
                    name=name,
                    address=address,
                    city=city,
                    accounts=tuple(a for a in (account, iban) if a),
                )
            )
    return parties


def _open_entry(kind: AccountKind, row: Any) -> OpenEntry:
    disc = row.remaining_pmt_disc_possible or ZERO
    last_day = None
    if disc:
        days = [d for d in (row.pmt_discount_date, row.pmt_disc_tolerance_date) if d]
        last_day = max(days) if days else None
    return OpenEntry(
        kind=kind,
        entry_no=row.entry_no,
        party_no=row.party_no,
        document_type=str(row.document_type.value),
        document_no=row.document_no,
        posting_date=row.posting_date,
        remaining_amount=row.remaining_amount,
        external_document_no=row.external_document_no,
        payment_reference=row.payment_reference,
        description=row.description,
        due_date=row.due_date,
        remaining_pmt_disc_possible=disc if last_day else ZERO,
        pmt_discount_date=last_day,
    )


def _entry_columns(model: Any) -> list[Any]:
    return [
        model.entry_no,
        model.party_no,
        model.document_type,
        model.document_no,
        model.posting_date,
        model.remaining_amount,
        model.external_document_no,
        model.payment_reference,
        model.description,
        model.due_date,
        model.remaining_pmt_disc_possible,
        model.pmt_discount_date,
        model.pmt_disc_tolerance_date,
    ]


def load_open_entries(
    session: Session, company_id: int, currencies: Collection[str]
) -> list[OpenEntry]:
    """The open entries a payment can settle (see the module text)."""
    entries: list[OpenEntry] = []
    for party_type, kind in KINDS.items():
        model = party_entry_model(party_type)
        rows = session.execute(
            select(*_entry_columns(model))
            .where(
                model.company_id == company_id,
                model.open.is_(True),
                model.document_type.in_(PAYABLE_TYPES),
                model.currency.in_(tuple(currencies)),
                model.applies_to_id == "",
            )
            .order_by(model.entry_no)
        )
        entries.extend(_open_entry(kind, row) for row in rows)
    return entries


def load_entries_by_no(
    session: Session, company_id: int, wanted: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], Any]:
    """Customer and vendor ledger entry rows by (account type, entry no.)."""
    by_type: dict[str, set[int]] = defaultdict(set)
    for account_type, entry_no in wanted:
        by_type[account_type].add(entry_no)
    found: dict[tuple[str, int], Any] = {}
    for account_type, nos in by_type.items():
        model = party_entry_model(AccountType(account_type))
        for chunk in chunks(nos):
            for row in session.execute(
                select(
                    *_entry_columns(model), model.open, model.currency, model.applies_to_id
                ).where(model.company_id == company_id, model.entry_no.in_(chunk))
            ):
                found[(account_type, row.entry_no)] = row
    return found


def reserved_elsewhere(
    session: Session, company_id: int, journal: Journal, kept: Collection[Key]
) -> dict[tuple[str, int], Decimal]:
    """What applications not about to be replaced take of each entry (the entry's sign):
    every application on the other open journals, and on this journal those of the *kept*
    parts. Applications of posted lines are left out: the ledger holds them already."""
    a = m.AppliedPaymentEntry
    posted = m.PostedPaymentLine
    rec = m.PaymentReconciliation
    keep = set(kept)
    query = (
        select(
            a.account_type,
            a.entry_no,
            a.amount,
            a.discount,
            a.bank_account_no,
            a.statement_no,
            a.line_no,
            a.detail_no,
        )
        .outerjoin(
            posted,
            (posted.company_id == a.company_id)
            & (posted.bank_account_no == a.bank_account_no)
            & (posted.statement_no == a.statement_no)
            & (posted.line_no == a.line_no),
        )
        .outerjoin(
            rec,
            (rec.company_id == a.company_id)
            & (rec.bank_account_no == a.bank_account_no)
            & (rec.statement_no == a.statement_no),
        )
        .where(
            a.company_id == company_id,
            a.entry_no.is_not(None),
            posted.line_no.is_(None),
            or_(rec.status.is_(None), rec.status != POSTED),
        )
    )
    taken: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for (
        account_type,
        entry_no,
        amount,
        discount,
        bank_no,
        no,
        line_no,
        detail_no,
    ) in session.execute(query):
        here = (bank_no, no) == (journal.bank_no, journal.statement_no)
        # This journal's own applications count only where they are kept.
        if entry_no is not None and (not here or (line_no, detail_no) in keep):
            taken[(account_type, entry_no)] += amount + discount
    return dict(taken)


def engine_reserved(taken: dict[tuple[str, int], Decimal]) -> list[Reserved]:
    return [
        Reserved(entry_no=entry_no, kind=AccountKind(account_type), amount=amount)
        for (account_type, entry_no), amount in taken.items()
        if amount
    ]


def kept_parts(journal: Journal, parts: Iterable[Part], *, overwrite: bool) -> set[Key]:
    """The *parts* whose applications apply automatically leaves alone: accepted or manual
    ones, unless *overwrite*."""
    if overwrite:
        return set()
    return {
        part.key
        for part in parts
        if any(r.status in (ACCEPTED, MANUAL) for r in journal.applications.get(part.key, []))
    }


def load_posted_bank_entries(
    session: Session, company_id: int, bank: m.BankAccount
) -> list[PostedBankEntry]:
    """Open, unmatched bank ledger entries of the account with the account each is balanced
    on: the one G/L account (or customer or vendor) of its transaction other than the bank's."""
    entries = free_entries(session, company_id, bank.no)
    if not entries:
        return []
    group = session.get(m.BankPostingGroup, (company_id, bank.posting_group))
    bank_gl = group.gl_account if group is not None else ""
    others: dict[int, set[str]] = defaultdict(set)
    g = m.GLEntryRow
    for chunk in chunks({e.transaction_no for e in entries}):
        for transaction_no, account_no, source_type, source_no in session.execute(
            select(g.transaction_no, g.account_no, g.source_type, g.source_no).where(
                g.company_id == company_id, g.transaction_no.in_(chunk)
            )
        ):
            if account_no == bank_gl and source_type == "bank":
                continue
            party = source_type in (AccountType.CUSTOMER, AccountType.VENDOR)
            others[transaction_no].add(source_no if party and source_no else account_no)
    result = []
    for entry in entries:
        accounts = others.get(entry.transaction_no, set())
        result.append(
            PostedBankEntry(
                entry_no=entry.entry_no,
                amount=entry.amount,
                posting_date=entry.posting_date,
                description=entry.description,
                bal_account_no=next(iter(accounts)) if len(accounts) == 1 else "",
            )
        )
    return result
