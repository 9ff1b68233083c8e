"""Customer ledger entries over the API: filters, apply, unapply, applies-to ID, reverse."""

from __future__ import annotations

from reskontro.domain.access import Role
from reskontro.domain.enums import AccountType, DocumentType
from reskontro.services.journals import JournalLineInput, add_line
from reskontro.services.posting import post_batch
from tests.api.conftest import INVOICE_DATE, Api, refused

ENTRIES = "/customer-ledger-entries"


def unapplied_payment(api: Api, amount: str, day: str = "2026-03-10") -> int:
    """Post a payment from customer 10000 that is not applied to anything; its entry no."""
    from datetime import date
    from decimal import Decimal

    add_line(
        api.engine,
        api.a,
        "CASH",
        "DEFAULT",
        JournalLineInput(
            account_type=AccountType.CUSTOMER,
            account_no="10000",
            amount=-Decimal(amount),
            posting_date=date.fromisoformat(day),
            document_type=DocumentType.PAYMENT,
        ),
    )
    post_batch(api.engine, api.a, "CASH", "DEFAULT")
    lines = api.get(ENTRIES, params={"customer_no": "10000"}).json()
    return int(lines[-1]["entry_no"])


def test_entries_filter_by_customer_open_and_dates(api: Api) -> None:
    first = api.invoice("10000", "100.00")
    second = api.invoice("20000", "200.00")
    unapplied_payment(api, "125.00", "2026-03-20")
    everything = api.get(ENTRIES, role=Role.VIEWER).json()
    assert [e["document_no"] for e in everything][:2] == [first, second]
    assert everything[0]["amount"] == "125.00"
    only = api.get(ENTRIES, params={"customer_no": "20000"}).json()
    assert [e["document_no"] for e in only] == [second]
    late = api.get(ENTRIES, params={"date_from": "2026-03-15"}).json()
    assert [e["document_type"] for e in late] == ["payment"]
    early = api.get(ENTRIES, params={"date_to": INVOICE_DATE.isoformat(), "limit": 1}).json()
    assert [e["document_no"] for e in early] == [first]
    paged = api.get(ENTRIES, params={"date_to": "2026-12-31", "offset": 2}).json()
    assert [e["document_type"] for e in paged] == ["payment"]
    assert len(api.get(ENTRIES, params={"open": "true"}).json()) == 3
    wrong = api.get(ENTRIES, params={"date_from": "2026-04-01", "date_to": "2026-03-01"})
    refused(wrong, 422, "validation_error", "after")


def test_apply_then_unapply(api: Api) -> None:
    invoice = api.entry_no(api.invoice("10000", "1000.00"))
    pay = unapplied_payment(api, "1250.00")
    body = {"targets": [{"entry_no": invoice}]}
    refused(api.post(f"{ENTRIES}/{pay}/apply", role=Role.VIEWER, json=body), 403, "access_denied")
    applied = api.post(f"{ENTRIES}/{pay}/apply", role=Role.ACCOUNTANT, json=body)
    assert applied.status_code == 200, applied.text
    result = applied.json()
    assert result["transaction_no"] and {e["open"] for e in result["entries"]} == {False}
    assert api.get(ENTRIES, params={"open": "true"}).json() == []

    refused(api.post(f"{ENTRIES}/{pay}/unapply", role=Role.ACCOUNTANT), 403, "access_denied")
    undone = api.post(f"{ENTRIES}/{pay}/unapply", role=Role.APPROVER)
    assert undone.status_code == 200, undone.text
    reopened = api.get(ENTRIES, params={"open": "true"}).json()
    assert {e["remaining_amount"] for e in reopened} == {"1250.00", "-1250.00"}
    again = api.post(f"{ENTRIES}/{pay}/unapply", role=Role.APPROVER, json={})
    refused(again, 422, "application_error", "no application")


def test_apply_part_of_an_entry(api: Api) -> None:
    invoice = api.entry_no(api.invoice("10000", "1000.00"))
    pay = unapplied_payment(api, "1250.00")
    body = {"targets": [{"entry_no": invoice, "amount_to_apply": "500.00"}]}
    applied = api.post(f"{ENTRIES}/{pay}/apply", json=body)
    assert applied.status_code == 200, applied.text
    remaining = {e["entry_no"]: e["remaining_amount"] for e in applied.json()["entries"]}
    assert remaining == {invoice: "750.00", pay: "-750.00"}


def test_apply_refusals(api: Api) -> None:
    invoice = api.entry_no(api.invoice("10000", "1000.00"))
    refused(
        api.post(f"{ENTRIES}/999/apply", json={"targets": [{"entry_no": invoice}]}),
        404,
        "not_found",
    )
    refused(
        api.post(f"{ENTRIES}/{invoice}/apply", json={"targets": [{"entry_no": "x"}]}),
        422,
        "request_validation",
    )


def test_set_applies_to_id(api: Api) -> None:
    invoice = api.entry_no(api.invoice("10000", "1000.00"))
    body = {
        "applies_to_id": "PAY-1",
        "targets": [{"entry_no": invoice, "amount_to_apply": "100.00"}],
    }
    refused(api.post(f"{ENTRIES}/applies-to-id", role=Role.VIEWER, json=body), 403, "access_denied")
    marked = api.post(f"{ENTRIES}/applies-to-id", role=Role.ACCOUNTANT, json=body)
    assert marked.status_code == 200, marked.text
    assert [(e["applies_to_id"], e["amount_to_apply"]) for e in marked.json()] == [
        ("PAY-1", "100.00")
    ]
    too_much = {
        "applies_to_id": "PAY-1",
        "targets": [{"entry_no": invoice, "amount_to_apply": "9999.00"}],
    }
    refused(api.post(f"{ENTRIES}/applies-to-id", json=too_much), 422, "application_error")


def test_reverse_a_transaction(api: Api) -> None:
    pay = unapplied_payment(api, "300.00")
    transaction = api.get(f"{ENTRIES}/{pay}/transaction", role=Role.VIEWER).json()
    assert transaction["entry_no"] == pay
    number = transaction["transaction_no"]
    refused(api.post(f"/transactions/{number}/reverse", role=Role.ACCOUNTANT), 403, "access_denied")
    reversed_ = api.post(f"/transactions/{number}/reverse", role=Role.APPROVER)
    assert reversed_.status_code == 200, reversed_.text
    assert reversed_.json()["transaction_no"] != number
    assert api.get("/customers/10000").json()["balance"] == "0.00"
    refused(api.post("/transactions/9999/reverse"), 404, "not_found")
    refused(api.get(f"{ENTRIES}/9999/transaction"), 404, "not_found")
