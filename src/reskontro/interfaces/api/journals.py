"""Journals: templates, batches, lines (add, change, delete), the test report, posting.

Reading needs any role; entering lines, creating batches and the test report an accountant;
posting an approver.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Response, status

from reskontro.domain.enums import AccountType, DocumentType, JournalTemplateType
from reskontro.interfaces.api.deps import Approver, EngineDep, Enterer, Limit, Offset, Reader
from reskontro.interfaces.api.errors import ERROR_RESPONSES, ApiRoute
from reskontro.interfaces.api.types import Model, Money, Number, build
from reskontro.services import journals, posting
from reskontro.services.journals import JournalLineInput

router = APIRouter(route_class=ApiRoute, responses=ERROR_RESPONSES, tags=["journals"])

BATCH = "/journal-templates/{template}/batches/{batch}"


class JournalTemplate(Model):
    name: str
    description: str
    type: JournalTemplateType
    force_doc_balance: bool
    bal_account_type: AccountType
    bal_account_no: str
    number_series: str


class JournalBatch(Model):
    template: str
    name: str
    description: str
    bal_account_type: AccountType
    bal_account_no: str
    number_series: str
    lines: int
    balance: Money


class NewJournalBatch(Model):
    name: str
    description: str = ""


class LineFields(Model):
    posting_date: date | None = None
    document_type: DocumentType = DocumentType.NONE
    document_no: str = ""
    description: str = ""
    currency: str = ""
    amount_lcy: Money | None = None
    external_document_no: str = ""
    payment_reference: str = ""
    applies_to_doc_type: DocumentType = DocumentType.NONE
    applies_to_doc_no: str = ""
    applies_to_id: str = ""
    document_date: date | None = None
    due_date: date | None = None
    pmt_discount_date: date | None = None
    pmt_discount_pct: Number | None = None


class NewJournalLine(LineFields):
    """A blank document no. takes the next from the batch's number series; leaving out the
    balancing account uses the batch's."""

    account_type: AccountType
    account_no: str
    amount: Money
    bal_account_type: AccountType | None = None
    bal_account_no: str | None = None


class JournalLineChanges(Model):
    """Only the fields sent are changed."""

    posting_date: date | None = None
    document_type: DocumentType | None = None
    document_no: str | None = None
    account_type: AccountType | None = None
    account_no: str | None = None
    amount: Money | None = None
    description: str | None = None
    bal_account_type: AccountType | None = None
    bal_account_no: str | None = None
    currency: str | None = None
    amount_lcy: Money | None = None
    external_document_no: str | None = None
    payment_reference: str | None = None
    applies_to_doc_type: DocumentType | None = None
    applies_to_doc_no: str | None = None
    applies_to_id: str | None = None
    document_date: date | None = None
    due_date: date | None = None
    pmt_discount_date: date | None = None
    pmt_discount_pct: Number | None = None


class JournalLine(LineFields):
    line_no: int
    account_type: AccountType
    account_no: str
    amount: Money
    bal_account_type: AccountType
    bal_account_no: str
    warnings: list[str]


class Problem(Model):
    line_no: int | None
    """None: the batch as a whole."""
    message: str


class BatchTestReport(Model):
    template: str
    batch: str
    lines: int
    ok: bool
    problems: list[Problem]
    warnings: list[Problem]


class PostingSummary(Model):
    register_no: int
    lines_posted: int
    gl_entries: int
    customer_entries: int
    vendor_entries: int
    bank_entries: int
    transactions: int


@router.get("/journal-templates")
def list_templates(engine: EngineDep, who: Reader) -> list[JournalTemplate]:
    return [build(JournalTemplate, t) for t in journals.list_templates(engine, who.company_id)]


@router.get("/journal-templates/{template}/batches")
def list_batches(engine: EngineDep, who: Reader, template: str) -> list[JournalBatch]:
    rows = journals.list_batches(engine, who.company_id, template)
    return [build(JournalBatch, b) for b in rows]


@router.post("/journal-templates/{template}/batches", status_code=status.HTTP_201_CREATED)
def create_batch(
    engine: EngineDep, who: Enterer, template: str, body: NewJournalBatch
) -> JournalBatch:
    created = journals.create_batch(engine, who.company_id, template, body.name, body.description)
    return build(JournalBatch, created)


@router.get(f"{BATCH}/lines")
def list_lines(
    engine: EngineDep,
    who: Reader,
    template: str,
    batch: str,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[JournalLine]:
    rows = journals.list_lines(engine, who.company_id, template, batch, limit=limit, offset=offset)
    return [build(JournalLine, r) for r in rows]


@router.post(f"{BATCH}/lines", status_code=status.HTTP_201_CREATED)
def add_line(
    engine: EngineDep, who: Enterer, template: str, batch: str, body: NewJournalLine
) -> JournalLine:
    values: dict[str, Any] = body.model_dump()
    if "bal_account_no" not in body.model_fields_set:
        # Not sent: the batch's balancing account. Sent (even blank): exactly that.
        values["bal_account_type"] = values["bal_account_no"] = None
    elif values["bal_account_no"] is None:
        values["bal_account_no"] = ""
    added = journals.add_line(
        engine, who.company_id, template, batch, JournalLineInput(**values), user=who.username
    )
    return build(JournalLine, added)


@router.patch(f"{BATCH}/lines/{{line_no}}")
def update_line(
    engine: EngineDep,
    who: Enterer,
    template: str,
    batch: str,
    line_no: int,
    body: JournalLineChanges,
) -> JournalLine:
    changes = body.model_dump(exclude_unset=True)
    changed = journals.update_line(
        engine, who.company_id, template, batch, line_no, changes, user=who.username
    )
    return build(JournalLine, changed)


@router.delete(f"{BATCH}/lines/{{line_no}}", status_code=status.HTTP_204_NO_CONTENT)
def delete_line(
    engine: EngineDep, who: Enterer, template: str, batch: str, line_no: int
) -> Response:
    journals.delete_line(engine, who.company_id, template, batch, line_no, user=who.username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(f"{BATCH}/test-report")
def batch_test_report(
    engine: EngineDep, who: Enterer, template: str, batch: str
) -> BatchTestReport:
    """NAV's General Journal – Test: every problem that would stop posting, and the warnings."""
    report = posting.batch_test_report(engine, who.company_id, template, batch)
    return build(BatchTestReport, report)


@router.post(f"{BATCH}/post")
def post_batch(engine: EngineDep, who: Approver, template: str, batch: str) -> PostingSummary:
    """Post every line of the batch in one transaction, or nothing (422 lists the problems)."""
    summary = posting.post_batch(engine, who.company_id, template, batch, user=who.username)
    return build(PostingSummary, summary)
