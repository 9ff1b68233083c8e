"""The look-ups the engine builds once per run, so that a line costs its candidates only.

Entries are kept by position in one list; every index maps a key to positions. Amounts are in
minor units (øre, öre, cent) so that windows are integer ranges and counting them is a bisect.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter

from reskontro.domain.matching.model import AccountKind, OpenEntry, Party, Reserved
from reskontro.domain.matching.normalise import (
    account_keys,
    normalise_address,
    normalise_name,
)
from reskontro.domain.matching.references import compact_reference

MIN_DOCUMENT_LENGTH = 4
"""Shorter document nos. are found in texts by chance (NAV's limit too)."""

RARE_TOKEN_LIMIT = 50
"""A name word shared by more parties than this does not pick parties out ("bygg", "hansen");
such names are found through their whole normalised form only."""

_CENT = Decimal("0.01")

Positions = int | list[int]
"""One position, or several: most keys name one entry, and a bare int saves memory."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while indexes are built or lines applied.

    Both make millions of small lists, tuples and ints, none of them part of a cycle; each
    batch of them would otherwise start a collection that walks the whole heap, every entry
    object included. With a million entries that turns seconds into tens of seconds. The
    collector runs again as soon as the work is done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def minor_units(value: Decimal) -> int:
    """*value* in minor units, rounded half away from zero to the cent first (amounts
    converted from another currency may carry more decimals)."""
    return int(value.quantize(_CENT, rounding=ROUND_HALF_UP).scaleb(2))


def all_minor_units(values: Sequence[Decimal]) -> list[int]:
    """:func:`minor_units` of many amounts; the common case (two decimals at most) without
    rounding, in passes the interpreter runs fast."""
    scaled = [value.scaleb(2) for value in values]
    whole = list(map(int, scaled))
    for position in [p for p, (i, m) in enumerate(zip(whole, scaled, strict=True)) if i != m]:
        whole[position] = minor_units(values[position])
    return whole


def _key_index(
    keys: Sequence[str], at: Sequence[int] | None = None, min_length: int = 1
) -> dict[str, Positions]:
    """Each key (of at least *min_length* characters, "" meaning none) to the positions
    holding it: *at*, or 0, 1, 2, ... The dict is built at C speed; keys held by several
    positions (rare) are then made into lists."""
    at = range(len(keys)) if at is None else at
    index: dict[str, Positions] = dict(zip(keys, at, strict=True))
    wanted = len(keys) - keys.count("")
    if len(index) - ("" in index) < wanted:
        repeated = {k for k, n in Counter(keys).items() if n > 1 and k}
        held: dict[str, list[int]] = {}
        for position, key in zip(at, keys, strict=True):
            if key in repeated:
                held.setdefault(key, []).append(position)
        index.update(held)
    for key in [key for key in index if len(key) < min_length]:
        del index[key]
    return index


def _merge(index: dict[str, Positions], more: dict[str, Positions]) -> None:
    """Add *more*'s positions to *index*, each position once per key."""
    for key, held in more.items():
        if key not in index:
            index[key] = held
            continue
        union = sorted(set(positions(index, key)) | set(positions(more, key)))
        index[key] = union[0] if len(union) == 1 else union


def _less_reserved(
    entries: Sequence[OpenEntry], remaining: list[int], reserved: Iterable[Reserved]
) -> list[int]:
    """The remaining amounts less what is reserved of each entry elsewhere."""
    held: dict[tuple[AccountKind, int], int] = {}
    for item in reserved:
        key = (item.kind, item.entry_no)
        held[key] = held.get(key, 0) + minor_units(item.amount)
    if not held:
        return remaining
    capacity = list(remaining)
    numbers = {entry_no for _, entry_no in held}
    for position, entry in enumerate(entries):
        if entry.entry_no in numbers:
            capacity[position] -= held.get((entry.kind, entry.entry_no), 0)
    return capacity


_FIELDS = attrgetter(
    "kind",
    "party_no",
    "document_no",
    "external_document_no",
    "payment_reference",
    "remaining_amount",
    "remaining_pmt_disc_possible",
    "pmt_discount_date",
)


def _compact_all(references: Sequence[str]) -> list[str] | Sequence[str]:
    """References compacted; most are plain digits already and are left as they are."""
    if all(map(str.isdigit, filter(None, references))):
        return references
    return [ref if ref.isdigit() else compact_reference(ref) for ref in references]


def _upper_all(numbers: Sequence[str]) -> list[str] | Sequence[str]:
    """Document nos. as looked up (upper case); left alone when none has a lower-case letter.
    Document nos. are codes, kept without surrounding spaces."""
    joined = "\x00".join(numbers)
    if joined == joined.upper():
        return numbers
    return [number.upper() for number in numbers]


def positions(index: dict[str, Positions], key: str) -> Sequence[int]:
    held = index.get(key)
    if held is None:
        return ()
    return (held,) if isinstance(held, int) else held


class AmountIndex:
    """Positions sorted by amount, for counting a window with two bisects and naming the
    positions in it."""

    __slots__ = ("_amounts", "_order")

    def __init__(self, amounts: Sequence[int], chosen: list[int]) -> None:
        """Index the *chosen* positions by their value in *amounts*."""
        # Sorting positions by a list look-up key runs in C; a loop over buckets does not.
        self._order = sorted(chosen, key=amounts.__getitem__)
        self._amounts = [amounts[position] for position in self._order]

    def _range(self, low: int, high: int) -> tuple[int, int]:
        return bisect_left(self._amounts, low), bisect_right(self._amounts, high)

    def count(self, low: int, high: int) -> int:
        """How many positions have an amount in [low, high]."""
        start, end = self._range(low, high)
        return end - start

    def within(self, low: int, high: int, limit: int | None = None) -> list[int]:
        """The positions with an amount in [low, high], lowest amount first (at most
        *limit* of them)."""
        start, end = self._range(low, high)
        if limit is not None:
            end = min(end, start + limit)
        return self._order[start:end]


@dataclass(frozen=True, slots=True)
class PartyFacts:
    """A party with its normalised name, computed once."""

    party: Party
    name: str
    tokens: tuple[str, ...]

    @property
    def address(self) -> str:
        """The normalised address (asked for seldom, so not kept)."""
        return normalise_address(self.party.address)

    @property
    def city(self) -> str:
        return normalise_address(self.party.city)


class PartyIndex:
    """Parties by bank account, by normalised name and by rare name word."""

    def __init__(self, parties: Iterable[Party]) -> None:
        self.by_key: dict[tuple[AccountKind, str], PartyFacts] = {}
        self.by_account: dict[str, list[PartyFacts]] = {}
        self.by_name: dict[str, list[PartyFacts]] = {}
        self.by_token: dict[str, list[PartyFacts]] = {}
        for party in parties:
            name = normalise_name(party.name)
            tokens = tuple(name.split())
            facts = PartyFacts(party, name, tokens)
            self.by_key[party.kind, party.no] = facts
            for account in party.accounts:
                # Most accounts are plain digits: their one key is the digits less zeros.
                keys = (account.lstrip("0"),) if account.isdigit() else account_keys(account)
                for key in keys:
                    self.by_account.setdefault(key, []).append(facts)
            if name:
                self.by_name.setdefault(" ".join(sorted(tokens)), []).append(facts)
            for token in set(tokens):
                self.by_token.setdefault(token, []).append(facts)

    def name_count(self, kind: AccountKind, name: str) -> int:
        """How many parties of *kind* have this normalised name (in any word order)."""
        return sum(1 for f in self.by_name.get(sorted_name(name), ()) if f.party.kind is kind)

    def rare(self, token: str) -> list[PartyFacts]:
        """The parties with *token* in their name, or none when the word is common."""
        found = self.by_token.get(token, [])
        return found if len(found) <= RARE_TOKEN_LIMIT else []


def sorted_name(name: str) -> str:
    """A normalised name with its words sorted, so "smith john" meets "john smith"."""
    return " ".join(sorted(name.split()))


class EntryIndex:
    """Open entries by payment reference, document no., party and amount.

    *capacity* is what may still be applied to each entry: the remaining amount less what
    other lines and journals have reserved (in minor units, the entry's sign). Entries with
    nothing left are kept in the list (the manual page shows them) but in no index.

    The indexes are built a field at a time over all entries (comprehensions and C-level
    dict building) rather than entry by entry: with a million entries that is the difference
    between seconds and tens of seconds.
    """

    def __init__(self, entries: Sequence[OpenEntry], reserved: Iterable[Reserved]) -> None:
        self.entries = entries
        count = len(entries)
        # One pass of C-level attribute reads, then columns: far faster than reading each
        # field of a million objects in an interpreted loop.
        columns = list(zip(*map(_FIELDS, entries), strict=True)) or [()] * 8
        kinds, parties, documents, externals, references, amounts, discounts, dates = columns
        remaining = all_minor_units(amounts)
        self.capacity = _less_reserved(entries, remaining, reserved)
        self.discount = [0] * count
        with_discount = [
            position
            for position, (deadline, possible) in enumerate(zip(dates, discounts, strict=True))
            if deadline is not None and possible
        ]
        for position in with_discount:
            self.discount[position] = minor_units(discounts[position])
        self.less = [c - d for c, d in zip(self.capacity, self.discount, strict=True)]
        """The capacity less the discount, for entries paid within the discount period."""
        self.by_reference = _key_index(_compact_all(references))
        self.by_document = _key_index(_upper_all(documents), min_length=MIN_DOCUMENT_LENGTH)
        given = [position for position, number in enumerate(externals) if number]
        if given:
            numbers = _upper_all([externals[position] for position in given])
            _merge(self.by_document, _key_index(numbers, given, MIN_DOCUMENT_LENGTH))
        self.by_party: dict[AccountKind, dict[str, list[int]]] = {k: {} for k in AccountKind}
        for position, (kind, party_no) in enumerate(zip(kinds, parties, strict=True)):
            listed = self.by_party[kind].get(party_no)
            if listed is None:
                self.by_party[kind][party_no] = [position]
            else:
                listed.append(position)
        self._index_amounts(kinds, remaining, with_discount, dates)

    def _index_amounts(
        self,
        kinds: Sequence[AccountKind],
        remaining: list[int],
        with_discount: list[int],
        deadlines: Sequence[date],
    ) -> None:
        """Per kind, the entries that can take a payment, by their whole capacity; and the
        entries with a discount by discount date, for :meth:`_open_discounts`."""
        live = [
            position
            for position, (capacity, whole) in enumerate(zip(self.capacity, remaining, strict=True))
            if capacity and (capacity > 0) == (whole > 0)
        ]
        self.whole: dict[AccountKind, AmountIndex] = {}
        for kind in AccountKind:
            self.whole[kind] = AmountIndex(self.capacity, [p for p in live if kinds[p] is kind])
        live_set = set(live)
        self._kinds = kinds
        self._deadlines = deadlines
        self._by_deadline = sorted(
            (p for p in with_discount if p in live_set), key=deadlines.__getitem__
        )
        self._open: dict[tuple[AccountKind, date], AmountIndex] = {}

    def _open_discounts(self, kind: AccountKind, day: date) -> AmountIndex:
        """The entries of *kind* whose discount is still open on *day*, by their amount less
        the discount. Built on first use for each day: most discounts have run out, so each
        is small, and a statement has a few dozen days at most."""
        key = (kind, day)
        if key not in self._open:
            start = bisect_left(self._by_deadline, day, key=self._deadlines.__getitem__)
            chosen = [p for p in self._by_deadline[start:] if self._kinds[p] is kind]
            self._open[key] = AmountIndex(self.less, chosen)
        return self._open[key]

    def discount_open(self, position: int, day: date) -> bool:
        """Whether the entry's payment discount may still be taken on *day*."""
        deadline = self.entries[position].pmt_discount_date
        return bool(self.discount[position]) and deadline is not None and day <= deadline

    def applicable(self, position: int, day: date) -> int:
        """What pays the entry in full on *day*: the capacity, less the discount while open."""
        if self.discount_open(position, day):
            return self.capacity[position] - self.discount[position]
        return self.capacity[position]

    def matched_amount(self, position: int, day: date, low: int, high: int) -> int | None:
        """The entry's amount that lies in [low, high] on *day*: the amount less the discount
        while the discount is open, else the whole amount (payers often pay the whole
        amount within the discount period too); None when neither does."""
        capacity = self.capacity[position]
        if self.discount_open(position, day) and low <= capacity - self.discount[position] <= high:
            return capacity - self.discount[position]
        return capacity if low <= capacity <= high else None

    def in_window(
        self, kind: AccountKind, low: int, high: int, day: date, enough: int
    ) -> list[int]:
        """Up to *enough* positions of *kind* with an amount in [low, high] on *day* (see
        :meth:`matched_amount`)."""
        found = self.whole[kind].within(low, high, enough)
        if len(found) < enough:
            for position in self._open_discounts(kind, day).within(low, high, enough):
                if position not in found:
                    found.append(position)
        return found[:enough]

    def count_window(self, kind: AccountKind, low: int, high: int, day: date) -> int:
        """How many entries of *kind* have an amount in [low, high] on *day*; exact up to 2,
        a lower bound above (one, several, or none is all the rules ask)."""
        whole = self.whole[kind].count(low, high)
        if whole >= 2:
            return whole
        return len(self.in_window(kind, low, high, day, 2))
