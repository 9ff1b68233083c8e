"""The receivables flow through the command line only: master data, an invoice, a cash receipt
journal with its test report, posting, reports, applying, unapplying and reversing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.cli_helpers import OUTSIDE_SETTINGS, Books, new_books, reason

INVOICE_DATE = "2026-03-01"
PAYMENT_DATE = "2026-03-08"  # within the 10 days of 2%10N30
PAYMENT_LINE = (
    "--account-type",
    "customer",
    "--account",
    "10000",
    "--posting-date",
    PAYMENT_DATE,
    "--document-type",
    "payment",
)


@pytest.fixture(autouse=True)
def _no_outside_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OUTSIDE_SETTINGS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def books(sqlite_url: str) -> Books:
    """Books with customer 10000 (2 % in 10 days, net 30) and invoice 100001 of 1000 + VAT."""
    books = new_books(sqlite_url)
    books.ok("customer", "add", "10000", "--name", "Fjord Fisk AS", "--payment-terms", "2%10N30")
    invoice = books.json(
        "invoice",
        "create",
        "--customer",
        "10000",
        "--line",
        "Consulting;10;100;3",
        "--posting-date",
        INVOICE_DATE,
        "--post",
    )
    assert (invoice["no"], invoice["posted"]) == ("100001", True)
    assert (invoice["amount"], invoice["vat_amount"]) == ("1000.00", "250.00")
    assert invoice["amount_including_vat"] == "1250.00"
    assert invoice["due_date"] == "2026-03-31"
    return books


def entries(books: Books, *args: str) -> dict[int, dict[str, Any]]:
    rows = books.json("report", "customer-ledger", *args)
    return {row["entry_no"]: row for row in rows}


def balances(books: Books) -> dict[str, str]:
    report = books.json("report", "trial-balance")
    assert report["total"] == "0.00"
    return {line["no"]: line["balance"] for line in report["lines"]}


def pay_invoice_in_cash_journal(books: Books, amount: str = "-1225.00") -> None:
    books.ok("journal", "add-line", "CASH", "DEFAULT", *PAYMENT_LINE, "--amount", amount,
             "--applies-to-doc-type", "invoice", "--applies-to-doc", "100001")  # fmt: skip
    books.ok("journal", "post", "CASH", "DEFAULT")


def test_an_invoice_paid_within_the_discount_period_is_closed(books: Books) -> None:
    assert books.json("customer", "show", "10000")["balance"] == "1250.00"

    line = books.json(
        "journal", "add-line", "CASH", "DEFAULT", *PAYMENT_LINE, "--amount", "-1 225,00",
        "--applies-to-doc-type", "invoice", "--applies-to-doc", "100001",
    )  # fmt: skip
    assert line["amount"] == "-1225.00"
    assert (line["bal_account_type"], line["bal_account_no"]) == ("bank", "BANK")
    assert line["document_no"] == "CR000001"  # from the batch's number series
    assert [row["line_no"] for row in books.json("journal", "lines", "CASH", "DEFAULT")] == [
        line["line_no"]
    ]

    report = books.json("journal", "test-report", "CASH", "DEFAULT")
    assert report == {
        "template": "CASH",
        "batch": "DEFAULT",
        "lines": 1,
        "ok": True,
        "problems": [],
        "warnings": [],
    }

    posted = books.json("journal", "post", "CASH", "DEFAULT")
    assert (posted["template"], posted["batch"], posted["register_no"]) == ("CASH", "DEFAULT", 2)
    assert (posted["lines_posted"], posted["customer_entries"], posted["bank_entries"]) == (1, 1, 1)
    assert books.json("journal", "lines", "CASH", "DEFAULT") == []

    ledger = entries(books)
    invoice, payment = ledger[1], ledger[2]
    assert (invoice["document_type"], invoice["document_no"]) == ("invoice", "100001")
    assert (invoice["amount"], invoice["remaining_amount"], invoice["open"]) == (
        "1250.00",
        "0.00",
        False,
    )
    assert (payment["document_type"], payment["posting_date"]) == ("payment", PAYMENT_DATE)
    assert (payment["amount"], payment["remaining_amount"], payment["open"]) == (
        "-1225.00",
        "0.00",
        False,
    )
    assert entries(books, "--open") == {}
    assert books.json("ledger", "customer-entries", "--customer", "10000") == list(ledger.values())

    # The 25.00 discount (2 % of 1250.00) went to the discount account.
    assert balances(books) == {
        "1500": "0.00",
        "1920": "1225.00",
        "2700": "-250.00",
        "3000": "-1000.00",
        "3080": "25.00",
    }
    assert books.json("customer", "show", "10000")["balance"] == "0.00"
    assert books.json("report", "customer-balances") == {
        "as_of": None,
        "lines": [],
        "total": "0.00",
    }

    before_payment = books.json("report", "aging", "--as-of", "2026-03-05")
    assert before_payment["lines"] == [
        {
            "customer_no": "10000",
            "name": "Fjord Fisk AS",
            "not_due": "1250.00",
            "days_1_30": "0.00",
            "days_31_60": "0.00",
            "days_61_90": "0.00",
            "over_90": "0.00",
            "balance": "1250.00",
        }
    ]
    assert before_payment["total"]["balance"] == "1250.00"
    after_payment = books.json("report", "aging", "--as-of", "2026-04-15")
    assert after_payment["lines"] == []
    assert after_payment["total"]["balance"] == "0.00"

    registers = books.json("report", "registers")
    assert [(r["register_no"], r["source"], r["journal_template"]) for r in registers] == [
        (2, "journal", "CASH"),
        (1, "sales", ""),
    ]


def test_the_tables_show_the_same_reports(books: Books) -> None:
    aged = books.ok("report", "aging", "--as-of", "2026-03-05").stdout
    assert aged.count("1250.00") == 4  # not due and balance, on its line and the total line
    wide = books.ok("report", "aging", "--as-of", "2026-03-05", columns=150).stdout
    assert "Fjord Fisk AS" in wide

    pay_invoice_in_cash_journal(books)
    table = books.ok("report", "trial-balance").stdout
    total = next(line for line in table.splitlines() if "Total" in line)
    assert [cell.strip() for cell in total.split("│")[3:6]] == ["2500.00", "2500.00", "0.00"]
    ledger = books.ok("report", "customer-ledger", columns=150).stdout
    assert "100001" in ledger
    assert "-1225.00" in ledger


def test_a_faulty_line_fails_the_test_report_and_nothing_is_posted(books: Books) -> None:
    books.ok("journal", "add-line", "CASH", "DEFAULT", *PAYMENT_LINE, "--amount", "-1225.00")
    books.ok(
        "journal", "add-line", "CASH", "DEFAULT", *PAYMENT_LINE[:3], "99999",
        "--posting-date", PAYMENT_DATE, "--document-type", "payment", "--amount", "-10.00",
    )  # fmt: skip
    lines = books.json("journal", "lines", "CASH", "DEFAULT")
    faulty = lines[1]["line_no"]

    tested = books.run("journal", "test-report", "CASH", "DEFAULT", "--json")
    assert tested.exit_code == 1
    report = json.loads(tested.stdout)
    assert report["ok"] is False
    assert report["lines"] == 2
    assert report["problems"] == [{"line_no": faulty, "message": "customer 99999 does not exist"}]
    assert tested.stderr.splitlines() == [
        "error: journal batch CASH/DEFAULT cannot be posted: 1 problem"
    ]

    as_table = books.refused("journal", "test-report", "CASH", "DEFAULT")
    assert "customer 99999 does not exist" in as_table.stdout

    refused = books.refused("journal", "post", "CASH", "DEFAULT")
    assert refused.stderr.splitlines() == [
        "error: Journal batch CASH/DEFAULT was not posted: 1 problem",
        f"  Line {faulty}: customer 99999 does not exist",
    ]
    assert len(books.json("journal", "lines", "CASH", "DEFAULT")) == 2
    assert books.json("report", "registers")[0]["source"] == "sales"  # nothing new posted

    fixed = books.json("journal", "update-line", "CASH", "DEFAULT", str(faulty), "--amount", "+10")
    assert fixed["amount"] == "10.00"
    sign = books.refused("journal", "test-report", "CASH", "DEFAULT")
    assert "a payment must be negative for the customer; the amount is 10.00" in sign.stdout

    books.ok("journal", "delete-line", "CASH", "DEFAULT", str(faulty))
    assert books.json("journal", "test-report", "CASH", "DEFAULT")["ok"] is True


def test_unapply_reopens_the_invoice_and_reverse_takes_back_the_payment(books: Books) -> None:
    pay_invoice_in_cash_journal(books)

    early = books.refused("ledger", "reverse", "--entry", "2")
    assert reason(early) == (
        "error: Customer entry 2 (payment CR000001) is applied; "
        "unapply it before reversing the transaction"
    )

    unapplied = books.json("ledger", "unapply", "2")
    assert unapplied["posting_date"] == PAYMENT_DATE
    after = {e["entry_no"]: e for e in unapplied["entries"]}
    assert (after[1]["remaining_amount"], after[1]["open"]) == ("1250.00", True)
    assert (after[2]["remaining_amount"], after[2]["open"]) == ("-1225.00", True)
    payment_transaction = after[2]["transaction_no"]

    ledger = entries(books, "--open")
    assert sorted(ledger) == [1, 2]
    assert ledger[1]["remaining_amount"] == "1250.00"
    assert balances(books)["3080"] == "0.00"  # the discount is taken back
    again = books.refused("ledger", "unapply", "2")
    assert "has no application to undo" in reason(again)

    reversed_ = books.json("ledger", "reverse", "--transaction", str(payment_transaction))
    assert reversed_["transaction_no"] > payment_transaction
    ledger = entries(books)
    assert (ledger[2]["remaining_amount"], ledger[2]["open"]) == ("0.00", False)
    assert ledger[3]["amount"] == "1225.00"  # the reversing entry
    assert (ledger[1]["remaining_amount"], ledger[1]["open"]) == ("1250.00", True)
    assert sorted(entries(books, "--open")) == [1]
    assert balances(books)["1920"] == "0.00"
    assert books.json("report", "customer-balances")["total"] == "1250.00"

    aged = books.json("report", "aging", "--as-of", "2026-04-15", "--customer", "10000")
    assert aged["total"]["days_1_30"] == "1250.00"
    assert aged["total"]["balance"] == "1250.00"


def test_apply_by_hand_and_by_applies_to_id(books: Books) -> None:
    # A part payment after the discount date, posted without applying it.
    books.ok("journal", "add-line", "CASH", "DEFAULT", *PAYMENT_LINE[:4], "--posting-date",
             "2026-03-20", "--document-type", "payment", "--amount", "-500")  # fmt: skip
    books.ok("journal", "post", "CASH", "DEFAULT")
    assert entries(books, "--open")[2]["remaining_amount"] == "-500.00"

    applied = books.json("ledger", "apply", "2", "--to", "1:1250.00")
    after = {e["entry_no"]: e for e in applied["entries"]}
    assert (after[1]["remaining_amount"], after[1]["open"]) == ("750.00", True)
    assert (after[2]["remaining_amount"], after[2]["open"]) == ("0.00", False)
    assert applied["posting_date"] == "2026-03-20"

    # The rest: mark the invoice with an applies-to ID and let a journal line apply it.
    marked = books.json("ledger", "set-applies-to-id", "--id", "PAY-1", "1")
    assert [(e["entry_no"], e["applies_to_id"]) for e in marked] == [(1, "PAY-1")]
    books.ok("journal", "add-line", "CASH", "DEFAULT", *PAYMENT_LINE[:4], "--posting-date",
             "2026-03-25", "--document-type", "payment", "--amount", "-750",
             "--applies-to-id", "PAY-1")  # fmt: skip
    books.ok("journal", "post", "CASH", "DEFAULT")
    assert entries(books, "--open") == {}
    assert balances(books)["1920"] == "1250.00"


def test_a_credit_memo_applied_to_the_invoice_closes_it(books: Books) -> None:
    draft = books.json(
        "credit-memo", "create", "--customer", "10000", "--line", "Consulting;10;100;3",
        "--applies-to", "100001", "--posting-date", "2026-03-02",
    )  # fmt: skip
    assert (draft["posted"], draft["no"]) == (False, "D00002")
    assert [d["no"] for d in books.json("credit-memo", "list", "--drafts")] == ["D00002"]
    posted = books.json("credit-memo", "post", "D00002")
    assert (posted["no"], posted["amount_including_vat"]) == ("800001", "1250.00")
    assert books.json("credit-memo", "show", "800001")["lines"][0]["line_amount"] == "1000.00"
    assert entries(books, "--open") == {}
    assert balances(books) == {"1500": "0.00", "2700": "0.00", "3000": "0.00"}


def test_invoice_drafts_can_grow_be_shown_and_deleted(books: Books) -> None:
    draft = books.json("invoice", "create", "--customer", "10000", "--line", "A;1;100;3")
    no = draft["no"]
    grown = books.json("invoice", "add-line", no, "--line", "B;2,5;10;5;3100")
    assert [(ln["description"], ln["line_amount"]) for ln in grown["lines"]] == [
        ("A", "100.00"),
        ("B", "25.00"),
    ]
    assert grown["amount_including_vat"] == "150.00"  # VAT only on line A
    assert books.json("invoice", "show", no, "--draft")["no"] == no
    assert "Posted invoice 100001" in books.ok("invoice", "show", "100001").stdout
    books.ok("invoice", "delete", no)
    assert books.json("invoice", "list", "--drafts") == []
    assert [d["no"] for d in books.json("invoice", "list", "--customer", "10000")] == ["100001"]
    gone = books.refused("invoice", "show", no, "--draft")
    assert reason(gone) == f"error: There is no draft invoice {no}"


def test_customer_cards_and_blocking(books: Books) -> None:
    books.ok("customer", "add", "10001", "--name", "Nordlys AS", "--city", "Tromsø",
             "--org-no", "NO 981 951 271 MVA", "--email", "post@nordlys.no")  # fmt: skip
    card = books.json("customer", "show", "10001")
    assert (card["org_no"], card["posting_group"], card["balance"]) == (
        "981951271",
        "DOMESTIC",
        "0.00",
    )
    books.ok("customer", "update", "10001", "--city", "Bodø")
    found = books.json("customer", "list", "--search", "nordl")
    assert [(c["no"], c["city"]) for c in found] == [("10001", "Bodø")]
    assert [c["no"] for c in books.json("customer", "list", "--limit", "1", "--offset", "1")] == [
        "10001"
    ]

    books.ok("customer", "block", "10000")
    assert books.json("customer", "show", "10000")["blocked"] == "all"
    books.ok("journal", "add-line", "CASH", "DEFAULT", *PAYMENT_LINE, "--amount", "-1")
    blocked = books.refused("journal", "test-report", "CASH", "DEFAULT")
    assert "customer 10000 Fjord Fisk AS is blocked" in blocked.stdout
    books.ok("customer", "block", "10000", "--invoice")
    assert books.json("customer", "show", "10000")["blocked"] == "invoice"
    books.ok("journal", "test-report", "CASH", "DEFAULT")  # payments are still allowed
    books.ok("customer", "unblock", "10000")
    assert books.json("customer", "show", "10000")["blocked"] == ""

    invalid = books.refused("customer", "add", "10002", "--name", "X", "--payment-terms", "NOPE")
    assert "payment_terms NOPE: no such payment terms" in reason(invalid)
    assert books.refused("customer", "update", "10000", code=2).exit_code == 2


def test_vendors_bank_accounts_and_setup(sqlite_url: str) -> None:
    books = new_books(sqlite_url)
    books.ok("vendor", "add", "20000", "--name", "Kontorrekvisita AS", "--currency", "EUR")
    assert books.json("vendor", "show", "20000")["currency"] == "EUR"
    books.ok("vendor", "update", "20000", "--currency", "NOK")  # the company's own: stored as ""
    assert [(v["no"], v["currency"]) for v in books.json("vendor", "list")] == [("20000", "")]

    books.ok("bank-account", "add", "EURO", "--name", "Valutakonto", "--iban",
             "NO93 8601 1117 947", "--currency", "EUR")  # fmt: skip
    euro = books.json("bank-account", "show", "EURO")
    assert (euro["iban"], euro["currency"], euro["gl_account"]) == (
        "NO9386011117947",
        "EUR",
        "1920",
    )
    books.ok("bank-account", "update", "EURO", "--name", "Euro")
    assert [b["no"] for b in books.json("bank-account", "list")] == ["BANK", "EURO"]

    setup = books.json(
        "setup", "gl-update", "--payment-tolerance-pct", "2,5", "--max-payment-tolerance", "50",
        "--allow-posting-from", "2026-01-01", "--pmt-disc-excl-vat",
    )  # fmt: skip
    assert (setup["max_payment_tolerance"], setup["pmt_disc_excl_vat"]) == ("50.00", True)
    assert setup["allow_posting_from"] == "2026-01-01"
    assert books.json("setup", "gl")["payment_tolerance_pct"] == "2.50"
    books.ok("setup", "payment-terms", "add", "7D", "--due-date-formula", "7D")
    assert "7D" in [t["code"] for t in books.json("setup", "payment-terms", "list")]
    accounts = {a["no"]: a for a in books.json("setup", "accounts")}
    assert accounts["1500"]["direct_posting"] is False
    assert [t["name"] for t in books.json("journal", "templates")] == [
        "CASH",
        "GENERAL",
        "PAYMENTS",
    ]
    books.ok("journal", "batch-create", "CASH", "ocr")
    assert [b["name"] for b in books.json("journal", "batches", "CASH")] == ["DEFAULT", "OCR"]


def test_init_makes_books_ready_for_use(tmp_path: Path) -> None:
    books = Books(f"sqlite:///{tmp_path / 'new.db'}")
    books.ok("init", "--company", "Test AS", "--country", "NO")
    assert books.json("customer", "list") == []
    assert books.json("report", "trial-balance") == {"as_of": None, "lines": [], "total": "0.00"}


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (("invoice", "create", "--customer", "99999", "--line", "A;1;1;3"), 1,
         "error: Customer 99999 does not exist"),
        (("report", "aging", "--as-of", "2026-13-01"), 2, "'2026-13-01' is not a date"),
        (("report", "trial-balance", "--as-of", "yesterday"), 2, "is not a date"),
        (("journal", "add-line", "CASH", "DEFAULT", *PAYMENT_LINE, "--amount", "ten"), 2,
         "'ten' is not an amount"),
        (("journal", "add-line", "CASH", "DEFAULT", *PAYMENT_LINE, "--amount", "1.005"), 2,
         "1.005 has more than 2 decimals"),
        (("journal", "add-line", "CASH", "DEFAULT", "--account-type", "bankk", "--account",
          "X", "--amount", "1"), 2, "'bankk' is not an account type"),
        (("journal", "add-line", "NOPE", "DEFAULT", *PAYMENT_LINE, "--amount", "-1"), 1,
         "error: Journal batch NOPE/DEFAULT does not exist"),
        (("invoice", "create", "--customer", "10000", "--line", "A;one;1;3"), 2,
         "'one' is not a number"),
        (("invoice", "create", "--customer", "10000", "--line", "A;1;1"), 2, "has 3 parts"),
        (("ledger", "apply", "2", "--to", "1:abc"), 2, "'abc' is not an amount"),
        (("ledger", "apply", "99", "--to", "1"), 1, "error: Customer entry 99 does not exist"),
        (("ledger", "reverse"), 2, "give either --transaction N or --entry N"),
        (("customer", "show", "55555"), 1, "error: Customer 55555 does not exist"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_in_a_line_without_a_traceback(
    books: Books, args: tuple[str, ...], code: int, expected: str
) -> None:
    result = books.refused(*args, code=code)
    assert expected in reason(result)
    if code == 1:
        assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""


def test_posting_an_invoice_that_cannot_be_posted_keeps_the_draft(books: Books) -> None:
    books.ok("customer", "block", "10000", "--invoice")
    result = books.refused("invoice", "create", "--customer", "10000", "--line", "A;1;1;3",
                           "--post")  # fmt: skip
    assert "blocked for invoicing" in result.stderr
    assert "The draft invoice D00002 was kept" in result.stderr
    assert [d["no"] for d in books.json("invoice", "list", "--drafts")] == ["D00002"]
