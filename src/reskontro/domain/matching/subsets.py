"""One payment for several invoices with no numbers in the text: the subset of a party's open
entries whose sum is the amount, taken only when exactly one subset fits.

The search is bounded twice: the caller passes at most :data:`MAX_ENTRIES` entries (the oldest),
and the search stops after :data:`NODE_BUDGET` steps. Stopping early is reported, never guessed
over: a subset is applied only when the whole search ran and found it alone.

>>> unique_subset([500, 300, 200, 999], 800, 800).subset
(0, 1)
>>> unique_subset([500, 300, 200, 300], 800, 800).ambiguous
True
>>> unique_subset([500, 300], 100, 100).subset is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_ENTRIES = 24
"""How many of a party's entries (the oldest) the search looks at."""
NODE_BUDGET = 20_000
"""How many steps the search may take for one line."""


@dataclass(frozen=True, slots=True)
class SubsetResult:
    subset: tuple[int, ...] | None
    """Indexes into the amounts given, when exactly one subset of two or more fits."""
    ambiguous: bool = False
    """Two or more subsets fit."""
    exhausted: bool = False
    """The step budget ran out before the search was complete."""


def unique_subset(
    amounts: Sequence[int], low: int, high: int, *, budget: int = NODE_BUDGET
) -> SubsetResult:
    """The only subset of two or more *amounts* (positive minor units) whose sum lies in
    [low, high], searched largest amount first with sums pruned on both sides."""
    order = sorted(range(len(amounts)), key=lambda index: -amounts[index])
    values = [amounts[index] for index in order]
    # What the items from i on could still add: a branch that cannot reach *low* is cut.
    suffix = [0] * (len(values) + 1)
    for index in range(len(values) - 1, -1, -1):
        suffix[index] = suffix[index + 1] + values[index]
    solutions: list[tuple[int, ...]] = []
    steps = 0
    chosen: list[int] = []

    def search(start: int, total: int) -> bool:
        """Explore; False when the search must stop (two found, or out of budget)."""
        nonlocal steps
        for index in range(start, len(values)):
            steps += 1
            if steps > budget:
                return False
            value = values[index]
            if total + suffix[index] < low:
                return True
            new_total = total + value
            if new_total > high:
                continue
            chosen.append(index)
            if new_total >= low and len(chosen) >= 2:
                solutions.append(tuple(sorted(order[i] for i in chosen)))
                if len(solutions) > 1:
                    return False
            if not search(index + 1, new_total):
                return False
            chosen.pop()
        return True

    complete = search(0, 0)
    if len(solutions) > 1:
        return SubsetResult(None, ambiguous=True)
    if not complete:
        return SubsetResult(None, exhausted=True)
    return SubsetResult(solutions[0] if solutions else None)
