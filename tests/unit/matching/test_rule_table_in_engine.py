"""Every row of NAV's rule table, and our own rules, reached through the engine from a
statement line.

Each case builds the smallest data that gives one combination of criteria for invoice 500001
(or the group 500001 + 500002) and checks the score the engine applies it with: under NAV's
table (with the structured-reference rule), and under the default table, where our own rules
make four of NAV's medium rows high.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from reskontro.domain.matching.model import (
    AmountMatch,
    Confidence,
    DocMatch,
    LineResult,
    PartyMatch,
    Rule,
)
from reskontro.domain.matching.rules import BASE_RULES, DEFAULT_RULES

from .build import entry, line, party, run

F, P, N = PartyMatch.FULLY, PartyMatch.PARTIALLY, PartyMatch.NO
Y, YM, DN = DocMatch.YES, DocMatch.YES_MULTIPLE, DocMatch.NO
ONE, MULT, NONE = AmountMatch.ONE, AmountMatch.MULTIPLE, AmountMatch.NONE

EXPECTED: dict[tuple[PartyMatch, DocMatch, AmountMatch], int] = {
    (F, YM, ONE): 3998,
    (F, Y, ONE): 3996,
    (F, Y, MULT): 3995,
    (P, YM, ONE): 3994,
    (P, Y, ONE): 3992,
    (F, DN, ONE): 3991,
    (N, YM, ONE): 3990,
    (F, YM, NONE): 2999,
    (F, Y, NONE): 2998,
    (F, DN, MULT): 2997,
    (P, YM, NONE): 2996,
    (P, Y, NONE): 2995,
    (P, Y, MULT): 2995,
    (N, Y, ONE): 2994,
    (N, YM, NONE): 2993,
    (P, DN, ONE): 2992,
    (N, Y, MULT): 2991,
    (N, Y, NONE): 2991,
    (F, DN, NONE): 1999,
    (P, DN, MULT): 1998,
    (P, DN, NONE): 1997,
    (N, DN, ONE): 1996,
}


OWN: dict[tuple[PartyMatch, DocMatch, AmountMatch], int] = {
    (F, Y, NONE): 3988,
    (N, Y, ONE): 3987,
    (P, Y, NONE): 3986,
    (N, Y, MULT): 3985,
}


def scenario(
    p: PartyMatch, d: DocMatch, a: AmountMatch, rules: tuple[Rule, ...] = BASE_RULES
) -> LineResult:
    parties = [
        party("A", "Fjord Fisk AS", accounts=("12345678903",)),
        party("B", "Fjell Handel AS"),
    ]
    if p is P:
        parties.append(party("A2", "Fjord Fisk AS"))  # the name is not unique: partially
    entries = [
        entry(1, "A", "1000.00", "500001", due_date=date(2026, 2, 15)),
        entry(2, "A", "300.00", "500002", due_date=date(2026, 2, 20)),
    ]
    target = Decimal("1300.00") if d is YM else Decimal("1000.00")
    if a is MULT:
        other = "A" if p is not N else "B"
        entries.append(entry(3, other, "1000.00", "500003", due_date=date(2026, 3, 1)))
    amount = target - 1 if a is NONE else target
    payer: dict[PartyMatch, dict[str, Any]] = {
        F: {"counterparty_account": "NO93 1234 5678 903"},
        P: {"counterparty_name": "FJORD FISK A/S"},
        N: {},
    }
    given = payer[p]
    text = {Y: "Faktura 500001", YM: "Faktura 500001 og 500002", DN: ""}[d]
    return run(parties, entries, [line(1, str(amount), text=text, **given)], rules=rules)[1]


def outcome(result: LineResult) -> tuple[set[int], set[int | None], Confidence]:
    assert result.applications, result.notes
    confidences = {a.confidence for a in result.applications}
    assert len(confidences) == 1
    return (
        {a.score for a in result.applications},
        {a.entry_no for a in result.applications},
        confidences.pop(),
    )


@pytest.mark.parametrize(("criteria", "score"), list(EXPECTED.items()))
def test_the_engine_scores_each_rule_of_the_table(
    criteria: tuple[PartyMatch, DocMatch, AmountMatch], score: int
) -> None:
    result = scenario(*criteria)
    assert result.applications, result.notes
    scores = {a.score for a in result.applications}
    assert scores == {score}
    applied = {a.entry_no for a in result.applications}
    assert applied == ({1, 2} if criteria[1] is YM else {1})
    confidence = result.applications[0].confidence
    assert (
        confidence is {3: Confidence.HIGH, 2: Confidence.MEDIUM, 1: Confidence.LOW}[score // 1000]
    )


def test_an_amount_shared_by_entries_of_unknown_parties_is_not_guessed() -> None:
    # NAV's "low 5: no, no, multiple" would pick one of them; the engine does not even
    # enumerate them, it says how many there are.
    result = scenario(N, DN, MULT)
    assert result.applications == []
    assert any("2 or more open customer entries" in n for n in result.notes)


def test_nothing_matched_is_not_applied() -> None:
    result = scenario(N, DN, NONE)
    assert result.applications == []


@pytest.mark.parametrize(("criteria", "score"), list(EXPECTED.items()))
def test_the_default_table_scores_as_nav_but_for_our_own_rules(
    criteria: tuple[PartyMatch, DocMatch, AmountMatch], score: int
) -> None:
    scores, entries, confidence = outcome(scenario(*criteria, rules=DEFAULT_RULES))
    own = OWN.get(criteria)
    assert scores == {own or score}
    assert entries == ({1, 2} if criteria[1] is YM else {1})
    if own is not None:
        assert confidence is Confidence.HIGH
        # NAV's table leaves the same line for review.
        assert all(a.review_required for a in scenario(*criteria).applications)


def test_a_known_payer_paying_part_of_the_invoice_it_names_is_high() -> None:
    result = scenario(F, Y, NONE, rules=DEFAULT_RULES)
    assert outcome(result) == ({3988}, {1}, Confidence.HIGH)
    application = result.applications[0]
    assert application.amount == Decimal("999.00")
    assert not application.review_required
    assert "part payment: amount 999.00 of the remaining amount 1 000.00" in (
        application.explanation
    )


def test_a_third_party_paying_exactly_the_invoice_it_names_is_high() -> None:
    result = scenario(N, Y, ONE, rules=DEFAULT_RULES)
    assert outcome(result) == ({3987}, {1}, Confidence.HIGH)
    assert "payer not identified" in result.applications[0].explanation
