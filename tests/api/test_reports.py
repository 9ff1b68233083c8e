"""Reports over the API: trial balance, customer ledger, balances, aging, registers."""

from __future__ import annotations

from reskontro.domain.access import Role
from tests.api.conftest import Api, refused


def test_trial_balance_adds_up_to_zero(api: Api) -> None:
    api.invoice("10000", "1000.00")
    body = api.get("/reports/trial-balance", role=Role.VIEWER).json()
    assert (body["total_debit"], body["total_credit"], body["total"]) == (
        "1250.00",
        "1250.00",
        "0.00",
    )
    assert {line["no"]: line["balance"] for line in body["lines"]}["1500"] == "1250.00"
    before = api.get("/reports/trial-balance", params={"as_of": "2026-03-01"}).json()
    assert before["lines"] == [] and before["as_of"] == "2026-03-01"
    refused(api.get("/reports/trial-balance", params={"as_of": "March"}), 422, "request_validation")


def test_customer_ledger_report(api: Api) -> None:
    first = api.invoice("10000", "1000.00")
    api.invoice("20000", "80.00")
    body = api.get("/reports/customer-ledger", role=Role.VIEWER, params={"customer_no": "10000"})
    assert [e["document_no"] for e in body.json()] == [first]
    assert len(api.get("/reports/customer-ledger", params={"open": "true", "limit": 1}).json()) == 1


def test_customer_balances(api: Api) -> None:
    api.invoice("10000", "1000.00")
    api.invoice("20000", "80.00")
    body = api.get("/reports/customer-balances", role=Role.VIEWER).json()
    assert [(line["no"], line["balance"]) for line in body["lines"]] == [
        ("10000", "1250.00"),
        ("20000", "100.00"),
    ]
    assert body["total"] == "1350.00"
    assert (
        api.get("/reports/customer-balances", params={"as_of": "2026-01-01"}).json()["lines"] == []
    )


def test_aging(api: Api) -> None:
    api.invoice("10000", "1000.00")  # due 2026-04-01 (30 days)
    body = api.get("/reports/aging", role=Role.VIEWER, params={"as_of": "2026-04-20"}).json()
    assert body["lines"][0]["days_1_30"] == "1250.00"
    assert body["total"]["balance"] == "1250.00"
    one = api.get("/reports/aging", params={"as_of": "2026-04-20", "customer_no": "20000"})
    assert one.json()["lines"] == []
    refused(api.get("/reports/aging"), 422, "request_validation", "as_of")


def test_registers(api: Api) -> None:
    api.invoice("10000", "1000.00")
    api.invoice("20000", "80.00")
    body = api.get("/reports/registers", role=Role.VIEWER).json()
    assert [r["register_no"] for r in body] == [2, 1]
    assert body[0]["source"] == "sales"
    assert len(api.get("/reports/registers", params={"limit": 1}).json()) == 1
