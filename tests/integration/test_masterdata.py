"""Customers, vendors, bank accounts, payment terms: checked, stored tidy, listed with balances."""

from __future__ import annotations

import doctest
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, event

from reskontro.domain import parties
from reskontro.domain.enums import Blocked, DocumentType
from reskontro.domain.errors import ConflictError, NotFoundError, ValidationError
from reskontro.domain.parties import CustomerData, validate_customer
from reskontro.services.companies import CompanyInfo
from reskontro.services.masterdata import (
    BankAccountData,
    PaymentTermsData,
    VendorData,
    add_bank_account,
    add_payment_terms,
    count_customers,
    create_customer,
    create_vendor,
    get_bank_account,
    get_customer,
    get_vendor,
    list_bank_accounts,
    list_customers,
    list_payment_terms,
    list_vendors,
    update_bank_account,
    update_customer,
    update_payment_terms,
)
from reskontro.services.setup import create_company
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork

D = Decimal
DAY = date(2026, 3, 2)


@pytest.fixture
def company(engine: Engine) -> CompanyInfo:
    return create_company(engine, "Fjordkraft Handel AS", "NO")


def _open_entry(
    engine: Engine,
    company_id: int,
    model: type,
    entry_no: int,
    party: str,
    amount: str,
    *,
    open_: bool = True,
) -> None:
    value = D(amount)
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(
            model(
                company_id=company_id,
                entry_no=entry_no,
                party_no=party,
                transaction_no=entry_no,
                posting_date=DAY,
                document_date=DAY,
                document_type=DocumentType.INVOICE if value > 0 else DocumentType.CREDIT_MEMO,
                document_no=f"10000{entry_no}",
                amount=value,
                amount_lcy=value,
                remaining_amount=value if open_ else D("0.00"),
                remaining_amount_lcy=value if open_ else D("0.00"),
                posting_group="DOMESTIC",
                open=open_,
            )
        )
        uow.commit()


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


# -- customers ---------------------------------------------------------------------------


def test_a_customer_is_stored_tidy(engine: Engine, company: CompanyInfo) -> None:
    created = create_customer(
        engine,
        company.id,
        CustomerData(
            " 10000 ",
            "Nordlys Kafé AS",
            city="Tromsø",
            email="post@nordlys.no",
            org_no="NO 981 951 271 MVA",
            bank_account="8601.11.17947",
            iban="no93 8601 1117 947",
            currency="nok",
            payment_terms="14d",
            posting_group="",
        ),
    )

    assert created == get_customer(engine, company.id, "10000")
    assert (created.no, created.org_no, created.bank_account, created.iban) == (
        "10000",
        "981951271",
        "86011117947",
        "NO9386011117947",
    )
    assert (created.currency, created.payment_terms, created.posting_group) == (
        "",
        "14D",
        "DOMESTIC",
    )
    assert created.balance == D("0.00")


def test_a_customer_number_in_use_is_refused(engine: Engine, company: CompanyInfo) -> None:
    create_customer(engine, company.id, CustomerData("10000", "Nordlys Kafé AS"))

    with pytest.raises(ConflictError, match="Customer 10000 already exists"):
        create_customer(engine, company.id, CustomerData("10000", "Someone Else AS"))
    assert get_customer(engine, company.id, "10000").name == "Nordlys Kafé AS"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            CustomerData("10000", "Feil AS", org_no="123"),
            "org_no 123: not a valid Norwegian organisation number (9 digits, MOD11)",
        ),
        (
            CustomerData("10000", "Feil AS", iban="NO93 8601 1117 948"),
            "iban NO93 8601 1117 948: not a valid IBAN",
        ),
        (
            CustomerData("10000", "Feil AS", bank_account="8601.11.17949"),
            "bank_account 8601.11.17949: not a valid Norwegian account number (11 digits",
        ),
        (
            CustomerData("10000", "Feil AS", payment_terms="45D"),
            "payment_terms 45D: no such payment terms; use one of 0D, 10D, 14D, 2%10N30, 30D",
        ),
        (
            CustomerData("10000", "Feil AS", currency="GBP"),
            "currency GBP: not a known currency; use one of DKK, EUR, SEK, USD",
        ),
        (
            CustomerData("10000", "Feil AS", posting_group="EXPORT"),
            "posting_group EXPORT: no such customer posting group; use one of DOMESTIC, FOREIGN",
        ),
    ],
)
def test_a_bad_customer_is_refused_with_what_to_fix(
    engine: Engine, company: CompanyInfo, data: CustomerData, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        create_customer(engine, company.id, data)

    assert str(refused.value).startswith("Customer 10000 cannot be saved: ")
    assert message in str(refused.value)
    assert count_customers(engine, company.id) == 0


def test_a_customer_can_be_changed_but_not_renumbered(engine: Engine, company: CompanyInfo) -> None:
    create_customer(engine, company.id, CustomerData("10000", "Nordlys Kafé AS"))

    changed = update_customer(
        engine, company.id, "10000", {"email": "faktura@nordlys.no", "blocked": "invoice"}
    )

    assert get_customer(engine, company.id, "10000") == changed
    assert (changed.email, changed.blocked) == ("faktura@nordlys.no", Blocked.INVOICE)
    with pytest.raises(ValidationError, match="no cannot be changed once created"):
        update_customer(engine, company.id, "10000", {"no": "20000"})
    with pytest.raises(ValidationError, match="has no field colour; you can change name"):
        update_customer(engine, company.id, "10000", {"colour": "red"})
    with pytest.raises(ValidationError, match="blocked maybe: must be empty, invoice or all"):
        update_customer(engine, company.id, "10000", {"blocked": "maybe"})
    with pytest.raises(NotFoundError, match="Customer 99999 does not exist"):
        update_customer(engine, company.id, "99999", {"name": "Ghost"})
    assert get_customer(engine, company.id, "10000").blocked == Blocked.INVOICE


def test_customers_are_searched_by_number_or_name_in_any_case(
    engine: Engine, company: CompanyInfo
) -> None:
    for no, name in (
        ("10000", "Nordlys Kafé AS"),
        ("10010", "ÆRLIG ØL AS"),
        ("20000", "Bergen 100% Bakeri"),
        ("30000", "Fjellheim Hytteutleie"),
    ):
        create_customer(engine, company.id, CustomerData(no, name))

    def found(term: str) -> list[str]:
        return [c.no for c in list_customers(engine, company.id, search=term)]

    assert found("nordlys") == ["10000"]
    assert found("ærlig øl") == ["10010"]
    assert found("100") == ["10000", "10010", "20000"]
    assert found("100%") == ["20000"]
    assert found("_") == []
    assert count_customers(engine, company.id, search="HYTTE") == 1
    assert count_customers(engine, company.id) == 4
    assert [c.no for c in list_customers(engine, company.id, limit=2, offset=1)] == [
        "10010",
        "20000",
    ]


def test_a_customer_balance_is_the_sum_of_its_open_entries(
    engine: Engine, company: CompanyInfo
) -> None:
    for no, name in (("10000", "Nordlys Kafé AS"), ("20000", "Bergen Bakeri AS")):
        create_customer(engine, company.id, CustomerData(no, name))
    entries = m.CustomerLedgerEntryRow
    _open_entry(engine, company.id, entries, 1, "10000", "1250.00")
    _open_entry(engine, company.id, entries, 2, "10000", "-250.50")
    _open_entry(engine, company.id, entries, 3, "10000", "999.00", open_=False)
    _open_entry(engine, company.id, entries, 4, "20000", "75.25")

    balances = {c.no: c.balance for c in list_customers(engine, company.id)}

    assert balances == {"10000": D("999.50"), "20000": D("75.25")}
    assert get_customer(engine, company.id, "10000").balance == D("999.50")
    assert update_customer(engine, company.id, "20000", {"city": "Bergen"}).balance == D("75.25")


def test_listing_customers_costs_the_same_queries_for_three_or_thirty(
    engine: Engine, company: CompanyInfo
) -> None:
    for index in range(30):
        create_customer(engine, company.id, CustomerData(f"{10000 + index}", f"Kunde {index}"))

    with _statements(engine) as few:
        assert len(list_customers(engine, company.id, limit=3)) == 3
    with _statements(engine) as many:
        assert len(list_customers(engine, company.id, limit=30)) == 30

    assert len(many) == len(few) == 1


# -- vendors -----------------------------------------------------------------------------


def test_a_vendor_balance_is_what_the_company_owes(engine: Engine, company: CompanyInfo) -> None:
    vendor = create_vendor(
        engine, company.id, VendorData("L1000", "Kontorrekvisita AS", iban="NO9386011117947")
    )
    _open_entry(engine, company.id, m.VendorLedgerEntryRow, 1, "L1000", "-800.00")

    assert vendor.balance == D("0.00")
    assert get_vendor(engine, company.id, "L1000").balance == D("800.00")
    assert [(v.no, v.balance) for v in list_vendors(engine, company.id)] == [("L1000", D("800.00"))]
    with pytest.raises(
        ValidationError, match=r"no such vendor posting group; use one of DOMESTIC$"
    ):
        create_vendor(engine, company.id, VendorData("L2000", "Feil AS", posting_group="FOREIGN"))


# -- bank accounts -----------------------------------------------------------------------


def test_a_second_bank_account_in_euro(engine: Engine, company: CompanyInfo) -> None:
    added = add_bank_account(
        engine,
        company.id,
        BankAccountData(
            "BANK-EUR", "Valutakonto EUR", "8601.11.17947", "no9386011117947", "dnbanokk", "EUR"
        ),
    )

    assert (added.bank_account_no, added.iban, added.swift) == (
        "86011117947",
        "NO9386011117947",
        "DNBANOKK",
    )
    assert (added.currency, added.gl_account, added.balance) == ("EUR", "1920", D("0.00"))
    assert [b.no for b in list_bank_accounts(engine, company.id)] == ["BANK", "BANK-EUR"]
    with pytest.raises(ConflictError, match="Bank account BANK-EUR already exists"):
        add_bank_account(engine, company.id, BankAccountData("BANK-EUR", "Igjen"))
    with pytest.raises(ValidationError, match="swift XX: not a valid SWIFT/BIC code"):
        add_bank_account(engine, company.id, BankAccountData("BANK-2", "Feil", swift="XX"))


def test_a_bank_account_with_entries_keeps_its_currency(
    engine: Engine, company: CompanyInfo
) -> None:
    renamed = update_bank_account(engine, company.id, "BANK", {"name": "Driftskonto DNB"})
    assert renamed.name == "Driftskonto DNB"
    with UnitOfWork(engine, write=True) as uow:
        uow.session.add(
            m.BankLedgerEntryRow(
                company_id=company.id,
                entry_no=1,
                bank_account_no="BANK",
                transaction_no=1,
                posting_date=DAY,
                document_type=DocumentType.PAYMENT,
                document_no="CR000001",
                amount=D("1500.00"),
                amount_lcy=D("1500.00"),
            )
        )
        uow.commit()

    assert get_bank_account(engine, company.id, "BANK").balance == D("1500.00")
    with pytest.raises(ConflictError, match="its currency cannot change"):
        update_bank_account(engine, company.id, "BANK", {"currency": "EUR"})
    assert get_bank_account(engine, company.id, "BANK").currency == ""


# -- payment terms -----------------------------------------------------------------------


def test_payment_terms_can_be_added_and_changed(engine: Engine, company: CompanyInfo) -> None:
    added = add_payment_terms(
        engine, company.id, PaymentTermsData("3%8n20", "3 % 8 dager, netto 20", "20d", "8d", D(3))
    )
    assert (added.code, added.due_date_formula, added.discount_date_formula) == (
        "3%8N20",
        "20D",
        "8D",
    )

    changed = update_payment_terms(engine, company.id, "3%8N20", {"due_date_formula": "CM+1M"})

    assert changed.due_date_formula == "CM+1M"
    assert changed in list_payment_terms(engine, company.id)
    with pytest.raises(ValidationError, match="due_date_formula 'neste uke' is not a date formula"):
        update_payment_terms(engine, company.id, "3%8N20", {"due_date_formula": "neste uke"})
    with pytest.raises(ConflictError, match="Payment terms 30D already exist"):
        add_payment_terms(engine, company.id, PaymentTermsData("30D", "30 dager", "30D"))
    with pytest.raises(ValidationError, match="a 2 % discount needs a date formula"):
        add_payment_terms(engine, company.id, PaymentTermsData("2N30", "", "30D", "", D(2)))


# -- the pure checks a CSV import shares -------------------------------------------------


def test_the_documented_examples_hold() -> None:
    assert doctest.testmod(parties).failed == 0


def _problems(data: CustomerData, country: str = "NO") -> dict[str, str]:
    found = validate_customer(
        data,
        country=country,
        payment_terms={"30D"},
        posting_groups={"DOMESTIC"},
        currencies={"EUR"},
    )
    return dict(found)


def test_every_problem_of_a_row_is_reported_at_once() -> None:
    problems = _problems(
        CustomerData("", "", email="post(at)firma.no", org_no="12345", blocked="sometimes")
    )

    assert set(problems) == {"no", "name", "email", "org_no", "blocked"}
    assert problems["email"] == (
        "email post(at)firma.no: not an e-mail address; write it as name@example.no"
    )


def test_identifiers_are_checked_by_the_customer_country() -> None:
    swedish = CustomerData("1", "Svea AB", country="SE", org_no="556036-0793")
    assert _problems(swedish) == {}
    assert "Swedish organisation number" in _problems(
        CustomerData("1", "Svea AB", org_no="556036-0794"), country="SE"
    ).get("org_no", "")
    german = CustomerData("1", "Nord GmbH", country="DE", org_no="HRB 1234", bank_account="1234")
    assert _problems(german) == {}
    assert _problems(CustomerData("1", "X", country="Norge")) == {
        "country": "country Norge: not a two-letter country code such as NO or SE"
    }
