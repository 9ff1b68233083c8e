"""Small builders for matching tests: parties, open entries and lines with plain defaults."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from reskontro.domain.matching.engine import MatchingEngine
from reskontro.domain.matching.model import (
    AccountKind,
    Application,
    LineResult,
    OpenEntry,
    Party,
    StatementLine,
)

C, V, GL = AccountKind.CUSTOMER, AccountKind.VENDOR, AccountKind.GL
DAY = date(2026, 3, 10)
POSTED = date(2026, 2, 1)


def party(no: str, name: str, kind: AccountKind = C, **kw: Any) -> Party:
    return Party(kind, no, name, **kw)


def entry(
    entry_no: int,
    party_no: str,
    amount: str,
    doc: str | None = None,
    kind: AccountKind = C,
    **kw: Any,
) -> OpenEntry:
    kw.setdefault("posting_date", POSTED)
    invoice = (Decimal(amount) > 0) == (kind is not AccountKind.VENDOR)
    kw.setdefault("document_type", "invoice" if invoice else "credit memo")
    return OpenEntry(
        kind=kind,
        entry_no=entry_no,
        party_no=party_no,
        document_no=doc if doc is not None else str(100000 + entry_no),
        remaining_amount=Decimal(amount),
        **kw,
    )


def line(line_no: int, amount: str, day: date = DAY, **kw: Any) -> StatementLine:
    return StatementLine(line_no, Decimal(amount), day, **kw)


def run(
    parties: list[Party], entries: list[OpenEntry], lines: list[StatementLine], **kw: Any
) -> dict[int, LineResult]:
    return {r.line_no: r for r in MatchingEngine(parties, entries, **kw).apply(lines)}


def applied(result: LineResult) -> list[tuple[int | None, Decimal]]:
    """(entry no., amount) of each application of a line."""
    return [(a.entry_no, a.amount) for a in result.applications]


def only(result: LineResult) -> Application:
    assert len(result.applications) == 1, (result.applications, result.notes)
    return result.applications[0]
