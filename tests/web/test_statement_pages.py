"""The bank statement pages: upload, the reconciliation page and every change on it, roles,
CSRF and refusals shown on the page."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine, select

from reskontro.domain.enums import AccountType, DocumentType
from reskontro.services.journals import JournalLineInput, add_line
from reskontro.services.masterdata import update_bank_account
from reskontro.services.posting import post_batch
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.integration.test_bankrec import IBAN, ntry, stmt
from tests.unit.camt_generator import camt_bytes
from tests.web.conftest import Books, Browser

L1, L2, L3 = 10000, 20000, 30000  # the statement's line nos.
MARCH = date(2026, 3, 2)


def receive(engine: Engine, company_id: int, amount: str, day: date, document_no: str) -> None:
    """Post a payment of customer 10000 into bank account BANK (cash receipt journal)."""
    add_line(
        engine,
        company_id,
        "CASH",
        "DEFAULT",
        JournalLineInput(
            account_type=AccountType.CUSTOMER,
            account_no="10000",
            amount=-Decimal(amount),
            posting_date=day,
            document_type=DocumentType.PAYMENT,
            document_no=document_no,
        ),
    )
    post_batch(engine, company_id, "CASH", "DEFAULT")


def prepare(engine: Engine, company_id: int) -> None:
    """Bank account BANK with its IBAN and two payments posted to it."""
    update_bank_account(engine, company_id, "BANK", {"iban": IBAN})
    receive(engine, company_id, "1250.00", MARCH, "CR000001")
    receive(engine, company_id, "400.00", date(2026, 3, 3), "CR000002")


def march_file() -> bytes:
    """A camt.053 whose first two lines are the payments of :func:`prepare`; the third a fee."""
    lines = (
        ntry("1250.00", date(2026, 3, 4), "Innbetaling CR000001", "B1"),
        ntry("400.00", date(2026, 3, 3), "Nordlys Bygg", "B2"),
        ntry("-45.00", date(2026, 3, 5), "Gebyr mars", "B3"),
    )
    return camt_bytes([stmt(lines, sid="MARS", seq="1")])


def bank_entries(engine: Engine, company_id: int) -> dict[str, m.BankLedgerEntryRow]:
    with UnitOfWork(engine) as uow:
        rows = uow.session.scalars(
            select(m.BankLedgerEntryRow).where(m.BankLedgerEntryRow.company_id == company_id)
        ).all()
        for row in rows:
            uow.session.expunge(row)
    return {row.document_no: row for row in rows}


def upload(browser: Browser, data: bytes, **form: str) -> Any:
    fields = {"csrf_token": browser.csrf, "bank_account": "BANK", **form}
    return browser.client.post("/statements", data=fields, files={"file": ("mars.xml", data)})


def test_upload_match_change_transfer_post_and_undo(books: Books, as_user: Any) -> None:
    engine, cid = books.engine, books.company_a
    prepare(engine, cid)
    ola: Browser = as_user("ola")
    listing = ola.get("/statements")
    assert listing.status_code == 200 and "multipart/form-data" in listing.text
    assert 'href="/statements"' in listing.text  # the main navigation

    done = upload(ola, march_file(), format="camt")
    assert done.status_code == 303, done.text
    assert done.headers["location"].startswith("/statements/BANK/1?done=done.statement_imported")
    page = ola.get(done.headers["location"])
    assert page.status_code == 200 and "Statement file imported" in page.text
    assert "Gebyr mars" in page.text and 'id="match-automatically"' in page.text
    assert 'id="post-rec"' not in page.text  # an accountant does not post
    assert 'data-statement="BANK/1"' in ola.get("/statements?bank=BANK").text

    base = "/statements/BANK/1"
    assert ola.post(base + "/match-automatically").status_code == 303
    page = ola.get(base)
    assert "document no. CR000001 in the text" in page.text
    assert re.search(r'data-line="30000" class="unmatched"', page.text)

    by_doc = bank_entries(engine, cid)
    assert ola.post(base + "/unmatch", {"line": str(L2)}).status_code == 303
    none_chosen = ola.post(base + "/match", {"line": str(L2)})
    assert none_chosen.status_code == 422 and "Tick at least one" in none_chosen.text
    wrong = ola.post(base + "/match", {"line": str(L2), "entry": str(by_doc["CR000001"].entry_no)})
    assert wrong.status_code == 422 and 'role="alert"' in wrong.text
    manual = ola.client.post(
        base + "/match",
        data={
            "csrf_token": ola.csrf,
            "line": [str(L2)],
            "entry": [str(by_doc["CR000002"].entry_no)],
        },
    )
    assert manual.status_code == 303, manual.text
    assert "by hand" in ola.get(base).text

    moved = ola.post(base + "/transfer", {"line": str(L3), "gl_account": "7770"})
    assert moved.status_code == 303, moved.text
    assert "done.line_transferred" in moved.headers["location"]
    bad_account = ola.post(base + "/transfer", {"line": str(L3), "gl_account": ""})
    assert bad_account.status_code == 422
    post_batch(engine, cid, "GENERAL", "DEFAULT")
    fee = next(e for e in bank_entries(engine, cid).values() if e.amount == Decimal("-45.00"))
    assert (
        ola.post(base + "/match", {"line": str(L3), "entry": str(fee.entry_no)}).status_code == 303
    )
    assert ola.post(base + "/post").status_code == 403

    per: Browser = as_user("per")
    posted = per.post(base + "/post")
    assert posted.status_code == 303, posted.text
    page = per.get(posted.headers["location"])
    assert 'id="rec-status">Posted<' in page.text and 'id="undo-rec"' in page.text
    assert not any(e.open for e in bank_entries(engine, cid).values())
    refused = per.post(base + "/match-automatically")
    assert refused.status_code == 409 and "undo it first" in refused.text

    undone = per.post(base + "/undo")
    assert undone.status_code == 303
    assert 'id="rec-status">Open<' in per.get(base).text
    assert all(e.open for e in bank_entries(engine, cid).values())


def test_refusals_are_shown_on_the_page(books: Books, as_user: Any) -> None:
    prepare(books.engine, books.company_a)
    ola: Browser = as_user("ola")
    assert upload(ola, march_file()).status_code == 303
    again = upload(ola, march_file())
    assert again.status_code == 409 and 'role="alert"' in again.text
    no_file = ola.client.post("/statements", data={"csrf_token": ola.csrf, "bank_account": "BANK"})
    assert no_file.status_code == 422 and "Choose the statement file" in no_file.text
    unreadable = upload(ola, b"this is no statement", format="camt")
    assert unreadable.status_code == 422 and 'role="alert"' in unreadable.text
    assert ola.post("/statements/BANK/1/post").status_code == 403  # an approver's work
    assert ola.get("/statements/BANK/9").status_code == 404
    assert ola.get("/statements/NOBANK/1").status_code == 404


def test_login_role_and_csrf_are_checked(books: Books, as_user: Any, browser: Browser) -> None:
    prepare(books.engine, books.company_a)
    anonymous = browser.get("/statements")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert browser.client.post("/statements/BANK/1/post").status_code == 303

    vera: Browser = as_user("vera")
    assert vera.get("/statements").status_code == 200
    assert "multipart/form-data" not in vera.get("/statements").text
    assert upload(vera, march_file()).status_code == 403
    ola: Browser = as_user("ola")
    assert upload(ola, march_file()).status_code == 303
    page = vera.get("/statements/BANK/1")
    assert page.status_code == 200 and 'id="match-automatically"' not in page.text
    for action in ("match-automatically", "match", "unmatch", "transfer", "post", "undo"):
        assert vera.post(f"/statements/BANK/1/{action}").status_code == 403, action
    assert ola.post("/statements/BANK/1/match-automatically", csrf=None).status_code == 403
    assert ola.post("/statements/BANK/1/match-automatically", csrf="wrong").status_code == 403
    missing = ola.client.post(
        "/statements", data={"bank_account": "BANK"}, files={"file": ("x", b"")}
    )
    assert missing.status_code == 403
    per: Browser = as_user("per")
    assert per.post("/statements/BANK/1/undo").status_code == 422  # not posted: shown


def test_other_company_sees_nothing(books: Books, as_user: Any, app: FastAPI) -> None:
    prepare(books.engine, books.company_a)
    ola: Browser = as_user("ola")
    assert upload(ola, march_file()).status_code == 303
    bo = Browser(app)
    assert bo.login("bo").status_code == 303
    assert bo.get("/statements/BANK/1").status_code == 404
    assert 'data-statement="BANK/1"' not in bo.get("/statements").text
