"""Apply automatically: statement lines to open customer and vendor entries (DESIGN §7).

The engine follows NAV's Payment Reconciliation Journal (``bc_matching.md`` §3–7) with its
faults fixed:

* the indexes are built once; a line costs the candidates they return, never a scan of all
  open entries (a line that matches by amount only, among several entries of unknown parties,
  is not scored against each: it gets a note saying how many entries have the amount);
* a valid structured reference (KID, OCR, RF, Finnish reference) equal to the entry's payment
  reference is the surest match there is (score 4000);
* document nos. are found at every occurrence in the text, not only the first;
* "one match" on the amount is counted among the party's entries when the line names the
  party, and among all entries of the kind only when it does not;
* a short party name is not looked for inside free text;
* ties and contested entries are left for review with a note, not settled by list order.

>>> from datetime import date
>>> from decimal import Decimal
>>> from reskontro.domain.matching.model import AccountKind, OpenEntry, Party, StatementLine
>>> parties = [Party(AccountKind.CUSTOMER, "10000", "Nordlys Bygg AS", accounts=("12345678903",))]
>>> entries = [OpenEntry(AccountKind.CUSTOMER, 1, "10000", "invoice", "100023",
...     date(2026, 3, 1), Decimal("1250.00"), payment_reference="00000123455")]
>>> line = StatementLine(1, Decimal("1250.00"), date(2026, 3, 10), references=("00000123455",),
...     counterparty_account="NO93 1234 5678 903")
>>> [(a.entry_no, a.amount, a.confidence.value, a.score)
...  for a in MatchingEngine(parties, entries).apply([line])[0].applications]
[(1, Decimal('1250.00'), 'high', 4000)]
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import date

from reskontro.domain.errors import ValidationError
from reskontro.domain.matching.assign import Scored, assign
from reskontro.domain.matching.explain import Explainer
from reskontro.domain.matching.facts import LineFacts, read_line
from reskontro.domain.matching.index import (
    EntryIndex,
    PartyIndex,
    collector_paused,
    minor_units,
    positions,
)
from reskontro.domain.matching.mappings import MAPPING_SCORE, MappingIndex, mapping_text_from
from reskontro.domain.matching.model import (
    AccountKind,
    AmountMatch,
    Candidate,
    Confidence,
    DocMatch,
    LineResult,
    MatchTolerance,
    OpenEntry,
    Party,
    PartyMatch,
    PostedBankEntry,
    Reserved,
    Rule,
    StatementLine,
    TextMapping,
)
from reskontro.domain.matching.normalise import document_key, normalise_name
from reskontro.domain.matching.rules import DEFAULT_RULES, cautious_table, describe, rule_table
from reskontro.domain.matching.scoring import Scorer
from reskontro.domain.money import from_minor

__all__ = ["MatchingEngine", "mapping_text_from"]

NO_TOLERANCE = MatchTolerance()


class MatchingEngine:
    """Scores statement lines against open entries with the rule table and proposes
    applications; built once per run over all open entries, parties and mappings."""

    def __init__(
        self,
        parties: Iterable[Party],
        entries: Iterable[OpenEntry],
        *,
        rules: Sequence[Rule] = DEFAULT_RULES,
        tolerance: MatchTolerance = NO_TOLERANCE,
        mappings: Iterable[TextMapping] = (),
        reserved: Iterable[Reserved] = (),
        posted_bank_entries: Iterable[PostedBankEntry] = (),
        today: date | None = None,
    ) -> None:
        self.rules = tuple(rules)
        self.tolerance = tolerance
        self.today = today
        """The day the proposals are made: candidates() says how overdue an entry is."""
        self._table = rule_table(self.rules)
        with collector_paused():
            self._parties = PartyIndex(parties)
            self._entries = EntryIndex(list(entries), reserved)
        self._mappings = MappingIndex(mappings, posted_bank_entries)
        self._scorer = Scorer(self._entries, self._table, cautious_table(self.rules))
        self._explainer = Explainer(self._entries)
        self._sorted_documents: list[str] | None = None

    # -- apply automatically ----------------------------------------------------------------

    def apply(self, lines: Iterable[StatementLine]) -> list[LineResult]:
        """Proposals for every line, in the order given (lines of amount 0 get a note)."""
        with collector_paused():  # many small objects, no cycles: see collector_paused
            return self._apply(list(lines))

    def _apply(self, lines: list[StatementLine]) -> list[LineResult]:
        seen: set[int] = set()
        for line in lines:
            if line.line_no in seen:
                raise ValidationError(
                    f"line no. {line.line_no} is given twice; give each line its own"
                )
            seen.add(line.line_no)
        read: list[LineFacts] = []
        scored: dict[int, list[Scored]] = {}
        for line in lines:
            if line.amount == 0:
                continue
            facts = read_line(
                line, minor_units(line.amount), self.tolerance, self._entries, self._parties
            )
            read.append(facts)
            scored[line.line_no] = self._line_candidates(facts)
        results = assign(read, scored, self._entries, self._explainer.explain)
        for facts in read:
            result = results[facts.line.line_no]
            result.notes.extend(facts.warnings)
            if not result.applications:
                result.notes.extend(facts.notes)
        out: list[LineResult] = []
        for line in lines:
            found = results.get(line.line_no)
            if found is None:
                found = LineResult(line.line_no, notes=["the amount is 0: nothing to apply"])
            out.append(found)
        return out

    def _line_candidates(self, facts: LineFacts) -> list[Scored]:
        """Every way to apply the line that a rule scores: single entries, groups of one
        party's entries, text mappings."""
        found = {p for p in self._scorer.found_positions(facts) if self._scorer.viable(facts, p)}
        scored = [s for p in sorted(found) if (s := self._scorer.score(facts, p, applying=True))]
        scored.extend(self._scorer.document_groups(facts, scored))
        if not any(p in found for p in (*facts.by_document, *facts.by_reference)):
            groups, unsure = self._scorer.subset_groups(facts)
            scored.extend(groups)
            # A party whose entries add up to the amount in more than one way (or in too many
            # to try) is paying several of them; a guess at one as a part payment is wrong.
            scored = [
                s
                for s in scored
                if (s.kind, s.account_no) not in unsure or s.amount is not AmountMatch.NONE
            ]
        scored.extend(self._mapping_candidates(facts, scored))
        return scored

    def _mapping_candidates(self, facts: LineFacts, ledger: list[Scored]) -> list[Scored]:
        """The line's text mappings, unless the line plainly pays an open entry: its text
        names one, or its payer (by account or name) is a party with an open entry of the
        amount."""
        hits, notes = self._mappings.find(facts.line)
        facts.warnings.extend(notes)
        if not hits:
            return []
        pays = next(
            (
                s
                for s in ledger
                if s.document is not DocMatch.NO
                or (s.party is not PartyMatch.NO and s.amount is not AmountMatch.NONE)
            ),
            None,
        )
        if pays is not None:
            document = self._entries.entries[pays.positions[0]].document_no
            facts.notes.append(
                f"text mapping “{hits[0].mapping.text}” was not used: the line pays "
                f"{pays.kind.value} {pays.account_no}’s {document}"
            )
            return []
        seen: set[tuple[AccountKind, str]] = set()
        scored: list[Scored] = []
        for hit in hits:
            key = (hit.mapping.kind, hit.account_no)
            if key in seen:
                continue
            seen.add(key)
            scored.append(
                Scored(
                    facts,
                    hit.mapping.kind,
                    hit.account_no,
                    (),
                    PartyMatch.NOT_CONSIDERED,
                    DocMatch.NOT_CONSIDERED,
                    AmountMatch.NOT_CONSIDERED,
                    False,
                    None,
                    MAPPING_SCORE,
                    facts.minor,
                    date.max,
                    mapping=hit,
                )
            )
        return scored

    # -- the manual application page ---------------------------------------------------------

    def candidates(
        self,
        line: StatementLine,
        *,
        party: Party | str | None = None,
        search: str = "",
        limit: int = 50,
    ) -> list[Candidate]:
        """Entries a user may apply *line* to by hand, best first: what the indexes find for
        the line, every open entry of *party* (a Party, or a customer or vendor no.), and
        entries whose document no. or party name holds *search*. Entries of either sign and
        any date are listed; those no rule scores have score 0."""
        facts = read_line(
            line, minor_units(line.amount), self.tolerance, self._entries, self._parties
        )
        found = set(facts.by_reference) | set(facts.by_document)
        for hit in facts.parties.values():
            found.update(self._scorer.party_positions(facts, hit))
        for kind in (AccountKind.CUSTOMER, AccountKind.VENDOR):
            found.update(
                self._entries.in_window(kind, facts.low, facts.high, line.transaction_date, limit)
            )
        if party is not None:
            found.update(self._positions_of_party(party))
        if search.strip():
            found.update(self._search(search.strip(), limit))
        score = self._scorer.score
        scored = [s for p in found if (s := score(facts, p, applying=False)) is not None]
        scored.sort(key=lambda s: (-s.score, s.difference, s.due, s.positions))
        return [self._candidate(s) for s in scored[:limit]]

    def _positions_of_party(self, party: Party | str) -> list[int]:
        if isinstance(party, Party):
            return list(self._entries.by_party[party.kind].get(party.no, []))
        return [
            p
            for kind in (AccountKind.CUSTOMER, AccountKind.VENDOR)
            for p in self._entries.by_party[kind].get(party, [])
        ]

    def _search(self, search: str, limit: int) -> list[int]:
        """Entries whose document no. starts with *search*, and entries of parties whose
        name or no. holds it (a look through all parties: one user, one search at a time)."""
        if self._sorted_documents is None:
            self._sorted_documents = sorted(self._entries.by_document)
        key = document_key(search)
        found: list[int] = []
        start = bisect_left(self._sorted_documents, key)
        for number in self._sorted_documents[start : start + limit]:
            if not number.startswith(key):
                break
            found.extend(positions(self._entries.by_document, number))
        name = normalise_name(search)
        for (kind, no), facts in self._parties.by_key.items():
            if len(found) >= limit * 4:
                break
            if (name and name in facts.name) or no == search:
                found.extend(self._entries.by_party[kind].get(no, [])[:limit])
        return found

    def _candidate(self, scored: Scored) -> Candidate:
        position = scored.positions[0]
        entry = self._entries.entries[position]
        facts = scored.facts
        room = abs(self._entries.capacity[position])
        discount = abs(self._entries.discount[position]) if scored.discounted else 0
        if (self._entries.capacity[position] > 0) == (facts.minor > 0):
            suggested = facts.sign * min(abs(facts.minor), room - discount)
        else:
            suggested = self._entries.capacity[position]
        explanation = self._explainer.explain(scored, [], False)
        if self.today is not None and entry.due_date is not None and entry.due_date < self.today:
            explanation += f"; due {entry.due_date}, {(self.today - entry.due_date).days} days ago"
        rule = scored.rule
        return Candidate(
            entry=entry,
            score=scored.score,
            confidence=rule.confidence if rule is not None else Confidence.NONE,
            rule=describe(rule) if rule is not None else "no rule holds",
            explanation=explanation,
            suggested_amount=from_minor(suggested),
        )
