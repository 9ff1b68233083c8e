"""``POST /ocr-imports`` and the OCR set-up of a bank account through the API."""

from __future__ import annotations

from sqlalchemy import select

from reskontro.domain.access import Role
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork
from tests.api.conftest import Api, refused
from tests.integration.test_ocr_import import ocr_file


def kid_of(api: Api, document_no: str) -> str:
    with UnitOfWork(api.engine) as uow:
        return uow.session.scalars(
            select(m.CustomerLedgerEntryRow.payment_reference).where(
                m.CustomerLedgerEntryRow.company_id == api.a,
                m.CustomerLedgerEntryRow.document_no == document_no,
            )
        ).one()


def test_setup_then_upload_then_post(api: Api) -> None:
    shown = api.get("/bank-accounts/BANK/ocr-setup", role=Role.VIEWER).json()
    assert shown["stored"] is False and shown["journal_template"] == "OCR"
    refused(
        api.patch("/bank-accounts/BANK/ocr-setup", json={}, role=Role.ACCOUNTANT),
        403,
        "access_denied",
    )
    changed = api.patch(
        "/bank-accounts/BANK/ocr-setup",
        json={"agreement_id": "001008566", "max_divergence": "1.00", "divergence_account": "7740"},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["max_divergence"] == "1.00" and changed.json()["stored"] is True

    invoice = api.invoice()
    data = ocr_file([(kid_of(api, invoice), "1249.50")])
    files = {"file": ("OCR.txt", data, "text/plain")}
    created = api.post("/ocr-imports", files=files, role=Role.ACCOUNTANT)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["template"], body["batch"], body["payments"], body["lines"]) == (
        "OCR",
        "DEFAULT",
        1,
        3,
    )
    assert "max divergence" in body["warnings"][0]
    again = api.post("/ocr-imports", files=files, role=Role.ACCOUNTANT)
    refused(again, 409, "import_refused")
    posted = api.post("/journal-templates/OCR/batches/DEFAULT/post")
    assert posted.status_code == 200, posted.text
    assert posted.json()["bank_entries"] == 1


def test_upload_needs_an_accountant_and_a_readable_file(api: Api) -> None:
    files = {"file": ("x.txt", b"not an OCR file\n", "text/plain")}
    refused(api.post("/ocr-imports", files=files, role=Role.VIEWER), 403, "access_denied")
    api.patch("/bank-accounts/BANK/ocr-setup", json={"agreement_id": "001008566"})
    refused(api.post("/ocr-imports", files=files), 409, "import_refused")
