"""``reskontro setup currencies``, ``setup exchange-rate`` and ``setup kid``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from reskontro.interfaces.cli.main import JsonOption, get_state, setup_app


@setup_app.command("currencies")
def currencies(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the currencies with their exchange rates (LCY per unit, by starting date)."""
    from reskontro.interfaces.cli import output
    from reskontro.services.currencies import list_currencies

    state = get_state(ctx)
    output.show(
        list_currencies(state.engine, state.company_id), as_json=as_json, title="Currencies"
    )


@setup_app.command("exchange-rate")
def exchange_rate(
    ctx: typer.Context,
    currency: Annotated[str, typer.Argument(help="Currency code, e.g. EUR.")],
    starting_date: Annotated[str, typer.Argument(help="From this date on (YYYY-MM-DD).")],
    rate: Annotated[str, typer.Argument(help="Amount in the company's currency for 1 unit.")],
) -> None:
    """Set an exchange rate; postings in the currency from that date on use it."""
    from decimal import Decimal, InvalidOperation

    from reskontro.services.currencies import set_exchange_rate

    try:
        day = date.fromisoformat(starting_date)
    except ValueError as exc:
        raise typer.BadParameter(f"{starting_date!r} is not a date; write YYYY-MM-DD") from exc
    try:
        value = Decimal(rate.replace(",", "."))
    except InvalidOperation as exc:
        raise typer.BadParameter(f"{rate!r} is not a number") from exc
    state = get_state(ctx)
    info = set_exchange_rate(state.engine, state.company_id, currency, day, value, user=state.user)
    typer.echo(f"{info.code}: {value} from {day.isoformat()}")


@setup_app.command("kid")
def kid(
    ctx: typer.Context,
    layout: Annotated[
        str | None,
        typer.Option(
            help="none, document_no, document_no+customer_no, customer_no+document_no, "
            "document_type+document_no or document_no+document_type."
        ),
    ] = None,
    document_no_length: Annotated[
        int | None, typer.Option(help="Digits of the document no.")
    ] = None,
    customer_no_length: Annotated[
        int | None, typer.Option(help="Digits of the customer no.")
    ] = None,
    method: Annotated[str | None, typer.Option(help="mod10 or mod11.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Show the KID set-up, or change it: the KID posted invoices carry for OCR payments."""
    from reskontro.domain.errors import ValidationError
    from reskontro.interfaces.cli import output
    from reskontro.services.kid import get_kid_setup, update_kid_setup

    state = get_state(ctx)
    if layout is None and document_no_length is None and customer_no_length is None and not method:
        setup = get_kid_setup(state.engine, state.company_id)
    else:
        try:
            setup = update_kid_setup(
                state.engine,
                state.company_id,
                layout=layout,
                document_no_length=document_no_length,
                customer_no_length=customer_no_length,
                method=method,
                user=state.user,
            )
        except ValueError as exc:
            if isinstance(exc, ValidationError):
                raise
            raise typer.BadParameter(str(exc)) from exc
    output.show_record(setup, as_json=as_json, title="KID set-up")
