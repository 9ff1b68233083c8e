"""Apply automatically and the candidates of one line: the matching engine (DESIGN §7) run
over what :mod:`reskontro.services.reconcile_inputs` loads, its proposals stored as
``applied_payment_entry`` rows with the notes per line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, delete, insert, select
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
    kept_lines,
    load_open_entries,
    load_parties,
    load_posted_bank_entries,
    reserved_elsewhere,
)
from reskontro.services.reconcile_rows import AUTO, Journal, load_journal
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
    session: Session, company_id: int, journal: Journal, kept: set[int]
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


def clear_lines(
    session: Session, company_id: int, journal: Journal, line_nos: Sequence[int]
) -> None:
    """Delete the applications and notes of the lines."""
    for model in (m.AppliedPaymentEntry, m.PaymentLineState):
        for chunk in chunks(line_nos):
            session.execute(
                delete(model).where(
                    model.company_id == company_id,
                    model.bank_account_no == journal.bank_no,
                    model.statement_no == journal.statement_no,
                    model.line_no.in_(chunk),
                )
            )


def _store(
    session: Session,
    company_id: int,
    journal: Journal,
    results: Sequence[LineResult],
    rules: Sequence[Rule],
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
        for number, app in enumerate(result.applications, start=1):
            applications.append(
                {
                    **key,
                    "line_no": result.line_no,
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
            states.append(
                {
                    **key,
                    "line_no": result.line_no,
                    "notes": json.dumps(result.notes, ensure_ascii=False),
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
    """Run the matching over the statement's lines that are not posted, and store what it
    proposes. Lines with accepted or manual applications keep them unless *overwrite*."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        journal = load_journal(session, company_id, bank_no, statement_no, for_change=True)
        kept = kept_lines(journal, overwrite=overwrite)
        lines = [line for line in journal.open_lines() if line.line_no not in kept]
        # Lines posted another way meanwhile (skipped) lose what was proposed for them.
        stale = [n for n in journal.skipped if journal.applications.get(n)]
        clear_lines(session, company_id, journal, [line.line_no for line in lines] + stale)
        results: list[LineResult] = []
        if lines:
            matcher, rules, _ = _matching_engine(session, company_id, journal, kept)
            dated = []
            for line in lines:
                try:
                    dated.append(engine_line(journal, line))
                except ValueError:
                    results.append(
                        LineResult(line.line_no, notes=["the line has no date to match on"])
                    )
            results.extend(matcher.apply(dated))
            _store(session, company_id, journal, results, rules)
        if journal.rec is not None:
            journal.rec.applied_at = datetime.now(UTC)
        confidences = [_lowest(r) for r in results if r.applications]
        summary = ApplySummary(
            lines=len(lines) + len(kept),
            applied=len(confidences) + len(kept),
            high=confidences.count("high"),
            medium=confidences.count("medium"),
            low=confidences.count("low"),
            not_applied=sum(1 for r in results if not r.applications),
        )
        record(
            session,
            company_id,
            user,
            "reconcile-apply",
            "bank_statement",
            f"{bank_no}/{statement_no}",
            overwrite=overwrite,
            lines=len(lines),
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
) -> list[CandidateView]:
    """What the line could be applied to, best first, scored as apply automatically scores
    (NAV's Payment Application page). *account_type* ``gl`` lists G/L accounts; a customer or
    vendor (*account_no*) lists that party's open entries."""
    if account_type not in (None, "customer", "vendor", "gl"):
        raise ValidationError(f"account type {account_type!r}: use customer, vendor or gl")
    with UnitOfWork(engine) as uow:
        session = uow.session
        journal = load_journal(session, company_id, bank_no, statement_no)
        line = journal.changeable(line_no)
        difference = journal.difference(line)
        if account_type == "gl":
            return _gl_candidates(session, company_id, difference, search, account_no, limit)
        others = {n for n in journal.applications if n != line_no}
        matcher, _, taken = _matching_engine(session, company_id, journal, others)
        party = None
        if account_type and account_no:
            name = check_account(session, company_id, account_type, account_no)
            party = Party(AccountKind(account_type), account_no, name)
        wide = limit if account_type is None else limit * 4
        found = matcher.candidates(
            engine_line(journal, line), party=party, search=search, limit=wide
        )
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
