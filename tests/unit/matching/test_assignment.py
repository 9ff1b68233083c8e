"""Global assignment: best first, entries never over-applied, ties and contests left for review,
part payments, overpayments, several payments for one invoice, discounts and reservations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from reskontro.domain.errors import ValidationError
from reskontro.domain.matching.engine import MatchingEngine
from reskontro.domain.matching.model import AccountKind, Confidence, Reserved
from reskontro.domain.matching.rules import BASE_RULES

from .build import applied, entry, line, only, party, run

D = Decimal
ACME = party("10000", "Acme Verksted AS", accounts=("12345678903",))
BERG = party("20000", "Berg Transport AS", accounts=("98765432107",))
KID_1, KID_2 = "00000123455", "123456785"


def test_a_part_payment_leaves_the_entry_open_and_no_difference() -> None:
    entries = [entry(1, "10000", "1000.00", payment_reference=KID_1)]
    app = only(run([ACME], entries, [line(1, "400.00", references=(KID_1,))])[1])
    assert (app.amount, app.discount, app.score) == (D("400.00"), D("0.00"), 4000)
    assert "part payment: amount 400.00 of the remaining amount 1 000.00" in app.explanation


def test_an_overpayment_applies_the_remaining_amount_and_says_what_is_left() -> None:
    entries = [entry(1, "10000", "1000.00", payment_reference=KID_1)]
    result = run([ACME], entries, [line(1, "1200.00", references=(KID_1,))])[1]
    assert applied(result) == [(1, D("1000.00"))]
    assert "200.00 is more than the entries’ remaining amount" in " ".join(result.notes)


def test_several_payments_for_one_invoice_while_it_lasts() -> None:
    entries = [entry(1, "10000", "1000.00", payment_reference=KID_1)]
    lines = [line(n, amount, references=(KID_1,)) for n, amount in ((1, "300.00"), (2, "300.00"))]
    results = run([ACME], entries, lines)
    assert applied(results[1]) == [(1, D("300.00"))]
    assert applied(results[2]) == [(1, D("300.00"))]


def test_an_entry_is_never_applied_beyond_its_remaining_amount() -> None:
    entries = [entry(1, "10000", "1000.00", payment_reference=KID_1)]
    lines = [
        line(1, "700.00", references=(KID_1,), counterparty_account="12345678903"),
        line(2, "700.00", references=(KID_1,)),
    ]
    results = run([ACME, BERG], entries, lines)
    total = sum(a.amount for r in results.values() for a in r.applications)
    assert total <= D("1000.00")


def test_two_lines_contesting_one_entry_are_left_for_review() -> None:
    # Both lines quote the invoice's KID and pay it in full: one of them is a double payment,
    # and nothing says which.
    entries = [entry(1, "10000", "1000.00", payment_reference=KID_1)]
    lines = [line(1, "1000.00", references=(KID_1,)), line(2, "1000.00", references=(KID_1,))]
    results = run([ACME], entries, lines)
    for no in (1, 2):
        assert results[no].applications == []
        assert "lines 1, 2 are equally good matches for 100001" in results[no].notes[0]


def test_the_better_line_takes_the_entry_the_worse_its_next_best() -> None:
    entries = [
        entry(1, "10000", "500.00", "100001", payment_reference=KID_1),
        entry(2, "10000", "480.00", "100002"),
    ]
    lines = [
        line(1, "500.00", counterparty_account="12345678903"),  # high 9 on 1 … low on 2
        line(2, "500.00", references=(KID_1,)),  # 4000 on 1
    ]
    results = run([ACME], entries, lines)
    assert applied(results[2]) == [(1, D("500.00"))]
    assert applied(results[1]) == [(2, D("480.00"))]
    assert only(results[1]).confidence is Confidence.LOW


def test_a_line_whose_entry_is_taken_says_by_which_line() -> None:
    entries = [entry(1, "10000", "500.00", "100001", payment_reference=KID_1)]
    lines = [line(1, "500.00", references=(KID_1,)), line(2, "500.00", text="Faktura 100001")]
    results = run([ACME], entries, lines)
    assert applied(results[1]) == [(1, D("500.00"))]
    assert results[2].applications == []
    assert "was applied to line 1" in results[2].notes[0]


def test_a_tie_between_parties_is_left_for_review_naming_both() -> None:
    entries = [entry(1, "10000", "500.00", "100001"), entry(2, "20000", "500.00", "200002")]
    result = run([ACME, BERG], entries, [line(1, "500.00", text="100001 200002")])[1]
    assert result.applications == []
    assert "2 candidates are equally good" in result.notes[0]
    assert "customer 10000 100001" in result.notes[0]
    assert "customer 20000 200002" in result.notes[0]


def test_equal_amounts_of_one_party_go_to_the_oldest_at_medium_at_most() -> None:
    entries = [
        entry(1, "10000", "500.00", "100001", due_date=date(2026, 3, 1)),
        entry(2, "10000", "500.00", "100002", due_date=date(2026, 2, 1)),
    ]
    lines = [line(1, "500.00", text="100001 100002", counterparty_account="12345678903")]
    app = only(run([ACME], entries, lines)[1])
    assert app.entry_no == 2  # due first
    assert app.score == 3995  # high 5 by the rules …
    assert app.confidence is Confidence.MEDIUM  # … capped: nothing told them apart
    assert app.review_required
    assert "the oldest due date is taken" in app.explanation


def test_the_discount_is_taken_only_when_the_payment_covers_the_rest() -> None:
    kw: dict[str, Any] = {
        "remaining_pmt_disc_possible": D("20.00"),
        "pmt_discount_date": date(2026, 3, 15),
    }
    entries = [entry(1, "10000", "1000.00", payment_reference=KID_1, **kw)]
    full = only(run([ACME], entries, [line(1, "980.00", references=(KID_1,))])[1])
    part = only(run([ACME], entries, [line(1, "500.00", references=(KID_1,))])[1])
    assert (full.amount, full.discount) == (D("980.00"), D("20.00"))
    assert (part.amount, part.discount) == (D("500.00"), D("0.00"))


def test_the_whole_amount_paid_within_the_discount_period_takes_no_discount() -> None:
    kw: dict[str, Any] = {
        "remaining_pmt_disc_possible": D("20.00"),
        "pmt_discount_date": date(2026, 3, 15),
    }
    entries = [entry(1, "10000", "1000.00", payment_reference=KID_1, **kw)]
    app = only(run([ACME], entries, [line(1, "1000.00", references=(KID_1,))])[1])
    assert (app.amount, app.discount) == (D("1000.00"), D("0.00"))
    assert "equals the remaining amount 1 000.00," in app.explanation
    named = run([ACME], entries, [line(1, "1000.00", text="100001")], rules=BASE_RULES)[1]
    assert only(named).score == 2994  # the whole amount matches as well as the reduced one


def test_a_group_paid_less_its_discounts() -> None:
    kw: dict[str, Any] = {"pmt_discount_date": date(2026, 3, 15)}
    entries = [
        entry(1, "10000", "500.00", remaining_pmt_disc_possible=D("10.00"), **kw),
        entry(2, "10000", "300.00", remaining_pmt_disc_possible=D("6.00"), **kw),
    ]
    result = run([ACME], entries, [line(1, "784.00", text="100001 100002")])[1]
    paid = [(a.entry_no, a.amount, a.discount) for a in result.applications]
    assert paid == [(1, D("490.00"), D("10.00")), (2, D("294.00"), D("6.00"))]


def test_a_vendor_payment_carries_the_statements_sign_and_discount() -> None:
    vendor = party("V1", "Kontor AS", kind=AccountKind.VENDOR)
    kw: dict[str, Any] = {
        "remaining_pmt_disc_possible": D("-20.00"),
        "pmt_discount_date": date(2026, 3, 15),
    }
    bill = entry(1, "V1", "-1000.00", "F1001", kind=AccountKind.VENDOR, **kw)
    app = only(run([vendor], [bill], [line(1, "-980.00", text="F1001")])[1])
    assert (app.amount, app.discount, app.kind) == (D("-980.00"), D("-20.00"), AccountKind.VENDOR)


def test_reserved_amounts_are_not_applied_again() -> None:
    entries = [entry(1, "10000", "1000.00", payment_reference=KID_1)]
    held = [Reserved(1, AccountKind.CUSTOMER, D("600.00"))]
    result = run([ACME], entries, [line(1, "1000.00", references=(KID_1,))], reserved=held)[1]
    assert applied(result) == [(1, D("400.00"))]
    gone = [Reserved(1, AccountKind.CUSTOMER, D("1000.00"))]
    result = run([ACME], entries, [line(1, "1000.00", references=(KID_1,))], reserved=gone)[1]
    assert result.applications == []


def test_a_line_of_zero_is_noted_and_results_keep_the_line_order() -> None:
    entries = [entry(1, "10000", "10.00", payment_reference=KID_1)]
    engine = MatchingEngine([ACME], entries)
    results = engine.apply([line(5, "0.00"), line(2, "10.00", references=(KID_1,))])
    assert [r.line_no for r in results] == [5, 2]
    assert results[0].notes == ["the amount is 0: nothing to apply"]


def test_a_line_no_given_twice_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"line no\. 3 is given twice"):
        MatchingEngine([ACME], []).apply([line(3, "1.00"), line(3, "2.00")])


def test_applying_twice_gives_the_same_proposals() -> None:
    entries = [entry(1, "10000", "500.00", payment_reference=KID_1), entry(2, "20000", "70.00")]
    engine = MatchingEngine([ACME, BERG], entries)
    lines = [line(1, "500.00", references=(KID_1,)), line(2, "70.00")]
    assert engine.apply(lines) == engine.apply(lines)
