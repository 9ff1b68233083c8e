"""Journal templates, batches and lines over the API: enter, change, delete, test, post."""

from __future__ import annotations

from reskontro.domain.access import Role
from tests.api.conftest import Api, refused

LINES = "/journal-templates/CASH/batches/DEFAULT/lines"


def payment(api: Api, invoice: str, amount: str = "-1250.00", **extra: object) -> dict[str, object]:
    response = api.post(
        LINES,
        role=Role.ACCOUNTANT,
        json={
            "posting_date": "2026-03-10",
            "document_type": "payment",
            "account_type": "customer",
            "account_no": "10000",
            "amount": amount,
            "applies_to_doc_type": "invoice",
            "applies_to_doc_no": invoice,
            **extra,
        },
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_templates_and_batches(api: Api) -> None:
    templates = api.get("/journal-templates", role=Role.VIEWER).json()
    assert {t["name"] for t in templates} == {"GENERAL", "CASH", "PAYMENTS"}
    batches = api.get("/journal-templates/CASH/batches", role=Role.VIEWER).json()
    assert [(b["name"], b["lines"], b["balance"]) for b in batches] == [("DEFAULT", 0, "0.00")]
    created = api.post(
        "/journal-templates/CASH/batches",
        role=Role.ACCOUNTANT,
        json={"name": "ocr", "description": "OCR"},
    )
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "OCR" and created.json()["bal_account_no"] == "BANK"
    refused(api.post("/journal-templates/CASH/batches", json={"name": "OCR"}), 409, "conflict")
    refused(api.post("/journal-templates/NONE/batches", json={"name": "X"}), 404, "not_found")


def test_enter_change_and_delete_lines(api: Api) -> None:
    invoice = api.invoice()
    line = payment(api, invoice)
    assert line["document_no"] and line["bal_account_no"] == "BANK"  # from the batch
    assert line["amount"] == "-1250.00"
    no = line["line_no"]
    changed = api.patch(f"{LINES}/{no}", role=Role.ACCOUNTANT, json={"description": "KID 123"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["description"] == "KID 123"
    listed = api.get(LINES, role=Role.VIEWER).json()
    assert [(x["line_no"], x["description"]) for x in listed] == [(no, "KID 123")]
    assert api.get(LINES, params={"offset": 1}).json() == []
    refused(
        api.patch(f"{LINES}/{no}", role=Role.VIEWER, json={"description": "x"}),
        403,
        "access_denied",
    )
    refused(api.delete(f"{LINES}/{no}", role=Role.VIEWER), 403, "access_denied")
    assert api.delete(f"{LINES}/{no}", role=Role.ACCOUNTANT).status_code == 204
    assert api.get(LINES).json() == []
    refused(api.delete(f"{LINES}/{no}"), 404, "not_found")
    refused(api.patch(f"{LINES}/{no}", json={"description": "x"}), 404, "not_found")


def test_a_line_with_its_own_balancing_account_or_none(api: Api) -> None:
    own = payment(api, api.invoice(), bal_account_type="gl", bal_account_no="1920")
    assert own["bal_account_no"] == "1920"
    blank = payment(api, api.invoice(), bal_account_no="")
    assert blank["bal_account_no"] == ""


def test_test_report_then_post_closes_the_invoice(api: Api) -> None:
    invoice = api.invoice()
    payment(api, invoice)
    report = api.get("/journal-templates/CASH/batches/DEFAULT/test-report", role=Role.ACCOUNTANT)
    assert report.json() == {
        "template": "CASH",
        "batch": "DEFAULT",
        "lines": 1,
        "ok": True,
        "problems": [],
        "warnings": [],
    }
    refused(
        api.post("/journal-templates/CASH/batches/DEFAULT/post", role=Role.ACCOUNTANT),
        403,
        "access_denied",
    )
    posted = api.post("/journal-templates/CASH/batches/DEFAULT/post", role=Role.APPROVER)
    assert posted.status_code == 200, posted.text
    assert posted.json()["customer_entries"] == 1 and posted.json()["lines_posted"] == 1
    assert api.get("/customers/10000").json()["balance"] == "0.00"
    assert api.get(LINES).json() == []


def test_problems_stop_posting_and_are_listed(api: Api) -> None:
    payment(api, "999999")
    report = api.get("/journal-templates/CASH/batches/DEFAULT/test-report").json()
    assert not report["ok"] and "999999" in report["problems"][0]["message"]
    error = refused(api.post("/journal-templates/CASH/batches/DEFAULT/post"), 422, "posting_error")
    assert any("999999" in p for p in error["problems"])
    assert len(api.get(LINES).json()) == 1  # nothing was posted
    refused(api.post("/journal-templates/CASH/batches/NONE/post"), 404, "not_found")


def test_amounts_must_be_strings_with_two_decimals(api: Api) -> None:
    base = {"account_type": "gl", "account_no": "1920", "posting_date": "2026-03-10"}
    for amount in (100, 100.5, "100.005", "abc"):
        response = api.post(LINES, role=Role.ACCOUNTANT, json={**base, "amount": amount})
        refused(response, 422, "request_validation", "amount")
    assert api.get(LINES).json() == []
