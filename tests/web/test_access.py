"""Who gets in and what they may do: login, cookies, CSRF, roles, company isolation."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from tests.web.conftest import Books, Browser

PAGES = [
    "/",
    "/customers",
    "/customers?q=nord",
    "/customers/options?q=1",
    "/customers/new",
    "/customers/10000",
    "/customers/10000/edit",
    "/sales",
    "/sales?status=posted",
    "/sales/new",
    "/sales/line-row?index=3",
    "/sales/posted/invoice/100001",
    "/sales/draft/invoice/D00001",
    "/journals",
    "/journals/CASH/DEFAULT",
    "/journals/CASH/DEFAULT/test",
    "/journals/CASH/DEFAULT/lines/10000",
    "/journals/CASH/DEFAULT/lines/10000/edit",
    "/entries",
    "/entries?customer=10000&open=1",
    "/entries/open-documents?account_type=customer&account_no=10000",
    "/entries/1/apply?customer=10000",
    "/entries/1/apply/totals?customer=10000",
    "/reports",
    "/reports/trial-balance",
    "/reports/trial-balance.csv",
    "/reports/aging",
    "/reports/aging.csv",
    "/reports/customer-balances",
    "/reports/customer-balances.csv",
    "/setup",
    "/setup/bank-accounts",
    "/setup/bank-accounts/BANK/edit",
    "/setup/payment-terms",
    "/setup/gl",
    "/setup/users",
    "/setup/audit",
]


@pytest.mark.parametrize("path", PAGES)
def test_without_a_login_every_page_sends_to_the_login_and_shows_nothing(
    books: Books, browser: Browser, path: str
) -> None:
    books.invoice()
    response = browser.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    assert "Nordlys" not in response.text
    assert "100001" not in response.text


def test_the_login_page_comes_back_to_the_page_asked_for(browser: Browser) -> None:
    response = browser.get("/customers/10000")
    assert response.headers["location"] == "/login?next=%2Fcustomers%2F10000"
    page = browser.get(response.headers["location"])
    assert 'name="next" value="/customers/10000"' in page.text
    login = browser.login("vera", next="/customers/10000")
    assert login.headers["location"] == "/customers/10000"
    assert "Nordlys Bygg AS" in browser.get("/customers/10000").text


def test_htmx_requests_without_a_login_are_told_where_to_go(browser: Browser) -> None:
    response = browser.get("/customers/options?q=1", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    browser: Browser,
) -> None:
    for username, password in (("anne", "wrong-password"), ("nobody", "correct-horse-1")):
        response = browser.login(username, password)
        assert response.status_code == 401
        assert "The username or password is wrong." in response.text
        assert "reskontro_session" not in response.headers.get("set-cookie", "")


def test_a_login_form_without_its_token_is_refused(browser: Browser) -> None:
    response = browser.client.post(
        "/login", data={"username": "anne", "password": "correct-horse-1", "login_token": "x"}
    )
    assert response.status_code == 403
    assert "reskontro_session" not in response.headers.get("set-cookie", "")


def test_the_session_cookie_is_http_only_and_same_site_lax(browser: Browser) -> None:
    cookie = browser.login("anne").headers["set-cookie"]
    assert "reskontro_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie.split("reskontro_login")[0]  # plain http on localhost


@pytest.mark.parametrize(
    "base_url", ["https://localhost", "https://books.example", "http://books.example"]
)
def test_the_session_cookie_is_secure_everywhere_but_plain_http_on_this_machine(
    app: FastAPI, base_url: str
) -> None:
    browser = Browser(app, base_url=base_url)
    page = browser.client.get("/login")
    token = page.text.split('name="login_token" value="')[1].split('"')[0]
    # The login cookie came back Secure, so plain http would not return it; hand it over.
    browser.client.cookies.clear()
    browser.client.cookies.set("reskontro_login", token)
    response = browser.client.post(
        "/login",
        data={"username": "anne", "password": "correct-horse-1", "login_token": token},
    )
    assert response.status_code == 303
    session_cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("reskontro_session=")
    )
    assert "Secure" in session_cookie


def test_logging_out_ends_the_session(as_user: Any) -> None:
    browser = as_user("anne")
    session = browser.client.cookies.get("reskontro_session")
    assert browser.post("/logout").status_code == 303
    assert browser.get("/").status_code == 303
    browser.client.cookies.set("reskontro_session", session)  # an old copy of the cookie
    assert browser.get("/customers").headers["location"].startswith("/login")


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\evil"])
def test_the_login_never_sends_the_browser_to_another_site(app: FastAPI, target: str) -> None:
    assert Browser(app).login("anne", next=target).headers["location"] == "/"


@pytest.mark.parametrize("sent", [None, "not-the-token"])
def test_a_form_without_the_session_csrf_token_is_refused(
    books: Books, as_user: Any, sent: str | None
) -> None:
    browser = as_user("anne")
    response = browser.post("/customers/new", {"no": "30000", "name": "Forged AS"}, csrf=sent)
    assert response.status_code == 403
    assert "did not come from this site" in response.text
    assert "Forged" not in browser.get("/customers").text


def test_htmx_sends_the_csrf_token_in_a_header(as_user: Any) -> None:
    browser = as_user("ola")
    response = browser.htmx(
        "POST",
        "/journals/CASH/DEFAULT/lines",
        {
            "account_type": "customer",
            "account_no": "10000",
            "amount": "-100",
            "bal_account_type": "bank",
            "bal_account_no": "BANK",
            "document_type": "payment",
        },
    )
    assert response.status_code == 200
    assert 'id="line-10000"' in response.text
    forged = browser.client.post(
        "/journals/CASH/DEFAULT/lines",
        data={"account_no": "10000", "amount": "-1"},
        headers={"HX-Request": "true", "X-CSRF-Token": "wrong"},
    )
    assert forged.status_code == 403


def test_a_viewer_sees_no_post_button_and_cannot_post(books: Books, as_user: Any) -> None:
    accountant = as_user("ola")
    made = accountant.post(
        "/sales/new",
        {
            "type": "invoice",
            "customer_no": "10000",
            "line-0-description": "Work",
            "line-0-quantity": "1",
            "line-0-unit_price": "100",
            "line-0-vat_code": "3",
        },
    )
    draft_page = made.headers["location"].split("?")[0]
    viewer = as_user("vera")
    page = viewer.get(draft_page)
    assert page.status_code == 200
    assert 'id="post-document"' not in page.text
    refused = viewer.post(draft_page + "/post")
    assert refused.status_code == 403
    assert "Your role does not allow this" in refused.text
    assert "D00001" in accountant.get("/sales").text  # still a draft


def test_an_accountant_enters_but_only_an_approver_posts(books: Books, as_user: Any) -> None:
    accountant = as_user("ola")
    accountant.post(
        "/sales/new",
        {
            "type": "invoice",
            "customer_no": "10000",
            "line-0-description": "Work",
            "line-0-unit_price": "100",
            "line-0-vat_code": "3",
        },
    )
    assert 'id="post-document"' not in accountant.get("/sales/draft/invoice/D00001").text
    assert accountant.post("/sales/draft/invoice/D00001/post").status_code == 403
    approver = as_user("per")
    posted = approver.post("/sales/draft/invoice/D00001/post")
    assert posted.status_code == 303
    assert posted.headers["location"].startswith("/sales/posted/invoice/100001")


@pytest.mark.parametrize(
    ("user", "path", "status"),
    [
        ("vera", "/customers/new", 403),
        ("ola", "/customers/new", 403),
        ("per", "/setup/users", 403),
        ("per", "/setup/audit", 403),
        ("vera", "/journals/CASH/DEFAULT/test", 403),
        ("vera", "/sales/new", 403),
        ("anne", "/setup/users", 200),
    ],
)
def test_pages_for_a_higher_role_are_refused(
    as_user: Any, user: str, path: str, status: int
) -> None:
    assert as_user(user).get(path).status_code == status


@pytest.mark.parametrize(
    ("user", "path", "data"),
    [
        ("vera", "/journals/CASH/DEFAULT/lines", {"account_no": "10000", "amount": "1"}),
        ("vera", "/journals/CASH/DEFAULT/post", {}),
        ("ola", "/journals/CASH/DEFAULT/post", {}),
        ("ola", "/entries/1/reverse", {}),
        ("ola", "/entries/1/unapply", {}),
        ("vera", "/entries/1/apply", {"customer": "10000"}),
        ("per", "/setup/gl", {"payment_tolerance_pct": "5"}),
        ("per", "/setup/bank-accounts", {"no": "B2", "name": "x"}),
        ("per", "/setup/payment-terms", {"code": "X"}),
        ("per", "/setup/users", {"username": "eve", "password": "long-enough-1", "role": "admin"}),
        ("per", "/customers/10000/edit", {"name": "Renamed"}),
    ],
)
def test_changes_above_the_role_are_refused_on_the_server(
    books: Books, as_user: Any, user: str, path: str, data: dict[str, str]
) -> None:
    books.invoice()
    response = as_user(user).post(path, data)
    assert response.status_code == 403


def test_a_user_of_one_company_never_sees_another_companys_customer(as_user: Any) -> None:
    anne = as_user("anne")
    card = anne.get("/customers/20000")
    assert card.status_code == 404
    assert "Hemlig" not in card.text
    assert "Hemlig" not in anne.get("/customers?q=20000").text
    assert "Hemlig" not in anne.get("/customers/options?q=Hemlig").text
    assert "Hemlig" not in anne.get("/reports/customer-balances.csv").text
    assert anne.post("/company", {"company_id": "2"}).status_code == 403
    bo = as_user("bo")
    assert "Hemlig Kund AB" in bo.get("/customers/20000").text
    assert bo.get("/customers/10000").status_code == 404


def test_a_user_with_two_companies_switches_between_them(books: Books, as_user: Any) -> None:
    from reskontro.services import auth

    auth.set_role(books.engine, books.company_b, "anne", "viewer")
    anne = as_user("anne")
    home = anne.get("/")
    assert 'name="company_id"' in home.text
    assert anne.post("/company", {"company_id": str(books.company_b)}).status_code == 303
    assert "Hemlig Kund AB" in anne.get("/customers/20000").text
    assert anne.get("/customers/10000").status_code == 404
    assert anne.get("/customers/new").status_code == 403  # a viewer in company B


def test_responses_carry_no_store_and_a_strict_content_policy(as_user: Any) -> None:
    response = as_user("vera").get("/customers")
    assert response.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "cdn" not in response.text.lower()
    assert '<script src="/static/htmx.min.js"' in response.text


def test_htmx_is_served_from_our_own_static_files(browser: Browser) -> None:
    response = browser.get("/static/htmx.min.js")
    assert response.status_code == 200
    assert "htmx" in response.text[:200]
