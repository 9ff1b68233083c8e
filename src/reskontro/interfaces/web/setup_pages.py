"""Set-up: the company, bank accounts, payment terms, the application settings (G/L setup),
users and their roles, and the audit trail."""

# No "from __future__ import annotations": FastAPI reads the route signatures at runtime,
# and their Depends(...) name dependencies local to router().
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from reskontro.domain.access import Action, Role
from reskontro.domain.errors import NotFoundError, ReskontroError
from reskontro.domain.parties import BankAccountData, PaymentTermsData
from reskontro.interfaces.web.core import PAGE_SIZE, Ctx, Web, page_number, url
from reskontro.interfaces.web.forms import (
    FieldError,
    parse_date_field,
    parse_decimal_field,
    parse_money_field,
)
from reskontro.interfaces.web.i18n import LANGUAGES
from reskontro.services import auth, masterdata, setup

BANK_FIELDS = ("no", "name", "bank_account_no", "iban", "swift", "currency", "posting_group")
TERMS_FIELDS = ("code", "description", "due_date_formula", "discount_date_formula")
GL_FIELDS = (
    "payment_tolerance_pct",
    "max_payment_tolerance",
    "pmt_disc_grace_period",
    "appln_rounding_precision",
    "allow_posting_from",
    "allow_posting_to",
)


def _bank_values(ctx: Ctx) -> dict[str, str]:
    values = {name: ctx.field(name) for name in BANK_FIELDS}
    values["blocked"] = "1" if ctx.field("blocked") else ""
    return values


def _bank_data(values: dict[str, str]) -> BankAccountData:
    return BankAccountData(
        no=values["no"],
        name=values["name"],
        bank_account_no=values["bank_account_no"],
        iban=values["iban"],
        swift=values["swift"],
        currency=values["currency"],
        posting_group=values["posting_group"] or "OPERATING",
        blocked=bool(values["blocked"]),
    )


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def router(web: Web) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    reader = web.reader(Action.READ)
    admin_reader = web.reader(Action.ADMIN)
    admin = web.writer(Action.ADMIN)

    @routes.get("/setup")
    def company(ctx: Annotated[Ctx, Depends(reader)]) -> Response:
        return web.render(ctx, "setup/company.html", section="nav.setup")

    # -- bank accounts ----------------------------------------------------------------------

    def banks_page(
        ctx: Ctx, values: dict[str, str] | None = None, *, status: int = 200, error: str = ""
    ) -> Response:
        return web.render(
            ctx,
            "setup/bank_accounts.html",
            status=status,
            section="nav.setup",
            accounts=masterdata.list_bank_accounts(web.engine, ctx.company_id),
            values=values or dict.fromkeys((*BANK_FIELDS, "blocked"), ""),
            error=error,
        )

    @routes.get("/setup/bank-accounts")
    def bank_accounts(ctx: Annotated[Ctx, Depends(reader)]) -> Response:
        return banks_page(ctx)

    @routes.post("/setup/bank-accounts")
    def add_bank_account(ctx: Annotated[Ctx, Depends(admin)]) -> Response:
        values = _bank_values(ctx)
        try:
            masterdata.add_bank_account(
                web.engine, ctx.company_id, _bank_data(values), user=ctx.user
            )
        except ReskontroError as exc:
            return banks_page(ctx, values, status=422, error=ctx.explain(exc)[0])
        target = url("/setup/bank-accounts", done="done.saved", ref=values["no"])
        return web.redirect(ctx.request, target)

    def bank_form(
        ctx: Ctx, values: dict[str, str], *, status: int = 200, error: str = ""
    ) -> Response:
        return web.render(
            ctx,
            "setup/bank_account_form.html",
            status=status,
            section="nav.setup",
            values=values,
            error=error,
        )

    @routes.get("/setup/bank-accounts/{no}/edit")
    def edit_bank_account(ctx: Annotated[Ctx, Depends(admin_reader)], no: str) -> Response:
        try:
            account = masterdata.get_bank_account(web.engine, ctx.company_id, no)
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        values = {name: str(getattr(account, name) or "") for name in BANK_FIELDS}
        values["blocked"] = "1" if account.blocked else ""
        return bank_form(ctx, values)

    @routes.post("/setup/bank-accounts/{no}/edit")
    def update_bank_account(ctx: Annotated[Ctx, Depends(admin)], no: str) -> Response:
        values = _bank_values(ctx)
        values["no"] = no
        changes: dict[str, object] = {k: v for k, v in values.items() if k not in ("no", "blocked")}
        changes["blocked"] = bool(values["blocked"])
        try:
            masterdata.update_bank_account(web.engine, ctx.company_id, no, changes, user=ctx.user)
        except NotFoundError as exc:
            raise ctx.refuse(404, "error.not_found") from exc
        except ReskontroError as exc:
            return bank_form(ctx, values, status=422, error=ctx.explain(exc)[0])
        return web.redirect(ctx.request, url("/setup/bank-accounts", done="done.saved", ref=no))

    # -- payment terms ----------------------------------------------------------------------

    def terms_page(
        ctx: Ctx, values: dict[str, str] | None = None, *, status: int = 200, error: str = ""
    ) -> Response:
        return web.render(
            ctx,
            "setup/payment_terms.html",
            status=status,
            section="nav.setup",
            terms=masterdata.list_payment_terms(web.engine, ctx.company_id),
            values=values or dict.fromkeys((*TERMS_FIELDS, "discount_pct"), ""),
            error=error,
        )

    @routes.get("/setup/payment-terms")
    def payment_terms(ctx: Annotated[Ctx, Depends(reader)]) -> Response:
        return terms_page(ctx)

    @routes.post("/setup/payment-terms")
    def add_payment_terms(ctx: Annotated[Ctx, Depends(admin)]) -> Response:
        values = {name: ctx.field(name) for name in (*TERMS_FIELDS, "discount_pct")}
        try:
            pct = parse_decimal_field(values["discount_pct"] or "0", "discount_pct")
            data = PaymentTermsData(
                code=values["code"],
                description=values["description"],
                due_date_formula=values["due_date_formula"],
                discount_date_formula=values["discount_date_formula"],
                discount_pct=pct,
            )
            masterdata.add_payment_terms(web.engine, ctx.company_id, data, user=ctx.user)
        except (ReskontroError, FieldError) as exc:
            return terms_page(ctx, values, status=422, error=ctx.explain(exc)[0])
        target = url("/setup/payment-terms", done="done.saved", ref=values["code"])
        return web.redirect(ctx.request, target)

    # -- application settings (G/L setup) ---------------------------------------------------

    def gl_page(
        ctx: Ctx, values: dict[str, str] | None = None, *, status: int = 200, error: str = ""
    ) -> Response:
        current = setup.get_gl_setup(web.engine, ctx.company_id)
        if values is None:
            values = {
                "payment_tolerance_pct": str(current.payment_tolerance_pct),
                "max_payment_tolerance": ctx.fmt.input_amount(current.max_payment_tolerance),
                "pmt_disc_grace_period": current.pmt_disc_grace_period,
                "appln_rounding_precision": ctx.fmt.input_amount(current.appln_rounding_precision),
                "allow_posting_from": _iso(current.allow_posting_from),
                "allow_posting_to": _iso(current.allow_posting_to),
                "pmt_disc_excl_vat": "1" if current.pmt_disc_excl_vat else "",
            }
        return web.render(
            ctx,
            "setup/gl.html",
            status=status,
            section="nav.setup",
            current=current,
            values=values,
            error=error,
        )

    @routes.get("/setup/gl")
    def gl_setup(ctx: Annotated[Ctx, Depends(reader)]) -> Response:
        return gl_page(ctx)

    @routes.post("/setup/gl")
    def update_gl_setup(ctx: Annotated[Ctx, Depends(admin)]) -> Response:
        values = {name: ctx.field(name) for name in GL_FIELDS}
        values["pmt_disc_excl_vat"] = "1" if ctx.field("pmt_disc_excl_vat") else ""
        try:
            settings: dict[str, Any] = {
                "payment_tolerance_pct": parse_decimal_field(
                    values["payment_tolerance_pct"] or "0", "payment_tolerance_pct"
                ),
                "max_payment_tolerance": parse_money_field(
                    values["max_payment_tolerance"] or "0", "max_payment_tolerance"
                ),
                "pmt_disc_grace_period": values["pmt_disc_grace_period"],
                "appln_rounding_precision": parse_money_field(
                    values["appln_rounding_precision"] or "0", "appln_rounding_precision"
                ),
                "pmt_disc_excl_vat": bool(values["pmt_disc_excl_vat"]),
                "allow_posting_from": parse_date_field(
                    values["allow_posting_from"], "allow_posting_from"
                ),
                "allow_posting_to": parse_date_field(
                    values["allow_posting_to"], "allow_posting_to"
                ),
            }
            setup.update_gl_setup(web.engine, ctx.company_id, user=ctx.user, **settings)
        except (ReskontroError, FieldError) as exc:
            return gl_page(ctx, values, status=422, error=ctx.explain(exc)[0])
        return web.redirect(ctx.request, url("/setup/gl", done="done.saved"))

    # -- users and the audit trail ----------------------------------------------------------

    def users_page(
        ctx: Ctx, values: dict[str, str] | None = None, *, status: int = 200, error: str = ""
    ) -> Response:
        return web.render(
            ctx,
            "setup/users.html",
            status=status,
            section="nav.setup",
            users=auth.list_users(web.engine, ctx.company_id),
            roles=[r.value for r in Role],
            values=values or {"username": "", "full_name": "", "role": "viewer", "language": ""},
            error=error,
        )

    @routes.get("/setup/users")
    def users(ctx: Annotated[Ctx, Depends(admin_reader)]) -> Response:
        return users_page(ctx)

    @routes.post("/setup/users")
    def add_user(ctx: Annotated[Ctx, Depends(admin)]) -> Response:
        values = {name: ctx.field(name) for name in ("username", "full_name", "role", "language")}
        language = values["language"] if values["language"] in LANGUAGES else ctx.language
        try:
            auth.check_new_password(ctx.raw("password"))
            auth.create_user(
                web.engine,
                values["username"],
                ctx.raw("password"),
                company_id=ctx.company_id,
                role=values["role"],
                full_name=values["full_name"],
                language=language,
                user=ctx.user,
            )
        except ReskontroError as exc:
            return users_page(ctx, values, status=422, error=ctx.explain(exc)[0])
        target = url("/setup/users", done="done.user_added", ref=values["username"].lower())
        return web.redirect(ctx.request, target)

    @routes.post("/setup/users/{username}/role")
    def set_role(ctx: Annotated[Ctx, Depends(admin)], username: str) -> Response:
        try:
            auth.set_role(web.engine, ctx.company_id, username, ctx.field("role"), user=ctx.user)
        except ReskontroError as exc:
            return users_page(ctx, status=422, error=ctx.explain(exc)[0])
        return web.redirect(ctx.request, url("/setup/users", done="done.role_set", ref=username))

    @routes.get("/setup/audit")
    def audit_trail(ctx: Annotated[Ctx, Depends(admin_reader)]) -> Response:
        page = page_number(ctx.request)
        lines = auth.list_audit(
            web.engine, ctx.company_id, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
        )
        return web.render(
            ctx,
            "setup/audit.html",
            section="nav.setup",
            lines=lines[:PAGE_SIZE],
            has_next=len(lines) > PAGE_SIZE,
            page=page,
        )

    return routes
