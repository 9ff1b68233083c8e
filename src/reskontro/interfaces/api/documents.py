"""Sales invoices and credit memos: drafts (create, add lines, delete, post) and posted ones.

NAV's pages give the paths: ``/sales-invoices`` are drafts, ``/posted-sales-invoices`` the
posted documents; the same for credit memos. Entering drafts needs an accountant; posting an
approver.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import Field

from reskontro.domain.enums import DocumentType
from reskontro.interfaces.api.deps import Approver, EngineDep, Enterer, Limit, Offset, Reader
from reskontro.interfaces.api.errors import ERROR_RESPONSES, ApiRoute
from reskontro.interfaces.api.types import Model, Money, Number, build
from reskontro.services import documents
from reskontro.services.documents import SalesDocumentInput, SalesLineInput

router = APIRouter(route_class=ApiRoute, responses=ERROR_RESPONSES)

Customer = Annotated[str | None, Query(description="Only this customer's documents")]


class NewSalesLine(Model):
    description: str = ""
    quantity: Number
    unit_price: Number
    vat_code: str
    gl_account: str = ""
    """Blank: the VAT code's sales account."""

    def as_input(self) -> SalesLineInput:
        return SalesLineInput(
            self.description, self.quantity, self.unit_price, self.vat_code, self.gl_account
        )


class NewSalesDocument(Model):
    customer_no: str
    lines: list[NewSalesLine] = Field(default_factory=list)
    posting_date: date | None = None
    document_date: date | None = None
    due_date: date | None = None
    external_document_no: str = ""
    your_reference: str = ""
    applies_to_doc_no: str = ""
    """For a credit memo: the posted invoice it corrects."""


class NewSalesLines(Model):
    lines: list[NewSalesLine]


class PostRequest(Model):
    posting_date: date | None = None
    """Blank: the draft's posting date, else today."""


class SalesLine(Model):
    line_no: int
    gl_account: str
    description: str
    quantity: Number
    unit_price: Number
    vat_code: str
    line_amount: Money


class SalesDocument(Model):
    document_type: DocumentType
    no: str
    posted: bool
    customer_no: str
    customer_name: str
    posting_date: date | None
    document_date: date | None
    due_date: date | None
    currency: str
    external_document_no: str
    your_reference: str
    applies_to_doc_no: str
    payment_reference: str
    amount: Money
    vat_amount: Money
    amount_including_vat: Money
    draft_no: str
    customer_entry_no: int | None
    lines: list[SalesLine]


def _add_routes(kind: DocumentType, drafts: str, posted: str, tag: str) -> None:
    """The endpoints of one document type (invoices or credit memos)."""

    @router.get(f"/{drafts}", tags=[tag], name=f"list_draft_{kind.value}s")
    def list_drafts(
        engine: EngineDep,
        who: Reader,
        customer_no: Customer = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> list[SalesDocument]:
        rows = documents.list_sales_documents(
            engine,
            who.company_id,
            posted=False,
            document_type=kind,
            customer_no=customer_no,
            limit=limit,
            offset=offset,
        )
        return [build(SalesDocument, r) for r in rows]

    @router.post(
        f"/{drafts}",
        status_code=status.HTTP_201_CREATED,
        tags=[tag],
        name=f"create_draft_{kind.value}",
    )
    def create_draft(engine: EngineDep, who: Enterer, body: NewSalesDocument) -> SalesDocument:
        data = SalesDocumentInput(
            document_type=kind,
            customer_no=body.customer_no,
            lines=[line.as_input() for line in body.lines],
            posting_date=body.posting_date,
            document_date=body.document_date,
            due_date=body.due_date,
            external_document_no=body.external_document_no,
            your_reference=body.your_reference,
            applies_to_doc_no=body.applies_to_doc_no,
        )
        created = documents.create_sales_document(engine, who.company_id, data, user=who.username)
        return build(SalesDocument, created)

    @router.get(f"/{drafts}/{{no}}", tags=[tag], name=f"get_draft_{kind.value}")
    def get_draft(engine: EngineDep, who: Reader, no: str) -> SalesDocument:
        found = documents.get_sales_document(engine, who.company_id, kind, no, posted=False)
        return build(SalesDocument, found)

    @router.post(f"/{drafts}/{{no}}/lines", tags=[tag], name=f"add_{kind.value}_lines")
    def add_lines(engine: EngineDep, who: Enterer, no: str, body: NewSalesLines) -> SalesDocument:
        changed = documents.add_sales_lines(
            engine,
            who.company_id,
            kind,
            no,
            [line.as_input() for line in body.lines],
            user=who.username,
        )
        return build(SalesDocument, changed)

    @router.delete(
        f"/{drafts}/{{no}}",
        status_code=status.HTTP_204_NO_CONTENT,
        tags=[tag],
        name=f"delete_draft_{kind.value}",
    )
    def delete_draft(engine: EngineDep, who: Enterer, no: str) -> Response:
        documents.delete_sales_document(engine, who.company_id, kind, no, user=who.username)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    @router.post(f"/{drafts}/{{no}}/post", tags=[tag], name=f"post_{kind.value}")
    def post_draft(
        engine: EngineDep, who: Approver, no: str, body: PostRequest | None = None
    ) -> SalesDocument:
        day = body.posting_date if body is not None else None
        result = documents.post_sales_document(
            engine, who.company_id, kind, no, posting_date=day, user=who.username
        )
        return build(SalesDocument, result)

    @router.get(f"/{posted}", tags=[tag], name=f"list_posted_{kind.value}s")
    def list_posted(
        engine: EngineDep,
        who: Reader,
        customer_no: Customer = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> list[SalesDocument]:
        rows = documents.list_sales_documents(
            engine,
            who.company_id,
            posted=True,
            document_type=kind,
            customer_no=customer_no,
            limit=limit,
            offset=offset,
        )
        return [build(SalesDocument, r) for r in rows]

    @router.get(f"/{posted}/{{no}}", tags=[tag], name=f"get_posted_{kind.value}")
    def get_posted(engine: EngineDep, who: Reader, no: str) -> SalesDocument:
        found = documents.get_sales_document(engine, who.company_id, kind, no, posted=True)
        return build(SalesDocument, found)


_add_routes(DocumentType.INVOICE, "sales-invoices", "posted-sales-invoices", "sales invoices")
_add_routes(
    DocumentType.CREDIT_MEMO,
    "sales-credit-memos",
    "posted-sales-credit-memos",
    "sales credit memos",
)
