"""Sales invoices and credit memos over the API: drafts, lines, posting, posted documents."""

from __future__ import annotations

from reskontro.domain.access import Role
from tests.api.conftest import Api, refused

LINE = {"description": "Rådgivning", "quantity": "2", "unit_price": "500.00", "vat_code": "3"}


def draft(api: Api, path: str = "/sales-invoices", **extra: object) -> dict[str, object]:
    response = api.post(
        path,
        role=Role.ACCOUNTANT,
        json={"customer_no": "10000", "posting_date": "2026-03-02", "lines": [LINE], **extra},
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_an_accountant_makes_a_draft_and_an_approver_posts_it(api: Api) -> None:
    made = draft(api)
    assert (made["posted"], made["amount"], made["vat_amount"]) == (False, "1000.00", "250.00")
    no = made["no"]
    more = api.post(
        f"/sales-invoices/{no}/lines",
        role=Role.ACCOUNTANT,
        json={"lines": [{**LINE, "quantity": "1", "unit_price": "100.50"}]},
    )
    assert more.json()["amount_including_vat"] == "1375.63"  # 1100.50 + 25 %
    assert len(api.get(f"/sales-invoices/{no}", role=Role.VIEWER).json()["lines"]) == 2
    assert [d["no"] for d in api.get("/sales-invoices", role=Role.VIEWER).json()] == [no]

    refused(api.post(f"/sales-invoices/{no}/post", role=Role.ACCOUNTANT), 403, "access_denied")
    posted = api.post(f"/sales-invoices/{no}/post", role=Role.APPROVER)
    assert posted.status_code == 200, posted.text
    body = posted.json()
    assert body["posted"] and body["draft_no"] == no and body["customer_entry_no"]
    assert body["due_date"] == "2026-04-01"  # 30 days
    assert api.get("/sales-invoices").json() == []
    refused(api.get(f"/sales-invoices/{no}"), 404, "not_found")

    got = api.get(f"/posted-sales-invoices/{body['no']}", role=Role.VIEWER).json()
    assert got["amount_including_vat"] == "1375.63" and len(got["lines"]) == 2
    listed = api.get("/posted-sales-invoices", params={"customer_no": "10000"}).json()
    assert [d["no"] for d in listed] == [body["no"]]
    assert api.get("/customers/10000").json()["balance"] == "1375.63"


def test_posting_date_can_be_given_when_posting(api: Api) -> None:
    no = draft(api)["no"]
    posted = api.post(
        f"/sales-invoices/{no}/post", role=Role.APPROVER, json={"posting_date": "2026-03-05"}
    )
    assert posted.json()["posting_date"] == "2026-03-05"


def test_a_credit_memo_applied_to_an_invoice(api: Api) -> None:
    invoice = api.invoice("10000", "1000.00")
    made = draft(api, "/sales-credit-memos", applies_to_doc_no=invoice)
    assert made["document_type"] == "credit_memo"
    posted = api.post(f"/sales-credit-memos/{made['no']}/post", role=Role.APPROVER)
    assert posted.status_code == 200, posted.text
    memo = posted.json()["no"]
    assert api.get(f"/posted-sales-credit-memos/{memo}").json()["amount_including_vat"] == "1250.00"
    assert [d["no"] for d in api.get("/posted-sales-credit-memos").json()] == [memo]
    assert api.get("/customers/10000").json()["balance"] == "0.00"
    assert api.get("/sales-credit-memos").json() == []


def test_a_draft_can_be_deleted_by_an_accountant_not_a_viewer(api: Api) -> None:
    no = draft(api)["no"]
    refused(api.delete(f"/sales-invoices/{no}", role=Role.VIEWER), 403, "access_denied")
    assert api.delete(f"/sales-invoices/{no}", role=Role.ACCOUNTANT).status_code == 204
    refused(api.delete(f"/sales-invoices/{no}"), 404, "not_found")


def test_document_refusals(api: Api) -> None:
    refused(
        api.post("/sales-invoices", json={"customer_no": "99999", "lines": []}),
        404,
        "not_found",
        "99999",
    )
    bad_vat = api.post(
        "/sales-invoices", json={"customer_no": "10000", "lines": [{**LINE, "vat_code": "X"}]}
    )
    refused(bad_vat, 422, "validation_error", "VAT code")
    float_price = api.post(
        "/sales-invoices", json={"customer_no": "10000", "lines": [{**LINE, "unit_price": 9.99}]}
    )
    refused(float_price, 422, "request_validation", "unit_price")
    empty = api.post("/sales-invoices", json={"customer_no": "10000"}).json()["no"]
    refused(api.post(f"/sales-invoices/{empty}/post"), 422, "validation_error", "no lines")
    refused(api.get("/posted-sales-invoices/999999"), 404, "not_found")
    refused(
        api.post("/sales-invoices", role=Role.VIEWER, json={"customer_no": "10000"}),
        403,
        "access_denied",
    )
