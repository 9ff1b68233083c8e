"""Matching statement lines to bank ledger entries, without a database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from reskontro.domain.bankrec import (
    LedgerEntryFacts,
    StatementLineFacts,
    check_manual_match,
    match_automatically,
)
from reskontro.domain.errors import ValidationError

D = Decimal
DAY = date(2026, 3, 10)


def line(no: int, amount: str, day: date | None = DAY, text: str = "") -> StatementLineFacts:
    return StatementLineFacts(no, D(amount), day, text)


def entry(no: int, amount: str, day: date = DAY, doc: str = "", **kw: str) -> LedgerEntryFacts:
    return LedgerEntryFacts(no, D(amount), day, document_no=doc, **kw)


def pairs(lines: list[StatementLineFacts], entries: list[LedgerEntryFacts], **kw: int) -> set:
    return {(p.line_no, p.entry_no) for p in match_automatically(lines, entries, **kw)}


def test_only_the_same_amount_matches() -> None:
    assert pairs([line(1, "100.00")], [entry(7, "100.01"), entry(8, "-100.00")]) == set()
    assert pairs([line(1, "100.00")], [entry(7, "100.01"), entry(8, "100.00")]) == {(1, 8)}


def test_the_date_tolerance_in_days() -> None:
    far = entry(7, "50.00", DAY - timedelta(days=4))
    assert pairs([line(1, "50.00")], [far]) == set()
    assert pairs([line(1, "50.00")], [far], date_tolerance=4) == {(1, 7)}
    same_day_only = [entry(8, "50.00", DAY + timedelta(days=1))]
    assert pairs([line(1, "50.00")], same_day_only, date_tolerance=0) == set()
    assert pairs([line(1, "50.00", None)], [far]) == {(1, 7)}  # no date: any date


def test_the_document_no_in_the_text_decides_and_is_explained() -> None:
    lines = [line(1, "1250.00", DAY, "Betaling faktura 100001 takk")]
    entries = [
        entry(7, "1250.00", DAY, "100002"),
        entry(8, "1250.00", DAY - timedelta(days=2), "100001"),
    ]
    [found] = match_automatically(lines, entries)
    assert (found.line_no, found.entry_no) == (1, 8)
    assert found.explanation == (
        "amount 1 250.00 equal; dates 2 days apart; document no. 100001 in the text"
    )


def test_references_and_descriptions_count_and_a_nearer_date_breaks_ties() -> None:
    lines = [
        line(1, "300.00", DAY, "KID 0012345678 Kari Nordmann"),
        line(2, "80.00", DAY, "Overføring"),
    ]
    entries = [
        entry(7, "300.00", DAY, "CR01", payment_reference="0012345678"),
        entry(8, "300.00", DAY, "CR02", description="Kari Nordmann"),
        entry(9, "80.00", DAY - timedelta(days=1)),
        entry(10, "80.00", DAY - timedelta(days=3)),
    ]
    found = {(p.line_no, p.entry_no): p.explanation for p in match_automatically(lines, entries)}
    assert set(found) == {(1, 7), (2, 9)}
    assert "payment reference 0012345678 in the text" in found[(1, 7)]
    assert "nothing of the entry in the text" in found[(2, 9)]


def test_ties_are_left_for_the_user() -> None:
    # Two entries equally good for one line: neither is taken, nor a weaker third.
    lines = [line(1, "200.00")]
    entries = [entry(7, "200.00"), entry(8, "200.00"), entry(9, "200.00", DAY + timedelta(1))]
    assert pairs(lines, entries) == set()
    # Two lines equally good for one entry.
    assert pairs([line(1, "200.00"), line(2, "200.00")], [entry(7, "200.00")]) == set()
    # The text tells them apart.
    lines = [line(1, "200.00", text="ref A-17"), line(2, "200.00", text="ref B-27")]
    entries = [entry(7, "200.00", doc="B-27"), entry(8, "200.00", doc="A-17")]
    assert pairs(lines, entries) == {(1, 8), (2, 7)}


def test_each_line_and_entry_is_used_once_best_first() -> None:
    lines = [line(1, "10.00", text="doc X100"), line(2, "10.00", DAY + timedelta(days=1))]
    entries = [entry(7, "10.00", doc="X100"), entry(8, "10.00", DAY + timedelta(days=1))]
    assert pairs(lines, entries) == {(1, 7), (2, 8)}


def test_many_entries_cost_little() -> None:
    entries = [entry(n, f"{n}.00", DAY) for n in range(1, 20001)]
    lines = [line(n, f"{n}.00", DAY, f"doc {n}") for n in range(1, 20001)]
    assert len(match_automatically(lines, entries)) == 20000


def test_a_negative_tolerance_is_refused() -> None:
    with pytest.raises(ValidationError, match="0 days or more"):
        match_automatically([], [], date_tolerance=-1)


def test_one_to_many_and_many_to_one_by_hand() -> None:
    one_to_many = check_manual_match([(1, D("100"))], [(4, D("60")), (5, D("40"))])
    assert "entries 4, 5" in one_to_many
    many_to_one = check_manual_match([(1, D("60")), (2, D("40"))], [(4, D("100"))])
    assert "lines 1, 2" in many_to_one
    with pytest.raises(ValidationError, match=r"difference of -10\.00"):
        check_manual_match([(1, D("90"))], [(4, D("60")), (5, D("40"))])
    with pytest.raises(ValidationError, match="several lines to several entries"):
        check_manual_match([(1, D("50")), (2, D("50"))], [(4, D("60")), (5, D("40"))])
