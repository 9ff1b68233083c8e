"""Nets OCR giro payments: upload a file into the OCR journal; read and change the OCR set-up.

Uploading needs an accountant (the lines are checked and posted with the journal endpoints);
changing the set-up an admin.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, UploadFile, status

from reskontro.interfaces.api.deps import Admin, EngineDep, Enterer, Reader
from reskontro.interfaces.api.errors import ERROR_RESPONSES, ApiRoute
from reskontro.interfaces.api.types import Model, Money, build
from reskontro.services import ocr

router = APIRouter(route_class=ApiRoute, responses=ERROR_RESPONSES, tags=["ocr"])


class OcrImport(Model):
    import_no: int
    file_name: str
    template: str
    batch: str
    lines: int
    payments: int
    warnings: list[str]
    file_warnings: list[str]


class OcrSetup(Model):
    bank_account_no: str
    agreement_id: str
    journal_template: str
    journal_batch: str
    max_divergence: Money
    divergence_account: str
    unknown_kid: Literal["leave", "suspense"]
    suspense_customer_no: str
    stored: bool


class OcrSetupChange(Model):
    """Only the fields sent are changed."""

    agreement_id: str | None = None
    journal_template: str | None = None
    journal_batch: str | None = None
    max_divergence: Money | None = None
    divergence_account: str | None = None
    unknown_kid: Literal["leave", "suspense"] | None = None
    suspense_customer_no: str | None = None


@router.post("/ocr-imports", status_code=status.HTTP_201_CREATED)
def import_file(
    engine: EngineDep,
    who: Enterer,
    file: Annotated[UploadFile, File(description="The Nets OCR giro file.")],
    bank_account: Annotated[str | None, Form()] = None,
    template: Annotated[str | None, Form()] = None,
    batch: Annotated[str | None, Form()] = None,
) -> OcrImport:
    """Make journal lines of an OCR giro file (409 when the file or its payments were imported
    before, or the file cannot be read)."""
    result = ocr.import_ocr(
        engine,
        who.company_id,
        file.file.read(),
        file.filename or "ocr.txt",
        bank_account_no=bank_account or None,
        template=template or None,
        batch=batch or None,
        user=who.username,
    )
    return build(OcrImport, result)


@router.get("/bank-accounts/{no}/ocr-setup")
def get_setup(engine: EngineDep, who: Reader, no: str) -> OcrSetup:
    return build(OcrSetup, ocr.get_ocr_setup(engine, who.company_id, no))


@router.patch("/bank-accounts/{no}/ocr-setup")
def change_setup(engine: EngineDep, who: Admin, no: str, body: OcrSetupChange) -> OcrSetup:
    changed = ocr.update_ocr_setup(
        engine, who.company_id, no, **body.model_dump(exclude_unset=True), user=who.username
    )
    return build(OcrSetup, changed)
