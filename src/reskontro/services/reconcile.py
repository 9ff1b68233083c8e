"""The payment reconciliation journal (NAV's Payment Reconciliation Journal, DESIGN §7).

Import a statement, let :func:`apply_automatically` apply its lines to open customer and vendor
entries (or to accounts, through text-to-account mappings), review and change the proposals
(:func:`accept`, :func:`remove`, :func:`apply_manually`, :func:`transfer_difference`), then
:func:`post` them: one payment per line, and with ``reconcile=True`` the bank account is
reconciled against the statement in the same step. A statement is named by its bank account
and our statement no. (``BANK/3``); see docs/reconciliation.md.

A batch line itemised by a camt.054 or by its own transaction details is applied payment by
payment: the functions that change one line take a ``detail_no`` too (0, the default, is the
line itself), and posting makes each payment its own, with one bank ledger entry for the line.

Lines another way already put in the ledger are not this journal's: a lump sum an OCR giro
import posted (``detail_kind == "ocr"``), and a line bank reconciliation matched to a bank
ledger entry. They are shown with the reason and never applied or posted here.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reskontro.domain.errors import NotFoundError, ValidationError
from reskontro.domain.matching.engine import mapping_text_from
from reskontro.services.reconcile_apply import apply_automatically, candidates, clear_lines
from reskontro.services.reconcile_manual import apply_to_account, apply_to_entry, transfer
from reskontro.services.reconcile_post import post
from reskontro.services.reconcile_rows import (
    ACCEPTED,
    AUTO,
    Journal,
    Key,
    Part,
    key_words,
    load_journal,
)
from reskontro.services.reconcile_setup import (
    add_mapping,
    check_account,
    delete_mapping,
    delete_rule,
    get_match_tolerance,
    insert_mapping,
    list_mappings,
    list_rules,
    mapping_rows,
    reset_rules,
    save_rule,
    set_match_tolerance,
)
from reskontro.services.reconcile_view import (
    ApplySummary,
    CandidateView,
    MappingView,
    PostSummary,
    ReconcileView,
    RuleView,
    build_view,
    needs_review,
)
from reskontro.storage import models as m
from reskontro.storage.audit import record
from reskontro.storage.uow import UnitOfWork

__all__ = [
    "ApplySummary",
    "CandidateView",
    "MappingView",
    "PostSummary",
    "ReconcileView",
    "RuleView",
    "accept",
    "add_mapping",
    "apply_automatically",
    "apply_manually",
    "candidates",
    "delete_mapping",
    "delete_rule",
    "get_match_tolerance",
    "list_mappings",
    "list_rules",
    "post",
    "remove",
    "reset_rules",
    "resolve_statement",
    "save_rule",
    "set_match_tolerance",
    "show",
    "transfer_difference",
]


def resolve_statement(engine: Engine, company_id: int, ref: str) -> tuple[str, int]:
    """``"BANK/NO"`` or ``"NO"`` → (bank account no., statement no.); a bare no. must name one
    statement across the bank accounts."""
    text = ref.strip()
    bank_no, _, number = text.rpartition("/")
    try:
        statement_no = int(number)
    except ValueError:
        raise ValidationError(
            f"statement {ref!r}: write BANK/NO (bank account and statement no.) or NO"
        ) from None
    with UnitOfWork(engine) as uow:
        query = select(m.BankStatement.bank_account_no).where(
            m.BankStatement.company_id == company_id,
            m.BankStatement.statement_no == statement_no,
        )
        if bank_no:
            query = query.where(m.BankStatement.bank_account_no == bank_no)
        banks = sorted(uow.session.scalars(query))
    if not banks:
        where = f"Bank account {bank_no} has" if bank_no else "There is"
        raise NotFoundError(
            f"{where} no imported statement {statement_no}; see: reskontro statement list"
        )
    if len(banks) > 1:
        raise ValidationError(
            f"Statement {statement_no} exists for bank accounts {', '.join(banks)}; "
            f"name one, e.g. {banks[0]}/{statement_no}"
        )
    return banks[0], statement_no


# -- looking -----------------------------------------------------------------------------------


def show(
    engine: Engine,
    company_id: int,
    bank_no: str,
    statement_no: int,
    *,
    filter: str = "all",  # noqa: A002 - the API's name
) -> ReconcileView:
    """The journal: the statement's lines, what each is applied to, how sure and why.
    *filter*: ``all``, ``review`` (applied below high confidence or with notes, not accepted
    yet) or ``difference`` (not applied in full)."""
    with UnitOfWork(engine) as uow:
        journal = load_journal(uow.session, company_id, bank_no, statement_no)
        return build_view(uow.session, company_id, journal, filter=filter)


# -- reviewing and changing --------------------------------------------------------------------


def _wanted_keys(journal: Journal, line_nos: Sequence[int | Key]) -> list[Key]:
    """The parts named: a line no. names the line with every payment of it; (line no.,
    detail no.) one part."""
    wanted: list[Key] = []
    for ref in line_nos:
        if isinstance(ref, tuple):
            journal.changeable(ref)
            keys = [ref] if journal.applications.get(ref) else []
            words = key_words(ref)
        else:
            journal.changeable_line(ref)
            keys = journal.keys_of(ref)
            words = str(ref)
        if not keys:
            raise ValidationError(f"Line {words} is not applied; there is nothing to accept")
        wanted.extend(keys)
    return list(dict.fromkeys(wanted))


def accept(
    engine: Engine,
    company_id: int,
    bank_no: str,
    statement_no: int,
    line_nos: Sequence[int | Key] | None = None,
    *,
    user: str = "",
) -> int:
    """Accept the automatic applications of the lines (None: of every line to review), so
    that apply automatically keeps them. A line no. accepts the line with each of its
    payments; (line no., detail no.) one payment of a batch line. Returns how many lines (and
    payments) were accepted."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        journal = load_journal(session, company_id, bank_no, statement_no, for_change=True)
        if line_nos is None:
            wanted = [key for key in journal.applications if needs_review(journal, key)]
        else:
            wanted = _wanted_keys(journal, line_nos)
        accepted = 0
        for key in wanted:
            rows = [r for r in journal.applications.get(key, []) if r.status == AUTO]
            for row in rows:
                row.status = ACCEPTED
            accepted += 1 if rows else 0
        record(
            session,
            company_id,
            user,
            "reconcile-accept",
            "bank_statement",
            f"{bank_no}/{statement_no}",
            lines=[key_words(key) for key in wanted],
        )
        uow.commit()
        return accepted


def remove(
    engine: Engine,
    company_id: int,
    bank_no: str,
    statement_no: int,
    line_no: int,
    *,
    user: str = "",
    detail_no: int | None = None,
) -> None:
    """Remove every application of the line (and the matching's notes on it); of one payment
    of a batch line with *detail_no* (0: the line's own), of every payment without."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        journal = load_journal(session, company_id, bank_no, statement_no, for_change=True)
        if detail_no is None:
            journal.changeable_line(line_no)
            keys = journal.keys_of(line_no)
            words = str(line_no)
        else:
            journal.changeable((line_no, detail_no))
            keys = [(line_no, detail_no)] if journal.applications.get((line_no, detail_no)) else []
            words = key_words((line_no, detail_no))
        if not keys:
            raise ValidationError(f"Line {words} is not applied; there is nothing to remove")
        clear_lines(session, company_id, journal, keys)
        record(
            session,
            company_id,
            user,
            "reconcile-remove",
            "bank_statement",
            f"{bank_no}/{statement_no}",
            line=words,
        )
        uow.commit()


def _learn_mapping(session: Session, company_id: int, part: Part, gl_account: str) -> None:
    """Remember the text of a line applied to a G/L account by hand, as NAV's users set up
    mappings for fees and interest, unless a mapping with that text exists."""
    text = mapping_text_from(part.text)
    if not text:
        return
    known = {row.text.casefold() for row in mapping_rows(session, company_id)}
    if text.casefold() in known:
        return
    money_in = part.amount >= 0
    insert_mapping(
        session,
        company_id,
        text=text,
        account_type="gl",
        debit_account_no=gl_account if money_in else "",
        credit_account_no="" if money_in else gl_account,
        learned=True,
    )


def apply_manually(
    engine: Engine,
    company_id: int,
    bank_no: str,
    statement_no: int,
    line_no: int,
    *,
    account_type: str,
    account_no: str,
    entry_no: int | None = None,
    amount: Decimal | None = None,
    user: str = "",
    detail_no: int = 0,
) -> None:
    """Apply the line (or its payment *detail_no*) by hand: to an open entry of a customer or
    vendor (*entry_no*), or straight to a customer, vendor or G/L account. *amount* None is
    what the line still lacks, capped at what is open of the entry, with the payment discount
    when the line's date allows it. A line applies to one account only, as in NAV."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        journal = load_journal(session, company_id, bank_no, statement_no, for_change=True)
        part = journal.changeable((line_no, detail_no))
        check_account(session, company_id, account_type, account_no)
        if entry_no is None:
            applied = apply_to_account(
                session, company_id, journal, part, account_type, account_no, amount
            )
        else:
            if account_type == "gl":
                raise ValidationError(
                    "a G/L account has no entries to apply to; leave out the entry"
                )
            applied = apply_to_entry(
                session, company_id, journal, part, account_type, account_no, entry_no, amount
            )
        if account_type == "gl":
            _learn_mapping(session, company_id, part, account_no)
        record(
            session,
            company_id,
            user,
            "reconcile-apply",
            "bank_statement",
            f"{bank_no}/{statement_no}",
            line=part.words,
            account=f"{account_type} {account_no}",
            entry=entry_no,
            amount=applied,
        )
        uow.commit()


def transfer_difference(
    engine: Engine,
    company_id: int,
    bank_no: str,
    statement_no: int,
    line_no: int,
    *,
    account_type: str,
    account_no: str,
    user: str = "",
    detail_no: int = 0,
) -> None:
    """Post what the line (or its payment *detail_no*) lacks to an account: the whole line
    when nothing is applied, else the difference beside the line's own application (a fee
    kept back, a rounding). For a batch line whose payments do not add up to it, detail 0 is
    what they leave unexplained."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        journal = load_journal(session, company_id, bank_no, statement_no, for_change=True)
        part = journal.changeable((line_no, detail_no))
        check_account(session, company_id, account_type, account_no)
        moved = transfer(session, company_id, journal, part, account_type, account_no)
        record(
            session,
            company_id,
            user,
            "reconcile-transfer",
            "bank_statement",
            f"{bank_no}/{statement_no}",
            line=part.words,
            account=f"{account_type} {account_no}",
            amount=moved,
        )
        uow.commit()
