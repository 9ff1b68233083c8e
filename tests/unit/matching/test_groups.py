"""One payment for several entries: document nos. in the text, or the one subset that fits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from reskontro.domain.matching.model import Confidence, OpenEntry
from reskontro.domain.matching.subsets import unique_subset

from .build import applied, entry, line, party, run

D = Decimal
ACME = party("10000", "Acme Verksted AS", accounts=("12345678903",))
OTHER = party("20000", "Berg Transport AS")
FROM_ACME: dict[str, Any] = {"counterparty_account": "1234 56 78903"}


def invoices(*amounts: str) -> list[OpenEntry]:
    return [
        entry(i + 1, "10000", amount, due_date=date(2026, 2, 10 + i))
        for i, amount in enumerate(amounts)
    ]


def test_a_payment_of_the_invoices_named_in_the_text() -> None:
    entries = invoices("500.00", "300.00", "999.00")
    result = run(
        [ACME], entries, [line(1, "800.00", text="Faktura 100002 og 100001", **FROM_ACME)]
    )[1]
    assert applied(result) == [(1, D("500.00")), (2, D("300.00"))]  # oldest due date first
    assert {a.score for a in result.applications} == {3998}  # high 2: fully, yes-multiple, one
    assert (
        "the total 800.00 of the 2 entries named in the text" in result.applications[0].explanation
    )


def test_named_invoices_of_an_unknown_payer() -> None:
    entries = invoices("500.00", "300.00")
    result = run([ACME, OTHER], entries, [line(1, "800.00", text="fakt. 100001, 100002")])[1]
    assert applied(result) == [(1, D("500.00")), (2, D("300.00"))]
    assert {a.score for a in result.applications} == {3990}  # high 10: no, yes-multiple, one


def test_a_short_payment_of_named_invoices_pays_the_oldest_first() -> None:
    entries = invoices("500.00", "300.00", "200.00")
    result = run([ACME], entries, [line(1, "600.00", text="100003 100002 100001", **FROM_ACME)])[1]
    assert applied(result) == [(1, D("500.00")), (2, D("100.00"))]
    assert result.applications[0].score == 2999  # medium 1: fully, yes-multiple, any amount
    assert any("document no. 100003 was not applied" in n for n in result.notes)


def test_named_invoices_with_kids_are_the_top_rule() -> None:
    entries = [
        entry(1, "10000", "500.00", payment_reference="00000123455"),
        entry(2, "10000", "300.00", payment_reference="123456785"),
    ]
    lines = [line(1, "800.00", text="KID 00000123455 og 123456785")]
    result = run([ACME], entries, lines)[1]
    assert sorted(applied(result)) == [(1, D("500.00")), (2, D("300.00"))]
    assert {(a.score, a.confidence) for a in result.applications} == {(4000, Confidence.HIGH)}


def test_the_one_subset_of_the_partys_entries_that_adds_up() -> None:
    entries = invoices("500.00", "300.00", "200.00", "999.00")
    result = run([ACME], entries, [line(1, "1299.00", **FROM_ACME)])[1]
    # 300 + 999 is the only combination making 1 299.00.
    assert sorted(applied(result)) == [(2, D("300.00")), (4, D("999.00"))]
    assert {a.score for a in result.applications} == {3991}
    assert (
        "the only combination of customer 10000’s open entries"
        in result.applications[0].explanation
    )


def test_two_subsets_that_add_up_are_not_applied_as_a_group() -> None:
    entries = invoices("500.00", "300.00", "200.00", "600.00")
    result = run([ACME], entries, [line(1, "800.00", **FROM_ACME)])[1]  # 500+300 or 600+200
    assert any("more than one combination of customer 10000’s" in n for n in result.notes)
    # Nor is any one entry guessed as a part payment: the payment is plainly for several.
    assert result.applications == []


def test_no_group_without_a_named_party() -> None:
    entries = invoices("500.00", "300.00", "200.00", "999.00")
    result = run([ACME], entries, [line(1, "1299.00", counterparty_name="Ukjent Betaler")])[1]
    assert result.applications == []


def test_the_subset_search_stops_at_its_budget() -> None:
    # All amounts even, the target odd: nothing fits, and proving it takes many steps.
    amounts = [2000 + 2 * i for i in range(24)]
    found = unique_subset(amounts, 24_001, 24_001, budget=500)
    assert found.exhausted and found.subset is None
    complete = unique_subset([500, 300, 200], 700, 700)
    assert (complete.subset, complete.ambiguous, complete.exhausted) == ((0, 2), False, False)


def test_an_exhausted_search_is_not_applied_and_says_so() -> None:
    entries = [entry(i + 1, "10000", str(D(2000 + 2 * i) / 100)) for i in range(24)]
    result = run([ACME], entries, [line(1, "240.01", **FROM_ACME)])[1]
    assert any("too many to try every combination" in n for n in result.notes)
    assert result.applications == []
