"""CSV bank exports through import profiles: sign conventions, Nordic number and date habits,
encodings, and refusals that name the line and the column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reskontro.domain.errors import FormatError
from reskontro.formats.bank_csv import (
    DEBIT_CREDIT,
    GENERIC,
    INDICATOR,
    NORDIC,
    NORDIC_DEBIT_CREDIT,
    PROFILES,
    CsvProfile,
    parse_csv,
)
from reskontro.formats.statements import (
    BOOKED,
    KID,
    PENDING,
    detect_format,
    parse_statement_file,
)

BANK = CsvProfile(
    name="bank",
    delimiter=";",
    encoding="cp1252",
    date_format="%d.%m.%Y",
    decimal_sign=",",
    columns={
        "booking_date": "Bokført",
        "value_date": "Rentedato",
        "amount": "Beløp",
        "indicator": "D/K",
        "text": "Tekst",
        "reference": "KID",
        "bank_reference": "Arkivref",
    },
    sign_convention=INDICATOR,
    skip_rows=2,
    debit_marks=("D",),
    credit_marks=("K",),
    currency="NOK",
    reference_kind=KID,
)
BANK_FILE = (
    "Kontoutskrift for 1503.12.34567\r\n"
    "\r\n"
    "Bokført;Rentedato;Beløp;D/K;Tekst;KID;Arkivref\r\n"
    "02.01.2024;03.01.2024;1.234,50;K;Innbetaling Ødegård;0012345678904;A1\r\n"
    ";;;;;;\r\n"
    "03.01.2024;;99,00;D;Gebyr;;A2\r\n"
).encode("cp1252")


def test_a_profile_with_an_indicator_column_skipped_lines_and_cp1252() -> None:
    (statement,) = parse_csv(BANK_FILE, BANK, "konto.csv")
    assert (statement.kind, statement.currency, statement.id) == ("csv", "NOK", None)
    payment, fee = statement.entries
    assert payment.amount == Decimal("1234.50")
    assert (payment.booking_date, payment.value_date) == (date(2024, 1, 2), date(2024, 1, 3))
    assert payment.text == "Innbetaling Ødegård"
    assert [(r.kind, r.value) for r in payment.references] == [(KID, "0012345678904")]
    assert (payment.bank_reference, payment.status, payment.currency) == ("A1", BOOKED, "NOK")
    assert (fee.amount, fee.value_date, fee.references) == (Decimal("-99.00"), None, ())


def test_the_generic_profile_reads_signed_amounts_with_a_decimal_point() -> None:
    data = (
        b"booking_date,value_date,amount,text,counterparty_name,counterparty_account,reference,"
        b"bank_reference,currency\n"
        b'2024-01-02,,"1,500.25",Rent,Utleier AS,NO93 8601 1117 947,,X1,nok\n'
        b"2024-01-03,2024-01-03,-0.12345,Interest,,,RF18539007547034,X2,NOK\n"
    )
    assert detect_format(data) == "csv"
    (statement,) = parse_statement_file(data, source="a.csv")
    first, second = statement.entries
    assert (first.amount, first.counterparty_name) == (Decimal("1500.25"), "Utleier AS")
    assert (first.counterparty_account, first.currency) == ("NO9386011117947", "NOK")
    assert second.amount == Decimal("-0.12345")
    assert statement.currency == "NOK"


def test_nordic_profiles_with_debit_and_credit_columns() -> None:
    data = (
        "\ufeffbooking_date;value_date;debit;credit;text;counterparty_name;counterparty_account;"
        "reference;bank_reference;currency\n"
        "02.01.2024;;1 000,00;;Husleie;;;;;\n"
        "02.01.2024;;;12 345,67;Innbetaling;;;;;\n"
    ).encode("utf-8")
    (statement,) = parse_csv(data, NORDIC_DEBIT_CREDIT, "b.csv")
    assert [e.amount for e in statement.entries] == [Decimal("-1000.00"), Decimal("12345.67")]
    assert {"generic", "nordic", "nordic-debit-credit", "dnb", "swedbank"} <= set(PROFILES)


def test_the_auto_encoding_falls_back_to_windows_1252() -> None:
    data = "booking_date;amount;text\n02.01.2024;-5,00;Kjøp på Rema\n".encode("cp1252")
    (statement,) = parse_csv(data, NORDIC, "c.csv")
    assert statement.entries[0].text == "Kjøp på Rema"
    assert statement.entries[0].amount == Decimal("-5.00")


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("2024-01-02,abc,x", "amount", "'abc' is not an amount"),
        ('2024-01-02,"1,5",x', "amount", "'1,5' is not an amount (decimal sign '.')"),
        ("2024-01-02,,x", "amount", "the amount is empty"),
        ("02.01.2024,1.00,x", "booking_date", "is not a date (yyyy-mm-dd)"),
        (",1.00,x", "booking_date", "the date is empty"),
    ],
)
def test_bad_rows_are_refused_naming_line_and_column(row: str, field: str, words: str) -> None:
    data = f"booking_date,amount,text\n2024-01-01,1.00,ok\n{row}\n".encode()
    with pytest.raises(FormatError) as caught:
        parse_csv(data, CsvProfile(name="plain"), "d.csv")
    assert (caught.value.line, caught.value.field) == (3, field)
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"d.csv, row 3, field {field}: ")


def test_debit_and_credit_both_filled_or_both_empty_is_refused() -> None:
    profile = CsvProfile(
        name="two",
        columns={"booking_date": "d", "debit": "out", "credit": "in"},
        sign_convention=DEBIT_CREDIT,
    )
    with pytest.raises(FormatError, match="exactly one of the debit and the credit") as caught:
        parse_csv(b"d,out,in\n2024-01-02,1.00,2.00\n", profile, "e.csv")
    assert (caught.value.line, caught.value.field) == (2, "out/in")


def test_an_unknown_indicator_and_a_missing_column_are_refused() -> None:
    with pytest.raises(FormatError, match="neither a debit") as caught:
        parse_csv(BANK_FILE.replace(b";K;", b";X;"), BANK, "f.csv")
    assert (caught.value.line, caught.value.field) == (4, "D/K")
    with pytest.raises(FormatError, match="has no column Beløp") as caught:
        parse_csv(BANK_FILE.replace("Beløp".encode("cp1252"), b"Sum"), BANK, "f.csv")
    assert caught.value.line == 3


def test_a_file_in_another_encoding_than_the_profile_says_is_refused() -> None:
    with pytest.raises(FormatError, match="not utf-8-sig") as caught:
        parse_csv(BANK_FILE, GENERIC, "g.csv")
    assert caught.value.line == 3  # the header, with its "Beløp"


def test_profiles_are_checked_and_can_be_read_from_plain_data() -> None:
    profile = CsvProfile.from_mapping(
        {
            "name": "from-json",
            "delimiter": ";",
            "decimal_sign": ",",
            "date_format": "%d.%m.%Y",
            "sign_convention": "debit_credit",
            "columns": {"booking_date": "Dato", "debit": "Ut", "credit": "Inn"},
            "debit_marks": ["D"],
        }
    )
    assert (profile.sign_convention, profile.debit_marks) == (DEBIT_CREDIT, ("D",))
    with pytest.raises(FormatError, match="the columns must map amount"):
        CsvProfile(name="bad", columns={"booking_date": "Dato"})
    with pytest.raises(FormatError, match="decimal sign"):
        CsvProfile(name="bad", decimal_sign=";")
    with pytest.raises(FormatError, match="unknown profile settings"):
        CsvProfile.from_mapping({"name": "x", "colour": "red"})
    with pytest.raises(FormatError, match="must be text"):
        CsvProfile.from_mapping({"name": 5})


# -- the banks' own exports (sample files in the layouts the profiles' sources read) ---------


def read(profile: str, text: str, encoding: str = "utf-8") -> list[tuple[object, ...]]:
    (statement,) = parse_csv(text.encode(encoding), PROFILES[profile], f"{profile}.csv")
    return [(e.booking_date, e.amount, e.text, e.status) for e in statement.entries]


def test_dnb_with_a_title_above_the_header_and_two_amount_columns() -> None:
    text = (
        "Kontoutskrift 1503.12.34567\n"
        "\n"
        "Dato;Forklaring;Rentedato;Ut fra konto;Inn på konto\n"
        "02.01.2024;Varekjøp Rema 1000;03.01.2024;245.50;\n"
        "04.01.2024;Innbetaling Ødegård AS;04.01.2024;;12000.00\n"
    )
    assert read("dnb", text) == [
        (date(2024, 1, 2), Decimal("-245.50"), "Varekjøp Rema 1000", BOOKED),
        (date(2024, 1, 4), Decimal("12000.00"), "Innbetaling Ødegård AS", BOOKED),
    ]


def test_nordea_norway_reads_reserved_lines_as_pending() -> None:
    text = (
        "\ufeffBokføringsdato;Beløp;Avsender;Mottaker;Navn;Tittel;Valuta\n"
        "Reservert;-99,00;;;Kiwi;Varekjøp;NOK\n"
        "2024/01/05;1 234,50;12345678903;;Kari Nordmann;Faktura 10023;NOK\n"
    )
    rows = read("nordea-no", text)
    assert rows == [
        (None, Decimal("-99.00"), "Varekjøp", PENDING),
        (date(2024, 1, 5), Decimal("1234.50"), "Faktura 10023", BOOKED),
    ]
    (statement,) = parse_csv(text.encode(), PROFILES["nordea-no"], "n.csv")
    assert (statement.currency, statement.entries[1].counterparty_name) == ("NOK", "Kari Nordmann")


def test_nordea_sweden_in_either_date_form() -> None:
    text = (
        "Bokföringsdag;Belopp;Avsändare;Mottagare;Namn;Rubrik;Saldo;Valuta\n"
        "Reserverat;-12,00;;;;Kortköp;;SEK\n"
        "2024-02-01;-1.250,00;;;;Hyra;10 000,00;SEK\n"
        "02.02.2024;300,00;;;;Swish;10 300,00;SEK\n"
    )
    assert [r[:2] + r[3:] for r in read("nordea-se", text)] == [
        (None, Decimal("-12.00"), PENDING),
        (date(2024, 2, 1), Decimal("-1250.00"), BOOKED),
        (date(2024, 2, 2), Decimal("300.00"), BOOKED),
    ]


def test_sparebank1_with_a_trailing_delimiter_and_a_negative_out_column() -> None:
    text = (
        "Dato;Beskrivelse;Rentedato;Inn;Ut;Til konto;Fra konto;\n"
        '"03.02.2025";"Strøm februar";;;"-429,00";;"11122333444";\n'
        '"05.02.2025";"Vipps Mottakelse";"05.02.2025";"100,00";;"11122333444";"55566777888";\n'
    )
    assert read("sparebank1", text) == [
        (date(2025, 2, 3), Decimal("-429.00"), "Strøm februar", BOOKED),
        (date(2025, 2, 5), Decimal("100.00"), "Vipps Mottakelse", BOOKED),
    ]


def test_danske_bank_norway_in_latin_1_and_in_english() -> None:
    norwegian = (
        "Dato;Tekst;Beløp;Saldo;Status;Avstemt\n"
        "10.01.2024;Innbetaling fra Ås Bygg;2.500,00;7.500,00;Utført;Nei\n"
        "11.01.2024;Kortkjøp;-80,00;7.420,00;Venter;Nei\n"
    )
    assert read("danske-bank-no", norwegian, "iso-8859-1") == [
        (date(2024, 1, 10), Decimal("2500.00"), "Innbetaling fra Ås Bygg", BOOKED),
        (date(2024, 1, 11), Decimal("-80.00"), "Kortkjøp", PENDING),
    ]
    english = "Date;Text;Amount;Balance;Status;Reconciled\n10.01.2024;Fee;-25,00;0,00;Executed;No\n"
    assert read("danske-bank-no", english) == [
        (date(2024, 1, 10), Decimal("-25.00"), "Fee", BOOKED)
    ]


def test_danske_bank_sweden() -> None:
    text = (
        '"Bokföringsdag";"Specifikation";"Belopp";"Saldo";"Status";"Avstämt"\n'
        '"2024-03-01";"Swish från Eva";"780,00";"4.558,07";"Utförd";"Nej"\n'
    )
    assert read("danske-bank-se", text) == [
        (date(2024, 3, 1), Decimal("780.00"), "Swish från Eva", BOOKED)
    ]


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_swedbank_after_its_title_line_comma_or_tab(delimiter: str) -> None:
    header = (
        "Radnummer,Clearingnummer,Kontonummer,Produkt,Valuta,Bokföringsdag,Transaktionsdag,"
        "Valutadag,Referens,Beskrivning,Belopp,Bokfört saldo"
    )
    row = "1,84525,222222222,Företagskonto,SEK,2024-09-30,2024-09-30,2024-09-30,X,Pris,-39.00,25.18"
    text = "* Transaktioner Period 2024-09-01 - 2024-09-30 Skapad 2024-10-01 08:00 CEST\n"
    text += f"{header}\n{row}\n".replace(",", delimiter)
    (statement,) = parse_csv(text.encode("iso-8859-15"), PROFILES["swedbank"], "s.csv")
    (entry,) = statement.entries
    assert (entry.booking_date, entry.value_date, entry.amount, entry.text, entry.currency) == (
        date(2024, 9, 30),
        date(2024, 9, 30),
        Decimal("-39.00"),
        "Pris",
        "SEK",
    )


def test_a_bank_profile_names_the_columns_it_misses() -> None:
    with pytest.raises(FormatError, match="has no column Dato") as caught:
        read("sparebank1", "Date;Description;Amount\n02.01.2024;x;1,00\n")
    assert caught.value.line == 1
    profile = CsvProfile.from_mapping({**PROFILES["dnb"].to_mapping(), "name": "mine"})
    assert profile.find_header and profile.columns == PROFILES["dnb"].columns
