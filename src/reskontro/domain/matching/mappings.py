"""Text-to-account mappings: lines whose text says "Gebyr" or "Renter" go to a G/L account.

A mapping applies when the line's text contains its whole text, case, accents and punctuation
aside; inside a word too, as NAV does, because Nordic languages compound: "Gebyr" is the fee
in "Transaksjonsgebyr" and "Renter" the interest in "Kredittrenter". The counterparty's name
is left out of the text searched, and a line whose text names an open entry is not mapped:
"Faktura 105172 + purregebyr" pays invoice 105172, reminder fee included.

A mapping's score, :data:`MAPPING_SCORE`, is above every medium rule and below every high
one; among several mappings the longest text wins. The confidence is high: a
mapping is what the user set up (or chose by hand before), and the explanation names it.

A mapping never posts twice: when the bank account already has an open bank ledger entry of
the same amount within :data:`GUARD_DAYS` days balanced on the mapping's account (a fee
posted by hand before the statement came), the line is not mapped and a note names that entry.

>>> mapping_text_from("GEBYR NETTBANK 12.03.2026 KR 45,00")
'GEBYR NETTBANK'
>>> mapping_text_from("Renter 1. kvartal 2026")
'Renter'
>>> mapping_text_from("12.03 4500,00")
''
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from reskontro.domain.bankrec import amount_words
from reskontro.domain.matching.index import minor_units
from reskontro.domain.matching.model import (
    AccountKind,
    PostedBankEntry,
    StatementLine,
    TextMapping,
)
from reskontro.domain.matching.normalise import normalise_text

MAPPING_SCORE = 3000
GUARD_DAYS = 2
MIN_STABLE_WORD = 3
"""Words shorter than this ("kr", "nr", "til") say little about what a line is."""

_WORDS = re.compile(r"\S+")
_STABLE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_CURRENCY_WORDS = frozenset({"nok", "sek", "dkk", "eur", "usd", "kr", "kroner", "kronor"})


@dataclass(frozen=True, slots=True)
class MappingHit:
    """A mapping that applies to a line, and the account it sends the line to."""

    mapping: TextMapping
    account_no: str


def target_account(mapping: TextMapping, amount_is_positive: bool) -> str:
    """A G/L mapping's debit account for money in and credit account for money out; a
    customer or vendor mapping's account."""
    if mapping.kind is AccountKind.GL:
        return mapping.debit_account_no if amount_is_positive else mapping.credit_account_no
    return mapping.account_no


class MappingIndex:
    """The mappings in normalised form, and the bank ledger entries they must not repeat."""

    def __init__(self, mappings: Iterable[TextMapping], posted: Iterable[PostedBankEntry]) -> None:
        self._mappings = [
            (normalise_text(mapping.text).strip(), mapping)
            for mapping in mappings
            if normalise_text(mapping.text).strip()
        ]
        self._posted: dict[int, list[PostedBankEntry]] = {}
        for entry in posted:
            self._posted.setdefault(minor_units(entry.amount), []).append(entry)

    def find(self, line: StatementLine) -> tuple[list[MappingHit], list[str]]:
        """The best mappings for *line* (the longest text; several only when equally long),
        and notes for mappings held back by the double-posting guard."""
        if not self._mappings:
            return [], []
        text = normalise_text(line.text)
        name = normalise_text(line.counterparty_name).strip()
        if name:
            # A mapping says what the transaction is, never who made it: "Renter" is not
            # the interest in a payment from "Ola Renterud".
            text = text.replace(name, " ")
        hits: list[tuple[int, MappingHit]] = []
        notes: list[str] = []
        for words, mapping in self._mappings:
            if words not in text:
                continue
            account = target_account(mapping, line.amount >= 0)
            if not account:
                continue
            posted = self._already_posted(line, account)
            if posted is not None:
                notes.append(
                    f"text mapping “{mapping.text}” was not used: bank ledger entry "
                    f"{posted.entry_no} of {posted.posting_date} already posts "
                    f"{amount_words(posted.amount)} to account {account}"
                )
                continue
            hits.append((len(words), MappingHit(mapping, account)))
        if not hits:
            return [], notes
        longest = max(length for length, _ in hits)
        return [hit for length, hit in hits if length == longest], notes

    def _already_posted(self, line: StatementLine, account: str) -> PostedBankEntry | None:
        start = line.transaction_date - timedelta(days=GUARD_DAYS)
        end = line.transaction_date + timedelta(days=GUARD_DAYS)
        for entry in self._posted.get(minor_units(line.amount), ()):
            if entry.bal_account_no == account and _between(entry.posting_date, start, end):
                return entry
        return None


def _between(day: date, start: date, end: date) -> bool:
    return start <= day <= end


def _stable(word: str) -> bool:
    return (
        _STABLE.fullmatch(word) is not None
        and len(word) >= MIN_STABLE_WORD
        and word.casefold() not in _CURRENCY_WORDS
    )


def mapping_text_from(text: str) -> str:
    """What to learn from a line the user sent to an account by hand: the first run of words
    that do not change from one statement to the next (no digits, dates, amounts or currency
    words; bank texts start with what the transaction is); empty when there is none."""
    run: list[str] = []
    for match in _WORDS.finditer(text):
        word = match.group(0).strip(".,:;()[]\"'")
        if _stable(word):
            run.append(word)
        elif run:
            break
    return " ".join(run)
