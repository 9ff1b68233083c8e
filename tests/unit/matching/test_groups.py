"""One payment for several entries: document nos. in the text, or the one subset that fits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from reskontro.domain.matching.model import Confidence, OpenEntry
from reskontro.domain.matching.subsets import unique_subset

from .build import V, applied, entry, line, party, run

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


# -- credit memos set off in a group --------------------------------------------------------


def invoice_and_memo(invoice: str = "1000.00", memo: str = "-250.00") -> list[OpenEntry]:
    return [
        entry(1, "10000", invoice, "100001", due_date=date(2026, 2, 10)),
        entry(2, "10000", memo, "700001", due_date=date(2026, 2, 12)),
        entry(3, "10000", "750.00", "100003", due_date=date(2026, 2, 14)),
    ]


def test_an_invoice_less_the_credit_memo_the_text_names() -> None:
    lines = [line(1, "750.00", text="Faktura 100001 - kreditnota 700001", **FROM_ACME)]
    result = run([ACME], invoice_and_memo(), lines)[1]
    # The invoice is paid in full, the credit memo set off in full: together the line.
    assert applied(result) == [(1, D("1000.00")), (2, D("-250.00"))]
    assert sum(a.amount for a in result.applications) == D("750.00")
    assert {(a.score, a.confidence) for a in result.applications} == {(3998, Confidence.HIGH)}
    assert "the total 750.00 of the 2 entries named in the text (700001 set off)" in (
        result.applications[0].explanation
    )
    # Invoice 100003 has the line's amount too, but the text names other documents.
    assert all(a.entry_no != 3 for a in result.applications)


def test_a_credit_memo_the_text_does_not_name_is_never_set_off() -> None:
    lines = [line(1, "1000.00", text="Faktura 100001", **FROM_ACME)]
    result = run([ACME], invoice_and_memo(), lines)[1]
    assert applied(result) == [(1, D("1000.00"))]


def test_a_short_payment_of_an_invoice_less_a_credit_memo_is_for_review() -> None:
    lines = [line(1, "700.00", text="Faktura 100001 - kreditnota 700001", **FROM_ACME)]
    result = run([ACME], invoice_and_memo(), lines)[1]
    # Not our own "part payment of the invoice named" rule: the text names the credit memo
    # too. The group is proposed for review, the credit memo set off in full.
    assert applied(result) == [(1, D("950.00")), (2, D("-250.00"))]
    assert {(a.score, a.confidence) for a in result.applications} == {(2999, Confidence.MEDIUM)}
    assert all(a.review_required for a in result.applications)


def test_our_own_rule_holds_back_when_the_text_names_more_of_the_partys_entries() -> None:
    # Someone else pays exactly invoice 100001, but the text also names the credit memo,
    # which the application would leave out: medium, with a note naming it.
    entries = invoice_and_memo()
    lines = [line(1, "1000.00", text="Faktura 100001 og kreditnota 700001")]
    result = run([ACME, OTHER], entries, lines)[1]
    assert [(a.entry_no, a.amount, a.score) for a in result.applications] == [
        (1, D("1000.00"), 2994)
    ]
    assert result.applications[0].confidence is Confidence.MEDIUM
    note = "not high: the text also names 700001 of customer 10000, which this application"
    assert any(note in n for n in result.notes)
    assert note in result.applications[0].explanation
    # Without the credit memo in the text the same payment is high (our own rule 13).
    alone = run([ACME, OTHER], entries, [line(1, "1000.00", text="Faktura 100001")])[1]
    assert [(a.score, a.confidence) for a in alone.applications] == [(3987, Confidence.HIGH)]


def test_a_part_payment_naming_another_invoice_too_is_for_review() -> None:
    entries = invoices("500.00", "300.00")
    lines = [line(1, "450.00", text="Faktura 100001, se også 100002", **FROM_ACME)]
    result = run([ACME], entries, lines)[1]
    assert result.applications and all(
        a.confidence is Confidence.MEDIUM for a in result.applications
    )
    alone = run([ACME], entries, [line(1, "450.00", text="Faktura 100001", **FROM_ACME)])[1]
    assert [(a.entry_no, a.amount, a.score) for a in alone.applications] == [(1, D("450.00"), 3988)]


def test_a_credit_memo_larger_than_the_invoices_is_left_out_of_the_group() -> None:
    entries = invoice_and_memo(memo="-1200.00")
    lines = [line(1, "1000.00", text="Faktura 100001 - kreditnota 700001", **FROM_ACME)]
    result = run([ACME], entries, lines)[1]
    assert applied(result) == [(1, D("1000.00"))]
    # The invoice alone is NAV's high 4; the credit memo is not set off.
    assert {a.score for a in result.applications} == {3996}


def test_another_partys_credit_memo_is_not_set_off() -> None:
    entries = [*invoice_and_memo()[:1], entry(2, "20000", "-250.00", "700001")]
    lines = [line(1, "750.00", text="Faktura 100001 - kreditnota 700001", **FROM_ACME)]
    result = run([ACME, OTHER], entries, lines)[1]
    assert all(a.entry_no != 2 for a in result.applications)
    assert all(a.amount > 0 for a in result.applications)


def test_a_vendor_invoice_less_the_vendors_credit_memo() -> None:
    vendor = party("V1", "Kontor AS", kind=V, accounts=("11112222333",))
    entries = [
        entry(1, "V1", "-1000.00", "F-1001", kind=V, due_date=date(2026, 2, 10)),
        entry(2, "V1", "200.00", "K-2001", kind=V, due_date=date(2026, 2, 11)),
    ]
    lines = [line(1, "-800.00", text="F-1001 minus K-2001", counterparty_account="11112222333")]
    result = run([vendor], entries, lines)[1]
    assert applied(result) == [(1, D("-1000.00")), (2, D("200.00"))]
    assert sum(a.amount for a in result.applications) == D("-800.00")
    assert {a.confidence for a in result.applications} == {Confidence.HIGH}


def test_a_group_with_a_credit_memo_paid_within_the_discount_period() -> None:
    kw: dict[str, Any] = {"pmt_discount_date": date(2026, 3, 15)}
    entries = [
        entry(1, "10000", "1000.00", "100001", remaining_pmt_disc_possible=D("20.00"), **kw),
        entry(2, "10000", "-250.00", "700001", remaining_pmt_disc_possible=D("-5.00"), **kw),
    ]
    # 1 000 - 250 less the net discount 15 = 735.
    lines = [line(1, "735.00", text="Faktura 100001 - kreditnota 700001", **FROM_ACME)]
    result = run([ACME], entries, lines)[1]
    paid = [(a.entry_no, a.amount, a.discount) for a in result.applications]
    assert paid == [(1, D("980.00"), D("20.00")), (2, D("-245.00"), D("-5.00"))]
    assert sum(a.amount for a in result.applications) == D("735.00")
    assert {a.confidence for a in result.applications} == {Confidence.HIGH}
