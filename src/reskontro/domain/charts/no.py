"""Norway: a standard set-up on Norsk Standard Kontoplan (NS 4102).

Class and group headings follow NS 4102. Where NS 4102 leaves sub-accounts free (VAT per rate,
sales per rate, cash discounts, rounding, reminder fees) we use the sub-accounts Norwegian
bookkeepers commonly use. VAT codes are the SAF-T standard codes.
"""

from __future__ import annotations

from decimal import Decimal

from reskontro.domain.charts import (
    ASSETS,
    EQUITY,
    EXPENSE,
    HEADING,
    INCOME,
    LIABILITIES,
    AccountSpec,
    BankAccountSpec,
    BankPostingGroupSpec,
    CurrencySpec,
    JournalTemplateSpec,
    NumberSeriesSpec,
    PartyPostingGroupSpec,
    PaymentTermsSpec,
    StandardSetup,
    VatCodeSpec,
)
from reskontro.domain.enums import AccountType, JournalTemplateType

RECEIVABLES = "1500"
BANK = "1920"
PAYABLES = "2400"
DISCOUNT_GRANTED = "3080"
DISCOUNT_RECEIVED = "4370"
ROUNDING = "7740"
FX_GAINS = "8060"
FX_LOSSES = "8160"
OPENING_BALANCE = "9999"

ACCOUNTS = (
    AccountSpec("1", "Eiendeler", ASSETS, HEADING),
    AccountSpec("15", "Kortsiktige fordringer", ASSETS, HEADING),
    AccountSpec(RECEIVABLES, "Kundefordringer", ASSETS, direct_posting=False),
    AccountSpec("19", "Bankinnskudd, kontanter og lignende", ASSETS, HEADING),
    AccountSpec("1900", "Kontanter", ASSETS),
    AccountSpec(BANK, "Bankinnskudd", ASSETS, direct_posting=False),
    AccountSpec("2", "Egenkapital og gjeld", LIABILITIES, HEADING),
    AccountSpec("20", "Egenkapital", EQUITY, HEADING),
    AccountSpec("2000", "Aksjekapital", EQUITY),
    AccountSpec("2050", "Annen egenkapital", EQUITY),
    AccountSpec("24", "Leverandørgjeld", LIABILITIES, HEADING),
    AccountSpec(PAYABLES, "Leverandørgjeld", LIABILITIES, direct_posting=False),
    AccountSpec("27", "Skyldige offentlige avgifter", LIABILITIES, HEADING),
    AccountSpec("2700", "Utgående merverdiavgift, høy sats", LIABILITIES),
    AccountSpec("2701", "Utgående merverdiavgift, middels sats", LIABILITIES),
    AccountSpec("2702", "Utgående merverdiavgift, lav sats", LIABILITIES),
    AccountSpec("2710", "Inngående merverdiavgift, høy sats", LIABILITIES),
    AccountSpec("2711", "Inngående merverdiavgift, middels sats", LIABILITIES),
    AccountSpec("2712", "Inngående merverdiavgift, lav sats", LIABILITIES),
    AccountSpec("2740", "Oppgjørskonto merverdiavgift", LIABILITIES),
    AccountSpec("3", "Salgs- og driftsinntekt", INCOME, HEADING),
    AccountSpec("30", "Salgsinntekt, avgiftspliktig", INCOME, HEADING),
    AccountSpec("3000", "Salgsinntekt, avgiftspliktig, høy sats", INCOME),
    AccountSpec("3010", "Salgsinntekt, avgiftspliktig, middels sats", INCOME),
    AccountSpec("3020", "Salgsinntekt, avgiftspliktig, lav sats", INCOME),
    AccountSpec(DISCOUNT_GRANTED, "Gitt kontantrabatt", INCOME),
    AccountSpec("31", "Salgsinntekt, avgiftsfri", INCOME, HEADING),
    AccountSpec("3100", "Salgsinntekt, avgiftsfri", INCOME),
    AccountSpec("39", "Annen driftsrelatert inntekt", INCOME, HEADING),
    AccountSpec("3950", "Purregebyr", INCOME),
    AccountSpec("4", "Varekostnad", EXPENSE, HEADING),
    AccountSpec("43", "Innkjøp av varer for videresalg", EXPENSE, HEADING),
    AccountSpec(DISCOUNT_RECEIVED, "Mottatt kontantrabatt", EXPENSE),
    AccountSpec("7", "Annen driftskostnad", EXPENSE, HEADING),
    AccountSpec("77", "Annen kostnad", EXPENSE, HEADING),
    AccountSpec(ROUNDING, "Øreavrunding", EXPENSE),
    AccountSpec("7770", "Bank og kortgebyrer", EXPENSE),
    AccountSpec("8", "Finansinntekt og finanskostnad", EXPENSE, HEADING),
    AccountSpec("80", "Finansinntekt", INCOME, HEADING),
    AccountSpec("8050", "Annen renteinntekt", INCOME),
    AccountSpec(FX_GAINS, "Valutagevinst (agio)", INCOME),
    AccountSpec("81", "Finanskostnad", EXPENSE, HEADING),
    AccountSpec("8150", "Annen rentekostnad", EXPENSE),
    AccountSpec(FX_LOSSES, "Valutatap (disagio)", EXPENSE),
    AccountSpec("9", "Interne kontoer", EQUITY, HEADING),
    AccountSpec("99", "Inngående balanse", EQUITY, HEADING),
    AccountSpec(OPENING_BALANCE, "Motkonto inngående balanse", EQUITY),
)

VAT_CODES = (
    VatCodeSpec("3", "Utgående mva, høy sats", Decimal(25), "2700", "3000"),
    VatCodeSpec("31", "Utgående mva, middels sats", Decimal(15), "2701", "3010"),
    VatCodeSpec("33", "Utgående mva, lav sats", Decimal(12), "2702", "3020"),
    # At 0 % no VAT is posted; the settlement account only fills the required field.
    VatCodeSpec("5", "Innenlands omsetning fritatt for mva", Decimal(0), "2740", "3100"),
)

PAYMENT_TERMS = (
    PaymentTermsSpec("0D", "Kontant", "0D"),
    PaymentTermsSpec("10D", "10 dager", "10D"),
    PaymentTermsSpec("14D", "14 dager", "14D"),
    PaymentTermsSpec("30D", "30 dager", "30D"),
    PaymentTermsSpec("2%10N30", "2 % 10 dager, netto 30", "30D", "10D", Decimal(2)),
)

CUSTOMER_POSTING_GROUPS = (
    PartyPostingGroupSpec(
        code="DOMESTIC",
        description="Innenlandske kunder",
        account=RECEIVABLES,
        pmt_disc_debit=DISCOUNT_GRANTED,
        pmt_disc_credit=DISCOUNT_GRANTED,
        pmt_tol_debit=ROUNDING,
        pmt_tol_credit=ROUNDING,
        rounding_debit=ROUNDING,
        rounding_credit=ROUNDING,
    ),
    PartyPostingGroupSpec(
        code="FOREIGN",
        description="Utenlandske kunder",
        account=RECEIVABLES,
        pmt_disc_debit=DISCOUNT_GRANTED,
        pmt_disc_credit=DISCOUNT_GRANTED,
        pmt_tol_debit=ROUNDING,
        pmt_tol_credit=ROUNDING,
        rounding_debit=ROUNDING,
        rounding_credit=ROUNDING,
    ),
)

VENDOR_POSTING_GROUPS = (
    PartyPostingGroupSpec(
        code="DOMESTIC",
        description="Innenlandske leverandører",
        account=PAYABLES,
        pmt_disc_debit=DISCOUNT_RECEIVED,
        pmt_disc_credit=DISCOUNT_RECEIVED,
        pmt_tol_debit=ROUNDING,
        pmt_tol_credit=ROUNDING,
        rounding_debit=ROUNDING,
        rounding_credit=ROUNDING,
    ),
)

BANK_POSTING_GROUPS = (BankPostingGroupSpec("OPERATING", "Driftskonto", BANK),)

CURRENCIES = (
    CurrencySpec("EUR", "Euro", FX_GAINS, FX_LOSSES),
    CurrencySpec("USD", "Amerikanske dollar", FX_GAINS, FX_LOSSES),
    CurrencySpec("SEK", "Svenske kroner", FX_GAINS, FX_LOSSES),
    CurrencySpec("DKK", "Danske kroner", FX_GAINS, FX_LOSSES),
)

NUMBER_SERIES = (
    NumberSeriesSpec("SALES-INV", "Salgsfakturaer", "100001"),
    NumberSeriesSpec("SALES-CM", "Kreditnotaer", "800001"),
    NumberSeriesSpec("SALES-DRAFT", "Fakturautkast", "D00001"),
    NumberSeriesSpec("CASH", "Innbetalinger", "CR000001"),
    NumberSeriesSpec("GENERAL", "Finansbilag", "GJ000001"),
    NumberSeriesSpec("PAYMENTS", "Utbetalinger", "PM000001"),
)

JOURNAL_TEMPLATES = (
    JournalTemplateSpec("GENERAL", "Finanskladd", JournalTemplateType.GENERAL, "GENERAL"),
    JournalTemplateSpec(
        "CASH",
        "Innbetalingskladd",
        JournalTemplateType.CASH_RECEIPTS,
        "CASH",
        bal_account_type=AccountType.BANK,
        bal_account_no="BANK",
    ),
    JournalTemplateSpec(
        "PAYMENTS",
        "Utbetalingskladd",
        JournalTemplateType.PAYMENTS,
        "PAYMENTS",
        bal_account_type=AccountType.BANK,
        bal_account_no="BANK",
    ),
)

SETUP = StandardSetup(
    country="NO",
    currency="NOK",
    accounts=ACCOUNTS,
    vat_codes=VAT_CODES,
    payment_terms=PAYMENT_TERMS,
    customer_posting_groups=CUSTOMER_POSTING_GROUPS,
    vendor_posting_groups=VENDOR_POSTING_GROUPS,
    bank_posting_groups=BANK_POSTING_GROUPS,
    currencies=CURRENCIES,
    number_series=NUMBER_SERIES,
    journal_templates=JOURNAL_TEMPLATES,
    bank_account=BankAccountSpec("BANK", "Driftskonto", "OPERATING"),
    opening_balance_account=OPENING_BALANCE,
)
