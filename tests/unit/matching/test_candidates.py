"""The manual application page: scored candidates of a party, or found by search."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from reskontro.domain.matching.engine import MatchingEngine
from reskontro.domain.matching.model import AccountKind, Confidence

from .build import entry, line, party

D = Decimal
ACME = party("10000", "Acme Verksted AS", accounts=("12345678903",))
BERG = party("20000", "Berg Transport AS")
ENTRIES = [
    entry(1, "10000", "500.00", "100001", due_date=date(2026, 2, 10)),
    entry(2, "10000", "-80.00", "CR1002"),  # a credit memo: the other sign
    entry(3, "10000", "700.00", "100003", posting_date=date(2026, 4, 1)),  # posted later
    entry(4, "20000", "500.00", "200004"),
    entry(5, "20000", "120.00", "200005"),
]


def engine() -> MatchingEngine:
    return MatchingEngine([ACME, BERG], ENTRIES, today=date(2026, 3, 10))


def test_a_partys_entries_of_any_sign_and_date_best_first() -> None:
    found = engine().candidates(line(1, "500.00"), party=ACME)
    assert {c.entry.entry_no for c in found} >= {1, 2, 3}
    assert found[0].entry.entry_no in (1, 4)
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)
    unscored = next(c for c in found if c.entry.entry_no == 2)
    assert (unscored.score, unscored.confidence, unscored.rule) == (
        0,
        Confidence.NONE,
        "no rule holds",
    )


def test_the_line_names_its_party_without_being_told() -> None:
    found = engine().candidates(line(1, "500.00", counterparty_account="12345678903"))
    best = found[0]
    assert (best.entry.entry_no, best.score, best.suggested_amount) == (1, 3991, D("500.00"))
    assert "due 2026-02-10, 28 days ago" in best.explanation


def test_a_party_given_by_its_no() -> None:
    found = engine().candidates(line(1, "1.00"), party="20000")
    assert {c.entry.entry_no for c in found} == {4, 5}


def test_search_by_document_no_prefix_and_by_name() -> None:
    by_doc = engine().candidates(line(1, "1.00"), search="20000")
    assert {c.entry.entry_no for c in by_doc} >= {4, 5}
    by_name = engine().candidates(line(1, "1.00"), search="berg transp")
    assert {c.entry.entry_no for c in by_name} == {4, 5}


def test_the_suggested_amount_is_what_the_line_can_pay() -> None:
    found = {c.entry.entry_no: c for c in engine().candidates(line(1, "300.00"), party=ACME)}
    assert found[1].suggested_amount == D("300.00")  # part of 500.00
    assert found[3].suggested_amount == D("300.00")
    assert found[2].suggested_amount == D("-80.00")  # the other sign: its remaining amount


def test_the_limit_caps_the_list() -> None:
    assert len(engine().candidates(line(1, "500.00"), party=ACME, search="1000", limit=2)) == 2


def test_candidates_include_vendor_entries_by_search() -> None:
    vendor = party("V1", "Kontor AS", kind=AccountKind.VENDOR)
    bill = entry(9, "V1", "-300.00", "F9", kind=AccountKind.VENDOR)
    found = MatchingEngine([vendor], [bill]).candidates(line(1, "-300.00"), search="kontor")
    assert [c.entry.entry_no for c in found] == [9]
    assert found[0].score == 1996  # low 4: the amount is the only one of its kind
