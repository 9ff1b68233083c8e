"""Two companies with users of every role, and browsers (TestClients) logged in as them.

Company A (Fjord AS, Norway) has customer 10000; company B (Svea AB, Sweden) has customer
20000 and its own admin. Clients talk to ``http://localhost``, where the session cookie may
travel over plain http (see reskontro.interfaces.web.core).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from reskontro.domain.enums import DocumentType
from reskontro.domain.parties import CustomerData
from reskontro.interfaces.app import create_app
from reskontro.services import auth, masterdata
from reskontro.services.documents import (
    SalesDocumentInput,
    SalesLineInput,
    create_sales_document,
    post_sales_document,
)
from reskontro.services.setup import create_company
from reskontro.storage.database import make_engine

PASSWORD = "correct-horse-1"
USERS_A = {"anne": "admin", "ola": "accountant", "per": "approver", "vera": "viewer"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
LOGIN_TOKEN = re.compile(r'name="login_token" value="([^"]+)"')


@dataclass
class Books:
    engine: Engine
    company_a: int
    company_b: int

    def invoice(
        self, net: str = "1000.00", customer: str = "10000", day: date = date(2026, 3, 2)
    ) -> str:
        """Post an invoice (25 % VAT) to company A; return its number."""
        draft = create_sales_document(
            self.engine,
            self.company_a,
            SalesDocumentInput(
                DocumentType.INVOICE,
                customer,
                [SalesLineInput("Consulting", Decimal(1), Decimal(net), "3")],
                posting_date=day,
                due_date=day,
            ),
        )
        return post_sales_document(self.engine, self.company_a, DocumentType.INVOICE, draft.no).no


def _books(url: str, monkeypatch: pytest.MonkeyPatch) -> Books:
    monkeypatch.setattr(auth, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    engine = make_engine(url)
    a = create_company(engine, "Fjord AS", "NO")
    b = create_company(engine, "Svea AB", "SE")
    for name, role in USERS_A.items():
        auth.create_user(engine, name, PASSWORD, company_id=a.id, role=role)
    auth.create_user(engine, "bo", PASSWORD, company_id=b.id, role="admin", language="sv")
    masterdata.create_customer(
        engine, a.id, CustomerData("10000", "Nordlys Bygg AS", city="Tromsø")
    )
    masterdata.create_customer(engine, b.id, CustomerData("20000", "Hemlig Kund AB"))
    return Books(engine, a.id, b.id)


@pytest.fixture
def books(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Books]:
    """The two companies on SQLite (the pages do not depend on the database)."""
    made = _books(sqlite_url, monkeypatch)
    yield made
    made.engine.dispose()


@pytest.fixture
def books_on_every_database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Books]:
    """The two companies, once on SQLite and once on PostgreSQL (for SQL of our own)."""
    made = _books(db_url, monkeypatch)
    yield made
    made.engine.dispose()


@pytest.fixture
def app(books: Books) -> FastAPI:
    return create_app(books.engine)


class Browser:
    """A TestClient that logs in like a person and sends the CSRF token with every form."""

    def __init__(self, app: FastAPI, base_url: str = "http://localhost") -> None:
        self.client = TestClient(app, base_url=base_url, follow_redirects=False)
        self.csrf = ""

    def login(self, username: str, password: str = PASSWORD, **extra: str) -> httpx.Response:
        page = self.client.get("/login")
        token = LOGIN_TOKEN.search(page.text)
        assert token, page.text
        form = {"username": username, "password": password, "login_token": token.group(1)}
        response = self.client.post("/login", data={**form, **extra})
        if response.status_code == 303:
            home = self.client.get("/")
            found = CSRF.search(home.text)
            assert found, home.text
            self.csrf = found.group(1)
        return response

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(path, **kwargs)

    def post(
        self, path: str, data: dict[str, str] | None = None, *, csrf: str | None = "", **kw: Any
    ) -> httpx.Response:
        """POST a form; *csrf* "" sends the session's token, None sends none."""
        form = dict(data or {})
        if csrf is not None:
            form["csrf_token"] = csrf or self.csrf
        return self.client.post(path, data=form, **kw)

    def htmx(self, method: str, path: str, data: dict[str, str] | None = None) -> httpx.Response:
        """A request as htmx makes it: the token in the header, not in the form."""
        headers = {"HX-Request": "true", "X-CSRF-Token": self.csrf}
        if method == "GET":
            return self.client.get(path, params=data, headers=headers)
        return self.client.post(path, data=data or {}, headers=headers)


@pytest.fixture
def browser(app: FastAPI) -> Browser:
    return Browser(app)


@pytest.fixture
def as_user(app: FastAPI) -> Any:
    """``as_user("vera")``: a browser logged in as that user."""

    def login(username: str) -> Browser:
        browser = Browser(app)
        assert browser.login(username).status_code == 303
        return browser

    return login
