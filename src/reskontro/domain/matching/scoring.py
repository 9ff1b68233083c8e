"""Scoring a line against the open entries the indexes name: NAV's criteria per (line, entry)
(``bc_matching.md`` §4.2–4.4, with the faults fixed), and the groups of one party's entries
that one payment may pay (§6), credit memos the text names set off in them.

Only candidates are scored: the entries a line's references and document nos. name, the
entries of the parties it names, and the one entry of its amount when only one has it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from reskontro.domain.bankrec import amount_words
from reskontro.domain.matching.assign import Scored
from reskontro.domain.matching.facts import LineFacts, PartyHit
from reskontro.domain.matching.index import AmountIndex, EntryIndex
from reskontro.domain.matching.model import (
    AccountKind,
    AmountMatch,
    DocMatch,
    OpenEntry,
    PartyMatch,
    Rule,
)
from reskontro.domain.matching.rules import RuleKey, RuleTable
from reskontro.domain.matching.subsets import MAX_ENTRIES, SubsetResult, unique_subset

PARTY_SCAN_LIMIT = 200
"""A named party with more open entries than this is searched by amount only: its entries
are not each scored as low candidates (nor searched for subsets)."""


def due(entry: OpenEntry) -> date:
    """The date an entry is due (its posting date when it has no due date)."""
    return entry.due_date or entry.posting_date


class Scorer:
    """The criteria and the rule table over one run's entry index."""

    def __init__(
        self,
        entries: EntryIndex,
        table: RuleTable,
        cautious: dict[RuleKey, Rule | None] | None = None,
    ) -> None:
        self.entries = entries
        self.table = table
        self.cautious = cautious or {}
        """Where a rule bolder than NAV's table gives high: the rule that holds instead when
        the text names open entries of the party the application leaves out."""
        self._big_parties: dict[tuple[AccountKind, str], tuple[AmountIndex, AmountIndex]] = {}

    def viable(self, facts: LineFacts, position: int) -> bool:
        """Whether the entry may take the line at all: same sign, room left, posted by the
        line's date."""
        capacity = self.entries.capacity[position]
        return (
            capacity != 0
            and (capacity > 0) == (facts.minor > 0)
            and self.entries.entries[position].posting_date <= facts.line.transaction_date
        )

    def offsets(self, facts: LineFacts, position: int) -> bool:
        """Whether the entry may be set off inside a group the text names it in: the opposite
        sign to the line (a credit memo against money in), room left, posted by the line's
        date."""
        capacity = self.entries.capacity[position]
        return (
            capacity != 0
            and (capacity > 0) != (facts.minor > 0)
            and self.entries.entries[position].posting_date <= facts.line.transaction_date
        )

    def left_out(
        self, facts: LineFacts, kind: AccountKind, party_no: str, members: Sequence[int]
    ) -> list[int]:
        """The party's open entries (of either sign) the text names that are not *members*."""
        named = {*facts.by_document, *facts.by_reference}
        day = facts.line.transaction_date
        found = []
        for position in sorted(named.difference(members)):
            entry = self.entries.entries[position]
            if (
                entry.kind is kind
                and entry.party_no == party_no
                and self.entries.capacity[position] != 0
                and entry.posting_date <= day
            ):
                found.append(position)
        return found

    def _rule(
        self,
        facts: LineFacts,
        key: RuleKey,
        kind: AccountKind,
        party_no: str,
        members: Sequence[int],
    ) -> tuple[Rule | None, str]:
        """The rule for *key*, and, when a rule bolder than NAV's gave high but the text names
        other open entries of the party, the rule below high instead with the reason why."""
        rule = self.table.get(key)
        if rule is None or key not in self.cautious:
            return rule, ""
        others = self.left_out(facts, kind, party_no, members)
        if not others:
            return rule, ""
        docs = ", ".join(self.entries.entries[p].document_no for p in others[:6])
        return self.cautious[key], (
            f"not high: the text also names {docs} of {kind.value} {party_no}, which this "
            "application leaves out"
        )

    def found_positions(self, facts: LineFacts) -> set[int]:
        """Entries the indexes name for the line: by reference, document no., the named
        parties' entries, and the one entry of its amount when only one has it."""
        found = set(facts.by_reference) | set(facts.by_document)
        for hit in facts.parties.values():
            found.update(self.party_positions(facts, hit))
        day = facts.line.transaction_date
        for kind in (AccountKind.CUSTOMER, AccountKind.VENDOR):
            count = self.entries.count_window(kind, facts.low, facts.high, day)
            if count == 1:
                found.update(self.entries.in_window(kind, facts.low, facts.high, day, 1))
            elif count > 1:
                facts.notes.append(
                    f"{count} or more open {kind.value} entries have the amount "
                    f"{amount_words(facts.line.amount)}, and the line does not say which"
                )
        return found

    def party_positions(self, facts: LineFacts, hit: PartyHit) -> Sequence[int]:
        """A named party's entries: all of them, or for a party with very many, those of
        the line's amount."""
        party = hit.facts.party
        listed = self.entries.by_party[party.kind].get(party.no, [])
        if len(listed) <= PARTY_SCAN_LIMIT:
            return listed
        facts.notes.append(
            f"{party.kind.value} {party.no} has {len(listed)} open entries; only those of "
            "the line's amount were looked at"
        )
        return self.party_window(facts, party.kind, party.no)

    def party_window(self, facts: LineFacts, kind: AccountKind, party_no: str) -> list[int]:
        """The party's entries with their applicable amount in the line's window."""
        key = (kind, party_no)
        if key not in facts.windows:
            facts.windows[key] = self._find_party_window(facts, kind, party_no)
        return facts.windows[key]

    def _find_party_window(self, facts: LineFacts, kind: AccountKind, party_no: str) -> list[int]:
        listed = self.entries.by_party[kind].get(party_no, [])
        day = facts.line.transaction_date
        if len(listed) > PARTY_SCAN_LIMIT:
            whole, less = self._big_party_index(kind, party_no, listed)
            pool: Iterable[int] = {
                *whole.within(facts.low, facts.high),
                *less.within(facts.low, facts.high),
            }
        else:
            pool = listed
        return sorted(
            p
            for p in pool
            if self.viable(facts, p)
            and self.entries.matched_amount(p, day, facts.low, facts.high) is not None
        )

    def _big_party_index(
        self, kind: AccountKind, party_no: str, listed: list[int]
    ) -> tuple[AmountIndex, AmountIndex]:
        key = (kind, party_no)
        if key not in self._big_parties:
            entries = self.entries
            self._big_parties[key] = (
                AmountIndex(entries.capacity, listed),
                AmountIndex(entries.less, [p for p in listed if entries.discount[p]]),
            )
        return self._big_parties[key]

    def _amount_match(self, facts: LineFacts, position: int, total: int) -> AmountMatch:
        """One, several or no entries of the amount: among the party's entries when the line
        names the entry's party, else among all entries of its kind."""
        if not facts.low <= total <= facts.high:
            return AmountMatch.NONE
        entry = self.entries.entries[position]
        if (entry.kind, entry.party_no) in facts.parties:
            count = len(self.party_window(facts, entry.kind, entry.party_no))
        else:
            count = self.entries.count_window(
                entry.kind, facts.low, facts.high, facts.line.transaction_date
            )
        return AmountMatch.ONE if count <= 1 else AmountMatch.MULTIPLE

    def score(self, facts: LineFacts, position: int, *, applying: bool) -> Scored | None:
        """The line against one entry; None (when applying) if no rule holds."""
        entry = self.entries.entries[position]
        day = facts.line.transaction_date
        matched = self.entries.matched_amount(position, day, facts.low, facts.high)
        total = self.entries.applicable(position, day) if matched is None else matched
        hit = facts.parties.get((entry.kind, entry.party_no))
        party = hit.match if hit is not None else PartyMatch.NO
        structured = position in facts.by_reference
        document = DocMatch.YES if structured or position in facts.by_document else DocMatch.NO
        amount = self._amount_match(facts, position, total)
        key = (party, document, amount, structured)
        rule = self.table.get(key)
        held_back = ""
        if key in self.cautious:  # rarely: most candidates stop at the look-up above
            rule, held_back = self._rule(facts, key, entry.kind, entry.party_no, (position,))
        if rule is None and applying:
            return None
        return Scored(
            facts,
            entry.kind,
            entry.party_no,
            (position,),
            party,
            document,
            amount,
            structured,
            rule,
            rule.score if rule is not None else 0,
            total,
            due(entry),
            discounted=matched is not None and matched != self.entries.capacity[position],
            held_back=held_back,
        )

    def _by_due(self, position: int) -> tuple[date, int]:
        return due(self.entries.entries[position]), position

    def _group_total(self, facts: LineFacts, members: Sequence[int]) -> tuple[int, bool]:
        """What the members pay together, and whether that is with their open discounts:
        the total less discounts when that is the line's amount, else the whole total."""
        day = facts.line.transaction_date
        whole = sum(self.entries.capacity[p] for p in members)
        less = sum(self.entries.applicable(p, day) for p in members)
        if less != whole and facts.low <= less <= facts.high:
            return less, True
        if facts.low <= whole <= facts.high:
            return whole, False
        return less, False

    def document_groups(self, facts: LineFacts, singles: list[Scored]) -> list[Scored]:
        """One payment for several entries of one party named in the text: a group per
        party with two or more; when its total is the amount, its members' single
        candidates go (the line plainly pays them all).

        Credit memos the text names ("Faktura 100234 - kreditnota 700012") are members too,
        of the opposite sign: the group's total is the members' remaining amounts added with
        their signs, and a group whose credit memos outweigh its invoices leaves them out."""
        by_party: dict[tuple[AccountKind, str], list[int]] = {}
        set_off: dict[tuple[AccountKind, str], list[int]] = {}
        for position in sorted({*facts.by_reference, *facts.by_document}):
            entry = self.entries.entries[position]
            if self.viable(facts, position):
                by_party.setdefault((entry.kind, entry.party_no), []).append(position)
            elif self.offsets(facts, position):
                set_off.setdefault((entry.kind, entry.party_no), []).append(position)
        groups: list[Scored] = []
        for (kind, party_no), paid in by_party.items():
            paid.sort(key=self._by_due)
            memos = sorted(set_off.get((kind, party_no), []), key=self._by_due)
            if memos and sum(self.entries.capacity[p] for p in (*paid, *memos)) * facts.sign <= 0:
                memos = []
            members = [*paid, *memos]
            if len(members) < 2:
                continue
            total, discounted = self._group_total(facts, members)
            amount = AmountMatch.ONE if facts.low <= total <= facts.high else AmountMatch.NONE
            hit = facts.parties.get((kind, party_no))
            party = hit.match if hit is not None else PartyMatch.NO
            structured = all(p in facts.by_reference for p in members)
            key = (party, DocMatch.YES_MULTIPLE, amount, structured)
            rule, held_back = self._rule(facts, key, kind, party_no, members)
            if rule is None:
                continue
            group = Scored(
                facts,
                kind,
                party_no,
                tuple(members),
                party,
                DocMatch.YES_MULTIPLE,
                amount,
                structured,
                rule,
                rule.score,
                total,
                due(self.entries.entries[members[0]]),
                group="documents",
                discounted=discounted,
                held_back=held_back,
            )
            groups.append(group)
            if amount is AmountMatch.ONE:
                taken = set(members)
                singles[:] = [s for s in singles if not taken.intersection(s.positions)]
        return groups

    def subset_groups(self, facts: LineFacts) -> tuple[list[Scored], set[tuple[AccountKind, str]]]:
        """Where the text names no entries: the one subset of a named party's entries that
        adds up to the amount, if exactly one does; and the parties where the search could
        not tell (two subsets fit, or it ran out of steps)."""
        groups: list[Scored] = []
        unsure: set[tuple[AccountKind, str]] = set()
        for (kind, party_no), hit in facts.parties.items():
            listed = self.entries.by_party[kind].get(party_no, [])
            if len(listed) > PARTY_SCAN_LIMIT or self.party_window(facts, kind, party_no):
                continue
            pool = sorted(
                (p for p in listed if self.viable(facts, p)),
                key=lambda p: (due(self.entries.entries[p]), p),
            )[:MAX_ENTRIES]
            if len(pool) < 2:
                continue
            found, discounted = self._search_subset(facts, pool)
            who = f"{kind.value} {party_no}"
            if found.ambiguous or found.exhausted:
                unsure.add((kind, party_no))
            if found.ambiguous:
                facts.warnings.append(
                    f"more than one combination of {who}’s open entries adds up to the "
                    "amount; choose the entries by hand"
                )
            elif found.exhausted:
                facts.warnings.append(
                    f"{who}’s open entries were too many to try every combination "
                    "that might add up to the amount"
                )
            if found.subset is None:
                continue
            members = tuple(pool[i] for i in found.subset)
            key = (hit.match, DocMatch.NO, AmountMatch.ONE, False)
            rule, held_back = self._rule(facts, key, kind, party_no, members)
            if rule is None:
                continue
            total, _ = self._group_total(facts, members)
            groups.append(
                Scored(
                    facts,
                    kind,
                    party_no,
                    members,
                    hit.match,
                    DocMatch.NO,
                    AmountMatch.ONE,
                    False,
                    rule,
                    rule.score,
                    total,
                    due(self.entries.entries[members[0]]),
                    group="subset",
                    discounted=discounted,
                    held_back=held_back,
                )
            )
        return groups, unsure

    def _search_subset(self, facts: LineFacts, pool: list[int]) -> tuple[SubsetResult, bool]:
        """The subset search on the whole amounts, then, if nothing fits and some entries
        have an open discount, on the amounts less their discounts."""
        low, high = sorted((abs(facts.low), abs(facts.high)))
        day = facts.line.transaction_date
        whole = [abs(self.entries.capacity[p]) for p in pool]
        found = unique_subset(whole, low, high)
        less = [abs(self.entries.applicable(p, day)) for p in pool]
        if found.subset is None and not (found.ambiguous or found.exhausted) and less != whole:
            return unique_subset(less, low, high), True
        return found, False
