"""Bank account reconciliation: which statement line is which bank ledger entry (NAV's
"Match Automatically", ``bc_matching.md`` §9), without any storage.

A pair is a candidate when the line and the entry have the same amount and the line's
transaction date is at most *date_tolerance* days from the entry's posting date (a line
without a date is compared with every entry of its amount). Among candidates the text
decides: the entry's document no., external document no. and payment reference found in the
line's text, or its description similar to it, each make the pair stronger; a nearer date
breaks what the text leaves equal.

Matching is one to one and greedy, best first: at each strength, a pair is taken only when
neither its line nor its entry has another candidate just as strong. A line or entry with
such a tie is left for the user, and is not given a weaker pair either. Every pair carries
an explanation of what held.

The cost is that of looking up each line's amount in an index of the entries (sorted by
date within an amount) and sorting the candidate pairs, not lines × entries.

>>> from datetime import date
>>> from decimal import Decimal
>>> lines = [StatementLineFacts(1, Decimal("1250.00"), date(2026, 3, 4), "Faktura 100001")]
>>> entries = [LedgerEntryFacts(7, Decimal("1250.00"), date(2026, 3, 2), document_no="100001")]
>>> [(p.line_no, p.entry_no, p.explanation) for p in match_automatically(lines, entries)]
[(1, 7, 'amount 1 250.00 equal; dates 2 days apart; document no. 100001 in the text')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from difflib import SequenceMatcher

from reskontro.domain.errors import ValidationError

DEFAULT_DATE_TOLERANCE = 3
#: The shortest document no. or reference looked for in a text: shorter ones match by chance.
MIN_KEY_LENGTH = 3
#: A description is similar when this share of it (in per cent) appears in the text unbroken.
DESCRIPTION_SIMILARITY = 80
_POINTS = {"document no.": 4, "external document no.": 4, "payment reference": 4, "description": 1}
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class StatementLineFacts:
    """What matching needs of a statement line; *text* is everything the bank said about it
    (its text, the counterparty, references), in any order."""

    line_no: int
    amount: Decimal
    transaction_date: date | None
    text: str = ""


@dataclass(frozen=True)
class LedgerEntryFacts:
    """What matching needs of an open bank ledger entry."""

    entry_no: int
    amount: Decimal
    posting_date: date
    document_no: str = ""
    external_document_no: str = ""
    payment_reference: str = ""
    description: str = ""


@dataclass(frozen=True)
class Proposal:
    """A line and an entry found to belong together, with why."""

    line_no: int
    entry_no: int
    points: int
    days_apart: int | None
    explanation: str


def amount_words(value: Decimal) -> str:
    """An amount as people read it, with a space between thousands.

    >>> amount_words(Decimal("-1250")), amount_words(Decimal("1234567.5"))
    ('-1 250.00', '1 234 567.50')
    """
    return f"{value:,.2f}".replace(",", " ")


def _squeeze(text: str) -> str:
    """*text* in lower case with only its letters and digits (``"NO-10 01"`` → ``"no1001"``)."""
    return _NOT_ALNUM.sub("", text.casefold())


def _similar(description: str, text: str) -> bool:
    """Whether most of *description* appears in *text* unbroken (NAV's exact nearness)."""
    needle, haystack = _squeeze(description), _squeeze(text)
    if len(needle) < MIN_KEY_LENGTH or not haystack:
        return False
    if needle in haystack:
        return True
    found = SequenceMatcher(None, needle, haystack, autojunk=False).find_longest_match()
    return found.size * 100 >= DESCRIPTION_SIMILARITY * len(needle)


def text_evidence(line_text: str, entry: LedgerEntryFacts) -> list[tuple[str, str]]:
    """The entry's fields that the line's text bears out, as (field, value).

    >>> e = LedgerEntryFacts(1, Decimal(1), date(2026, 1, 1), "CR000012", "", "", "Kari Nordmann")
    >>> text_evidence("Innbetaling cr 000012 fra KARI NORDMANN", e)
    [('document no.', 'CR000012'), ('description', 'Kari Nordmann')]
    """
    squeezed = _squeeze(line_text)
    found: list[tuple[str, str]] = []
    for name, value in (
        ("document no.", entry.document_no),
        ("external document no.", entry.external_document_no),
        ("payment reference", entry.payment_reference),
    ):
        key = _squeeze(value)
        if len(key) >= MIN_KEY_LENGTH and key in squeezed:
            found.append((name, value))
    if entry.description and _similar(entry.description, line_text):
        found.append(("description", entry.description))
    return found


def _explain(
    line: StatementLineFacts, days: int | None, evidence: Sequence[tuple[str, str]]
) -> str:
    parts = [f"amount {amount_words(line.amount)} equal"]
    if days is None:
        parts.append("the line has no date")
    elif days == 0:
        parts.append("same date")
    else:
        parts.append(f"dates {days} day{'s' if days != 1 else ''} apart")
    if evidence:
        parts.extend(
            f"description {value!r} similar to the text"
            if name == "description"
            else f"{name} {value} in the text"
            for name, value in evidence
        )
    else:
        parts.append("nothing of the entry in the text")
    return "; ".join(parts)


class _Index:
    """Open entries by amount, each amount's entries sorted by posting date."""

    def __init__(self, entries: Iterable[LedgerEntryFacts]) -> None:
        by_amount: dict[Decimal, list[LedgerEntryFacts]] = defaultdict(list)
        for entry in entries:
            by_amount[entry.amount].append(entry)
        self._entries = {
            amount: sorted(rows, key=lambda e: (e.posting_date, e.entry_no))
            for amount, rows in by_amount.items()
        }
        self._dates = {
            amount: [e.posting_date for e in rows] for amount, rows in self._entries.items()
        }

    def near(self, amount: Decimal, day: date | None, tolerance: int) -> list[LedgerEntryFacts]:
        rows = self._entries.get(amount, [])
        if day is None or not rows:
            return rows
        dates = self._dates[amount]
        window = timedelta(days=tolerance)
        return rows[bisect_left(dates, day - window) : bisect_right(dates, day + window)]


def candidates(
    lines: Iterable[StatementLineFacts],
    entries: Iterable[LedgerEntryFacts],
    *,
    date_tolerance: int = DEFAULT_DATE_TOLERANCE,
) -> list[Proposal]:
    """Every acceptable pair, strongest first."""
    if date_tolerance < 0:
        raise ValidationError(f"the date tolerance must be 0 days or more, not {date_tolerance}")
    index = _Index(entries)
    pairs: list[Proposal] = []
    for line in lines:
        for entry in index.near(line.amount, line.transaction_date, date_tolerance):
            days = (
                None
                if line.transaction_date is None
                else abs((line.transaction_date - entry.posting_date).days)
            )
            evidence = text_evidence(line.text, entry)
            points = sum(_POINTS[name] for name, _ in evidence)
            pairs.append(
                Proposal(line.line_no, entry.entry_no, points, days, _explain(line, days, evidence))
            )
    pairs.sort(key=_strength)
    return pairs


def _strength(pair: Proposal) -> tuple[int, int, int, int]:
    """Sort key, strongest first: more text points, then fewer days apart."""
    days = pair.days_apart if pair.days_apart is not None else 1_000_000
    return (-pair.points, days, pair.line_no, pair.entry_no)


def match_automatically(
    lines: Iterable[StatementLineFacts],
    entries: Iterable[LedgerEntryFacts],
    *,
    date_tolerance: int = DEFAULT_DATE_TOLERANCE,
) -> list[Proposal]:
    """The one-to-one pairs to take, best first; ties are left out (see the module text)."""
    pairs = candidates(lines, entries, date_tolerance=date_tolerance)
    taken: list[Proposal] = []
    busy_lines: set[int] = set()
    busy_entries: set[int] = set()
    start = 0
    while start < len(pairs):
        level = _strength(pairs[start])[:2]
        end = start
        while end < len(pairs) and _strength(pairs[end])[:2] == level:
            end += 1
        free = [
            p
            for p in pairs[start:end]
            if p.line_no not in busy_lines and p.entry_no not in busy_entries
        ]
        per_line: dict[int, int] = defaultdict(int)
        per_entry: dict[int, int] = defaultdict(int)
        for pair in free:
            per_line[pair.line_no] += 1
            per_entry[pair.entry_no] += 1
        for pair in free:
            if per_line[pair.line_no] == 1 and per_entry[pair.entry_no] == 1:
                taken.append(pair)
            # Taken or tied, neither side is offered a weaker pair.
            busy_lines.add(pair.line_no)
            busy_entries.add(pair.entry_no)
        start = end
    return taken


def check_manual_match(
    lines: Sequence[tuple[int, Decimal]], entries: Sequence[tuple[int, Decimal]]
) -> str:
    """Check that (no., amount) *lines* and *entries* may be matched by hand, and say why.

    One line to one or more entries, or several lines to one entry, when the sums are equal.

    >>> check_manual_match([(1, Decimal("100"))], [(4, Decimal("60")), (5, Decimal("40"))])
    'matched by hand: line 1 (100.00) to entries 4, 5 (sum 100.00)'
    >>> check_manual_match([(1, Decimal("100"))], [(4, Decimal("60"))])
    Traceback (most recent call last):
    ...
    reskontro.domain.errors.ValidationError: the lines sum to 100.00 and the entries to 60.00: \
a difference of 40.00
    """
    if not lines or not entries:
        raise ValidationError("give at least one statement line and one bank ledger entry")
    if len(lines) > 1 and len(entries) > 1:
        raise ValidationError(
            "several lines to several entries cannot be matched: match one line to several "
            "entries, or several lines to one entry"
        )
    line_sum = sum((a for _, a in lines), Decimal(0))
    entry_sum = sum((a for _, a in entries), Decimal(0))
    if line_sum != entry_sum:
        raise ValidationError(
            f"the lines sum to {amount_words(line_sum)} and the entries to "
            f"{amount_words(entry_sum)}: a difference of {amount_words(line_sum - entry_sum)}"
        )
    line_words = ", ".join(str(n) for n, _ in lines)
    entry_words = ", ".join(str(n) for n, _ in entries)
    return (
        f"matched by hand: line{'s' if len(lines) > 1 else ''} {line_words} "
        f"({amount_words(line_sum)}) to entr{'ies' if len(entries) > 1 else 'y'} {entry_words}"
        f" (sum {amount_words(entry_sum)})"
    )
