"""Applying as NAV does, with the worked examples of reference/collections.md §2."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reskontro.domain.application import ApplicationSetup, Target, apply_entries
from reskontro.domain.enums import AccountType, DetailedEntryType, DocumentType
from reskontro.domain.errors import ApplicationError
from reskontro.domain.ledger import Counters, DetailedEntry, PartyEntry

D = Decimal
INVOICE_DATE = date(2026, 1, 1)
DISCOUNT_DATE = date(2026, 1, 11)
TOLERANCE_DATE = date(2026, 1, 16)  # discount date + 5D grace
SETUP = ApplicationSetup(
    payment_tolerance_pct=D("1"), max_payment_tolerance=D("5"), pmt_disc_grace_period="5D"
)


def entry(
    entry_no: int,
    amount: str,
    document_type: DocumentType,
    *,
    posting_date: date = INVOICE_DATE,
    discount: str = "0",
    tolerance: str = "0",
) -> PartyEntry:
    value = D(amount)
    has_discount = D(discount) != 0
    return PartyEntry(
        party_type=AccountType.CUSTOMER,
        entry_no=entry_no,
        party_no="10000",
        transaction_no=entry_no,
        posting_date=posting_date,
        document_date=posting_date,
        document_type=document_type,
        document_no=f"D{entry_no}",
        description="",
        currency="",
        amount=value,
        amount_lcy=value,
        remaining_amount=value,
        remaining_amount_lcy=value,
        posting_group="DOMESTIC",
        due_date=date(2026, 1, 31),
        pmt_discount_date=DISCOUNT_DATE if has_discount else None,
        original_pmt_disc_possible=D(discount),
        remaining_pmt_disc_possible=D(discount),
        pmt_disc_tolerance_date=TOLERANCE_DATE if has_discount else None,
        max_payment_tolerance=D(tolerance),
    )


def invoice_1000() -> PartyEntry:
    return entry(1, "1000.00", DocumentType.INVOICE, discount="20.00", tolerance="5.00")


def pay(amount: str, on: date, *targets: PartyEntry) -> tuple[PartyEntry, list[DetailedEntry]]:
    payment = entry(9, f"-{amount}", DocumentType.PAYMENT, posting_date=on)
    details = apply_entries(
        payment,
        [Target(t) for t in targets],
        posting_date=on,
        counters=Counters(),
        transaction_no=100,
        setup=SETUP,
    )
    return payment, details


def amounts(details: list[DetailedEntry], kind: DetailedEntryType) -> list[Decimal]:
    return [d.amount for d in details if d.entry_type is kind]


def test_discount_taken_when_paid_by_the_discount_date() -> None:
    invoice = invoice_1000()
    payment, details = pay("980.00", DISCOUNT_DATE, invoice)
    assert amounts(details, DetailedEntryType.PAYMENT_DISCOUNT) == [D("-20.00")]
    assert not invoice.open and not payment.open
    assert invoice.remaining_amount == payment.remaining_amount == 0
    assert invoice.closed_by_entry_no == payment.entry_no


@pytest.mark.parametrize(
    ("paid", "on", "kinds", "invoice_left", "payment_left"),
    [
        # NAV's table (finance-payment-tolerance-and-payment-discount-tolerance):
        (
            "985.00",
            DISCOUNT_DATE,
            {"payment_discount": "-20.00", "payment_tolerance": "5.00"},
            "0",
            "0",
        ),
        (
            "975.00",
            DISCOUNT_DATE,
            {"payment_discount": "-20.00", "payment_tolerance": "-5.00"},
            "0",
            "0",
        ),
        ("995.00", TOLERANCE_DATE, {"payment_discount_tolerance": "-20.00"}, "0", "-15.00"),
        ("985.00", date(2026, 1, 17), {}, "15.00", "0"),
    ],
)
def test_payment_tolerance_and_discount_tolerance(
    paid: str, on: date, kinds: dict[str, str], invoice_left: str, payment_left: str
) -> None:
    invoice = invoice_1000()
    payment, details = pay(paid, on, invoice)
    posted = {
        d.entry_type.value: str(d.amount)
        for d in details
        if d.entry_type is not DetailedEntryType.APPLICATION
    }
    assert posted == kinds
    assert invoice.remaining_amount == D(invoice_left)
    assert payment.remaining_amount == D(payment_left)
    assert invoice.open == (D(invoice_left) != 0)
    assert payment.open == (D(payment_left) != 0)


def test_partial_payment_leaves_the_rest_open_and_keeps_the_discount_possible() -> None:
    invoice = invoice_1000()
    payment, _ = pay("400.00", date(2026, 1, 5), invoice)
    assert invoice.open and invoice.remaining_amount == D("600.00")
    assert invoice.remaining_pmt_disc_possible == D("20.00")
    assert not payment.open


def test_overpayment_stays_open_on_the_customer() -> None:
    invoice = entry(1, "1000.00", DocumentType.INVOICE, tolerance="5.00")
    payment, _ = pay("1200.00", date(2026, 2, 1), invoice)
    assert not invoice.open
    assert payment.open and payment.remaining_amount == D("-200.00")


def test_credit_memo_and_payment_close_an_invoice_together() -> None:
    invoice = entry(1, "1000.00", DocumentType.INVOICE)
    credit = entry(2, "-300.00", DocumentType.CREDIT_MEMO)
    payment, details = pay("700.00", date(2026, 2, 1), invoice, credit)
    assert not invoice.open and not credit.open and not payment.open
    # every detailed row is matched by its mirror: the application nets to zero
    assert sum(d.amount for d in details) == 0


def test_several_invoices_oldest_due_first_when_money_is_short() -> None:
    older = entry(1, "500.00", DocumentType.INVOICE)
    newer = entry(2, "500.00", DocumentType.INVOICE)
    newer.due_date = date(2026, 3, 1)
    pay("600.00", date(2026, 2, 1), newer, older)
    assert not older.open
    assert newer.remaining_amount == D("400.00")


def test_application_rounding_closes_a_tiny_residual() -> None:
    invoice = entry(1, "100.40", DocumentType.INVOICE)
    payment = entry(9, "-100.00", DocumentType.PAYMENT, posting_date=date(2026, 2, 1))
    details = apply_entries(
        payment,
        [Target(invoice)],
        posting_date=date(2026, 2, 1),
        counters=Counters(),
        transaction_no=1,
        setup=ApplicationSetup(),
        rounding_precision=D("0.50"),
    )
    assert amounts(details, DetailedEntryType.APPLICATION_ROUNDING) == [D("-0.40")]
    assert not invoice.open and not payment.open


def test_entries_of_another_customer_are_refused() -> None:
    invoice = invoice_1000()
    invoice.party_no = "20000"
    with pytest.raises(ApplicationError, match="different customers"):
        pay("980.00", DISCOUNT_DATE, invoice)


def test_amount_to_apply_limits_the_application() -> None:
    invoice = invoice_1000()
    payment = entry(9, "-980.00", DocumentType.PAYMENT, posting_date=DISCOUNT_DATE)
    apply_entries(
        payment,
        [Target(invoice, D("300.00"))],
        posting_date=DISCOUNT_DATE,
        counters=Counters(),
        transaction_no=1,
        setup=SETUP,
    )
    assert invoice.remaining_amount == D("700.00")
    assert payment.remaining_amount == D("-680.00")
