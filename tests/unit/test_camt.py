"""camt.052/053/054: the shared sample files against another parser's output, every version
through our generator, the faults banks make, hostile XML, and mutated files."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reskontro.domain.errors import FormatError
from reskontro.formats.camt import iter_camt, parse_camt
from reskontro.formats.statements import (
    BOOKED,
    DOCUMENT,
    INFO,
    KID,
    OCR,
    OTHER,
    PENDING,
    RF,
    Entry,
    Statement,
    detect_format,
)
from tests.unit.camt_generator import VERSIONS, Ntry, Ref, Stmt, Tx, camt_bytes, write_camt

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "camt"
SAMPLES = sorted(DATA.glob("*.xml"))
RECURSION = "__RECURSIVITY__"
MINOR_DIGITS = {"JPY": 0}


# -- the shared samples against genkgo/camt's parse ------------------------------------------


def money(value: dict[str, Any]) -> tuple[Decimal, str]:
    """genkgo's Money (minor units and a currency) as an amount."""
    currency = value["getCurrency"]["getCode"]
    return Decimal(value["getAmount"]).scaleb(-MINOR_DIGITS.get(currency, 2)), currency


def moment(value: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(value["0"]).astimezone(UTC)


def first_or(items: list[Any], single: Any) -> list[Any]:
    """genkgo writes a list's first element as a back reference to the singular getter."""
    return [single if item == RECURSION else item for item in items]


def genkgo_records(expected: dict[str, Any]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(record, its entries) in file order, as far as genkgo's dump holds them."""
    records: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for entry in expected["getEntries"]:
        if isinstance(entry["getRecord"], dict):
            records.append((entry["getRecord"], []))
        records[-1][1].append(entry)
    return records


BALANCE_CODES = {
    "opening": "OPBD",
    "closing": "CLBD",
    "opening_available": "OPAV",
    "closing_available": "CLAV",
}


def check_record(ours: Statement, record: dict[str, Any]) -> None:
    assert ours.id == record["getId"]
    assert ours.account == record["getAccount"]["getIdentification"]
    sequence = record.get("getElectronicSequenceNumber") or record.get("getLegalSequenceNumber")
    assert ours.sequence == sequence
    assert ours.created_at == moment(record["getCreatedOn"])
    balances = record.get("getBalances", [])
    assert len(ours.balances) == len(balances)
    for balance, theirs in zip(ours.balances, balances, strict=True):
        amount, currency = money(theirs["getAmount"])
        assert balance.type == BALANCE_CODES[theirs["getType"]]
        assert (balance.amount, balance.currency) == (amount, currency)
        assert balance.date == moment(theirs["getDate"]).date()
    by_type = {b["getType"]: b for b in balances}
    for name, value, day in (
        ("opening", ours.opening_balance, ours.opening_date),
        ("closing", ours.closing_balance, ours.closing_date),
    ):
        if name in by_type:
            assert value == money(by_type[name]["getAmount"])[0]
            assert day == moment(by_type[name]["getDate"]).date()
        else:
            assert value is None


def party(transaction: dict[str, Any], role: str) -> dict[str, Any] | None:
    for related in transaction["getRelatedParties"]:
        if related["getRelatedPartyType"]["__CLASS__"].endswith("\\" + role):
            return related
    return None


def check_transaction(ours: Any, theirs: dict[str, Any], credit: bool) -> None:
    if theirs.get("getAmount"):
        amount, _ = money(theirs["getAmount"])
        assert ours.amount == (amount if credit else -amount)
    else:
        assert ours.amount is None
    assert ours.end_to_end_id == (theirs["getReference"] or {}).get("getEndToEndId")
    counterparty = party(theirs, "Debtor" if credit else "Creditor")
    if counterparty is None:
        assert ours.counterparty_name is None
        assert ours.counterparty_account is None
    else:
        assert ours.counterparty_name == counterparty["getRelatedPartyType"]["getName"]
        account = counterparty.get("getAccount")
        assert ours.counterparty_account == (account["getIdentification"] if account else None)
    remittance = theirs["getRemittanceInformation"] or {}
    texts = [
        block["getMessage"]
        for block in first_or(
            remittance.get("getUnstructuredBlocks", []), remittance.get("getUnstructuredBlock")
        )
    ]
    structured = first_or(
        remittance.get("getStructuredBlocks", []), remittance.get("getStructuredBlock")
    )
    expected_refs = []
    for block in structured:
        creditor = block["getCreditorReferenceInformation"]
        if creditor == RECURSION:
            creditor = remittance["getCreditorReferenceInformation"]
        expected_refs.append(
            (creditor["getRef"], creditor["getCode"] or creditor["getProprietary"])
        )
        if block.get("getAdditionalRemittanceInformation"):
            texts.append(block["getAdditionalRemittanceInformation"])
    assert [(r.value, r.code) for r in ours.references] == expected_refs
    assert ours.text == (" ".join(texts) or None)


def check_entry(ours: Entry, theirs: dict[str, Any]) -> None:
    amount, currency = money(theirs["getAmount"])
    credit = theirs["getCreditDebitIndicator"] == "CRDT"
    assert ours.amount == amount
    assert (ours.amount > 0) == credit
    assert ours.currency == currency
    assert ours.status == {"BOOK": BOOKED, "PDNG": PENDING, "INFO": INFO}[theirs["getStatus"]]
    assert ours.booking_date == moment(theirs["getBookingDate"]).date()
    assert ours.value_date == moment(theirs["getValueDate"]).date()
    assert ours.bank_reference == theirs["getAccountServicerReference"]
    assert ours.reversal is bool(theirs["getReversalIndicator"])
    details = first_or(theirs["getTransactionDetails"], theirs["getTransactionDetail"])
    assert len(ours.transactions) == len(details)
    for transaction, detail in zip(ours.transactions, details, strict=True):
        check_transaction(transaction, detail, credit)
    every_reference = [r.value for t in ours.transactions for r in t.references]
    assert [r.value for r in ours.references] == list(dict.fromkeys(every_reference))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_files_give_what_genkgo_camt_gives(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    statements = parse_camt(path.read_bytes(), source=path.name)
    assert len(statements) == len(expected["getRecords"])
    by_id = {statement.id: statement for statement in statements}
    records = genkgo_records(expected)
    assert records, "the sample must have entries to compare"
    for record, entries in records:
        ours = by_id[record["getId"]]
        check_record(ours, record)
        assert len(ours.entries) == len(entries)
        for entry, theirs in zip(ours.entries, entries, strict=True):
            check_entry(entry, theirs)


def test_the_first_statement_of_the_multi_statement_sample_is_read_too() -> None:
    # genkgo's dump holds only the last statement's entries; this one is checked by hand.
    path = DATA / "genkgo_camt053.v2.multi.statement.xml"
    first, second = parse_camt(path.read_bytes())
    assert (first.id, second.id) == ("253EURNL26VAYB8060476890", "254EURNL26VAYB8060476890")
    assert (first.opening_balance, first.closing_balance) == (Decimal("18.15"), Decimal("27.00"))
    (entry,) = first.entries
    assert entry.amount == Decimal("8.85")
    assert entry.transactions[0].end_to_end_id == "000000001"
    # A credit's counterparty is the debtor; this one names only the creditor (the owner).
    assert entry.counterparty_name is None
    assert entry.text == "Transaction Description 1"
    assert first.opening_balance + entry.amount == first.closing_balance


def test_the_samples_kind_version_and_non_iban_account() -> None:
    v4 = parse_camt((DATA / "genkgo_camt053.v4.xml").read_bytes())[0]
    assert (v4.kind, v4.version, v4.account_scheme) == ("camt.053", "001.04", None)
    assert v4.currency == "EUR"  # no Acct/Ccy: the opening balance's currency
    note = parse_camt((DATA / "genkgo_camt054.v2.xml").read_bytes())[0]
    assert (note.kind, note.currency, note.opening_balance) == ("camt.054", "SEK", None)
    assert note.entries[0].amount == Decimal("-200000")
    assert detect_format((DATA / "genkgo_camt054.v2.xml").read_bytes()) == "camt"


# -- every version and message through the generator -----------------------------------------

KID_PAYMENT = Tx(
    amount=Decimal("1000.00"),
    end_to_end_id="E2E-1",
    name="Kunde AS",
    account="12345678903",
    account_is_iban=False,
    references=(Ref("0012345678904"),),
    unstructured=("Faktura 10001",),
)
RF_PAYMENT = Tx(
    amount=Decimal("500.12345"),
    end_to_end_id="NOTPROVIDED",
    name=None,
    ultimate_name="Ultimate Payer AB",
    account="SE4550000000058398257466",
    references=(Ref("RF18539007547034", issuer="ISO"), Ref("INV-7", code=None, proprietary="QRR")),
    documents=("10002", "10003"),
    remitted=Decimal("250.00"),
    additional="Two invoices",
)


def batch_statement(version: str, kind: str) -> Stmt:
    batch = Ntry(
        amount=Decimal("1500.12345"),
        bank_reference="BANKREF-1",
        batch_count=2,
        batch_total=Decimal("1500.12345"),
        transactions=(KID_PAYMENT, RF_PAYMENT),
        additional="Sumpost OCR",
        status="PDNG" if kind == "052" else "BOOK",
    )
    fee = Ntry(
        amount=Decimal("25.5"),
        credit=False,
        reversal=True,
        bank_reference="BANKREF-2",
        transactions=(Tx(name="Bank ASA", account="NO9386011117947", unstructured=("Gebyr",)),),
    )
    return Stmt(id=f"S-{kind}-{version}", entries=(batch, fee))


@pytest.mark.parametrize("kind", ["052", "053", "054"])
@pytest.mark.parametrize("version", VERSIONS)
def test_every_version_of_every_message_reads_the_same(version: str, kind: str) -> None:
    (statement,) = parse_camt(
        camt_bytes([batch_statement(version, kind)], kind=kind, version=version)
    )
    assert (statement.kind, statement.version) == (f"camt.{kind}", f"001.{version}")
    assert statement.account == "NO9386011117947"
    if kind == "054":
        assert statement.balances == ()
    else:
        assert (statement.opening_balance, statement.closing_balance) == (Decimal("1000.00"),) * 2
    batch, fee = statement.entries
    assert batch.amount == Decimal("1500.12345")  # five decimals, exactly
    assert batch.status == (PENDING if kind == "052" else BOOKED)
    assert batch.batch is not None
    assert (batch.batch.number_of_transactions, batch.batch.total) == (2, Decimal("1500.12345"))
    assert batch.text == "Sumpost OCR"
    assert batch.counterparty_name is None  # two payers
    kid, rf = batch.transactions
    assert (kid.amount, kid.end_to_end_id, kid.counterparty_name) == (
        Decimal("1000.00"),
        "E2E-1",
        "Kunde AS",
    )
    assert kid.counterparty_account == "12345678903"
    assert [(r.kind, r.value) for r in kid.references] == [(KID, "0012345678904")]
    assert kid.text == "Faktura 10001"
    assert (rf.amount, rf.end_to_end_id) == (Decimal("500.12345"), None)
    assert rf.counterparty_name == "Ultimate Payer AB"
    assert [(r.kind, r.value, r.amount) for r in rf.references] == [
        (DOCUMENT, "10002", Decimal("250.00")),
        (DOCUMENT, "10003", Decimal("250.00")),
        (RF, "RF18539007547034", Decimal("250.00")),
        (OTHER, "INV-7", None),
    ]
    assert rf.references[2].issuer == "ISO"
    assert rf.text == "Two invoices"
    assert [r.value for r in batch.references] == [
        "0012345678904",
        "10002",
        "10003",
        "RF18539007547034",
        "INV-7",
    ]
    assert (fee.amount, fee.reversal, fee.bank_reference) == (Decimal("-25.5"), True, "BANKREF-2")
    assert (fee.counterparty_name, fee.text) == ("Bank ASA", "Gebyr")


def test_a_large_batch_and_several_statements_per_file() -> None:
    payments = tuple(
        Tx(amount=Decimal("10.01"), name=f"Payer {n}", references=(Ref(f"{n:010d}"),))
        for n in range(1000)
    )
    statements = [
        Stmt(
            id=f"S{n}",
            account=f"8601111794{n}",
            account_is_iban=False,
            currency="SEK",
            entries=(
                Ntry(
                    amount=Decimal("10010.00"),
                    batch_count=1000,
                    transactions=payments,
                    currency="SEK",
                ),
            ),
        )
        for n in range(3)
    ]
    parsed = parse_camt(camt_bytes(statements))
    assert [s.id for s in parsed] == ["S0", "S1", "S2"]
    assert [(s.account, s.account_scheme) for s in parsed] == [
        (f"8601111794{n}", "BBAN") for n in range(3)
    ]
    for statement in parsed:
        (entry,) = statement.entries
        assert len(entry.transactions) == 1000
        assert sum(t.amount or 0 for t in entry.transactions) == entry.amount
        # A Swedish account: plain digit references are OCR numbers.
        assert {r.kind for r in entry.references} == {OCR}
        assert len(entry.references) == 1000


def test_streaming_hands_over_headers_then_entries(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    entries = (
        Ntry(amount=Decimal(n) + Decimal("0.5"), bank_reference=f"R{n}") for n in range(3000)
    )
    with path.open("w", encoding="utf-8") as out:
        write_camt(out.write, [Stmt(id="A", entries=entries), Stmt(id="B")])
    items = list(iter_camt(path))
    assert isinstance(items[0], Statement)
    assert items[0].id == "A"
    assert items[0].entries == ()
    assert [type(item) for item in items[1:3001]] == [Entry] * 3000
    assert items[3000].bank_reference == "R2999"
    assert isinstance(items[3001], Statement)
    assert items[3001].id == "B"
    assert len(items) == 3002


# -- faults real banks make ----------------------------------------------------------------


def test_a_balance_without_its_indicator_is_read_as_credit_with_a_warning() -> None:
    (statement,) = parse_camt(
        camt_bytes([Stmt(balance_indicator=False, entries=(Ntry(Decimal("1")),))])
    )
    assert statement.opening_balance == Decimal("1000.00")
    assert any("OPBD has no CdtDbtInd" in warning for warning in statement.warnings)


def test_paginated_statement_uses_interim_balances() -> None:
    page = Stmt(opening_code="ITBD", closing_code="CLBD", opening=Decimal("-5.00"))
    (statement,) = parse_camt(camt_bytes([page]))
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("-5.00"),
        Decimal("1000.00"),
    )


def test_missing_optional_parts_are_tolerated() -> None:
    bare = Ntry(
        amount=Decimal("7"),
        status=None,
        booking_date=None,
        value_date=None,
        booking_time="2024-01-02T23:30:00+01:00",
    )
    (statement,) = parse_camt(
        camt_bytes(
            [Stmt(currency=None, sequence=None, entries=(bare,))], version="13", namespace=False
        )
    )
    assert (statement.currency, statement.sequence, statement.version) == ("NOK", None, None)
    (entry,) = statement.entries
    assert (entry.status, entry.booking_date, entry.value_date) == (BOOKED, date(2024, 1, 2), None)
    assert entry.transactions == ()
    assert any("no status" in warning for warning in statement.warnings)


def test_an_unknown_status_is_kept_for_information_only() -> None:
    (statement,) = parse_camt(
        camt_bytes([Stmt(entries=(Ntry(Decimal("1"), status="ZZZZ"),))], version="08")
    )
    assert statement.entries[0].status == INFO


# -- refusals --------------------------------------------------------------------------------


def replaced(old: str, new: str) -> bytes:
    return camt_bytes([Stmt(entries=(Ntry(Decimal("12.50"), bank_reference="R"),))]).replace(
        old.encode(), new.encode(), 1
    )


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ('"NOK">12.50<', '"NOK">12,50<', "Ntry/Amt", "'12,50' is not an amount"),
        ('"NOK">12.50<', '"NOK">1e5<', "Ntry/Amt", "'1e5' is not an amount"),
        ("<CdtDbtInd>CRDT</CdtDbtInd><Sts>", "<Sts>", "Ntry/CdtDbtInd", "it is missing"),
        (
            "<CdtDbtInd>CRDT</CdtDbtInd><Sts>",
            "<CdtDbtInd>X</CdtDbtInd><Sts>",
            "Ntry/CdtDbtInd",
            "neither",
        ),
        (
            "<Dt>2024-01-02</Dt></BookgDt>",
            "<Dt>2024-13-02</Dt></BookgDt>",
            "Ntry/BookgDt",
            "not a date",
        ),
    ],
)
def test_bad_values_are_refused_with_line_and_field(
    old: str, new: str, field: str, words: str
) -> None:
    with pytest.raises(FormatError) as caught:
        parse_camt(replaced(old, new), source="bank.xml")
    assert caught.value.field == field
    assert caught.value.line == 7  # the entry's line
    assert words in str(caught.value)
    assert str(caught.value).startswith("bank.xml, row 7, field " + field)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "not well-formed"),
        (b"<Document><BkToCstmrStmt><Stmt>", "not well-formed"),
        (b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:pain.001.001.03'/>", "not a camt"),
        (b"<Document>&undefined;</Document>", "not well-formed"),
    ],
)
def test_files_that_are_not_camt_are_refused(data: bytes, words: str) -> None:
    with pytest.raises(FormatError, match=words):
        parse_camt(data)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Document [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Document><BkToCstmrStmt><Stmt><Id>&lol9;</Id></Stmt></BkToCstmrStmt></Document>"""
PASSWD = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Document><BkToCstmrStmt><Stmt><Id>&xxe;</Id><Acct><Id><IBAN>&xxe;</IBAN></Id></Acct>
</Stmt></BkToCstmrStmt></Document>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Document SYSTEM "http://attacker.invalid/camt.dtd">
<Document><BkToCstmrStmt><Stmt><Id>1</Id></Stmt></BkToCstmrStmt></Document>"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY % remote SYSTEM "file:///etc/passwd"> %remote;]>
<Document/>"""


@pytest.mark.parametrize(
    "attack",
    [BILLION_LAUGHS, PASSWD, EXTERNAL_DTD, PARAMETER_ENTITY],
    ids=["billion-laughs", "external-entity", "external-dtd", "parameter-entity"],
)
def test_entity_and_dtd_attacks_are_refused(attack: bytes) -> None:
    with pytest.raises(FormatError) as caught:
        parse_camt(attack, source="evil.xml")
    message = str(caught.value)
    assert "DTD" in message or "not well-formed" in message
    assert "root:" not in message


def test_a_dtd_is_refused_even_on_an_otherwise_good_statement() -> None:
    good = camt_bytes([Stmt(entries=(Ntry(Decimal("1")),))])
    with_dtd = good.replace(b"?>\n", b'?>\n<!DOCTYPE Document [<!ENTITY x "y">]>\n', 1)
    with pytest.raises(FormatError, match="declares a DTD"):
        parse_camt(with_dtd)


# -- mutated files: a clear FormatError or a parse, never anything else ------------------------

SEED = camt_bytes(
    [
        batch_statement("08", "053"),
        Stmt(id="second", entries=(Ntry(Decimal("3.00"), credit=False),)),
    ],
    version="08",
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(SEED) - 1),
            st.integers(min_value=0, max_value=12),
            st.binary(max_size=12)
            | st.sampled_from([b"<", b">", b"&", b"-", b"</Ntry>", b"<Amt>", b"\x00", b"\xff"]),
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
        statements = parse_camt(bytes(data), source="mutated.xml")
    except FormatError as exc:
        error = exc
    assert error is None or str(error).startswith("mutated.xml")
    for statement in statements:
        assert all(isinstance(entry.amount, Decimal) for entry in statement.entries)
