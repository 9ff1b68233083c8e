"""Two companies, each with users of every role and their API tokens, behind a test client.

Company A (Fjord AS, NO) has customers 10000 and 20000 and vendor 50000; company B (Vik AB, SE)
has its own customer 10000, so the same number in two companies shows which one a request saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from reskontro.domain.access import Role
from reskontro.domain.enums import DocumentType
from reskontro.domain.parties import CustomerData, VendorData
from reskontro.interfaces.api import API_PREFIX, mount_api
from reskontro.interfaces.api.deps import ENGINE_STATE
from reskontro.services import auth
from reskontro.services.documents import (
    SalesDocumentInput,
    SalesLineInput,
    create_sales_document,
    post_sales_document,
)
from reskontro.services.masterdata import create_customer, create_vendor
from reskontro.services.reports import customer_ledger
from reskontro.services.setup import create_company
from reskontro.storage.database import make_engine

PASSWORD = "correct horse"
INVOICE_DATE = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with the smallest cost: the tests check access, not hashing strength."""
    monkeypatch.setattr(auth, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@dataclass
class Api:
    client: TestClient
    engine: Engine
    a: int
    b: int
    tokens: dict[tuple[str, Role], str] = field(default_factory=dict)

    def company_id(self, company: str) -> int:
        return self.a if company == "a" else self.b

    def headers(self, role: Role = Role.ADMIN, company: str = "a") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[(company, role)]}"}

    def call(
        self, method: str, path: str, *, role: Role = Role.ADMIN, company: str = "a", **kw: Any
    ) -> httpx.Response:
        headers = self.headers(role, company) | kw.pop("headers", {})
        return self.client.request(method, API_PREFIX + path, headers=headers, **kw)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.call("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.call("POST", path, **kw)

    def patch(self, path: str, **kw: Any) -> httpx.Response:
        return self.call("PATCH", path, **kw)

    def put(self, path: str, **kw: Any) -> httpx.Response:
        return self.call("PUT", path, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.call("DELETE", path, **kw)

    def invoice(self, customer: str = "10000", net: str = "1000.00", company: str = "a") -> str:
        """Post an invoice (25 % VAT) through the services; its posted number."""
        cid = self.company_id(company)
        draft = create_sales_document(
            self.engine,
            cid,
            SalesDocumentInput(
                DocumentType.INVOICE,
                customer,
                [SalesLineInput("Consulting", Decimal(1), Decimal(net), "3")],
                posting_date=INVOICE_DATE,
            ),
        )
        return post_sales_document(self.engine, cid, DocumentType.INVOICE, draft.no).no

    def entry_no(self, document_no: str, company: str = "a") -> int:
        lines = customer_ledger(self.engine, self.company_id(company))
        return next(line.entry_no for line in lines if line.document_no == document_no)


@cache
def _shared_app() -> FastAPI:
    """One app for the tests of a process: building the routes takes longer than a test."""
    app = FastAPI()
    mount_api(app, make_engine("sqlite://"))
    return app


def make_api(engine: Engine, app: FastAPI | None = None) -> Api:
    a = create_company(engine, "Fjord AS", "NO").id
    b = create_company(engine, "Vik AB", "SE").id
    create_customer(engine, a, CustomerData("10000", "Fjord Fisk AS", payment_terms="30D"))
    create_customer(engine, a, CustomerData("20000", "Nordlys Bygg AS"))
    create_vendor(engine, a, VendorData("50000", "Kontorrekvisita AS"))
    create_customer(engine, b, CustomerData("10000", "Vik Handel AB"))
    if app is None:
        app = _shared_app()
    setattr(app.state, ENGINE_STATE, engine)
    api = Api(TestClient(app), engine, a, b)
    for company, cid in (("a", a), ("b", b)):
        for role in Role:
            name = f"{company}-{role.value}"
            auth.create_user(engine, name, PASSWORD, company_id=cid, role=role)
            api.tokens[(company, role)] = auth.create_token(engine, name, cid, "tests")[0]
    return api


@pytest.fixture
def api(engine: Engine) -> Api:
    return make_api(engine)


def refused(response: httpx.Response, status: int, kind: str, text: str = "") -> dict[str, Any]:
    """Assert a JSON refusal of the API's shape; return its error object."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["type"] == kind, error
    assert isinstance(error["problems"], list)
    assert text in error["message"], error
    return dict(error)
