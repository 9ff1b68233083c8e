"""The journal grid, the test report, posting; the ledger entries with apply, unapply, reverse."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from reskontro.services import masterdata, reports
from tests.web.conftest import Books, Browser

GRID = "/journals/CASH/DEFAULT"


def payment(amount: str, invoice: str = "", **more: str) -> dict[str, str]:
    return {
        "posting_date": "2026-03-20",
        "document_type": "payment",
        "account_type": "customer",
        "account_no": "10000",
        "amount": amount,
        "bal_account_type": "bank",
        "bal_account_no": "BANK",
        "applies_to_doc_no": invoice,
        "description": "Innbetaling",
        **more,
    }


def balance(books: Books) -> Decimal:
    return masterdata.get_customer(books.engine, books.company_a, "10000").balance


def test_the_grid_adds_edits_and_deletes_lines_in_place(as_user: Any) -> None:
    ola: Browser = as_user("ola")
    added = ola.htmx("POST", GRID + "/lines", payment("-100,50"))
    assert added.status_code == 200
    assert 'id="line-10000"' in added.text
    assert '<td class="num">-100.50</td>' in added.text
    assert 'id="add-row" hx-swap-oob="true"' in added.text
    assert 'id="batch-summary" hx-swap-oob="true">Lines: 1 ·' in added.text
    assert 'id="batch-balance">0.00<' in added.text  # balanced by the bank account
    edit = ola.htmx("GET", GRID + "/lines/10000/edit", {"page": "1"})
    assert 'name="amount" value="-100.50"' in edit.text
    saved = ola.htmx("POST", GRID + "/lines/10000?page=1", payment("-75"))
    assert '<td class="num">-75.00</td>' in saved.text
    assert 'id="batch-summary" hx-swap-oob="true">' in saved.text
    cancelled = ola.htmx("GET", GRID + "/lines/10000", {"page": "1"})
    assert '<td class="num">-75.00</td>' in cancelled.text
    deleted = ola.htmx("POST", GRID + "/lines/10000/delete")
    assert 'id="line-10000"' not in deleted.text
    assert 'id="batch-summary" hx-swap-oob="true">Lines: 0 ·' in deleted.text
    assert 'id="line-' not in ola.get(GRID).text


def test_an_unbalanced_line_shows_in_the_batch_balance(as_user: Any) -> None:
    ola: Browser = as_user("ola")
    added = ola.htmx("POST", GRID + "/lines", payment("-100,50", bal_account_no=""))
    assert 'id="batch-balance">-100.50<' in added.text


def test_the_grid_works_without_javascript(as_user: Any) -> None:
    ola: Browser = as_user("ola")
    assert ola.post(GRID + "/lines", payment("-10")).headers["location"] == GRID
    page = ola.get(GRID + "?edit=10000").text
    assert 'form="edit-10000" name="amount" value="-10.00"' in page
    assert ola.post(GRID + "/lines/10000", payment("-20")).status_code == 303
    assert "-20.00" in ola.get(GRID).text
    assert ola.post(GRID + "/lines/10000/delete").status_code == 303


def test_a_line_the_grid_cannot_read_is_refused_with_the_field_named(as_user: Any) -> None:
    ola: Browser = as_user("ola")
    inline = ola.htmx("POST", GRID + "/lines", payment("mye"))
    assert inline.status_code == 200
    assert "Amount: &#34;mye&#34; is not an amount" in inline.text
    assert 'id="add-row" hx-swap-oob="true"' in inline.text
    plain = ola.post(GRID + "/lines", payment("", posting_date="31/12"))
    assert plain.status_code == 422
    assert "Posting date" in plain.text


def test_the_open_documents_of_a_customer_are_offered_for_applies_to(
    books: Books, as_user: Any
) -> None:
    invoice = books.invoice()
    options = as_user("ola").htmx(
        "GET", "/entries/open-documents", {"account_type": "customer", "account_no": "10000"}
    )
    assert f'<option value="{invoice}">Invoice {invoice} · 1,250.00' in options.text


def test_the_test_report_shows_problems_and_warnings_per_line(as_user: Any) -> None:
    ola: Browser = as_user("ola")
    ola.post(GRID + "/lines", payment("-100", account_no="99999"))
    ola.post(GRID + "/lines", payment("-50"))
    report = ola.get(GRID + "/test").text
    assert 'id="verdict" class="tag open">Cannot be posted<' in report
    assert "99999" in report and "✖" in report
    only = ola.get(GRID + "/test?only=1").text
    assert "99999" in only
    assert only.count("<tr>") < report.count("<tr>")
    assert "data-print" in report


def test_posting_a_batch_with_problems_posts_nothing_and_says_why(as_user: Any) -> None:
    per: Browser = as_user("per")
    per.post(GRID + "/lines", payment("-100", account_no="99999"))
    refused = per.post(GRID + "/post")
    assert refused.status_code == 422
    assert "was not posted" in refused.text
    assert "99999" in refused.text
    assert 'id="line-10000"' in per.get(GRID).text


def test_a_payment_applied_in_the_journal_closes_the_invoice(books: Books, as_user: Any) -> None:
    invoice = books.invoice("1000.00")
    per: Browser = as_user("per")
    per.post(GRID + "/lines", payment("-1250", invoice))
    assert "Can be posted" in per.get(GRID + "/test").text
    posted = per.post(GRID + "/post")
    assert posted.status_code == 303
    assert "The journal was posted (register" in per.get(posted.headers["location"]).text
    assert balance(books) == 0
    entries = per.get("/entries?customer=10000").text
    row = re.search(rf'data-document="{invoice}">.*?</tr>', entries, re.S)
    assert row and "Closed" in row.group(0)


def test_a_new_batch_is_made_for_a_template(as_user: Any) -> None:
    ola: Browser = as_user("ola")
    made = ola.post(
        "/journals/batches", {"template": "GENERAL", "name": "mars", "description": "Mars"}
    )
    assert made.headers["location"] == "/journals/GENERAL/MARS"
    assert "MARS" in ola.get("/journals").text
    again = ola.post("/journals/batches", {"template": "GENERAL", "name": "MARS"})
    assert again.status_code == 422 and "already exists" in again.text


def pay_unapplied(books: Books, per: Browser, amount: str) -> None:
    per.post(GRID + "/lines", payment(amount))
    assert per.post(GRID + "/post").status_code == 303


def entry_no(books: Books, document_type: str) -> int:
    for line in reports.customer_ledger(books.engine, books.company_a, customer_no="10000"):
        if line.document_type.value == document_type:
            return line.entry_no
    raise AssertionError(document_type)


def test_apply_entries_marks_amounts_and_shows_what_remains(books: Books, as_user: Any) -> None:
    invoice = books.invoice("1000.00", day=date(2026, 3, 2))
    per: Browser = as_user("per")
    pay_unapplied(books, per, "-500")
    paid = entry_no(books, "payment")
    page = per.get(f"/entries/{paid}/apply?customer=10000").text
    assert "Apply customer entries" in page
    assert invoice in page
    invoice_no = entry_no(books, "invoice")
    totals = per.htmx(
        "GET",
        f"/entries/{paid}/apply/totals",
        {"customer": "10000", f"mark_{invoice_no}": "1", f"amount_{invoice_no}": "500"},
    ).text
    assert 'id="applying-amount">-500.00<' in totals
    assert 'id="applied-amount">500.00<' in totals
    assert 'id="apply-balance">0.00<' in totals
    nothing = per.post(f"/entries/{paid}/apply", {"customer": "10000"})
    assert nothing.status_code == 422 and "Mark at least one entry" in nothing.text
    applied = per.post(
        f"/entries/{paid}/apply",
        {"customer": "10000", f"mark_{invoice_no}": "1", f"amount_{invoice_no}": "500"},
    )
    assert applied.status_code == 303, applied.text
    assert balance(books) == Decimal("750.00")
    ledger = {
        line.entry_no: line for line in reports.customer_ledger(books.engine, books.company_a)
    }
    assert ledger[paid].open is False
    assert ledger[invoice_no].remaining_amount == Decimal("750.00")


def test_an_accountant_applies_but_only_an_approver_unapplies_and_reverses(
    books: Books, as_user: Any
) -> None:
    books.invoice("1000.00")
    per: Browser = as_user("per")
    pay_unapplied(books, per, "-1250")
    paid, invoice_no = entry_no(books, "payment"), entry_no(books, "invoice")
    ola: Browser = as_user("ola")
    applied = ola.post(f"/entries/{paid}/apply", {"customer": "10000", f"mark_{invoice_no}": "1"})
    assert applied.status_code == 303
    assert balance(books) == 0
    listing = ola.get("/entries?customer=10000").text
    assert "Unapply" not in listing and "Reverse" not in listing
    assert ola.post(f"/entries/{paid}/unapply").status_code == 403
    undone = per.post(f"/entries/{paid}/unapply", {"next": "/entries?customer=10000"})
    assert undone.status_code == 303
    assert undone.headers["location"] == "/entries?customer=10000&done=done.unapplied&ref=" + str(
        paid
    )
    ledger = {
        line.entry_no: line for line in reports.customer_ledger(books.engine, books.company_a)
    }
    assert ledger[paid].open and ledger[invoice_no].open
    assert ledger[invoice_no].remaining_amount == Decimal("1250.00")
    again = per.post(f"/entries/{paid}/unapply")
    assert again.status_code == 422 and "no application to undo" in again.text
    reversed_ = per.post(f"/entries/{paid}/reverse", {"next": "/entries"})
    assert reversed_.status_code == 303
    assert balance(books) == Decimal("1250.00")  # the payment is gone; the invoice is owed


def test_the_entry_list_filters_by_customer_and_open(books: Books, as_user: Any) -> None:
    books.invoice("100.00")
    vera: Browser = as_user("vera")
    assert "Nordlys Bygg AS" in vera.get("/entries?customer=10000&open=1").text
    assert "list.empty" not in vera.get("/entries?customer=99999").text
    assert "Nothing to show." in vera.get("/entries?customer=99999").text
    assert "Apply</a>" not in vera.get("/entries").text


def test_apply_entries_refuses_an_entry_of_another_customer_or_company(
    books: Books, as_user: Any
) -> None:
    books.invoice()
    ola: Browser = as_user("ola")
    assert ola.get("/entries/1/apply?customer=20000").status_code == 404
    assert ola.get("/entries/1/apply").status_code == 404
