"""Reports on screen and as CSV; the set-up pages; users and the audit trail."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from reskontro.services import auth, masterdata, setup
from tests.web.conftest import PASSWORD, Books, Browser


def read_csv(response: Any) -> list[list[str]]:
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for Excel
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_trial_balance_adds_up_and_downloads(books: Books, as_user: Any) -> None:
    books.invoice("1000.00")
    vera: Browser = as_user("vera")
    page = vera.get("/reports/trial-balance").text
    assert "1,250.00" in page and "Trial balance" in page
    rows = read_csv(vera.get("/reports/trial-balance.csv"))
    assert rows[0] == ["No.", "Name", "Debit", "Credit", "Balance"]
    receivables = next(r for r in rows if r[0] == "1500")
    assert receivables[2:] == ["1250.00", "0.00", "1250.00"]
    assert sum(Decimal(r[4]) for r in rows[1:]) == 0


def test_the_aging_report_puts_amounts_in_bands_as_of_a_date(books: Books, as_user: Any) -> None:
    books.invoice("1000.00", day=date(2026, 1, 1))
    vera: Browser = as_user("vera")
    page = vera.get("/reports/aging?as_of=2026-03-15").text
    assert "Aged receivables" in page and "Nordlys Bygg AS" in page
    rows = read_csv(vera.get("/reports/aging.csv?as_of=2026-03-15"))
    assert rows[0][:3] == ["Customer no.", "Name", "Not due"]
    assert rows[1] == [
        "10000",
        "Nordlys Bygg AS",
        "0.00",
        "0.00",
        "0.00",
        "1250.00",
        "0.00",
        "1250.00",
    ]
    early = read_csv(vera.get("/reports/aging.csv?as_of=2025-12-31"))
    assert len(early) == 1  # nothing was owed yet


def test_customer_balances_download_with_headings_in_the_users_language(
    books: Books, as_user: Any
) -> None:
    books.invoice("80.00")
    vera: Browser = as_user("vera")
    vera.post("/language", {"language": "nb", "next": "/"})
    page = vera.get("/reports/customer-balances").text
    assert "Kundesaldoer" in page and "100,00" in page
    rows = read_csv(vera.get("/reports/customer-balances.csv"))
    assert rows == [["Kundenr.", "Navn", "Saldo"], ["10000", "Nordlys Bygg AS", "100.00"]]


def test_a_bad_date_on_a_report_is_explained(as_user: Any) -> None:
    page = as_user("vera").get("/reports/aging?as_of=yesterday").text
    assert "As of: &#34;yesterday&#34; is not a date" in page


def test_the_company_page_shows_the_company(as_user: Any) -> None:
    page = as_user("vera").get("/setup").text
    assert "Fjord AS" in page and "NOK" in page and "Viewer" in page
    assert "/setup/users" not in page


def test_an_admin_adds_and_changes_a_bank_account(books: Books, as_user: Any) -> None:
    anne: Browser = as_user("anne")
    added = anne.post(
        "/setup/bank-accounts",
        {"no": "SPARE", "name": "Sparekonto", "bank_account_no": "8601.11.17947"},
    )
    assert added.status_code == 303, added.text
    assert "Sparekonto" in anne.get("/setup/bank-accounts").text
    assert 'value="Sparekonto"' in anne.get("/setup/bank-accounts/SPARE/edit").text
    changed = anne.post(
        "/setup/bank-accounts/SPARE/edit", {"name": "Skattetrekk", "bank_account_no": ""}
    )
    assert changed.status_code == 303
    account = masterdata.get_bank_account(books.engine, books.company_a, "SPARE")
    assert account.name == "Skattetrekk"
    refused = anne.post("/setup/bank-accounts", {"no": "X", "name": "X", "iban": "NO00"})
    assert refused.status_code == 422 and "not a valid IBAN" in refused.text


def test_an_admin_adds_payment_terms(as_user: Any) -> None:
    anne: Browser = as_user("anne")
    added = anne.post(
        "/setup/payment-terms",
        {"code": "45D", "description": "45 dager", "due_date_formula": "45D", "discount_pct": "0"},
    )
    assert added.status_code == 303, added.text
    assert "45 dager" in anne.get("/setup/payment-terms").text
    again = anne.post("/setup/payment-terms", {"code": "45D"})
    assert again.status_code == 422 and "already exist" in again.text


def test_an_admin_changes_tolerance_and_discount_settings(books: Books, as_user: Any) -> None:
    anne: Browser = as_user("anne")
    saved = anne.post(
        "/setup/gl",
        {
            "payment_tolerance_pct": "2,5",
            "max_payment_tolerance": "100",
            "pmt_disc_grace_period": "5D",
            "appln_rounding_precision": "1",
            "pmt_disc_excl_vat": "1",
        },
    )
    assert saved.status_code == 303, saved.text
    settings = setup.get_gl_setup(books.engine, books.company_a)
    assert settings.payment_tolerance_pct == Decimal("2.5")
    assert settings.max_payment_tolerance == Decimal("100.00")
    assert settings.pmt_disc_grace_period == "5D"
    assert settings.pmt_disc_excl_vat is True
    bad = anne.post("/setup/gl", {"payment_tolerance_pct": "250"})
    assert bad.status_code == 422 and "between 0 and 100" in bad.text
    viewer_page = as_user("vera").get("/setup/gl").text
    assert "disabled" in viewer_page and ">Save<" not in viewer_page


def test_an_admin_adds_a_user_and_changes_a_role(books: Books, as_user: Any, app: Any) -> None:
    anne: Browser = as_user("anne")
    added = anne.post(
        "/setup/users",
        {
            "username": "Kari",
            "full_name": "Kari Nordmann",
            "password": PASSWORD,
            "role": "accountant",
            "language": "nb",
        },
    )
    assert added.status_code == 303, added.text
    assert "kari" in anne.get("/setup/users").text
    assert anne.post("/setup/users/kari/role", {"role": "approver"}).status_code == 303
    roles = {u.username: u.role for u in auth.list_users(books.engine, books.company_a)}
    assert roles["kari"] is not None and roles["kari"].value == "approver"
    short = anne.post("/setup/users", {"username": "kort", "password": "abc", "role": "viewer"})
    assert short.status_code == 422 and "at least 8 characters" in short.text
    kari = Browser(app)
    assert kari.login("kari").status_code == 303
    assert "Godkjenner" in kari.get("/").text  # her language, her new role


def test_the_audit_trail_shows_who_did_what(books: Books, as_user: Any) -> None:
    books.invoice()
    anne: Browser = as_user("anne")
    anne.post("/setup/users/vera/role", {"role": "accountant"})
    page = anne.get("/setup/audit").text
    assert "user_role" in page and "anne" in page
    assert "post" in page and "invoice" in page
    assert "login" in page
