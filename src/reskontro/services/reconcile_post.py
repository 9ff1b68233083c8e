"""Posting the payment reconciliation journal, all or nothing, in one unit of work under the
posting lock the ledger core takes (NAV: ``BankAccReconciliationPost``, ``bc_matching.md`` §8).

Every line not posted yet must be applied. Its difference must be 0, except that what a
customer or vendor line pays beyond its applications is posted on the party's account and
stays open there, as NAV leaves an overpayment (a G/L line has no such surplus). Each line
becomes one transaction through the ledger core's posting path:

* a payment (money in from a customer, money out to a vendor) or a refund (the other ways)
  to the line's account, applied with applies-to ID ``BANK-STATEMENT-LINE`` and an amount to
  apply per entry, so that payment discount, payment tolerance and rounding are settled as
  any payment settles them; a G/L application posts to the G/L account;
* a transferred difference to its own account;
* one leg on the bank account: one bank ledger entry per line.

A batch line itemised by a camt.054 or by its own transaction details is still one
transaction with one bank leg for the line's amount, as the statement books it; each of its
payments is a leg of its own (a payment applied to its entries with applies-to ID
``BANK-STATEMENT-LINE-DETAIL``), and what the payments leave unexplained must have been
transferred to an account. So the bank ledger keeps one entry per statement line, and bank
reconciliation matches them one to one. Two payments of one line cannot settle the same entry:
an entry carries one applies-to ID at a time.

Its document no. is ``BANK-STATEMENT-LINE`` (``BANK-3-20000``), the bank no. shortened when
the whole would pass 20 characters; its posting date the line's booking date. A
``posted_payment_line`` row per line, keyed like the line, makes the database refuse to post
one statement entry twice.

With ``reconcile=True`` the statement is reconciled in the same step, as ``bankrec post``
would: the statement must be the account's next, the last statement's balance plus the lines
must be its closing balance, and every line must be posted here or matched in bank
reconciliation (a lump sum an OCR giro import posted, say). The new bank ledger entries are
matched to their lines and closed with the statement no., the lines marked applied, a posted
bank reconciliation recorded (``bankrec show``/``undo`` know it) and the bank account's last
statement no. and balance moved on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reskontro.domain.bankrec import amount_words
from reskontro.domain.context import LedgerContext
from reskontro.domain.enums import AccountType, ApplicationMethod, DocumentType
from reskontro.domain.errors import ConflictError, PostingError
from reskontro.domain.journal import JournalLine, check_lines, posting_lines
from reskontro.domain.ledger import Counters, PartyEntry
from reskontro.domain.money import ZERO
from reskontro.domain.posting import Poster
from reskontro.services.reconcile_bank import check_reconcilable, reconcile_statement
from reskontro.services.reconcile_rows import (
    POSTED,
    Journal,
    Part,
    line_date,
    line_references,
    load_journal,
    sign,
)
from reskontro.services.reconcile_view import PostSummary
from reskontro.storage import ledger as repo
from reskontro.storage import models as m
from reskontro.storage.audit import record
from reskontro.storage.uow import UnitOfWork

SOURCE = "payment reconciliation"
DOCUMENT_NO_LENGTH = 20
APPLIES_TO_ID_LENGTH = 50


def document_no(bank_no: str, statement_no: int, line_no: int) -> str:
    """The payment's document no.

    >>> document_no("BANK", 3, 20000), document_no("DNB-DRIFTSKONTO-NOK", 12, 120000)
    ('BANK-3-20000', 'DNB-DRIFTS-12-120000')
    """
    tail = f"{statement_no}-{line_no}"
    room = DOCUMENT_NO_LENGTH - len(tail) - 1
    return f"{bank_no[:room]}-{tail}" if room > 0 and bank_no else tail[-DOCUMENT_NO_LENGTH:]


def applies_to_id(bank_no: str, statement_no: int, line_no: int) -> str:
    return f"{bank_no}-{statement_no}-{line_no}"[:APPLIES_TO_ID_LENGTH]


def _document_type(account_type: AccountType, party_amount: Decimal) -> DocumentType:
    """Payment, or refund when the money goes the other way (NAV's rule)."""
    if account_type is AccountType.CUSTOMER and party_amount > 0:
        return DocumentType.REFUND
    if account_type is AccountType.VENDOR and party_amount < 0:
        return DocumentType.REFUND
    return DocumentType.PAYMENT


@dataclass
class _Plan:
    """One statement line as it will be posted: one transaction."""

    line: m.BankStatementLine
    document_no: str
    lines: list[JournalLine]
    to_apply: dict[tuple[AccountType, int], Decimal] = field(default_factory=dict)
    """What the line settles of each entry, discount included (the entry's sign)."""
    ids: dict[tuple[AccountType, int], str] = field(default_factory=dict)
    """The applies-to ID each entry is settled with: the line's, or its payment's."""


def _words(part: Part) -> str:
    return f"line {part.words} ({part.day or 'no date'}, {amount_words(part.amount)})"


def _rest_words(part: Part) -> str:
    line = part.line
    return (
        f"line {line.line_no} ({part.day or 'no date'}, {amount_words(line.amount)}) holds "
        f"{amount_words(part.amount)} its payments do not explain"
    )


def _part_legs(
    journal: Journal, part: Part, template: JournalLine, plan: _Plan, problems: list[str]
) -> list[JournalLine] | None:
    """The legs of one part (a line, or a payment of an itemised line) other than the bank's:
    to its account, applied to its entries, and its transferred difference; None (with the
    problem) when it cannot be posted."""
    rest = part.itemised and part.detail_no == 0
    rows = journal.applications.get(part.key, [])
    if not rows:
        if rest:
            problems.append(
                f"{_rest_words(part)}; transfer it to an account: reskontro reconcile "
                f"transfer {journal.bank_no}/{journal.statement_no} {part.line.line_no} --gl NO"
            )
        else:
            problems.append(f"{_words(part)} is not applied: {part.text[:50]}")
        return None
    main = [r for r in rows if r.part == 0]
    moved = [r for r in rows if r.part == 1]
    difference = journal.difference(part)
    if not main:
        problems.append(f"{_words(part)} has only a transferred difference; apply it again")
        return None
    account_type = AccountType(main[0].account_type)
    if difference and (account_type is AccountType.GL or sign(difference) != sign(part.amount)):
        what = _rest_words(part) if rest else _words(part)
        problems.append(
            f"{what} has a difference of {amount_words(difference)}; apply it or "
            "transfer the difference to an account"
        )
        return None
    moved_total = sum((r.amount for r in moved), ZERO)
    main_amount = -(part.amount - moved_total)
    ident = applies_to_id(journal.bank_no, journal.statement_no, part.line.line_no)
    if part.itemised:
        ident = f"{ident}-{part.detail_no}"[:APPLIES_TO_ID_LENGTH]
    with_entries = [r for r in main if r.entry_no is not None]
    for row in with_entries:
        key = (account_type, row.entry_no or 0)
        if plan.ids.get(key, ident) != ident:
            problems.append(
                f"{_words(part)}: {key[0]} ledger entry {key[1]} is paid by another payment "
                "of the same batch line, and the payments of one line settle an entry once; "
                "apply one of them elsewhere"
            )
            return None
        plan.ids[key] = ident
        plan.to_apply[key] = plan.to_apply.get(key, ZERO) + row.amount + row.discount
    legs = [
        replace(
            template,
            document_type=_document_type(account_type, main_amount),
            account_type=account_type,
            account_no=main[0].account_no,
            amount=main_amount,
            applies_to_id=ident if with_entries else "",
        )
    ]
    if moved:
        moved_type = AccountType(moved[0].account_type)
        legs.append(
            replace(
                template,
                document_type=_document_type(moved_type, -moved_total),
                account_type=moved_type,
                account_no=moved[0].account_no,
                amount=-moved_total,
            )
        )
    return legs


def _plan(
    journal: Journal, line: m.BankStatementLine, lcy: str, problems: list[str]
) -> _Plan | None:
    """The line's transaction: each part's legs (one part for an ordinary line, one per
    payment of an itemised line) and one bank leg for the line's amount, as the statement
    books it."""
    no = line.line_no
    day = line_date(line, journal.statement)
    parts = journal.parts_of(line)
    if day is None:
        problems.append(f"line {no} ({amount_words(line.amount)}) has no date to post on")
        return None
    if journal.itemised(no) and any(
        key not in {p.key for p in parts} for key in journal.keys_of(no)
    ):
        problems.append(
            f"line {no} is applied as a whole, but its payments are itemised "
            f"({line.detail_kind}); remove its applications and apply its payments: "
            f"reskontro reconcile remove {journal.bank_no}/{journal.statement_no} {no}"
        )
        return None
    bank = journal.bank
    currency = "" if not bank.currency or bank.currency == lcy else bank.currency
    document = document_no(journal.bank_no, journal.statement_no, no)
    plan = _Plan(line, document, [])

    def bank_line(document_type: DocumentType, text: str, references: Sequence[str]) -> JournalLine:
        return JournalLine(
            line_no=no,
            posting_date=day,
            document_type=document_type,
            document_no=document,
            account_type=AccountType.BANK,
            account_no=journal.bank_no,
            amount=line.amount,
            description=text[:100],
            currency=currency,
            external_document_no=line.bank_reference[:35],
            payment_reference=references[0][:50] if references else "",
        )

    failed = False
    for part in parts:
        text = part.text or part.counterparty_name
        template = bank_line(DocumentType.PAYMENT, text, part.references)
        legs = _part_legs(journal, part, template, plan, problems)
        if legs is None:
            failed = True
            continue
        plan.lines.extend(legs)
    if failed or not plan.lines:
        return None
    bank_type = plan.lines[0].document_type if len(parts) == 1 else DocumentType.PAYMENT
    # the bank's leg: the line's amount, once
    text = line.text or line.counterparty_name
    plan.lines.append(bank_line(bank_type, text, line_references(line)))
    return plan


# -- the entries the lines settle --------------------------------------------------------------


def _load_entries(
    session: Session, company_id: int, plans: Sequence[_Plan], problems: list[str]
) -> dict[tuple[AccountType, int], PartyEntry]:
    wanted: dict[AccountType, set[int]] = defaultdict(set)
    for plan in plans:
        for party_type, entry_no in plan.to_apply:
            wanted[party_type].add(entry_no)
    known: dict[tuple[AccountType, int], PartyEntry] = {}
    for party_type, nos in wanted.items():
        for entry_no, entry in repo.load_party_entries(
            session, company_id, party_type, nos, lock=True
        ).items():
            known[(party_type, entry_no)] = entry
    used: dict[tuple[AccountType, int], Decimal] = defaultdict(lambda: ZERO)
    for plan in plans:
        for key, amount in plan.to_apply.items():
            found = known.get(key)
            what = f"line {plan.line.line_no}: {key[0]} ledger entry {key[1]}"
            if found is None or not found.open:
                problems.append(f"{what} is no longer open; apply the line again")
                continue
            entry = found
            if entry.applies_to_id:
                problems.append(
                    f"{what} is marked with applies-to ID {entry.applies_to_id} in a journal"
                )
            else:
                used[key] += amount
                if sign(amount) != sign(entry.remaining_amount) or abs(used[key]) > abs(
                    entry.remaining_amount
                ):
                    problems.append(
                        f"{what} has {amount_words(entry.remaining_amount)} open, less than the "
                        "lines apply to it; apply the line again"
                    )
    return known


def _rounds(plans: Sequence[_Plan]) -> list[list[_Plan]]:
    """The plans in rounds in which each entry is settled by one line only: an entry carries
    one applies-to ID at a time (several lines paying one invoice post in turn)."""
    rounds: list[tuple[set[tuple[AccountType, int]], list[_Plan]]] = []
    for plan in plans:
        keys = set(plan.to_apply)
        for used, members in rounds:
            if not used & keys:
                used.update(keys)
                members.append(plan)
                break
        else:
            rounds.append((keys, [plan]))
    return [members for _, members in rounds]


def _stamp(plans: Iterable[_Plan], known: dict[tuple[AccountType, int], PartyEntry]) -> None:
    for entry in known.values():
        entry.applies_to_id = ""
        entry.amount_to_apply = ZERO
    for plan in plans:
        for key, amount in plan.to_apply.items():
            entry = known[key]
            entry.applies_to_id = plan.ids[key]
            # The whole remaining amount (blank) lets payment tolerance close the entry.
            short = abs(entry.remaining_amount) - abs(amount)
            whole = short <= abs(entry.max_payment_tolerance)
            entry.amount_to_apply = ZERO if whole else amount


def _post_rounds(
    session: Session,
    company_id: int,
    plans: Sequence[_Plan],
    known: dict[tuple[AccountType, int], PartyEntry],
    counters: Counters,
) -> Poster:
    poster: Poster | None = None
    for members in _rounds(plans):
        _stamp(members, known)
        context = repo.load_context(session, company_id)
        for party_type in (AccountType.CUSTOMER, AccountType.VENDOR):
            nos = {
                line.account_no
                for plan in members
                for line in plan.lines
                if line.account_type is party_type
            }
            repo.add_parties(session, company_id, context, party_type, nos)
        _add_oldest(session, company_id, context, known)
        for entry in known.values():
            if entry.open:
                context.add_open_entry(entry)
        lines = [line for plan in members for line in plan.lines]
        problems = check_lines(lines, context, force_doc_balance=False)
        if problems:
            raise PostingError(
                f"Nothing was posted: {len(problems)} problem{'s' if len(problems) != 1 else ''}",
                [str(p) for p in problems],
            )
        if poster is None:
            poster = Poster(context, counters, source=SOURCE)
        poster.context = context
        for plan in members:
            poster.post_transaction([leg for line in plan.lines for leg in posting_lines(line)])
    assert poster is not None  # noqa: S101 - there is at least one plan
    return poster


def _add_oldest(
    session: Session,
    company_id: int,
    context: LedgerContext,
    known: dict[tuple[AccountType, int], PartyEntry],
) -> None:
    """Open entries of parties that apply payments to the oldest entry, so that a payment
    straight to such a party is applied as the ledger core applies it."""
    for party_type in (AccountType.CUSTOMER, AccountType.VENDOR):
        oldest = [
            p.no
            for p in context.parties.values()
            if p.party_type is party_type
            and p.application_method is ApplicationMethod.APPLY_TO_OLDEST
        ]
        if not oldest:
            continue
        model = repo.party_entry_model(party_type)
        nos: set[int] = set()
        for chunk in repo.chunks(oldest):
            nos.update(
                session.scalars(
                    select(model.entry_no).where(
                        model.company_id == company_id,
                        model.open.is_(True),
                        model.party_no.in_(chunk),
                    )
                )
            )
        missing = {n for n in nos if (party_type, n) not in known}
        for entry_no, entry in repo.load_party_entries(
            session, company_id, party_type, missing, lock=True
        ).items():
            known[(party_type, entry_no)] = entry


# -- post ------------------------------------------------------------------------------------


def post(
    engine: Engine,
    company_id: int,
    bank_no: str,
    statement_no: int,
    *,
    reconcile: bool = False,
    user: str = "",
) -> PostSummary:
    """Post every line not posted yet as a payment, all or nothing; with *reconcile* also
    reconcile the bank account against the statement (see the module text)."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        counters = repo.lock_counters(session, company_id)  # the posting lock, taken first
        journal = load_journal(
            session, company_id, bank_no, statement_no, for_change=True, lock=True,
            allow_posted=reconcile,
        )  # fmt: skip
        assert journal.rec is not None  # noqa: S101 - begun by load_journal
        if journal.rec.status == POSTED and journal.rec.reconciled:
            raise ConflictError(
                f"Statement {statement_no} of {bank_no} is posted and reconciled already"
            )
        company = session.get(m.Company, company_id)
        lcy = company.currency if company is not None else ""
        problems: list[str] = []
        plans = [
            plan
            for line in journal.open_lines()
            if (plan := _plan(journal, line, lcy, problems)) is not None
        ]
        bank_rec = (
            check_reconcilable(
                session, company_id, journal, {p.line.line_no for p in plans}, problems
            )
            if reconcile
            else None
        )
        if not plans and not problems and not reconcile:
            raise PostingError(
                f"Statement {statement_no} of {bank_no} has no lines to post"
                + ("; it is posted" if journal.status == POSTED else "")
            )
        known = _load_entries(session, company_id, plans, problems) if plans else {}
        if problems:
            count = len(problems)
            raise PostingError(
                f"Statement {statement_no} of {bank_no} was not posted: {count} "
                f"problem{'s' if count != 1 else ''}",
                problems,
            )
        register_no, posted = 0, {}
        if plans:
            poster = _post_rounds(session, company_id, plans, known, counters)
            result = poster.finish()
            repo.write_result(session, company_id, result, user=user)
            repo.save_counters(session, company_id, counters)
            register_no = result.register.register_no if result.register else 0
            by_document = {b.document_no: b.entry_no for b in result.bank_entries}
            posted = {p.line.line_no: (p.document_no, by_document[p.document_no]) for p in plans}
            _write_posted(session, company_id, journal, register_no, posted, user)
        balance = journal.bank.balance_last_statement
        if bank_rec is not None:
            earlier = {n: (row.document_no, row.bank_entry_no) for n, row in journal.posted.items()}
            balance = reconcile_statement(
                session, company_id, journal, bank_rec, {**earlier, **posted}, user
            )
        rec = journal.rec
        rec.status = POSTED
        rec.posted_at = datetime.now(UTC)
        rec.posted_by = (user or "system")[:100]
        rec.reconciled = bank_rec is not None
        if register_no:
            rec.register_no = register_no
        record(
            session,
            company_id,
            user,
            "reconcile-post",
            "bank_statement",
            f"{bank_no}/{statement_no}",
            register_no=register_no,
            lines=sorted(posted),
            reconciled=bank_rec is not None,
        )
        uow.commit()
    return PostSummary(
        register_no=register_no,
        lines_posted=len(posted),
        reconciled=bank_rec is not None,
        statement_no=statement_no,
        balance=balance,
    )


def _write_posted(
    session: Session,
    company_id: int,
    journal: Journal,
    register_no: int,
    posted: dict[int, tuple[str, int]],
    user: str,
) -> None:
    now = datetime.now(UTC)
    rows = [
        {
            "company_id": company_id,
            "bank_account_no": journal.bank_no,
            "statement_no": journal.statement_no,
            "line_no": line_no,
            "register_no": register_no,
            "document_no": document,
            "bank_entry_no": entry_no,
            "posted_at": now,
            "posted_by": (user or "system")[:100],
        }
        for line_no, (document, entry_no) in posted.items()
    ]
    try:
        with session.begin_nested():
            session.execute(insert(m.PostedPaymentLine), rows)
    except IntegrityError:
        raise ConflictError(
            f"A line of statement {journal.statement_no} of {journal.bank_no} was posted by "
            "someone else meanwhile; nothing was posted"
        ) from None
