"""Customers and open items CSV files (DESIGN §10): good files read, bad ones explained."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reskontro.domain.enums import DocumentType
from reskontro.domain.errors import FormatError
from reskontro.formats.masterdata_csv import (
    CustomerRow,
    OpenItemRow,
    ParseResult,
    parse_customers,
    parse_open_items,
)

CUSTOMERS_HEADER = (
    "no,name,address,post_code,city,country,email,org_no,bank_account,iban,currency,payment_terms"
)
ITEMS_HEADER = (
    "customer_no,document_type,document_no,external_document_no,posting_date,due_date,"
    "amount,currency,payment_reference,description"
)

CUSTOMERS = "\n".join(
    (
        CUSTOMERS_HEADER,
        (
            "10000,Fjordkraft Rør AS,Strandgata 1,5013,Bergen,no,post@fjordror.no,923456783,"
            "15030512345,,NOK,14d"
        ),
        (
            '20000,"Svensson, Lind & Co AB",Kungsgatan 2,111 43,Stockholm,SE,,5560360793,,'
            "SE45 5000 0000 0583 9825 7466,sek,30D"
        ),
    )
)

OPEN_ITEMS = f"""{ITEMS_HEADER}
10000,invoice,F-1001,PO-77,2026-01-05,2026-02-04,1250.00,NOK,00010010000001,Consulting January
10000,credit_memo,K-17,,2026-01-20,,-250,NOK,,Returned goods
20000,invoice,F-1002,,2025-12-01,2025-12-31,"1 000,50",SEK,,
"""


def errors_of(result: ParseResult[CustomerRow] | ParseResult[OpenItemRow]) -> list[str]:
    return [str(error) for error in result.errors]


def items(*rows: str, header: str = ITEMS_HEADER) -> ParseResult[OpenItemRow]:
    return parse_open_items("\n".join((header, *rows)).encode(), "open-items.csv")


def valid_item(**changes: str) -> str:
    values = {
        "customer_no": "10000",
        "document_type": "invoice",
        "document_no": "F-1",
        "external_document_no": "",
        "posting_date": "2026-01-05",
        "due_date": "2026-02-04",
        "amount": "100.00",
        "currency": "",
        "payment_reference": "",
        "description": "",
    }
    values.update(changes)
    return ",".join(values.values())


# -- good files --------------------------------------------------------------------------


def test_customers_are_read_with_codes_normalised() -> None:
    result = parse_customers(CUSTOMERS.encode(), "customers.csv")

    assert result.ok
    assert result.rows == [
        CustomerRow(
            row=2,
            no="10000",
            name="Fjordkraft Rør AS",
            address="Strandgata 1",
            post_code="5013",
            city="Bergen",
            country="NO",
            email="post@fjordror.no",
            org_no="923456783",
            bank_account="15030512345",
            iban="",
            currency="NOK",
            payment_terms="14D",
        ),
        CustomerRow(
            row=3,
            no="20000",
            name="Svensson, Lind & Co AB",
            address="Kungsgatan 2",
            post_code="111 43",
            city="Stockholm",
            country="SE",
            email="",
            org_no="5560360793",
            bank_account="",
            iban="SE4550000000058398257466",
            currency="SEK",
            payment_terms="30D",
        ),
    ]


def test_open_items_are_read_with_signed_amounts_and_dates() -> None:
    result = parse_open_items(OPEN_ITEMS.encode(), "open-items.csv")

    assert result.ok
    invoice, credit_memo, swedish = result.rows
    assert invoice == OpenItemRow(
        row=2,
        customer_no="10000",
        document_type=DocumentType.INVOICE,
        document_no="F-1001",
        external_document_no="PO-77",
        posting_date=date(2026, 1, 5),
        due_date=date(2026, 2, 4),
        amount=Decimal("1250.00"),
        currency="NOK",
        payment_reference="00010010000001",
        description="Consulting January",
    )
    assert credit_memo.document_type is DocumentType.CREDIT_MEMO
    assert credit_memo.amount == Decimal("-250.00")
    assert credit_memo.due_date is None
    assert swedish.amount == Decimal("1000.50")


def test_semicolons_and_a_byte_order_mark_as_excel_writes_them() -> None:
    excel = "\ufeff" + OPEN_ITEMS.replace(",", ";").replace('"1 000;50"', "1 000,50")
    result = parse_open_items(excel.encode(), "open-items.csv")

    assert result.ok
    assert [row.document_no for row in result.rows] == ["F-1001", "K-17", "F-1002"]
    assert result.rows[2].amount == Decimal("1000.50")


def test_columns_may_come_in_any_order_and_optional_ones_may_be_left_out() -> None:
    result = parse_customers(b"name;no\r\nNordlys AS;30000\r\n", "customers.csv")

    assert result.ok
    assert (result.rows[0].no, result.rows[0].name, result.rows[0].city) == (
        "30000",
        "Nordlys AS",
        "",
    )


def test_blank_rows_are_skipped_but_row_numbers_stay_those_of_the_file() -> None:
    result = items("", valid_item(), ",,,,,,,,,", valid_item(document_no="F-2", amount="x"))

    assert [row.row for row in result.rows] == [3]
    assert [(error.line, error.field) for error in result.errors] == [(5, "amount")]


# -- the header --------------------------------------------------------------------------


def test_a_missing_column_is_one_error_that_shows_the_header_to_write() -> None:
    header = ITEMS_HEADER.replace("posting_date,", "")
    row = valid_item().replace("2026-01-05,", "", 1)
    result = items(row, header=header)

    assert result.rows == []
    assert errors_of(result) == [
        (
            "open-items.csv, row 1, field posting_date: column posting_date is missing from the "
            f"header; the header row must be: {ITEMS_HEADER}"
        )
    ]


def test_the_wrong_file_is_refused_by_its_columns() -> None:
    result = parse_customers(OPEN_ITEMS.encode(), "customers.csv")

    assert result.rows == []
    messages = errors_of(result)
    assert len(messages) == 2
    assert "columns no, name are missing from the header" in messages[0]
    assert "unknown columns customer_no, document_type" in messages[1]
    assert "is this the right file?" in messages[1]


def test_an_unknown_extra_column_is_an_error() -> None:
    result = parse_customers(b"no,name,phone\n10000,Fjord AS,55 55 55 55\n", "customers.csv")

    assert [(e.line, e.field) for e in result.errors] == [(1, "phone")]
    assert "unknown column phone; is this the right file?" in str(result.errors[0])


def test_a_column_named_twice_is_an_error() -> None:
    result = parse_customers(b"no,name,no\n1,A,2\n", "customers.csv")

    assert result.rows == []
    assert errors_of(result) == [
        (
            "customers.csv, row 1, field no: column 'no' is in the header twice "
            "(columns 1 and 3); delete one of them"
        )
    ]


# -- bad values ----------------------------------------------------------------------------


def test_a_bad_date_names_row_field_and_format() -> None:
    result = items(
        valid_item(),
        valid_item(document_no="F-2"),
        valid_item(document_no="F-3", posting_date="2026-13-01"),
    )

    assert [row.document_no for row in result.rows] == ["F-1", "F-2"]
    assert errors_of(result) == [
        (
            "open-items.csv, row 4, field posting_date: '2026-13-01' is not a date; "
            "write it as YYYY-MM-DD"
        )
    ]


@pytest.mark.parametrize("written", ["05.01.2026", "20260105", "2026-1-5", "2026-W02-1"])
def test_only_iso_dates_are_dates(written: str) -> None:
    result = items(valid_item(due_date=written))

    assert result.rows == []
    assert errors_of(result) == [
        f"open-items.csv, row 2, field due_date: {written!r} is not a date; write it as YYYY-MM-DD"
    ]


@pytest.mark.parametrize("written", ["abc", "12.345", "1e5", "NaN", "1.000.000,5.0"])
def test_a_non_numeric_amount_is_an_error(written: str) -> None:
    result = items(valid_item(amount=f'"{written}"'))

    assert result.rows == []
    assert errors_of(result) == [
        (
            f"open-items.csv, row 2, field amount: {written!r} is not an amount; "
            "write it like 1234.50 or -1234,50, with at most 2 decimals"
        )
    ]


def test_an_invoice_must_be_positive_and_a_credit_memo_negative() -> None:
    result = items(
        valid_item(document_no="F-1", amount="-100"),
        valid_item(document_no="F-2", amount="0"),
        valid_item(document_type="credit_memo", document_no="K-1", amount="100", due_date=""),
    )

    assert result.rows == []
    assert [(e.line, e.field) for e in result.errors] == [
        (2, "amount"),
        (3, "amount"),
        (4, "amount"),
    ]
    assert "an invoice must have a positive amount, not -100.00" in str(result.errors[0])
    assert "a credit memo must have a negative amount, not 100.00" in str(result.errors[2])


def test_an_invoice_needs_a_due_date_and_every_item_a_posting_date() -> None:
    result = items(valid_item(due_date=""), valid_item(document_no="F-2", posting_date=""))

    assert errors_of(result) == [
        (
            "open-items.csv, row 2, field due_date: is empty; an invoice needs a due date; "
            "fill it in as YYYY-MM-DD"
        ),
        (
            "open-items.csv, row 3, field posting_date: is empty; fill in the posting date as "
            "YYYY-MM-DD"
        ),
    ]


def test_every_bad_field_of_every_row_is_reported_with_row_and_field() -> None:
    result = items(
        ",faktura,,,01.01.2026,,abc,kroner,,",
        valid_item(document_no="F-2", description="x" * 101),
        valid_item(document_no="F-3"),
    )

    assert [row.document_no for row in result.rows] == ["F-3"]
    assert [(e.line, e.field) for e in result.errors] == [
        (2, "customer_no"),
        (2, "document_type"),
        (2, "document_no"),
        (2, "posting_date"),
        (2, "amount"),
        (2, "currency"),
        (3, "description"),
    ]
    assert all(isinstance(e, FormatError) and e.source == "open-items.csv" for e in result.errors)
    assert "'faktura' is not a document type; write invoice or credit_memo" in str(result.errors[1])
    assert "is 101 characters long; at most 100 fit" in str(result.errors[6])


def test_bad_customer_fields_are_reported() -> None:
    data = (
        f"{CUSTOMERS_HEADER}\n,,,,,Norway,someone.example.com,,,,kr,\n10000,Fjord AS,,,,NO,,,,,,\n"
    ).encode()
    result = parse_customers(data, "customers.csv")

    assert [row.no for row in result.rows] == ["10000"]
    assert [(e.line, e.field) for e in result.errors] == [
        (2, "no"),
        (2, "name"),
        (2, "country"),
        (2, "email"),
        (2, "currency"),
    ]
    assert str(result.errors[2]) == (
        "customers.csv, row 2, field country: 'Norway' is not a country code; "
        "write 2 letters, like NO or SE, or leave it empty"
    )


def test_a_row_with_too_many_values_asks_for_quotes() -> None:
    result = parse_customers("no,name\n10000,Fjord, Rør AS\n".encode(), "customers.csv")

    assert result.rows == []
    assert errors_of(result) == [
        (
            "customers.csv, row 2: the row has 3 values but the header has 2 columns; "
            "put a value that contains the delimiter in double quotes"
        )
    ]


# -- duplicates and whole-file problems ----------------------------------------------------


def test_a_customer_twice_names_both_rows() -> None:
    data = b"no,name\n10000,Fjord AS\n20000,Lind AB\n10000,Fjord AS again\n"
    result = parse_customers(data, "customers.csv")

    assert [row.no for row in result.rows] == ["10000", "20000"]
    assert errors_of(result) == [
        (
            "customers.csv, row 4, field no: customer no. 10000 is on row 2 and again on row 4; "
            "keep only one of them"
        )
    ]


def test_a_document_twice_names_both_rows_but_the_same_number_on_another_type_is_fine() -> None:
    result = items(
        valid_item(),
        valid_item(document_type="credit_memo", amount="-5", due_date=""),
        valid_item(document_type="INVOICE"),
    )

    assert [row.row for row in result.rows] == [2, 3]
    assert errors_of(result) == [
        (
            "open-items.csv, row 4, field document_no: INVOICE F-1 is on row 2 and again on row 4; "
            "keep only one of them"
        )
    ]


def test_a_file_that_is_not_utf8_is_one_error() -> None:
    latin1 = "no,name\n10000,Bjørn Ås\n20000,Åsa Öberg\n".encode("latin-1")
    result = parse_customers(latin1, "customers.csv")

    assert result.rows == []
    assert len(result.errors) == 1
    assert "the file must be UTF-8" in str(result.errors[0])
    assert result.errors[0].line == 2


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\r\n  \n"])
def test_an_empty_file_is_an_error(data: bytes) -> None:
    result = parse_open_items(data, "open-items.csv")

    assert errors_of(result) == [
        "open-items.csv: the file is empty; it must start with a header row"
    ]


def test_a_header_without_rows_is_an_error() -> None:
    result = parse_customers(f"{CUSTOMERS_HEADER}\n".encode(), "customers.csv")

    assert errors_of(result) == [
        "customers.csv: the file has a header row but no customers; add one customer per row"
    ]


# -- any input -------------------------------------------------------------------------------


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_any_bytes_give_rows_or_errors_never_an_exception(data: bytes) -> None:
    for parse in (parse_customers, parse_open_items):
        result = parse(data, "any.csv")
        assert isinstance(result, ParseResult)
        assert result.rows or result.errors


def csv_like_text() -> st.SearchStrategy[str]:
    cell = st.text(
        alphabet=st.sampled_from('0123456789-.,;" \nabcdeinvoc_mrtæøå\ufeff'), max_size=12
    )
    return st.lists(cell, max_size=30).map(",".join)


@settings(max_examples=300)
@given(csv_like_text())
def test_text_under_a_valid_header_gives_rows_or_errors_never_an_exception(body: str) -> None:
    result = parse_open_items(f"{ITEMS_HEADER}\n{body}".encode(), "any.csv")

    assert result.rows or result.errors
    for error in result.errors:
        # Only problems of the whole file go without a row number.
        assert error.line is not None or error.reason.startswith("the file")
