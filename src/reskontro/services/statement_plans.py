"""Checking a bank statement file before it is imported: each statement against the bank
account (account, currency, balances following on, sequence going forward) and each booked
entry against the money imported before, by the identities :mod:`reskontro.services.statements`
describes. Nothing here writes; the import does, once every check has passed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reskontro.domain.errors import AmountError, ImportRefused, ValidationError
from reskontro.domain.money import to_minor
from reskontro.formats.statements import BOOKED, Entry, Statement
from reskontro.services.provisional_statements import (
    PROVISIONAL,
    REPORT,
    SUPERSEDED,
    first_statement_of,
)
from reskontro.services.statement_details import (
    CAMT053,
    Payment,
    detail_note,
    entry_payments,
    is_batch_text,
)
from reskontro.storage import models as m

#: Statements whose balances follow on from each other (a camt.052 report is intraday).
CHAINED = ("camt.053", "mt940", "csv")
_CHUNK = 500


class Keyer:
    """The identities 3 and 4 of a statement's booked entries, given in file order."""

    def __init__(self, bank_no: str, prefix: str = "") -> None:
        self.bank_no = bank_no
        self.prefix = prefix
        self.contents: Counter[str] = Counter()
        self.refs: Counter[tuple[str, date | None, Decimal]] = Counter()

    def __call__(
        self, content_key: str, bank_reference: str, booking_date: date | None, amount: Decimal
    ) -> list[str]:
        self.contents[content_key] += 1
        key = digest(content_key, self.contents[content_key])
        identities = [f"{self.prefix}content|{self.bank_no}|{key[:48]}"]
        if bank_reference:
            position = (bank_reference, booking_date, amount.normalize())
            self.refs[position] += 1
            key = digest(*position, self.refs[position])
            identities.append(f"{self.prefix}ref|{self.bank_no}|{key[:48]}")
        return identities


@dataclass
class Planned:
    """One statement of the file, checked and ready to write."""

    statement: Statement
    identity: str | None
    lines: list[dict[str, Any]]
    line_ids: list[list[str]]
    words: list[str]
    """Each line in words, for messages."""
    details: list[list[Payment]]
    """Each line's own transaction details with amounts (a batch entry's), else []."""
    batch: list[bool]
    pending: int
    status: str = ""
    superseded_by: int | None = None

    def identities(self) -> list[tuple[str, str]]:
        """(identity, what it is, in words) for each booked entry's reference and content."""
        return [(i, w) for ids, w in zip(self.line_ids, self.words, strict=True) for i in ids]

    def drop(self, indexes: set[int], bank_no: str) -> None:
        """Leave lines out; the others' identities are counted again without them."""
        keep = [i for i in range(len(self.lines)) if i not in indexes]
        self.lines = [self.lines[i] for i in keep]
        self.words = [self.words[i] for i in keep]
        self.details = [self.details[i] for i in keep]
        self.batch = [self.batch[i] for i in keep]
        keyer = Keyer(bank_no)
        self.line_ids = [line_identities(keyer, line) for line in self.lines]


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


def digest(*parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clip(value: str | None, length: int) -> str:
    return (value or "")[:length]


def sequence_key(sequence: str | None) -> tuple[int, ...] | None:
    numbers = re.findall(r"\d+", sequence or "")
    return tuple(int(n) for n in numbers) if numbers else None


def cents(value: Decimal | None, what: str) -> None:
    if value is None:
        return
    try:
        to_minor(value)
    except AmountError:
        raise ValidationError(
            f"{what}: {value} has more than two decimals; reskontro keeps bank amounts in "
            "cents, so this file cannot be imported"
        ) from None


def statement_name(statement: Statement) -> str:
    return f"statement {statement.id}" if statement.id else f"the {statement.kind} statement"


def entry_words(statement: Statement, entry: Entry) -> str:
    when = entry.booking_date.isoformat() if entry.booking_date else "no date"
    text = (entry.text or entry.counterparty_name or "").strip()[:40]
    return f"{statement_name(statement)}: {when} {entry.amount}" + (f" {text!r}" if text else "")


def content_key(entry: Entry) -> str:
    references = [(r.kind, r.value) for r in entry.references]
    return digest(
        entry.booking_date,
        entry.amount.normalize(),
        compact(entry.counterparty_account),
        " ".join((entry.text or "").split()),
        json.dumps(references),
    )


def line_identities(keyer: Keyer, line: dict[str, Any]) -> list[str]:
    return keyer(line["content_key"], line["bank_reference"], line["booking_date"], line["amount"])


def check_account(
    statement: Statement, bank: m.BankAccount, currency: str, file_name: str, warnings: list[str]
) -> None:
    name = statement_name(statement)
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


def statement_identity(statement: Statement, bank: m.BankAccount) -> str | None:
    if not statement.id:
        return None
    account = compact(statement.account) or bank.no
    key = digest(statement.kind, account, statement.id, statement.sequence)
    return f"stmt|{bank.no}|{key[:48]}"


def plan_statement(
    statement: Statement,
    bank: m.BankAccount,
    currency: str,
    file_name: str,
    warnings: list[str],
) -> Planned:
    name = statement_name(statement)
    check_account(statement, bank, currency, file_name, warnings)
    cents(statement.opening_balance, f"{name}, opening balance")
    cents(statement.closing_balance, f"{name}, closing balance")
    plan = Planned(statement, statement_identity(statement, bank), [], [], [], [], [], 0)
    keyer = Keyer(bank.no)
    total = Decimal(0)
    for entry in statement.entries:
        if entry.status != BOOKED:
            plan.pending += 1
            continue
        words = entry_words(statement, entry)
        cents(entry.amount, words)
        total += entry.amount
        batch = entry.batch.number_of_transactions if entry.batch else None
        count = batch or (len(entry.transactions) if len(entry.transactions) > 1 else 0)
        own: list[Payment] = []
        if count and any(t.amount is not None for t in entry.transactions):
            own = entry_payments(entry, whole=False)
            for payment in own:
                cents(payment.amount, f"{words}, a transaction's amount")
        found = entry.batch
        batch_id = (found.payment_information_id or found.message_id) if found else None
        line = {
            "amount": entry.amount,
            "booking_date": entry.booking_date,
            "value_date": entry.value_date,
            "bank_reference": clip(entry.bank_reference, 100),
            "text": entry.text or "",
            "counterparty_name": clip(entry.counterparty_name, 140),
            "counterparty_account": clip(entry.counterparty_account, 70),
            "references": json.dumps(
                [{"kind": r.kind, "value": r.value} for r in entry.references],
                ensure_ascii=False,
            ),
            "end_to_end_ids": " ".join(
                t.end_to_end_id for t in entry.transactions if t.end_to_end_id
            ),
            "batch_count": count,
            "batch_id": clip(batch_id, 100),
            "status": BOOKED,
            "content_key": content_key(entry),
            "applied": False,
            "detail_kind": CAMT053 if own else "",
            "detail_note": detail_note(entry.amount, own) if own else "",
        }
        plan.lines.append(line)
        plan.line_ids.append(line_identities(keyer, line))
        plan.words.append(words)
        plan.details.append(own)
        plan.batch.append(bool(count) or is_batch_text(entry.text))
    if plan.pending:
        warnings.append(
            f"{name}: {plan.pending} pending or information-only entr"
            f"{'ies were' if plan.pending != 1 else 'y was'} not imported"
        )
    opening, closing = statement.opening_balance, statement.closing_balance
    if opening is not None and closing is not None and opening + total != closing:
        warnings.append(
            f"{name}: the opening balance {opening} plus the booked entries {total} is "
            f"{opening + total}, but the statement closes with {closing}"
        )
    if statement.kind == REPORT:
        plan.status = PROVISIONAL
    return plan


# -- looking for money imported before ---------------------------------------------------------


def lookup(session: Session, company_id: int, keys: Sequence[str]) -> dict[str, int]:
    """The identities among *keys* imported before, with the import that brought them."""
    found: dict[str, int] = {}
    for start in range(0, len(keys), _CHUNK):
        rows = session.execute(
            select(m.ImportedPayment.identity, m.ImportedPayment.import_no).where(
                m.ImportedPayment.company_id == company_id,
                m.ImportedPayment.identity.in_(keys[start : start + _CHUNK]),
            )
        )
        found.update({str(row[0]): int(row[1]) for row in rows})
    return found


def wanted_identities(plans: Sequence[Planned]) -> tuple[dict[str, str], list[str]]:
    wanted: dict[str, str] = {}
    problems: list[str] = []
    for plan in plans:
        items = plan.identities()
        if plan.identity:
            items.insert(0, (plan.identity, statement_name(plan.statement)))
        for identity, words in items:
            if identity in wanted and identity.startswith("stmt|"):
                problems.append(f"{words} is in the file twice")
            wanted.setdefault(identity, words)
    return wanted, problems


def refuse_collisions(
    session: Session,
    company_id: int,
    file_name: str,
    wanted: dict[str, str],
    found: dict[str, int],
    problems: list[str],
) -> None:
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
    for identity, words in wanted.items():
        if identity in found and words not in reported:
            reported.add(words)
            problems.append(f"{words} was imported before, in {earlier(found[identity])}")
    first = min(found.values())
    raise ImportRefused(
        f"{file_name} holds money imported before, in {earlier(first)}: "
        f"{len(problems)} statement(s) or entries collide; nothing was imported",
        problems,
    )


def drop_known(
    session: Session,
    company_id: int,
    bank_no: str,
    plan: Planned,
    found: dict[str, int],
    warnings: list[str],
) -> None:
    """A camt.052 report leaves out the entries imported before (by a statement or an earlier
    report); left with none, it is recorded as superseded by that statement."""
    before: set[int] = set()
    dropped = 0
    hits = {i for i, ids in enumerate(plan.line_ids) if any(x in found for x in ids)}
    while hits:
        for i in hits:
            before.update(found.pop(x) for x in plan.line_ids[i] if x in found)
        dropped += len(hits)
        plan.drop(hits, bank_no)
        again = lookup(session, company_id, [x for ids in plan.line_ids for x in ids])
        found.update(again)
        hits = {i for i, ids in enumerate(plan.line_ids) if any(x in again for x in ids)}
    if not dropped:
        return
    warnings.append(
        f"{statement_name(plan.statement)}: {dropped} entr{'ies' if dropped != 1 else 'y'} "
        f"imported before (import {', '.join(map(str, sorted(before)))}) left out"
    )
    if plan.lines:
        return
    finals = [
        no
        for import_no in sorted(before)
        if (no := first_statement_of(session, company_id, bank_no, import_no))
        and (row := session.get(m.BankStatement, (company_id, bank_no, no))) is not None
        and row.kind in CHAINED
    ]
    if finals:
        plan.status, plan.superseded_by = SUPERSEDED, finals[0]


def check_chain(
    session: Session, company_id: int, bank_no: str, file_name: str, plans: Sequence[Planned]
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
        key = sequence_key(row.sequence)
        if key is not None:
            last[row.kind] = (key, row.closing_date, f"statement no. {row.statement_no}")
    for plan in plans:
        s = plan.statement
        name = statement_name(s)
        chained = s.kind in CHAINED and s.opening_balance is not None
        if chained and closing is not None and s.opening_balance != closing[0]:
            raise ImportRefused(
                f"{file_name}: {name} opens with {s.opening_balance}, but the last imported "
                f"{closing[1]} closed with {closing[0]}: statements are missing in between, "
                "or this one overlaps one imported before; import the statements in order"
            )
        if s.kind in CHAINED and s.closing_balance is not None:
            closing = (s.closing_balance, name)
        key = sequence_key(s.sequence)
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
