"""The rule table: which combination of criteria gives which score (NAV's Bank Pmt. Appl. Rule).

:data:`DEFAULT_RULES` is NAV's default table (:data:`NAV_RULES`, without its direct-debit row)
with a rule of our own on top: a valid structured reference (KID, OCR, RF, Finnish reference)
equal to the entry's payment reference is high, priority 0, score 4000; and four more of our
own (:data:`OWN_RULES`) where NAV asks for a review a bookkeeper would not need. Those hold
back (:func:`cautious_table`) when the text names open entries of the party that the
application leaves out. Rules are plain data: storage keeps them as rows the user edits,
through :func:`rule_to_dict` and :func:`rule_from_dict`.

>>> best_rule(DEFAULT_RULES, PartyMatch.FULLY, DocMatch.YES, AmountMatch.ONE, False).score
3996
>>> describe(best_rule(DEFAULT_RULES, PartyMatch.NO, DocMatch.NO, AmountMatch.ONE, False))
'low 4: party not matched, no document no., amount matches one entry (review required)'
>>> best_rule(DEFAULT_RULES, PartyMatch.NO, DocMatch.NO, AmountMatch.NONE, False) is None
True
>>> describe(DEFAULT_RULES[0])
'high 0: a valid structured reference equal to the entry’s payment reference'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TypeVar

from reskontro.domain.errors import ValidationError
from reskontro.domain.matching.model import AmountMatch, Confidence, DocMatch, PartyMatch, Rule

H, M, L = Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW
P_NC, FULLY, PART, P_NO = (
    PartyMatch.NOT_CONSIDERED,
    PartyMatch.FULLY,
    PartyMatch.PARTIALLY,
    PartyMatch.NO,
)
D_NC, YES, YM, D_NO = DocMatch.NOT_CONSIDERED, DocMatch.YES, DocMatch.YES_MULTIPLE, DocMatch.NO
A_NC, ONE, MULT, NOM = (
    AmountMatch.NOT_CONSIDERED,
    AmountMatch.ONE,
    AmountMatch.MULTIPLE,
    AmountMatch.NONE,
)

TOP_RULE = Rule(H, 0, structured_reference=True)
"""A valid structured reference equal to the entry's payment reference: nothing is surer."""


def _row(conf: Confidence, prio: int, party: PartyMatch, doc: DocMatch, amt: AmountMatch) -> Rule:
    return Rule(conf, prio, party, doc, amt, review_required=conf is not H)


NAV_RULES: tuple[Rule, ...] = (
    _row(H, 2, FULLY, YM, ONE),
    _row(H, 3, FULLY, YM, MULT),
    _row(H, 4, FULLY, YES, ONE),
    _row(H, 5, FULLY, YES, MULT),
    _row(H, 6, PART, YM, ONE),
    _row(H, 7, PART, YM, MULT),
    _row(H, 8, PART, YES, ONE),
    _row(H, 9, FULLY, D_NO, ONE),
    _row(H, 10, P_NO, YM, ONE),
    _row(H, 11, P_NO, YM, MULT),
    _row(M, 1, FULLY, YM, A_NC),
    _row(M, 2, FULLY, YES, A_NC),
    _row(M, 3, FULLY, D_NO, MULT),
    _row(M, 4, PART, YM, A_NC),
    _row(M, 5, PART, YES, A_NC),
    _row(M, 6, P_NO, YES, ONE),
    _row(M, 7, P_NO, YM, A_NC),
    _row(M, 8, PART, D_NO, ONE),
    _row(M, 9, P_NO, YES, A_NC),
    _row(L, 1, FULLY, D_NO, NOM),
    _row(L, 2, PART, D_NO, MULT),
    _row(L, 3, PART, D_NO, NOM),
    _row(L, 4, P_NO, D_NO, ONE),
    _row(L, 5, P_NO, D_NO, MULT),
)
"""NAV's default rules (``bc_matching.md`` §4.6, the direct-debit row left out: priorities
keep NAV's numbers, so high starts at 2)."""

OWN_RULES: tuple[Rule, ...] = (
    _row(H, 12, FULLY, YES, NOM),
    _row(H, 13, P_NO, YES, ONE),
    _row(H, 14, PART, YES, NOM),
    _row(H, 15, P_NO, YES, MULT),
)
"""Rules of our own for what NAV leaves for review although a bookkeeper would not hesitate:

- 12: the payer is known for certain and names the invoice, but pays less or more than it (a
  part payment, or an overpayment whose surplus stays on the customer): NAV's medium 2;
- 13: someone else pays exactly the invoice the text names (a third-party payer: a parent
  company, a relative, a debt collector), and no other open entry has that amount: NAV's
  medium 6;
- 14: as 12 with the payer known by a name other parties share (or nearly the name): the
  invoice the text names is the one of the name's holders that the payment is for: NAV's
  medium 5;
- 15: as 13 where other open entries have the amount too: the text names which one: NAV's
  medium 9.

All need the document no. on word boundaries in the text, so a number that only looks like
one gives nothing, and all hold back when the text names other open entries of the party
that the application leaves out (:func:`cautious_table`)."""

DEFAULT_RULES: tuple[Rule, ...] = (TOP_RULE, *NAV_RULES, *OWN_RULES)
"""The structured-reference rule, NAV's table and our own rules: what a company starts with,
and what "reset" restores."""

BASE_RULES: tuple[Rule, ...] = (TOP_RULE, *NAV_RULES)
"""What NAV's table (with the structured-reference rule) makes high is high whatever else the
text says; a rule that makes high what these leave for review is bolder, and holds back when
the text names open entries of the party that the application leaves out
(:func:`cautious_table`)."""

MAX_PRIORITY = 999

_PARTY_WORDS = {
    FULLY: "party fully",
    PART: "party partially",
    P_NO: "party not matched",
}
_DOC_WORDS = {
    YES: "document no. in the text",
    YM: "several document nos. in the text",
    D_NO: "no document no.",
}
_AMOUNT_WORDS = {
    ONE: "amount matches one entry",
    MULT: "amount matches several entries",
    NOM: "amount matches no entry",
}


def matches(
    rule: Rule, party: PartyMatch, document: DocMatch, amount: AmountMatch, structured: bool
) -> bool:
    """Whether *rule* holds for these criteria (NOT_CONSIDERED holds for any value)."""
    return (
        (not rule.structured_reference or structured)
        and rule.party in (P_NC, party)
        and rule.document in (D_NC, document)
        and rule.amount in (A_NC, amount)
    )


def best_rule(
    rules: Iterable[Rule],
    party: PartyMatch,
    document: DocMatch,
    amount: AmountMatch,
    structured: bool,
) -> Rule | None:
    """The highest-scoring rule that holds, or None when no rule with a confidence holds."""
    best: Rule | None = None
    for rule in rules:
        if rule.confidence is Confidence.NONE or not matches(
            rule, party, document, amount, structured
        ):
            continue
        if best is None or rule.score > best.score:
            best = rule
    return best


RuleKey = tuple[PartyMatch, DocMatch, AmountMatch, bool]
RuleTable = dict[RuleKey, Rule]


def rule_table(rules: Sequence[Rule]) -> RuleTable:
    """Every combination of criteria mapped to its best rule, computed once per run so that
    scoring a candidate is one dictionary look-up."""
    table: RuleTable = {}
    for party in (FULLY, PART, P_NO):
        for document in (YES, YM, D_NO):
            for amount in (ONE, MULT, NOM):
                for structured in (False, True):
                    rule = best_rule(rules, party, document, amount, structured)
                    if rule is not None:
                        table[party, document, amount, structured] = rule
    return table


def cautious_table(rules: Sequence[Rule]) -> dict[RuleKey, Rule | None]:
    """The combinations where *rules* give high but :data:`BASE_RULES` do not, each mapped to
    the best rule of *rules* below high (None when there is none): what holds instead when the
    text names other open entries of the party, which the application would leave out.

    >>> cautious = cautious_table(DEFAULT_RULES)
    >>> describe(cautious[PartyMatch.FULLY, DocMatch.YES, AmountMatch.NONE, False])
    'medium 2: party fully, document no. in the text (review required)'
    >>> (PartyMatch.FULLY, DocMatch.YES, AmountMatch.ONE, False) in cautious
    False
    """
    full = rule_table(rules)
    base = rule_table(BASE_RULES)
    below = [rule for rule in rules if rule.confidence is not Confidence.HIGH]
    cautious: dict[RuleKey, Rule | None] = {}
    for key, rule in full.items():
        surely = base.get(key)
        if rule.confidence is not Confidence.HIGH or (
            surely is not None and surely.confidence is Confidence.HIGH
        ):
            continue
        cautious[key] = best_rule(below, *key)
    return cautious


def describe(rule: Rule) -> str:
    """The rule in words: its confidence and priority, then what it asks for."""
    head = f"{rule.confidence.value} {rule.priority}"
    if rule.structured_reference:
        parts = ["a valid structured reference equal to the entry’s payment reference"]
    else:
        parts = []
    for words, value in (
        (_PARTY_WORDS, rule.party),
        (_DOC_WORDS, rule.document),
        (_AMOUNT_WORDS, rule.amount),
    ):
        if value in words:
            parts.append(words[value])  # type: ignore[index]
    what = ", ".join(parts) if parts else "any line and entry"
    review = " (review required)" if rule.review_required else ""
    return f"{head}: {what}{review}"


def rule_to_dict(rule: Rule) -> dict[str, object]:
    """The rule as plain values (enum values as their strings), for storage and JSON."""
    return {
        "confidence": rule.confidence.value,
        "priority": rule.priority,
        "party": rule.party.value,
        "document": rule.document.value,
        "amount": rule.amount.value,
        "structured_reference": rule.structured_reference,
        "review_required": rule.review_required,
    }


_E = TypeVar("_E", bound=StrEnum)


def _enum(kind: type[_E], data: Mapping[str, object], key: str, default: _E) -> _E:
    value = data.get(key, default.value)
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise ValidationError(f"rule {key} {value!r} is not one of: {allowed}") from None


def _flag(data: Mapping[str, object], key: str) -> bool:
    value = data.get(key, False)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | str) and str(value).lower() in {"0", "1", "true", "false"}:
        return str(value).lower() in {"1", "true"}
    raise ValidationError(f"rule {key} {value!r} must be true or false")


def rule_from_dict(data: Mapping[str, object]) -> Rule:
    """A rule from plain values (as :func:`rule_to_dict` gives them); raises
    :class:`ValidationError` naming the field that is wrong."""
    confidence = _enum(Confidence, data, "confidence", Confidence.NONE)
    raw_priority = data.get("priority")
    if isinstance(raw_priority, bool) or not isinstance(raw_priority, int | str):
        raise ValidationError(f"rule priority {raw_priority!r} must be a whole number")
    try:
        priority = int(raw_priority)
    except ValueError:
        raise ValidationError(f"rule priority {raw_priority!r} must be a whole number") from None
    if not 0 <= priority <= MAX_PRIORITY:
        raise ValidationError(f"rule priority {priority} must be from 0 to {MAX_PRIORITY}")
    return Rule(
        confidence=confidence,
        priority=priority,
        party=_enum(PartyMatch, data, "party", P_NC),
        document=_enum(DocMatch, data, "document", D_NC),
        amount=_enum(AmountMatch, data, "amount", A_NC),
        structured_reference=_flag(data, "structured_reference"),
        review_required=_flag(data, "review_required"),
    )


def rules_from_dicts(rows: Iterable[Mapping[str, object]]) -> tuple[Rule, ...]:
    """Rules from rows; two rules with the same confidence and priority are refused."""
    rules = tuple(rule_from_dict(row) for row in rows)
    seen: set[tuple[Confidence, int]] = set()
    for rule in rules:
        key = (rule.confidence, rule.priority)
        if key in seen:
            raise ValidationError(
                f"two rules have confidence {rule.confidence.value} and priority "
                f"{rule.priority}; give one of them another priority"
            )
        seen.add(key)
    return rules
