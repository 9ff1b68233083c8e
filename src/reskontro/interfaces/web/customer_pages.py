"""The dashboard, the customer list, the customer card and the customer form."""

# No "from __future__ import annotations": FastAPI reads the route signatures at runtime,
# and their Depends(...) name dependencies local to router().
from dataclasses import fields
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from reskontro.domain.access import Action
from reskontro.domain.enums import ApplicationMethod, Blocked
from reskontro.domain.errors import NotFoundError, ReskontroError
from reskontro.domain.parties import CustomerData, apply_changes
from reskontro.interfaces.web.core import PAGE_SIZE, Ctx, Web, page_number, url
from reskontro.services import masterdata, reports
from reskontro.services.dashboard import dashboard

CUSTOMER_FIELDS = tuple(f.name for f in fields(CustomerData))
TEXT_FIELDS = tuple(n for n in CUSTOMER_FIELDS if n != "block_payment_tolerance")
KEEP_WHEN_BLANK = frozenset({"posting_group", "application_method"})
OPTION_LIMIT = 20
OPTION_FIELDS = ("q", "customer", "customer_no", "account_no")


def _form_values(ctx: Ctx) -> dict[str, str]:
    values = {name: ctx.field(name) for name in TEXT_FIELDS}
    values["block_payment_tolerance"] = "1" if ctx.field("block_payment_tolerance") else ""
    return values


def _card_values(customer: CustomerData) -> dict[str, str]:
    values = {name: str(getattr(customer, name) or "") for name in TEXT_FIELDS}
    values["block_payment_tolerance"] = "1" if customer.block_payment_tolerance else ""
    return values


def _changes(values: dict[str, str]) -> dict[str, object]:
    """The fields to save; a blank choice that has a default keeps what is there."""
    changes: dict[str, object] = {
        name: values[name]
        for name in TEXT_FIELDS
        if name != "no" and (values[name] or name not in KEEP_WHEN_BLANK)
    }
    changes["block_payment_tolerance"] = bool(values["block_payment_tolerance"])
    return changes


def router(web: Web) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    reader = web.reader(Action.READ)
    admin_reader = web.reader(Action.ADMIN)
    admin = web.writer(Action.ADMIN)

    @routes.get("/")
    def home(ctx: Annotated[Ctx, Depends(reader)]) -> Response:
        figures = dashboard(web.engine, ctx.company_id, date.today())  # noqa: DTZ011
        return web.render(ctx, "dashboard.html", section="nav.dashboard", board=figures)

    @routes.get("/customers")
    def customer_list(ctx: Annotated[Ctx, Depends(reader)], q: str = "") -> Response:
        page = page_number(ctx.request)
        rows = masterdata.list_customers(
            web.engine,
            ctx.company_id,
            search=q or None,
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
        return web.render(
            ctx,
            "customers/list.html",
            section="nav.customers",
            customers=rows[:PAGE_SIZE],
            has_next=len(rows) > PAGE_SIZE,
            page=page,
            q=q,
        )

    @routes.get("/customers/options")
    def customer_options(ctx: Annotated[Ctx, Depends(reader)]) -> Response:
        """``<option>``s for a customer field's suggestions (htmx), at most twenty. The text
        comes in the field's own name (``q``, ``customer``, ``customer_no``, ``account_no``)."""
        params = ctx.request.query_params
        q = next((params[k] for k in OPTION_FIELDS if params.get(k)), "")
        rows = masterdata.list_customers(
            web.engine, ctx.company_id, search=q or None, limit=OPTION_LIMIT
        )
        return web.render(ctx, "customers/options.html", customers=rows)

    def form_page(
        ctx: Ctx, values: dict[str, str], *, editing: bool, status: int = 200, error: str = ""
    ) -> Response:
        return web.render(
            ctx,
            "customers/form.html",
            status=status,
            section="nav.customers",
            values=values,
            editing=editing,
            terms=masterdata.list_payment_terms(web.engine, ctx.company_id),
            blocked_choices=[b.value for b in Blocked],
            methods=[m.value for m in ApplicationMethod],
            error=error,
        )

    @routes.get("/customers/new")
    def new_customer(ctx: Annotated[Ctx, Depends(admin_reader)]) -> Response:
        blank = _card_values(CustomerData("", ""))
        return form_page(ctx, blank, editing=False)

    @routes.post("/customers/new")
    def create_customer(ctx: Annotated[Ctx, Depends(admin)]) -> Response:
        values = _form_values(ctx)
        try:
            data = apply_changes(
                CustomerData(values["no"], values["name"]), _changes(values), key="no", label=""
            )
            saved = masterdata.create_customer(web.engine, ctx.company_id, data, user=ctx.user)
        except ReskontroError as exc:
            return form_page(ctx, values, editing=False, status=422, error=ctx.explain(exc)[0])
        target = url(f"/customers/{saved.no}", done="done.customer_saved", ref=saved.no)
        return web.redirect(ctx.request, target)

    def load(ctx: Ctx, no: str) -> masterdata.CustomerInfo:
        try:
            return masterdata.get_customer(web.engine, ctx.company_id, no)
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc

    @routes.get("/customers/{no}")
    def customer_card(ctx: Annotated[Ctx, Depends(reader)], no: str) -> Response:
        customer = load(ctx, no)
        page = page_number(ctx.request)
        entries = reports.customer_ledger(
            web.engine,
            ctx.company_id,
            customer_no=customer.no,
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
        return web.render(
            ctx,
            "customers/card.html",
            section="nav.customers",
            customer=customer,
            entries=entries[:PAGE_SIZE],
            has_next=len(entries) > PAGE_SIZE,
            page=page,
        )

    @routes.get("/customers/{no}/edit")
    def edit_customer(ctx: Annotated[Ctx, Depends(admin_reader)], no: str) -> Response:
        return form_page(ctx, _card_values(load(ctx, no)), editing=True)

    @routes.post("/customers/{no}/edit")
    def update_customer(ctx: Annotated[Ctx, Depends(admin)], no: str) -> Response:
        values = _form_values(ctx)
        values["no"] = no
        try:
            masterdata.update_customer(
                web.engine, ctx.company_id, no, _changes(values), user=ctx.user
            )
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        except ReskontroError as exc:
            return form_page(ctx, values, editing=True, status=422, error=ctx.explain(exc)[0])
        return web.redirect(
            ctx.request, url(f"/customers/{no}", done="done.customer_saved", ref=no)
        )

    return routes
