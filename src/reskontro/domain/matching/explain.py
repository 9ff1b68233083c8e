"""Explanations in words: which criteria held for an application, with the amounts written
as people read them (``1 250.00``)."""

from __future__ import annotations

from reskontro.domain.bankrec import amount_words
from reskontro.domain.matching.assign import Paid, Scored
from reskontro.domain.matching.index import EntryIndex
from reskontro.domain.matching.model import AccountKind, AmountMatch
from reskontro.domain.money import from_minor

ACCOUNT_WORDS = {
    AccountKind.GL: "G/L account",
    AccountKind.CUSTOMER: "customer",
    AccountKind.VENDOR: "vendor",
}


class Explainer:
    """Writes the explanation of a candidate over one run's entry index."""

    def __init__(self, entries: EntryIndex) -> None:
        self.entries = entries

    def explain(self, candidate: Scored, paid: list[Paid], capped: bool) -> str:
        """Which criteria held, in words, ending with the score."""
        facts = candidate.facts
        if candidate.mapping is not None:
            mapping = candidate.mapping.mapping
            return (
                f"the text contains “{mapping.text}” (text mapping {mapping.mapping_no}): "
                f"{ACCOUNT_WORDS[mapping.kind]} {candidate.mapping.account_no}; "
                f"score {candidate.score}"
            )
        parts: list[str] = []
        for position in candidate.positions:
            entry = self.entries.entries[position]
            reference = facts.by_reference.get(position)
            if reference is not None:
                where = " (found in the text)" if reference.in_text else ""
                parts.append(
                    f"{reference.label} {reference.value} valid and equal to "
                    f"{entry.document_type} {entry.document_no}’s payment reference{where}"
                )
            elif position in facts.by_document:
                number = facts.by_document[position]
                field = "document no." if number == entry.document_no else "external document no."
                parts.append(
                    f"{field} {number} of {entry.document_type} {entry.document_no} in the text"
                )
        hit = facts.parties.get((candidate.kind, candidate.account_no))
        parts.append(hit.reason if hit is not None else "payer not identified")
        parts.append(self._amount_words(candidate, paid))
        if candidate.held_back:
            parts.append(candidate.held_back)
        if capped:
            parts.append(
                "other entries of the same party have the same amount and nothing else tells "
                "them apart: the oldest due date is taken, confidence at most medium"
            )
        parts.append(f"score {candidate.score}")
        return "; ".join(parts)

    def _amount_words(self, candidate: Scored, paid: list[Paid]) -> str:
        """The amount criterion in words: equal, within the tolerance, part payment or more,
        with the discount and how many entries have the amount."""
        facts = candidate.facts
        day = facts.line.transaction_date
        entries = [self.entries.entries[p] for p in candidate.positions]
        docs = " + ".join(entry.document_no for entry in entries)
        who = f"{candidate.kind.value} {candidate.account_no}"
        amount = f"amount {amount_words(facts.line.amount)}"
        full = amount_words(from_minor(sum(self.entries.capacity[p] for p in candidate.positions)))
        discount = sum(item.discount for item in paid)
        if candidate.discounted and not paid:
            discount = sum(
                abs(self.entries.discount[p])
                for p in candidate.positions
                if self.entries.discount_open(p, day)
            )
        less = f" less the discount {amount_words(from_minor(discount))}" if discount else ""
        if candidate.group == "subset":
            return (
                f"{amount} is the sum of {docs}{less}, the only combination of {who}’s open "
                "entries that adds up to it"
            )
        if candidate.group == "documents":
            base = f"the total {full} of the {len(entries)} entries named in the text{less}"
            memos = [
                self.entries.entries[p].document_no
                for p in candidate.positions
                if (self.entries.capacity[p] > 0) != (facts.minor > 0)
            ]
            if memos:
                base += f" ({', '.join(memos)} set off)"
        else:
            base = f"the remaining amount {full}{less}"
        if candidate.amount is AmountMatch.NONE:
            if abs(facts.minor) < abs(candidate.total):
                return f"part payment: {amount} of {base}"
            return f"{amount} is more than {base}"
        if candidate.difference == 0:
            head = f"{amount} equals {base}"
        else:
            head = f"{amount} is within the match tolerance of {base}"
        if candidate.group:
            return head
        if (candidate.kind, candidate.account_no) in facts.parties:
            among = f"{who}’s only open entry"
            several = f"{who} has other open entries"
        else:
            among = f"the only open {candidate.kind.value} entry"
            several = f"other open {candidate.kind.value} entries have"
        if candidate.amount is AmountMatch.ONE:
            return f"{head}, {among} of this amount"
        return f"{head}; {several} of this amount too"
