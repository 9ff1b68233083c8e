"""The criteria one at a time, and NAV's faults (bc_matching.md §12) fixed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from reskontro.domain.matching.model import (
    Confidence,
    MatchTolerance,
    TextMapping,
    ToleranceKind,
)
from reskontro.domain.matching.rules import BASE_RULES

from .build import GL, V, entry, line, only, party, run

D = Decimal
NORDLYS = party(
    "10000", "Nordlys Bygg AS", accounts=("12345678903",), address="Storgata 1", city="Oslo"
)
FJORD = party("20000", "Fjord Fisk AS", accounts=("NO91 9876 5432 107",))


# -- related party -------------------------------------------------------------------------


def test_the_payer_account_identifies_the_party_fully() -> None:
    result = run(
        [NORDLYS, FJORD],
        [entry(1, "10000", "1000.00")],
        [line(1, "1000.00", counterparty_account="NO93 1234 5678 903")],
    )[1]
    app = only(result)
    assert app.score == 3991  # high 9: party fully, no document no., one amount
    assert "payer account NO93 1234 5678 903 is customer 10000’s" in app.explanation


def test_a_domestic_account_meets_the_partys_iban() -> None:
    result = run(
        [NORDLYS, FJORD],
        [entry(1, "20000", "70.00")],
        [line(1, "70.00", counterparty_account="9876.54.32107")],
    )[1]
    assert only(result).score == 3991


def test_a_unique_name_is_fully_a_shared_name_partially() -> None:
    twin = party("30000", "Nordlys Bygg AS")
    entries = [entry(1, "10000", "500.00")]
    alone = run([NORDLYS, FJORD], entries, [line(1, "500.00", counterparty_name="NORDLYS BYGG")])
    shared = run(
        [NORDLYS, FJORD, twin], entries, [line(1, "500.00", counterparty_name="NORDLYS BYGG")]
    )
    assert only(alone[1]).score == 3991  # fully (unique name)
    assert "no other party has that name" in only(alone[1]).explanation
    assert only(shared[1]).score == 2992  # partially: medium 8


def test_the_address_makes_a_shared_name_fully() -> None:
    twin = party("30000", "Nordlys Bygg AS", address="Fjordveien 9", city="Bergen")
    result = run(
        [NORDLYS, twin],
        [entry(1, "10000", "500.00")],
        [
            line(
                1,
                "500.00",
                counterparty_name="Nordlys Bygg",
                counterparty_address="Storgata 1, 0155 Oslo",
            )
        ],
    )[1]
    assert only(result).score == 3991
    assert "the address is the party’s" in only(result).explanation


def test_a_nearly_equal_name_is_still_the_party() -> None:
    # One letter off in a long name is above rapidfuzz 95.
    long_name = party("40000", "Vestlandske Rørleggerforretning AS")
    result = run(
        [long_name],
        [entry(1, "40000", "800.00")],
        [line(1, "800.00", counterparty_name="Vestlandske Rørleggerforetning")],
    )[1]
    assert only(result).score == 3991
    assert "% alike" in only(result).explanation


def test_a_different_name_is_not_the_party() -> None:
    result = run(
        [NORDLYS],
        [entry(1, "10000", "800.00"), entry(2, "10000", "900.00")],
        [line(1, "800.00", counterparty_name="Nordlis Bygg Vest")],
    )[1]
    # Only the amount matches: low 4, and nothing says who paid.
    assert only(result).score == 1996
    assert "payer not identified" in only(result).explanation


def test_a_short_name_inside_unrelated_text_is_not_a_party_match() -> None:
    # NAV finds "Bo" in "Bolig" or "bo" in any text and, the name being unique, says fully.
    bo = party("50000", "Bo AS")
    entries = [entry(1, "50000", "450.00"), entry(2, "50000", "600.00")]
    result = run([bo, NORDLYS], entries, [line(1, "610.00", text="Husleie bo Bolig")])[1]
    assert result.applications == []


def test_a_long_name_in_free_text_is_found() -> None:
    result = run(
        [NORDLYS, FJORD],
        [entry(1, "20000", "610.00"), entry(2, "10000", "610.00")],
        [line(1, "610.00", text="Innbetaling fra Fjord Fisk as")],
    )[1]
    app = only(result)
    assert app.entry_no == 1
    assert "the text names customer 20000 (Fjord Fisk AS)" in app.explanation


def test_a_name_that_fits_many_parties_names_none() -> None:
    hansens = [party(f"H{i}", "Per Hansen") for i in range(8)]
    entries = [entry(i + 1, f"H{i}", "100.00") for i in range(8)]
    result = run(hansens, entries, [line(1, "100.00", counterparty_name="Per Hansen")])[1]
    assert result.applications == []
    assert any("fits 8 parties" in note for note in result.notes)


# -- document no. --------------------------------------------------------------------------


def test_every_occurrence_of_a_document_no_counts() -> None:
    # NAV tests the first occurrence only; "X100023" comes first and is no match.
    result = run(
        [NORDLYS],
        [entry(1, "10000", "999.00", "100023")],
        [line(1, "999.00", text="Ref X100023, faktura 100023")],
        rules=BASE_RULES,
    )[1]
    app = only(result)
    assert app.score == 2994  # NAV's medium 6: document yes, amount one, party unknown
    assert "document no. 100023 of invoice 100023 in the text" in app.explanation


def test_an_external_document_no_counts() -> None:
    vendor = party("V1", "Kontorleverandøren AS", kind=V)
    bill = entry(1, "V1", "-4000.00", "F-5567", kind=V, external_document_no="INV5567")
    app = only(run([vendor], [bill], [line(1, "-4000.00", text="Betaling INV5567")])[1])
    assert app.entry_no == 1 and app.amount == D("-4000.00")
    assert "external document no. INV5567 of invoice F-5567" in app.explanation


def test_leading_zeros_are_exact_and_short_numbers_ignored() -> None:
    entries = [entry(1, "10000", "10.00", "1001"), entry(2, "10000", "20.00", "123")]
    assert run([NORDLYS], entries, [line(1, "5.00", text="Faktura 01001")])[1].applications == []
    assert run([NORDLYS], entries, [line(1, "5.00", text="Faktura 123")])[1].applications == []


def test_a_credit_memo_number_does_not_take_money_in() -> None:
    # The inverted-sign fault of NAV's documentation: money in pays invoices, never credit memos.
    entries = [entry(1, "10000", "-250.00", "CR7001")]
    result = run([NORDLYS], entries, [line(1, "250.00", text="Kreditnota CR7001")])[1]
    assert result.applications == []


def test_money_out_pays_a_customer_credit_memo() -> None:
    entries = [entry(1, "10000", "-250.00", "CR7001"), entry(2, "10000", "250.00", "100002")]
    app = only(run([NORDLYS], entries, [line(1, "-250.00", text="Refusjon CR7001")])[1])
    assert (app.entry_no, app.amount) == (1, D("-250.00"))


def test_an_entry_posted_after_the_line_is_not_a_candidate() -> None:
    late = entry(1, "10000", "300.00", "100001", posting_date=date(2026, 3, 20))
    assert run([NORDLYS], [late], [line(1, "300.00", text="100001")])[1].applications == []


# -- structured reference --------------------------------------------------------------------


def test_a_valid_kid_equal_to_the_entrys_reference_is_the_top_rule() -> None:
    entries = [entry(1, "10000", "1250.00", payment_reference="0000 0123 455")]
    app = only(run([NORDLYS], entries, [line(1, "1250.00", references=("00000123455",))])[1])
    assert (app.score, app.confidence) == (4000, Confidence.HIGH)
    assert app.explanation.startswith(
        "KID/OCR 00000123455 valid and equal to invoice 100001’s payment reference"
    )


def test_a_kid_with_a_wrong_check_digit_matches_nothing() -> None:
    # The entry carries the broken KID too: equality alone is not enough.
    entries = [
        entry(1, "10000", "1250.00", payment_reference="00000123456"),
        entry(2, "10000", "1250.00", payment_reference="00000123455"),
    ]
    result = run([NORDLYS], entries, [line(1, "1250.00", references=("00000123456",))])[1]
    assert result.applications == []


def test_a_mod11_kid_ending_in_a_dash_matches() -> None:
    entries = [entry(1, "10000", "80.00", payment_reference="00000123451-")]
    app = only(run([NORDLYS], entries, [line(1, "80.00", text="KID 00000123451-")])[1])
    assert app.score == 4000
    assert "(found in the text)" in app.explanation


def test_a_valid_number_in_text_matches_only_an_entrys_reference() -> None:
    # 00000123455 is a valid KID, but no entry carries it: it identifies nothing.
    entries = [entry(1, "10000", "80.00", payment_reference="123456785")]
    result = run([NORDLYS], entries, [line(1, "81.00", text="KID 00000123455")])[1]
    assert result.applications == []


def test_an_rf_reference_matches() -> None:
    entries = [entry(1, "10000", "80.00", payment_reference="RF18 5390 0754 7034")]
    app = only(run([NORDLYS], entries, [line(1, "79.00", references=("RF18539007547034",))])[1])
    assert (app.score, app.amount) == (4000, D("79.00"))


# -- amount ----------------------------------------------------------------------------------


def test_one_match_is_counted_per_party_when_the_party_is_known() -> None:
    # NAV counts 1 000.00 among all customers: two entries → "multiple", medium 3. The line
    # names customer 10000, which has one entry of that amount: high 9.
    entries = [entry(1, "10000", "1000.00"), entry(2, "20000", "1000.00")]
    result = run(
        [NORDLYS, FJORD], entries, [line(1, "1000.00", counterparty_account="12345678903")]
    )[1]
    app = only(result)
    assert (app.entry_no, app.score, app.confidence) == (1, 3991, Confidence.HIGH)
    assert "customer 10000’s only open entry of this amount" in app.explanation


def test_one_match_is_counted_globally_when_the_party_is_unknown() -> None:
    entries = [entry(1, "10000", "1000.00", "100001"), entry(2, "20000", "1000.00")]
    lines = [line(1, "1000.00", text="100001")]
    app = only(run([NORDLYS, FJORD], entries, lines, rules=BASE_RULES)[1])
    assert app.score == 2991  # NAV's medium 9: document yes, amount multiple, party unknown


def test_the_match_tolerance_by_amount_and_by_percent() -> None:
    entries = [entry(1, "10000", "1000.00", "100001")]
    lines = [line(1, "999.00", text="100001")]
    by_amount = MatchTolerance(ToleranceKind.AMOUNT, D("1.00"))
    by_percent = MatchTolerance(ToleranceKind.PERCENT, D("0.05"))
    nav = BASE_RULES
    assert only(run([NORDLYS], entries, lines, tolerance=by_amount, rules=nav)[1]).score == 2994
    assert only(run([NORDLYS], entries, lines, tolerance=by_percent, rules=nav)[1]).score == 2991
    explanation = only(run([NORDLYS], entries, lines, tolerance=by_amount)[1]).explanation
    assert "is within the match tolerance of the remaining amount 1 000.00" in explanation


def test_the_discounted_amount_counts_until_the_discount_date() -> None:
    invoice = entry(
        1,
        "10000",
        "1000.00",
        "100001",
        remaining_pmt_disc_possible=D("20.00"),
        pmt_discount_date=date(2026, 3, 10),
    )
    nav = BASE_RULES
    in_time = only(run([NORDLYS], [invoice], [line(1, "980.00", text="100001")], rules=nav)[1])
    assert (in_time.amount, in_time.discount, in_time.score) == (D("980.00"), D("20.00"), 2994)
    assert "equals the remaining amount 1 000.00 less the discount 20.00" in in_time.explanation
    late_line = line(1, "980.00", date(2026, 3, 11), text="100001")
    late = only(run([NORDLYS], [invoice], [late_line], rules=nav)[1])
    assert (late.amount, late.discount, late.score) == (D("980.00"), D("0.00"), 2991)


def test_a_party_with_very_many_entries_is_searched_by_amount() -> None:
    many = [entry(i, "10000", str(D(1000 + i))) for i in range(1, 251)]
    lines = [line(1, "1100.00", counterparty_account="12345678903")]
    result = run([NORDLYS], many, lines)[1]
    app = only(result)
    assert (app.entry_no, app.score) == (100, 3991)
    unknown = run([NORDLYS], many, [line(1, "5.00", counterparty_account="12345678903")])[1]
    assert unknown.applications == []
    assert any("has 250 open entries; only those of the line's amount" in n for n in unknown.notes)


def test_a_street_address_picks_the_payer_out_of_many_of_the_same_name() -> None:
    # Seven customers called Trond Hagen are too many for the name to name one; the street
    # the bank gives (without the city) names the one who lives there, partially.
    namesakes = [
        party(f"3000{i}", "Trond Hagen", address=f"Storgata {i + 1}", city="Skien")
        for i in range(6)
    ]
    payer = party("40000", "Trond Hagen", address="Drottninggatan 80", city="Jönköping")
    entries = [entry(1, "40000", "2500.00"), entry(2, "30001", "2500.00")]
    fee = TextMapping(1, "Avgift", GL, "7770", "7770")
    given: dict[str, Any] = {"counterparty_name": "TROND HAGEN", "text": "Årsavgift"}
    at_street = line(1, "2500.00", counterparty_address="Drottninggatan 80", **given)
    result = run([*namesakes, payer], entries, [at_street], mappings=[fee])[1]
    app = only(result)
    # Not the fee mapping ("Årsavgift" holds "avgift"): the payer has an open entry of the
    # amount. For review: the name is shared.
    assert (app.entry_no, app.score, app.confidence) == (1, 2992, Confidence.MEDIUM)
    assert "payer name “TROND HAGEN” is customer 40000’s name" in app.explanation
    elsewhere = line(1, "2500.00", counterparty_address="Kungsgatan 1", **given)
    nobody = run([*namesakes, payer], entries, [elsewhere], mappings=[fee])[1]
    # Another street names none of them: nothing says the line pays an entry.
    assert only(nobody).entry_no is None
