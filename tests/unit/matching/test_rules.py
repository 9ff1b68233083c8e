"""The rule table: NAV's defaults, the top rule, our own rules, lookup, words and plain-dict
round trip."""

from __future__ import annotations

import pytest

from reskontro.domain.errors import ValidationError
from reskontro.domain.matching.model import AmountMatch, Confidence, DocMatch, PartyMatch, Rule
from reskontro.domain.matching.rules import (
    BASE_RULES,
    DEFAULT_RULES,
    NAV_RULES,
    OWN_RULES,
    TOP_RULE,
    best_rule,
    cautious_table,
    describe,
    rule_from_dict,
    rule_to_dict,
    rules_from_dicts,
)

F, P, N = PartyMatch.FULLY, PartyMatch.PARTIALLY, PartyMatch.NO
Y, YM, DN = DocMatch.YES, DocMatch.YES_MULTIPLE, DocMatch.NO
ONE, MULT, NONE = AmountMatch.ONE, AmountMatch.MULTIPLE, AmountMatch.NONE

# NAV's default table (bc_matching.md §4.6) without the direct-debit row: criteria → score.
NAV_TABLE = [
    (F, YM, ONE, 3998),
    (F, YM, MULT, 3997),
    (F, Y, ONE, 3996),
    (F, Y, MULT, 3995),
    (P, YM, ONE, 3994),
    (P, YM, MULT, 3993),
    (P, Y, ONE, 3992),
    (F, DN, ONE, 3991),
    (N, YM, ONE, 3990),
    (N, YM, MULT, 3989),
    (F, YM, NONE, 2999),
    (F, Y, NONE, 2998),
    (F, DN, MULT, 2997),
    (P, YM, NONE, 2996),
    (P, Y, NONE, 2995),
    (N, Y, ONE, 2994),
    (N, YM, NONE, 2993),
    (P, DN, ONE, 2992),
    (N, Y, MULT, 2991),
    (N, Y, NONE, 2991),
    (F, DN, NONE, 1999),
    (P, DN, MULT, 1998),
    (P, DN, NONE, 1997),
    (N, DN, ONE, 1996),
    (N, DN, MULT, 1995),
]


@pytest.mark.parametrize(("party", "doc", "amount", "score"), NAV_TABLE)
def test_every_combination_scores_as_nav(
    party: PartyMatch, doc: DocMatch, amount: AmountMatch, score: int
) -> None:
    rule = best_rule(NAV_RULES, party, doc, amount, False)
    assert rule is not None
    assert rule.score == score
    assert rule.review_required is (rule.confidence is not Confidence.HIGH)


OWN_TABLE = [
    (F, Y, NONE, 3988),  # the payer known for certain names the invoice and pays part or more
    (N, Y, ONE, 3987),  # someone else pays exactly the invoice named
    (P, Y, NONE, 3986),  # as 3988, the payer's name shared with other parties
    (N, Y, MULT, 3985),  # as 3987, other entries having the amount too
]


@pytest.mark.parametrize(("party", "doc", "amount", "score"), OWN_TABLE)
def test_our_own_rules_make_high_what_nav_leaves_for_review(
    party: PartyMatch, doc: DocMatch, amount: AmountMatch, score: int
) -> None:
    nav = best_rule(NAV_RULES, party, doc, amount, False)
    assert nav is not None and nav.confidence is Confidence.MEDIUM
    rule = best_rule(DEFAULT_RULES, party, doc, amount, False)
    assert rule is not None and rule in OWN_RULES
    assert (rule.score, rule.confidence, rule.review_required) == (score, Confidence.HIGH, False)


@pytest.mark.parametrize(("party", "doc", "amount", "score"), NAV_TABLE)
def test_the_default_table_keeps_every_nav_score_but_our_own(
    party: PartyMatch, doc: DocMatch, amount: AmountMatch, score: int
) -> None:
    rule = best_rule(DEFAULT_RULES, party, doc, amount, False)
    assert rule is not None
    own = {(p, d, a): s for p, d, a, s in OWN_TABLE}
    assert rule.score == own.get((party, doc, amount), score)


def test_the_cautious_table_steps_our_own_rules_down_to_navs() -> None:
    cautious = cautious_table(DEFAULT_RULES)
    assert set(cautious) == {(p, d, a, False) for p, d, a, _ in OWN_TABLE}
    for (party, doc, amount, structured), rule in cautious.items():
        assert rule == best_rule(NAV_RULES, party, doc, amount, structured)
    assert cautious_table(BASE_RULES) == {}
    # A rule table with nothing below high for the combination has nothing to step down to.
    bold = (Rule(Confidence.HIGH, 1, PartyMatch.NO, DocMatch.NO, AmountMatch.ONE),)
    assert cautious_table(bold) == {(N, DN, ONE, False): None}


def test_nothing_matched_is_no_rule() -> None:
    assert best_rule(DEFAULT_RULES, N, DN, NONE, False) is None


@pytest.mark.parametrize("amount", [ONE, MULT, NONE])
def test_a_structured_reference_is_the_top_rule_whatever_else(amount: AmountMatch) -> None:
    rule = best_rule(DEFAULT_RULES, N, Y, amount, True)
    assert rule == TOP_RULE
    assert rule.score == 4000


def test_the_table_has_every_nav_row_once() -> None:
    nav = [(r.confidence, r.priority) for r in NAV_RULES]
    assert len(nav) == len(set(nav)) == 24
    keys = [(r.confidence, r.priority) for r in DEFAULT_RULES]
    assert len(keys) == len(set(keys)) == 29
    assert (TOP_RULE, *NAV_RULES, *OWN_RULES) == DEFAULT_RULES


def test_describe_says_what_the_rule_asks() -> None:
    rule = best_rule(DEFAULT_RULES, F, Y, ONE, False)
    assert rule is not None
    assert (
        describe(rule) == "high 4: party fully, document no. in the text, amount matches one entry"
    )
    assert "review required" in describe(Rule(Confidence.LOW, 7, review_required=True))
    assert describe(Rule(Confidence.LOW, 7)) == "low 7: any line and entry"


def test_rules_round_trip_through_plain_dicts() -> None:
    rows = [rule_to_dict(rule) for rule in DEFAULT_RULES]
    assert rules_from_dicts(rows) == DEFAULT_RULES
    assert rows[1] == {
        "confidence": "high",
        "priority": 2,
        "party": "fully",
        "document": "yes_multiple",
        "amount": "one",
        "structured_reference": False,
        "review_required": False,
    }


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"confidence": "sure", "priority": 1}, "confidence 'sure' is not one of"),
        ({"confidence": "high", "priority": "x"}, "priority 'x' must be a whole number"),
        ({"confidence": "high", "priority": 1000}, "priority 1000 must be from 0 to 999"),
        ({"confidence": "high", "priority": 1, "party": "maybe"}, "party 'maybe' is not one of"),
        ({"confidence": "low", "priority": 1, "review_required": "perhaps"}, "true or false"),
    ],
)
def test_bad_rows_are_refused_naming_the_field(row: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        rule_from_dict(row)


def test_two_rules_with_one_confidence_and_priority_are_refused() -> None:
    row = {"confidence": "low", "priority": 3}
    with pytest.raises(ValidationError, match="two rules have confidence low and priority 3"):
        rules_from_dicts([row, row])


def test_edited_rules_change_the_lookup() -> None:
    only_amount = (Rule(Confidence.MEDIUM, 1, amount=ONE),)
    rule = best_rule(only_amount, N, DN, ONE, False)
    assert rule is not None and rule.score == 2999
    assert best_rule(only_amount, F, Y, MULT, False) is None
