"""Customer ledger entries: the filtered list, Apply Entries (as in NAV), unapply, reverse."""

# No "from __future__ import annotations": FastAPI reads the route signatures at runtime,
# and their Depends(...) name dependencies local to router().
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from reskontro.domain.access import Action
from reskontro.domain.enums import AccountType
from reskontro.domain.errors import NotFoundError, ReskontroError
from reskontro.domain.money import ZERO
from reskontro.interfaces.web.core import (
    PAGE_SIZE,
    Ctx,
    Web,
    page_number,
    same_site_path,
    url,
    with_message,
)
from reskontro.interfaces.web.forms import FieldError, parse_date_field, parse_money_field
from reskontro.services import applying, reports
from reskontro.services.reports import CustomerLedgerLine

APPLY_LIMIT = 500
"""The most open entries of one customer the Apply Entries page lists."""


@dataclass(frozen=True)
class ApplyLine:
    """An open entry on the Apply Entries page, as the user has marked it so far."""

    entry: CustomerLedgerLine
    marked: bool
    amount_text: str
    """What the user typed as Amount to Apply; blank means all that remains."""
    amount_to_apply: Decimal


@dataclass(frozen=True)
class ApplyTotals:
    applying_amount: Decimal
    """What remains of the applying entry."""
    applied_amount: Decimal
    """The sum of the amounts to apply of the marked entries."""

    @property
    def balance(self) -> Decimal:
        """What would remain when the application is posted (before discounts)."""
        return self.applying_amount + self.applied_amount


def _apply_lines(
    entries: Sequence[CustomerLedgerLine], values: Mapping[str, str]
) -> tuple[list[ApplyLine], list[FieldError]]:
    lines, problems = [], []
    for entry in entries:
        marked = bool(values.get(f"mark_{entry.entry_no}"))
        text = values.get(f"amount_{entry.entry_no}", "")
        amount = entry.remaining_amount
        if text.strip():
            try:
                amount = parse_money_field(text, "amount_to_apply")
            except FieldError as exc:
                problems.append(exc)
        lines.append(ApplyLine(entry, marked, text, amount))
    return lines, problems


def _totals(applying_entry: CustomerLedgerLine, lines: Sequence[ApplyLine]) -> ApplyTotals:
    applied = sum((line.amount_to_apply for line in lines if line.marked), ZERO)
    return ApplyTotals(applying_entry.remaining_amount, applied)


def router(web: Web) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    reader = web.reader(Action.READ)
    enter_reader = web.reader(Action.ENTER)
    enter = web.writer(Action.ENTER)
    poster = web.writer(Action.POST)

    @routes.get("/entries")
    def entry_list(
        ctx: Annotated[Ctx, Depends(reader)],
        customer: str = "",
        open_only: Annotated[str, Query(alias="open")] = "",
    ) -> Response:
        page = page_number(ctx.request)
        entries = reports.customer_ledger(
            web.engine,
            ctx.company_id,
            customer_no=customer or None,
            open_only=bool(open_only),
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
        return web.render(
            ctx,
            "entries/list.html",
            section="nav.entries",
            entries=entries[:PAGE_SIZE],
            has_next=len(entries) > PAGE_SIZE,
            page=page,
            customer=customer,
            open_only=bool(open_only),
            show_customer=True,
        )

    def open_entries(ctx: Ctx, entry_no: int, customer: str) -> list[CustomerLedgerLine]:
        if not customer:
            raise ctx.refuse(404, "error.not_found")
        return reports.customer_ledger(
            web.engine, ctx.company_id, customer_no=customer, open_only=True, limit=APPLY_LIMIT
        )

    def apply_page(
        ctx: Ctx, entry_no: int, customer: str, values: Mapping[str, str], *, status: int = 200
    ) -> Response:
        entries = open_entries(ctx, entry_no, customer)
        applying_entry = next((e for e in entries if e.entry_no == entry_no), None)
        if applying_entry is None:
            raise ctx.refuse(404, "error.entry_not_open")
        others = [e for e in entries if e.entry_no != entry_no]
        lines, problems = _apply_lines(others, values)
        error = ctx.explain(problems[0])[0] if problems else values.get("_error", "")
        return web.render(
            ctx,
            "entries/apply.html",
            status=status,
            section="nav.entries",
            applying=applying_entry,
            lines=lines,
            totals=_totals(applying_entry, lines),
            customer=customer,
            posting_date=values.get("posting_date", ""),
            limited=len(entries) >= APPLY_LIMIT,
            error=error,
            problems=[],
        )

    @routes.get("/entries/{entry_no}/apply")
    def apply_form(
        ctx: Annotated[Ctx, Depends(enter_reader)], entry_no: int, customer: str = ""
    ) -> Response:
        return apply_page(ctx, entry_no, customer, {})

    @routes.get("/entries/{entry_no}/apply/totals")
    def apply_totals(
        ctx: Annotated[Ctx, Depends(enter_reader)], entry_no: int, customer: str = ""
    ) -> Response:
        """The Apply Entries page's totals for what is marked so far (htmx, on every change)."""
        entries = open_entries(ctx, entry_no, customer)
        applying_entry = next((e for e in entries if e.entry_no == entry_no), None)
        if applying_entry is None:
            raise ctx.refuse(404, "error.entry_not_open")
        values = dict(ctx.request.query_params)
        lines, _ = _apply_lines([e for e in entries if e.entry_no != entry_no], values)
        return web.render(ctx, "entries/apply_totals.html", totals=_totals(applying_entry, lines))

    @routes.post("/entries/{entry_no}/apply")
    def post_application(ctx: Annotated[Ctx, Depends(enter)], entry_no: int) -> Response:
        customer = ctx.field("customer")
        values = {k: v for k, v in ctx.form.items() if isinstance(v, str)}
        entries = open_entries(ctx, entry_no, customer)
        lines, problems = _apply_lines([e for e in entries if e.entry_no != entry_no], values)
        marked = [line for line in lines if line.marked]
        try:
            if problems:
                raise problems[0]
            if not marked:
                raise FieldError("apply.none_marked", "amount_to_apply", "")
            day = parse_date_field(ctx.field("posting_date"), "posting_date")
            applying.apply_entries(
                web.engine,
                ctx.company_id,
                AccountType.CUSTOMER,
                entry_no,
                [
                    applying.ApplyTarget(
                        line.entry.entry_no,
                        line.amount_to_apply if line.amount_text.strip() else None,
                    )
                    for line in marked
                ],
                posting_date=day,
                user=ctx.user,
            )
        except (ReskontroError, FieldError) as exc:
            values["_error"] = ctx.explain(exc)[0]
            return apply_page(ctx, entry_no, customer, values, status=422)
        target = url("/entries", customer=customer, done="done.applied", ref=str(entry_no))
        return web.redirect(ctx.request, target)

    def after(ctx: Ctx, done: str, ref: str) -> str:
        return with_message(same_site_path(ctx.field("next"), "/entries"), done, ref)

    def failed(ctx: Ctx, exc: Exception) -> Response:
        message, problems = ctx.explain(exc)
        return web.render(
            ctx,
            "entries/refused.html",
            status=422,
            section="nav.entries",
            error=message,
            problems=problems,
            back=same_site_path(ctx.field("next"), "/entries"),
        )

    @routes.post("/entries/{entry_no}/unapply")
    def unapply(ctx: Annotated[Ctx, Depends(poster)], entry_no: int) -> Response:
        try:
            applying.unapply_entry(
                web.engine, ctx.company_id, AccountType.CUSTOMER, entry_no, user=ctx.user
            )
        except ReskontroError as exc:
            return failed(ctx, exc)
        return web.redirect(ctx.request, after(ctx, "done.unapplied", str(entry_no)))

    @routes.post("/entries/{entry_no}/reverse")
    def reverse(ctx: Annotated[Ctx, Depends(poster)], entry_no: int) -> Response:
        try:
            transaction = applying.transaction_of_entry(
                web.engine, ctx.company_id, AccountType.CUSTOMER, entry_no
            )
            applying.reverse(web.engine, ctx.company_id, transaction, user=ctx.user)
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        except ReskontroError as exc:
            return failed(ctx, exc)
        return web.redirect(ctx.request, after(ctx, "done.reversed", str(entry_no)))

    return routes
