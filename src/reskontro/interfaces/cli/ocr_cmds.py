"""``reskontro ocr import FILE`` (Nets OCR giro payments) and ``reskontro setup ocr``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reskontro.interfaces.cli.main import JsonOption, app, get_state, setup_app

ocr_app = typer.Typer(help="Nets OCR giro payments (Norway).", no_args_is_help=True)
app.add_typer(ocr_app, name="ocr")


class UnknownKid(StrEnum):
    LEAVE = "leave"
    SUSPENSE = "suspense"


@ocr_app.command("import")
def ocr_import(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="The OCR giro file."),
    ],
    bank_account: Annotated[
        str | None,
        typer.Option("--bank-account", help="The bank account, when the file does not say."),
    ] = None,
    template: Annotated[
        str | None, typer.Option("--template", help="Journal template (default: the set-up's).")
    ] = None,
    batch: Annotated[
        str | None, typer.Option("--batch", help="Journal batch (default: the set-up's).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Make journal lines of a Nets OCR giro file: one per payment, found by its KID, and one
    bank line per settlement lump sum. Check them with ``reskontro journal test-report OCR
    DEFAULT``, then post. The same file, or the same payments in another file, is refused."""
    from reskontro.interfaces.cli import output
    from reskontro.services.ocr import import_ocr

    state = get_state(ctx)
    result = import_ocr(
        state.engine,
        state.company_id,
        file.read_bytes(),
        file.name,
        bank_account_no=bank_account,
        template=template,
        batch=batch,
        user=state.user,
    )
    if as_json:
        output.print_json(
            {
                "import_no": result.import_no,
                "template": result.template,
                "batch": result.batch,
                "lines": result.lines,
                "payments": result.payments,
                "warnings": result.warnings,
                "file_warnings": result.file_warnings,
                "linked": result.linked,
            }
        )
        return
    plural = "s" if result.payments != 1 else ""
    typer.echo(
        f"Import {result.import_no}: {result.payments} payment{plural} from {result.file_name} "
        f"became {result.lines} lines in journal {result.template}/{result.batch}."
    )
    for link in result.linked:
        typer.echo(
            f"Statement line {link.bank_account_no}/{link.statement_no} line {link.line_no} "
            f"(Sumpost {link.amount}) is linked to this file's {link.details} payments "
            f"({link.matched_by}); it is for bank reconciliation, not applied again."
        )
    for warning in result.file_warnings:
        typer.echo(f"File warning: {warning}")
    if result.warnings:
        typer.echo(f"{len(result.warnings)} warnings:")
        for warning in result.warnings:
            typer.echo(f"  {warning}")
    typer.echo(
        f"Next: reskontro journal test-report {result.template} {result.batch} --only-warnings"
    )


def _amount(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise typer.BadParameter(
            f"{text!r} is not an amount", param_hint="--max-divergence"
        ) from exc


@setup_app.command("ocr")
def setup_ocr(
    ctx: typer.Context,
    bank_account: Annotated[str, typer.Argument(help="The bank account the payments go to.")],
    agreement_id: Annotated[
        str | None, typer.Option("--agreement-id", help="The Nets agreement ID (9 digits).")
    ] = None,
    template: Annotated[str | None, typer.Option("--template", help="Journal template.")] = None,
    batch: Annotated[str | None, typer.Option("--batch", help="Journal batch.")] = None,
    max_divergence: Annotated[
        str | None,
        typer.Option("--max-divergence", help="Largest difference closed automatically."),
    ] = None,
    divergence_account: Annotated[
        str | None, typer.Option("--divergence-account", help="G/L account for differences.")
    ] = None,
    unknown_kid: Annotated[
        UnknownKid | None,
        typer.Option("--unknown-kid", help="Leave unknown KIDs to the user, or use suspense."),
    ] = None,
    suspense_customer: Annotated[
        str | None, typer.Option("--suspense-customer", help="Customer for unknown KIDs.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show or change the OCR set-up of a bank account (shown when no option is given)."""
    from reskontro.interfaces.cli import output
    from reskontro.services.ocr import get_ocr_setup, update_ocr_setup

    state = get_state(ctx)
    options = (
        agreement_id,
        template,
        batch,
        max_divergence,
        divergence_account,
        unknown_kid,
        suspense_customer,
    )
    if all(option is None for option in options):
        info = get_ocr_setup(state.engine, state.company_id, bank_account)
    else:
        info = update_ocr_setup(
            state.engine,
            state.company_id,
            bank_account,
            agreement_id=agreement_id,
            journal_template=template,
            journal_batch=batch,
            max_divergence=_amount(max_divergence),
            divergence_account=divergence_account,
            unknown_kid=unknown_kid.value if unknown_kid else None,
            suspense_customer_no=suspense_customer,
            user=state.user,
        )
    output.show_record(info, as_json=as_json, title=f"OCR set-up of {bank_account}")
