"""Properties that hold for any statement and any open entries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from reskontro.domain.matching.engine import MatchingEngine
from reskontro.domain.matching.model import (
    AccountKind,
    Confidence,
    MatchTolerance,
    OpenEntry,
    Party,
    Reserved,
    StatementLine,
    TextMapping,
    ToleranceKind,
)
from reskontro.domain.matching.references import compact_reference, line_references
from reskontro.domain.references.kid import calc_check_digit

C, V = AccountKind.CUSTOMER, AccountKind.VENDOR
PARTIES = [
    Party(C, "C1", "Acme Verksted AS", accounts=("12345678903",)),
    Party(C, "C2", "Berg Transport AS", accounts=("98765432107",)),
    Party(C, "C3", "Acme Verksted AS"),
    Party(V, "V1", "Kontor Leverandør AS", accounts=("11112222333",)),
]
DAY = date(2026, 3, 10)


def kid(number: int) -> str:
    body = f"{number:07d}"
    return f"{body}{calc_check_digit(body)}"


def money(minor: int) -> Decimal:
    return Decimal(minor).scaleb(-2)


entries_strategy = st.lists(
    st.tuples(
        st.sampled_from(PARTIES),
        st.integers(-5000, 5000).filter(bool),
        st.booleans(),  # has a KID
        st.integers(0, 300),  # discount possible (minor units), 0 = none
        st.integers(-40, 5),  # posting date relative to the statement day
        st.integers(0, 2000),  # reserved elsewhere
    ),
    max_size=12,
)
lines_strategy = st.lists(
    st.tuples(
        st.integers(-6000, 6000).filter(bool),
        st.lists(st.integers(0, 13), max_size=3),  # entries whose doc no. is in the text
        st.one_of(st.none(), st.integers(0, 13)),  # entry whose KID is the reference
        st.one_of(st.none(), st.sampled_from(PARTIES)),  # the payer's account
        st.booleans(),  # a fee text
        st.integers(0, 20),  # days before the statement day
    ),
    max_size=8,
)


def build(
    raw_entries: list[tuple[Party, int, bool, int, int, int]],
) -> tuple[list[OpenEntry], list[Reserved]]:
    entries, reserved = [], []
    for no, (party, minor, has_kid, discount, offset, held) in enumerate(raw_entries, start=1):
        sign = 1 if minor > 0 else -1
        entries.append(
            OpenEntry(
                kind=party.kind,
                entry_no=no,
                party_no=party.no,
                document_type="invoice",
                document_no=f"D{no:04d}",
                posting_date=DAY + timedelta(days=offset),
                remaining_amount=money(minor),
                payment_reference=kid(no) if has_kid else "",
                remaining_pmt_disc_possible=money(sign * min(discount, abs(minor) - 1)),
                pmt_discount_date=DAY if discount else None,
            )
        )
        if held and held < abs(minor):
            reserved.append(Reserved(no, party.kind, money(sign * held)))
    return entries, reserved


def build_lines(
    raw_lines: list[tuple[int, list[int], int | None, Party | None, bool, int]],
) -> list[StatementLine]:
    lines = []
    for no, (minor, docs, ref, payer, fee, before) in enumerate(raw_lines, start=1):
        text = " ".join(f"faktura D{d:04d}" for d in docs) + (" Gebyr" if fee else "")
        lines.append(
            StatementLine(
                line_no=no,
                amount=money(minor),
                transaction_date=DAY - timedelta(days=before),
                text=text,
                references=(kid(ref),) if ref is not None else (),
                counterparty_account=payer.accounts[0] if payer and payer.accounts else "",
            )
        )
    return lines


@settings(max_examples=300, deadline=None)
@given(entries_strategy, lines_strategy, st.integers(0, 200), st.booleans())
def test_proposals_never_break_the_books(
    raw_entries: list[tuple[Party, int, bool, int, int, int]],
    raw_lines: list[tuple[int, list[int], int | None, Party | None, bool, int]],
    tolerance: int,
    percent: bool,
) -> None:
    entries, reserved = build(raw_entries)
    lines = build_lines(raw_lines)
    kind = ToleranceKind.PERCENT if percent else ToleranceKind.AMOUNT
    engine = MatchingEngine(
        PARTIES,
        entries,
        tolerance=MatchTolerance(
            kind, money(tolerance) if not percent else Decimal(tolerance % 50)
        ),
        mappings=[TextMapping(1, "Gebyr", AccountKind.GL, "7790", "7770")],
        reserved=reserved,
    )
    results = engine.apply(lines)
    by_no = {e.entry_no: e for e in entries}
    held = {r.entry_no: abs(r.amount) for r in reserved}
    taken: dict[int, Decimal] = {}
    for line, result in zip(lines, results, strict=True):
        assert result.line_no == line.line_no
        sign = 1 if line.amount > 0 else -1
        paid = sum((sign * a.amount for a in result.applications), Decimal(0))
        assert 0 <= paid <= abs(line.amount)  # a line never pays more than it holds
        valid = {r.value for r in line_references(line.references, line.text)}
        same_sign = {
            a.account_no
            for a in result.applications
            if a.entry_no is not None and (by_no[a.entry_no].remaining_amount > 0) == (sign > 0)
        }
        for app in result.applications:
            assert app.discount == 0 or (app.discount > 0) == (app.amount > 0)
            if app.entry_no is None:
                assert app.kind is AccountKind.GL
                assert (app.amount > 0) == (line.amount > 0)
                continue
            entry = by_no[app.entry_no]
            if (entry.remaining_amount > 0) == (line.amount > 0):
                assert (app.amount > 0) == (line.amount > 0)  # the statement's sign
            else:
                # A credit memo: set off, the opposite sign, only in a group that names it
                # (by document no. or reference) beside an entry of the party the line pays.
                assert (app.amount > 0) != (line.amount > 0)
                named = entry.document_no in line.text
                assert named or compact_reference(entry.payment_reference) in valid
                assert entry.party_no in same_sign
            assert entry.posting_date <= line.transaction_date
            assert app.account_no == entry.party_no
            taken[app.entry_no] = taken.get(app.entry_no, Decimal(0)) + abs(
                app.amount + app.discount
            )
            if app.score == 4000:  # the structured-reference rule
                assert app.confidence is Confidence.HIGH
                assert compact_reference(entry.payment_reference) in valid
    for entry_no, amount in taken.items():
        room = abs(by_no[entry_no].remaining_amount) - held.get(entry_no, Decimal(0))
        assert amount <= room  # never over-applied, reservations included
