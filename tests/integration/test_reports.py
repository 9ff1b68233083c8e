"""Reports on a small hand-built ledger: exact figures, as of a date, on SQLite and PostgreSQL.

There is no posting service to build the ledger with yet, so :class:`Books` writes the rows
posting would write: an entry, its detailed entries and the G/L entries of each transaction.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reskontro.domain.enums import (
    DetailedEntryType,
    DocumentType,
    GLAccountCategory,
    GLAccountKind,
)
from reskontro.services.reports import (
    AgingLine,
    AgingTotal,
    CustomerBalance,
    aging,
    customer_balances,
    customer_ledger,
    gl_registers,
    trial_balance,
)
from reskontro.storage.models import (
    Company,
    Customer,
    CustomerLedgerEntryRow,
    CustomerPostingGroup,
    DetailedCustomerEntryRow,
    GLAccount,
    GLEntryRow,
    RegisterRow,
)
from reskontro.storage.uow import UnitOfWork

D = Decimal
AS_OF = date(2026, 6, 30)
RECEIVABLES, BANK, REVENUE = "1500", "1920", "3000"


def days_before(days: int) -> date:
    return AS_OF - timedelta(days=days)


class Books:
    """Writes ledger rows as posting would: each call is one balanced transaction."""

    def __init__(self, session: Session, name: str) -> None:
        self.session = session
        company = Company(
            name=name, country="NO", currency="NOK", created_at=datetime(2026, 1, 1, tzinfo=UTC)
        )
        session.add(company)
        session.flush()
        self.company_id = company.id
        self.last = {"cle": 0, "dcle": 0, "gl": 0, "transaction": 0}
        session.add_all(
            [
                GLAccount(
                    company_id=company.id,
                    no=no,
                    name=account_name,
                    kind=kind,
                    category=category,
                )
                for no, account_name, kind, category in (
                    ("1000", "Assets", GLAccountKind.HEADING, GLAccountCategory.ASSETS),
                    (
                        RECEIVABLES,
                        "Kundefordringer",
                        GLAccountKind.POSTING,
                        GLAccountCategory.ASSETS,
                    ),
                    (BANK, "Bank", GLAccountKind.POSTING, GLAccountCategory.ASSETS),
                    (REVENUE, "Salgsinntekt", GLAccountKind.POSTING, GLAccountCategory.INCOME),
                )
            ]
        )
        session.add(
            CustomerPostingGroup(company_id=company.id, code="DOMESTIC", account=RECEIVABLES)
        )
        session.flush()

    def next(self, counter: str) -> int:
        self.last[counter] += 1
        return self.last[counter]

    def customer(self, no: str, name: str) -> None:
        self.session.add(
            Customer(company_id=self.company_id, no=no, name=name, posting_group="DOMESTIC")
        )
        self.session.flush()

    def gl(self, transaction_no: int, posting_date: date, document_no: str, **amounts: D) -> None:
        for account_no, amount in amounts.items():
            self.session.add(
                GLEntryRow(
                    company_id=self.company_id,
                    entry_no=self.next("gl"),
                    transaction_no=transaction_no,
                    account_no=account_no.removeprefix("a"),
                    posting_date=posting_date,
                    document_type=DocumentType.NONE,
                    document_no=document_no,
                    amount=amount,
                )
            )

    def entry(
        self,
        customer_no: str,
        document_type: DocumentType,
        document_no: str,
        amount: str,
        posting_date: date,
        due_date: date | None = None,
        *,
        balancing_account: str = REVENUE,
    ) -> CustomerLedgerEntryRow:
        """A customer entry with its initial detailed entry and G/L entries."""
        value = D(amount)
        transaction_no = self.next("transaction")
        entry = CustomerLedgerEntryRow(
            company_id=self.company_id,
            entry_no=self.next("cle"),
            party_no=customer_no,
            transaction_no=transaction_no,
            posting_date=posting_date,
            document_date=posting_date,
            document_type=document_type,
            document_no=document_no,
            description=f"{document_type.value} {document_no}",
            amount=value,
            amount_lcy=value,
            remaining_amount=D("0.00"),
            remaining_amount_lcy=D("0.00"),
            posting_group="DOMESTIC",
            due_date=due_date,
            payment_reference=f"KID{document_no}",
            open=True,
        )
        self.session.add(entry)
        self.session.flush()
        self.detailed(entry, DetailedEntryType.INITIAL_ENTRY, value, posting_date, transaction_no)
        self.gl(
            transaction_no,
            posting_date,
            document_no,
            **{f"a{RECEIVABLES}": value, f"a{balancing_account}": -value},
        )
        return entry

    def detailed(
        self,
        entry: CustomerLedgerEntryRow,
        entry_type: DetailedEntryType,
        amount: D,
        posting_date: date,
        transaction_no: int,
    ) -> None:
        self.session.add(
            DetailedCustomerEntryRow(
                company_id=self.company_id,
                entry_no=self.next("dcle"),
                ledger_entry_no=entry.entry_no,
                entry_type=entry_type,
                posting_date=posting_date,
                document_type=entry.document_type,
                document_no=entry.document_no,
                amount=amount,
                amount_lcy=amount,
                party_no=entry.party_no,
                transaction_no=transaction_no,
            )
        )
        # Invariant 2: the remaining amount is the sum of the detailed entries.
        entry.remaining_amount += amount
        entry.remaining_amount_lcy += amount
        entry.open = entry.remaining_amount != 0

    def payment(
        self, invoice: CustomerLedgerEntryRow, document_no: str, amount: str, posting_date: date
    ) -> CustomerLedgerEntryRow:
        """A payment into the bank, applied to *invoice* on the same day."""
        payment = self.entry(
            invoice.party_no,
            DocumentType.PAYMENT,
            document_no,
            f"-{amount}",
            posting_date,
            balancing_account=BANK,
        )
        self.apply(payment, invoice, D(amount), posting_date)
        return payment

    def apply(
        self,
        payment: CustomerLedgerEntryRow,
        invoice: CustomerLedgerEntryRow,
        amount: D,
        posting_date: date,
    ) -> None:
        transaction_no = payment.transaction_no
        self.detailed(payment, DetailedEntryType.APPLICATION, amount, posting_date, transaction_no)
        self.detailed(invoice, DetailedEntryType.APPLICATION, -amount, posting_date, transaction_no)

    def register(self, register_no: int, created_at: datetime, batch: str) -> None:
        self.session.add(
            RegisterRow(
                company_id=self.company_id,
                register_no=register_no,
                created_at=created_at,
                user_id="kari",
                source="cash_receipts",
                journal_template="INNBET",
                journal_batch=batch,
                from_gl_entry_no=register_no * 10 + 1,
                to_gl_entry_no=register_no * 10 + 2,
            )
        )


def build_ledger(engine: Engine) -> int:
    """The ledger every test reads; returns its company id. Amounts in NOK.

    As of 2026-06-30 customer 10000 has one invoice in each aging band; 20000 has an invoice
    paid partly before and partly after that date, a credit memo without due date, and an
    invoice posted after it; 30000 paid in full; 40000 has an unapplied payment.
    """
    with UnitOfWork(engine, write=True) as uow:
        books = Books(uow.session, "Fjordtest AS")
        for no, name in (
            ("10000", "Fjord AS"),
            ("20000", "Lind AB"),
            ("30000", "Nord AS"),
            ("40000", "Vest AS"),
        ):
            books.customer(no, name)
        invoice = DocumentType.INVOICE
        for document_no, amount, overdue in (
            ("F-101", "100.00", 5),
            ("F-102", "200.00", 45),
            ("F-103", "300.00", 75),
            ("F-104", "400.00", 120),
            ("F-105", "500.00", -15),
        ):
            due = days_before(overdue)
            books.entry("10000", invoice, document_no, amount, due - timedelta(days=30), due)
        partly_paid = books.entry(
            "20000", invoice, "F-201", "1000.00", date(2026, 5, 1), date(2026, 5, 31)
        )
        books.payment(partly_paid, "B-1", "400.00", date(2026, 6, 10))
        books.payment(partly_paid, "B-2", "600.00", date(2026, 7, 5))
        books.entry("20000", DocumentType.CREDIT_MEMO, "K-201", "-50.00", date(2026, 6, 20))
        books.entry("20000", invoice, "F-202", "700.00", date(2026, 7, 2), date(2026, 8, 1))
        paid = books.entry("30000", invoice, "F-301", "250.00", date(2026, 6, 1), AS_OF)
        books.payment(paid, "B-3", "250.00", date(2026, 6, 15))
        books.entry(
            "40000",
            DocumentType.PAYMENT,
            "B-4",
            "-75.00",
            days_before(90),
            balancing_account=BANK,
        )
        for register_no, day in ((1, 10), (2, 11), (3, 12)):
            books.register(register_no, datetime(2026, 6, day, 9, 0, tzinfo=UTC), f"B{day}")
        company_id = books.company_id

        # Another company's ledger, which no report of the first may show.
        other = Books(uow.session, "Annet AS")
        other.customer("10000", "Someone Else AS")
        other.entry("10000", invoice, "X-1", "999.00", date(2026, 1, 1), date(2026, 1, 31))
        other.register(9, datetime(2026, 6, 20, tzinfo=UTC), "OTHER")
        uow.commit()
    return company_id


@pytest.fixture
def company(engine: Engine) -> int:
    return build_ledger(engine)


# -- trial balance -------------------------------------------------------------------------


def test_trial_balance_as_of_a_date_balances_to_zero(engine: Engine, company: int) -> None:
    report = trial_balance(engine, company, as_of=AS_OF)

    assert [
        (line.no, line.name, line.debit, line.credit, line.balance) for line in report.lines
    ] == [
        (RECEIVABLES, "Kundefordringer", D("2750.00"), D("775.00"), D("1975.00")),
        (BANK, "Bank", D("725.00"), D("0.00"), D("725.00")),
        (REVENUE, "Salgsinntekt", D("50.00"), D("2750.00"), D("-2700.00")),
    ]
    assert report.total == D("0.00")
    assert report.total_debit == report.total_credit == D("3525.00")


def test_trial_balance_of_everything_includes_later_postings(engine: Engine, company: int) -> None:
    report = trial_balance(engine, company)

    assert {line.no: line.balance for line in report.lines} == {
        RECEIVABLES: D("2075.00"),
        BANK: D("1325.00"),
        REVENUE: D("-3400.00"),
    }
    assert report.total == D("0.00")


# -- aged accounts receivable --------------------------------------------------------------


def test_aging_puts_each_entry_in_the_band_of_its_days_overdue(
    engine: Engine, company: int
) -> None:
    report = aging(engine, company, AS_OF)

    zero = D("0.00")
    assert report.lines == [
        AgingLine(
            customer_no="10000",
            name="Fjord AS",
            not_due=D("500.00"),
            days_1_30=D("100.00"),
            days_31_60=D("200.00"),
            days_61_90=D("300.00"),
            over_90=D("400.00"),
            balance=D("1500.00"),
        ),
        # 1000 invoice due 30 days ago, 400 paid before AS_OF (600 after), -50 credit memo
        # without due date aged by its posting date; the invoice of 2 July is not there yet.
        AgingLine("20000", "Lind AB", zero, D("550.00"), zero, zero, zero, D("550.00")),
        # An unapplied payment of exactly 90 days ago reduces the balance in its own band.
        AgingLine("40000", "Vest AS", zero, zero, zero, D("-75.00"), zero, D("-75.00")),
    ]
    assert report.total == AgingTotal(
        not_due=D("500.00"),
        days_1_30=D("650.00"),
        days_31_60=D("200.00"),
        days_61_90=D("225.00"),
        over_90=D("400.00"),
        balance=D("1975.00"),
    )


def test_aging_total_agrees_with_the_receivables_account(engine: Engine, company: int) -> None:
    receivables = {
        line.no: line.balance for line in trial_balance(engine, company, as_of=AS_OF).lines
    }

    assert aging(engine, company, AS_OF).total.balance == receivables[RECEIVABLES]


def test_aging_before_a_payment_shows_what_was_owed_then(engine: Engine, company: int) -> None:
    report = aging(engine, company, date(2026, 6, 12), customer_no="30000")

    # Paid in full on 15 June: on the 12th the whole invoice was owed and not yet due.
    assert [asdict(line) for line in report.lines] == [
        {
            "customer_no": "30000",
            "name": "Nord AS",
            "not_due": D("250.00"),
            "days_1_30": D("0.00"),
            "days_31_60": D("0.00"),
            "days_61_90": D("0.00"),
            "over_90": D("0.00"),
            "balance": D("250.00"),
        }
    ]
    assert aging(engine, company, AS_OF, customer_no="30000").lines == []


def test_aging_after_the_last_payment_has_the_partly_paid_invoice_closed(
    engine: Engine, company: int
) -> None:
    report = aging(engine, company, date(2026, 7, 5), customer_no="20000")

    assert [(line.days_1_30, line.not_due, line.balance) for line in report.lines] == [
        (D("-50.00"), D("700.00"), D("650.00"))
    ]


# -- customer balances ---------------------------------------------------------------------


def test_customer_balances_now_and_as_of_a_date(engine: Engine, company: int) -> None:
    now = customer_balances(engine, company)
    then = customer_balances(engine, company, as_of=AS_OF)

    assert list(now) == [
        CustomerBalance("10000", "Fjord AS", D("1500.00")),
        CustomerBalance("20000", "Lind AB", D("650.00")),
        CustomerBalance("40000", "Vest AS", D("-75.00")),
    ]
    assert now.total == D("2075.00")
    assert [(line.no, line.balance) for line in then.lines] == [
        ("10000", D("1500.00")),
        ("20000", D("550.00")),
        ("40000", D("-75.00")),
    ]
    assert then.total == D("1975.00")
    assert len(customer_balances(engine, company, as_of=date(2025, 12, 31))) == 0


# -- customer ledger -----------------------------------------------------------------------


def test_customer_ledger_lists_entries_in_entry_order(engine: Engine, company: int) -> None:
    lines = customer_ledger(engine, company, customer_no="20000")

    assert [
        (line.document_type, line.document_no, line.amount, line.remaining_amount, line.open)
        for line in lines
    ] == [
        (DocumentType.INVOICE, "F-201", D("1000.00"), D("0.00"), False),
        (DocumentType.PAYMENT, "B-1", D("-400.00"), D("0.00"), False),
        (DocumentType.PAYMENT, "B-2", D("-600.00"), D("0.00"), False),
        (DocumentType.CREDIT_MEMO, "K-201", D("-50.00"), D("-50.00"), True),
        (DocumentType.INVOICE, "F-202", D("700.00"), D("700.00"), True),
    ]
    first = lines[0]
    assert (first.customer_no, first.customer_name, first.payment_reference) == (
        "20000",
        "Lind AB",
        "KIDF-201",
    )
    assert (first.posting_date, first.due_date) == (date(2026, 5, 1), date(2026, 5, 31))
    assert [line.entry_no for line in lines] == sorted(line.entry_no for line in lines)


def test_customer_ledger_open_only(engine: Engine, company: int) -> None:
    lines = customer_ledger(engine, company, open_only=True)

    assert [(line.customer_no, line.document_no) for line in lines] == [
        ("10000", "F-101"),
        ("10000", "F-102"),
        ("10000", "F-103"),
        ("10000", "F-104"),
        ("10000", "F-105"),
        ("20000", "K-201"),
        ("20000", "F-202"),
        ("40000", "B-4"),
    ]
    assert sum(line.remaining_amount for line in lines) == D("2075.00")


def test_customer_ledger_pages(engine: Engine, company: int) -> None:
    everything = customer_ledger(engine, company)
    page = customer_ledger(engine, company, limit=3, offset=2)

    assert len(everything) == 13
    assert page == everything[2:5]
    assert customer_ledger(engine, company, customer_no="99999") == []


# -- registers -----------------------------------------------------------------------------


def test_registers_newest_first(engine: Engine, company: int) -> None:
    registers = gl_registers(engine, company, limit=2)

    assert [(r.register_no, r.journal_batch) for r in registers] == [(3, "B12"), (2, "B11")]
    assert (registers[0].from_gl_entry_no, registers[0].to_gl_entry_no) == (31, 32)
    assert registers[0].created_at.replace(tzinfo=UTC) == datetime(2026, 6, 12, 9, tzinfo=UTC)
    assert len(gl_registers(engine, company)) == 3
