"""Customers, vendors, bank accounts, G/L accounts, payment terms and G/L setup over the API."""

from __future__ import annotations

from reskontro.domain.access import Role
from tests.api.conftest import Api, refused


def test_customers_list_with_search_paging_and_balances(api: Api) -> None:
    api.invoice("10000", "1000.00")
    body = api.get("/customers", role=Role.VIEWER).json()
    assert [(c["no"], c["name"], c["balance"]) for c in body] == [
        ("10000", "Fjord Fisk AS", "1250.00"),
        ("20000", "Nordlys Bygg AS", "0.00"),
    ]
    found = api.get("/customers", params={"search": "NORDLYS"}).json()
    assert [c["no"] for c in found] == ["20000"]
    page = api.get("/customers", params={"limit": 1, "offset": 1}).json()
    assert [c["no"] for c in page] == ["20000"]
    refused(api.get("/customers", params={"limit": 0}), 422, "request_validation", "limit")


def test_get_a_customer_or_404(api: Api) -> None:
    body = api.get("/customers/10000", role=Role.VIEWER).json()
    assert body["name"] == "Fjord Fisk AS" and body["payment_terms"] == "30D"
    refused(api.get("/customers/99999"), 404, "not_found", "99999")


def test_an_admin_creates_and_changes_a_customer(api: Api) -> None:
    created = api.post(
        "/customers",
        json={"no": "30000", "name": "Havbris AS", "email": "post@havbris.no", "org_no": ""},
    )
    assert created.status_code == 201, created.text
    assert created.json()["balance"] == "0.00"
    changed = api.patch("/customers/30000", json={"city": "Bergen", "blocked": "invoice"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["city"], changed.json()["blocked"]) == ("Bergen", "invoice")
    assert api.get("/customers/30000").json()["city"] == "Bergen"


def test_customer_refusals_name_the_problem(api: Api) -> None:
    refused(api.post("/customers", json={"no": "10000", "name": "Again"}), 409, "conflict")
    bad = api.post("/customers", json={"no": "40000", "name": "X", "iban": "NO00 1234"})
    refused(bad, 422, "validation_error", "iban")
    refused(api.patch("/customers/10000", json={"no": "2"}), 422, "request_validation")
    refused(api.patch("/customers/99999", json={"city": "Oslo"}), 404, "not_found")
    refused(api.post("/customers", json={"no": "1"}), 422, "request_validation", "name")


def test_only_an_admin_changes_master_data(api: Api) -> None:
    for role in (Role.VIEWER, Role.ACCOUNTANT, Role.APPROVER):
        refused(
            api.post("/customers", role=role, json={"no": "1", "name": "X"}), 403, "access_denied"
        )
        refused(api.patch("/customers/10000", role=role, json={"city": "X"}), 403, "access_denied")
        refused(
            api.post("/vendors", role=role, json={"no": "1", "name": "X"}), 403, "access_denied"
        )
        refused(api.patch("/gl-setup", role=role, json={}), 403, "access_denied")
    assert api.get("/customers/10000").json()["city"] == ""


def test_vendors(api: Api) -> None:
    assert [v["no"] for v in api.get("/vendors", role=Role.VIEWER).json()] == ["50000"]
    assert api.get("/vendors", params={"search": "kontor"}).json()[0]["balance"] == "0.00"
    assert api.get("/vendors/50000").json()["name"] == "Kontorrekvisita AS"
    created = api.post("/vendors", json={"no": "60000", "name": "Papir AS"})
    assert created.status_code == 201, created.text
    changed = api.patch("/vendors/60000", json={"email": "faktura@papir.no"})
    assert changed.json()["email"] == "faktura@papir.no"
    refused(api.get("/vendors/99999"), 404, "not_found")


def test_bank_accounts(api: Api) -> None:
    listed = api.get("/bank-accounts", role=Role.VIEWER).json()
    assert [b["no"] for b in listed] == ["BANK"] and listed[0]["balance"] == "0.00"
    created = api.post(
        "/bank-accounts",
        json={"no": "SAVINGS", "name": "Sparekonto", "bank_account_no": "86011117947"},
    )
    assert created.status_code == 201, created.text
    assert created.json()["gl_account"]  # from the posting group
    changed = api.patch("/bank-accounts/SAVINGS", json={"name": "Høyrentekonto"})
    assert changed.json()["name"] == "Høyrentekonto"
    assert api.get("/bank-accounts/SAVINGS").json()["bank_account_no"] == "86011117947"
    refused(api.get("/bank-accounts/NONE"), 404, "not_found")
    refused(
        api.post("/bank-accounts", role=Role.APPROVER, json={"no": "X", "name": "X"}),
        403,
        "access_denied",
    )


def test_gl_accounts_with_balances(api: Api) -> None:
    api.invoice("10000", "1000.00")
    accounts = {a["no"]: a for a in api.get("/gl-accounts", role=Role.VIEWER).json()}
    assert accounts["1500"]["balance"] == "1250.00"
    assert accounts["3000"]["balance"] == "-1000.00"
    assert accounts["1500"]["category"] == "assets"


def test_payment_terms(api: Api) -> None:
    codes = {t["code"]: t for t in api.get("/payment-terms", role=Role.VIEWER).json()}
    assert codes["2%10N30"]["discount_pct"] == "2.00"
    created = api.post(
        "/payment-terms",
        json={
            "code": "3%8N20",
            "due_date_formula": "20D",
            "discount_date_formula": "8D",
            "discount_pct": "3",
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["discount_pct"] == "3.00"
    changed = api.patch("/payment-terms/3%8N20", json={"description": "3 % 8 days"})
    assert changed.json()["description"] == "3 % 8 days"
    refused(api.post("/payment-terms", json={"code": "30D"}), 409, "conflict")
    refused(
        api.post("/payment-terms", json={"code": "X", "discount_pct": 2.5}),
        422,
        "request_validation",
    )
    refused(
        api.post("/payment-terms", role=Role.ACCOUNTANT, json={"code": "Y"}), 403, "access_denied"
    )


def test_gl_setup(api: Api) -> None:
    setup = api.get("/gl-setup", role=Role.VIEWER).json()
    assert setup["max_payment_tolerance"] == "0.00"
    changed = api.patch(
        "/gl-setup",
        json={
            "payment_tolerance_pct": "1.5",
            "max_payment_tolerance": "50.00",
            "pmt_disc_grace_period": "5D",
        },
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["payment_tolerance_pct"], body["max_payment_tolerance"]) == ("1.50", "50.00")
    assert api.get("/gl-setup").json()["pmt_disc_grace_period"] == "5D"
    refused(api.patch("/gl-setup", json={"payment_tolerance_pct": "120"}), 422, "validation_error")
    refused(
        api.patch("/gl-setup", json={"max_payment_tolerance": "1.005"}), 422, "request_validation"
    )
