"""Importing bank statements (camt.052/053/054, MT940, CSV) safely, and only once (DESIGN §6).

One file is one unit of work: every statement of it is imported, or none. Before anything is
written the file is checked against the bank account (its account, its currency, the opening
balance against the last imported statement's closing balance, the statement sequence), and
every piece of money in it is compared with what was imported before, by four identities:

1. the file's SHA-256;
2. each statement's identity: kind, account, statement id and sequence;
3. each booked entry's bank reference (camt ``AcctSvcrRef``, MT940 ``//``) with its position:
   booking date, amount, and how many entries before it in the statement had the same three;
4. each booked entry's content (booking date, amount, counterparty account, text, structured
   references) with an occurrence counter, for banks that repeat or leave out their ids.

The identities 2-4 are kept in ``imported_payment``; a collision refuses the whole file and
names the earlier import. Only booked entries become statement lines; pending and
information-only entries are counted and reported.

Three kinds of file are not plain statements:

* a camt.052 intraday report is imported *provisional*, and the final statement supersedes
  it (:mod:`reskontro.services.provisional_statements`);
* a camt.054 notification adds no lines and no balances: its entries are the details of batch
  lines, linked to them now or when the statement comes
  (:mod:`reskontro.services.statement_details`), and its money is never counted twice;
* a batch entry ("Sumpost OCR", a camt entry with many transactions) is one line with its
  batch count; when its own transaction details carry amounts they are put under it, else
  the OCR giro file or camt.054 that itemises it is linked to it.

A CSV file imported without a profile is read with the profile saved on the bank account
(:func:`set_csv_profile`), else the generic one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from reskontro.domain.errors import ImportRefused, NotFoundError
from reskontro.formats.statements import BOOKED, Statement, detect_format, parse_statement_file
from reskontro.services.imports import log_import, refuse_repeat, sha256
from reskontro.services.provisional_statements import REPORT, Reports, Superseded, covered_days
from reskontro.services.statement_details import (
    DetailInfo,
    Link,
    details_of,
    link_details,
    notification_batches,
    pending_batches,
    store_batches,
    write_details,
)
from reskontro.services.statement_plans import (
    CHAINED,
    Keyer,
    Planned,
    cents,
    check_account,
    check_chain,
    clip,
    content_key,
    drop_known,
    entry_words,
    lookup,
    plan_statement,
    refuse_collisions,
    statement_identity,
    wanted_identities,
)
from reskontro.storage import models as m
from reskontro.storage.audit import record
from reskontro.storage.uow import UnitOfWork

if TYPE_CHECKING:
    from reskontro.formats.bank_csv import CsvProfile

KIND = "bank-statement"
NOTIFICATION = "camt.054"
_CHUNK = 500


@dataclass(frozen=True)
class ImportedStatement:
    statement_no: int
    id: str | None
    lines: int
    pending_count: int
    status: str = ""
    """``provisional`` for a camt.052 report, ``superseded`` when nothing of it was new."""


@dataclass(frozen=True)
class StatementImportResult:
    import_no: int
    file_name: str
    bank_account_no: str
    statements: list[ImportedStatement]
    warnings: list[str] = field(default_factory=list)
    linked: list[Link] = field(default_factory=list)
    """Batch lines linked to their details by this import (either side of the link)."""
    superseded: list[Superseded] = field(default_factory=list)
    """camt.052 reports the imported statements took the place of."""
    notifications: int = 0
    """The entries of a camt.054 kept as details (none of them is a statement line)."""
    waiting: int = 0
    """Lump sums of detail files of the bank account still waiting for their statement line."""


@dataclass(frozen=True)
class StatementInfo:
    bank_account_no: str
    statement_no: int
    import_no: int
    kind: str
    id: str
    sequence: str
    account: str
    currency: str
    opening_date: date | None
    opening_balance: Decimal | None
    closing_date: date | None
    closing_balance: Decimal | None
    lines: int
    pending: int
    status: str = ""
    superseded_by: int | None = None


@dataclass(frozen=True)
class StatementLineInfo:
    line_no: int
    booking_date: date | None
    value_date: date | None
    amount: Decimal
    text: str
    counterparty_name: str
    counterparty_account: str
    bank_reference: str
    references: list[str]
    end_to_end_ids: str
    batch_count: int
    applied: bool
    detail_kind: str = ""
    """``ocr``: itemised by an OCR giro file whose payments are in a journal already, so the
    line is for bank reconciliation only; ``camt.054`` or ``camt.053``: see :attr:`details`."""
    detail_import_no: int | None = None
    detail_note: str = ""
    details: list[DetailInfo] = field(default_factory=list)


@dataclass(frozen=True)
class StatementDetail:
    statement: StatementInfo
    lines: list[StatementLineInfo]


# -- importing -----------------------------------------------------------------------------------


def import_statements(
    engine: Engine,
    company_id: int,
    data: bytes,
    file_name: str,
    *,
    bank_account_no: str,
    format: str | None = None,  # noqa: A002 - the name the command line uses
    profile: CsvProfile | None = None,
    encoding: str | None = None,
    user: str = "",
) -> StatementImportResult:
    """Import every statement of a bank statement file into *bank_account_no*, or none."""
    file_format = format or detect_format(data)
    if file_format == "csv" and profile is None:
        profile = get_csv_profile(engine, company_id, bank_account_no)
    statements = parse_statement_file(
        data, file_format, source=file_name, profile=profile, encoding=encoding
    )
    if not statements:
        raise ImportRefused(f"{file_name} holds no statements; nothing was imported")
    kinds = {s.kind for s in statements}
    if NOTIFICATION in kinds and len(kinds) > 1:
        others = ", ".join(sorted(kinds - {NOTIFICATION}))
        raise ImportRefused(
            f"{file_name} mixes camt.054 notifications with {others} statements; import them "
            "as separate files; nothing was imported"
        )
    digest = sha256(data)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        refuse_repeat(session, company_id, KIND, digest, file_name)
        bank = session.scalars(
            select(m.BankAccount)
            .where(m.BankAccount.company_id == company_id, m.BankAccount.no == bank_account_no)
            .with_for_update()
        ).one_or_none()
        if bank is None:
            raise NotFoundError(f"Bank account {bank_account_no} does not exist")
        company = session.get(m.Company, company_id)
        currency = (bank.currency or (company.currency if company else "")).upper()
        if kinds == {NOTIFICATION}:
            result = _import_notifications(
                session, company_id, bank, currency, statements, file_name, digest, user
            )
        else:
            result = _import(
                session, company_id, bank, currency, statements, file_name, digest, user
            )
        uow.commit()
    return result


def _import(
    session: Session,
    company_id: int,
    bank: m.BankAccount,
    currency: str,
    statements: list[Statement],
    file_name: str,
    digest: str,
    user: str,
) -> StatementImportResult:
    warnings: list[str] = []
    plans = [plan_statement(s, bank, currency, file_name, warnings) for s in statements]
    wanted, problems = wanted_identities(plans)
    found = lookup(session, company_id, list(wanted))
    reports = Reports(session, company_id, bank.no, Keyer)
    for plan in plans:
        if plan.statement.kind == REPORT:
            drop_known(session, company_id, bank.no, plan, found, warnings)
    for index, plan in enumerate(plans):
        if plan.statement.kind in CHAINED:
            for ids in plan.line_ids:
                reports.claim(ids, found, index)
    for index, plan in enumerate(plans):
        days = [line["booking_date"] for line in plan.lines] + [plan.statement.closing_date]
        covered = covered_days(days)
        if plan.statement.kind in CHAINED and covered and reports.statements:
            reports.cover(covered, index)
    wanted, more = wanted_identities(plans)
    refuse_collisions(session, company_id, file_name, wanted, found, problems + more)
    check_chain(session, company_id, bank.no, file_name, plans)
    identity = ", ".join(p.statement.id or p.statement.kind for p in plans)
    number = log_import(
        session,
        company_id,
        KIND,
        file_name,
        digest,
        sum(len(p.lines) for p in plans),
        user=user,
        identity=clip(f"{bank.no}: {identity}", 200),
    )
    first = _last_statement_no(session, company_id, bank.no) + 1
    superseded = reports.apply([first + i for i in range(len(plans))], user)
    imported, keys = _write(session, company_id, bank.no, number, first, plans)
    links, link_warnings = link_details(session, company_id, bank.no)
    warnings.extend(link_warnings)
    linked = {(link.statement_no, link.line_no) for link in links}
    for key, words in keys:
        if key not in linked:
            warnings.append(
                f"{words} is a batch line, kept as one line; it is not linked to a detail file "
                "(OCR giro, camt.054) yet, and will be when one is imported"
            )
    for gone in superseded:
        warnings.append(
            f"camt.052 statement no. {gone.statement_no}: {gone.replaced} line(s) replaced and "
            f"{gone.dropped} dropped by statement no. {gone.superseded_by}; it is {gone.status}"
        )
    return StatementImportResult(
        number,
        file_name,
        bank.no,
        imported,
        warnings,
        linked=links,
        superseded=superseded,
        waiting=pending_batches(session, company_id, bank.no),
    )


def _import_notifications(
    session: Session,
    company_id: int,
    bank: m.BankAccount,
    currency: str,
    statements: list[Statement],
    file_name: str,
    digest: str,
    user: str,
) -> StatementImportResult:
    """A camt.054: its entries kept as lump sums and linked to their batch lines, if in."""
    warnings: list[str] = []
    items: list[tuple[str, str]] = []
    batches = []
    for index, statement in enumerate(statements, start=1):
        check_account(statement, bank, currency, file_name, warnings)
        identity = statement_identity(statement, bank)
        if identity:
            items.append((identity, f"notification {statement.id}"))
        keyer = Keyer(bank.no, prefix="n054-")
        for entry in statement.entries:
            if entry.status != BOOKED:
                continue
            words = entry_words(statement, entry).replace("statement", "notification", 1)
            cents(entry.amount, words)
            for t in entry.transactions:
                cents(t.amount, f"{words}, a transaction's amount")
            ids = keyer(
                content_key(entry),
                clip(entry.bank_reference, 100),
                entry.booking_date,
                entry.amount,
            )
            items.extend((i, words) for i in ids)
        batches.extend(notification_batches(statement, index))
    wanted: dict[str, str] = {}
    for identity, words in items:
        wanted.setdefault(identity, words)
    found = lookup(session, company_id, list(wanted))
    refuse_collisions(session, company_id, file_name, wanted, found, [])
    if not batches:
        raise ImportRefused(f"{file_name} holds no booked entries; nothing was imported")
    number = log_import(
        session,
        company_id,
        KIND,
        file_name,
        digest,
        len(batches),
        user=user,
        identity=clip(f"{bank.no}: camt.054 " + ", ".join(s.id or "" for s in statements), 200),
    )
    store_batches(session, company_id, bank.no, number, batches)
    session.execute(
        insert(m.ImportedPayment),
        [{"company_id": company_id, "identity": i, "import_no": number} for i in wanted],
    )
    links, link_warnings = link_details(session, company_id, bank.no)
    warnings.extend(link_warnings)
    waiting = pending_batches(session, company_id, bank.no)
    unlinked = pending_batches(session, company_id, bank.no, import_no=number)
    if unlinked:
        warnings.append(
            f"{unlinked} of the notification's {len(batches)} entries have no statement line "
            "yet; they are kept and linked when the statement is imported"
        )
    return StatementImportResult(
        number,
        file_name,
        bank.no,
        [],
        warnings,
        linked=links,
        notifications=len(batches),
        waiting=waiting,
    )


def _last_statement_no(session: Session, company_id: int, bank_no: str) -> int:
    last = session.scalar(
        select(m.BankStatement.statement_no)
        .where(m.BankStatement.company_id == company_id, m.BankStatement.bank_account_no == bank_no)
        .order_by(m.BankStatement.statement_no.desc())
        .limit(1)
    )
    return last or 0


def _write(
    session: Session,
    company_id: int,
    bank_no: str,
    import_no: int,
    first: int,
    plans: Sequence[Planned],
) -> tuple[list[ImportedStatement], list[tuple[tuple[int, int], str]]]:
    """Write the statements from no. *first*; also returns the batch lines without details."""
    imported: list[ImportedStatement] = []
    batch_lines: list[tuple[tuple[int, int], str]] = []
    payments: list[dict[str, Any]] = []
    for statement_no, plan in enumerate(plans, start=first):
        s = plan.statement
        session.add(
            m.BankStatement(
                company_id=company_id,
                bank_account_no=bank_no,
                statement_no=statement_no,
                import_no=import_no,
                kind=s.kind,
                statement_id=clip(s.id, 100),
                sequence=clip(s.sequence, 35),
                account=clip(s.account, 70),
                currency=clip(s.currency, 3),
                opening_balance=s.opening_balance,
                closing_balance=s.closing_balance,
                opening_date=s.opening_date,
                closing_date=s.closing_date,
                entries=len(plan.lines),
                pending=plan.pending,
                status=plan.status,
                superseded_by=plan.superseded_by,
            )
        )
        session.flush()
        rows = [
            {
                **line,
                "company_id": company_id,
                "bank_account_no": bank_no,
                "statement_no": statement_no,
                "line_no": index * 10000,
                "detail_import_no": import_no if line["detail_kind"] else None,
            }
            for index, line in enumerate(plan.lines, start=1)
        ]
        for start in range(0, len(rows), _CHUNK * 10):
            session.execute(insert(m.BankStatementLine), rows[start : start + _CHUNK * 10])
        for index, (own, is_batch, words) in enumerate(
            zip(plan.details, plan.batch, plan.words, strict=True), start=1
        ):
            if own:
                write_details(
                    session, company_id, bank_no, statement_no, index * 10000, import_no, own
                )
            elif is_batch:
                batch_lines.append(((statement_no, index * 10000), words))
        keys = [i for ids in plan.line_ids for i in ids]
        keys += [plan.identity] if plan.identity else []
        payments.extend(
            {"company_id": company_id, "identity": k, "import_no": import_no} for k in keys
        )
        imported.append(
            ImportedStatement(statement_no, s.id, len(plan.lines), plan.pending, plan.status)
        )
    for start in range(0, len(payments), _CHUNK * 10):
        session.execute(insert(m.ImportedPayment), payments[start : start + _CHUNK * 10])
    return imported, batch_lines


# -- the CSV profile of a bank account -----------------------------------------------------------


def get_csv_profile(engine: Engine, company_id: int, bank_account_no: str) -> CsvProfile | None:
    """The CSV profile saved on the bank account, if any."""
    from reskontro.formats.bank_csv import PROFILES, CsvProfile

    with UnitOfWork(engine) as uow:
        row = uow.session.get(m.BankAccountCsvProfile, (company_id, bank_account_no))
        if row is None:
            return None
        if row.profile_json:
            return CsvProfile.from_mapping(json.loads(row.profile_json))
        return PROFILES.get(row.profile_name)


def set_csv_profile(
    engine: Engine,
    company_id: int,
    bank_account_no: str,
    profile: CsvProfile | None,
    *,
    user: str = "",
) -> None:
    """Save the CSV profile the bank account's statements come in (``None``: forget it).
    A built-in profile is saved by its name, any other one whole."""
    from reskontro.formats.bank_csv import PROFILES

    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        if session.get(m.BankAccount, (company_id, bank_account_no)) is None:
            raise NotFoundError(f"Bank account {bank_account_no} does not exist")
        row = session.get(m.BankAccountCsvProfile, (company_id, bank_account_no))
        if profile is None:
            if row is not None:
                session.delete(row)
        else:
            builtin = PROFILES.get(profile.name) == profile
            values = {
                "profile_name": profile.name[:50],
                "profile_json": "" if builtin else json.dumps(profile.to_mapping()),
            }
            if row is None:
                session.add(
                    m.BankAccountCsvProfile(
                        company_id=company_id, bank_account_no=bank_account_no, **values
                    )
                )
            else:
                row.profile_name, row.profile_json = values["profile_name"], values["profile_json"]
        record(
            session,
            company_id,
            user,
            "setup",
            "bank_account",
            bank_account_no,
            csv_profile=profile.name if profile else "",
        )
        uow.commit()


# -- reading ---------------------------------------------------------------------------------


_COLUMNS = {"id": "statement_id", "lines": "entries"}


def _info(row: m.BankStatement) -> StatementInfo:
    return StatementInfo(
        **{f.name: getattr(row, _COLUMNS.get(f.name, f.name)) for f in fields(StatementInfo)}
    )


def _line(row: m.BankStatementLine, details: list[DetailInfo]) -> StatementLineInfo:
    values = {
        f.name: getattr(row, f.name) for f in fields(StatementLineInfo) if f.name != "details"
    }
    values["references"] = [r["value"] for r in json.loads(row.references or "[]")]
    return StatementLineInfo(**values, details=details)


def list_statements(
    engine: Engine,
    company_id: int,
    bank_account_no: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[StatementInfo]:
    """Imported statements, newest first (per bank account)."""
    query = select(m.BankStatement).where(m.BankStatement.company_id == company_id)
    if bank_account_no is not None:
        query = query.where(m.BankStatement.bank_account_no == bank_account_no)
    query = (
        query.order_by(m.BankStatement.bank_account_no, m.BankStatement.statement_no.desc())
        .limit(limit)
        .offset(offset)
    )
    with UnitOfWork(engine) as uow:
        return [_info(row) for row in uow.session.scalars(query)]


def get_statement(
    engine: Engine, company_id: int, bank_account_no: str, statement_no: int
) -> StatementDetail:
    """One imported statement with its lines, and each line's details."""
    with UnitOfWork(engine) as uow:
        row = uow.session.get(m.BankStatement, (company_id, bank_account_no, statement_no))
        if row is None:
            raise NotFoundError(
                f"Bank account {bank_account_no} has no imported statement {statement_no}; "
                "see: reskontro statement list"
            )
        lines = uow.session.scalars(
            select(m.BankStatementLine)
            .where(
                m.BankStatementLine.company_id == company_id,
                m.BankStatementLine.bank_account_no == bank_account_no,
                m.BankStatementLine.statement_no == statement_no,
            )
            .order_by(m.BankStatementLine.line_no)
        )
        details = details_of(uow.session, company_id, bank_account_no, statement_no)
        return StatementDetail(
            _info(row), [_line(line, details.get(line.line_no, [])) for line in lines]
        )
