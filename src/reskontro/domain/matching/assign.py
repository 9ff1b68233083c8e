"""Global assignment: every line's scored candidates, best first over the whole statement.

A line takes its best candidate that still has room. Nothing is applied where the choice is
not the data's to make:

* a line whose best is tied with another candidate of the same score (of another party, or of
  the same party and as good in entries and amount difference) gets a note naming them; the
  one exception is equal amounts of one party with nothing else to tell them apart, where the
  oldest due date is taken with the confidence capped at medium and the note says so;
* two lines after one entry with the same score, when the entry cannot take both, both get a
  note instead.

An entry is never applied beyond its remaining amount less what is reserved elsewhere. A
credit memo of a group is set off against the group's invoices: its application has the
opposite sign to the line's, and the line's applications together never exceed the line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from reskontro.domain.bankrec import amount_words
from reskontro.domain.matching.facts import LineFacts
from reskontro.domain.matching.index import EntryIndex
from reskontro.domain.matching.mappings import MappingHit
from reskontro.domain.matching.model import (
    AccountKind,
    AmountMatch,
    Application,
    Confidence,
    DocMatch,
    LineResult,
    PartyMatch,
    Rule,
)
from reskontro.domain.matching.rules import describe
from reskontro.domain.money import from_minor

_RANK = {Confidence.NONE: 0, Confidence.LOW: 1, Confidence.MEDIUM: 2, Confidence.HIGH: 3}


@dataclass(slots=True)
class Scored:
    """One way to apply a line: one entry, a group of one party's entries, or a mapping."""

    facts: LineFacts
    kind: AccountKind
    account_no: str
    positions: tuple[int, ...]
    """Entry positions in the order they are paid (oldest due date first), the credit memos
    a group sets off after its invoices."""
    party: PartyMatch
    document: DocMatch
    amount: AmountMatch
    structured: bool
    rule: Rule | None
    score: int
    total: int
    """The entries' applicable amount together (minor units, the line's sign)."""
    due: date
    group: str = ""
    """"" for one entry; "documents" or "subset" for several."""
    mapping: MappingHit | None = None
    discounted: bool = False
    """The amount matched with the entries' open payment discounts taken."""
    held_back: str = ""
    """Why the confidence is below what a bolder rule would give (other open entries of the
    party named in the text and left out), "" when it is not."""

    @property
    def line_no(self) -> int:
        return self.facts.line.line_no

    @property
    def difference(self) -> int:
        return abs(self.facts.minor - self.total)

    def key(self) -> tuple[int, int, int, date, str, str, tuple[int, ...]]:
        """Best first: score, then fewer entries, smaller difference, older due date."""
        return (
            -self.score,
            len(self.positions),
            self.difference,
            self.due,
            self.kind,
            self.account_no,
            self.positions,
        )


@dataclass(slots=True)
class Paid:
    """What an application pays of one entry and its discount, in minor units signed as the
    line: positive, or negative for a credit memo set off in a group."""

    position: int
    amount: int
    discount: int


Explain = Callable[[Scored, list[Paid], bool], str]


@dataclass
class _State:
    entries: EntryIndex
    used: dict[int, int] = field(default_factory=dict)
    """Minor units applied to each entry in this run (discounts included), positive."""
    decided: set[int] = field(default_factory=set)
    taken_by: dict[int, list[int]] = field(default_factory=dict)
    """The lines that applied each entry."""

    def room(self, position: int) -> int:
        return abs(self.entries.capacity[position]) - self.used.get(position, 0)

    def viable(self, candidate: Scored) -> bool:
        return candidate.mapping is not None or all(self.room(p) > 0 for p in candidate.positions)


def _describe(candidate: Scored, entries: EntryIndex) -> str:
    if candidate.mapping is not None:
        return f"text mapping “{candidate.mapping.mapping.text}”"
    docs = ", ".join(entries.entries[p].document_no for p in candidate.positions)
    return f"{candidate.kind.value} {candidate.account_no} {docs}"


def _same_rank(one: Scored, other: Scored) -> bool:
    if one.score != other.score:
        return False
    if (one.kind, one.account_no) != (other.kind, other.account_no):
        return True
    return len(one.positions) == len(other.positions) and one.difference == other.difference


def _equal_amounts_of_one_party(best: Scored, rivals: list[Scored], entries: EntryIndex) -> bool:
    """The exception to ties: single entries of the same party, of the same amount."""
    if best.mapping is not None or len(best.positions) != 1:
        return False
    amount = entries.capacity[best.positions[0]]
    return all(
        rival.mapping is None
        and len(rival.positions) == 1
        and (rival.kind, rival.account_no) == (best.kind, best.account_no)
        and entries.capacity[rival.positions[0]] == amount
        for rival in rivals
    )


def assign(
    lines: Sequence[LineFacts],
    candidates: dict[int, list[Scored]],
    entries: EntryIndex,
    explain: Explain,
) -> dict[int, LineResult]:
    """Apply the lines' candidates best first; returns a result for every line."""
    state = _State(entries)
    results = {facts.line.line_no: LineResult(facts.line.line_no) for facts in lines}
    by_entry: dict[int, list[Scored]] = {}
    ordered: list[Scored] = []
    for listed in candidates.values():
        listed.sort(key=Scored.key)
        ordered.extend(listed)
        for candidate in listed:
            for position in candidate.positions:
                by_entry.setdefault(position, []).append(candidate)
    ordered.sort(key=Scored.key)
    for candidate in ordered:
        line_no = candidate.line_no
        if line_no in state.decided or not state.viable(candidate):
            continue
        result = results[line_no]
        rivals = [
            other
            for other in candidates[line_no]
            if other is not candidate and state.viable(other) and _same_rank(candidate, other)
        ]
        capped = False
        if rivals:
            if _equal_amounts_of_one_party(candidate, rivals, entries):
                capped = True
            else:
                names = "; ".join(_describe(c, entries) for c in [candidate, *rivals][:6])
                result.notes.append(
                    f"not applied: {len(rivals) + 1} candidates are equally good ({names})"
                )
                state.decided.add(line_no)
                continue
        if _contested(candidate, by_entry, state, results):
            continue
        _apply(candidate, state, result, explain, capped)
        state.decided.add(line_no)
        for position in candidate.positions:
            state.taken_by.setdefault(position, []).append(line_no)
    _note_taken(candidates, state, results)
    return results


def _note_taken(
    candidates: dict[int, list[Scored]], state: _State, results: dict[int, LineResult]
) -> None:
    """Lines left without an application whose entries other lines took: say which."""
    for line_no, listed in candidates.items():
        if line_no in state.decided or not listed:
            continue
        best = listed[0]
        takers = sorted({no for p in best.positions for no in state.taken_by.get(p, ())})
        if not takers:
            continue
        what = _describe(best, state.entries)
        lines = ", ".join(str(no) for no in takers)
        results[line_no].notes.append(
            f"not applied: its best match ({what}) was applied to line {lines}, "
            "a better or equal match, and has nothing left"
        )


def _contested(
    candidate: Scored,
    by_entry: dict[int, list[Scored]],
    state: _State,
    results: dict[int, LineResult],
) -> bool:
    """Whether other undecided lines want an entry of *candidate* as much, and the entry
    cannot take them all; if so every such line gets a note and is left alone."""
    for position in candidate.positions:
        others = [
            other
            for other in by_entry.get(position, ())
            if other.line_no != candidate.line_no
            and other.line_no not in state.decided
            and other.score == candidate.score
            and state.viable(other)
        ]
        if not others:
            continue
        wanted = abs(candidate.facts.minor) + sum(abs(o.facts.minor) for o in others)
        if wanted <= state.room(position):
            continue
        document = state.entries.entries[position].document_no
        lines = sorted({candidate.line_no, *(o.line_no for o in others)})
        listed = ", ".join(str(no) for no in lines)
        for line_no in lines:
            results[line_no].notes.append(
                f"not applied: lines {listed} are equally good matches for {document}, "
                "which cannot take them all"
            )
            state.decided.add(line_no)
        return True
    return False


def _discount(candidate: Scored, state: _State, position: int) -> int:
    """The discount that goes with paying the entry (positive minor units): with the payment
    that matched the amount less the discount, and only the first payment of an entry (a
    later one finds it taken)."""
    day = candidate.facts.line.transaction_date
    if (
        candidate.discounted
        and state.entries.discount_open(position, day)
        and position not in state.used
    ):
        return abs(state.entries.discount[position])
    return 0


def _pay(candidate: Scored, state: _State) -> tuple[list[Paid], list[str]]:
    """Pay the candidate's entries in order until the line's amount is used up; the credit
    memos it names are set off first, so the invoices take the line's amount and theirs."""
    facts = candidate.facts
    entries = state.entries
    memos = [p for p in candidate.positions if (entries.capacity[p] > 0) != (facts.minor > 0)]
    set_off = [(p, state.room(p), _discount(candidate, state, p)) for p in memos]
    left = abs(facts.minor) + sum(room - discount for _, room, discount in set_off)
    paid: list[Paid] = []
    notes: list[str] = []
    for position in candidate.positions:
        if position in memos:
            continue
        room = state.room(position)
        discount = _discount(candidate, state, position)
        amount = min(left, room - discount)
        if amount <= 0:
            notes.append(
                f"document no. {state.entries.entries[position].document_no} was not applied: "
                "the amount did not reach it"
            )
            continue
        left -= amount
        state.used[position] = state.used.get(position, 0) + amount + discount
        paid.append(Paid(position, amount, discount))
    # A credit memo is set off against what the invoices take, never beyond: the line's
    # applications then add up to at most the line, and never to less than nothing.
    budget = sum(item.amount for item in paid)
    for position, room, open_discount in set_off:
        # Set off in part, a credit memo takes no discount.
        discount = open_discount if budget >= room - open_discount else 0
        amount = min(budget, room - discount)
        if amount <= 0:
            notes.append(
                f"credit memo {entries.entries[position].document_no} was not set off: the "
                "invoices it was named with took nothing"
            )
            continue
        budget -= amount
        state.used[position] = state.used.get(position, 0) + amount + discount
        paid.append(Paid(position, -amount, -discount))
    return paid, notes


def _apply(
    candidate: Scored, state: _State, result: LineResult, explain: Explain, capped: bool
) -> None:
    facts = candidate.facts
    sign = facts.sign
    rule = candidate.rule
    confidence = rule.confidence if rule is not None else Confidence.HIGH
    if capped and _RANK[confidence] > _RANK[Confidence.MEDIUM]:
        confidence = Confidence.MEDIUM
    rule_text = _rule_text(candidate)
    if candidate.mapping is not None:
        result.applications.append(
            Application(
                line_no=facts.line.line_no,
                kind=candidate.mapping.mapping.kind,
                account_no=candidate.mapping.account_no,
                entry_no=None,
                amount=facts.line.amount,
                discount=from_minor(0),
                score=candidate.score,
                confidence=confidence,
                rule=rule_text,
                explanation=explain(candidate, [], False),
            )
        )
        return
    paid, notes = _pay(candidate, state)
    explanation = explain(candidate, paid, capped)
    for item in paid:
        entry = state.entries.entries[item.position]
        result.applications.append(
            Application(
                line_no=facts.line.line_no,
                kind=entry.kind,
                account_no=entry.party_no,
                entry_no=entry.entry_no,
                amount=from_minor(sign * item.amount),
                discount=from_minor(sign * item.discount),
                score=candidate.score,
                confidence=confidence,
                rule=rule_text,
                explanation=explanation,
                review_required=capped or (rule is not None and rule.review_required),
            )
        )
    result.notes.extend(notes)
    if candidate.held_back:
        result.notes.append(candidate.held_back)
    left = abs(facts.minor) - sum(item.amount for item in paid)
    if paid and left > 0:
        result.notes.append(
            f"{amount_words(from_minor(left))} is more than the entries’ remaining amount "
            "and stays as the line’s difference"
        )


def _rule_text(candidate: Scored) -> str:
    if candidate.mapping is not None:
        return f"text mapping {candidate.mapping.mapping.mapping_no}: score {candidate.score}"
    return describe(candidate.rule) if candidate.rule is not None else ""
