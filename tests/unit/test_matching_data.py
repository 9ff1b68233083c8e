"""The matching bench's statement generator: the same seed gives the same statement, and the
answers it holds for each line are ones a bookkeeper could actually make in those books; and
the bench's scoring of the engine's applications against those answers."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal

import bench.matching_data as matching_data
import pytest
from bench.matching_data import MAPPINGS, SHARES, ScenarioKind, Truth, TruthApplication, generate
from bench.matching_quality import Tally
from stdnum import iban
from stdnum.no import kontonr

from reskontro.domain.matching.model import AccountKind, Application, Confidence, LineResult
from reskontro.domain.references import kid

LINES = 3000
SCENARIO = generate(7, LINES, LINES, 4)
ENTRIES = {e.entry_no: e for e in SCENARIO.entries}
PARTIES = {(p.kind, p.no): p for p in SCENARIO.parties}


def lines_of(*kinds: ScenarioKind):
    return [
        (line, SCENARIO.truth[line.line_no])
        for line in SCENARIO.lines
        if SCENARIO.truth[line.line_no].kind in kinds
    ]


def test_the_same_seed_gives_the_same_scenario_and_another_seed_another():
    first, again = generate(3, 400, 150, 3), generate(3, 400, 150, 3)
    assert first == again
    other = generate(4, 400, 150, 3)
    assert [line.amount for line in other.lines] != [line.amount for line in first.lines]


def test_every_line_has_its_truth_and_the_asked_number_of_lines():
    assert len(SCENARIO.lines) == LINES
    assert [line.line_no for line in SCENARIO.lines] == list(range(1, LINES + 1))
    assert set(SCENARIO.truth) == set(range(1, LINES + 1))
    days = [line.transaction_date for line in SCENARIO.lines]
    assert days == sorted(days)


def test_every_applied_entry_is_open_belongs_to_the_payer_and_has_the_line_s_sign():
    checked = 0
    for line, truth in lines_of(*ScenarioKind):
        for applied in truth.applications:
            entry = ENTRIES[applied.entry_no]
            assert entry.kind is applied.kind
            assert entry.party_no == truth.party_no, line
            assert (entry.kind, entry.party_no) in PARTIES
            assert entry.posting_date <= line.transaction_date, line
            assert (applied.amount > 0) == (entry.remaining_amount > 0), line
            if truth.kind is not ScenarioKind.NET_OF_CREDIT_MEMO:
                assert (applied.amount > 0) == (line.amount > 0), line
            checked += 1
    assert checked > LINES


def test_no_entry_is_paid_beyond_its_remaining_amount():
    paid: dict[int, Decimal] = defaultdict(Decimal)
    for truth in SCENARIO.truth.values():
        for applied in truth.applications:
            paid[applied.entry_no] += applied.amount + applied.discount
    for entry_no, amount in paid.items():
        assert abs(amount) <= abs(ENTRIES[entry_no].remaining_amount), entry_no


def test_what_is_applied_adds_up_to_the_line_except_the_rest_of_an_overpayment():
    for line, truth in lines_of(*ScenarioKind):
        if truth.is_nothing or truth.gl_account:
            continue
        applied = sum(a.amount for a in truth.applications)
        if truth.kind is ScenarioKind.OVERPAYMENT:
            assert 0 < applied < line.amount, line
        else:
            assert applied == line.amount, line


def test_partial_payments_leave_the_invoice_open_and_discounts_only_in_time():
    for _, truth in lines_of(ScenarioKind.PARTIAL, ScenarioKind.DISCOUNT_LATE):
        (applied,) = truth.applications
        assert applied.discount == 0
        assert 0 < applied.amount < ENTRIES[applied.entry_no].remaining_amount
    discounts = lines_of(ScenarioKind.DISCOUNT)
    assert discounts
    for line, truth in discounts:
        (applied,) = truth.applications
        entry = ENTRIES[applied.entry_no]
        assert entry.pmt_discount_date is not None
        assert line.transaction_date <= entry.pmt_discount_date
        assert applied.discount == entry.remaining_pmt_disc_possible > 0
        assert applied.amount + applied.discount == entry.remaining_amount


def test_kid_payments_carry_the_invoice_s_valid_kid_and_broken_ones_match_nothing():
    kids = {e.payment_reference for e in SCENARIO.entries if e.payment_reference}
    for line, truth in lines_of(ScenarioKind.KID_STRUCTURED):
        (reference,) = line.references
        assert kid.is_valid(reference)
        assert ENTRIES[truth.applications[0].entry_no].payment_reference == reference
    for line, truth in lines_of(ScenarioKind.KID_IN_TEXT):
        wanted = ENTRIES[truth.applications[0].entry_no].payment_reference
        assert line.references == ()
        assert wanted in line.text.replace(" ", "")
    broken = lines_of(ScenarioKind.KID_BROKEN)
    assert broken
    for line, _ in broken:
        given = line.references[0] if line.references else line.text.removeprefix("KID ")
        assert not kid.is_valid(given)
        assert given not in kids


def test_an_invoice_paid_twice_has_a_valid_kid_but_nothing_open_to_apply():
    twice = lines_of(ScenarioKind.PAID_TWICE)
    assert twice
    kids = {e.payment_reference for e in SCENARIO.entries}
    for line, truth in twice:
        assert truth.is_nothing
        assert truth.party_no
        (reference,) = line.references
        assert kid.is_valid(reference)
        assert reference not in kids


def test_fees_and_interest_go_to_the_account_their_mapping_gives_when_one_fits():
    mapped = 0
    for line, truth in lines_of(ScenarioKind.FEE, ScenarioKind.INTEREST):
        assert truth.gl_account
        assert not truth.applications
        fits = [m for m in MAPPINGS if m.text.casefold() in line.text.casefold()]
        if fits:
            (mapping,) = fits
            wanted = mapping.debit_account_no if line.amount > 0 else mapping.credit_account_no
            assert truth.gl_account == wanted, line
            mapped += 1
    assert mapped > 0


def test_every_kind_is_drawn_about_as_often_as_its_share():
    counts = Counter(truth.kind for truth in SCENARIO.truth.values())
    for kind, share in SHARES.items():
        expected = share * LINES / 1000
        assert expected / 2 <= counts[kind] <= expected * 2, (kind, counts[kind], expected)


def test_the_shares_table_in_the_docstring_is_the_one_used():
    doc = matching_data.__doc__ or ""
    table = dict(re.findall(r"^([a-z_]+)\s+(\d+)\s", doc, flags=re.MULTILINE))
    assert {ScenarioKind(k): int(v) for k, v in table.items()} == SHARES
    assert sum(SHARES.values()) == 1000


def test_the_books_hold_the_names_a_nordic_bookkeeper_meets():
    names = [p.name for p in SCENARIO.parties]
    endings = Counter(name.rsplit(" ", 1)[-1] for name in names)
    assert endings["AS"] and endings["ASA"] and endings["AB"]
    assert any("-" in name for name in names)
    assert any(set(name) & set("æøåÆØÅ") for name in names)
    assert any(set(name) & set("äöÄÖ") for name in names)
    assert [name for name in names if len(name) <= 6]
    bases = {name.rsplit(" ", 1)[0] for name in names if name.endswith(" AS")}
    assert any(name.rsplit(" ", 2)[0] in bases for name in names if name.endswith(" Holding AS"))
    assert len(names) > len(set(names)), "some people share a name"


def test_accounts_on_file_are_valid_norwegian_accounts_or_ibans():
    accounts = [a for p in SCENARIO.parties for a in p.accounts]
    assert len(accounts) > len(SCENARIO.parties) // 3
    for account in accounts:
        compact = account.replace(" ", "").replace(".", "")
        assert kontonr.is_valid(compact) or iban.is_valid(compact), account
    assert any("." in a for a in accounts) and any(a.startswith("SE") for a in accounts)


def test_invoices_carry_valid_kids_mod10_and_mod11_some_ending_in_a_dash():
    kids = [
        e.payment_reference
        for e in SCENARIO.entries
        if e.kind is AccountKind.CUSTOMER and e.document_type == "invoice"
    ]
    assert all(kid.is_valid(k) for k in kids)
    assert any(k.endswith("-") for k in kids)
    assert any(kid.is_valid(k, "mod10") for k in kids)
    assert any(kid.is_valid(k, "mod11") and not kid.is_valid(k, "mod10") for k in kids)
    assert len(set(kids)) == len(kids)


def test_equal_amount_lines_pay_an_amount_other_open_invoices_have_too():
    amounts = Counter(e.remaining_amount for e in SCENARIO.entries)
    lines = lines_of(ScenarioKind.EQUAL_AMOUNTS)
    assert lines
    for line, _ in lines:
        assert amounts[line.amount] > 1


@pytest.mark.parametrize(
    ("entry_no", "amount", "accepted"),
    [(5, Decimal("100.00"), True), (5, Decimal("99.00"), False), (6, Decimal("100.00"), False)],
)
def test_a_truth_accepts_only_its_entries_with_their_amounts(entry_no, amount, accepted):
    truth = Truth(
        ScenarioKind.INVOICE_NO_TEXT,
        (TruthApplication(AccountKind.CUSTOMER, 5, Decimal("100.00")),),
        party_no="10001",
    )
    assert truth.accepts(AccountKind.CUSTOMER, "10001", entry_no, amount) is accepted
    assert not truth.accepts(AccountKind.VENDOR, "10001", 5, Decimal("100.00"))
    assert not truth.accepts(AccountKind.GL, "7770", None, Decimal("100.00"))
    fee = Truth(ScenarioKind.FEE, gl_account="7770")
    assert fee.accepts(AccountKind.GL, "7770", None, Decimal("-25.00"))
    assert not fee.accepts(AccountKind.GL, "8050", None, Decimal("-25.00"))


def test_the_quality_bench_counts_a_wrong_high_application_against_the_reference_goal():
    line, truth = lines_of(ScenarioKind.KID_STRUCTURED)[0]
    (wanted,) = truth.applications

    def result(amount: Decimal) -> LineResult:
        applied = Application(
            line_no=line.line_no,
            kind=AccountKind.CUSTOMER,
            account_no=truth.party_no,
            entry_no=wanted.entry_no,
            amount=amount,
            discount=Decimal(0),
            score=4000,
            confidence=Confidence.HIGH,
            rule="high 0",
            explanation="KID",
        )
        return LineResult(line.line_no, [applied])

    tally = Tally()
    assert tally.add(line, truth, result(wanted.amount)) == []
    wrong = tally.add(line, truth, result(wanted.amount - Decimal("0.01")))
    assert len(wrong) == 1
    assert (tally.exact, tally.wrong_high, tally.wrong_high_with_reference) == (1, 1, 1)
    assert tally.figures()["high_precision_percent"] == "50.00"
