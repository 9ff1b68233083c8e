"""Applying posted entries to each other, unapplying, reversing (NAV: Apply Entries, Unapply,
Reverse Transaction). Each is one transaction with its own register."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, and_, select, update
from sqlalchemy.orm import Session

from reskontro.domain.application import Target
from reskontro.domain.context import LedgerContext
from reskontro.domain.corrections import Transaction, reverse_transaction, unapply
from reskontro.domain.enums import AccountType, DetailedEntryType
from reskontro.domain.errors import ApplicationError, NotFoundError, ValidationError
from reskontro.domain.ledger import DetailedEntry, PartyEntry
from reskontro.domain.posting import PARTY_TYPES, Poster
from reskontro.storage import audit
from reskontro.storage import ledger as repo
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork


@dataclass(frozen=True)
class ApplyTarget:
    """An entry to apply to, with NAV's Amount to Apply (None = all that remains)."""

    entry_no: int
    amount_to_apply: Decimal | None = None


@dataclass(frozen=True)
class CorrectionResult:
    """What an application, unapplication or reversal posted."""

    transaction_no: int
    register_no: int
    posting_date: date
    entries: list[PartyEntry]
    """The party entries as they stand afterwards."""


def _party(party_type: AccountType | str) -> AccountType:
    kind = AccountType(party_type)
    if kind not in PARTY_TYPES:
        raise ValidationError("Only customer and vendor entries can be applied")
    return kind


def set_applies_to_id(
    engine: Engine,
    company_id: int,
    party_type: AccountType | str,
    applies_to_id: str,
    targets: Sequence[ApplyTarget],
    *,
    user: str = "",
) -> list[PartyEntry]:
    """Mark open entries for a journal line's applies-to ID (NAV: Set Applies-to ID)."""
    kind = _party(party_type)
    if not applies_to_id.strip():
        raise ValidationError("An applies-to ID cannot be blank")
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        entries = repo.load_party_entries(
            session, company_id, kind, [t.entry_no for t in targets], lock=True
        )
        parties = set()
        rows = []
        for target in targets:
            entry = entries.get(target.entry_no)
            if entry is None:
                raise NotFoundError(f"{kind.capitalize()} entry {target.entry_no} does not exist")
            if not entry.open:
                raise ApplicationError(f"{kind.capitalize()} entry {entry.entry_no} is closed")
            amount = target.amount_to_apply
            if amount is not None and (
                (amount > 0) != (entry.remaining_amount > 0)
                or abs(amount) > abs(entry.remaining_amount)
            ):
                raise ApplicationError(
                    f"Entry {entry.entry_no}: amount to apply {amount} must have the sign of "
                    f"the remaining amount {entry.remaining_amount} and not exceed it"
                )
            parties.add(entry.party_no)
            entry.applies_to_id = applies_to_id
            entry.amount_to_apply = amount or Decimal("0.00")
            rows.append(
                {
                    "company_id": company_id,
                    "entry_no": entry.entry_no,
                    "applies_to_id": applies_to_id,
                    "amount_to_apply": entry.amount_to_apply,
                }
            )
        if len(parties) > 1:
            raise ApplicationError(
                "The entries belong to several "
                f"{kind}s ({', '.join(sorted(parties))}); mark the entries of one at a time"
            )
        session.execute(update(repo.party_entry_model(kind)), rows)
        audit.record(
            session,
            company_id,
            user,
            "set_applies_to_id",
            f"{kind}_entry",
            applies_to_id,
            entries=[t.entry_no for t in targets],
        )
        uow.commit()
        return [entries[t.entry_no] for t in targets]


def _context_for(session: Session, company_id: int, entries: Sequence[PartyEntry]) -> LedgerContext:
    context = repo.load_context(session, company_id)
    for kind in PARTY_TYPES:
        nos = {e.party_no for e in entries if e.party_type is kind}
        if nos:
            repo.add_parties(session, company_id, context, kind, nos)
    return context


def apply_entries(
    engine: Engine,
    company_id: int,
    party_type: AccountType | str,
    applying_entry_no: int,
    targets: Sequence[ApplyTarget],
    *,
    posting_date: date | None = None,
    applying_amount: Decimal | None = None,
    user: str = "",
) -> CorrectionResult:
    """Apply a posted entry to other posted entries of the same party (NAV: Post Application).

    The posting date defaults to the latest posting date among the entries, as in NAV.
    """
    kind = _party(party_type)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        counters = repo.lock_counters(session, company_id)
        numbers = [applying_entry_no, *(t.entry_no for t in targets)]
        entries = repo.load_party_entries(session, company_id, kind, numbers, lock=True)
        for number in numbers:
            if number not in entries:
                raise NotFoundError(f"{kind.capitalize()} entry {number} does not exist")
        applying = entries[applying_entry_no]
        chosen = [Target(entries[t.entry_no], t.amount_to_apply) for t in targets]
        day = posting_date or max(e.posting_date for e in entries.values())
        context = _context_for(session, company_id, list(entries.values()))
        poster = Poster(context, counters, source="application")
        transaction_no = poster.apply_posted(
            applying, chosen, posting_date=day, applying_amount=applying_amount
        )
        result = poster.finish()
        repo.write_result(session, company_id, result, user=user)
        repo.save_counters(session, company_id, counters)
        audit.record(
            session,
            company_id,
            user,
            "apply",
            f"{kind}_entry",
            str(applying_entry_no),
            targets=[t.entry_no for t in targets],
            transaction_no=transaction_no,
        )
        uow.commit()
        return CorrectionResult(
            transaction_no,
            result.register.register_no if result.register else 0,
            day,
            [entries[n] for n in numbers],
        )


def _newest_application(session: Session, kind: AccountType, company_id: int, entry_no: int) -> int:
    detail = repo.detailed_entry_model(kind)
    number = session.scalar(
        select(detail.application_no)
        .where(
            detail.company_id == company_id,
            detail.ledger_entry_no == entry_no,
            detail.application_no.is_not(None),
            detail.unapplied.is_(False),
            detail.entry_type != DetailedEntryType.INITIAL_ENTRY,
        )
        .order_by(detail.application_no.desc())
        .limit(1)
    )
    if number is None:
        raise ApplicationError(f"{kind.capitalize()} entry {entry_no} has no application to undo")
    return int(number)


def unapply_entry(
    engine: Engine,
    company_id: int,
    party_type: AccountType | str,
    entry_no: int,
    *,
    posting_date: date | None = None,
    user: str = "",
) -> CorrectionResult:
    """Undo the newest application of an entry; the entries it closed reopen."""
    kind = _party(party_type)
    detail = repo.detailed_entry_model(kind)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        counters = repo.lock_counters(session, company_id)
        if not repo.load_party_entries(session, company_id, kind, [entry_no]):
            raise NotFoundError(f"{kind.capitalize()} entry {entry_no} does not exist")
        application_no = _newest_application(session, kind, company_id, entry_no)
        rows = session.scalars(
            select(detail)
            .where(detail.company_id == company_id, detail.application_no == application_no)
            .with_for_update()
        ).all()
        details = [repo.detail_from_row(kind, r) for r in rows]
        involved = {d.ledger_entry_no for d in details}
        loaded = repo.load_party_entries(session, company_id, kind, involved, lock=True)
        entries = {(kind, n): e for n, e in loaded.items()}
        later = [
            repo.detail_from_row(kind, r)
            for r in session.scalars(
                select(detail).where(
                    detail.company_id == company_id,
                    detail.ledger_entry_no.in_(involved),
                    and_(
                        detail.application_no.is_not(None), detail.application_no > application_no
                    ),
                )
            )
        ]
        day = posting_date or max(d.posting_date for d in details)
        context = _context_for(session, company_id, list(loaded.values()))
        poster = Poster(context, counters, source="unapplication")
        transaction_no = unapply(poster, application_no, details, entries, later, posting_date=day)
        result = poster.finish()
        repo.write_result(session, company_id, result, user=user)
        repo.save_counters(session, company_id, counters)
        audit.record(
            session,
            company_id,
            user,
            "unapply",
            f"{kind}_entry",
            str(entry_no),
            application_no=application_no,
            transaction_no=transaction_no,
        )
        uow.commit()
        register = result.register.register_no if result.register else 0
        return CorrectionResult(transaction_no, register, day, list(loaded.values()))


def transaction_of_entry(
    engine: Engine, company_id: int, party_type: AccountType | str, entry_no: int
) -> int:
    kind = AccountType(party_type)
    models: dict[AccountType, Any] = {
        AccountType.GL: m.GLEntryRow,
        AccountType.BANK: m.BankLedgerEntryRow,
    }
    model = models.get(kind) or repo.party_entry_model(kind)
    with UnitOfWork(engine) as uow:
        number = uow.session.scalar(
            select(model.transaction_no).where(
                model.company_id == company_id, model.entry_no == entry_no
            )
        )
    if number is None:
        raise NotFoundError(f"{kind.capitalize()} entry {entry_no} does not exist")
    return int(number)


def _refuse_documents(
    session: Session, company_id: int, transaction_no: int, first: m.GLEntryRow
) -> None:
    """As in NAV, only journal postings are reversed; a posted invoice is corrected by a credit
    memo, which keeps the invoice and its number where the law wants them."""
    source = session.scalar(
        select(m.RegisterRow.source).where(
            m.RegisterRow.company_id == company_id,
            m.RegisterRow.from_gl_entry_no <= first.entry_no,
            m.RegisterRow.to_gl_entry_no >= first.entry_no,
        )
    )
    if source == "sales":
        kind = "credit memo" if first.document_type == "credit_memo" else "invoice"
        raise ApplicationError(
            f"Transaction {transaction_no} posted {kind} {first.document_no} from a sales "
            f"document; correct a posted {kind} with a "
            f"{'new invoice' if kind == 'credit memo' else 'credit memo'} instead of reversing it"
        )


def reverse(
    engine: Engine, company_id: int, transaction_no: int, *, user: str = ""
) -> CorrectionResult:
    """Post the mirror image of a transaction, dated as the original (NAV: Reverse Transaction)."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        counters = repo.lock_counters(session, company_id)
        gl_rows = session.scalars(
            select(m.GLEntryRow)
            .where(
                m.GLEntryRow.company_id == company_id, m.GLEntryRow.transaction_no == transaction_no
            )
            .order_by(m.GLEntryRow.entry_no)
            .with_for_update()
        ).all()
        if not gl_rows:
            raise NotFoundError(f"Transaction {transaction_no} does not exist")
        _refuse_documents(session, company_id, transaction_no, gl_rows[0])
        party_entries: list[PartyEntry] = []
        details: list[DetailedEntry] = []
        for kind in PARTY_TYPES:
            model = repo.party_entry_model(kind)
            rows = session.scalars(
                select(model)
                .where(model.company_id == company_id, model.transaction_no == transaction_no)
                .with_for_update()
            ).all()
            entries = [repo.party_entry_from_row(kind, r) for r in rows]
            party_entries.extend(entries)
            if entries:
                detail = repo.detailed_entry_model(kind)
                details.extend(
                    repo.detail_from_row(kind, r)
                    for r in session.scalars(
                        select(detail).where(
                            detail.company_id == company_id,
                            detail.ledger_entry_no.in_([e.entry_no for e in entries]),
                        )
                    )
                )
        bank_rows = session.scalars(
            select(m.BankLedgerEntryRow).where(
                m.BankLedgerEntryRow.company_id == company_id,
                m.BankLedgerEntryRow.transaction_no == transaction_no,
            )
        ).all()
        vat_rows = session.scalars(
            select(m.VatEntryRow).where(
                m.VatEntryRow.company_id == company_id,
                m.VatEntryRow.transaction_no == transaction_no,
            )
        ).all()
        transaction = Transaction(
            transaction_no=transaction_no,
            gl_entries=[repo.gl_entry_from_row(r) for r in gl_rows],
            party_entries=party_entries,
            details=details,
            bank_entries=[repo.bank_entry_from_row(r) for r in bank_rows],
            vat_entries=[repo.vat_entry_from_row(r) for r in vat_rows],
        )
        day = gl_rows[0].posting_date
        context = _context_for(session, company_id, party_entries)
        poster = Poster(context, counters, source="reversal")
        new_transaction = reverse_transaction(poster, transaction, posting_date=day)
        result = poster.finish()
        repo.write_result(session, company_id, result, user=user)
        repo.save_counters(session, company_id, counters)
        audit.record(
            session,
            company_id,
            user,
            "reverse",
            "transaction",
            str(transaction_no),
            reversed_by=new_transaction,
        )
        uow.commit()
        register = result.register.register_no if result.register else 0
        return CorrectionResult(new_transaction, register, day, party_entries)
