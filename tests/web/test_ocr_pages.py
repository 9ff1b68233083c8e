"""The OCR pages: the set-up of a bank account, the upload, its warnings, the test report."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.integration.test_ocr_import import ocr_file
from tests.web.conftest import Books, Browser


def kid_of(books: Books, document_no: str) -> str:
    with UnitOfWork(books.engine) as uow:
        return uow.session.scalars(
            select(m.CustomerLedgerEntryRow.payment_reference).where(
                m.CustomerLedgerEntryRow.company_id == books.company_a,
                m.CustomerLedgerEntryRow.document_no == document_no,
            )
        ).one()


def test_setup_upload_warnings_and_test_report(books: Books, as_user: Any) -> None:
    anne: Browser = as_user("anne")
    page = anne.get("/ocr/setup/BANK")
    assert page.status_code == 200 and 'name="agreement_id"' in page.text
    saved = anne.post(
        "/ocr/setup/BANK",
        {
            "agreement_id": "001008566",
            "journal_template": "OCR",
            "journal_batch": "DEFAULT",
            "max_divergence": "0",
            "divergence_account": "",
            "unknown_kid": "leave",
            "suspense_customer_no": "",
        },
    )
    assert saved.status_code == 303, saved.text
    bad = anne.post("/ocr/setup/BANK", {"max_divergence": "abc", "unknown_kid": "leave"})
    assert bad.status_code == 422

    invoice = books.invoice()
    data = ocr_file([(kid_of(books, invoice), "1000.00"), ("12345674", "10.00")])
    ola: Browser = as_user("ola")
    assert "multipart/form-data" in ola.get("/ocr/import").text
    form = {"csrf_token": ola.csrf}
    done = ola.client.post("/ocr/import", data=form, files={"file": ("OCR.txt", data)})
    assert done.status_code == 200, done.text
    assert 'id="ocr-result"' in done.text and "2 payments became 3 lines" in done.text
    assert "but the remaining amount" in done.text and "12345674" in done.text
    again = ola.client.post("/ocr/import", data=form, files={"file": ("OCR.txt", data)})
    assert again.status_code == 409 and "imported before" in again.text
    report = ola.get("/journals/OCR/DEFAULT/test?only=1")
    assert report.status_code == 200 and "has no account" in report.text


def test_a_viewer_may_not_upload_nor_change_the_setup(as_user: Any) -> None:
    vera: Browser = as_user("vera")
    assert vera.get("/ocr/import").status_code == 200
    form = {"csrf_token": vera.csrf}
    refused = vera.client.post("/ocr/import", data=form, files={"file": ("x.txt", b"x")})
    assert refused.status_code == 403
    assert vera.post("/ocr/setup/BANK", {"agreement_id": ""}).status_code == 403
    assert vera.get("/ocr/setup/NOBANK").status_code == 404
