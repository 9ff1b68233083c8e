"""A batch line's details on the statement page: the payments a camt.054 itemises it with."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from reskontro.services.masterdata import update_bank_account
from tests.integration.test_bankrec import IBAN
from tests.unit.camt_generator import Ntry, Ref, Stmt, Tx, camt_bytes
from tests.web.conftest import Books, Browser
from tests.web.test_statement_pages import upload


def test_a_linked_batch_line_shows_its_payments(books: Books, as_user: Any) -> None:
    update_bank_account(books.engine, books.company_a, "BANK", {"iban": IBAN})
    batch = Ntry(Decimal("300.00"), bank_reference="B-7", batch_count=2, additional="Sumpost")
    statement = Stmt(account=IBAN, opening=Decimal(0), closing=Decimal(300), entries=(batch,))
    payments = (
        Tx(amount=Decimal("100.00"), name="Kari Nordmann", references=(Ref("0012345678904"),)),
        Tx(amount=Decimal("200.00"), name="Ola Hansen"),
    )
    notification = Stmt(id="N-7", account=IBAN, entries=(replace(batch, transactions=payments),))
    ola: Browser = as_user("ola")
    assert upload(ola, camt_bytes([statement]), format="camt").status_code == 303
    page = ola.get("/statements/BANK/1")
    assert page.status_code == 200 and 'class="line-details"' not in page.text
    assert upload(ola, camt_bytes([notification], kind="054")).status_code == 303
    page = ola.get("/statements/BANK/1")
    assert 'data-detail-kind="camt.054"' in page.text
    assert "Kari Nordmann" in page.text and "0012345678904" in page.text
    assert "Ola Hansen" in page.text and "200.00" in page.text
