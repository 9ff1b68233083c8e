"""Bank statements and bank account reconciliation through the API."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import httpx

from reskontro.domain.access import Role
from reskontro.services.posting import post_batch
from tests.api.conftest import Api, refused
from tests.unit.camt_generator import Ntry, Stmt, Tx, camt_bytes
from tests.web.test_statement_pages import L1, L2, L3, bank_entries, march_file, prepare

BASE = "/bank-accounts/BANK/statements"
ONE = BASE + "/1"


def upload(api: Api, data: bytes, role: Role = Role.ACCOUNTANT, **form: str) -> httpx.Response:
    return api.post(BASE, files={"file": ("mars.xml", data)}, data=form, role=role)


def test_import_match_transfer_post_and_undo(api: Api) -> None:
    prepare(api.engine, api.a)
    created = upload(api, march_file(), format="camt")
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["bank_account_no"] == "BANK"
    assert [(s["statement_no"], s["lines"]) for s in body["statements"]] == [(1, 3)]
    refused(upload(api, march_file()), 409, "import_refused")

    listed = api.get(BASE, role=Role.VIEWER).json()
    assert [(s["statement_no"], s["kind"], s["closing_balance"]) for s in listed] == [
        (1, "camt.053", "1605.00")
    ]
    view = api.get(ONE, role=Role.VIEWER).json()
    assert view["status"] == "open" and view["difference"] == "0.00"
    assert [line["amount"] for line in view["lines"]] == ["1250.00", "400.00", "-45.00"]

    auto = api.post(ONE + "/match-automatically", role=Role.ACCOUNTANT, json={"date_tolerance": 5})
    assert auto.status_code == 200, auto.text
    assert auto.json()["pairs"] == 2
    first = auto.json()["reconciliation"]["lines"][0]["entries"][0]
    assert "document no. CR000001 in the text" in first["explanation"]

    by_doc = bank_entries(api.engine, api.a)
    removed = api.delete(f"{ONE}/matches/{L2}", role=Role.ACCOUNTANT)
    assert removed.status_code == 200 and removed.json()["line_nos"] == [L2]
    refused(api.delete(f"{ONE}/matches/{L2}"), 422, "validation_error", "is not matched")
    wrong = {"line_nos": [L2], "entry_nos": [by_doc["CR000001"].entry_no]}
    refused(api.post(ONE + "/matches", json=wrong), 422, "validation_error")
    right = {"line_nos": [L2], "entry_nos": [by_doc["CR000002"].entry_no]}
    matched = api.post(ONE + "/matches", json=right, role=Role.ACCOUNTANT)
    assert matched.status_code == 201, matched.text
    assert matched.json()["lines"][1]["entries"][0]["match_kind"] == "manual"

    refused(api.post(ONE + "/post"), 422, "posting_error", "unmatched line")
    moved = api.post(f"{ONE}/lines/{L3}/transfer", json={"gl_account": "7770"})
    assert moved.status_code == 201, moved.text
    assert moved.json()["template"] == "GENERAL" and moved.json()["document_no"]
    refused(
        api.post(f"{ONE}/lines/{L1}/transfer", json={"gl_account": "7770"}),
        422,
        "validation_error",
    )
    post_batch(api.engine, api.a, "GENERAL", "DEFAULT")
    fee = next(e for e in bank_entries(api.engine, api.a).values() if e.amount == Decimal(-45))
    api.post(ONE + "/matches", json={"line_nos": [L3], "entry_nos": [fee.entry_no]})

    refused(api.post(ONE + "/post", role=Role.ACCOUNTANT), 403, "access_denied")
    posted = api.post(ONE + "/post", role=Role.APPROVER)
    assert posted.status_code == 200, posted.text
    assert posted.json()["status"] == "posted" and posted.json()["outstanding"] == []
    assert not any(e.open for e in bank_entries(api.engine, api.a).values())
    refused(api.post(ONE + "/match-automatically"), 409, "conflict", "undo it first")

    refused(api.post(ONE + "/undo", role=Role.ACCOUNTANT), 403, "access_denied")
    undone = api.post(ONE + "/undo", role=Role.APPROVER)
    assert undone.status_code == 200 and undone.json()["status"] == "open"
    assert all(e.open for e in bank_entries(api.engine, api.a).values())


def test_tokens_roles_and_companies(api: Api) -> None:
    prepare(api.engine, api.a)
    assert upload(api, march_file()).status_code == 201
    bare = api.client.get("/api/v1" + BASE)
    assert bare.status_code == 401 and bare.json()["error"]["type"] == "not_authenticated"
    refused(upload(api, march_file(), role=Role.VIEWER), 403, "access_denied")
    for path in ("/match-automatically", "/matches", f"/lines/{L3}/transfer"):
        refused(api.post(ONE + path, role=Role.VIEWER, json={}), 403, "access_denied")
    refused(api.delete(f"{ONE}/matches/{L1}", role=Role.VIEWER), 403, "access_denied")
    refused(api.get(ONE, company="b"), 404, "not_found")
    refused(api.get(BASE + "/9"), 404, "not_found")
    refused(api.get("/bank-accounts/NOBANK/statements/1"), 404, "not_found")
    assert api.get(BASE, company="b").json() == []


def test_bad_uploads_and_bodies(api: Api) -> None:
    prepare(api.engine, api.a)
    refused(upload(api, b"no statement here", format="camt"), 422, "format_error")
    refused(upload(api, march_file(), format="pdf"), 422, "request_validation")
    refused(api.post(BASE, data={}), 422, "request_validation")
    upload(api, march_file())
    refused(api.post(ONE + "/matches", json={"line_nos": "x"}), 422, "request_validation")
    refused(api.post(f"{ONE}/lines/{L3}/transfer", json={"gl_account": "0000"}), 404, "not_found")


def test_a_camt054_is_linked_and_the_lines_show_their_details(api: Api) -> None:
    prepare(api.engine, api.a)
    iban = "NO9386011117947"
    batch = Ntry(Decimal("300.00"), bank_reference="B-9", batch_count=2, additional="Sumpost")
    statement = camt_bytes(
        [Stmt(account=iban, opening=Decimal(0), closing=Decimal(300), entries=(batch,))]
    )
    # the notification first: kept until its statement line comes
    payments = (Tx(amount=Decimal("100.00"), name="Kari"), Tx(amount=Decimal("200.00"), name="Ola"))
    notification = camt_bytes(
        [Stmt(id="N-9", account=iban, entries=(replace(batch, transactions=payments),))],
        kind="054",
    )
    kept = upload(api, notification)
    assert kept.status_code == 201, kept.text
    assert (kept.json()["statements"], kept.json()["linked"], kept.json()["waiting"]) == ([], [], 1)
    created = upload(api, statement)
    assert created.status_code == 201, created.text
    (link,) = created.json()["linked"]
    assert (link["line_no"], link["detail_kind"], link["amount"], link["details"]) == (
        10000,
        "camt.054",
        "300.00",
        2,
    )
    assert created.json()["waiting"] == 0
    lines = api.get(ONE + "/lines", role=Role.VIEWER)
    assert lines.status_code == 200, lines.text
    (line,) = lines.json()
    assert (line["detail_kind"], line["detail_import_no"]) == ("camt.054", kept.json()["import_no"])
    assert [(d["amount"], d["counterparty_name"]) for d in line["details"]] == [
        ("100.00", "Kari"),
        ("200.00", "Ola"),
    ]
    refused(api.get(BASE + "/9/lines", role=Role.VIEWER), 404, "not_found")


def test_a_csv_upload_with_a_bank_profile(api: Api) -> None:
    prepare(api.engine, api.a)
    export = (
        b"Dato;Beskrivelse;Rentedato;Inn;Ut;Til konto;Fra konto;\n"
        b'"05.02.2025";"Innbetaling";;"100,00";;"11122333444";"55566777888";\n'
    )
    refused(upload(api, export, format="csv", profile="no-bank"), 422, "validation_error")
    created = upload(api, export, format="csv", profile="sparebank1")
    assert created.status_code == 201, created.text
    assert [s["lines"] for s in created.json()["statements"]] == [1]
    listed = api.get(BASE, role=Role.VIEWER).json()
    assert [(s["kind"], s["status"], s["superseded_by"]) for s in listed] == [("csv", "", None)]
