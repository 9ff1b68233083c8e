"""Text-to-account mappings, the double-posting guard, and learning mapping texts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reskontro.domain.matching.engine import mapping_text_from
from reskontro.domain.matching.model import (
    AccountKind,
    Confidence,
    PostedBankEntry,
    TextMapping,
)

from .build import entry, line, only, party, run

D = Decimal
GL = AccountKind.GL
FEES = TextMapping(1, "Gebyr", GL, debit_account_no="7790", credit_account_no="7770")
FOREIGN_FEES = TextMapping(2, "Gebyr utland", GL, debit_account_no="7791", credit_account_no="7771")
INTEREST = TextMapping(3, "Renter", GL, debit_account_no="8050", credit_account_no="8150")
ACME = party("10000", "Acme AS")


def test_a_fee_line_goes_to_the_credit_account() -> None:
    app = only(
        run([ACME], [], [line(1, "-45.00", text="GEBYR NETTBANK 03/26")], mappings=[FEES])[1]
    )
    assert (app.kind, app.account_no, app.entry_no, app.amount) == (GL, "7770", None, D("-45.00"))
    assert (app.score, app.confidence) == (3000, Confidence.HIGH)
    assert "the text contains “Gebyr” (text mapping 1): G/L account 7770" in app.explanation


def test_money_in_goes_to_the_debit_account() -> None:
    app = only(run([ACME], [], [line(1, "12.50", text="Renter")], mappings=[INTEREST])[1])
    assert app.account_no == "8050"


def test_the_longest_mapping_text_wins() -> None:
    lines = [line(1, "-90.00", text="Gebyr utland SWIFT")]
    app = only(run([ACME], [], lines, mappings=[FEES, FOREIGN_FEES])[1])
    assert app.account_no == "7771"


def test_a_mapping_matches_inside_compound_words_but_whole() -> None:
    compound = run([ACME], [], [line(1, "-9.00", text="Transaksjonsgebyr 3 stk")], mappings=[FEES])
    assert only(compound[1]).account_no == "7770"
    partial = run([ACME], [], [line(1, "-9.00", text="Rente")], mappings=[INTEREST])[1]
    assert partial.applications == []


def test_a_mapping_beats_medium_matches_and_yields_to_high_ones() -> None:
    entries = [entry(1, "10000", "45.00", "100001", payment_reference="00000123455")]
    medium = run([ACME], entries, [line(1, "45.00", text="Renter")], mappings=[INTEREST])
    high = run(
        [ACME],
        entries,
        [line(1, "45.00", text="Renter", references=("00000123455",))],
        mappings=[INTEREST],
    )
    assert only(medium[1]).account_no == "8050"  # 3000 > low 4 (1996)
    assert only(high[1]).entry_no == 1  # the KID (4000) wins


def test_a_line_naming_an_open_entry_is_not_mapped() -> None:
    # The payer adds the reminder fee to the invoice: "gebyr" does not make it a bank fee.
    entries = [entry(1, "10000", "1000.00", "105172")]
    lines = [line(1, "1035.00", text="Faktura 105172 + purregebyr")]
    result = run([ACME], entries, lines, mappings=[FEES])[1]
    assert [a.entry_no for a in result.applications] == [1]


def test_a_known_payer_paying_an_open_amount_is_not_mapped() -> None:
    dues = TextMapping(5, "Avgift", GL, debit_account_no="3900", credit_account_no="7770")
    member = party("10000", "Acme AS", accounts=("12345678903",))
    entries = [entry(1, "10000", "499.00"), entry(2, "10000", "499.00")]
    lines = [line(1, "499.00", text="Årsavgift", counterparty_account="12345678903")]
    result = run([member], entries, lines, mappings=[dues])[1]
    assert [a.entry_no for a in result.applications] == [1]
    stranger = run([member], entries, [line(1, "499.00", text="Årsavgift")], mappings=[dues])[1]
    assert only(stranger).account_no == "3900"
    # Named only (and the name is not unique: partially), the payer still pays its entry.
    twin = party("20000", "Acme AS")
    named = [line(1, "499.00", text="Årsavgift", counterparty_name="ACME AS")]
    assert run([member, twin], entries, named, mappings=[dues])[1].applications[0].entry_no == 1


def test_the_counterpartys_name_is_not_searched_for_mappings() -> None:
    lines = [line(1, "-150.00", text="AvtaleGiro Ola Renterud", counterparty_name="Ola Renterud")]
    assert run([ACME], [], lines, mappings=[INTEREST])[1].applications == []


def test_the_guard_does_not_post_a_fee_twice() -> None:
    posted = [PostedBankEntry(77, D("-45.00"), date(2026, 3, 8), "Gebyr", bal_account_no="7770")]
    result = run(
        [ACME],
        [],
        [line(1, "-45.00", text="Gebyr")],
        mappings=[FEES],
        posted_bank_entries=posted,
    )[1]
    assert result.applications == []
    assert (
        "bank ledger entry 77 of 2026-03-08 already posts -45.00 to account 7770"
        in (result.notes[0])
    )


@pytest.mark.parametrize(
    ("posted_on", "amount", "account"),
    [
        (date(2026, 3, 7), "-45.00", "7770"),  # three days before
        (date(2026, 3, 10), "-46.00", "7770"),  # another amount
        (date(2026, 3, 10), "-45.00", "7790"),  # another account
    ],
)
def test_the_guard_needs_the_same_amount_account_and_near_date(
    posted_on: date, amount: str, account: str
) -> None:
    posted = [PostedBankEntry(77, D(amount), posted_on, bal_account_no=account)]
    result = run(
        [ACME],
        [],
        [line(1, "-45.00", text="Gebyr")],
        mappings=[FEES],
        posted_bank_entries=posted,
    )[1]
    assert only(result).account_no == "7770"


def test_a_customer_mapping() -> None:
    rent = TextMapping(4, "Husleie Storgata", AccountKind.CUSTOMER, account_no="10000")
    app = only(
        run([ACME], [], [line(1, "9000.00", text="HUSLEIE STORGATA 1 MARS")], mappings=[rent])[1]
    )
    assert (app.kind, app.account_no, app.entry_no) == (AccountKind.CUSTOMER, "10000", None)


@pytest.mark.parametrize(
    ("text", "learned"),
    [
        ("GEBYR NETTBANK 12.03.2026 KR 45,00", "GEBYR NETTBANK"),
        ("Renter 1. kvartal 2026", "Renter"),
        ("12.03 4500,00", ""),
        ("Overføring NOK 1200 fra sparekonto", "Overføring"),
        ("", ""),
    ],
)
def test_what_is_learned_from_a_line_text(text: str, learned: str) -> None:
    assert mapping_text_from(text) == learned
