"""MT940: Danske Bank's Norwegian and Swedish samples against mt940-rs's parse, encodings,
reversals, long texts, several statements per file, refusals and mutated files."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reskontro.domain.errors import FormatError
from reskontro.formats.mt940 import decode, parse_mt940
from reskontro.formats.statements import BOOKED, PENDING, Statement, detect_format

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "mt940"
SAMPLES = sorted(DATA.glob("*.sta"))
SIGNS = {"Credit": 1, "ReverseDebit": 1, "Debit": -1, "ReverseCredit": -1}


def balance_of(theirs: dict[str, Any]) -> tuple[Decimal, str, date]:
    sign = 1 if theirs["debit_credit_indicator"] == "Credit" else -1
    return (
        Decimal(theirs["amount"]) * sign,
        theirs["iso_currency_code"],
        date.fromisoformat(theirs["date"]),
    )


def check_statement(ours: Statement, theirs: dict[str, Any]) -> None:
    assert ours.kind == "mt940"
    assert ours.id == theirs["transaction_ref_no"]
    assert ours.account == theirs["account_id"]
    assert ours.sequence == f"{theirs['statement_no']}/{theirs['sequence_no']}"
    expected = []
    for key, code in (
        ("opening_balance", "OPBD"),
        ("closing_balance", "CLBD"),
        ("closing_available_balance", "CLAV"),
        ("forward_available_balance", "FWAV"),
    ):
        if theirs[key] is not None:
            intermediate = theirs[key].get("is_intermediate")
            expected.append(("ITBD" if intermediate else code, *balance_of(theirs[key])))
    assert [(b.type, b.amount, b.currency, b.date) for b in ours.balances] == expected
    opening, currency, opened = balance_of(theirs["opening_balance"])
    closing, _, closed = balance_of(theirs["closing_balance"])
    assert (ours.opening_balance, ours.opening_date, ours.currency) == (opening, opened, currency)
    assert (ours.closing_balance, ours.closing_date) == (closing, closed)
    assert len(ours.entries) == len(theirs["statement_lines"])
    for entry, line in zip(ours.entries, theirs["statement_lines"], strict=True):
        sign = SIGNS[line["ext_debit_credit_indicator"]]
        assert entry.amount == Decimal(line["amount"]) * sign
        assert entry.reversal is line["ext_debit_credit_indicator"].startswith("Reverse")
        assert entry.status == BOOKED
        assert entry.value_date == date.fromisoformat(line["value_date"])
        assert entry.booking_date == date.fromisoformat(line["entry_date"])
        assert entry.bank_reference == line["bank_ref"]
        assert entry.entry_reference == line["customer_ref"]
        # mt940-rs drops the type's first letter (N, F or S); we keep the whole code.
        assert entry.bank_code is not None
        assert entry.bank_code[1:] == line["transaction_type_ident_code"]
        assert entry.currency == currency
        texts = [line["information_to_account_owner"], line["supplementary_details"]]
        assert entry.text == ("\n".join(t for t in texts if t) or None)
        assert entry.transactions == ()
    assert opening + sum(e.amount for e in ours.entries) == closing


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_files_give_what_mt940_rs_gives(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    data = path.read_bytes()
    assert detect_format(data) == "mt940"
    statements = parse_mt940(data, source=path.name, encoding="iso-8859-1")
    assert len(statements) == len(expected)
    for ours, theirs in zip(statements, expected, strict=True):
        check_statement(ours, theirs)


def test_each_statement_keeps_its_own_balances_and_texts() -> None:
    data = (DATA / "danskebank_MT940_NO_Example.sta").read_bytes()
    statements = parse_mt940(data)
    assert [s.sequence for s in statements][:3] == ["00147/001", "00148/001", "00149/001"]
    assert statements[0].opening_balance == Decimal("94372951.20")
    assert statements[-1].closing_balance == Decimal("96755600.22")
    for previous, following in pairwise(statements):
        assert previous.closing_balance == following.opening_balance
        # The next statement's header lines never end up in this statement's last entry.
        assert "For your inform" not in (previous.entries[-1].text or "")
    batch = statements[1].entries[1]
    assert (batch.amount, batch.text) == (Decimal("104104.00"), "Sumpost OCR- 11111111111")


def statement(lines: str, *, header: str = "") -> bytes:
    return (
        f"{header}:20:REF1\r\n:25:NO9386011117947\r\n:28C:12/1\r\n:60F:C240102NOK1000,00\r\n"
        f"{lines}:62F:C240102NOK1000,00\r\n"
    ).encode()


def test_reversals_are_signed_by_the_direction_the_money_moved() -> None:
    data = statement(
        ":61:2401020102C100,00NTRFNONREF\r\n"
        ":61:2401020102RC100,00NTRFNONREF//B2\r\n"
        ":61:2401020102D40,00NCHGNONREF\r\n"
        ":61:2401020102RD40,00NCHGNONREF\r\n"
    )
    (parsed,) = parse_mt940(data)
    assert [(e.amount, e.reversal) for e in parsed.entries] == [
        (Decimal("100.00"), False),
        (Decimal("-100.00"), True),
        (Decimal("-40.00"), False),
        (Decimal("40.00"), True),
    ]
    assert parsed.entries[0].entry_reference is None  # NONREF
    assert parsed.entries[1].bank_reference == "B2"
    assert parsed.account_scheme == "IBAN"


def test_a_long_86_text_is_kept_whole() -> None:
    chunks = [f"Linje {n:02d} " + "x" * 56 for n in range(14)]
    data = statement(":61:2401020102C100,00NTRFNONREF\r\n:86:" + "\r\n".join(chunks) + "\r\n")
    (parsed,) = parse_mt940(data)
    assert parsed.entries[0].text == "\n".join(chunks)


NORDIC = "Betaling fra Ødegård Åse, Kjøpmannsgt. 5, Malmö"


def test_latin_1_and_utf_8_files_both_read_right_and_never_as_cp852() -> None:
    lines = f":61:2401020102C100,00NTRFNONREF\r\n:86:{NORDIC}\r\n"
    utf8 = statement(lines)
    latin1 = utf8.decode("utf-8").encode("iso-8859-1")
    for data, encoding in ((utf8, None), (latin1, None), (latin1, "iso-8859-1"), (utf8, "utf-8")):
        (parsed,) = parse_mt940(data, encoding=encoding)
        assert parsed.entries[0].text == NORDIC
    assert decode(b"\xef\xbb\xbf:20:X") == ":20:X"


def test_a_file_that_is_not_in_the_given_encoding_is_refused_on_its_line() -> None:
    latin1 = (
        statement(f":61:2401020102C100,00NTRFNONREF\r\n:86:{NORDIC}\r\n").decode().encode("latin-1")
    )
    with pytest.raises(FormatError) as caught:
        parse_mt940(latin1, encoding="utf-8", source="bank.sta")
    assert caught.value.line == 6
    assert "not utf-8" in str(caught.value)
    with pytest.raises(FormatError, match="unknown encoding"):
        parse_mt940(latin1, encoding="no-such-codec")


def test_envelope_preamble_and_byte_order_mark_are_skipped() -> None:
    body = statement(
        ":61:2401020102C100,00NTRFNONREF\r\n", header="{1:F01DABADKKKAZZZ0000000000}{2:O940}{4:\r\n"
    )
    data = b"\xef\xbb\xbfSome bank's preamble\r\n" + body + b"-}\r\n"
    (parsed,) = parse_mt940(data)
    assert (parsed.id, parsed.closing_balance) == ("REF1", Decimal("1000.00"))
    assert parsed.entries[0].amount == Decimal("100.00")


def test_an_interim_mt942_report_has_pending_entries() -> None:
    data = statement(":13D:2401021200+0100\r\n:61:2401020102C100,00NTRFNONREF\r\n")
    assert parse_mt940(data)[0].entries[0].status == PENDING


@pytest.mark.parametrize(
    ("lines", "line", "field", "words"),
    [
        (":61:2401020102C100.00NTRFNONREF\r\n", 5, ":61:", "not a statement line"),
        (":61:garbage\r\n", 5, ":61:", "not a statement line"),
        (":61:2413020102C100,00NTRFNONREF\r\n", 1, ":20:", "cannot be read"),
        (":62M:C240102NOK1e5\r\n", 5, ":62M:", "not a balance"),
    ],
)
def test_bad_lines_are_refused_with_their_line(
    lines: str, line: int, field: str, words: str
) -> None:
    with pytest.raises(FormatError) as caught:
        parse_mt940(statement(lines), source="bank.sta")
    assert (caught.value.line, caught.value.field) == (line, field)
    assert words in str(caught.value)


def test_a_statement_number_the_library_cannot_read_is_refused() -> None:
    data = statement("").replace(b":28C:12/1", b":28C:1234567/1")
    with pytest.raises(FormatError, match="cannot be read") as caught:
        parse_mt940(data)
    assert caught.value.line == 1


def test_a_file_without_statements_is_refused() -> None:
    with pytest.raises(FormatError, match="no line starts with :20:"):
        parse_mt940(b"hello\r\n")


SEED = (DATA / "danskebank_MT940_NO_Example.sta").read_bytes()[:2500]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(SEED) - 1),
            st.integers(min_value=0, max_value=10),
            st.binary(max_size=8)
            | st.sampled_from([b":61:", b":20:", b"\r\n", b",", b"RC", b":86:", b"\xff"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_files_give_a_format_error_or_a_parse(
    mutations: list[tuple[int, int, bytes]],
) -> None:
    data = bytearray(SEED)
    for position, length, replacement in mutations:
        data[position : position + length] = replacement
    error: FormatError | None = None
    statements: list[Statement] = []
    try:
        statements = parse_mt940(bytes(data), source="mutated.sta")
    except FormatError as exc:
        error = exc
    assert error is None or str(error).startswith("mutated.sta")
    for parsed in statements:
        assert all(isinstance(entry.amount, Decimal) for entry in parsed.entries)
