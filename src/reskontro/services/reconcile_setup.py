"""What payment matching is set up with, as data the user edits: the text-to-account mappings,
the rule table (the defaults until edited) and each bank account's match tolerance.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from reskontro.domain.enums import GLAccountKind
from reskontro.domain.errors import ConflictError, NotFoundError, ValidationError
from reskontro.domain.matching.model import (
    AccountKind,
    MatchTolerance,
    Rule,
    TextMapping,
    ToleranceKind,
)
from reskontro.domain.matching.rules import (
    DEFAULT_RULES,
    describe,
    rule_from_dict,
    rule_to_dict,
    rules_from_dicts,
)
from reskontro.domain.money import CENT
from reskontro.services.reconcile_view import ACCOUNT_TYPES, MappingView, RuleView
from reskontro.storage import models as m
from reskontro.storage.audit import record
from reskontro.storage.uow import UnitOfWork

MAX_TOLERANCE_PCT = Decimal(99)
MAPPING_TEXT_LENGTH = 250

# -- text-to-account mappings ------------------------------------------------------------------


def _mapping_view(row: m.TextToAccountMapping) -> MappingView:
    return MappingView(
        mapping_no=row.mapping_no,
        text=row.text,
        account_type=row.account_type,
        debit_account_no=row.debit_account_no,
        credit_account_no=row.credit_account_no,
        account_no=row.account_no,
        learned=row.learned,
    )


def mapping_rows(session: Session, company_id: int) -> list[m.TextToAccountMapping]:
    return list(
        session.scalars(
            select(m.TextToAccountMapping)
            .where(m.TextToAccountMapping.company_id == company_id)
            .order_by(m.TextToAccountMapping.mapping_no)
        )
    )


def engine_mappings(rows: list[m.TextToAccountMapping]) -> list[TextMapping]:
    return [
        TextMapping(
            mapping_no=row.mapping_no,
            text=row.text,
            kind=AccountKind(row.account_type),
            debit_account_no=row.debit_account_no,
            credit_account_no=row.credit_account_no,
            account_no=row.account_no,
        )
        for row in rows
    ]


def check_account(session: Session, company_id: int, account_type: str, no: str) -> str:
    """The account's name; refused when it does not exist or cannot take a payment."""
    if account_type not in ACCOUNT_TYPES:
        raise ValidationError(
            f"account type {account_type!r}: use one of {', '.join(ACCOUNT_TYPES)}"
        )
    if not no:
        raise ValidationError(f"give the {account_type} no.")
    if account_type == "gl":
        account = session.get(m.GLAccount, (company_id, no))
        if account is None:
            raise NotFoundError(f"There is no G/L account {no}")
        if (
            account.kind is not GLAccountKind.POSTING
            or account.blocked
            or not account.direct_posting
        ):
            raise ValidationError(
                f"G/L account {no} {account.name} cannot be posted to directly (a heading, "
                "blocked, or without direct posting)"
            )
        return account.name
    party: m.Customer | m.Vendor | None = (
        session.get(m.Customer, (company_id, no))
        if account_type == "customer"
        else session.get(m.Vendor, (company_id, no))
    )
    if party is None:
        raise NotFoundError(f"There is no {account_type} {no}")
    return party.name


def insert_mapping(
    session: Session,
    company_id: int,
    *,
    text: str,
    account_type: str,
    debit_account_no: str = "",
    credit_account_no: str = "",
    account_no: str = "",
    learned: bool = False,
) -> int:
    """Add a mapping inside an open unit of work; returns its no."""
    text = " ".join(text.split())
    if not text:
        raise ValidationError("the mapping text is empty; give the words the lines hold")
    if len(text) > MAPPING_TEXT_LENGTH:
        raise ValidationError(f"the mapping text is longer than {MAPPING_TEXT_LENGTH} characters")
    if account_type == "gl":
        if account_no or not (debit_account_no or credit_account_no):
            raise ValidationError(
                "a G/L mapping takes a debit account (money in), a credit account (money out) "
                "or both, not an account no."
            )
        for no in (debit_account_no, credit_account_no):
            if no:
                check_account(session, company_id, "gl", no)
    else:
        if debit_account_no or credit_account_no:
            raise ValidationError(f"a {account_type} mapping takes the {account_type} no. only")
        check_account(session, company_id, account_type, account_no)
    last = session.scalar(
        select(func.max(m.TextToAccountMapping.mapping_no)).where(
            m.TextToAccountMapping.company_id == company_id
        )
    )
    number = (last or 0) + 1
    session.add(
        m.TextToAccountMapping(
            company_id=company_id,
            mapping_no=number,
            text=text,
            account_type=account_type,
            debit_account_no=debit_account_no,
            credit_account_no=credit_account_no,
            account_no=account_no,
            learned=learned,
        )
    )
    session.flush()
    return number


def list_mappings(engine: Engine, company_id: int) -> list[MappingView]:
    with UnitOfWork(engine) as uow:
        return [_mapping_view(row) for row in mapping_rows(uow.session, company_id)]


def add_mapping(
    engine: Engine,
    company_id: int,
    *,
    text: str,
    account_type: str,
    debit_account_no: str = "",
    credit_account_no: str = "",
    account_no: str = "",
    user: str = "",
) -> int:
    """Add a text-to-account mapping; returns its no."""
    with UnitOfWork(engine, write=True) as uow:
        number = insert_mapping(
            uow.session,
            company_id,
            text=text,
            account_type=account_type,
            debit_account_no=debit_account_no,
            credit_account_no=credit_account_no,
            account_no=account_no,
        )
        record(
            uow.session,
            company_id,
            user,
            "setup",
            "text_to_account_mapping",
            str(number),
            text=text,
            account_type=account_type,
            debit=debit_account_no,
            credit=credit_account_no,
            account=account_no,
        )
        uow.commit()
        return number


def delete_mapping(engine: Engine, company_id: int, mapping_no: int, *, user: str = "") -> None:
    with UnitOfWork(engine, write=True) as uow:
        row = uow.session.get(m.TextToAccountMapping, (company_id, mapping_no))
        if row is None:
            raise NotFoundError(f"There is no text-to-account mapping {mapping_no}")
        text = row.text
        uow.session.delete(row)
        record(
            uow.session,
            company_id,
            user,
            "setup",
            "text_to_account_mapping",
            str(mapping_no),
            deleted=text,
        )
        uow.commit()


# -- the rule table --------------------------------------------------------------------------


def _rule_view(rule: Rule) -> RuleView:
    return RuleView(
        confidence=rule.confidence.value,
        priority=rule.priority,
        party=rule.party.value,
        document=rule.document.value,
        amount=rule.amount.value,
        structured_reference=rule.structured_reference,
        review_required=rule.review_required,
        score=rule.score,
        description=describe(rule),
    )


_RULE_COLUMNS = (
    "confidence",
    "priority",
    "party",
    "document",
    "amount",
    "structured_reference",
    "review_required",
)
"""A stored rule's columns, named as :func:`rule_to_dict` names its values."""


def load_rules(session: Session, company_id: int) -> tuple[Rule, ...]:
    """The company's rules, or the defaults when it has none."""
    rows = session.scalars(select(m.MatchRule).where(m.MatchRule.company_id == company_id)).all()
    if not rows:
        return DEFAULT_RULES
    rules = rules_from_dicts({column: getattr(r, column) for column in _RULE_COLUMNS} for r in rows)
    return tuple(sorted(rules, key=lambda r: -r.score))


def _store_rules(session: Session, company_id: int, rules: list[Rule]) -> None:
    session.execute(delete(m.MatchRule).where(m.MatchRule.company_id == company_id))
    session.flush()
    for rule in rules:
        values = rule_to_dict(rule)
        session.add(m.MatchRule(company_id=company_id, **values))
    session.flush()


def list_rules(engine: Engine, company_id: int) -> list[RuleView]:
    """The rule table, best score first (the defaults until edited)."""
    with UnitOfWork(engine) as uow:
        return [_rule_view(rule) for rule in load_rules(uow.session, company_id)]


def save_rule(
    engine: Engine,
    company_id: int,
    *,
    confidence: str,
    priority: int,
    party: str,
    document: str,
    amount: str,
    review_required: bool,
    structured_reference: bool = False,
    user: str = "",
) -> None:
    """Add a rule, or change the one with this confidence and priority."""
    rule = rule_from_dict(
        {
            "confidence": confidence,
            "priority": priority,
            "party": party,
            "document": document,
            "amount": amount,
            "structured_reference": structured_reference,
            "review_required": review_required,
        }
    )
    if rule.confidence.value == "none":
        raise ValidationError("a rule's confidence is high, medium or low")
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        rules = [
            r
            for r in load_rules(session, company_id)
            if (r.confidence, r.priority) != (rule.confidence, rule.priority)
        ]
        _store_rules(session, company_id, [*rules, rule])
        record(
            session,
            company_id,
            user,
            "setup",
            "match_rule",
            f"{rule.confidence.value} {rule.priority}",
            **rule_to_dict(rule),
        )
        uow.commit()


def delete_rule(
    engine: Engine, company_id: int, *, confidence: str, priority: int, user: str = ""
) -> None:
    """Delete a rule. The last rule cannot go: a table without rules would apply nothing."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        rules = list(load_rules(session, company_id))
        kept = [r for r in rules if (r.confidence.value, r.priority) != (confidence, priority)]
        if len(kept) == len(rules):
            raise NotFoundError(
                f"There is no rule with confidence {confidence} and priority {priority}"
            )
        if not kept:
            raise ConflictError(
                "This is the last rule; without rules nothing is applied. Change it, or go back "
                "to the defaults: reskontro reconcile rules-reset"
            )
        _store_rules(session, company_id, kept)
        record(
            session,
            company_id,
            user,
            "setup",
            "match_rule",
            f"{confidence} {priority}",
            deleted=True,
        )
        uow.commit()


def reset_rules(engine: Engine, company_id: int, *, user: str = "") -> None:
    """Go back to the default rules."""
    with UnitOfWork(engine, write=True) as uow:
        _store_rules(uow.session, company_id, [])
        record(uow.session, company_id, user, "setup", "match_rule", "all", reset=True)
        uow.commit()


# -- match tolerance -------------------------------------------------------------------------


def tolerance_of(bank: m.BankAccount) -> MatchTolerance:
    kind = ToleranceKind.PERCENT if bank.match_tolerance_type == "percent" else ToleranceKind.AMOUNT
    return MatchTolerance(kind, bank.match_tolerance_value or Decimal(0))


def tolerance_text(tolerance: MatchTolerance) -> str:
    """``"5.00"`` or ``"2%"``.

    >>> tolerance_text(MatchTolerance(ToleranceKind.PERCENT, Decimal("2.5")))
    '2.5%'
    """
    if tolerance.kind is ToleranceKind.PERCENT:
        return f"{tolerance.value.normalize():f}%"
    return f"{tolerance.value.quantize(CENT):f}"


def parse_tolerance(text: str) -> MatchTolerance:
    """A match tolerance as written: an amount (``"5.00"``) or a percentage (``"2%"``).

    >>> parse_tolerance("2 %")
    MatchTolerance(kind=<ToleranceKind.PERCENT: 'percent'>, value=Decimal('2'))
    >>> parse_tolerance("5,5").value
    Decimal('5.50')
    >>> parse_tolerance("150%")
    Traceback (most recent call last):
        ...
    reskontro.domain.errors.ValidationError: match tolerance 150%: a percentage must be from 0 to 99
    """
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    percent = cleaned.endswith("%")
    number_text = cleaned.removesuffix("%")
    try:
        value = Decimal(number_text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        raise ValidationError(
            f"match tolerance {text!r}: give an amount such as 5.00 or a percentage such as 2%"
        )
    if percent:
        if value > MAX_TOLERANCE_PCT:
            raise ValidationError(
                f"match tolerance {text}: a percentage must be from 0 to {MAX_TOLERANCE_PCT}"
            )
        return MatchTolerance(ToleranceKind.PERCENT, value)
    if value != value.quantize(CENT):
        raise ValidationError(f"match tolerance {text}: an amount has at most two decimals")
    return MatchTolerance(ToleranceKind.AMOUNT, value.quantize(CENT))


def set_match_tolerance(
    engine: Engine, company_id: int, bank_no: str, text: str, *, user: str = ""
) -> str:
    """Set how far a payment's amount may lie from an entry's and still match it; returns the
    tolerance as text."""
    tolerance = parse_tolerance(text)
    with UnitOfWork(engine, write=True) as uow:
        bank = uow.session.get(m.BankAccount, (company_id, bank_no), with_for_update=True)
        if bank is None:
            raise NotFoundError(f"There is no bank account {bank_no}")
        bank.match_tolerance_type = tolerance.kind.value
        bank.match_tolerance_value = tolerance.value
        shown = tolerance_text(tolerance)
        record(
            uow.session, company_id, user, "setup", "bank_account", bank_no, match_tolerance=shown
        )
        uow.commit()
        return shown


def get_match_tolerance(engine: Engine, company_id: int, bank_no: str) -> str:
    with UnitOfWork(engine) as uow:
        bank = uow.session.get(m.BankAccount, (company_id, bank_no))
        if bank is None:
            raise NotFoundError(f"There is no bank account {bank_no}")
        return tolerance_text(tolerance_of(bank))
