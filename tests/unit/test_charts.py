"""The standard set-ups: complete, consistent, and in the country's own numbering and words."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest

from reskontro.domain import charts
from reskontro.domain.charts import StandardSetup, standard_setup
from reskontro.domain.dateformula import DateFormula
from reskontro.domain.enums import AccountType, GLAccountKind
from reskontro.domain.errors import ValidationError

COUNTRIES = ["NO", "SE"]


@pytest.fixture(params=COUNTRIES)
def setup(request: pytest.FixtureRequest) -> StandardSetup:
    return standard_setup(str(request.param))


def test_the_documented_examples_hold() -> None:
    assert doctest.testmod(charts).failed == 0


def test_every_account_a_group_vat_code_or_currency_names_is_a_posting_account(
    setup: StandardSetup,
) -> None:
    for where, no in setup.account_references():
        account = setup.account(no)
        assert account is not None, f"{setup.country}: {where} names {no!r}, not in the chart"
        assert account.kind is GLAccountKind.POSTING, f"{setup.country}: {where} is a heading"


def test_account_numbers_are_unique_and_every_posting_account_sits_under_its_class(
    setup: StandardSetup,
) -> None:
    numbers = [a.no for a in setup.accounts]
    assert len(numbers) == len(set(numbers))
    headings = {a.no for a in setup.accounts if a.kind is GLAccountKind.HEADING}
    for account in setup.accounts:
        if account.kind is GLAccountKind.POSTING:
            assert account.no[0] in headings, f"{account.no} has no class heading"
            assert account.no[:2] in headings, f"{account.no} has no group heading"


def test_only_subledgers_post_to_receivables_payables_and_bank(setup: StandardSetup) -> None:
    control = {g.account for g in setup.customer_posting_groups}
    control |= {g.account for g in setup.vendor_posting_groups}
    control |= {b.gl_account for b in setup.bank_posting_groups}
    assert len(control) == 3
    for account in setup.accounts:
        blocked_for_journals = not account.direct_posting
        assert blocked_for_journals == (account.no in control), account.no


def test_the_opening_balance_account_takes_journal_postings(setup: StandardSetup) -> None:
    account = setup.account(setup.opening_balance_account)
    assert account is not None
    assert account.no == "9999"
    assert account.direct_posting


def test_norway_uses_ns_4102_numbers_and_norwegian_names() -> None:
    chart = standard_setup("NO")
    names = {a.no: a.name for a in chart.accounts}
    assert names["1500"] == "Kundefordringer"
    assert names["1920"] == "Bankinnskudd"
    assert names["2400"] == "Leverandørgjeld"
    assert names["8060"] == "Valutagevinst (agio)"
    assert names["8160"] == "Valutatap (disagio)"
    assert names["9999"] == "Motkonto inngående balanse"
    assert chart.currency == "NOK"
    assert chart.bank_account.name == "Driftskonto"


def test_sweden_uses_bas_numbers_and_swedish_names() -> None:
    chart = standard_setup("se")
    names = {a.no: a.name for a in chart.accounts}
    assert names["1510"] == "Kundfordringar"
    assert names["1930"] == "Företagskonto"
    assert names["2440"] == "Leverantörsskulder"
    assert names["3740"] == "Öres- och kronutjämning"
    assert names["9999"] == "Motkonto ingående balanser"
    assert chart.currency == "SEK"
    assert chart.bank_account.name == "Företagskonto"
    group = chart.customer_posting_groups[0]
    assert group.pmt_tol_debit == group.rounding_credit == "3740"


@pytest.mark.parametrize(
    ("country", "rates"),
    [
        ("NO", {"3": "25", "31": "15", "33": "12", "5": "0"}),
        ("SE", {"MP1": "25", "MP2": "12", "MP3": "6", "MF": "0"}),
    ],
)
def test_vat_codes_carry_the_country_rates_and_a_sales_account_each(
    country: str, rates: dict[str, str]
) -> None:
    chart = standard_setup(country)
    assert {v.code: v.rate for v in chart.vat_codes} == {k: Decimal(r) for k, r in rates.items()}
    sales_accounts = [v.sales_account for v in chart.vat_codes]
    assert len(set(sales_accounts)) == len(sales_accounts)


def test_payment_terms_parse_and_the_discount_terms_give_two_percent_in_ten_days(
    setup: StandardSetup,
) -> None:
    for terms in setup.payment_terms:
        DateFormula.parse(terms.due_date_formula)
        DateFormula.parse(terms.discount_date_formula)
    discount = {t.code: t for t in setup.payment_terms}["2%10N30"]
    assert (discount.due_date_formula, discount.discount_date_formula) == ("30D", "10D")
    assert discount.discount_pct == Decimal(2)
    assert {"0D", "10D", "30D"} <= {t.code for t in setup.payment_terms}


def test_foreign_currencies_are_the_other_nordic_ones_plus_eur_and_usd(
    setup: StandardSetup,
) -> None:
    codes = {c.code for c in setup.currencies}
    assert setup.currency not in codes
    assert codes == {"EUR", "USD", "NOK", "SEK", "DKK"} - {setup.currency}


def test_journal_templates_use_existing_series_and_the_standard_bank_account(
    setup: StandardSetup,
) -> None:
    series = {s.code: s.starting_no for s in setup.number_series}
    assert series == {
        "SALES-INV": "100001",
        "SALES-CM": "800001",
        "SALES-DRAFT": "D00001",
        "CASH": "CR000001",
        "GENERAL": "GJ000001",
        "PAYMENTS": "PM000001",
    }
    templates = {t.name: t for t in setup.journal_templates}
    assert set(templates) == {"GENERAL", "CASH", "PAYMENTS"}
    for template in templates.values():
        assert template.number_series in series
    for name in ("CASH", "PAYMENTS"):
        assert templates[name].bal_account_type is AccountType.BANK
        assert templates[name].bal_account_no == setup.bank_account.no
    banks = {b.code for b in setup.bank_posting_groups}
    assert setup.bank_account.posting_group in banks


def test_a_country_without_a_standard_set_up_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"choose NO .* or SE"):
        standard_setup("DK")
