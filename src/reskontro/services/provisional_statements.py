"""camt.052 intraday reports are provisional; the final statement supersedes them.

A camt.052 is imported as a statement marked ``provisional``: its booked entries become lines,
so the day's money can be seen and matched before the statement comes, but they are not final.
When a final statement of the same bank account arrives (camt.053, MT940 or CSV), it takes
their place instead of colliding with them:

* a report line the statement also has (the same bank reference ``AcctSvcrRef`` with the same
  date and amount, or the same content) is replaced by the statement's line;
* a report line of a day the statement covers (its booking dates and closing date) but which
  the statement does not have is dropped with it: the statement is what the bank booked.

Replaced lines are removed, together with their identities in ``imported_payment`` and their
details, so nothing counts twice; a report left without lines is marked ``superseded`` and
names the statement that replaced it. A lump sum linked to a removed line is freed and links
to the statement's line instead. If a line to be removed is used already (matched in a bank
reconciliation, applied, or referenced by any other record), the statement is refused with
the lines named: undo that use first.

The other order works too: a camt.052 whose entries a statement (or an earlier report) holds
already imports only the entries that are new; one with none left is recorded as superseded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import and_, delete, func, select, tuple_
from sqlalchemy.orm import Session

from reskontro.domain.errors import ImportRefused
from reskontro.services.statement_details import unlink_lines
from reskontro.storage import models as m
from reskontro.storage.audit import record

REPORT = "camt.052"
PROVISIONAL = "provisional"
SUPERSEDED = "superseded"
_CHUNK = 500
_USES = {
    "bank_rec_match": "a bank reconciliation",
    "payment_reconciliation_line": "a payment reconciliation journal",
    "posted_payment_line": "a posted payment reconciliation",
}


class Keyer(Protocol):
    def __call__(
        self, content_key: str, bank_reference: str, booking_date: date | None, amount: Decimal
    ) -> list[str]: ...


@dataclass(frozen=True)
class Superseded:
    """What a final statement did to a provisional report."""

    statement_no: int
    """The report's statement no."""
    replaced: int
    """Its lines the statement also has."""
    dropped: int
    """Its lines of days the statement covers that the statement does not have."""
    status: str
    """``superseded`` when no line is left, else still ``provisional``."""
    superseded_by: int


@dataclass
class _Claim:
    statement_no: int
    """The final statement (its no. once written) that takes the line's place."""
    replaced: bool


class Reports:
    """The bank account's provisional reports, with the identities of their lines."""

    def __init__(self, session: Session, company_id: int, bank_no: str, keyer: type) -> None:
        self.session = session
        self.company_id = company_id
        self.bank_no = bank_no
        self.keyer = keyer
        self.statements = {
            s.statement_no: s
            for s in session.scalars(
                select(m.BankStatement).where(
                    m.BankStatement.company_id == company_id,
                    m.BankStatement.bank_account_no == bank_no,
                    m.BankStatement.status == PROVISIONAL,
                )
            )
        }
        self.lines: dict[tuple[int, int], m.BankStatementLine] = {}
        self.owner: dict[str, tuple[int, int]] = {}
        self.claims: dict[tuple[int, int], _Claim] = {}
        if self.statements:
            self._load()

    def _load(self) -> None:
        line = m.BankStatementLine
        rows = self.session.scalars(
            select(line)
            .where(
                line.company_id == self.company_id,
                line.bank_account_no == self.bank_no,
                line.statement_no.in_(list(self.statements)),
            )
            .order_by(line.statement_no, line.line_no)
        )
        keyers: dict[int, Keyer] = {}
        for row in rows:
            key = (row.statement_no, row.line_no)
            self.lines[key] = row
            keyer = keyers.setdefault(row.statement_no, self.keyer(self.bank_no))
            for identity in keyer(
                row.content_key, row.bank_reference, row.booking_date, row.amount
            ):
                self.owner[identity] = key

    def claim(self, identities: Sequence[str], found: dict[str, int], statement_index: int) -> None:
        """The identities of one line of a final statement: those of a report line are no
        collision; the report line is replaced (*statement_index*: the plan's position)."""
        for identity in identities:
            key = self.owner.get(identity)
            if key is not None and identity in found:
                del found[identity]
                self.claims.setdefault(key, _Claim(statement_index, True))

    def cover(self, days: tuple[date, date], statement_index: int) -> None:
        """Report lines booked on the days a final statement covers go with it."""
        first, last = days
        for key, row in self.lines.items():
            if row.booking_date is not None and first <= row.booking_date <= last:
                self.claims.setdefault(key, _Claim(statement_index, False))

    def apply(self, numbers: Sequence[int], user: str) -> list[Superseded]:
        """Remove the claimed report lines; *numbers*: the final statements' nos. by index."""
        if not self.claims:
            return []
        keys = sorted(self.claims)
        self._refuse_used(keys)
        gone = {identity for identity, key in self.owner.items() if key in self.claims}
        ordered = sorted(gone)
        for start in range(0, len(ordered), _CHUNK):
            self.session.execute(
                delete(m.ImportedPayment).where(
                    m.ImportedPayment.company_id == self.company_id,
                    m.ImportedPayment.identity.in_(ordered[start : start + _CHUNK]),
                )
            )
        unlink_lines(self.session, self.company_id, self.bank_no, keys)
        line = m.BankStatementLine
        for start in range(0, len(keys), _CHUNK):
            self.session.execute(
                delete(line).where(
                    line.company_id == self.company_id,
                    line.bank_account_no == self.bank_no,
                    tuple_(line.statement_no, line.line_no).in_(keys[start : start + _CHUNK]),
                )
            )
        result = []
        for statement_no in sorted({key[0] for key in keys}):
            result.append(self._settle(statement_no, numbers, user))
        return result

    def _settle(self, statement_no: int, numbers: Sequence[int], user: str) -> Superseded:
        statement = self.statements[statement_no]
        mine = [c for key, c in self.claims.items() if key[0] == statement_no]
        left = sum(1 for key in self.lines if key[0] == statement_no and key not in self.claims)
        by = numbers[min(c.statement_no for c in mine)]
        statement.entries = left
        if not left:
            statement.status = SUPERSEDED
            statement.superseded_by = by
        replaced = sum(1 for c in mine if c.replaced)
        record(
            self.session,
            self.company_id,
            user,
            "supersede",
            "bank_statement",
            f"{self.bank_no}/{statement_no}",
            by=by,
            replaced=replaced,
            dropped=len(mine) - replaced,
        )
        return Superseded(statement_no, replaced, len(mine) - replaced, statement.status, by)

    def _refuse_used(self, keys: Sequence[tuple[int, int]]) -> None:
        problems = []
        for key in keys:
            if self.lines[key].applied:
                problems.append(f"{self._words(key)} is applied (reconciled and posted)")
        for table, columns in _referencing_tables():
            where = tuple_(*columns)
            wanted = [(self.company_id, self.bank_no, s, n) for s, n in keys]
            for start in range(0, len(wanted), _CHUNK):
                rows = self.session.execute(
                    select(columns[2], columns[3])
                    .where(where.in_(wanted[start : start + _CHUNK]))
                    .distinct()
                )
                use = _USES.get(table, table.replace("_", " "))
                problems.extend(
                    f"{self._words((int(s), int(n)))} is used in {use}" for s, n in rows
                )
        if problems:
            raise ImportRefused(
                f"The statement supersedes the camt.052 report lines it holds, but "
                f"{len(problems)} of them {'is' if len(problems) == 1 else 'are'} in use: "
                f"{problems[0]}; undo that first (unmatch or remove the line), then import "
                "the statement again; nothing was imported",
                problems,
            )

    def _words(self, key: tuple[int, int]) -> str:
        row = self.lines[key]
        statement = self.statements[key[0]]
        when = row.booking_date.isoformat() if row.booking_date else "no date"
        report = f"camt.052 statement no. {key[0]}" + (
            f" ({statement.statement_id})" if statement.statement_id else ""
        )
        return f"{report}, line {key[1]} ({when} {row.amount})"


def _referencing_tables() -> list[tuple[str, list[Any]]]:
    """Every table with a foreign key to a statement line, but the line's own details: its
    columns for (company, bank account, statement no., line no.)."""
    wanted = ("company_id", "bank_account_no", "statement_no", "line_no")
    found = []
    for table in m.Base.metadata.sorted_tables:
        if table.name == "bank_statement_detail":
            continue
        for fk in table.foreign_key_constraints:
            if fk.referred_table.name != "bank_statement_line":
                continue
            targets = {e.column.name: e.parent for e in fk.elements}
            if all(name in targets for name in wanted):
                found.append((table.name, [targets[name] for name in wanted]))
    return found


def covered_days(dates: Sequence[date | None]) -> tuple[date, date] | None:
    """The first and last of the days a statement covers.

    >>> covered_days([date(2024, 1, 3), None, date(2024, 1, 2)])
    (datetime.date(2024, 1, 2), datetime.date(2024, 1, 3))
    """
    known = [d for d in dates if d is not None]
    return (min(known), max(known)) if known else None


def first_statement_of(session: Session, company_id: int, bank_no: str, import_no: int) -> int:
    return int(
        session.scalar(
            select(func.min(m.BankStatement.statement_no)).where(
                and_(
                    m.BankStatement.company_id == company_id,
                    m.BankStatement.bank_account_no == bank_no,
                    m.BankStatement.import_no == import_no,
                )
            )
        )
        or 0
    )
