"""Date formulas as NAV writes them: ``14D``, ``1M``, ``CM+1M``, ``2W``, ``-1D``.

A formula is a sum of terms. ``nU`` moves *n* units (D day, W week, M month, Q quarter, Y year);
``CU`` moves to the end of the current unit (CM = last day of this month). Months keep the day of
month where they can and otherwise land on the month's last day.

>>> from datetime import date
>>> DateFormula.parse("14D").apply(date(2026, 11, 20))
datetime.date(2026, 12, 4)
>>> DateFormula.parse("1M").apply(date(2026, 1, 31))
datetime.date(2026, 2, 28)
>>> DateFormula.parse("CM+1M").apply(date(2026, 1, 15))
datetime.date(2026, 2, 28)
>>> DateFormula.parse("").apply(date(2026, 1, 15))
datetime.date(2026, 1, 15)
>>> str(DateFormula.parse(" 10d "))
'10D'
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from reskontro.domain.errors import ValidationError

_TERM = re.compile(r"([+-]?)(C|\d+)([DWMQY])")
_UNITS = "DWMQY"


@dataclass(frozen=True)
class _Term:
    sign: int
    count: int | None  # None means "current" (C)
    unit: str


def _add_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _end_of(day: date, unit: str) -> date:
    if unit == "D":
        return day
    if unit == "W":
        return day + timedelta(days=6 - day.weekday())
    if unit == "M":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if unit == "Q":
        last_month = ((day.month - 1) // 3 + 1) * 3
        return date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return date(day.year, 12, 31)


@dataclass(frozen=True)
class DateFormula:
    """A parsed date formula. The empty formula leaves a date unchanged."""

    terms: tuple[_Term, ...] = ()

    @classmethod
    def parse(cls, text: str | None) -> DateFormula:
        compact = (text or "").replace(" ", "").upper()
        if not compact:
            return cls()
        terms: list[_Term] = []
        position = 0
        for match in _TERM.finditer(compact):
            if match.start() != position or (terms and not match.group(1)):
                break
            sign = -1 if match.group(1) == "-" else 1
            count = None if match.group(2) == "C" else int(match.group(2))
            terms.append(_Term(sign, count, match.group(3)))
            position = match.end()
        if position != len(compact) or not terms:
            raise ValidationError(
                f"{text!r} is not a date formula; write e.g. 14D, 30D, 1M, CM+1M or 2W"
            )
        return cls(tuple(terms))

    def apply(self, day: date) -> date:
        for term in self.terms:
            if term.count is None:
                day = _end_of(day, term.unit)
                continue
            steps = term.sign * term.count
            if term.unit == "D":
                day += timedelta(days=steps)
            elif term.unit == "W":
                day += timedelta(weeks=steps)
            elif term.unit == "M":
                day = _add_months(day, steps)
            elif term.unit == "Q":
                day = _add_months(day, 3 * steps)
            else:
                day = _add_months(day, 12 * steps)
        return day

    def __str__(self) -> str:
        parts = []
        for index, term in enumerate(self.terms):
            sign = "-" if term.sign < 0 else ("+" if index else "")
            parts.append(f"{sign}{'C' if term.count is None else term.count}{term.unit}")
        return "".join(parts)


def calc_date(formula: str | None, day: date) -> date:
    """Apply *formula* to *day* (NAV's CalcDate)."""
    return DateFormula.parse(formula).apply(day)
