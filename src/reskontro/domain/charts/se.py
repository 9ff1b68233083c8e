"""Sweden: a standard set-up on the BAS chart of accounts (BAS 2026 names).

Headings are BAS classes and account groups. Every posting account is a BAS account except
3930 Påminnelseavgifter, which BAS leaves free in group 39 and Swedish bookkeepers commonly
add for reminder fees (they carry no VAT).
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

RECEIVABLES = "1510"
BANK = "1930"
PAYABLES = "2440"
DISCOUNT_GRANTED = "3731"
ROUNDING = "3740"
DISCOUNT_RECEIVED = "4731"
FX_GAINS = "3960"
FX_LOSSES = "7960"
OPENING_BALANCE = "9999"

ACCOUNTS = (
    AccountSpec("1", "Tillgångar", ASSETS, HEADING),
    AccountSpec("15", "Kundfordringar", ASSETS, HEADING),
    AccountSpec(RECEIVABLES, "Kundfordringar", ASSETS, direct_posting=False),
    AccountSpec("19", "Kassa och bank", ASSETS, HEADING),
    AccountSpec("1910", "Kassa", ASSETS),
    AccountSpec(BANK, "Företagskonto", ASSETS, direct_posting=False),
    AccountSpec("2", "Eget kapital och skulder", LIABILITIES, HEADING),
    AccountSpec("20", "Eget kapital", EQUITY, HEADING),
    AccountSpec("2081", "Aktiekapital", EQUITY),
    AccountSpec("2091", "Balanserad vinst eller förlust", EQUITY),
    AccountSpec(
        "24",
        "Kortfristiga skulder till kreditinstitut, kunder och leverantörer",
        LIABILITIES,
        HEADING,
    ),
    AccountSpec(PAYABLES, "Leverantörsskulder", LIABILITIES, direct_posting=False),
    AccountSpec("26", "Moms och punktskatter", LIABILITIES, HEADING),
    AccountSpec("2611", "Utgående moms på försäljning inom Sverige, 25 %", LIABILITIES),
    AccountSpec("2621", "Utgående moms på försäljning inom Sverige, 12 %", LIABILITIES),
    AccountSpec("2631", "Utgående moms på försäljning inom Sverige, 6 %", LIABILITIES),
    AccountSpec("2641", "Debiterad ingående moms", LIABILITIES),
    AccountSpec("2650", "Redovisningskonto för moms", LIABILITIES),
    AccountSpec("3", "Rörelsens inkomster/intäkter", INCOME, HEADING),
    AccountSpec("30", "Huvudintäkter", INCOME, HEADING),
    AccountSpec("3001", "Försäljning inom Sverige, 25 % moms", INCOME),
    AccountSpec("3002", "Försäljning inom Sverige, 12 % moms", INCOME),
    AccountSpec("3003", "Försäljning inom Sverige, 6 % moms", INCOME),
    AccountSpec("3004", "Försäljning inom Sverige, momsfri", INCOME),
    AccountSpec("37", "Intäktskorrigeringar", INCOME, HEADING),
    AccountSpec(DISCOUNT_GRANTED, "Lämnade kassarabatter", INCOME),
    AccountSpec(ROUNDING, "Öres- och kronutjämning", INCOME),
    AccountSpec("39", "Övriga rörelseintäkter", INCOME, HEADING),
    AccountSpec("3930", "Påminnelseavgifter", INCOME),
    AccountSpec(FX_GAINS, "Valutakursvinster på fordringar och skulder av rörelsekaraktär", INCOME),
    AccountSpec(
        "4", "Utgifter/kostnader för varor, material och vissa köpta tjänster", EXPENSE, HEADING
    ),
    AccountSpec("47", "Reduktion av inköpspriser", EXPENSE, HEADING),
    AccountSpec(DISCOUNT_RECEIVED, "Erhållna kassarabatter", EXPENSE),
    AccountSpec("6", "Övriga externa rörelseutgifter/kostnader", EXPENSE, HEADING),
    AccountSpec("65", "Övriga externa tjänster", EXPENSE, HEADING),
    AccountSpec("6570", "Bankkostnader", EXPENSE),
    AccountSpec("7", "Utgifter/kostnader för personal, avskrivningar m.m.", EXPENSE, HEADING),
    AccountSpec("79", "Övriga rörelsekostnader", EXPENSE, HEADING),
    AccountSpec(
        FX_LOSSES, "Valutakursförluster på fordringar och skulder av rörelsekaraktär", EXPENSE
    ),
    AccountSpec(
        "8", "Finansiella och andra inkomster/intäkter och utgifter/kostnader", EXPENSE, HEADING
    ),
    AccountSpec("83", "Övriga ränteintäkter och liknande resultatposter", INCOME, HEADING),
    AccountSpec("8311", "Ränteintäkter från bank", INCOME),
    AccountSpec("8313", "Ränteintäkter från kortfristiga fordringar", INCOME),
    AccountSpec("84", "Räntekostnader och liknande resultatposter", EXPENSE, HEADING),
    AccountSpec("8420", "Räntekostnader för kortfristiga skulder", EXPENSE),
    AccountSpec("8422", "Dröjsmålsräntor för leverantörsskulder", EXPENSE),
    AccountSpec("9", "Interna konton", EQUITY, HEADING),
    AccountSpec("99", "Ingående balanser", EQUITY, HEADING),
    AccountSpec(OPENING_BALANCE, "Motkonto ingående balanser", EQUITY),
)

VAT_CODES = (
    VatCodeSpec("MP1", "Utgående moms 25 %", Decimal(25), "2611", "3001"),
    VatCodeSpec("MP2", "Utgående moms 12 %", Decimal(12), "2621", "3002"),
    VatCodeSpec("MP3", "Utgående moms 6 %", Decimal(6), "2631", "3003"),
    # At 0 % no VAT is posted; the VAT account only fills the required field.
    VatCodeSpec("MF", "Momsfri försäljning", Decimal(0), "2650", "3004"),
)

PAYMENT_TERMS = (
    PaymentTermsSpec("0D", "Kontant", "0D"),
    PaymentTermsSpec("10D", "10 dagar netto", "10D"),
    PaymentTermsSpec("20D", "20 dagar netto", "20D"),
    PaymentTermsSpec("30D", "30 dagar netto", "30D"),
    PaymentTermsSpec("2%10N30", "2 % 10 dagar, netto 30", "30D", "10D", Decimal(2)),
)

CUSTOMER_POSTING_GROUPS = (
    PartyPostingGroupSpec(
        code="DOMESTIC",
        description="Inrikes kunder",
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
        description="Utländska kunder",
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
        description="Inrikes leverantörer",
        account=PAYABLES,
        pmt_disc_debit=DISCOUNT_RECEIVED,
        pmt_disc_credit=DISCOUNT_RECEIVED,
        pmt_tol_debit=ROUNDING,
        pmt_tol_credit=ROUNDING,
        rounding_debit=ROUNDING,
        rounding_credit=ROUNDING,
    ),
)

BANK_POSTING_GROUPS = (BankPostingGroupSpec("OPERATING", "Företagskonto", BANK),)

CURRENCIES = (
    CurrencySpec("EUR", "Euro", FX_GAINS, FX_LOSSES),
    CurrencySpec("USD", "Amerikanska dollar", FX_GAINS, FX_LOSSES),
    CurrencySpec("NOK", "Norska kronor", FX_GAINS, FX_LOSSES),
    CurrencySpec("DKK", "Danska kronor", FX_GAINS, FX_LOSSES),
)

NUMBER_SERIES = (
    NumberSeriesSpec("SALES-INV", "Kundfakturor", "100001"),
    NumberSeriesSpec("SALES-CM", "Kreditfakturor", "800001"),
    NumberSeriesSpec("SALES-DRAFT", "Fakturautkast", "D00001"),
    NumberSeriesSpec("CASH", "Inbetalningar", "CR000001"),
    NumberSeriesSpec("GENERAL", "Verifikationer", "GJ000001"),
    NumberSeriesSpec("PAYMENTS", "Utbetalningar", "PM000001"),
)

JOURNAL_TEMPLATES = (
    JournalTemplateSpec("GENERAL", "Redovisningsjournal", JournalTemplateType.GENERAL, "GENERAL"),
    JournalTemplateSpec(
        "CASH",
        "Inbetalningsjournal",
        JournalTemplateType.CASH_RECEIPTS,
        "CASH",
        bal_account_type=AccountType.BANK,
        bal_account_no="BANK",
    ),
    JournalTemplateSpec(
        "PAYMENTS",
        "Utbetalningsjournal",
        JournalTemplateType.PAYMENTS,
        "PAYMENTS",
        bal_account_type=AccountType.BANK,
        bal_account_no="BANK",
    ),
)

SETUP = StandardSetup(
    country="SE",
    currency="SEK",
    accounts=ACCOUNTS,
    vat_codes=VAT_CODES,
    payment_terms=PAYMENT_TERMS,
    customer_posting_groups=CUSTOMER_POSTING_GROUPS,
    vendor_posting_groups=VENDOR_POSTING_GROUPS,
    bank_posting_groups=BANK_POSTING_GROUPS,
    currencies=CURRENCIES,
    number_series=NUMBER_SERIES,
    journal_templates=JOURNAL_TEMPLATES,
    bank_account=BankAccountSpec("BANK", "Företagskonto", "OPERATING"),
    opening_balance_account=OPENING_BALANCE,
)
