"""Set-up of payment reconciliation: the text-to-account mappings (bank fees, interest) and the
rule table that says how sure an automatic application is.

Everyone reads both; accountants add and delete mappings (applying a line to an account by hand
teaches one anyway); the rules, which decide for the whole company, are an administrator's.
"""

# No "from __future__ import annotations": FastAPI reads the route signatures at runtime,
# and their Depends(...) name dependencies local to router().
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from reskontro.domain.access import Action
from reskontro.domain.errors import ReskontroError
from reskontro.interfaces.web.core import Ctx, Web, url
from reskontro.interfaces.web.forms import FieldError, parse_int_field
from reskontro.interfaces.web.reconcile_pages import ACCOUNT_TYPES, account_type_field
from reskontro.services import reconcile

CONFIDENCES = ("high", "medium", "low")
PARTY_CRITERIA = ("not_considered", "fully", "partially", "no")
DOCUMENT_CRITERIA = ("not_considered", "yes", "yes_multiple", "no")
AMOUNT_CRITERIA = ("not_considered", "one", "multiple", "none")


def router(web: Web) -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    reader = web.reader(Action.READ)
    enterer = web.writer(Action.ENTER)
    admin = web.writer(Action.ADMIN)

    def setup_page(
        ctx: Ctx,
        *,
        status: int = 200,
        error: str = "",
        problems: list[str] | None = None,
        mapping: dict[str, str] | None = None,
        rule: dict[str, str] | None = None,
    ) -> Response:
        rules = reconcile.list_rules(web.engine, ctx.company_id)
        return web.render(
            ctx,
            "reconcile/setup.html",
            status=status,
            section="nav.setup",
            mappings=reconcile.list_mappings(web.engine, ctx.company_id),
            rules=rules,
            mapping=mapping
            or dict.fromkeys(("text", "debit_account_no", "credit_account_no", "account_no"), "")
            | {"account_type": "gl"},
            rule=rule or {},
            account_types=ACCOUNT_TYPES,
            confidences=CONFIDENCES,
            party_criteria=PARTY_CRITERIA,
            document_criteria=DOCUMENT_CRITERIA,
            amount_criteria=AMOUNT_CRITERIA,
            error=error,
            problems=problems or [],
        )

    def setup_changed(
        ctx: Ctx, change: Callable[[], object], done: str, **keep: dict[str, str]
    ) -> Response:
        try:
            ref = change()
        except (ReskontroError, FieldError) as exc:
            message, problems = ctx.explain(exc)
            return setup_page(ctx, status=422, error=message, problems=problems, **keep)
        return web.redirect(ctx.request, url("/setup/reconcile", done=done, ref=str(ref or "")))

    @routes.get("/setup/reconcile")
    def setup_show(ctx: Annotated[Ctx, Depends(reader)]) -> Response:
        return setup_page(ctx)

    @routes.post("/setup/reconcile/mappings")
    def mapping_add(ctx: Annotated[Ctx, Depends(enterer)]) -> Response:
        names = ("text", "account_type", "debit_account_no", "credit_account_no", "account_no")
        values = {name: ctx.field(name) for name in names}

        def change() -> int:
            return reconcile.add_mapping(
                web.engine,
                ctx.company_id,
                text=values["text"],
                account_type=account_type_field(values["account_type"]),
                debit_account_no=values["debit_account_no"],
                credit_account_no=values["credit_account_no"],
                account_no=values["account_no"],
                user=ctx.user,
            )

        return setup_changed(ctx, change, "done.mapping_added", mapping=values)

    @routes.post("/setup/reconcile/mappings/{mapping_no}/delete")
    def mapping_delete(ctx: Annotated[Ctx, Depends(enterer)], mapping_no: int) -> Response:
        def change() -> int:
            reconcile.delete_mapping(web.engine, ctx.company_id, mapping_no, user=ctx.user)
            return mapping_no

        return setup_changed(ctx, change, "done.mapping_deleted")

    @routes.post("/setup/reconcile/rules")
    def rule_save(ctx: Annotated[Ctx, Depends(admin)]) -> Response:
        names = ("confidence", "priority", "party", "document", "amount")
        values = {name: ctx.field(name) for name in names}
        values["review_required"] = "1" if ctx.field("review_required") else ""

        def change() -> str:
            choices = {
                "confidence": CONFIDENCES,
                "party": PARTY_CRITERIA,
                "document": DOCUMENT_CRITERIA,
                "amount": AMOUNT_CRITERIA,
            }
            for name, allowed in choices.items():
                if values[name] not in allowed:
                    label = name if name == "confidence" else f"{name}_criterion"
                    raise FieldError("form.bad_choice", label, values[name])
            priority = parse_int_field(values["priority"], "priority")
            reconcile.save_rule(
                web.engine,
                ctx.company_id,
                confidence=values["confidence"],
                priority=priority,
                party=values["party"],
                document=values["document"],
                amount=values["amount"],
                review_required=bool(values["review_required"]),
                user=ctx.user,
            )
            return f"{values['confidence']} {priority}"

        return setup_changed(ctx, change, "done.rule_saved", rule=values)

    @routes.post("/setup/reconcile/rules/delete")
    def rule_delete(ctx: Annotated[Ctx, Depends(admin)]) -> Response:
        def change() -> str:
            confidence = ctx.field("confidence")
            if confidence not in CONFIDENCES:
                raise FieldError("form.bad_choice", "confidence", confidence)
            priority = parse_int_field(ctx.field("priority"), "priority")
            reconcile.delete_rule(
                web.engine, ctx.company_id, confidence=confidence, priority=priority, user=ctx.user
            )
            return f"{confidence} {priority}"

        return setup_changed(ctx, change, "done.rule_deleted")

    @routes.post("/setup/reconcile/rules/reset")
    def rules_reset(ctx: Annotated[Ctx, Depends(admin)]) -> Response:
        def change() -> str:
            reconcile.reset_rules(web.engine, ctx.company_id, user=ctx.user)
            return ""

        return setup_changed(ctx, change, "done.rules_reset")

    return routes
