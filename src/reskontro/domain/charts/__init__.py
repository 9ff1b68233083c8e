"""The standard set-up a new company starts from, one module per country.

Each country module holds data only: a chart of accounts in the country's standard numbering
(NS 4102 in Norway, BAS in Sweden), VAT codes, payment terms, posting groups, currencies,
number series, journal templates and the first bank account. :func:`standard_setup` picks the
one for a country; ``services.setup`` writes it into the database.

>>> setup = standard_setup("no")
>>> setup.currency, setup.account("1500").name
('NOK', 'Kundefordringer')
>>> standard_setup("SE").account("3740").name
'Öres- och kronutjämning'
>>> standard_setup("DK")  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
reskontro.domain.errors.ValidationError: Country 'DK' has no standard set-up; choose NO ...
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reskontro.domain.enums import (
    AccountType,
    GLAccountCategory,
    GLAccountKind,
    JournalTemplateType,
)
from reskontro.domain.errors import ValidationError

HEADING = GLAccountKind.HEADING
ASSETS = GLAccountCategory.ASSETS
LIABILITIES = GLAccountCategory.LIABILITIES
EQUITY = GLAccountCategory.EQUITY
INCOME = GLAccountCategory.INCOME
EXPENSE = GLAccountCategory.EXPENSE


@dataclass(frozen=True)
class AccountSpec:
    """A G/L account. Headings group the chart and are never posted to."""

    no: str
    name: str
    category: GLAccountCategory
    kind: GLAccountKind = GLAccountKind.POSTING
    direct_posting: bool = True
    """False for control accounts (receivables, payables, bank) that only subledgers post to."""


@dataclass(frozen=True)
class VatCodeSpec:
    code: str
    description: str
    rate: Decimal
    """Percent, e.g. ``Decimal("25")``."""
    output_account: str
    sales_account: str


@dataclass(frozen=True)
class PaymentTermsSpec:
    code: str
    description: str
    due_date_formula: str
    discount_date_formula: str = ""
    discount_pct: Decimal = Decimal(0)


@dataclass(frozen=True)
class PartyPostingGroupSpec:
    """A customer or vendor posting group; ``account`` is receivables or payables."""

    code: str
    description: str
    account: str
    pmt_disc_debit: str
    pmt_disc_credit: str
    pmt_tol_debit: str
    pmt_tol_credit: str
    rounding_debit: str
    rounding_credit: str

    def accounts(self) -> dict[str, str]:
        """Every account the group names, by field."""
        return {
            "account": self.account,
            "pmt_disc_debit": self.pmt_disc_debit,
            "pmt_disc_credit": self.pmt_disc_credit,
            "pmt_tol_debit": self.pmt_tol_debit,
            "pmt_tol_credit": self.pmt_tol_credit,
            "rounding_debit": self.rounding_debit,
            "rounding_credit": self.rounding_credit,
        }


@dataclass(frozen=True)
class BankPostingGroupSpec:
    code: str
    description: str
    gl_account: str


@dataclass(frozen=True)
class CurrencySpec:
    code: str
    description: str
    realized_gains_account: str
    realized_losses_account: str


@dataclass(frozen=True)
class NumberSeriesSpec:
    code: str
    description: str
    starting_no: str


@dataclass(frozen=True)
class JournalTemplateSpec:
    """A journal template; it gets one batch, ``DEFAULT``, with the same balancing account."""

    name: str
    description: str
    type: JournalTemplateType
    number_series: str
    force_doc_balance: bool = True
    bal_account_type: AccountType = AccountType.GL
    bal_account_no: str = ""


@dataclass(frozen=True)
class BankAccountSpec:
    no: str
    name: str
    posting_group: str


DEFAULT_BATCH = "DEFAULT"
"""The batch every standard journal template gets."""


@dataclass(frozen=True)
class StandardSetup:
    """Everything a new company of one country starts with."""

    country: str
    currency: str
    accounts: tuple[AccountSpec, ...]
    vat_codes: tuple[VatCodeSpec, ...]
    payment_terms: tuple[PaymentTermsSpec, ...]
    customer_posting_groups: tuple[PartyPostingGroupSpec, ...]
    vendor_posting_groups: tuple[PartyPostingGroupSpec, ...]
    bank_posting_groups: tuple[BankPostingGroupSpec, ...]
    currencies: tuple[CurrencySpec, ...]
    number_series: tuple[NumberSeriesSpec, ...]
    journal_templates: tuple[JournalTemplateSpec, ...]
    bank_account: BankAccountSpec
    opening_balance_account: str
    """The counter account for open items and balances taken over from an earlier system."""

    def account(self, no: str) -> AccountSpec | None:
        for spec in self.accounts:
            if spec.no == no:
                return spec
        return None

    def account_references(self) -> list[tuple[str, str]]:
        """(where, account no.) for every account the set-up names outside the chart itself."""
        refs: list[tuple[str, str]] = [("opening balance", self.opening_balance_account)]
        for vat in self.vat_codes:
            refs.append((f"VAT code {vat.code} output", vat.output_account))
            refs.append((f"VAT code {vat.code} sales", vat.sales_account))
        for kind, groups in (
            ("customer", self.customer_posting_groups),
            ("vendor", self.vendor_posting_groups),
        ):
            for group in groups:
                for field, no in group.accounts().items():
                    refs.append((f"{kind} posting group {group.code} {field}", no))
        for bank in self.bank_posting_groups:
            refs.append((f"bank posting group {bank.code}", bank.gl_account))
        for currency in self.currencies:
            refs.append((f"currency {currency.code} gains", currency.realized_gains_account))
            refs.append((f"currency {currency.code} losses", currency.realized_losses_account))
        return refs


def standard_setup(country: str) -> StandardSetup:
    """The standard set-up for *country* (``NO`` or ``SE``, any case)."""
    from reskontro.domain.charts import no, se

    setups = {"NO": no.SETUP, "SE": se.SETUP}
    code = country.strip().upper()
    if code not in setups:
        raise ValidationError(
            f"Country {country!r} has no standard set-up; choose NO (Norway) or SE (Sweden)"
        )
    return setups[code]
