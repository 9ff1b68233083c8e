"""Importing bank statements (camt.052/053, MT940, CSV) safely, and only once (DESIGN §6).

One file is one unit of work: every statement of it is imported, or none. Before anything is
written the file is checked against the bank account (its account, its currency, the opening
balance against the last imported statement's closing balance, the statement sequence), and
every piece of money in it is compared with what was imported before, by four identities:

1. the file's SHA-256;
2. each statement's identity: kind, account, statement id and sequence;
3. each booked entry's bank reference (camt ``AcctSvcrRef``, MT940 ``//``) with its position:
   booking date, amount, and how many entries before it in the file had the same three;
4. each booked entry's content (booking date, amount, counterparty account, text, structured
   references) with an occurrence counter, for banks that repeat or leave out their ids.

The identities 2-4 are kept in ``imported_payment``; a collision refuses the whole file and
names the earlier import. Only booked entries become statement lines; pending and
information-only entries are counted and reported. A batch entry ("Sumpost OCR", a camt entry
with many transactions) is one line with its batch count; linking it to its detail file (OCR
giro, camt.054) is for the reconciliation to do.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from reskontro.domain.errors import AmountError, ImportRefused, NotFoundError, ValidationError
from reskontro.domain.money import to_minor
from reskontro.formats.statements import BOOKED, Entry, Statement, parse_statement_file
from reskontro.services.imports import log_import, refuse_repeat, sha256
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork

if TYPE_CHECKING:
    from reskontro.formats.bank_csv import CsvProfile

KIND = "bank-statement"
#: Statements whose balances follow on from each other (a camt.052 report is intraday).
CHAINED = ("camt.053", "mt940", "csv")
_CHUNK = 500
_BATCH_TEXT = re.compile(r"^\s*sumpost\b", re.IGNORECASE)


@dataclass(frozen=True)
class ImportedStatement:
    statement_no: int
    id: str | None
    lines: int
    pending_count: int


@dataclass(frozen=True)
class StatementImportResult:
    import_no: int
    file_name: str
    bank_account_no: str
    statements: list[ImportedStatement]
    warnings: list[str] = field(default_factory=list)


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


@dataclass(frozen=True)
class StatementDetail:
    statement: StatementInfo
    lines: list[StatementLineInfo]


@dataclass
class _Planned:
    """One statement of the file, checked and ready to write."""

    statement: Statement
    identity: str | None
    lines: list[dict[str, Any]]
    identities: list[tuple[str, str]]
    """(identity, what it is, in words) for each booked entry's reference and content."""
    pending: int


def compact(account: str | None) -> str:
    """An account number without spaces, dots and dashes, upper case.

    >>> compact("NO93 8601.11-17947")
    'NO9386011117947'
    """
    return re.sub(r"[^0-9A-Za-z]", "", account or "").upper()


def _file_accounts(account: str) -> set[str]:
    """The forms a file's account may match: as given, and after a ``BIC/`` prefix."""
    forms = {compact(account)}
    if "/" in account:
        forms.add(compact(account.rsplit("/", 1)[1]))
    return forms - {""}


def _our_accounts(bank: m.BankAccount) -> set[str]:
    iban = compact(bank.iban)
    forms = {iban, compact(bank.bank_account_no)}
    if len(iban) > 4:
        forms.add(iban[4:])  # the national account number inside the IBAN
    return forms - {""}


def _digest(*parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _clip(value: str | None, length: int) -> str:
    return (value or "")[:length]


def _sequence_key(sequence: str | None) -> tuple[int, ...] | None:
    numbers = re.findall(r"\d+", sequence or "")
    return tuple(int(n) for n in numbers) if numbers else None


def _cents(value: Decimal | None, what: str) -> None:
    if value is None:
        return
    try:
        to_minor(value)
    except AmountError:
        raise ValidationError(
            f"{what}: {value} has more than two decimals; reskontro keeps bank amounts in "
            "cents, so this file cannot be imported"
        ) from None


def _name(statement: Statement) -> str:
    return f"statement {statement.id}" if statement.id else f"the {statement.kind} statement"


def _entry_words(statement: Statement, entry: Entry) -> str:
    when = entry.booking_date.isoformat() if entry.booking_date else "no date"
    text = (entry.text or entry.counterparty_name or "").strip()[:40]
    return f"{_name(statement)}: {when} {entry.amount}" + (f" {text!r}" if text else "")


def _plan(
    statement: Statement,
    bank: m.BankAccount,
    currency: str,
    file_name: str,
    warnings: list[str],
) -> _Planned:
    name = _name(statement)
    if statement.kind == "camt.054":
        raise ImportRefused(
            f"{file_name}: {name} is a camt.054 notification (the details of payments a "
            "statement books); import the camt.053 statement or MT940 file of the account"
        )
    ours = _our_accounts(bank)
    if statement.account:
        if not ours:
            raise ValidationError(
                f"Bank account {bank.no} has no IBAN or bank account no., so {file_name} cannot "
                f"be checked; set it with: reskontro bank-account update {bank.no} --iban …"
            )
        if not _file_accounts(statement.account) & ours:
            raise ImportRefused(
                f"{file_name}: {name} is for account {statement.account}, but bank account "
                f"{bank.no} is {bank.iban or bank.bank_account_no}; import it into the bank "
                "account it belongs to"
            )
    else:
        warnings.append(f"{name} names no account; it was taken to be bank account {bank.no}'s")
    if statement.currency and statement.currency.upper() != currency:
        raise ImportRefused(
            f"{file_name}: {name} is in {statement.currency}, bank account {bank.no} in "
            f"{currency}; import it into a bank account in {statement.currency}"
        )
    _cents(statement.opening_balance, f"{name}, opening balance")
    _cents(statement.closing_balance, f"{name}, closing balance")
    account = compact(statement.account) or bank.no
    identity = None
    if statement.id:
        key = _digest(statement.kind, account, statement.id, statement.sequence)
        identity = f"stmt|{bank.no}|{key[:48]}"
    lines: list[dict[str, Any]] = []
    identities: list[tuple[str, str]] = []
    seen_refs: Counter[tuple[str, date | None, Decimal]] = Counter()
    seen_content: Counter[str] = Counter()
    pending = 0
    total = Decimal(0)
    for entry in statement.entries:
        if entry.status != BOOKED:
            pending += 1
            continue
        words = _entry_words(statement, entry)
        _cents(entry.amount, words)
        total += entry.amount
        references = [(r.kind, r.value) for r in entry.references]
        content = _digest(
            entry.booking_date,
            entry.amount.normalize(),
            compact(entry.counterparty_account),
            " ".join((entry.text or "").split()),
            json.dumps(references),
        )
        seen_content[content] += 1
        identities.append(
            (f"content|{bank.no}|{_digest(content, seen_content[content])[:48]}", words)
        )
        if entry.bank_reference:
            position = (entry.bank_reference, entry.booking_date, entry.amount.normalize())
            seen_refs[position] += 1
            key = _digest(*position, seen_refs[position])
            identities.append((f"ref|{bank.no}|{key[:48]}", words))
        batch = entry.batch.number_of_transactions if entry.batch else None
        count = batch or (len(entry.transactions) if len(entry.transactions) > 1 else 0)
        if count or _BATCH_TEXT.match(entry.text or ""):
            warnings.append(
                f"{words} is a batch line, kept as one line"
                + (f" of {count} payments" if count else "")
                + "; it is not linked to its detail file (OCR giro, camt.054)"
            )
        lines.append(
            {
                "amount": entry.amount,
                "booking_date": entry.booking_date,
                "value_date": entry.value_date,
                "bank_reference": _clip(entry.bank_reference, 100),
                "text": entry.text or "",
                "counterparty_name": _clip(entry.counterparty_name, 140),
                "counterparty_account": _clip(entry.counterparty_account, 70),
                "references": json.dumps(
                    [{"kind": k, "value": v} for k, v in references], ensure_ascii=False
                ),
                "end_to_end_ids": " ".join(
                    t.end_to_end_id for t in entry.transactions if t.end_to_end_id
                ),
                "batch_count": count,
                "status": BOOKED,
                "content_key": content,
                "applied": False,
            }
        )
    if pending:
        warnings.append(
            f"{name}: {pending} pending or information-only entr"
            f"{'ies were' if pending != 1 else 'y was'} not imported"
        )
    opening, closing = statement.opening_balance, statement.closing_balance
    if opening is not None and closing is not None and opening + total != closing:
        warnings.append(
            f"{name}: the opening balance {opening} plus the booked entries {total} is "
            f"{opening + total}, but the statement closes with {closing}"
        )
    return _Planned(statement, identity, lines, identities, pending)


def _refuse_collisions(
    session: Session, company_id: int, file_name: str, plans: Sequence[_Planned]
) -> None:
    wanted: dict[str, str] = {}
    problems: list[str] = []
    for plan in plans:
        items = list(plan.identities)
        if plan.identity:
            items.insert(0, (plan.identity, _name(plan.statement)))
        for identity, words in items:
            if identity in wanted and identity.startswith("stmt|"):
                problems.append(f"{words} is in the file twice")
            wanted.setdefault(identity, words)
    found: dict[str, int] = {}
    keys = list(wanted)
    for start in range(0, len(keys), _CHUNK):
        rows = session.execute(
            select(m.ImportedPayment.identity, m.ImportedPayment.import_no).where(
                m.ImportedPayment.company_id == company_id,
                m.ImportedPayment.identity.in_(keys[start : start + _CHUNK]),
            )
        )
        found.update({str(row[0]): int(row[1]) for row in rows})
    if problems:
        raise ImportRefused(f"{file_name} was not imported: {problems[0]}", problems)
    if not found:
        return
    logs = {
        log.import_no: log
        for log in session.scalars(
            select(m.ImportLog).where(
                m.ImportLog.company_id == company_id,
                m.ImportLog.import_no.in_(set(found.values())),
            )
        )
    }

    def earlier(number: int) -> str:
        log = logs.get(number)
        if log is None:
            return f"import {number}"
        return f"import {number} ({log.file_name}, {log.imported_at.strftime('%Y-%m-%d %H:%M')})"

    reported: set[str] = set()
    for identity in keys:
        if identity in found and wanted[identity] not in reported:
            reported.add(wanted[identity])
            problems.append(
                f"{wanted[identity]} was imported before, in {earlier(found[identity])}"
            )
    first = min(found.values())
    raise ImportRefused(
        f"{file_name} holds money imported before, in {earlier(first)}: "
        f"{len(problems)} statement(s) or entries collide; nothing was imported",
        problems,
    )


def _check_chain(
    session: Session, company_id: int, bank_no: str, file_name: str, plans: Sequence[_Planned]
) -> None:
    """Balances follow on from the last statement; sequences go forward."""
    rows = session.scalars(
        select(m.BankStatement)
        .where(m.BankStatement.company_id == company_id, m.BankStatement.bank_account_no == bank_no)
        .order_by(m.BankStatement.statement_no.desc())
        .limit(200)
    ).all()
    closing: tuple[Decimal, str] | None = None
    for row in rows:
        if row.kind in CHAINED and row.closing_balance is not None:
            closing = (
                row.closing_balance,
                f"statement no. {row.statement_no} (import "
                f"{row.import_no}, id {row.statement_id or '-'})",
            )
            break
    last: dict[str, tuple[tuple[int, ...], date | None, str]] = {}
    for row in reversed(rows):
        key = _sequence_key(row.sequence)
        if key is not None:
            last[row.kind] = (key, row.closing_date, f"statement no. {row.statement_no}")
    for plan in plans:
        s = plan.statement
        name = _name(s)
        chained = s.kind in CHAINED and s.opening_balance is not None
        if chained and closing is not None and s.opening_balance != closing[0]:
            raise ImportRefused(
                f"{file_name}: {name} opens with {s.opening_balance}, but the last imported "
                f"{closing[1]} closed with {closing[0]}: statements are missing in between, "
                "or this one overlaps one imported before; import the statements in order"
            )
        if s.kind in CHAINED and s.closing_balance is not None:
            closing = (s.closing_balance, name)
        key = _sequence_key(s.sequence)
        if key is None:
            continue
        before = last.get(s.kind)
        starts = s.opening_date or s.closing_date
        new_year = before is not None and (
            starts is not None and before[1] is not None and starts.year > before[1].year
        )
        if before is not None and key <= before[0] and not new_year:
            raise ImportRefused(
                f"{file_name}: {name} has sequence {s.sequence}, which does not come after the "
                f"last imported {before[2]} (sequence {'/'.join(map(str, before[0]))}); "
                "import the statements in order"
            )
        last[s.kind] = (key, s.closing_date, name)


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
    statements = parse_statement_file(
        data, format, source=file_name, profile=profile, encoding=encoding
    )
    if not statements:
        raise ImportRefused(f"{file_name} holds no statements; nothing was imported")
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
        warnings: list[str] = []
        plans = [_plan(s, bank, currency, file_name, warnings) for s in statements]
        _refuse_collisions(session, company_id, file_name, plans)
        _check_chain(session, company_id, bank.no, file_name, plans)
        lines = sum(len(p.lines) for p in plans)
        identity = ", ".join(p.statement.id or p.statement.kind for p in plans)
        number = log_import(
            session,
            company_id,
            KIND,
            file_name,
            digest,
            lines,
            user=user,
            identity=_clip(f"{bank.no}: {identity}", 200),
        )
        imported = _write(session, company_id, bank.no, number, plans)
        uow.commit()
    return StatementImportResult(number, file_name, bank_account_no, imported, warnings)


def _write(
    session: Session, company_id: int, bank_no: str, import_no: int, plans: Iterable[_Planned]
) -> list[ImportedStatement]:
    last = session.scalar(
        select(m.BankStatement.statement_no)
        .where(m.BankStatement.company_id == company_id, m.BankStatement.bank_account_no == bank_no)
        .order_by(m.BankStatement.statement_no.desc())
        .limit(1)
    )
    statement_no = last or 0
    imported: list[ImportedStatement] = []
    payments: list[dict[str, Any]] = []
    for plan in plans:
        statement_no += 1
        s = plan.statement
        session.add(
            m.BankStatement(
                company_id=company_id,
                bank_account_no=bank_no,
                statement_no=statement_no,
                import_no=import_no,
                kind=s.kind,
                statement_id=_clip(s.id, 100),
                sequence=_clip(s.sequence, 35),
                account=_clip(s.account, 70),
                currency=_clip(s.currency, 3),
                opening_balance=s.opening_balance,
                closing_balance=s.closing_balance,
                opening_date=s.opening_date,
                closing_date=s.closing_date,
                entries=len(plan.lines),
                pending=plan.pending,
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
            }
            for index, line in enumerate(plan.lines, start=1)
        ]
        for start in range(0, len(rows), _CHUNK * 10):
            session.execute(insert(m.BankStatementLine), rows[start : start + _CHUNK * 10])
        keys = [i for i, _ in plan.identities] + ([plan.identity] if plan.identity else [])
        payments.extend(
            {"company_id": company_id, "identity": k, "import_no": import_no} for k in keys
        )
        imported.append(ImportedStatement(statement_no, s.id, len(plan.lines), plan.pending))
    for start in range(0, len(payments), _CHUNK * 10):
        session.execute(insert(m.ImportedPayment), payments[start : start + _CHUNK * 10])
    return imported


# -- reading ---------------------------------------------------------------------------------


_COLUMNS = {"id": "statement_id", "lines": "entries"}


def _info(row: m.BankStatement) -> StatementInfo:
    return StatementInfo(
        **{f.name: getattr(row, _COLUMNS.get(f.name, f.name)) for f in fields(StatementInfo)}
    )


def _line(row: m.BankStatementLine) -> StatementLineInfo:
    values = {f.name: getattr(row, f.name) for f in fields(StatementLineInfo)}
    values["references"] = [r["value"] for r in json.loads(row.references or "[]")]
    return StatementLineInfo(**values)


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
    """One imported statement with its lines."""
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
        return StatementDetail(_info(row), [_line(line) for line in lines])
