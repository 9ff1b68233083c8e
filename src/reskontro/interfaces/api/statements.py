"""Bank statements and bank account reconciliation: upload a statement file into a bank
account, list and read the imported statements, match their lines to the open bank ledger
entries, move a line to a journal, post and undo.

Reading needs a viewer; importing, matching and moving lines an accountant; posting and
undoing an approver (posting closes bank ledger entries).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, UploadFile, status

from reskontro.interfaces.api.deps import Approver, EngineDep, Enterer, Limit, Offset, Reader
from reskontro.interfaces.api.errors import ERROR_RESPONSES, ApiRoute
from reskontro.interfaces.api.types import Model, Money, build
from reskontro.services import bankrec, statements

router = APIRouter(route_class=ApiRoute, responses=ERROR_RESPONSES, tags=["bank statements"])

BASE = "/bank-accounts/{no}/statements"
ONE = BASE + "/{statement_no}"


class ImportedStatement(Model):
    statement_no: int
    id: str | None
    lines: int
    pending_count: int


class StatementImport(Model):
    import_no: int
    file_name: str
    bank_account_no: str
    statements: list[ImportedStatement]
    warnings: list[str]


class Statement(Model):
    bank_account_no: str
    statement_no: int
    import_no: int
    kind: str
    id: str
    sequence: str
    account: str
    currency: str
    opening_date: date | None
    opening_balance: Money | None
    closing_date: date | None
    closing_balance: Money | None
    lines: int
    pending: int


class MatchedEntry(Model):
    entry_no: int
    posting_date: date | None
    document_no: str
    description: str
    amount: Money
    match_kind: str
    explanation: str
    """Why the line and the entry were paired."""


class ReconciliationLine(Model):
    line_no: int
    booking_date: date | None
    amount: Money
    text: str
    counterparty_name: str
    applied: bool
    entries: list[MatchedEntry]


class OutstandingEntry(Model):
    entry_no: int
    posting_date: date
    document_no: str
    description: str
    amount: Money


class Reconciliation(Model):
    bank_account_no: str
    statement_no: int
    status: Literal["open", "posted"]
    statement_date: date | None
    balance_last_statement: Money
    total_lines: Money
    closing_balance: Money | None
    difference: Money | None
    matched_lines: int
    unmatched_lines: int
    lines: list[ReconciliationLine]
    outstanding: list[OutstandingEntry]
    outstanding_total: Money


class AutoMatch(Model):
    date_tolerance: int | None = None
    """Days a line's date may lie from the entry's (the service's default when left out)."""


class AutoMatched(Model):
    pairs: int
    reconciliation: Reconciliation


class ManualMatch(Model):
    line_nos: list[int]
    entry_nos: list[int]


class Unmatched(Model):
    line_nos: list[int]
    reconciliation: Reconciliation


class Transfer(Model):
    gl_account: str
    template: str = "GENERAL"
    batch: str = "DEFAULT"


class Transferred(Model):
    template: str
    batch: str
    document_no: str


@router.post(BASE, status_code=status.HTTP_201_CREATED)
def import_file(
    engine: EngineDep,
    who: Enterer,
    no: str,
    file: Annotated[UploadFile, File(description="camt.052/053/054, MT940 or CSV.")],
    format: Annotated[Literal["camt", "mt940", "csv"] | None, Form()] = None,  # noqa: A002
) -> StatementImport:
    """Import every statement of the file, or none (409 when it or its money was imported
    before, or it belongs to another account; 422 when it cannot be read)."""
    result = statements.import_statements(
        engine,
        who.company_id,
        file.file.read(),
        file.filename or "statement",
        bank_account_no=no,
        format=format,
        user=who.username,
    )
    return build(StatementImport, result)


@router.get(BASE)
def list_statements(
    engine: EngineDep, who: Reader, no: str, limit: Limit = 50, offset: Offset = 0
) -> list[Statement]:
    """The account's imported statements, newest first."""
    rows = statements.list_statements(engine, who.company_id, no, limit=limit, offset=offset)
    return [build(Statement, row) for row in rows]


@router.get(ONE)
def get_reconciliation(
    engine: EngineDep, who: Reader, no: str, statement_no: int
) -> Reconciliation:
    """The statement's reconciliation: lines with their matched entries and why, the open
    entries not matched, the totals and the difference."""
    return build(Reconciliation, bankrec.show(engine, who.company_id, no, statement_no))


@router.post(ONE + "/match-automatically")
def match_automatically(
    engine: EngineDep,
    who: Enterer,
    no: str,
    statement_no: int,
    body: AutoMatch | None = None,
) -> AutoMatched:
    """Pair the unmatched lines with free open entries; lines matched before stay."""
    options = {}
    if body is not None and body.date_tolerance is not None:
        options["date_tolerance"] = body.date_tolerance
    pairs = bankrec.match_automatically(
        engine, who.company_id, no, statement_no, user=who.username, **options
    )
    view = bankrec.show(engine, who.company_id, no, statement_no)
    return AutoMatched(pairs=pairs, reconciliation=build(Reconciliation, view))


@router.post(ONE + "/matches", status_code=status.HTTP_201_CREATED)
def match_manually(
    engine: EngineDep, who: Enterer, no: str, statement_no: int, body: ManualMatch
) -> Reconciliation:
    """Match lines to entries by hand: one line to several entries, or several lines to one
    entry; the amounts must add up."""
    bankrec.match_manually(
        engine, who.company_id, no, statement_no, body.line_nos, body.entry_nos, user=who.username
    )
    return build(Reconciliation, bankrec.show(engine, who.company_id, no, statement_no))


@router.delete(ONE + "/matches/{line_no}")
def remove_match(
    engine: EngineDep, who: Enterer, no: str, statement_no: int, line_no: int
) -> Unmatched:
    """Unmatch the line and every line matched together with it."""
    lines = bankrec.remove_match(engine, who.company_id, no, statement_no, line_no, who.username)
    view = bankrec.show(engine, who.company_id, no, statement_no)
    return Unmatched(line_nos=lines, reconciliation=build(Reconciliation, view))


@router.post(ONE + "/lines/{line_no}/transfer", status_code=status.HTTP_201_CREATED)
def transfer(
    engine: EngineDep, who: Enterer, no: str, statement_no: int, line_no: int, body: Transfer
) -> Transferred:
    """Put an unmatched line in a journal against a G/L account (fees, interest); post the
    journal, then match the line to the bank ledger entry it made."""
    document_no = bankrec.transfer_to_journal(
        engine,
        who.company_id,
        no,
        statement_no,
        line_no,
        body.gl_account,
        template=body.template,
        batch=body.batch,
        user=who.username,
    )
    return Transferred(template=body.template, batch=body.batch, document_no=document_no)


@router.post(ONE + "/post")
def post(engine: EngineDep, who: Approver, no: str, statement_no: int) -> Reconciliation:
    """Close the matched entries with the statement no. (422 when the closing balance is not
    the last balance plus the lines, or earlier statements are not posted)."""
    view = bankrec.post(engine, who.company_id, no, statement_no, user=who.username)
    return build(Reconciliation, view)


@router.post(ONE + "/undo")
def undo(engine: EngineDep, who: Approver, no: str, statement_no: int) -> Reconciliation:
    """Undo the account's newest posted reconciliation; its matches stay."""
    view = bankrec.undo(engine, who.company_id, no, statement_no, user=who.username)
    return build(Reconciliation, view)
