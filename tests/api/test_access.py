"""Who may call the API: tokens, roles, the error shape, and no data without a token."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from reskontro.domain.access import Role
from reskontro.interfaces.api import API_PREFIX
from reskontro.interfaces.app import create_app
from reskontro.services import auth
from tests.api.conftest import Api, make_api, refused


def fill(path: str) -> str:
    """A concrete path for an OpenAPI path template (ids of things that exist in company A)."""
    values = {"no": "10000", "template": "CASH", "batch": "DEFAULT"}
    return re.sub(r"{(\w+)}", lambda m: values.get(m.group(1), "1"), path)


def test_every_get_path_of_the_openapi_document_needs_a_token(engine: Engine) -> None:
    api = make_api(engine, create_app(engine))
    api.invoice()
    document = api.client.get("/openapi.json").json()
    paths = [p for p, ops in document["paths"].items() if "get" in ops]
    assert len(paths) >= 25
    assert all(p.startswith(API_PREFIX) for p in document["paths"])
    for path in paths:
        url = fill(path)
        for headers in ({}, {"Authorization": "Bearer rsk_not-a-token"}, {"Authorization": "x"}):
            response = api.client.get(url, headers=headers)
            assert response.status_code == 401, (url, response.text)
            assert set(response.json()) == {"error"}
            assert response.headers["WWW-Authenticate"] == "Bearer"
            assert "Fjord" not in response.text
        # and with a token of company A the same path answers (it is a real path)
        assert api.client.get(
            url, headers=api.headers(), params={"as_of": "2026-12-31"}
        ).status_code in (
            200,
            404,
        ), url


def test_every_write_needs_a_token_too(engine: Engine) -> None:
    api = make_api(engine, create_app(engine))
    document = api.client.get("/openapi.json").json()
    for path, operations in document["paths"].items():
        for method in set(operations) - {"get"}:
            response = api.client.request(method.upper(), fill(path), json={})
            assert response.status_code == 401, (method, path, response.text)


def test_the_openapi_document_describes_amounts_as_strings(api: Api) -> None:
    schemas = api.client.get("/openapi.json").json()["components"]["schemas"]
    amount = schemas["NewJournalLine"]["properties"]["amount"]
    assert amount["type"] == "string"
    assert "token" in api.client.get("/openapi.json").json()["components"]["securitySchemes"]


def test_a_revoked_token_is_refused(api: Api) -> None:
    token, info = auth.create_token(api.engine, "a-admin", api.a, "temporary")
    headers = {"Authorization": f"Bearer {token}"}
    assert api.client.get(f"{API_PREFIX}/customers", headers=headers).status_code == 200
    revoke = api.post(f"/tokens/{info.id}/revoke")
    assert revoke.status_code == 200 and revoke.json()["active"] is False
    response = api.client.get(f"{API_PREFIX}/customers", headers=headers)
    refused(response, 401, "not_authenticated", "revoked")


def test_a_deactivated_users_token_is_refused(api: Api) -> None:
    assert api.post("/users/a-viewer/deactivate").status_code == 200
    refused(api.get("/customers", role=Role.VIEWER), 401, "not_authenticated")


def test_me_tells_who_the_token_acts_for(api: Api) -> None:
    body = api.get("/me", role=Role.ACCOUNTANT, company="b").json()
    assert body["username"] == "b-accountant"
    assert body["company_id"] == api.b
    assert body["role"] == "accountant"


@pytest.mark.parametrize(
    ("role", "method", "path", "json", "needed"),
    [
        (Role.VIEWER, "POST", "/journal-templates/CASH/batches", {"name": "X"}, "accountant"),
        (Role.VIEWER, "GET", "/journal-templates/CASH/batches/DEFAULT/test-report", None, "an acc"),
        (Role.ACCOUNTANT, "POST", "/journal-templates/CASH/batches/DEFAULT/post", None, "approver"),
        (Role.APPROVER, "POST", "/customers", {"no": "1", "name": "X"}, "admin"),
        (Role.APPROVER, "GET", "/users", None, "admin"),
        (Role.APPROVER, "GET", "/audit", None, "admin"),
    ],
)
def test_a_role_that_may_not_is_refused_with_who_to_ask(
    api: Api, role: Role, method: str, path: str, json: object, needed: str
) -> None:
    response = api.call(method, path, role=role, json=json)
    error = refused(response, 403, "access_denied", f"Your role ({role.value})")
    assert needed in error["message"]


def test_an_unknown_path_is_a_json_404(api: Api) -> None:
    refused(api.get("/no-such-thing"), 404, "not_found", "no endpoint")


def test_request_problems_are_listed_per_field(api: Api) -> None:
    response = api.post(
        "/journal-templates/CASH/batches/DEFAULT/lines",
        role=Role.ACCOUNTANT,
        json={"account_type": "planet", "amount": 12.5},
    )
    error = refused(response, 422, "request_validation")
    problems = " ".join(error["problems"])
    assert "account_type" in problems and "account_no" in problems
    assert "amount" in problems and "strings" in problems


def test_create_app_serves_the_api_and_the_openapi_document(engine: Engine) -> None:
    client = TestClient(create_app(engine))
    assert client.get("/openapi.json").json()["info"]["title"] == "reskontro"
    assert client.get(f"{API_PREFIX}/customers").status_code == 401
