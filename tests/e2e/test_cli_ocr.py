"""OCR giro payments through the command line only: set-up, import, warnings, fix, post."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reskontro.formats.ocr_giro import Assignment, Transaction, Transmission, write
from reskontro.formats.ocr_giro_records import TransactionType
from tests.e2e.cli_helpers import OUTSIDE_SETTINGS, Books, new_books, reason

DAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OUTSIDE_SETTINGS:
        monkeypatch.delenv(name, raising=False)


def ocr_file(payments: list[tuple[str | None, str]]) -> bytes:
    transactions = tuple(
        Transaction(
            number=i + 1,
            type=TransactionType.GIRO_DEBITED_ACCOUNT,
            nets_date=DAY,
            amount=Decimal(amount),
            kid=kid,
            sign="0",
            centre_id="13",
            day_code=DAY.day,
            partial_settlement_no=1,
            partial_settlement_serial=f"{i + 1:05d}",
            form_no="0000000000",
            reference="000000000",
            bank_date=None,
            debit_account=None,
        )
        for i, (kid, amount) in enumerate(payments)
    )
    assignment = Assignment("0000001", "001008566", "99991042764", DAY, transactions)
    return write(Transmission("0000001", "00008080", "00010200", DAY, (assignment,)))


@pytest.fixture
def books(sqlite_url: str) -> Books:
    books = new_books(sqlite_url)
    for no, name in (("10000", "Fjord Fisk AS"), ("20000", "Nordlys Bygg AS")):
        books.ok("customer", "add", no, "--name", name)
    for customer in ("10000", "20000"):
        books.ok("invoice", "create", "--customer", customer, "--line", "Consulting;10;100;3",
                 "--posting-date", "2026-03-02", "--post")  # fmt: skip
    return books


def open_invoices(books: Books) -> dict[str, dict[str, str]]:
    rows = books.json("report", "customer-ledger")
    return {r["document_no"]: r for r in rows if r["document_type"] == "invoice"}


def test_import_fix_test_report_and_post(books: Books, tmp_path: Path) -> None:
    shown = books.json("setup", "ocr", "BANK")
    assert (shown["journal_template"], shown["journal_batch"]) == ("OCR", "DEFAULT")
    books.json("setup", "ocr", "BANK", "--agreement-id", "001008566",
               "--max-divergence", "1", "--divergence-account", "7740")  # fmt: skip
    invoices = open_invoices(books)
    kid = invoices["100001"]["payment_reference"]
    assert kid
    file = tmp_path / "OCR.D200326.txt"
    file.write_bytes(ocr_file([(kid, "1249.50"), ("12345674", "1250.00")]))

    result = books.json("ocr", "import", str(file))
    assert (result["import_no"], result["template"], result["batch"]) == (1, "OCR", "DEFAULT")
    assert (result["payments"], result["lines"]) == (2, 4)
    assert len(result["warnings"]) == 2 and result["file_warnings"] == []
    assert "max divergence" in result["warnings"][0]

    report = books.run("journal", "test-report", "OCR", "DEFAULT", "--json", "--only-warnings")
    assert report.exit_code == 1
    refused = books.refused("journal", "post", "OCR", "DEFAULT")
    assert "has no account" in reason(refused)

    lines = books.json("journal", "lines", "OCR", "DEFAULT")
    blank = next(line for line in lines if line["account_no"] == "")
    books.ok("journal", "update-line", "OCR", "DEFAULT", str(blank["line_no"]),
             "--account-type", "customer", "--account", "20000",
             "--applies-to-doc-type", "invoice", "--applies-to-doc", "100002")  # fmt: skip
    assert books.json("journal", "test-report", "OCR", "DEFAULT")["ok"] is True
    books.ok("journal", "post", "OCR", "DEFAULT")
    after = open_invoices(books)
    assert after["100001"]["open"] is False and after["100002"]["open"] is False

    again = books.refused("ocr", "import", str(file))
    assert "imported before, as import 1" in reason(again)


def test_setup_refuses_what_does_not_exist_and_import_needs_a_setup(
    books: Books, tmp_path: Path
) -> None:
    file = tmp_path / "ocr.txt"
    file.write_bytes(ocr_file([(None, "10.00")]))
    assert "reskontro setup ocr BANK" in reason(books.refused("ocr", "import", str(file)))
    assert "does not exist" in reason(
        books.refused("setup", "ocr", "BANK", "--divergence-account", "0000")
    )
    assert "does not exist" in reason(books.refused("setup", "ocr", "NOBANK"))
    books.ok("setup", "ocr", "BANK", "--unknown-kid", "suspense", "--suspense-customer", "20000")
    text = books.ok("ocr", "import", str(file)).stdout
    assert "1 payment from ocr.txt became 2 lines in journal OCR/DEFAULT" in text
    assert "suspense customer 20000" in text


def test_the_ocr_import_links_the_statements_sumpost_line(books: Books, tmp_path: Path) -> None:
    from tests.unit.camt_generator import Ntry, Stmt, camt_bytes

    iban = "NO9386011117947"
    books.ok("bank-account", "update", "BANK", "--iban", iban)
    books.json("setup", "ocr", "BANK", "--agreement-id", "001008566")
    invoices = open_invoices(books)
    payments = [(invoices[no]["payment_reference"], invoices[no]["amount"]) for no in invoices]
    total = sum((Decimal(amount) for _, amount in payments), Decimal(0))
    sumpost = Ntry(total, booking_date=DAY, value_date=DAY, batch_count=2, additional="Sumpost OCR")
    statement = Stmt(id="S1", sequence="1", account=iban, opening=Decimal(0), closing=total,
                     entries=(sumpost,))  # fmt: skip
    camt = tmp_path / "statement.xml"
    camt.write_bytes(camt_bytes([statement]))
    books.ok("statement", "import", str(camt), "--bank-account", "BANK")
    file = tmp_path / "OCR.D200326.txt"
    file.write_bytes(ocr_file(payments))

    result = books.json("ocr", "import", str(file))

    [link] = result["linked"]
    assert (link["statement_no"], link["detail_kind"], link["details"]) == (1, "ocr", 2)
    assert Decimal(link["amount"]) == total
    shown = books.json("statement", "show", "BANK", "1")
    [line] = shown["lines"]
    assert (line["detail_kind"], line["detail_import_no"]) == ("ocr", result["import_no"])
