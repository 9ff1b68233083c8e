"""Number series: the next document number, taken inside the caller's transaction (DESIGN §8).

The series row is locked (``SELECT ... FOR UPDATE``) until the transaction ends, so two postings
that run at the same time queue up and can never hand out the same number; a rolled-back
posting leaves no gap. SQLite has no row locks, but its writers already hold the database's
write lock from ``BEGIN IMMEDIATE`` (see :mod:`reskontro.storage.database`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from reskontro.domain.errors import NotFoundError, ValidationError
from reskontro.domain.numbering import increment
from reskontro.storage.models import NumberSeries

MAX_LENGTH = 20


def next_number(session: Session, company_id: int, series_code: str) -> str:
    """Take the next number of *series_code*: its starting no. first, then one up each time."""
    return reserve_numbers(session, company_id, series_code, 1)[0]


def reserve_numbers(session: Session, company_id: int, series_code: str, count: int) -> list[str]:
    """Take the next *count* numbers of *series_code* at once, in order (one lock, one update)."""
    series = session.scalars(
        select(NumberSeries)
        .where(NumberSeries.company_id == company_id, NumberSeries.code == series_code)
        .with_for_update()
    ).one_or_none()
    if series is None:
        raise NotFoundError(
            f"Number series {series_code!r} does not exist; set it up before posting with it"
        )
    numbers: list[str] = []
    last = series.last_no_used
    for _ in range(count):
        last = increment(last) if last else series.starting_no
        if len(last) > MAX_LENGTH:
            raise ValidationError(
                f"Number series {series_code} has run out: {last} is longer than "
                f"{MAX_LENGTH} characters; start a new series"
            )
        numbers.append(last)
    series.last_no_used = last
    return numbers
