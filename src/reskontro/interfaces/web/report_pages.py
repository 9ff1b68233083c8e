"""Reports on screen and as CSV: trial balance, aged receivables, customer balances.

The CSV files open in Excel as they are: UTF-8 with a byte order mark, commas between fields,
amounts with a point and two decimals (``-1234.50``) and dates as ISO (``2026-03-31``), so no
locale setting can misread them. Column headings follow the user's language.
"""

# No "from __future__ import annotations": FastAPI reads the route signatures at runtime,
# and their Depends(...) name dependencies local to router().
import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from reskontro.domain.access import Action
from reskontro.domain.money import fmt
from reskontro.interfaces.web.core import PAGE_SIZE, Ctx, Web, page_number
from reskontro.interfaces.web.forms import FieldError, parse_date_field
from reskontro.services import reports

AGING_BANDS = ("not_due", "days_1_30", "days_31_60", "days_61_90", "over_90")


def csv_response(name: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return Response(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}.csv"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _as_of(ctx: Ctx, text: str, *, default_today: bool) -> tuple[date | None, str]:
    try:
        day = parse_date_field(text, "as_of")
    except FieldError as exc:
        return (date.today() if default_today else None), ctx.explain(exc)[0]  # noqa: DTZ011
    if day is None and default_today:
        day = date.today()  # noqa: DTZ011 - the bookkeeper's working date
    return day, ""


def router(web: Web) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    reader = web.reader(Action.READ)

    def page_of(ctx: Ctx, lines: Sequence[object]) -> tuple[Sequence[object], int, bool]:
        page = page_number(ctx.request)
        start = (page - 1) * PAGE_SIZE
        return lines[start : start + PAGE_SIZE], page, len(lines) > start + PAGE_SIZE

    @routes.get("/reports")
    def report_index(ctx: Annotated[Ctx, Depends(reader)]) -> Response:
        return web.render(ctx, "reports/index.html", section="nav.reports")

    @routes.get("/reports/trial-balance")
    def trial_balance(ctx: Annotated[Ctx, Depends(reader)], as_of: str = "") -> Response:
        day, error = _as_of(ctx, as_of, default_today=False)
        report = reports.trial_balance(web.engine, ctx.company_id, as_of=day)
        return web.render(
            ctx,
            "reports/trial_balance.html",
            section="nav.reports",
            report=report,
            as_of=day.isoformat() if day else "",
            error=error,
        )

    @routes.get("/reports/trial-balance.csv")
    def trial_balance_csv(ctx: Annotated[Ctx, Depends(reader)], as_of: str = "") -> Response:
        day, _ = _as_of(ctx, as_of, default_today=False)
        report = reports.trial_balance(web.engine, ctx.company_id, as_of=day)
        t = ctx.t
        return csv_response(
            f"trial-balance-{day.isoformat() if day else 'all'}",
            [
                t("field.no"),
                t("field.name"),
                t("field.debit"),
                t("field.credit"),
                t("field.balance"),
            ],
            [
                (line.no, line.name, fmt(line.debit), fmt(line.credit), fmt(line.balance))
                for line in report.lines
            ],
        )

    @routes.get("/reports/aging")
    def aging(ctx: Annotated[Ctx, Depends(reader)], as_of: str = "") -> Response:
        day, error = _as_of(ctx, as_of, default_today=True)
        assert day is not None  # noqa: S101 - defaulted to today
        report = reports.aging(web.engine, ctx.company_id, day)
        lines, page, has_next = page_of(ctx, report.lines)
        return web.render(
            ctx,
            "reports/aging.html",
            section="nav.reports",
            report=report,
            lines=lines,
            page=page,
            has_next=has_next,
            bands=AGING_BANDS,
            as_of=day.isoformat(),
            error=error,
        )

    @routes.get("/reports/aging.csv")
    def aging_csv(ctx: Annotated[Ctx, Depends(reader)], as_of: str = "") -> Response:
        day, _ = _as_of(ctx, as_of, default_today=True)
        assert day is not None  # noqa: S101 - defaulted to today
        report = reports.aging(web.engine, ctx.company_id, day)
        t = ctx.t
        return csv_response(
            f"aging-{day.isoformat()}",
            [
                t("field.customer_no"),
                t("field.name"),
                *(t("aging." + band) for band in AGING_BANDS),
                t("field.balance"),
            ],
            [
                (
                    line.customer_no,
                    line.name,
                    *(fmt(getattr(line, band)) for band in AGING_BANDS),
                    fmt(line.balance),
                )
                for line in report.lines
            ],
        )

    @routes.get("/reports/customer-balances")
    def customer_balances(ctx: Annotated[Ctx, Depends(reader)], as_of: str = "") -> Response:
        day, error = _as_of(ctx, as_of, default_today=False)
        report = reports.customer_balances(web.engine, ctx.company_id, as_of=day)
        lines, page, has_next = page_of(ctx, report.lines)
        return web.render(
            ctx,
            "reports/customer_balances.html",
            section="nav.reports",
            report=report,
            lines=lines,
            page=page,
            has_next=has_next,
            as_of=day.isoformat() if day else "",
            error=error,
        )

    @routes.get("/reports/customer-balances.csv")
    def customer_balances_csv(ctx: Annotated[Ctx, Depends(reader)], as_of: str = "") -> Response:
        day, _ = _as_of(ctx, as_of, default_today=False)
        report = reports.customer_balances(web.engine, ctx.company_id, as_of=day)
        t = ctx.t
        return csv_response(
            f"customer-balances-{day.isoformat() if day else 'now'}",
            [t("field.customer_no"), t("field.name"), t("field.balance")],
            [(line.no, line.name, fmt(line.balance)) for line in report.lines],
        )

    return routes
