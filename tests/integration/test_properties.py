"""Random sequences of postings, applications and corrections keep the books sound.

A hypothesis state machine drives invoices, credit memos, payments (unapplied, by applies-to
doc. no., by applies-to ID), posted applications, unapplications and reversals against a fresh
database per example, on SQLite and PostgreSQL. After every step the DESIGN §4 invariants hold,
no posted fact was edited or deleted, the bank and receivables accounts agree with a model
kept independently of the database, and every refusal left the database exactly as it was.

The deterministic tests below pin down the amounts that matter: an invoice paid in parts
closes exactly at the last øre, never earlier and never with a rounding residue.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import Engine, func, select

from reskontro.domain.enums import AccountType, DetailedEntryType, DocumentType
from reskontro.domain.errors import ApplicationError, PostingError
from reskontro.services.applying import (
    ApplyTarget,
    apply_entries,
    reverse,
    set_applies_to_id,
    transaction_of_entry,
    unapply_entry,
)
from reskontro.services.documents import (
    SalesDocumentInput,
    SalesLineInput,
    create_sales_document,
    post_sales_document,
)
from reskontro.services.journals import JournalLineInput, add_line, add_lines, clear_batch
from reskontro.services.posting import post_batch
from reskontro.storage import models as m
from reskontro.storage.database import make_engine
from tests.integration.ledger_fixtures import Books, make_books
from tests.integration.prop_support import assert_same_dump, database_factory, dump
from tests.invariants import assert_unchanged, check_invariants, snapshot

D = Decimal
CENT = D("0.01")
ZERO = D("0.00")
VAT_RATES = {"3": D(25), "5": D(0)}
REFUSALS = (ApplicationError, PostingError)
CLE = m.CustomerLedgerEntryRow
DCLE = m.DetailedCustomerEntryRow
T = TypeVar("T")

CUSTOMERS = st.sampled_from(["10000", "20000"])
NET_AMOUNTS = st.integers(100, 2_000_000).map(lambda c: (D(c) / 100).quantize(CENT))
DAYS = st.dates(date(2026, 1, 1), date(2026, 12, 31))

# RESKONTRO_PROPERTY_EXAMPLES / _STEPS run a deeper search (e.g. 300 examples of 30 steps).
MACHINE_SETTINGS = settings(
    max_examples=int(os.environ.get("RESKONTRO_PROPERTY_EXAMPLES", "20")),
    stateful_step_count=int(os.environ.get("RESKONTRO_PROPERTY_STEPS", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_database(request: pytest.FixtureRequest) -> Callable[[], str]:
    """A factory of fresh, empty databases: one per hypothesis example."""
    return database_factory(request, str(request.param))


def gross_of(net: Decimal, vat_code: str) -> Decimal:
    vat = (net * VAT_RATES[vat_code] / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return net + vat


class LedgerMachine(RuleBasedStateMachine):
    """One company, two customers; a model of what the bank and the customers owe."""

    new_database: Callable[[], str]

    def __init__(self) -> None:
        super().__init__()
        self.engine: Engine = make_engine(type(self).new_database())
        self.books: Books | None = None
        self.serial = 0
        self.invoiced = ZERO  # invoices posted (incl. VAT)
        self.credited = ZERO  # credit memos posted
        self.paid = ZERO  # payments received, less reversed ones
        self.tolerance = False
        self.facts: dict[tuple[str, int], tuple[object, ...]] = {}
        self.can: set[str] = set()  # what the next step can do (refreshed after every step)

    def teardown(self) -> None:
        self.engine.dispose()

    # -- helpers ---------------------------------------------------------------------------

    @property
    def company(self) -> int:
        assert self.books is not None
        return self.books.company_id

    def next_no(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}{self.serial:04d}"

    def entries(self, *conditions: Any) -> list[Any]:
        with self.engine.connect() as c:
            return list(
                c.execute(
                    select(CLE)
                    .where(CLE.company_id == self.company, *conditions)
                    .order_by(CLE.entry_no)
                )
            )

    def entry(self, entry_no: int) -> Any:
        (row,) = self.entries(CLE.entry_no == entry_no)
        return row

    def pick(self, data: st.DataObject, entries: list[Any], label: str) -> Any:
        """Draw one of *entries* by entry no. (so a failing example prints readably)."""
        by_no = {e.entry_no: e for e in entries}
        return by_no[data.draw(st.sampled_from(sorted(by_no)), label=f"{label} (entry no.)")]

    def pick_some(
        self, data: st.DataObject, entries: list[Any], label: str, min_size: int = 0
    ) -> list[Any]:
        """Draw up to three different *entries* by entry no."""
        by_no = {e.entry_no: e for e in entries}
        numbers = data.draw(
            st.lists(st.sampled_from(sorted(by_no)), min_size=min_size, max_size=3, unique=True),
            label=f"{label} (entry nos.)",
        )
        return [by_no[n] for n in numbers]

    def open_entries(self, customer: str, *kinds: DocumentType) -> list[Any]:
        return self.entries(
            CLE.party_no == customer, CLE.open.is_(True), CLE.document_type.in_(kinds)
        )

    def active_applications(self, entry_no: int) -> list[int]:
        with self.engine.connect() as c:
            return list(
                c.scalars(
                    select(DCLE.application_no)
                    .where(
                        DCLE.company_id == self.company,
                        DCLE.ledger_entry_no == entry_no,
                        DCLE.application_no.is_not(None),
                        DCLE.unapplied.is_(False),
                        DCLE.entry_type != DetailedEntryType.INITIAL_ENTRY,
                    )
                    .distinct()
                    .order_by(DCLE.application_no)
                )
            )

    def details_of_application(self, application_no: int) -> list[Any]:
        with self.engine.connect() as c:
            return list(
                c.execute(
                    select(DCLE).where(
                        DCLE.company_id == self.company, DCLE.application_no == application_no
                    )
                )
            )

    def discount_of(self, payment_entry_no: int) -> Decimal:
        """The payment discount (incl. tolerance) posted on an entry, as a positive amount."""
        with self.engine.connect() as c:
            total = c.scalar(
                select(func.coalesce(func.sum(DCLE.amount), 0)).where(
                    DCLE.company_id == self.company,
                    DCLE.ledger_entry_no == payment_entry_no,
                    DCLE.unapplied.is_(False),
                    DCLE.entry_type.in_(
                        (
                            DetailedEntryType.PAYMENT_DISCOUNT,
                            DetailedEntryType.PAYMENT_DISCOUNT_TOLERANCE,
                        )
                    ),
                )
            )
        return -D(total or 0)

    def attempt(self, action: Callable[[], T], what: str) -> T | None:
        """Run *action*; a refusal is allowed but must leave every table as it was."""
        before = dump(self.engine)
        try:
            outcome = action()
        except REFUSALS as exc:
            reason, kind = str(exc), type(exc).__name__
        else:
            event(f"{what}: done")
            return outcome
        event(f"{what}: refused ({kind})")
        assert reason, f"the refused {what} gave no reason"
        assert_same_dump(before, dump(self.engine), f"the refused {what}")
        return None

    def add_payment(self, customer: str, amount: Decimal, day: date, **applies: str) -> str:
        number = self.next_no("P")
        add_line(
            self.engine,
            self.company,
            "CASH",
            "DEFAULT",
            JournalLineInput(
                account_type=AccountType.CUSTOMER,
                account_no=customer,
                amount=-amount,
                posting_date=day,
                document_type=DocumentType.PAYMENT,
                document_no=number,
                applies_to_doc_type=DocumentType.INVOICE
                if applies.get("invoice")
                else DocumentType.NONE,
                applies_to_doc_no=applies.get("invoice", ""),
                applies_to_id=applies.get("applies_to_id", ""),
            ),
        )
        return number

    def post_journal(self, amount: Decimal, what: str) -> Any | None:
        summary = self.attempt(
            lambda: post_batch(self.engine, self.company, "CASH", "DEFAULT"), what
        )
        if summary is None:
            clear_batch(self.engine, self.company, "CASH", "DEFAULT")
            return None
        assert summary.lines_posted == 1 and summary.bank_entries == 1
        self.paid += amount
        return summary

    # -- rules -----------------------------------------------------------------------------

    @initialize(
        tolerance=st.booleans(),
        opening=st.lists(
            st.tuples(CUSTOMERS, NET_AMOUNTS, st.sampled_from(sorted(VAT_RATES)), DAYS),
            min_size=1,
            max_size=3,
        ),
    )
    def books_with_two_customers(
        self, tolerance: bool, opening: list[tuple[str, Decimal, str, date]]
    ) -> None:
        self.tolerance = tolerance
        self.books = make_books(
            self.engine,
            tolerance_pct="1" if tolerance else "0",
            max_tolerance="5" if tolerance else "0",
        )
        self.facts = snapshot(self.engine, self.company)
        for customer, net, vat_code, day in opening:
            self.post_invoice(customer, net, vat_code, day)

    @rule(
        customer=CUSTOMERS,
        net=NET_AMOUNTS,
        vat_code=st.sampled_from(sorted(VAT_RATES)),
        day=DAYS,
    )
    def post_invoice(self, customer: str, net: Decimal, vat_code: str, day: date) -> None:
        assert self.books is not None
        number = self.books.invoice(customer, str(net), vat_code=vat_code, day=day)
        (invoice,) = self.entries(
            CLE.document_type == DocumentType.INVOICE, CLE.document_no == number
        )
        gross = gross_of(net, vat_code)
        assert invoice.amount == invoice.remaining_amount == gross and invoice.open
        if customer == "10000":  # 2%10N30
            assert invoice.due_date == day + timedelta(days=30)
            assert invoice.pmt_discount_date == day + timedelta(days=10)
            discount = (gross * 2 / 100).quantize(CENT, rounding=ROUND_HALF_UP)
            assert invoice.original_pmt_disc_possible == discount
        else:  # 14D
            assert invoice.due_date == day + timedelta(days=14)
            assert invoice.original_pmt_disc_possible == 0
        self.invoiced += gross

    @rule(
        data=st.data(),
        customer=CUSTOMERS,
        net=NET_AMOUNTS,
        vat_code=st.sampled_from(sorted(VAT_RATES)),
        day=DAYS,
        applied=st.booleans(),
    )
    def post_credit_memo(
        self,
        data: st.DataObject,
        customer: str,
        net: Decimal,
        vat_code: str,
        day: date,
        applied: bool,
    ) -> None:
        target = None
        invoices = self.open_entries(customer, DocumentType.INVOICE) if applied else []
        if invoices:
            target = self.pick(data, invoices, "credited invoice")
            limit = (target.remaining_amount / D("1.25")).quantize(CENT, rounding=ROUND_DOWN)
            if limit < CENT:
                target = None
            else:
                net = min(net, limit)
        gross = gross_of(net, vat_code)
        draft = create_sales_document(
            self.engine,
            self.company,
            SalesDocumentInput(
                DocumentType.CREDIT_MEMO,
                customer,
                [SalesLineInput("Credit", D("1"), net, vat_code)],
                posting_date=day,
                applies_to_doc_no=target.document_no if target is not None else "",
            ),
        )
        posted = post_sales_document(self.engine, self.company, DocumentType.CREDIT_MEMO, draft.no)
        (credit,) = self.entries(
            CLE.document_type == DocumentType.CREDIT_MEMO, CLE.document_no == posted.no
        )
        assert credit.amount == -gross
        if target is not None:
            invoice = self.entry(target.entry_no)
            assert gross <= target.remaining_amount
            assert invoice.remaining_amount == target.remaining_amount - gross
            assert credit.remaining_amount == 0 and not credit.open
        else:
            assert credit.remaining_amount == -gross and credit.open
        self.credited += gross
        event("credit memo: " + ("applied" if target is not None else "unapplied"))

    @rule(
        data=st.data(),
        customer=CUSTOMERS,
        how=st.sampled_from(
            ["unapplied", "applies-to doc. no.", "applies-to doc. no.", "applies-to ID"]
        ),
        amount=NET_AMOUNTS,
        day=DAYS,
    )
    def post_payment(
        self, data: st.DataObject, customer: str, how: str, amount: Decimal, day: date
    ) -> None:
        if how == "applies-to doc. no.":
            invoices = self.open_entries(customer, DocumentType.INVOICE)
            if invoices:
                self._pay_invoice(data, self.pick(data, invoices, "invoice"))
                return
        if how == "applies-to ID":
            candidates = self.open_entries(
                customer, DocumentType.INVOICE, DocumentType.CREDIT_MEMO, DocumentType.PAYMENT
            )
            if candidates:
                self._pay_marked(data, customer, candidates, amount, day)
                return
        self.add_payment(customer, amount, day)
        self.post_payment_refusing_nothing(amount)
        event("payment without application: done")

    def post_payment_refusing_nothing(self, amount: Decimal) -> None:
        summary = post_batch(self.engine, self.company, "CASH", "DEFAULT")
        assert summary.lines_posted == 1 and summary.bank_entries == 1
        self.paid += amount

    def _pay_invoice(self, data: st.DataObject, invoice: Any) -> None:
        remaining = invoice.remaining_amount
        discount = invoice.remaining_pmt_disc_possible
        amount = data.draw(
            st.one_of(
                st.just(remaining),
                st.just(max(remaining - discount, CENT)),
                st.integers(1, max(int(remaining * 100) - 1, 1)).map(lambda c: D(c) / 100),
                st.integers(1, 5000).map(lambda c: max(remaining - D(c) / 100, CENT)),
                st.integers(1, 100_000).map(lambda c: remaining + D(c) / 100),
            ).map(lambda a: a.quantize(CENT)),
            label="amount",
        )
        anchor = invoice.pmt_discount_date or invoice.posting_date
        day = anchor + timedelta(days=data.draw(st.integers(-12, 20), label="days from anchor"))
        number = self.add_payment(invoice.party_no, amount, day, invoice=invoice.document_no)
        summary = self.post_journal(amount, "payment by applies-to doc. no.")
        assert summary is not None, "a payment of an open invoice is never refused"
        (payment,) = self.entries(
            CLE.document_type == DocumentType.PAYMENT, CLE.document_no == number
        )
        after = self.entry(invoice.entry_no)
        granted = self.discount_of(payment.entry_no)
        in_time = discount != 0 and (
            day <= invoice.pmt_discount_date or day <= invoice.pmt_disc_tolerance_date
        )
        assert granted in (ZERO, discount), f"discount {granted}, possible {discount}"
        event("payment by applies-to doc. no.: " + ("discount" if granted else "no discount"))
        assert granted <= remaining, (
            f"a discount of {granted} was granted on invoice {invoice.document_no} that had "
            f"only {remaining} left to pay"
        )
        if not self.tolerance:
            if granted:
                assert in_time and amount >= remaining - discount
            else:
                assert not (in_time and amount >= remaining - discount)
            settled = min(amount + granted, remaining)
            assert after.remaining_amount == remaining - settled
            assert payment.remaining_amount == -(amount + granted - settled)
        assert ZERO <= after.remaining_amount <= remaining
        assert after.open == (after.remaining_amount != 0)

    def _pay_marked(
        self,
        data: st.DataObject,
        customer: str,
        candidates: list[Any],
        amount: Decimal,
        day: date,
    ) -> None:
        chosen = self.pick_some(data, candidates, "marked entries", min_size=1)
        targets = []
        for entry in chosen:
            part = data.draw(st.sampled_from([None, D("0.5"), D("0.1")]), label="share")
            to_apply = None
            if part is not None:
                to_apply = (entry.remaining_amount * part).quantize(CENT, rounding=ROUND_DOWN)
                if to_apply == 0:
                    to_apply = None
            targets.append(ApplyTarget(entry.entry_no, to_apply))
        marker = self.next_no("ID")
        set_applies_to_id(self.engine, self.company, "customer", marker, targets)
        before = {e.entry_no: e.remaining_amount for e in chosen}
        self.add_payment(customer, amount, day, applies_to_id=marker)
        summary = self.post_journal(amount, "payment by applies-to ID")
        if summary is None:
            assert all(e.remaining_amount < 0 for e in chosen), (
                "a payment was refused although invoices were marked"
            )
            return
        for target in targets:
            after = self.entry(target.entry_no)
            assert abs(after.remaining_amount) <= abs(before[target.entry_no])
            assert after.applies_to_id == "", "the applies-to ID was not cleared"

    @precondition(lambda self: any(c.startswith("apply ") for c in self.can))
    @rule(data=st.data(), foreign=st.integers(0, 9))
    def apply_posted_entries(self, data: st.DataObject, foreign: int) -> None:
        customers = sorted(c.split()[1] for c in self.can if c.startswith("apply "))
        customer = data.draw(st.sampled_from(customers), label="customer")
        funds = self.open_entries(customer, DocumentType.PAYMENT, DocumentType.CREDIT_MEMO)
        funds = [e for e in funds if e.remaining_amount < 0]
        if not funds:
            return
        applying = self.pick(data, funds, "applying entry")
        invoices = self.open_entries(customer, DocumentType.INVOICE)
        targets = self.pick_some(data, invoices, "invoices") if invoices else []
        chosen = [ApplyTarget(e.entry_no) for e in targets]
        if foreign == 0:  # now and then an entry of the other customer, which must be refused
            other = self.entries(CLE.party_no != customer)
            if other:
                chosen.append(ApplyTarget(self.pick(data, other, "foreign entry").entry_no))
        result = self.attempt(
            lambda: apply_entries(self.engine, self.company, "customer", applying.entry_no, chosen),
            "application",
        )
        if result is None:
            assert not targets or len(chosen) > len(targets), (
                "an application of open invoices was refused"
            )
            return
        assert chosen == [ApplyTarget(e.entry_no) for e in targets]
        details = [
            d
            for application in self.active_applications(applying.entry_no)
            for d in self.details_of_application(application)
            if d.transaction_no == result.transaction_no
        ]
        moved = sum(
            (d.amount for d in details if d.entry_type == DetailedEntryType.APPLICATION), ZERO
        )
        assert details and moved == 0, "an application created or lost money"
        adjusted = sum(
            (d.amount for d in details if d.entry_type != DetailedEntryType.APPLICATION), ZERO
        )
        before = [applying, *targets]
        after = [self.entry(e.entry_no) for e in before]
        assert (
            sum((e.remaining_amount for e in after), ZERO)
            == sum((e.remaining_amount for e in before), ZERO) + adjusted
        )
        for old, new in zip(targets, after[1:], strict=True):
            assert ZERO <= new.remaining_amount <= old.remaining_amount
        assert after[0].remaining_amount <= 0

    @precondition(lambda self: "unapply" in self.can)
    @rule(data=st.data(), any_entry=st.integers(0, 5))
    def unapply_newest(self, data: st.DataObject, any_entry: int) -> None:
        everything = self.entries()
        applied = [e for e in everything if self.active_applications(e.entry_no)]
        pool = everything if any_entry == 0 or not applied else applied
        if not pool:
            return
        entry = self.pick(data, pool, "entry to unapply")
        applications = self.active_applications(entry.entry_no)
        details = self.details_of_application(applications[-1]) if applications else []
        remaining = {
            d.ledger_entry_no: self.entry(d.ledger_entry_no).remaining_amount for d in details
        }
        result = self.attempt(
            lambda: unapply_entry(self.engine, self.company, "customer", entry.entry_no),
            "unapplication",
        )
        if result is None:
            return
        assert details, "an entry without applications was unapplied"
        for ledger_entry_no, before in remaining.items():
            undone = sum((d.amount for d in details if d.ledger_entry_no == ledger_entry_no), ZERO)
            after = self.entry(ledger_entry_no)
            assert after.remaining_amount == before - undone
        assert self.active_applications(entry.entry_no) == applications[:-1]

    @precondition(lambda self: "reverse" in self.can)
    @rule(data=st.data(), again=st.integers(0, 5))
    def reverse_payment(self, data: st.DataObject, again: int) -> None:
        payments = self.entries(
            CLE.document_type == DocumentType.PAYMENT, CLE.reversed_entry_no.is_(None)
        )
        pool = [p for p in payments if not p.reversed]
        if again == 0 or not pool:
            pool = [p for p in payments if p.reversed]  # a second reversal must be refused
            if not pool:
                return
        payment = self.pick(data, pool, "payment")
        transaction = transaction_of_entry(self.engine, self.company, "customer", payment.entry_no)
        if payment.reversed:
            assert (
                self.attempt(lambda: reverse(self.engine, self.company, transaction), "reversal")
                is None
            )
            return
        if self.active_applications(payment.entry_no):
            refused = self.attempt(
                lambda: reverse(self.engine, self.company, transaction), "reversal"
            )
            assert refused is None, "an applied payment was reversed"
            while self.active_applications(payment.entry_no):
                if (
                    self.attempt(
                        lambda: unapply_entry(
                            self.engine, self.company, "customer", payment.entry_no
                        ),
                        "unapplication before a reversal",
                    )
                    is None
                ):
                    return  # a newer application of another entry must go first
        reverse(self.engine, self.company, transaction)
        after = self.entry(payment.entry_no)
        assert after.reversed and not after.open and after.remaining_amount == 0
        (mirror,) = self.entries(CLE.reversed_entry_no == payment.entry_no)
        assert mirror.amount == -payment.amount and not mirror.open
        self.paid += payment.amount  # payment.amount is negative
        event("reversal: done")

    # -- after every step ------------------------------------------------------------------

    @invariant()
    def books_are_sound(self) -> None:
        if self.books is None:
            return
        check_invariants(self.engine, self.company)
        facts = snapshot(self.engine, self.company)
        assert_unchanged(self.facts, facts)
        self.facts = facts
        books = self.books
        assert books.gl_balance(books.bank_gl) == self.paid
        adjustments = {books.discount_account, books.tolerance_debit, books.tolerance_credit}
        owed = books.gl_balance(books.receivables) + sum(
            (books.gl_balance(a) for a in adjustments), ZERO
        )
        assert owed == self.invoiced - self.credited - self.paid
        if not self.tolerance:
            for account in (books.tolerance_debit, books.tolerance_credit):
                assert books.gl_balance(account) == 0
        with self.engine.connect() as c:
            assert not c.scalar(
                select(func.count())
                .select_from(m.JournalLine)
                .where(m.JournalLine.company_id == self.company)
            ), "a journal line was left behind"
            applied = c.scalar(
                select(func.count())
                .select_from(DCLE)
                .where(
                    DCLE.company_id == self.company,
                    DCLE.entry_type == DetailedEntryType.APPLICATION,
                    DCLE.unapplied.is_(False),
                )
            )
        entries = self.entries()
        self.can = set()
        for customer in ("10000", "20000"):
            mine = [e for e in entries if e.party_no == customer and e.open]
            if any(e.remaining_amount < 0 for e in mine) and any(
                e.document_type == DocumentType.INVOICE for e in mine
            ):
                self.can.add(f"apply {customer}")
        if applied:
            self.can.add("unapply")
        if any(e.document_type == DocumentType.PAYMENT for e in entries):
            self.can.add("reverse")


@pytest.mark.slow
def test_random_operations_keep_the_books_sound(fresh_database: Callable[[], str]) -> None:
    class Machine(LedgerMachine):
        new_database = staticmethod(fresh_database)

    run_state_machine_as_test(Machine, settings=MACHINE_SETTINGS)


# -- amounts that matter -----------------------------------------------------------------------


@pytest.fixture
def books(engine: Engine) -> Books:
    return make_books(engine)


def parts_of(total: Decimal, count: int) -> list[Decimal]:
    """Split *total* into *count* parts in whole øre; the first parts take the odd øre."""
    cents, extra = divmod(int(total * 100), count)
    return [D(cents + (1 if i < extra else 0)) / 100 for i in range(count)]


@pytest.mark.parametrize(
    ("net", "vat_code", "count"),
    [
        ("0.03", "5", 3),
        ("100.00", "5", 3),
        ("999.99", "3", 7),  # 1249.99 incl. VAT
        ("19999.99", "5", 13),
    ],
)
def test_an_invoice_paid_in_parts_closes_at_the_last_ore(
    books: Books, net: str, vat_code: str, count: int
) -> None:
    number = books.invoice("20000", net, vat_code=vat_code)
    total = books.entry(DocumentType.INVOICE, number).amount
    assert total == gross_of(D(net), vat_code)
    parts = parts_of(total, count)
    assert sum(parts, ZERO) == total
    paid = ZERO
    for i, part in enumerate(parts, start=1):
        books.pay(
            str(part), date(2026, 4, 1), customer="20000", invoice=number, document_no=f"P{i}"
        )
        paid += part
        invoice = books.entry(DocumentType.INVOICE, number)
        assert invoice.remaining_amount == total - paid
        assert invoice.open == (i < count)
        payment = books.entry(DocumentType.PAYMENT, f"P{i}")
        assert payment.remaining_amount == 0 and not payment.open
    assert books.gl_balance(books.bank_gl) == total
    assert books.gl_balance(books.receivables) == 0
    for account in (books.discount_account, books.tolerance_debit, books.tolerance_credit):
        assert books.gl_balance(account) == 0
    check_invariants(books.engine, books.company_id)
    # Undo every part, newest first: the invoice owes its full amount again, to the øre.
    invoice_no = books.entry(DocumentType.INVOICE, number).entry_no
    for i in range(count, 0, -1):
        unapply_entry(books.engine, books.company_id, "customer", invoice_no)
        assert books.entry(DocumentType.PAYMENT, f"P{i}").remaining_amount == -parts[i - 1]
    assert books.entry(DocumentType.INVOICE, number).remaining_amount == total
    assert books.gl_balance(books.receivables) == 0  # the payments are open again
    check_invariants(books.engine, books.company_id)


def _payment_lines(invoice: str, parts: list[Decimal]) -> list[JournalLineInput]:
    return [
        JournalLineInput(
            account_type=AccountType.CUSTOMER,
            account_no="20000",
            amount=-part,
            posting_date=date(2026, 4, 1),
            document_type=DocumentType.PAYMENT,
            document_no=f"P{i}",
            applies_to_doc_type=DocumentType.INVOICE,
            applies_to_doc_no=invoice,
        )
        for i, part in enumerate(parts, start=1)
    ]


def test_parts_in_one_batch_close_the_invoice_exactly(books: Books) -> None:
    number = books.invoice("20000", "1000.01", vat_code="5")
    parts = parts_of(D("1000.01"), 9)
    add_lines(books.engine, books.company_id, "CASH", "DEFAULT", _payment_lines(number, parts))
    summary = post_batch(books.engine, books.company_id, "CASH", "DEFAULT")
    assert summary.lines_posted == 9 and summary.customer_entries == 9
    invoice = books.entry(DocumentType.INVOICE, number)
    assert invoice.remaining_amount == 0 and not invoice.open
    for i in range(1, 10):
        assert not books.entry(DocumentType.PAYMENT, f"P{i}").open
    assert books.gl_balance(books.bank_gl) == D("1000.01")
    assert books.gl_balance(books.receivables) == 0
    check_invariants(books.engine, books.company_id)


def test_a_batch_paying_more_parts_than_the_invoice_owes_posts_nothing(books: Books) -> None:
    number = books.invoice("20000", "1000.01", vat_code="5")
    parts = [*parts_of(D("1000.01"), 9), D("0.01")]  # the tenth line finds the invoice closed
    add_lines(books.engine, books.company_id, "CASH", "DEFAULT", _payment_lines(number, parts))
    before = dump(books.engine)
    with pytest.raises(PostingError, match=f"no open invoice {number}"):
        post_batch(books.engine, books.company_id, "CASH", "DEFAULT")
    assert_same_dump(before, dump(books.engine), "the refused batch")
    check_invariants(books.engine, books.company_id)


def test_partial_payments_in_time_earn_the_discount_with_the_last_part(books: Books) -> None:
    number = books.invoice("10000", "1000.00")  # 1250.00, 2 % = 25.00 until 12 March
    in_time = date(2026, 3, 10)
    books.pay("400.00", in_time, invoice=number, document_no="P1")
    books.pay("400.00", in_time, invoice=number, document_no="P2")
    invoice = books.entry(DocumentType.INVOICE, number)
    assert invoice.remaining_amount == D("450.00")
    assert invoice.remaining_pmt_disc_possible == D("25.00")
    assert books.gl_balance(books.discount_account) == 0
    books.pay("425.00", in_time, invoice=number, document_no="P3")
    invoice = books.entry(DocumentType.INVOICE, number)
    assert invoice.remaining_amount == 0 and not invoice.open
    assert not books.entry(DocumentType.PAYMENT, "P3").open
    assert books.gl_balance(books.bank_gl) == D("1225.00")
    assert books.gl_balance(books.discount_account) == D("25.00")
    assert books.gl_balance(books.receivables) == 0
    check_invariants(books.engine, books.company_id)


def test_one_payment_split_over_invoices_by_amount_to_apply(books: Books) -> None:
    numbers = [books.invoice("20000", "333.33", vat_code="5") for _ in range(3)]
    entries = [books.entry(DocumentType.INVOICE, n).entry_no for n in numbers]
    shares = [D("333.33"), D("111.11"), D("0.01")]
    set_applies_to_id(
        books.engine,
        books.company_id,
        "customer",
        "SPLIT",
        [ApplyTarget(e, s) for e, s in zip(entries, shares, strict=True)],
    )
    books.pay("444.45", date(2026, 4, 1), customer="20000", applies_to_id="SPLIT", document_no="P1")
    remaining = [books.entry(DocumentType.INVOICE, n).remaining_amount for n in numbers]
    assert remaining == [D("0.00"), D("222.22"), D("333.32")]
    payment = books.entry(DocumentType.PAYMENT, "P1")
    assert payment.remaining_amount == 0 and not payment.open
    assert books.gl_balance(books.receivables) == D("555.54")
    check_invariants(books.engine, books.company_id)


@pytest.mark.parametrize("reduced_by", ["credit memo", "late part payment"])
def test_a_payment_discount_never_exceeds_what_is_still_owed(books: Books, reduced_by: str) -> None:
    """Invoice 1250.00 with 25.00 discount possible until 12 March; something brings what is
    owed down to 10.00; then 0.01 is paid in time. Whatever the discount, it cannot be more
    than the 10.00 still owed: the customer must not end up with a credit of 15.01 for a
    payment of 0.01."""
    number = books.invoice("10000", "1000.00")
    if reduced_by == "credit memo":
        draft = create_sales_document(
            books.engine,
            books.company_id,
            SalesDocumentInput(
                DocumentType.CREDIT_MEMO,
                "10000",
                [SalesLineInput("Returned", D("1"), D("992.00"), "3")],  # 1240.00
                posting_date=date(2026, 3, 3),
                applies_to_doc_no=number,
            ),
        )
        post_sales_document(books.engine, books.company_id, DocumentType.CREDIT_MEMO, draft.no)
    else:
        books.pay("1240.00", date(2026, 4, 15), invoice=number, document_no="LATE")
    invoice = books.entry(DocumentType.INVOICE, number)
    assert invoice.remaining_amount == D("10.00")
    assert invoice.remaining_pmt_disc_possible == D("25.00")
    books.pay("0.01", date(2026, 3, 10), invoice=number, document_no="P1")
    check_invariants(books.engine, books.company_id)
    discount = books.gl_balance(books.discount_account)
    assert discount <= D("10.00"), f"a discount of {discount} on 10.00 owed"
    assert books.gl_balance(books.receivables) >= D("-0.01"), (
        "the customer has a credit larger than the payment"
    )
