"""A token of company B never reads or changes company A's data."""

from __future__ import annotations

from reskontro.domain.access import Role
from tests.api.conftest import Api, refused

LINES = "/journal-templates/CASH/batches/DEFAULT/lines"


def test_b_sees_its_own_customer_10000_not_as(api: Api) -> None:
    api.invoice("10000", "1000.00")
    assert [c["name"] for c in api.get("/customers", company="b").json()] == ["Vik Handel AB"]
    assert api.get("/customers/10000", company="b").json()["balance"] == "0.00"
    refused(api.get("/customers/20000", company="b"), 404, "not_found")
    refused(api.get("/vendors/50000", company="b"), 404, "not_found")
    found = api.get("/customers", company="b", params={"search": "Fjord"}).json()
    assert found == []


def test_b_cannot_change_as_customers(api: Api) -> None:
    refused(api.patch("/customers/20000", company="b", json={"city": "Malmö"}), 404, "not_found")
    api.patch("/customers/10000", company="b", json={"city": "Malmö"})
    assert api.get("/customers/10000").json()["city"] == ""  # A's customer 10000 untouched


def test_b_sees_none_of_as_entries_documents_or_reports(api: Api) -> None:
    invoice = api.invoice("10000", "1000.00")
    entry = api.entry_no(invoice)
    assert api.get("/customer-ledger-entries", company="b").json() == []
    assert api.get("/reports/customer-ledger", company="b").json() == []
    assert api.get("/reports/customer-balances", company="b").json()["lines"] == []
    assert api.get("/reports/trial-balance", company="b").json()["lines"] == []
    assert api.get("/reports/registers", company="b").json() == []
    assert api.get("/posted-sales-invoices", company="b").json() == []
    refused(api.get(f"/posted-sales-invoices/{invoice}", company="b"), 404, "not_found")
    refused(api.get(f"/customer-ledger-entries/{entry}/transaction", company="b"), 404, "not_found")


def test_b_cannot_apply_unapply_or_reverse_as_entries(api: Api) -> None:
    invoice = api.entry_no(api.invoice("10000", "1000.00"))
    transaction = api.get(f"/customer-ledger-entries/{invoice}/transaction").json()
    apply = {"targets": [{"entry_no": invoice}]}
    refused(
        api.post(f"/customer-ledger-entries/{invoice}/apply", company="b", json=apply),
        404,
        "not_found",
    )
    refused(api.post(f"/customer-ledger-entries/{invoice}/unapply", company="b"), 404, "not_found")
    marks = {"applies_to_id": "X", "targets": [{"entry_no": invoice}]}
    refused(
        api.post("/customer-ledger-entries/applies-to-id", company="b", json=marks),
        404,
        "not_found",
    )
    number = transaction["transaction_no"]
    refused(api.post(f"/transactions/{number}/reverse", company="b"), 404, "not_found")
    assert api.get("/customers/10000").json()["balance"] == "1250.00"


def test_b_cannot_read_or_change_as_journals(api: Api) -> None:
    line = api.post(
        LINES,
        role=Role.ACCOUNTANT,
        json={
            "account_type": "gl",
            "account_no": "1920",
            "amount": "10.00",
            "posting_date": "2026-03-10",
            "bal_account_no": "3000",
            "bal_account_type": "gl",
        },
    ).json()
    no = line["line_no"]
    assert api.get(LINES, company="b").json() == []
    assert api.get("/journal-templates/CASH/batches", company="b").json()[0]["lines"] == 0
    refused(api.patch(f"{LINES}/{no}", company="b", json={"description": "x"}), 404, "not_found")
    refused(api.delete(f"{LINES}/{no}", company="b"), 404, "not_found")
    refused(
        api.post("/journal-templates/CASH/batches/DEFAULT/post", company="b"),
        422,
        "posting_error",
        "no lines",
    )
    assert len(api.get(LINES).json()) == 1  # A's line is still there, unposted


def test_b_cannot_see_or_touch_as_drafts(api: Api) -> None:
    made = api.post(
        "/sales-invoices",
        json={
            "customer_no": "10000",
            "lines": [{"quantity": "1", "unit_price": "10.00", "vat_code": "3"}],
        },
    ).json()
    no = made["no"]
    assert api.get("/sales-invoices", company="b").json() == []
    refused(api.get(f"/sales-invoices/{no}", company="b"), 404, "not_found")
    refused(api.post(f"/sales-invoices/{no}/post", company="b"), 404, "not_found")
    refused(api.delete(f"/sales-invoices/{no}", company="b"), 404, "not_found")
    assert api.get(f"/sales-invoices/{no}").status_code == 200


def test_b_cannot_see_or_manage_as_users_tokens_or_audit(api: Api) -> None:
    names = [u["username"] for u in api.get("/users", company="b").json()]
    assert names and all(n.startswith("b-") for n in names)
    tokens = api.get("/tokens", company="b").json()
    assert {t["username"][:2] for t in tokens} == {"b-"}
    a_token = api.get("/tokens").json()[0]["id"]
    refused(api.post(f"/tokens/{a_token}/revoke", company="b"), 404, "not_found")
    refused(api.post("/users/a-viewer/deactivate", company="b"), 404, "not_found")
    refused(api.post("/tokens", company="b", json={"username": "a-admin"}), 404, "not_found")
    audit = api.get("/audit", company="b", params={"limit": 500}).json()
    assert all("a-" not in str(line["details"]) + line["object_id"] for line in audit)
    assert api.get("/me").json()["role"] == "admin"  # A's admin still works
