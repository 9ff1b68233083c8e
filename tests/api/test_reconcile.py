"""The payment reconciliation journal through the API: apply automatically, review, post with
the bank account reconciled, mappings and rules; and who may do which."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reskontro.domain.access import Role
from reskontro.domain.matching.rules import DEFAULT_RULES
from reskontro.services.masterdata import update_bank_account
from reskontro.services.reports import customer_ledger
from reskontro.services.statements import import_statements
from tests.api.conftest import Api, refused
from tests.unit.camt_generator import Ntry, Stmt, Tx, camt_bytes

D = Decimal
DEFAULTS = len(DEFAULT_RULES)
IBAN = "NO9386011117947"
ONE = "/bank-accounts/BANK/statements/1/payment-reconciliation"
SETUP = "/payment-reconciliation"
L1, L2, L3 = 10000, 20000, 30000


def ntry(amount: str, name: str | None, text: str) -> Ntry:
    day = date(2026, 3, 10)
    return Ntry(
        abs(Decimal(amount)),
        credit=Decimal(amount) > 0,
        booking_date=day,
        value_date=day,
        transactions=(Tx(name=name, unstructured=(text,)),),
    )


@pytest.fixture
def statement(api: Api) -> tuple[str, str]:
    """Two invoices and a statement paying them, with a fee line; the invoices' nos."""
    update_bank_account(api.engine, api.a, "BANK", {"iban": IBAN})
    first, second = api.invoice("10000", "1000.00"), api.invoice("20000", "400.00")
    lines = (
        ntry("1250.00", "Fjord Fisk AS", f"Faktura {first}"),
        ntry("500.00", "Nordlys Bygg AS", f"Faktura {second}"),
        ntry("-45.00", None, "Gebyr mars"),
    )
    data = camt_bytes(
        [
            Stmt(
                id="MARS",
                account=IBAN,
                opening=Decimal("0.00"),
                closing=Decimal("1705.00"),
                entries=lines,
            )
        ]
    )
    import_statements(api.engine, api.a, data, "mars.xml", bank_account_no="BANK")
    return first, second


def test_apply_review_and_post_with_reconcile(api: Api, statement: tuple[str, str]) -> None:
    first, _ = statement
    refused(api.post(ONE + "/apply-automatically", role=Role.VIEWER), 403, "access_denied")
    applied = api.post(ONE + "/apply-automatically", role=Role.ACCOUNTANT, json={})
    assert applied.status_code == 200, applied.text
    assert applied.json() == {
        "lines": 3,
        "applied": 2,
        "high": 2,
        "medium": 0,
        "low": 0,
        "not_applied": 1,
    }
    view = api.get(ONE, role=Role.VIEWER).json()
    assert view["status"] == "open" and view["total_lines"] == "1705.00"
    assert view["counts"]["not_applied"] == 1
    line = view["lines"][0]
    assert line["applied"][0]["document_no"] == first
    assert line["applied"][0]["amount"] == "1250.00" and line["confidence"] == "high"
    only = api.get(ONE, role=Role.VIEWER, params={"filter": "difference"}).json()
    assert [x["line_no"] for x in only["lines"]] == [L3]

    refused(api.post(ONE + "/post", role=Role.APPROVER), 422, "posting_error", "not posted")
    accounts = api.get(
        f"{ONE}/lines/{L3}/candidates",
        role=Role.VIEWER,
        params={"account_type": "gl", "search": "kortgebyr"},
    ).json()
    assert [(c["account_no"], c["suggested_amount"]) for c in accounts] == [("7770", "-45.00")]
    body = {"account_type": "gl", "account_no": "7770"}
    refused(api.post(f"{ONE}/lines/{L3}/apply", json=body, role=Role.VIEWER), 403, "access_denied")
    fee = api.post(f"{ONE}/lines/{L3}/apply", json=body, role=Role.ACCOUNTANT)
    assert fee.status_code == 200, fee.text
    assert fee.json()["applied"][0]["status"] == "manual"
    assert fee.json()["difference"] == "0.00"
    learned = api.get(SETUP + "/mappings", role=Role.VIEWER).json()
    assert [(x["text"], x["credit_account_no"], x["learned"]) for x in learned] == [
        ("Gebyr mars", "7770", True)
    ]
    wrong = {"account_type": "customer", "account_no": "10000", "amount": 12.5}
    refused(api.post(f"{ONE}/lines/{L3}/apply", json=wrong), 422, "request_validation")

    refused(api.post(ONE + "/post", role=Role.ACCOUNTANT), 403, "access_denied")
    posted = api.post(ONE + "/post", role=Role.APPROVER, json={"reconcile": True})
    assert posted.status_code == 200, posted.text
    assert posted.json()["reconciled"] is True and posted.json()["lines_posted"] == 3
    assert posted.json()["balance"] == "1705.00"
    after = api.get(ONE, role=Role.VIEWER).json()
    assert after["status"] == "posted" and all(x["posted"] for x in after["lines"])
    rec = api.get("/bank-accounts/BANK/statements/1", role=Role.VIEWER).json()
    assert rec["status"] == "posted"
    refused(api.post(ONE + "/apply-automatically"), 409, "conflict", "is posted")


def test_remove_accept_and_transfer(api: Api, statement: tuple[str, str]) -> None:
    api.post(ONE + "/apply-automatically", role=Role.ACCOUNTANT)
    removed = api.post(f"{ONE}/lines/{L2}/remove", role=Role.ACCOUNTANT)
    assert removed.status_code == 200, removed.text
    refused(api.post(f"{ONE}/lines/{L2}/remove"), 422, "validation_error", "not applied")
    moved = api.post(
        f"{ONE}/lines/{L2}/transfer",
        json={"account_type": "customer", "account_no": "20000"},
        role=Role.ACCOUNTANT,
    )
    assert moved.status_code == 200, moved.text
    assert [(a["account_no"], a["entry_no"], a["amount"]) for a in moved.json()["applied"]] == [
        ("20000", None, "500.00")
    ]
    accepted = api.post(ONE + "/accept", json={"line_nos": [L1]}, role=Role.ACCOUNTANT)
    assert accepted.json() == {"accepted": 1}
    assert api.get(ONE).json()["lines"][0]["status"] == "accepted"
    refused(api.post(ONE + "/accept", json={"line_nos": [L3]}), 422, "validation_error")
    refused(api.get("/bank-accounts/BANK/statements/9/payment-reconciliation"), 404, "not_found")
    # Company B sees nothing of company A's statement.
    refused(api.get(ONE, company="b"), 404, "not_found")


def test_mappings_rules_and_tolerance(api: Api) -> None:
    new = {"text": "Renter", "account_type": "gl", "debit_account_no": "8050"}
    refused(api.post(SETUP + "/mappings", json=new, role=Role.VIEWER), 403, "access_denied")
    added = api.post(SETUP + "/mappings", json=new, role=Role.ACCOUNTANT)
    assert added.status_code == 201 and added.json() == {"mapping_no": 1}
    refused(
        api.post(SETUP + "/mappings", json={"text": "x", "account_type": "gl"}),
        422,
        "validation_error",
    )
    assert api.delete(SETUP + "/mappings/1", role=Role.ACCOUNTANT).status_code == 200
    refused(api.delete(SETUP + "/mappings/1"), 404, "not_found")

    rules = api.get(SETUP + "/rules", role=Role.VIEWER).json()
    assert len(rules) == DEFAULTS and rules[0]["description"].startswith("high 0")
    change = {"party": "partially", "document": "no", "amount": "one", "review_required": True}
    refused(api.put(SETUP + "/rules/low/6", json=change, role=Role.APPROVER), 403, "access_denied")
    saved = api.put(SETUP + "/rules/low/6", json=change, role=Role.ADMIN)
    assert saved.status_code == 200 and len(saved.json()) == DEFAULTS + 1
    assert saved.json()[-1]["score"] == 1994
    assert len(api.delete(SETUP + "/rules/low/6").json()) == DEFAULTS
    assert len(api.post(SETUP + "/rules/reset").json()) == DEFAULTS

    tolerance = api.put("/bank-accounts/BANK/match-tolerance", json={"tolerance": "1.5%"})
    assert tolerance.json() == {"tolerance": "1.5%"}
    refused(
        api.put("/bank-accounts/BANK/match-tolerance", json={"tolerance": "-3"}),
        422,
        "validation_error",
    )


def test_a_batch_line_is_applied_payment_by_payment(api: Api) -> None:
    update_bank_account(api.engine, api.a, "BANK", {"iban": IBAN})
    payers = {"10000": "Fjord Fisk AS", "20000": "Nordlys Bygg AS"}
    invoices = [("10000", api.invoice("10000", "1000.00"), "1250.00")]
    invoices.append(("20000", api.invoice("20000", "400.00"), "500.00"))
    invoices.append(("10000", api.invoice("10000", "200.00"), "250.00"))
    day = date(2026, 3, 10)
    payments = tuple(
        Tx(amount=Decimal(amount), name=payers[customer], unstructured=(f"Faktura {no}",))
        for customer, no, amount in invoices
    )
    lump = Ntry(
        Decimal("2000.00"), booking_date=day, value_date=day, batch_count=3,
        transactions=payments,
    )  # fmt: skip
    statement = Stmt(
        id="MARS", account=IBAN, opening=Decimal(0), closing=Decimal("2000.00"), entries=(lump,)
    )
    import_statements(api.engine, api.a, camt_bytes([statement]), "m.xml", bank_account_no="BANK")

    applied = api.post(ONE + "/apply-automatically", role=Role.ACCOUNTANT)
    assert (applied.json()["lines"], applied.json()["applied"]) == (3, 3)
    view = api.get(ONE, role=Role.VIEWER).json()
    assert [(x["line_no"], x["detail_no"]) for x in view["lines"]] == [
        (L1, 0),
        (L1, 1),
        (L1, 2),
        (L1, 3),
    ]
    assert view["lines"][0]["details"] == 3 and view["counts"]["details"] == 3
    assert [x["applied"][0]["document_no"] for x in view["lines"][1:]] == [
        no for _, no, _ in invoices
    ]

    detail = f"{ONE}/lines/{L1}/details/3"
    assert api.post(detail + "/remove", role=Role.ACCOUNTANT).status_code == 200
    found = api.get(detail + "/candidates", role=Role.VIEWER).json()
    assert found[0]["document_no"] == invoices[2][1]
    body = {"account_type": "customer", "account_no": "10000", "entry_no": found[0]["entry_no"]}
    again = api.post(detail + "/apply", json=body, role=Role.ACCOUNTANT)
    assert again.status_code == 200, again.text
    assert (again.json()["detail_no"], again.json()["status"]) == (3, "manual")
    accepted = api.post(
        ONE + "/accept", json={"details": [{"line_no": L1, "detail_no": 1}]}, role=Role.ACCOUNTANT
    )
    assert accepted.json() == {"accepted": 1}
    # The line itself has nothing of its own to apply: its payments add up to it.
    refused(
        api.post(f"{ONE}/lines/{L1}/apply", json=body, role=Role.ACCOUNTANT),
        422,
        "validation_error",
        "apply them one by one",
    )
    refused(api.post(f"{ONE}/lines/{L1}/details/7/remove"), 404, "not_found")

    posted = api.post(ONE + "/post", role=Role.APPROVER, json={"reconcile": True})
    assert posted.status_code == 200, posted.text
    assert (posted.json()["lines_posted"], posted.json()["balance"]) == (1, "2000.00")
    # Each invoice is closed by a payment of its own, all in the one bank ledger entry.
    assert customer_ledger(api.engine, api.a, open_only=True) == []
    paid = [e for e in customer_ledger(api.engine, api.a) if e.document_no == f"BANK-1-{L1}"]
    assert sorted(e.amount for e in paid) == [D("-1250.00"), D("-500.00"), D("-250.00")]
