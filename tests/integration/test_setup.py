"""A new company gets its country's whole standard set-up; G/L setup; number series."""

from __future__ import annotations

import threading
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from reskontro.domain.charts import standard_setup
from reskontro.domain.enums import AccountType, GLAccountCategory, GLAccountKind
from reskontro.domain.errors import ConflictError, NotFoundError, ValidationError
from reskontro.domain.ledger import Counters
from reskontro.services.companies import list_companies, resolve_company
from reskontro.services.masterdata import (
    get_bank_account,
    list_bank_accounts,
    list_gl_accounts,
    list_payment_terms,
)
from reskontro.services.setup import (
    add_gl_account,
    create_company,
    get_gl_setup,
    update_gl_setup,
)
from reskontro.storage import models as m
from reskontro.storage.numbers import next_number, reserve_numbers
from reskontro.storage.uow import UnitOfWork

D = Decimal


def _rows(engine: Engine, model: Any, company_id: int) -> list[Any]:
    """The rows of one set-up table for a company, as posting would read them."""
    with UnitOfWork(engine) as uow:
        return list(uow.session.scalars(select(model).where(model.company_id == company_id)))


# -- create_company ----------------------------------------------------------------------


def test_a_norwegian_company_starts_with_the_ns_4102_chart_and_can_be_found(
    engine: Engine,
) -> None:
    company = create_company(engine, "Fjordkraft Handel AS", "no", org_no="NO 981 951 271 MVA")

    assert (company.country, company.currency, company.org_no) == ("NO", "NOK", "981951271")
    assert resolve_company(engine, "fjordkraft handel as") == company
    accounts = {a.no: a for a in list_gl_accounts(engine, company.id)}
    assert set(accounts) == {a.no for a in standard_setup("NO").accounts}
    receivables = accounts["1500"]
    assert (receivables.name, receivables.direct_posting) == ("Kundefordringer", False)
    assert receivables.kind is GLAccountKind.POSTING
    assert receivables.category is GLAccountCategory.ASSETS
    assert receivables.balance == D("0.00")
    assert accounts["1"].kind is GLAccountKind.HEADING
    assert accounts["9999"].name == "Motkonto inngående balanse"


def test_a_norwegian_company_can_post_at_once(engine: Engine) -> None:
    company = create_company(engine, "Fjordkraft Handel AS", "NO")

    vat = {
        v.code: (v.rate, v.output_account, v.sales_account)
        for v in _rows(engine, m.VatCode, company.id)
    }
    assert vat == {
        "3": (D(25), "2700", "3000"),
        "31": (D(15), "2701", "3010"),
        "33": (D(12), "2702", "3020"),
        "5": (D(0), "2740", "3100"),
    }
    terms = {t.code: t for t in list_payment_terms(engine, company.id)}
    assert set(terms) == {"0D", "10D", "14D", "30D", "2%10N30"}
    assert terms["14D"].description == "14 dager"
    assert (terms["2%10N30"].discount_pct, terms["2%10N30"].discount_date_formula) == (D(2), "10D")
    groups = {g.code: g for g in _rows(engine, m.CustomerPostingGroup, company.id)}
    assert set(groups) == {"DOMESTIC", "FOREIGN"}
    assert groups["DOMESTIC"].account == "1500"
    assert (groups["DOMESTIC"].pmt_disc_debit, groups["DOMESTIC"].rounding_credit) == (
        "3080",
        "7740",
    )
    vendor_groups = _rows(engine, m.VendorPostingGroup, company.id)
    assert [(g.code, g.account) for g in vendor_groups] == [("DOMESTIC", "2400")]
    currencies = {c.code: c for c in _rows(engine, m.Currency, company.id)}
    assert set(currencies) == {"EUR", "USD", "SEK", "DKK"}
    assert (
        currencies["EUR"].realized_gains_account,
        currencies["EUR"].realized_losses_account,
    ) == ("8060", "8160")
    assert currencies["EUR"].appln_rounding_precision == D("0.00")
    bank = get_bank_account(engine, company.id, "BANK")
    assert (bank.name, bank.posting_group, bank.gl_account, bank.currency) == (
        "Driftskonto",
        "OPERATING",
        "1920",
        "",
    )


def test_journals_number_series_and_counters_are_ready(engine: Engine) -> None:
    company = create_company(engine, "Fjordkraft Handel AS", "NO")

    templates = {t.name: t for t in _rows(engine, m.JournalTemplate, company.id)}
    assert templates["GENERAL"].force_doc_balance
    assert (templates["CASH"].type, templates["CASH"].bal_account_type) == (
        "cash_receipts",
        AccountType.BANK,
    )
    batches = {(b.template_name, b.name): b for b in _rows(engine, m.JournalBatch, company.id)}
    assert set(batches) == {("GENERAL", "DEFAULT"), ("CASH", "DEFAULT"), ("PAYMENTS", "DEFAULT")}
    cash = batches[("CASH", "DEFAULT")]
    assert (cash.bal_account_type, cash.bal_account_no, cash.number_series) == (
        AccountType.BANK,
        "BANK",
        "CASH",
    )
    series = {
        s.code: (s.starting_no, s.last_no_used) for s in _rows(engine, m.NumberSeries, company.id)
    }
    assert series["SALES-INV"] == ("100001", "")
    assert series["PAYMENTS"] == ("PM000001", "")
    counters = {c.name: c.last_value for c in _rows(engine, m.Counter, company.id)}
    assert counters == dict.fromkeys([*(f.name for f in fields(Counters)), "import"], 0)
    setup = get_gl_setup(engine, company.id)
    assert setup.opening_balance_account == "9999"
    assert (setup.customer_invoice_nos, setup.customer_credit_memo_nos, setup.sales_draft_nos) == (
        "SALES-INV",
        "SALES-CM",
        "SALES-DRAFT",
    )
    assert (setup.payment_tolerance_pct, setup.max_payment_tolerance) == (D(0), D("0.00"))
    assert setup.pmt_disc_grace_period == ""


def test_a_swedish_company_gets_bas_accounts_and_swedish_vat(engine: Engine) -> None:
    company = create_company(engine, "Svea Trä AB", "SE", org_no="556036-0793")

    assert (company.currency, company.org_no) == ("SEK", "5560360793")
    names = {a.no: a.name for a in list_gl_accounts(engine, company.id)}
    assert names["1510"] == "Kundfordringar"
    assert names["1930"] == "Företagskonto"
    assert names["3740"] == "Öres- och kronutjämning"
    vat = {v.code: v.rate for v in _rows(engine, m.VatCode, company.id)}
    assert vat == {"MP1": D(25), "MP2": D(12), "MP3": D(6), "MF": D(0)}
    assert {c.code for c in _rows(engine, m.Currency, company.id)} == {"EUR", "USD", "NOK", "DKK"}
    assert [(b.no, b.name, b.gl_account) for b in list_bank_accounts(engine, company.id)] == [
        ("BANK", "Företagskonto", "1930")
    ]


def test_two_companies_keep_their_own_set_up(engine: Engine) -> None:
    norway = create_company(engine, "Fjordkraft Handel AS", "NO")
    sweden = create_company(engine, "Svea Trä AB", "SE")

    swedish = {a.no for a in list_gl_accounts(engine, sweden.id)}
    norwegian = {a.no for a in list_gl_accounts(engine, norway.id)}
    assert ("1500" in norwegian, "1500" in swedish) == (True, False)
    assert ("1510" in swedish, "1510" in norwegian) == (True, False)


def test_a_second_company_with_the_same_name_is_refused_and_nothing_is_written(
    engine: Engine,
) -> None:
    create_company(engine, "Fjordkraft Handel AS", "NO")

    with pytest.raises(ConflictError, match="'Fjordkraft Handel AS' already exists"):
        create_company(engine, "FJORDKRAFT HANDEL AS", "SE")
    assert [c.name for c in list_companies(engine)] == ["Fjordkraft Handel AS"]


@pytest.mark.parametrize(
    ("name", "country", "org_no", "message"),
    [
        ("Dansk ApS", "DK", "", "choose NO .Norway. or SE .Sweden."),
        ("", "NO", "", "needs a name"),
        ("Feil AS", "NO", "123456789", "not a valid Norwegian organisation number"),
    ],
)
def test_bad_company_details_are_refused(
    engine: Engine, name: str, country: str, org_no: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        create_company(engine, name, country, org_no=org_no)
    assert list_companies(engine) == []


def test_an_account_added_to_the_chart_is_listed_in_order(engine: Engine) -> None:
    company = create_company(engine, "Fjordkraft Handel AS", "NO")

    added = add_gl_account(engine, company.id, "3960", "Gebyrinntekter", category="income")

    assert (added.no, added.kind, added.direct_posting) == ("3960", GLAccountKind.POSTING, True)
    numbers = [a.no for a in list_gl_accounts(engine, company.id)]
    assert numbers.index("3950") < numbers.index("3960") < numbers.index("4")
    with pytest.raises(ConflictError, match="3960 already exists"):
        add_gl_account(engine, company.id, "3960", "Igjen", category="income")
    with pytest.raises(ValidationError, match="category profit: use one of"):
        add_gl_account(engine, company.id, "3970", "Feil", category="profit")


# -- G/L setup ---------------------------------------------------------------------------


def test_the_application_settings_can_be_changed(engine: Engine) -> None:
    company = create_company(engine, "Fjordkraft Handel AS", "NO")

    updated = update_gl_setup(
        engine,
        company.id,
        payment_tolerance_pct=D("2.5"),
        max_payment_tolerance=D("50"),
        pmt_disc_grace_period=" 5d ",
        appln_rounding_precision=D("1"),
        allow_posting_from=date(2026, 1, 1),
        allow_posting_to=date(2026, 12, 31),
    )

    assert get_gl_setup(engine, company.id) == updated
    assert updated.payment_tolerance_pct == D("2.5")
    assert updated.max_payment_tolerance == D("50.00")
    assert updated.pmt_disc_grace_period == "5D"
    assert updated.appln_rounding_precision == D("1.00")
    assert (updated.allow_posting_from, updated.allow_posting_to) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    again = update_gl_setup(engine, company.id, pmt_disc_excl_vat=True)
    assert again.pmt_disc_excl_vat
    assert again.payment_tolerance_pct == D("2.5")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"payment_tolerance_pct": D("120")}, "between 0 and 100"),
        ({"payment_tolerance_pct": D("-1")}, "between 0 and 100"),
        ({"max_payment_tolerance": D("-5")}, "must be zero or more"),
        ({"appln_rounding_precision": D("0.001")}, "more than 2 decimals"),
        ({"pmt_disc_grace_period": "fem dager"}, "not a date formula; write e.g. 14D"),
        (
            {"allow_posting_from": date(2026, 2, 1), "allow_posting_to": date(2026, 1, 1)},
            "is after allow_posting_to",
        ),
    ],
)
def test_settings_out_of_range_are_refused_and_nothing_changes(
    engine: Engine, change: dict[str, object], message: str
) -> None:
    company = create_company(engine, "Fjordkraft Handel AS", "NO")
    before = get_gl_setup(engine, company.id)

    with pytest.raises(ValueError, match=message):
        update_gl_setup(engine, company.id, **change)  # type: ignore[arg-type]
    assert get_gl_setup(engine, company.id) == before


def test_the_setup_of_a_missing_company_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFoundError, match="Company 42 has no general ledger setup"):
        get_gl_setup(engine, 42)


# -- number series -----------------------------------------------------------------------


def _take(engine: Engine, company_id: int, code: str, *, commit: bool = True) -> str:
    with UnitOfWork(engine, write=True) as uow:
        number = next_number(uow.session, company_id, code)
        if commit:
            uow.commit()
        return number


def test_a_series_starts_at_its_starting_no_and_counts_up(engine: Engine) -> None:
    company = create_company(engine, "Fjordkraft Handel AS", "NO")

    taken = [_take(engine, company.id, "CASH") for _ in range(3)]

    assert taken == ["CR000001", "CR000002", "CR000003"]
    assert _take(engine, company.id, "SALES-INV") == "100001"
    with UnitOfWork(engine, write=True) as uow:
        assert reserve_numbers(uow.session, company.id, "CASH", 2) == ["CR000004", "CR000005"]
        uow.commit()
    assert _take(engine, company.id, "CASH") == "CR000006"


def test_a_rolled_back_posting_gives_its_number_back(engine: Engine) -> None:
    company = create_company(engine, "Fjordkraft Handel AS", "NO")

    assert _take(engine, company.id, "GENERAL", commit=False) == "GJ000001"
    assert _take(engine, company.id, "GENERAL") == "GJ000001"


def test_a_missing_series_is_named_in_the_error(engine: Engine) -> None:
    company = create_company(engine, "Fjordkraft Handel AS", "NO")

    with pytest.raises(NotFoundError, match="Number series 'OCR' does not exist"):
        _take(engine, company.id, "OCR")


def test_two_postings_at_once_never_get_the_same_number(engine: Engine) -> None:
    company = create_company(engine, "Fjordkraft Handel AS", "NO")
    second: list[str] = []

    def other_posting() -> None:
        second.append(_take(engine, company.id, "CASH"))

    with UnitOfWork(engine, write=True) as uow:
        first = next_number(uow.session, company.id, "CASH")
        other = threading.Thread(target=other_posting)
        other.start()
        other.join(timeout=0.5)
        assert other.is_alive(), "the second posting must wait for the series lock"
        uow.commit()
    other.join(timeout=10)

    assert not other.is_alive()
    assert (first, second) == ("CR000001", ["CR000002"])
    with UnitOfWork(engine) as uow:
        used = uow.session.scalar(
            select(func.max(m.NumberSeries.last_no_used)).where(
                m.NumberSeries.company_id == company.id, m.NumberSeries.code == "CASH"
            )
        )
    assert used == "CR000002"
