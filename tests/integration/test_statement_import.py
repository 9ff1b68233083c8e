"""Importing bank statements: checked against the bank account, and never the same money twice."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from reskontro.domain.errors import ImportRefused
from reskontro.services.masterdata import update_bank_account
from reskontro.services.setup import create_company
from reskontro.services.statements import get_statement, import_statements, list_statements
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.unit.camt_generator import Ntry, Stmt, Tx, camt_bytes

DATA = Path("/work/shared/data")
IBAN = "NO9386011117947"
D = Decimal


@pytest.fixture
def company(engine: Engine) -> int:
    company_id = create_company(engine, "Test AS", "NO").id
    update_bank_account(engine, company_id, "BANK", {"iban": IBAN})
    return company_id


def counts(engine: Engine, company_id: int) -> tuple[int, int, int]:
    with UnitOfWork(engine) as uow:
        session = uow.session
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(t).where(t.company_id == company_id))
            or 0
            for t in (m.BankStatement, m.BankStatementLine, m.ImportedPayment)
        )


def entry(amount: str, ref: str | None = None, name: str = "Kari", text: str = "Faktura") -> Ntry:
    return Ntry(
        D(amount),
        credit=D(amount) > 0,
        bank_reference=ref,
        transactions=(Tx(name=name, unstructured=(text,)),),
    )


def statement(
    entries: tuple[Ntry, ...], *, sid: str = "S1", seq: str = "1", opening: str = "1000.00"
) -> Stmt:
    booked = sum((e.amount if e.credit else -e.amount for e in entries if e.status == "BOOK"), D(0))
    return Stmt(
        id=sid,
        sequence=seq,
        account=IBAN,
        opening=D(opening),
        closing=D(opening) + booked,
        entries=entries,
    )


def run(engine: Engine, company_id: int, data: bytes, name: str = "a.xml") -> object:
    return import_statements(engine, company_id, data, name, bank_account_no="BANK")


def test_a_camt053_sample_file(engine: Engine, company: int) -> None:
    update_bank_account(engine, company, "BANK", {"iban": "NL26VAYB8060476890", "currency": "EUR"})
    data = (DATA / "camt/genkgo_camt053.v2.multi.statement.xml").read_bytes()
    result = import_statements(engine, company, data, "multi.xml", bank_account_no="BANK")
    assert [(s.statement_no, s.id, s.lines) for s in result.statements] == [
        (1, "253EURNL26VAYB8060476890", 1),
        (2, "254EURNL26VAYB8060476890", 1),
    ]
    detail = get_statement(engine, company, "BANK", 2)
    assert detail.statement.closing_balance == D("20.00")
    assert [line.amount for line in detail.lines] == [D("-7.00")]
    assert not detail.lines[0].applied
    assert [s.statement_no for s in list_statements(engine, company, "BANK")] == [2, 1]


def test_an_mt940_sample_file_with_batch_lines(engine: Engine, company: int) -> None:
    update_bank_account(engine, company, "BANK", {"iban": "", "bank_account_no": "8601.11.17947"})
    data = (DATA / "mt940/danskebank_MT940_NO_Example.sta").read_bytes()
    data = data.replace(b"1111.11.11111", b"8601.11.17947")
    result = import_statements(engine, company, data, "no.sta", bank_account_no="BANK")
    assert len(result.statements) == 13
    assert sum(s.lines for s in result.statements) == 24
    assert any("Sumpost OCR" in w and "not linked" in w for w in result.warnings)
    with pytest.raises(ImportRefused, match="imported before, in import 1"):
        import_statements(engine, company, data + b"\r\n", "again.sta", bank_account_no="BANK")


def test_the_same_file_again_is_refused_and_nothing_changes(engine: Engine, company: int) -> None:
    data = camt_bytes([statement((entry("100.00", "R1"),))])
    run(engine, company, data)
    before = counts(engine, company)
    with pytest.raises(ImportRefused, match=r"a\.xml was imported before, as import 1"):
        run(engine, company, data)
    assert counts(engine, company) == before


def test_an_overlapping_file_is_refused_naming_the_earlier_import(
    engine: Engine, company: int
) -> None:
    first = statement((entry("100.00", "R1"), entry("-40.00", "R2", "Shop")))
    run(engine, company, camt_bytes([first]), "monday.xml")
    before = counts(engine, company)
    second = statement(
        (entry("-40.00", "R2", "Shop"), entry("25.00", "R3")), sid="S2", seq="2", opening="1060.00"
    )
    with pytest.raises(ImportRefused, match=r"import 1 \(monday\.xml") as refused:
        run(engine, company, camt_bytes([second]), "tuesday.xml")
    assert any("-40.00" in p for p in refused.value.problems)
    assert counts(engine, company) == before


def test_a_file_of_another_account_is_refused(engine: Engine, company: int) -> None:
    other = Stmt(account="NO8330001234567", entries=(entry("1.00"),), closing=D("1001.00"))
    with pytest.raises(ImportRefused, match="is for account NO8330001234567"):
        run(engine, company, camt_bytes([other]))
    assert counts(engine, company) == (0, 0, 0)


def test_a_file_in_another_currency_is_refused(engine: Engine, company: int) -> None:
    other = Stmt(account=IBAN, currency="SEK", entries=(), closing=D("1000.00"))
    with pytest.raises(ImportRefused, match="is in SEK, bank account BANK in NOK"):
        run(engine, company, camt_bytes([other]))


def test_a_gap_in_the_balances_is_refused(engine: Engine, company: int) -> None:
    run(engine, company, camt_bytes([statement((entry("100.00", "R1"),))]))
    gap = statement((entry("5.00", "R9"),), sid="S3", seq="3", opening="1200.00")
    with pytest.raises(ImportRefused, match=r"opens with 1200\.00.*closed with 1100\.00"):
        run(engine, company, camt_bytes([gap]), "b.xml")


def test_the_sequence_must_go_forward(engine: Engine, company: int) -> None:
    run(engine, company, camt_bytes([statement((entry("100.00", "R1"),), seq="5")]))
    back = statement((entry("5.00", "R9"),), sid="S0", seq="4", opening="1100.00")
    with pytest.raises(ImportRefused, match="sequence 4, which does not come after"):
        run(engine, company, camt_bytes([back]), "b.xml")


def test_pending_entries_are_reported_not_imported(engine: Engine, company: int) -> None:
    pending = Ntry(D("50.00"), status="PDNG", bank_reference="P1")
    result = run(engine, company, camt_bytes([statement((entry("100.00", "R1"), pending))]))
    assert [(s.lines, s.pending_count) for s in result.statements] == [(1, 1)]  # type: ignore[attr-defined]
    assert any("1 pending" in w for w in result.warnings)  # type: ignore[attr-defined]


def test_identical_entries_in_one_file_are_both_imported_once(engine: Engine, company: int) -> None:
    twins = statement((entry("100.00"), entry("100.00")))
    result = run(engine, company, camt_bytes([twins]))
    assert result.statements[0].lines == 2  # type: ignore[attr-defined]
    again = statement((entry("100.00"), entry("100.00")), sid="S2", seq="2", opening="1200.00")
    with pytest.raises(ImportRefused, match="imported before, in import 1"):
        run(engine, company, camt_bytes([again]), "b.xml")
    assert counts(engine, company)[1] == 2
