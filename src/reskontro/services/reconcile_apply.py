"""Apply automatically and the candidates of one line: the matching engine (DESIGN §7) run
over what :mod:`reskontro.services.reconcile_inputs` loads, its proposals stored as
``applied_payment_entry`` rows with the notes per line.

A batch line itemised by a camt.054 or by its own transaction details goes to the engine
payment by payment: each detail is a line to the engine, with its own amount, text, payer and
references. What the details leave unexplained is not guessed at: it stays the line's
difference for the bookkeeper.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, delete, insert, select, tuple_
from sqlalchemy.orm import Session

from reskontro.domain.enums import GLAccountKind
from reskontro.domain.errors import ValidationError
from reskontro.domain.matching.engine import MatchingEngine
from reskontro.domain.matching.model import AccountKind, LineResult, Party, Rule
from reskontro.domain.money import ZERO
from reskontro.services.reconcile_inputs import (
    bank_currency,
    engine_line,
    engine_reserved,
    kept_parts,
    load_open_entries,
    load_parties,
    load_posted_bank_entries,
    reserved_elsewhere,
)
from reskontro.services.reconcile_rows import AUTO, Journal, Key, Part, key_words, load_journal
from reskontro.services.reconcile_setup import (
    check_account,
    engine_mappings,
    load_rules,
    mapping_rows,
    tolerance_of,
)
from reskontro.services.reconcile_view import ApplySummary, CandidateView, account_names
from reskontro.storage import models as m
from reskontro.storage.audit import record
from reskontro.storage.ledger import chunks
from reskontro.storage.uow import UnitOfWork

_RULE_TEXT = 200


def _matching_engine(
    session: Session, company_id: int, journal: Journal, kept: set[Key]
) -> tuple[MatchingEngine, tuple[Rule, ...], dict[tuple[str, int], Decimal]]:
    """The engine over the company's open entries, parties, rules and mappings; with the
    rules and what other applications take of each entry."""
    bank = journal.bank
    rules = load_rules(session, company_id)
    mappings = engine_mappings(mapping_rows(session, company_id))
    taken = reserved_elsewhere(session, company_id, journal, kept)
    engine = MatchingEngine(
        load_parties(session, company_id),
        load_open_entries(session, company_id, bank_currency(session, company_id, bank)),
        rules=rules,
        tolerance=tolerance_of(bank),
        mappings=mappings,
        reserved=engine_reserved(taken),
        posted_bank_entries=(
            load_posted_bank_entries(session, company_id, bank) if mappings else ()
        ),
        today=datetime.now(UTC).date(),
    )
    return engine, rules, taken


def clear_lines(session: Session, company_id: int, journal: Journal, keys: Sequence[Key]) -> None:
    """Delete the applications and notes of the parts."""
    for model in (m.AppliedPaymentEntry, m.PaymentLineState):
        for chunk in chunks(keys):
            session.execute(
                delete(model).where(
                    model.company_id == company_id,
                    model.bank_account_no == journal.bank_no,
                    model.statement_no == journal.statement_no,
                    tuple_(model.line_no, model.detail_no).in_(chunk),
                )
            )


_ENGINE_IDS = 1 << 40
"""Where the engine's line nos. for the payments of itemised lines begin: far above any line
no. of a statement, so that the engine's notes can be told which part they are about."""


def _engine_ids(parts: Sequence[Part]) -> dict[int, Key]:
    """The engine's line no. for each part: an ordinary line keeps its own."""
    ids: dict[int, Key] = {}
    for number, part in enumerate(parts):
        ids[_ENGINE_IDS + number if part.itemised else part.line.line_no] = part.key
    return ids


def _renamed(note: str, ids: dict[int, Key]) -> str:
    """The engine's note with its line nos. for payments written as the user writes them."""

    def name(found: re.Match[str]) -> str:
        key = ids.get(int(found.group()))
        return key_words(key) if key is not None else found.group()

    return re.sub(r"\b\d{13,}\b", name, note)


def _one_payment_per_entry(
    journal: Journal, kept: set[Key], results: Sequence[LineResult], ids: dict[int, Key]
) -> None:
    """The payments of one batch line are posted in one transaction, which settles an entry
    once: a payment proposed for an entry another payment of its line has (kept, or proposed
    before it) is left out."""
    used: dict[tuple[int, str, int], Key] = {
        (key[0], row.account_type, row.entry_no): key
        for key in kept
        for row in journal.applications.get(key, [])
        if row.entry_no is not None
    }
    for result in results:
        key = ids[result.line_no]
        if not key[1]:
            continue
        clash = next(
            (
                (app, used[(key[0], app.kind.value, app.entry_no)])
                for app in result.applications
                if app.entry_no is not None and (key[0], app.kind.value, app.entry_no) in used
            ),
            None,
        )
        if clash is not None:
            app, other = clash
            result.notes.append(
                f"not applied: {app.kind.value} ledger entry {app.entry_no} is paid by "
                f"{key_words(other)} of the same batch line, whose payments settle an entry once"
            )
            result.applications.clear()
            continue
        for app in result.applications:
            if app.entry_no is not None:
                used[(key[0], app.kind.value, app.entry_no)] = key


def _store(
    session: Session,
    company_id: int,
    journal: Journal,
    results: Sequence[LineResult],
    rules: Sequence[Rule],
    ids: dict[int, Key],
) -> None:
    review_by_score = {rule.score: rule.review_required for rule in rules}
    key = {
        "company_id": company_id,
        "bank_account_no": journal.bank_no,
        "statement_no": journal.statement_no,
    }
    applications: list[dict[str, Any]] = []
    states: list[dict[str, Any]] = []
    for result in results:
        line_no, detail_no = ids[result.line_no]
        for number, app in enumerate(result.applications, start=1):
            applications.append(
                {
                    **key,
                    "line_no": line_no,
                    "detail_no": detail_no,
                    "application_no": number,
                    "part": 0,
                    "account_type": app.kind.value,
                    "account_no": app.account_no,
                    "entry_no": app.entry_no,
                    "amount": app.amount,
                    "discount": app.discount,
                    "score": app.score,
                    "confidence": app.confidence.value,
                    "status": AUTO,
                    "rule": app.rule[:_RULE_TEXT],
                    "explanation": app.explanation,
                }
            )
        review = any(
            app.review_required or review_by_score.get(app.score, False)
            for app in result.applications
        )
        if result.notes or review:
            notes = [_renamed(note, ids) for note in result.notes]
            states.append(
                {
                    **key,
                    "line_no": line_no,
                    "detail_no": detail_no,
                    "notes": json.dumps(notes, ensure_ascii=False),
                    "review_required": review,
                }
            )
    if applications:
        session.execute(insert(m.AppliedPaymentEntry), applications)
    if states:
        session.execute(insert(m.PaymentLineState), states)


def apply_automatically(
    engine: Engine,
    company_id: int,
    bank_no: str,
    statement_no: int,
    *,
    overwrite: bool = False,
    user: str = "",
) -> ApplySummary:
    """Run the matching over the statement's lines that are not posted (the payments of an
    itemised batch line one by one), and store what it proposes. Parts with accepted or
    manual applications keep them unless *overwrite*."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        journal = load_journal(session, company_id, bank_no, statement_no, for_change=True)
        every = journal.open_parts()
        kept = kept_parts(journal, every, overwrite=overwrite)
        parts = [part for part in every if part.key not in kept]
        # Parts of lines posted another way meanwhile (skipped), and of a line since itemised
        # by a detail file, lose what was proposed for them.
        current = {part.key for part in every}
        stale = [
            key
            for key in journal.applications
            if key not in current and key[0] not in journal.posted
        ]
        clear_lines(session, company_id, journal, [part.key for part in parts] + stale)
        # The unexplained rest of an itemised line is the bookkeeper's to place, not a payment.
        to_match = [part for part in parts if not (part.itemised and part.detail_no == 0)]
        ids = _engine_ids(to_match)
        results: list[LineResult] = []
        if to_match:
            matcher, rules, _ = _matching_engine(session, company_id, journal, kept)
            by_key = {key: ident for ident, key in ids.items()}
            dated = []
            for part in to_match:
                try:
                    dated.append(engine_line(part, by_key[part.key]))
                except ValueError:
                    results.append(
                        LineResult(by_key[part.key], notes=["the line has no date to match on"])
                    )
            results.extend(matcher.apply(dated))
            _one_payment_per_entry(journal, kept, results, ids)
            _store(session, company_id, journal, results, rules, ids)
        if journal.rec is not None:
            journal.rec.applied_at = datetime.now(UTC)
        confidences = [_lowest(r) for r in results if r.applications]
        summary = ApplySummary(
            lines=len(parts) + len(kept),
            applied=len(confidences) + len(kept),
            high=confidences.count("high"),
            medium=confidences.count("medium"),
            low=confidences.count("low"),
            not_applied=sum(1 for r in results if not r.applications) + len(parts) - len(to_match),
        )
        record(
            session,
            company_id,
            user,
            "reconcile-apply",
            "bank_statement",
            f"{bank_no}/{statement_no}",
            overwrite=overwrite,
            lines=len(parts),
            applied=len(confidences),
            kept=len(kept),
        )
        uow.commit()
        return summary


def _lowest(result: LineResult) -> str:
    ranks = {"high": 3, "medium": 2, "low": 1}
    return min((a.confidence.value for a in result.applications), key=lambda c: ranks.get(c, 0))


# -- candidates for one line ---------------------------------------------------------------


def _gl_candidates(
    session: Session, company_id: int, difference: Decimal, search: str, no: str | None, limit: int
) -> list[CandidateView]:
    g = m.GLAccount
    query = select(g.no, g.name).where(
        g.company_id == company_id,
        g.kind == GLAccountKind.POSTING,
        g.blocked.is_(False),
        g.direct_posting.is_(True),
    )
    if no:
        query = query.where(g.no == no)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(g.no.ilike(pattern) | g.name.ilike(pattern))
    return [
        CandidateView(
            account_type="gl",
            account_no=account_no,
            account_name=name,
            entry_no=None,
            document_no="",
            document_type="",
            due_date=None,
            remaining_amount=difference,
            suggested_amount=difference,
            score=0,
            confidence="",
            explanation="post what the line lacks straight to the G/L account",
        )
        for account_no, name in session.execute(query.order_by(g.no).limit(limit))
    ]


def candidates(
    engine: Engine,
    company_id: int,
    bank_no: str,
    statement_no: int,
    line_no: int,
    *,
    search: str = "",
    account_type: str | None = None,
    account_no: str | None = None,
    limit: int = 50,
    detail_no: int = 0,
) -> list[CandidateView]:
    """What the line (or its payment *detail_no*) could be applied to, best first, scored as
    apply automatically scores (NAV's Payment Application page). *account_type* ``gl`` lists
    G/L accounts; a customer or vendor (*account_no*) lists that party's open entries."""
    if account_type not in (None, "customer", "vendor", "gl"):
        raise ValidationError(f"account type {account_type!r}: use customer, vendor or gl")
    with UnitOfWork(engine) as uow:
        session = uow.session
        journal = load_journal(session, company_id, bank_no, statement_no)
        part = journal.changeable((line_no, detail_no))
        difference = journal.difference(part)
        if account_type == "gl":
            return _gl_candidates(session, company_id, difference, search, account_no, limit)
        others = {key for key in journal.applications if key != part.key}
        matcher, _, taken = _matching_engine(session, company_id, journal, others)
        party = None
        if account_type and account_no:
            name = check_account(session, company_id, account_type, account_no)
            party = Party(AccountKind(account_type), account_no, name)
        wide = limit if account_type is None else limit * 4
        found = matcher.candidates(engine_line(part), party=party, search=search, limit=wide)
        if account_type is not None:
            found = [c for c in found if c.entry.kind.value == account_type]
        if party is not None:
            found = [c for c in found if c.entry.party_no == party.no]
        found = found[:limit]
        names = account_names(
            session, company_id, {(c.entry.kind.value, c.entry.party_no) for c in found}
        )
        return [
            CandidateView(
                account_type=c.entry.kind.value,
                account_no=c.entry.party_no,
                account_name=names.get((c.entry.kind.value, c.entry.party_no), ""),
                entry_no=c.entry.entry_no,
                document_no=c.entry.document_no,
                document_type=c.entry.document_type,
                due_date=c.entry.due_date,
                remaining_amount=c.entry.remaining_amount
                - taken.get((c.entry.kind.value, c.entry.entry_no), ZERO),
                suggested_amount=c.suggested_amount,
                score=c.score,
                confidence=c.confidence.value if c.score else "",
                explanation=c.explanation,
            )
            for c in found
        ]
