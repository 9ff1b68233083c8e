"""``reskontro import customers|open-items FILE`` and ``reskontro journal import-lines``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reskontro.interfaces.cli.main import JsonOption, get_state, import_app, journal_app

FileArgument = Annotated[
    Path,
    typer.Argument(exists=True, dir_okay=False, readable=True, help="The CSV file (UTF-8)."),
]


def _show(result: object, as_json: bool) -> None:
    from reskontro.interfaces.cli import output

    output.show_record(result, as_json=as_json, title="Imported")


@import_app.command("customers")
def import_customers(ctx: typer.Context, file: FileArgument, as_json: JsonOption = False) -> None:
    """Create or update customers from a CSV file (columns: no,name,address,post_code,city,
    country,email,org_no,bank_account,iban,currency,payment_terms). All rows or none."""
    from reskontro.services.imports import import_customers as run

    state = get_state(ctx)
    _show(
        run(state.engine, state.company_id, file.read_bytes(), file.name, user=state.user), as_json
    )


@import_app.command("open-items")
def import_open_items(ctx: typer.Context, file: FileArgument, as_json: JsonOption = False) -> None:
    """Post open invoices and credit memos against the opening-balance account (columns:
    customer_no,document_type,document_no,external_document_no,posting_date,due_date,amount,
    currency,payment_reference,description). All rows or none; never the same file twice."""
    from reskontro.services.imports import import_open_items as run

    state = get_state(ctx)
    _show(
        run(state.engine, state.company_id, file.read_bytes(), file.name, user=state.user), as_json
    )


@journal_app.command("import-lines")
def import_lines(
    ctx: typer.Context,
    template: Annotated[str, typer.Argument(help="Journal template, e.g. CASH.")],
    batch: Annotated[str, typer.Argument(help="Journal batch, e.g. DEFAULT.")],
    file: FileArgument,
    as_json: JsonOption = False,
) -> None:
    """Add journal lines from a CSV file (columns: posting_date,account_type,account_no,amount
    and optionally document_type,document_no,external_document_no,description,currency,
    bal_account_type,bal_account_no,applies_to_doc_type,applies_to_doc_no,applies_to_id,
    payment_reference,due_date). All rows or none."""
    from reskontro.services.imports import import_journal_lines as run

    state = get_state(ctx)
    result = run(
        state.engine,
        state.company_id,
        template,
        batch,
        file.read_bytes(),
        file.name,
        user=state.user,
    )
    _show(result, as_json)
