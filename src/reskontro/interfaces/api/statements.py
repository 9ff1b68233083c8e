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

from reskontro.domain.errors import ValidationError
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
    status: str
    """``provisional`` (a camt.052), ``superseded`` (nothing of it was new), else blank."""


class Link(Model):
    """A batch line linked to the file that itemises it."""

    statement_no: int
    line_no: int
    booking_date: date | None
    amount: Money
    detail_kind: Literal["ocr", "camt.054", "camt.053"]
    detail_import_no: int
    details: int
    matched_by: str
    note: str


class Superseded(Model):
    """A camt.052 report an imported statement took the place of."""

    statement_no: int
    replaced: int
    dropped: int
    status: str
    superseded_by: int


class StatementImport(Model):
    import_no: int
    file_name: str
    bank_account_no: str
    statements: list[ImportedStatement]
    warnings: list[str]
    linked: list[Link]
    superseded: list[Superseded]
    notifications: int
    """The entries of a camt.054, kept as details (a camt.054 adds no statement lines)."""
    waiting: int
    """Lump sums of detail files of the account whose statement line has not come yet."""


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
    status: str
    superseded_by: int | None


class Detail(Model):
    """One payment of a batch line, from the file that itemises it."""

    detail_no: int
    amount: Money
    booking_date: date | None
    text: str
    counterparty_name: str
    counterparty_account: str
    references: list[str]
    end_to_end_id: str
    import_no: int


class StatementLine(Model):
    line_no: int
    booking_date: date | None
    value_date: date | None
    amount: Money
    text: str
    counterparty_name: str
    counterparty_account: str
    bank_reference: str
    references: list[str]
    batch_count: int
    applied: bool
    detail_kind: str
    """``ocr``: its payments were put in a journal by the OCR import, so the line is for bank
    reconciliation only; ``camt.054``/``camt.053``: its payments are the details."""
    detail_import_no: int | None
    detail_note: str
    details: list[Detail]


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
    profile: Annotated[str | None, Form(description="A built-in CSV profile's name.")] = None,
) -> StatementImport:
    """Import every statement of the file, or none (409 when it or its money was imported
    before, or it belongs to another account; 422 when it cannot be read). A CSV file is read
    with *profile*, else the bank account's own profile, else the generic one. A camt.052 is
    imported provisional; a camt.054 adds no lines and is linked to its batch lines."""
    chosen = None
    if profile:
        from reskontro.formats.bank_csv import PROFILES

        if profile not in PROFILES:
            raise ValidationError(f"no CSV profile {profile!r}; give one of {', '.join(PROFILES)}")
        chosen = PROFILES[profile]
    result = statements.import_statements(
        engine,
        who.company_id,
        file.file.read(),
        file.filename or "statement",
        bank_account_no=no,
        format=format,
        profile=chosen,
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


@router.get(ONE + "/lines")
def get_lines(engine: EngineDep, who: Reader, no: str, statement_no: int) -> list[StatementLine]:
    """The statement's lines, each batch line with the payments that itemise it (its
    ``details``, from an OCR giro file, a camt.054 or its own transaction details)."""
    detail = statements.get_statement(engine, who.company_id, no, statement_no)
    return [build(StatementLine, line) for line in detail.lines]


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
