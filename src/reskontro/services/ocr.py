"""Nets OCR giro payments into a cash receipt journal (NAV: report "OCR Payment - BBS").

The set-up per bank account is in :mod:`reskontro.services.ocr_setup` (re-exported here).

An import is one unit of work, all or nothing. Each payment becomes a customer line, found by
the KID stored on the invoice's ledger entry, else by the document-no. part of the KID, else
the customer by its customer-no. part. The lines of one settlement lump sum (Nets date, centre,
day code, partial settlement) share one document no. and end with one line to the bank, so the
lump sum leaves one bank ledger entry. Where we differ from NAV: the check digit and the sign
column count, reversals become refunds (money back to the customer), the customer-no. part is
read, and no file or payment is ever imported twice.

Each lump sum is also kept with its payments, so the bank statement's "Sumpost OCR" line is
linked to it whichever comes first (:mod:`reskontro.services.statement_details`); that line is
then for bank reconciliation only, as its payments are in this journal already.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.domain.errors import FormatError, ImportRefused
from reskontro.formats import ocr_giro
from reskontro.formats.ocr_giro import Assignment, Transaction
from reskontro.formats.ocr_giro_records import TransactionType
from reskontro.services.imports import log_import, refuse_repeat, sha256
from reskontro.services.journals import LINE_STEP, next_line_no
from reskontro.services.ocr_lookup import Entry, Finder, find
from reskontro.services.ocr_setup import (
    OCR_BATCH,
    OCR_TEMPLATE,
    OcrSetupInfo,
    ensure_ocr_journal,
    get_ocr_setup,
    update_ocr_setup,
)
from reskontro.services.statement_details import OCR as OCR_DETAIL
from reskontro.services.statement_details import (
    Link,
    NewBatch,
    link_details,
    pack_rows,
    store_batches,
)

__all__ = [
    "OcrImportResult",
    "OcrSetupInfo",
    "ensure_ocr_journal",
    "get_ocr_setup",
    "import_ocr",
    "update_ocr_setup",
]
from reskontro.storage import bulk
from reskontro.storage import models as m
from reskontro.storage.numbers import reserve_numbers
from reskontro.storage.uow import UnitOfWork

KIND = "ocr"
ZERO = Decimal("0.00")

_TYPE_NAMES = {
    TransactionType.GIRO_DEBITED_ACCOUNT: "giro",
    TransactionType.STANDING_ORDER: "standing order",
    TransactionType.DIRECT_REMITTANCE: "direct remittance",
    TransactionType.BUSINESS_TERMINAL_GIRO: "BTG",
    TransactionType.COUNTER_GIRO: "counter giro",
    TransactionType.AVTALEGIRO: "AvtaleGiro",
    TransactionType.TELEGIRO: "TeleGiro",
    TransactionType.GIRO_PAID_IN_CASH: "giro paid in cash",
    TransactionType.REVERSAL_WITH_KID: "terminal reversal",
    TransactionType.PURCHASE_WITH_KID: "terminal purchase",
    TransactionType.REVERSAL_WITH_TEXT: "terminal reversal",
    TransactionType.PURCHASE_WITH_TEXT: "terminal purchase",
}


@dataclass(frozen=True)
class OcrImportResult:
    import_no: int
    file_name: str
    template: str
    batch: str
    lines: int
    payments: int
    warnings: list[str] = field(default_factory=list)
    file_warnings: list[str] = field(default_factory=list)
    linked: list[Link] = field(default_factory=list)
    """Statement lines ("Sumpost OCR") the file's lump sums were linked to."""


# -- import ------------------------------------------------------------------------------


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _bank_for(
    setups: dict[str, m.OcrSetup],
    banks: dict[str, m.BankAccount],
    assignment: Assignment,
    wanted: str | None,
) -> str:
    for no, setup in setups.items():
        if setup.agreement_id and setup.agreement_id == assignment.agreement_id:
            return no
    for no in setups:
        bank = banks[no]
        bban = bank.iban[4:] if bank.iban.upper().startswith("NO") else ""
        if assignment.account in (_digits(bank.bank_account_no), _digits(bban)):
            return no
    if wanted:
        if wanted not in banks:
            raise ImportRefused(f"Bank account {wanted} does not exist; nothing was imported")
        if wanted not in setups:
            raise ImportRefused(
                f"Bank account {wanted} has no OCR set-up; set it up first with "
                f"`reskontro setup ocr {wanted} ...`; nothing was imported"
            )
        return wanted
    if len(setups) == 1:
        return next(iter(setups))
    raise ImportRefused(
        f"No bank account has an OCR set-up for agreement {assignment.agreement_id} or account "
        f"{assignment.account}; set one up with `reskontro setup ocr BANK --agreement-id "
        f"{assignment.agreement_id}` (or name the bank account); nothing was imported"
    )


def _identities(payments: list[tuple[Assignment, Transaction]]) -> list[str]:
    """What makes each payment known, so it is never imported twice; a payment repeated in the
    file gets ``#2``, ``#3``, ... on its repeats."""
    days: dict[date, str] = {}
    counts: dict[str, int] = {}
    identities = []
    for a, t in payments:
        day = days.get(t.nets_date)
        if day is None:
            day = days[t.nets_date] = t.nets_date.isoformat()
        identity = f"ocr:{a.account}:{day}:{t.settlement_ref}:{t.number}:{t.amount}:{t.kid or ''}"
        seen = counts.get(identity, 0) + 1
        counts[identity] = seen
        identities.append(identity if seen == 1 else f"{identity}#{seen}")
    return identities


def _refuse_known_payments(session: Session, company_id: int, identities: list[str]) -> None:
    found = bulk.select_rows(
        session,
        m.Base.metadata.tables[m.ImportedPayment.__tablename__],
        ("import_no",),
        "identity",
        identities,
        {"company_id": company_id},
    )
    for (earlier,) in found:
        log = session.get(m.ImportLog, (company_id, earlier))
        where = (
            f"import {earlier} ({log.file_name}, {log.imported_at.strftime('%Y-%m-%d %H:%M')})"
            if log is not None
            else f"import {earlier}"
        )
        raise ImportRefused(
            f"The payments in this file were imported before, in {where}; nothing was imported"
        )


class _Line(NamedTuple):
    """A journal line as the import writes it (the other columns take their defaults)."""

    posting_date: date
    document_type: DocumentType
    document_no: str
    account_type: AccountType
    account_no: str
    description: str
    amount: Decimal
    applies_to_doc_type: DocumentType
    applies_to_doc_no: str
    payment_reference: str
    external_document_no: str
    source_line: str
    warnings: str


@dataclass
class _Context:
    """What the payments of one lump sum share (the set-up's values read once)."""

    document_no: str
    remaining: dict[int, Decimal]
    """Remaining amounts of the invoices paid earlier in the same file."""
    max_divergence: Decimal
    divergence_account: str
    suspense_customer_no: str
    """The customer of payments whose KID finds none, or "" to leave them without one."""

    @classmethod
    def of(cls, setup: m.OcrSetup, document_no: str, remaining: dict[int, Decimal]) -> _Context:
        return cls(
            document_no,
            remaining,
            Decimal(setup.max_divergence or 0),
            setup.divergence_account or "",
            (setup.suspense_customer_no or "") if setup.unknown_kid == "suspense" else "",
        )


_DESCRIPTIONS = {kind: f"OCR payment ({name})" for kind, name in _TYPE_NAMES.items()}


def _not_exact(
    entry: Entry, t: Transaction, left: Decimal, ctx: _Context, source: str, notes: list[str]
) -> tuple[Entry | None, Decimal, _Line | None]:
    """A payment of an invoice that is closed or not paid exactly: what it is applied to, the
    amount of the customer line and a line for the divergence (notes for the user added)."""
    paid = t.amount
    amount = -paid
    limit = ctx.max_divergence
    kind = f"{entry.document_type.replace('_', ' ')} {entry.document_no}"
    apply_to: Entry | None = None
    extra: _Line | None = None
    if left <= ZERO:
        notes.append(
            f"{kind} of customer {entry.customer_no} is already closed (entry "
            f"{entry.entry_no}); the payment is left unapplied"
        )
    elif paid == left:
        apply_to = entry
    elif limit > 0 and ctx.divergence_account and abs(paid - left) <= limit:
        apply_to = entry
        amount = -left
        notes.append(
            f"paid {paid:.2f}, the remaining amount of {kind} is {left:.2f}; the difference "
            f"{left - paid:.2f} is within the max divergence {limit:.2f} and goes to G/L "
            f"account {ctx.divergence_account}"
        )
        extra = _Line(
            t.nets_date,
            DocumentType.NONE,
            ctx.document_no,
            AccountType.GL,
            ctx.divergence_account,
            f"Divergence, OCR payment of {kind}",
            left - paid,
            DocumentType.NONE,
            "",
            "",
            "",
            source,
            "",
        )
        paid = left
    else:
        apply_to = entry
        rest = (
            "a partial payment; the rest stays open"
            if paid < left
            else "overpaid; the excess stays as a credit on the customer"
        )
        notes.append(f"paid {paid:.2f}, but the remaining amount of {kind} is {left:.2f} ({rest})")
    if apply_to is not None:
        ctx.remaining[apply_to.entry_no] = max(left - paid, ZERO)
    return apply_to, amount, extra


def _payment_lines(
    finder: Finder, t: Transaction, ctx: _Context, source: str, lines: list[_Line]
) -> list[str]:
    """Append the payment's journal lines to *lines*; what to tell the user about it."""
    customer, entry, notes = find(finder, t)
    paid = t.amount
    amount = -paid
    document_type = DocumentType.PAYMENT
    extra: _Line | None = None
    apply_to: Entry | None = None
    if paid < ZERO:
        document_type = DocumentType.REFUND
        what = "a reversal" if t.type.is_reversal else "a negative amount (sign -)"
        notes.append(
            f"{what} of {-paid:.2f}: money back to the payer; posted as a refund to the "
            "customer, not applied"
        )
    elif entry is not None:
        left = ctx.remaining.get(entry.entry_no, entry.remaining if entry.open else ZERO)
        if paid == left and left > ZERO:  # paid exactly, as most are
            apply_to = entry
            ctx.remaining[entry.entry_no] = ZERO
        else:
            apply_to, amount, extra = _not_exact(entry, t, left, ctx, source, notes)
    if not customer and ctx.suspense_customer_no:
        customer = ctx.suspense_customer_no
        notes.append(f"put on the suspense customer {customer}")
    description = _DESCRIPTIONS.get(t.type) or f"OCR payment ({t.type.name})"
    kid = t.kid
    lines.append(
        _Line(
            t.nets_date,
            document_type,
            ctx.document_no,
            AccountType.CUSTOMER,
            customer,
            f"{description} KID {kid}" if kid else description,
            amount,
            apply_to.document_type if apply_to else DocumentType.NONE,
            apply_to.document_no if apply_to else "",
            kid or "",
            "",
            source,
            "\n".join(notes) if notes else "",
        )
    )
    if extra is not None:
        lines.append(extra)
    return notes


def _group_key(bank_no: str, a: Assignment, t: Transaction) -> tuple[Any, ...]:
    """The settlement lump sum a payment is part of: one credit on the bank statement."""
    return (bank_no, a.account, t.nets_date, t.centre_id, t.day_code, t.partial_settlement_no)


def import_ocr(
    engine: Engine,
    company_id: int,
    data: bytes,
    file_name: str,
    *,
    bank_account_no: str | None = None,
    template: str | None = None,
    batch: str | None = None,
    user: str = "",
) -> OcrImportResult:
    """Turn a Nets OCR giro file into cash receipt journal lines, all or nothing.

    The cyclic garbage collector is paused meanwhile, as the parser does: the import makes a few
    objects per payment and no cycles, and collections over 100,000s of young objects would
    cost a third of the time.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import(engine, company_id, data, file_name, bank_account_no, template, batch, user)
    finally:
        if collecting:
            gc.enable()


def _import(
    engine: Engine,
    company_id: int,
    data: bytes,
    file_name: str,
    bank_account_no: str | None,
    template: str | None,
    batch: str | None,
    user: str,
) -> OcrImportResult:
    try:
        transmission = ocr_giro.parse(data, file_name)
    except FormatError as exc:
        raise ImportRefused(f"{file_name} was not imported: {exc}") from exc
    payments = [(a, t) for a in transmission.assignments for t in a.transactions]
    if not payments:
        raise ImportRefused(f"{file_name} holds no OCR giro payments; nothing was imported")
    identities = _identities(payments)
    digest = sha256(data)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        refuse_repeat(session, company_id, KIND, digest, file_name)
        _refuse_known_payments(session, company_id, identities)
        setups = {
            r.bank_account_no: r
            for r in session.scalars(select(m.OcrSetup).where(m.OcrSetup.company_id == company_id))
        }
        banks = {
            b.no: b
            for b in session.scalars(
                select(m.BankAccount).where(m.BankAccount.company_id == company_id)
            )
        }
        bank_of = {
            a.number: _bank_for(setups, banks, a, bank_account_no) for a in transmission.assignments
        }
        first = setups[bank_of[transmission.assignments[0].number]]
        template = (template or first.journal_template).upper()
        batch = (batch or first.journal_batch).upper()
        series = _journal_series(session, company_id, template, batch)
        finder = Finder(session, company_id, {t.kid for _, t in payments if t.kid})
        groups: dict[tuple[Any, ...], list[tuple[Assignment, Transaction]]] = {}
        for a, t in payments:
            groups.setdefault(_group_key(bank_of[a.number], a, t), []).append((a, t))
        numbers = reserve_numbers(session, company_id, series, len(groups))
        lines: list[_Line] = []
        warnings: list[str] = []
        remaining: dict[int, Decimal] = {}
        lump_sums: dict[str, list[NewBatch]] = {}
        prefix = f"transmission {transmission.number}, assignment "
        for (bank_no, *_), members, document_no in zip(
            groups.keys(), groups.values(), numbers, strict=True
        ):
            total = sum((t.amount for _, t in members), ZERO)
            lump_sums.setdefault(bank_no, []).append(_lump_sum(transmission.number, members, total))
            ctx = _Context.of(setups[bank_no], document_no, remaining)
            for a, t in members:
                source = f"{prefix}{a.number}, transaction {t.number}, line {t.line}"
                notes = _payment_lines(finder, t, ctx, source, lines)
                if notes:
                    warnings.extend(f"line {t.line}: {note}" for note in notes)
            t = members[0][1]
            if total:
                ref = f"{t.centre_id}{t.day_code:02d}{t.partial_settlement_no}"
                lines.append(
                    _Line(
                        t.nets_date,
                        DocumentType.PAYMENT,
                        document_no,
                        AccountType.BANK,
                        bank_no,
                        f"OCR lump sum {ref} {t.nets_date:%d.%m.%Y}",
                        total,
                        DocumentType.NONE,
                        "",
                        "",
                        ref,
                        f"transmission {transmission.number}, lump sum {ref}",
                        "",
                    )
                )
        count = _write_lines(session, company_id, template, batch, file_name, lines)
        import_no = log_import(
            session,
            company_id,
            KIND,
            file_name,
            digest,
            len(payments),
            user=user,
            identity=f"transmission {transmission.number}",
        )
        bulk.insert_rows(
            session,
            m.Base.metadata.tables["imported_payment"],
            ("company_id", "identity", "import_no"),
            [(company_id, identity, import_no) for identity in identities],
        )
        linked: list[Link] = []
        for bank_no, batches in lump_sums.items():
            store_batches(session, company_id, bank_no, import_no, batches)
            links, link_warnings = link_details(session, company_id, bank_no)
            linked.extend(links)
            warnings.extend(link_warnings)
        uow.commit()
    return OcrImportResult(
        import_no=import_no,
        file_name=file_name,
        template=template,
        batch=batch,
        lines=count,
        payments=len(payments),
        warnings=warnings,
        file_warnings=[str(w) for w in transmission.warnings],
        linked=linked,
    )


def _lump_sum(
    transmission: str, members: list[tuple[Assignment, Transaction]], amount: Decimal
) -> NewBatch:
    """A settlement lump sum of *amount*, kept so the statement's "Sumpost OCR" line can be
    linked to it (on either import order) and show its payments (plain tuples: there may be
    100,000)."""
    assignment, first = members[0]
    texts = _TEXTS
    rows = [
        (
            str(t.amount),
            texts.get(t.type._value_, "OCR payment") + (f" {t.free_text}" if t.free_text else ""),
            "",
            t.debit_account or "",
            [("KID", t.kid)] if t.kid else (),
            "",
        )
        for _, t in members
    ]
    return NewBatch(
        kind=OCR_DETAIL,
        account=assignment.account,
        amount=amount,
        booking_date=first.nets_date,
        details=pack_rows(rows),
        payments=len(rows),
        bank_reference=f"{first.centre_id}{first.day_code:02d}{first.partial_settlement_no}",
        batch_id=f"assignment {assignment.number}",
        message_id=f"transmission {transmission}",
        group_id=f"assignment {assignment.number}",
    )


_TEXTS = {kind._value_: text for kind, text in _DESCRIPTIONS.items()}


def _journal_series(session: Session, company_id: int, template: str, batch: str) -> str:
    """The number series of the OCR journal, which must balance per document no."""
    if (template, batch) == (OCR_TEMPLATE, OCR_BATCH):
        ensure_ocr_journal(session, company_id)
    template_row = session.get(m.JournalTemplate, (company_id, template))
    batch_row = session.get(m.JournalBatch, (company_id, template, batch))
    if template_row is None or batch_row is None:
        raise ImportRefused(
            f"Journal batch {template}/{batch} does not exist; nothing was imported"
        )
    if template_row.force_doc_balance:
        raise ImportRefused(
            f"Journal template {template} balances per document type; OCR payments need a "
            "template that balances per document no. (force doc. balance off); nothing was "
            "imported"
        )
    series = batch_row.number_series or template_row.number_series
    if not series:
        raise ImportRefused(
            f"Journal batch {template}/{batch} has no number series; OCR documents are numbered "
            "from it; nothing was imported"
        )
    return series


_LINE_COLUMNS = (
    "company_id",
    "template_name",
    "batch_name",
    "line_no",
    *_Line._fields,
    "currency",
    "bal_account_type",
    "bal_account_no",
    "applies_to_id",
    "source_file",
)


def _write_lines(
    session: Session, company_id: int, template: str, batch: str, file_name: str, lines: list[_Line]
) -> int:
    """Append the lines to the batch as plain tuples (no input objects for 100,000 lines)."""
    first = next_line_no(session, company_id, template, batch)
    tail = ("", AccountType.GL, "", "", file_name)
    bulk.insert_rows(
        session,
        m.Base.metadata.tables["journal_line"],
        _LINE_COLUMNS,
        (
            (company_id, template, batch, first + n * LINE_STEP, *line, *tail)
            for n, line in enumerate(lines)
        ),
    )
    return len(lines)
