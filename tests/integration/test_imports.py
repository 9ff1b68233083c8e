"""CSV imports: customers, open items (opening balances) and journal lines. All or nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select

from reskontro.domain.errors import ImportRefused
from reskontro.services.imports import import_customers, import_journal_lines, import_open_items
from reskontro.services.journals import list_lines
from reskontro.services.masterdata import get_customer, list_customers
from reskontro.services.posting import post_batch
from reskontro.services.reports import customer_ledger, trial_balance
from reskontro.services.setup import create_company
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.invariants import check_invariants

CUSTOMERS = (
    b"no,name,address,post_code,city,country,email,org_no,bank_account,iban,currency,payment_terms\n"
    b"10000,Fjord AS,Strandgata 1,5013,Bergen,NO,post@fjord.no,923609016,86011117947,,,14D\n"
    b"10001,Bre AS,,,,,,,,,,30D\n"
)
HEADER = (
    b"customer_no,document_type,document_no,external_document_no,posting_date,due_date,"
    b"amount,currency,payment_reference,description\n"
)
OPEN_ITEMS = (
    HEADER
    + b"10000,invoice,5001,PO-1,2025-12-01,2025-12-31,1250.00,,,\n"
    + b"10000,invoice,5002,,2026-01-10,2026-02-09,300.50,NOK,,\n"
    + b"10001,credit_memo,K-7,,2026-01-12,,-100.00,,,\n"
)


@pytest.fixture
def company(engine: Engine) -> int:
    company_id = create_company(engine, "Import AS", "NO").id
    import_customers(engine, company_id, CUSTOMERS, "customers.csv")
    return company_id


def _count(engine: Engine, model: type[m.Base]) -> int:
    with UnitOfWork(engine) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def test_customers_are_created_then_updated(engine: Engine, company: int) -> None:
    assert [c.no for c in list_customers(engine, company)] == ["10000", "10001"]
    assert get_customer(engine, company, "10000").org_no == "923609016"
    changed = CUSTOMERS.replace(b"Bre AS", "Bre og Sønn AS".encode())
    result = import_customers(engine, company, changed, "customers-2.csv")
    assert (result.created, result.updated) == (0, 2)
    assert get_customer(engine, company, "10001").name == "Bre og Sønn AS"


def test_bad_customer_values_are_reported_with_row_and_field(engine: Engine, company: int) -> None:
    bad = CUSTOMERS + b"10002,Feil AS,,,,,,123,,,,NOPE\n"
    with pytest.raises(ImportRefused) as refused:
        import_customers(engine, company, bad, "customers-3.csv")
    problems = refused.value.problems
    assert any("row 4, field org_no" in p for p in problems)
    assert any("row 4, field payment_terms" in p for p in problems)
    assert len(list_customers(engine, company)) == 2


def test_open_items_post_against_the_opening_balance_account(engine: Engine, company: int) -> None:
    result = import_open_items(engine, company, OPEN_ITEMS, "open-items.csv")
    assert result.records == 3
    ledger = customer_ledger(engine, company, open_only=True)
    assert sorted(line.remaining_amount for line in ledger) == [
        Decimal("-100.00"),
        Decimal("300.50"),
        Decimal("1250.00"),
    ]
    assert (
        next(line for line in ledger if line.document_no == "5001").due_date.isoformat()
        == "2025-12-31"
    )
    balances = {line.no: line.balance for line in trial_balance(engine, company).lines}
    assert balances["1500"] == Decimal("1450.50")
    assert balances["9999"] == Decimal("-1450.50")
    check_invariants(engine, company)


def test_the_same_open_items_are_refused_the_second_time(engine: Engine, company: int) -> None:
    import_open_items(engine, company, OPEN_ITEMS, "open-items.csv")
    entries = _count(engine, m.CustomerLedgerEntryRow)
    with pytest.raises(ImportRefused, match=r"imported before, as import \d+"):
        import_open_items(engine, company, OPEN_ITEMS, "copy-of-open-items.csv")
    # the same documents in another file are refused too: they are already posted
    with pytest.raises(ImportRefused) as refused:
        import_open_items(engine, company, OPEN_ITEMS + b"\n", "edited.csv")
    assert "edited.csv, row 2: invoice 5001 has already been posted" in refused.value.problems
    assert _count(engine, m.CustomerLedgerEntryRow) == entries


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            HEADER.replace(b",amount", b"") + b"10000,invoice,1,,2026-01-01,2026-01-31,,,\n",
            "field amount: column amount is missing",
        ),
        (
            HEADER + b"10000,invoice,1,,2026-13-01,2026-01-31,10.00,,,\n",
            "row 2, field posting_date",
        ),
        (
            HEADER + b"77777,invoice,1,,2026-01-01,2026-01-31,10.00,,,\n",
            "row 2, field customer_no: customer 77777 does not exist",
        ),
        (HEADER + b"10000,invoice,1,,2026-01-01,2026-01-31,ti kroner,,,\n", "row 2, field amount"),
    ],
    ids=["missing-column", "bad-date", "unknown-customer", "non-numeric-amount"],
)
def test_bad_open_items_give_one_line_and_import_nothing(
    engine: Engine, company: int, content: bytes, expected: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_open_items(engine, company, content, "open-items.csv")
    assert len(refused.value.problems) == 1
    assert expected in refused.value.problems[0]
    assert "\n" not in refused.value.problems[0]
    assert _count(engine, m.CustomerLedgerEntryRow) == 0
    assert _count(engine, m.ImportLog) == 1  # only the customers file


def test_journal_lines_from_csv_post_and_close_the_invoice(engine: Engine, company: int) -> None:
    import_open_items(engine, company, OPEN_ITEMS, "open-items.csv")
    payments = (
        b"posting_date,account_type,account_no,amount,document_type,applies_to_doc_type,applies_to_doc_no\n"
        b"2026-02-01,customer,10000,-1250.00,payment,invoice,5001\n"
        b"2026-02-01,customer,10000,-300.50,payment,invoice,5002\n"
    )
    result = import_journal_lines(engine, company, "CASH", "DEFAULT", payments, "bank.csv")
    assert result.records == 2
    lines = list_lines(engine, company, "CASH", "DEFAULT")
    assert [line.bal_account_no for line in lines] == ["BANK", "BANK"]
    with pytest.raises(ImportRefused, match="imported before"):
        import_journal_lines(engine, company, "CASH", "DEFAULT", payments, "bank.csv")
    post_batch(engine, company, "CASH", "DEFAULT")
    open_invoices = [
        line
        for line in customer_ledger(engine, company, open_only=True)
        if line.customer_no == "10000"
    ]
    assert open_invoices == []
    check_invariants(engine, company)
