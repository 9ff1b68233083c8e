"""What one statement line says, read once: its amount window, its references and document
numbers found in the open entries, and the parties it names."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from rapidfuzz import fuzz

from reskontro.domain.matching.index import (
    EntryIndex,
    PartyFacts,
    PartyIndex,
    positions,
    sorted_name,
)
from reskontro.domain.matching.model import (
    AccountKind,
    MatchTolerance,
    PartyMatch,
    StatementLine,
    ToleranceKind,
)
from reskontro.domain.matching.normalise import (
    account_keys,
    document_key,
    document_tokens,
    normalise_address,
    normalise_name,
    normalise_text,
)
from reskontro.domain.matching.references import Reference, line_references

NAME_THRESHOLD = 95
"""rapidfuzz's token_sort_ratio from which two normalised names are the same (NAV's 95)."""
MAX_NAMED_PARTIES = 5
"""A payer name that fits more parties than this (a common personal name in a large ledger)
names none of them: scoring all their entries would cost much and tell little."""
MIN_TEXT_NAME_LENGTH = 5
"""A party's normalised name shorter than this ("bo", "ica") is not looked for in free text:
it turns up inside unrelated words and phrases far too often."""


@dataclass(frozen=True, slots=True)
class PartyHit:
    """A party the line names, how well, and why (in words)."""

    facts: PartyFacts
    match: PartyMatch
    reason: str


@dataclass(slots=True)
class LineFacts:
    """A line as matching reads it."""

    line: StatementLine
    minor: int
    low: int
    high: int
    """The window of amounts the line matches within the bank's tolerance (minor units)."""
    references: list[Reference]
    by_reference: dict[int, Reference] = field(default_factory=dict)
    """Entry positions whose payment reference is one of the line's valid references."""
    by_document: dict[int, str] = field(default_factory=dict)
    """Entry positions whose document no. or external document no. is in the text."""
    parties: dict[tuple[AccountKind, str], PartyHit] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What the reading found worth telling when nothing is applied."""
    windows: dict[tuple[AccountKind, str], list[int]] = field(default_factory=dict)
    """Per named party, its entries of the line's amount (found once per line)."""
    warnings: list[str] = field(default_factory=list)
    """What the user should know whatever is applied (a group that fits twice, a mapping
    held back by the double-posting guard)."""

    @property
    def sign(self) -> int:
        return 1 if self.minor > 0 else -1


def amount_window(minor: int, tolerance: MatchTolerance) -> tuple[int, int]:
    """[low, high] around *minor* within the tolerance, never crossing zero (NAV §4.4)."""
    if tolerance.kind is ToleranceKind.PERCENT:
        share = tolerance.value / Decimal(100)
        one = Decimal(minor) * (1 - share)
        other = Decimal(minor) * (1 + share)
        low_d, high_d = min(one, other), max(one, other)
        low = int(low_d.to_integral_value(rounding=ROUND_CEILING))
        high = int(high_d.to_integral_value(rounding=ROUND_FLOOR))
    else:
        slack = int((tolerance.value * 100).to_integral_value(rounding=ROUND_FLOOR))
        low, high = minor - slack, minor + slack
    if minor > 0:
        low = max(low, 1)
    else:
        high = min(high, -1)
    return low, high


def read_line(
    line: StatementLine,
    minor: int,
    tolerance: MatchTolerance,
    entries: EntryIndex,
    parties: PartyIndex,
) -> LineFacts:
    """Everything the indexes say about *line*."""
    low, high = amount_window(minor, tolerance)
    facts = LineFacts(line, minor, low, high, line_references(line.references, line.text))
    for reference in facts.references:
        for position in positions(entries.by_reference, reference.value):
            facts.by_reference.setdefault(position, reference)
    search_text = " ".join((line.text, *line.references))
    for token in document_tokens(search_text):
        for position in positions(entries.by_document, token):
            entry = entries.entries[position]
            found = entry.document_no if document_key(entry.document_no) == token else token
            facts.by_document.setdefault(position, found)
    _find_parties(facts, parties)
    return facts


def _find_parties(facts: LineFacts, parties: PartyIndex) -> None:
    line = facts.line
    for key in account_keys(line.counterparty_account):
        for party in parties.by_account.get(key, ()):
            facts.parties[party.party.kind, party.party.no] = PartyHit(
                party,
                PartyMatch.FULLY,
                f"payer account {line.counterparty_account.strip()} is "
                f"{party.party.kind.value} {party.party.no}’s",
            )
    if line.counterparty_name.strip():
        _name_parties(facts, parties)
    elif line.text.strip():
        _text_parties(facts, parties)


def _add_name_hits(
    facts: LineFacts, parties: PartyIndex, found: list[tuple[PartyFacts, str, bool]]
) -> None:
    """Record name matches: partially, or fully when the address agrees or the name is the
    only one of its kind that matched (and no other party has it)."""
    address = normalise_address(facts.line.counterparty_address)
    if len(found) > MAX_NAMED_PARTIES:
        at_address = [item for item in found if _lives_at(item[0], address)]
        if not at_address:
            # The street without the city still picks the payer out of the name's holders
            # (each is then named partially, as the name alone names them).
            at_address = [item for item in found if _on_street(item[0], address)]
        if not at_address:
            facts.notes.append(
                f"the payer’s name fits {len(found)} parties, too many to tell which"
            )
            return
        found = at_address
    per_kind: dict[AccountKind, int] = {}
    for party, _, _ in found:
        per_kind[party.party.kind] = per_kind.get(party.party.kind, 0) + 1
    for party, why, exact in found:
        key = (party.party.kind, party.party.no)
        if key in facts.parties:
            continue
        reason = why
        match = PartyMatch.PARTIALLY
        if _lives_at(party, address):
            match = PartyMatch.FULLY
            reason += " and the address is the party’s"
        if (
            match is PartyMatch.PARTIALLY
            and exact
            and per_kind[party.party.kind] == 1
            and parties.name_count(party.party.kind, party.name) == 1
        ):
            match = PartyMatch.FULLY
            reason += ", and no other party has that name"
        facts.parties[key] = PartyHit(party, match, reason)


def _lives_at(party: PartyFacts, address: str) -> bool:
    """Whether the line's normalised *address* holds the party's address and city."""
    if not (address and party.address and party.city):
        return False
    padded = f" {address} "
    return f" {party.address} " in padded and f" {party.city} " in padded


def _on_street(party: PartyFacts, address: str) -> bool:
    """Whether the line's normalised *address* holds the party's street address."""
    return bool(address and party.address) and f" {party.address} " in f" {address} "


def _name_parties(facts: LineFacts, parties: PartyIndex) -> None:
    """The structured payer name against party names: the same words in any order, or
    nearly (rapidfuzz ≥ :data:`NAME_THRESHOLD`); or all the party's words in it."""
    given = facts.line.counterparty_name.strip()
    name = normalise_name(given)
    if not name:
        return
    same = parties.by_name.get(sorted_name(name), [])
    if len(same) > MAX_NAMED_PARTIES:
        # Too many parties have exactly this name for it to name one; only an address can
        # still tell, and nothing nearly alike needs looking for.
        named = [(p, f"payer name “{given}” is {_who(p)}’s name", True) for p in same]
        _add_name_hits(facts, parties, named)
        return
    words = name.split()
    pool: dict[tuple[AccountKind, str], PartyFacts] = {}
    for party in same:
        pool[party.party.kind, party.party.no] = party
    rare = sorted(set(words), key=lambda word: len(parties.by_token.get(word, ())))
    for word in rare[:2]:
        for party in parties.rare(word):
            pool.setdefault((party.party.kind, party.party.no), party)
    found: list[tuple[PartyFacts, str, bool]] = []
    word_set = set(words)
    for party in pool.values():
        if not party.name:
            continue
        ratio = int(fuzz.token_sort_ratio(name, party.name))
        if ratio >= NAME_THRESHOLD:
            how = "" if ratio == 100 else f" ({ratio} % alike)"
            found.append((party, f"payer name “{given}” is {_who(party)}’s name{how}", True))
        elif len(party.tokens) >= 2 and word_set.issuperset(party.tokens):
            found.append((party, f"payer name “{given}” contains {_who(party)}’s name", False))
    _add_name_hits(facts, parties, found)


def _text_parties(facts: LineFacts, parties: PartyIndex) -> None:
    """Party names standing as whole words in the free text (long names only)."""
    text = normalise_text(facts.line.text)
    pool: dict[tuple[AccountKind, str], PartyFacts] = {}
    for word in set(text.split()):
        for party in parties.rare(word):
            pool.setdefault((party.party.kind, party.party.no), party)
    found = [
        (party, f"the text names {_who(party)} ({party.party.name})", True)
        for party in pool.values()
        if len(party.name) >= MIN_TEXT_NAME_LENGTH and f" {party.name} " in text
    ]
    _add_name_hits(facts, parties, found)


def _who(party: PartyFacts) -> str:
    return f"{party.party.kind.value} {party.party.no}"
