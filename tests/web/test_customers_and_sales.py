"""The dashboard, customers and sales documents, used as a bookkeeper would."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from reskontro.domain.parties import CustomerData
from reskontro.services import masterdata
from tests.web.conftest import Books


def test_the_dashboard_shows_open_and_overdue_receivables(books: Books, as_user: Any) -> None:
    books.invoice("1000.00", day=date(2020, 1, 1))  # 1 250,00 incl. VAT, long overdue
    page = as_user("vera").get("/").text
    assert re.search(r'id="open-receivables">1,250\.00<', page)
    assert re.search(r'id="overdue">1,250\.00<', page)
    assert "No journal has lines waiting." in page


def test_the_dashboard_lists_journals_with_lines(as_user: Any) -> None:
    ola = as_user("ola")
    ola.post(
        "/journals/CASH/DEFAULT/lines",
        {
            "account_type": "customer",
            "account_no": "10000",
            "amount": "-50",
            "bal_account_type": "bank",
            "bal_account_no": "BANK",
        },
    )
    page = ola.get("/").text
    assert 'href="/journals/CASH/DEFAULT"' in page
    assert "No journal has lines waiting." not in page


def test_the_customer_list_searches_and_pages(books: Books, as_user: Any) -> None:
    for n in range(60):
        masterdata.create_customer(
            books.engine, books.company_a, CustomerData(f"{11000 + n}", f"Kunde {n:02d} AS")
        )
    vera = as_user("vera")
    first = vera.get("/customers").text
    assert first.count('<a href="/customers/1') == 50
    assert 'rel="next"' in first
    second = vera.get("/customers?page=2").text
    assert "Kunde 59 AS" in second and 'rel="prev"' in second
    found = vera.get("/customers?q=nordlys").text
    assert "Nordlys Bygg AS" in found and "Kunde 01" not in found


def test_the_customer_card_shows_details_balance_and_entries(books: Books, as_user: Any) -> None:
    invoice = books.invoice("800.00")
    page = as_user("vera").get("/customers/10000").text
    assert "Nordlys Bygg AS" in page and "Tromsø" in page
    assert 'id="customer-balance">1,000.00<' in page
    assert f'data-document="{invoice}"' in page


def test_an_admin_creates_and_edits_a_customer(as_user: Any) -> None:
    anne = as_user("anne")
    created = anne.post(
        "/customers/new",
        {
            "no": "30000",
            "name": "Ny Kunde AS",
            "city": "Bergen",
            "payment_terms": "14D",
            "posting_group": "DOMESTIC",
            "org_no": "981951271",
        },
    )
    assert created.status_code == 303, created.text
    assert created.headers["location"].startswith("/customers/30000")
    assert "Customer 30000 saved." in anne.get(created.headers["location"]).text
    edited = anne.post(
        "/customers/30000/edit",
        {
            "name": "Ny Kunde AS",
            "city": "Stavanger",
            "posting_group": "DOMESTIC",
            "payment_terms": "30D",
        },
    )
    assert edited.status_code == 303
    card = anne.get("/customers/30000").text
    assert "Stavanger" in card and "30D" in card


def test_a_refused_customer_comes_back_with_the_reason_and_the_typed_values(
    as_user: Any,
) -> None:
    response = as_user("anne").post(
        "/customers/new", {"no": "30001", "name": "Feil AS", "org_no": "123"}
    )
    assert response.status_code == 422
    assert "not a valid Norwegian organisation number" in response.text
    assert 'value="Feil AS"' in response.text


def test_an_invoice_is_made_with_lines_added_and_posted(books: Books, as_user: Any) -> None:
    per = as_user("per")
    new_form = per.get("/sales/new?type=invoice&customer=10000").text
    assert 'name="line-2-description"' in new_form
    more = per.htmx("GET", "/sales/line-row", {"index": "3"}).text
    assert 'name="line-3-unit_price"' in more and "index=4" in more
    made = per.post(
        "/sales/new",
        {
            "type": "invoice",
            "customer_no": "10000",
            "posting_date": "2026-03-02",
            "line-0-description": "Rådgivning",
            "line-0-quantity": "2",
            "line-0-unit_price": "500",
            "line-0-vat_code": "3",
            "line-1-description": "",
            "line-1-unit_price": "",
        },
    )
    assert made.status_code == 303
    draft_url = made.headers["location"].split("?")[0]
    assert draft_url == "/sales/draft/invoice/D00001"
    per.post(
        draft_url + "/lines",
        {
            "line-0-description": "Reise",
            "line-0-quantity": "1",
            "line-0-unit_price": "200",
            "line-0-vat_code": "3",
        },
    )
    draft = per.get(draft_url).text
    assert "Rådgivning" in draft and "Reise" in draft
    assert 'id="amount-including-vat">1,500.00<' in draft
    posted = per.post(draft_url + "/post", {"posting_date": "2026-03-02"})
    assert posted.status_code == 303
    page = per.get(posted.headers["location"]).text
    assert "Posted invoice 100001" in page
    assert "Posted as 100001." in page
    assert 'id="amount-including-vat">1,500.00<' in page
    assert "100001" in per.get("/sales?status=posted").text
    assert "D00001" not in per.get("/sales").text
    balance = masterdata.get_customer(books.engine, books.company_a, "10000").balance
    assert balance == Decimal("1500.00")


def test_a_credit_memo_applies_to_its_invoice(books: Books, as_user: Any) -> None:
    invoice = books.invoice("400.00")
    per = as_user("per")
    made = per.post(
        "/sales/new",
        {
            "type": "credit_memo",
            "customer_no": "10000",
            "applies_to_doc_no": invoice,
            "posting_date": "2026-03-05",
            "line-0-description": "Kreditering",
            "line-0-unit_price": "400",
            "line-0-vat_code": "3",
        },
    )
    posted = per.post(made.headers["location"].split("?")[0] + "/post")
    assert posted.headers["location"].startswith("/sales/posted/credit_memo/800001")
    assert masterdata.get_customer(books.engine, books.company_a, "10000").balance == 0


def test_a_bad_line_keeps_the_form_as_typed(as_user: Any) -> None:
    response = as_user("ola").post(
        "/sales/new",
        {
            "type": "invoice",
            "customer_no": "10000",
            "line-0-description": "Arbeid",
            "line-0-unit_price": "tolv",
            "line-0-vat_code": "3",
        },
    )
    assert response.status_code == 422
    assert "Unit price: &#34;tolv&#34; is not a number." in response.text
    assert 'value="Arbeid"' in response.text


def test_an_empty_draft_is_not_posted_and_a_draft_can_be_deleted(as_user: Any) -> None:
    per = as_user("per")
    per.post("/sales/new", {"type": "invoice", "customer_no": "10000"})
    refused = per.post("/sales/draft/invoice/D00001/post")
    assert refused.status_code == 422
    assert "has no lines" in refused.text
    deleted = per.post("/sales/draft/invoice/D00001/delete")
    assert deleted.headers["location"].startswith("/sales?done=done.draft_deleted")
    assert per.get("/sales/draft/invoice/D00001").status_code == 404


def test_a_posted_document_offers_no_change(books: Books, as_user: Any) -> None:
    invoice = books.invoice()
    page = as_user("anne").get(f"/sales/posted/invoice/{invoice}").text
    assert "cannot be changed" in page
    assert 'method="post"' not in page.split("</header>")[1]
