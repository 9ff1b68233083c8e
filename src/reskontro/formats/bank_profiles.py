"""CSV profiles of Nordic banks' online-banking exports.

Banks publish no specification of these exports, so each profile was confirmed from public
code that reads the real export (budgeting tools and ledger importers), named in its
docstring with repository and path; where two sources exist both are named. The layout is
the bank's; the mapping to our fields is ours. The settings are plain data, the same a profile
of your own holds in JSON (:meth:`reskontro.formats.bank_csv.CsvProfile.from_mapping` reads
both), so each is also an example to start from.

Not confirmed, so no profile: **Handelsbanken** and **SEB** offer their account transactions
as Excel workbooks (Handelsbanken's as HTML tables saved as ``.xls``), not as CSV, in every
source found (``jomgra/shb-kontotransaktioner`` README.md; ``moldin/budget_updater``
data/SEB_DATA_FORMAT.md; ``gerasiov/ofxstatement-seb`` README.rst). Save such a sheet as CSV
and describe it with a profile of your own, in JSON like the settings below. For their
corporate accounts, import the camt.053 statement instead.

>>> sorted(BANK_PROFILES)  # doctest: +NORMALIZE_WHITESPACE
['danske-bank-no', 'danske-bank-se', 'dnb', 'nordea-no', 'nordea-se', 'sparebank1',
 'swedbank']
"""

from __future__ import annotations

from typing import Final

Settings = dict[str, object]

DNB: Final[Settings] = {
    "name": "dnb",
    "delimiter": ";",
    "encoding": "auto",
    "date_format": "%d.%m.%Y",
    "decimal_sign": ".",
    "columns": {
        "booking_date": "Dato",
        "value_date": "Rentedato",
        "text": "Forklaring",
        "debit": "Ut fra konto",
        "credit": "Inn på konto",
    },
    "sign_convention": "debit_credit",
    "find_header": True,
    "currency": "NOK",
}
"""DNB (Norway): ``Dato;Forklaring;Rentedato;Ut fra konto;Inn på konto``, day.month.year,
a decimal point, money out and in in two columns; lines above the header are skipped.
Source: ``sebdehne/dehne-accounting``
src/main/kotlin/com/dehnes/accounting/bank/importers/DnbCsvImporter.kt."""

NORDEA_NO: Final[Settings] = {
    "name": "nordea-no",
    "delimiter": ";",
    "encoding": "auto",
    "date_format": "%Y/%m/%d",
    "decimal_sign": ",",
    "columns": {
        "booking_date": "Bokføringsdato",
        "amount": "Beløp",
        "counterparty_name": "Navn",
        "text": "Tittel",
        "currency": "Valuta",
    },
    "pending_marks": ("Reservert",),
}
"""Nordea (Norway): ``Bokføringsdato;Beløp;Avsender;Mottaker;Navn;Tittel;Valuta``,
year/month/day, a decimal comma, signed amounts; a booking date of ``Reservert`` marks a line
not booked yet. Source: ``sebdehne/dehne-accounting``
src/main/kotlin/com/dehnes/accounting/bank/importers/NordeaCsvImporter.kt."""

NORDEA_SE: Final[Settings] = {
    "name": "nordea-se",
    "delimiter": ";",
    "encoding": "auto",
    "date_format": "%Y-%m-%d|%Y/%m/%d|%d.%m.%Y",
    "decimal_sign": ",",
    "columns": {
        "booking_date": "Bokföringsdag",
        "amount": "Belopp",
        "counterparty_name": "Namn",
        "text": "Rubrik",
        "currency": "Valuta",
    },
    "pending_marks": ("Reserverat",),
}
"""Nordea (Sweden, and the Swedish-language export elsewhere):
``Bokföringsdag;Belopp;Avsändare;Mottagare;Namn;Rubrik;Saldo;Valuta``, a decimal comma,
signed amounts; ``Reserverat`` as the date marks a line not booked yet. The date comes as
year-month-day, year/month/day or day.month.year depending on the country of the account.
Sources: ``clerklabs/selfquantifier``
selfquantifier/transactions/parsers/international/nordea/netbank/csv.py (with its sv test
file) and ``eckberg/nordea-se-to-ynab-csv`` src/components/Converter.vue."""

SPAREBANK1: Final[Settings] = {
    "name": "sparebank1",
    "delimiter": ";",
    "encoding": "auto",
    "date_format": "%d.%m.%Y",
    "decimal_sign": ",",
    "columns": {
        "booking_date": "Dato",
        "value_date": "Rentedato",
        "text": "Beskrivelse",
        "debit": "Ut",
        "credit": "Inn",
    },
    "sign_convention": "debit_credit",
    "currency": "NOK",
}
"""SpareBank 1 (Norway): ``Dato;Beskrivelse;Rentedato;Inn;Ut;Til konto;Fra konto;``,
day.month.year, a decimal comma, money in and out in two columns (the out column already
negative). Source: ``VetleNeumann/sparebank1-homebank-converter`` sparebank1_homebank.py and
test_sparebank1_homebank.py."""

DANSKE_BANK_NO: Final[Settings] = {
    "name": "danske-bank-no",
    "delimiter": ";",
    "encoding": "auto",
    "date_format": "%d.%m.%Y",
    "decimal_sign": ",",
    "columns": {
        "booking_date": "Dato|Date",
        "text": "Tekst|Text",
        "amount": "Beløp|Amount",
        "status": "Status",
    },
    "booked_marks": ("Utført", "Executed"),
}
"""Danske Bank (Norway): ``Dato;[Kategori;Underkategori;]Tekst;Beløp;Saldo;Status;Avstemt``
or in English ``Date;Text;Amount;Balance;Status;Reconciled``, ISO-8859-1, day.month.year, a
decimal comma with ``.`` between thousands; only lines of status ``Utført``/``Executed`` are
booked. Source: ``sebdehne/dehne-accounting``
src/main/kotlin/com/dehnes/accounting/bank/importers/DanskeBankCsvExportImporter.kt."""

DANSKE_BANK_SE: Final[Settings] = {
    "name": "danske-bank-se",
    "delimiter": ";",
    "encoding": "auto",
    "date_format": "%Y-%m-%d",
    "decimal_sign": ",",
    "columns": {
        "booking_date": "Bokföringsdag",
        "text": "Specifikation",
        "amount": "Belopp",
        "status": "Status",
    },
    "booked_marks": ("Utförd",),
    "currency": "SEK",
}
"""Danske Bank (Sweden): ``"Bokföringsdag";"Specifikation";"Belopp";"Saldo";"Status";
"Avstämt"``, year-month-day, a decimal comma with ``.`` between thousands; only lines of
status ``Utförd`` are booked. Source: ``clerklabs/selfquantifier``
selfquantifier/transactions/parsers/se/danskebank/personal/test_data/ (its test export)."""

SWEDBANK: Final[Settings] = {
    "name": "swedbank",
    "delimiter": "auto",
    "encoding": "auto",
    "date_format": "%Y-%m-%d",
    "decimal_sign": ".",
    "columns": {
        "booking_date": "Bokföringsdag",
        "value_date": "Valutadag",
        "text": "Beskrivning",
        "amount": "Belopp",
        "currency": "Valuta",
    },
    "find_header": True,
}
"""Swedbank (Sweden): a title line (``* Transaktioner Period …``), then ``Radnummer,
Clearingnummer,Kontonummer,Produkt,Valuta,Bokföringsdag,Transaktionsdag,Valutadag,Referens,
Beskrivning,Belopp,Bokfört saldo``, comma- or tab-separated, year-month-day, a decimal
point, signed amounts. Source: ``pownas/Privatekonomi``
src/Privatekonomi.Core/Services/Parsers/SwedbankParser.cs and wiki/CSV_IMPORT_GUIDE.md."""

BANK_PROFILES: Final[dict[str, Settings]] = {
    str(p["name"]): p
    for p in (DNB, NORDEA_NO, NORDEA_SE, SPAREBANK1, DANSKE_BANK_NO, DANSKE_BANK_SE, SWEDBANK)
}
