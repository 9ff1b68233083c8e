"""Sales invoices and credit memos: the lists, a new draft with lines, posting, the posted
document (which never changes)."""

# No "from __future__ import annotations": FastAPI reads the route signatures at runtime,
# and their Depends(...) name dependencies local to router().
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from reskontro.domain.access import Action
from reskontro.domain.charts import standard_setup
from reskontro.domain.enums import DocumentType
from reskontro.domain.errors import NotFoundError, ReskontroError
from reskontro.interfaces.web.core import PAGE_SIZE, Ctx, Web, page_number, url
from reskontro.interfaces.web.forms import FieldError, parse_date_field, parse_decimal_field
from reskontro.services import documents
from reskontro.services.documents import SalesDocumentInput, SalesLineInput

KINDS = {"invoice": DocumentType.INVOICE, "credit_memo": DocumentType.CREDIT_MEMO}
LINE_FIELDS = ("description", "quantity", "unit_price", "vat_code", "gl_account")
HEADER_FIELDS = (
    "customer_no",
    "posting_date",
    "document_date",
    "due_date",
    "external_document_no",
    "your_reference",
    "applies_to_doc_no",
)
BLANK_ROWS = 3
_LINE_KEY = re.compile(r"^line-(\d+)-(\w+)$")


@dataclass(frozen=True)
class LineRow:
    """A line row of the form as typed (strings), so a refused form comes back as it was."""

    index: int
    description: str = ""
    quantity: str = ""
    unit_price: str = ""
    vat_code: str = ""
    gl_account: str = ""

    @property
    def blank(self) -> bool:
        """Nothing typed (the VAT code comes filled in, so it does not count)."""
        return not any(getattr(self, name).strip() for name in LINE_FIELDS if name != "vat_code")


def _rows_from_form(ctx: Ctx) -> list[LineRow]:
    found: dict[int, dict[str, str]] = {}
    for key, value in ctx.form.items():
        match = _LINE_KEY.match(key)
        if match and match.group(2) in LINE_FIELDS and isinstance(value, str):
            found.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return [LineRow(index, **found[index]) for index in sorted(found)]


def _line_inputs(rows: list[LineRow]) -> list[SalesLineInput]:
    inputs = []
    for row in rows:
        if row.blank:
            continue
        quantity = parse_decimal_field(row.quantity or "1", "quantity")
        price = parse_decimal_field(row.unit_price, "unit_price")
        inputs.append(
            SalesLineInput(
                description=row.description.strip(),
                quantity=quantity,
                unit_price=price,
                vat_code=row.vat_code.strip(),
                gl_account=row.gl_account.strip(),
            )
        )
    return inputs


def _kind(ctx: Ctx, kind: str) -> DocumentType:
    if kind not in KINDS:
        raise ctx.refuse(404, "error.not_found")
    return KINDS[kind]


def router(web: Web) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    reader = web.reader(Action.READ)
    enter_reader = web.reader(Action.ENTER)
    enter = web.writer(Action.ENTER)
    poster = web.writer(Action.POST)

    def vat_codes(ctx: Ctx) -> list[tuple[str, str]]:
        try:
            setup = standard_setup(ctx.company.country)
        except ReskontroError:
            return []
        return [(v.code, v.description) for v in setup.vat_codes]

    @routes.get("/sales")
    def sales_list(ctx: Annotated[Ctx, Depends(reader)], status: str = "draft") -> Response:
        posted = status == "posted"
        page = page_number(ctx.request)
        rows = documents.list_sales_documents(
            web.engine,
            ctx.company_id,
            posted=posted,
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
        return web.render(
            ctx,
            "sales/list.html",
            section="nav.sales",
            documents=rows[:PAGE_SIZE],
            has_next=len(rows) > PAGE_SIZE,
            page=page,
            state="posted" if posted else "draft",
        )

    def new_page(
        ctx: Ctx,
        kind: str,
        header: dict[str, str],
        rows: list[LineRow],
        *,
        status: int = 200,
        error: str = "",
    ) -> Response:
        return web.render(
            ctx,
            "sales/new.html",
            status=status,
            section="nav.sales",
            kind=kind,
            header=header,
            rows=rows,
            next_index=max((r.index for r in rows), default=-1) + 1,
            vat_codes=vat_codes(ctx),
            error=error,
        )

    @routes.get("/sales/new")
    def new_document(
        ctx: Annotated[Ctx, Depends(enter_reader)],
        kind: Annotated[str, Query(alias="type")] = "invoice",
        customer: str = "",
    ) -> Response:
        kind = kind if kind in KINDS else "invoice"
        header = dict.fromkeys(HEADER_FIELDS, "")
        header["customer_no"] = customer
        return new_page(ctx, kind, header, [LineRow(i) for i in range(BLANK_ROWS)])

    @routes.get("/sales/line-row")
    def line_row(ctx: Annotated[Ctx, Depends(enter_reader)], index: int = 0) -> Response:
        """One more empty line row for the form (htmx), and the button that asks for the next."""
        return web.render(
            ctx,
            "sales/line_row.html",
            row=LineRow(max(index, 0)),
            next_index=max(index, 0) + 1,
            vat_codes=vat_codes(ctx),
            oob=True,
        )

    @routes.post("/sales/new")
    def create_document(ctx: Annotated[Ctx, Depends(enter)]) -> Response:
        kind = ctx.field("type")
        document_type = _kind(ctx, kind)
        header = {name: ctx.field(name) for name in HEADER_FIELDS}
        rows = _rows_from_form(ctx)
        try:
            data = SalesDocumentInput(
                document_type=document_type,
                customer_no=header["customer_no"],
                lines=_line_inputs(rows),
                posting_date=parse_date_field(header["posting_date"], "posting_date"),
                document_date=parse_date_field(header["document_date"], "document_date"),
                due_date=parse_date_field(header["due_date"], "due_date"),
                external_document_no=header["external_document_no"],
                your_reference=header["your_reference"],
                applies_to_doc_no=header["applies_to_doc_no"],
            )
            draft = documents.create_sales_document(web.engine, ctx.company_id, data, user=ctx.user)
        except (ReskontroError, FieldError) as exc:
            return new_page(ctx, kind, header, rows, status=422, error=ctx.explain(exc)[0])
        target = url(f"/sales/draft/{kind}/{draft.no}", done="done.draft_saved", ref=draft.no)
        return web.redirect(ctx.request, target)

    def draft_page(
        ctx: Ctx, kind: str, no: str, *, status: int = 200, error: str = "", problems: list[str]
    ) -> Response:
        try:
            document = documents.get_sales_document(
                web.engine, ctx.company_id, _kind(ctx, kind), no, posted=False
            )
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        return web.render(
            ctx,
            "sales/draft.html",
            status=status,
            section="nav.sales",
            document=document,
            kind=kind,
            rows=[LineRow(i) for i in range(2)],
            next_index=2,
            vat_codes=vat_codes(ctx),
            error=error,
            problems=problems,
        )

    @routes.get("/sales/draft/{kind}/{no}")
    def show_draft(ctx: Annotated[Ctx, Depends(reader)], kind: str, no: str) -> Response:
        return draft_page(ctx, kind, no, problems=[])

    @routes.post("/sales/draft/{kind}/{no}/lines")
    def add_lines(ctx: Annotated[Ctx, Depends(enter)], kind: str, no: str) -> Response:
        try:
            inputs = _line_inputs(_rows_from_form(ctx))
            documents.add_sales_lines(
                web.engine, ctx.company_id, _kind(ctx, kind), no, inputs, user=ctx.user
            )
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        except (ReskontroError, FieldError) as exc:
            message, problems = ctx.explain(exc)
            return draft_page(ctx, kind, no, status=422, error=message, problems=problems)
        return web.redirect(ctx.request, f"/sales/draft/{kind}/{no}")

    @routes.post("/sales/draft/{kind}/{no}/post")
    def post_document(ctx: Annotated[Ctx, Depends(poster)], kind: str, no: str) -> Response:
        try:
            day = parse_date_field(ctx.field("posting_date"), "posting_date")
            posted = documents.post_sales_document(
                web.engine, ctx.company_id, _kind(ctx, kind), no, posting_date=day, user=ctx.user
            )
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        except (ReskontroError, FieldError) as exc:
            message, problems = ctx.explain(exc)
            return draft_page(ctx, kind, no, status=422, error=message, problems=problems)
        target = url(f"/sales/posted/{kind}/{posted.no}", done="done.posted", ref=posted.no)
        return web.redirect(ctx.request, target)

    @routes.post("/sales/draft/{kind}/{no}/delete")
    def delete_draft(ctx: Annotated[Ctx, Depends(enter)], kind: str, no: str) -> Response:
        try:
            documents.delete_sales_document(
                web.engine, ctx.company_id, _kind(ctx, kind), no, user=ctx.user
            )
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        return web.redirect(ctx.request, url("/sales", done="done.draft_deleted", ref=no))

    @routes.get("/sales/posted/{kind}/{no}")
    def show_posted(ctx: Annotated[Ctx, Depends(reader)], kind: str, no: str) -> Response:
        try:
            document = documents.get_sales_document(
                web.engine, ctx.company_id, _kind(ctx, kind), no, posted=True
            )
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        return web.render(
            ctx, "sales/posted.html", section="nav.sales", document=document, kind=kind
        )

    return routes
