"""Matching quality: how much of a realistic statement "apply automatically" gets right.

Run:  .venv/bin/python bench/matching_quality.py [--lines 5000] [--seed 1] [--parties N]
          [--entries-per-party 4] [--tolerance 0.00] [--wrong 20] [--json]

It builds a Norwegian company's books and one month of its bank statement with
``bench/matching_data.generate`` (the kinds of line and their shares are in that module's
docstring; every line comes with what a careful bookkeeper would apply), runs
``MatchingEngine(parties, entries, mappings=...).apply(lines)`` once, and compares.

* A line's confidence is the highest of its applications' (none when nothing was applied).
* A high application is right when the line's truth holds that entry with that amount, or,
  for a direct posting, the truth's G/L account; every other high application is wrong.
* A line is exact when all its applications are high and right and together they are the
  whole truth (every entry of it, or its G/L account).

Goals: at least 90 % of the lines applied with high confidence; at least 99.5 % of the high
applications right; no wrong high application on a line with a valid structured reference.
Printed per kind of line too, with the medium, low and unapplied counts, and up to ``--wrong``
wrong high applications (line, what was applied, the truth, the explanation) for tuning.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from stdnum import iso11649

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.matching_data import Scenario, ScenarioKind, Truth, generate  # noqa: E402

from reskontro.domain.matching.model import (  # noqa: E402
    Application,
    Confidence,
    LineResult,
    MatchTolerance,
    OpenEntry,
    StatementLine,
)
from reskontro.domain.references import kid  # noqa: E402

GOAL_HIGH_SHARE = (90, 100)
"""At least 90 % of the lines applied with high confidence."""
GOAL_PRECISION = (995, 1000)
"""At least 99.5 % of the high applications right."""
RANKS = {Confidence.NONE: 0, Confidence.LOW: 1, Confidence.MEDIUM: 2, Confidence.HIGH: 3}


@dataclass
class Tally:
    """The figures of a set of lines (all of them, or one kind)."""

    lines: int = 0
    by_confidence: Counter[Confidence] = field(default_factory=Counter)
    high_applications: int = 0
    wrong_high: int = 0
    wrong_high_with_reference: int = 0
    exact: int = 0
    nothing_to_apply: int = 0
    high_with_something_to_apply: int = 0
    review_applications: int = 0
    wrong_review: int = 0

    def add(self, line: StatementLine, truth: Truth, result: LineResult) -> list[Application]:
        """Count one line; return its wrong high applications."""
        self.lines += 1
        self.nothing_to_apply += truth.is_nothing
        self.by_confidence[line_confidence(result)] += 1
        high = [a for a in result.applications if a.confidence is Confidence.HIGH]
        wrong = [a for a in high if not truth.accepts(a.kind, a.account_no, a.entry_no, a.amount)]
        self.high_applications += len(high)
        self.wrong_high += len(wrong)
        if has_valid_reference(line):
            self.wrong_high_with_reference += len(wrong)
        self.exact += is_exact(truth, result)
        self.high_with_something_to_apply += bool(high) and not truth.is_nothing
        review = [a for a in result.applications if a.confidence is not Confidence.HIGH]
        self.review_applications += len(review)
        self.wrong_review += sum(
            not truth.accepts(a.kind, a.account_no, a.entry_no, a.amount) for a in review
        )
        return wrong

    @property
    def high_lines(self) -> int:
        return self.by_confidence[Confidence.HIGH]

    def figures(self) -> dict[str, object]:
        right = self.high_applications - self.wrong_high
        return {
            "lines": self.lines,
            "high_lines": self.high_lines,
            "high_share_percent": str(percent(self.high_lines, self.lines)),
            "high_applications": self.high_applications,
            "wrong_high_applications": self.wrong_high,
            "high_precision_percent": str(percent(right, self.high_applications)),
            "wrong_high_with_valid_reference": self.wrong_high_with_reference,
            "exact_lines": self.exact,
            "medium_lines": self.by_confidence[Confidence.MEDIUM],
            "low_lines": self.by_confidence[Confidence.LOW],
            "unapplied_lines": self.by_confidence[Confidence.NONE],
            "lines_with_nothing_to_apply": self.nothing_to_apply,
            "high_share_of_lines_with_something_to_apply_percent": str(
                percent(self.high_with_something_to_apply, self.lines - self.nothing_to_apply)
            ),
            "medium_low_applications": self.review_applications,
            "wrong_medium_low_applications": self.wrong_review,
        }


def percent(part: int, whole: int) -> Decimal:
    """*part* of *whole* in per cent, to two decimals (100 when *whole* is 0: nothing failed)."""
    if not whole:
        return Decimal("100.00")
    return (Decimal(part * 100) / whole).quantize(Decimal("0.01"), ROUND_HALF_UP)


def line_confidence(result: LineResult) -> Confidence:
    return max(
        (a.confidence for a in result.applications), key=RANKS.__getitem__, default=Confidence.NONE
    )


def has_valid_reference(line: StatementLine) -> bool:
    """Whether the line's structured references hold a KID (or an RF reference) with a valid
    check digit."""
    return any(kid.is_valid(ref) or iso11649.is_valid(ref) for ref in line.references)


def is_exact(truth: Truth, result: LineResult) -> bool:
    applied = result.applications
    if not applied or truth.is_nothing:
        return False
    if any(a.confidence is not Confidence.HIGH for a in applied):
        return False
    if not all(truth.accepts(a.kind, a.account_no, a.entry_no, a.amount) for a in applied):
        return False
    if truth.gl_account:
        return len(applied) == 1
    wanted = {(t.entry_no, t.amount) for t in truth.applications}
    return {(a.entry_no, a.amount) for a in applied} == wanted


@dataclass
class Report:
    total: Tally
    kinds: dict[ScenarioKind, Tally]
    wrong: list[tuple[StatementLine, Truth, Application]]
    seconds: float


def measure(scenario: Scenario, tolerance: MatchTolerance) -> Report:
    from reskontro.domain.matching.engine import MatchingEngine

    start = time.perf_counter()
    engine = MatchingEngine(
        scenario.parties, scenario.entries, tolerance=tolerance, mappings=scenario.mappings
    )
    results = {result.line_no: result for result in engine.apply(scenario.lines)}
    seconds = time.perf_counter() - start
    total = Tally()
    kinds = {kind: Tally() for kind in ScenarioKind}
    wrong = []
    for line in scenario.lines:
        truth = scenario.truth[line.line_no]
        result = results.get(line.line_no, LineResult(line.line_no))
        total.add(line, truth, result)
        wrong += [(line, truth, a) for a in kinds[truth.kind].add(line, truth, result)]
    return Report(total, kinds, wrong, seconds)


def goal(met: bool) -> str:
    return "met" if met else "NOT met"


def print_report(scenario: Scenario, report: Report, show_wrong: int) -> None:
    total = report.total
    right = total.high_applications - total.wrong_high
    high_ok = total.high_lines * GOAL_HIGH_SHARE[1] >= total.lines * GOAL_HIGH_SHARE[0]
    precise = right * GOAL_PRECISION[1] >= total.high_applications * GOAL_PRECISION[0]
    print(
        f"\n== {len(scenario.lines):,} statement lines against {len(scenario.entries):,} open "
        f"entries of {len(scenario.parties):,} parties (seed {scenario.seed}) =="
    )
    print(f"engine (index build + apply): {report.seconds:.2f} s")
    print(
        f"lines applied with high confidence: {total.high_lines:,} = "
        f"{percent(total.high_lines, total.lines)} % (goal >= 90 %: {goal(high_ok)})"
    )
    print(
        f"high applications right: {right:,} of {total.high_applications:,} = "
        f"{percent(right, total.high_applications)} % (goal >= 99.5 %: {goal(precise)})"
    )
    print(
        f"wrong high applications on lines with a valid structured reference: "
        f"{total.wrong_high_with_reference} (goal 0: {goal(not total.wrong_high_with_reference)})"
    )
    print(
        f"exact lines: {total.exact:,} = {percent(total.exact, total.lines)} %; "
        f"medium {total.by_confidence[Confidence.MEDIUM]:,}, "
        f"low {total.by_confidence[Confidence.LOW]:,}, "
        f"unapplied {total.by_confidence[Confidence.NONE]:,} "
        f"(of which {total.nothing_to_apply:,} have nothing to apply)"
    )
    something = total.lines - total.nothing_to_apply
    print(
        f"high among the {something:,} lines that have something to apply: "
        f"{percent(total.high_with_something_to_apply, something)} %; medium and low "
        f"applications the truth does not hold: {total.wrong_review:,} of "
        f"{total.review_applications:,} (left for review)"
    )
    print()
    header = (
        f"{'kind':<22}{'lines':>6}{'high':>6}{'high %':>8}{'h.apps':>7}{'wrong':>6}"
        f"{'prec. %':>8}{'exact':>6}{'medium':>7}{'low':>5}{'none':>5}"
    )
    print(header)
    print("-" * len(header))
    for kind, tally in sorted(report.kinds.items(), key=lambda item: -item[1].lines):
        if tally.lines:
            print(_row(kind.value, tally))
    print("-" * len(header))
    print(_row("all", total))
    if report.wrong:
        shown = min(show_wrong, len(report.wrong))
        print(f"\n{len(report.wrong)} wrong high applications; the first {shown}:")
        entries = {e.entry_no: e for e in scenario.entries}
        for line, truth, applied in report.wrong[:shown]:
            print(_wrong(line, truth, applied, entries))


def _row(label: str, tally: Tally) -> str:
    right = tally.high_applications - tally.wrong_high
    return (
        f"{label:<22}{tally.lines:>6}{tally.high_lines:>6}"
        f"{percent(tally.high_lines, tally.lines):>8}{tally.high_applications:>7}"
        f"{tally.wrong_high:>6}{percent(right, tally.high_applications):>8}{tally.exact:>6}"
        f"{tally.by_confidence[Confidence.MEDIUM]:>7}{tally.by_confidence[Confidence.LOW]:>5}"
        f"{tally.by_confidence[Confidence.NONE]:>5}"
    )


def _wrong(
    line: StatementLine, truth: Truth, applied: Application, entries: dict[int, OpenEntry]
) -> str:
    def entry_words(entry_no: int | None, amount: Decimal) -> str:
        if entry_no is None:
            return f"{amount} direct to the account"
        entry = entries[entry_no]
        return (
            f"{entry.kind.value} {entry.party_no} {entry.document_type} {entry.document_no} "
            f"(entry {entry_no}, remaining {entry.remaining_amount}): {amount}"
        )

    if truth.gl_account:
        wanted = f"G/L account {truth.gl_account}"
    elif truth.applications:
        wanted = "; ".join(entry_words(t.entry_no, t.amount) for t in truth.applications)
    else:
        wanted = "nothing"
    if truth.note:
        wanted += f" ({truth.note})"
    return (
        f"\n- line {line.line_no} [{truth.kind.value}] {line.transaction_date} {line.amount}"
        f" text={line.text!r} name={line.counterparty_name!r}"
        f" account={line.counterparty_account!r} refs={list(line.references)}\n"
        f"  applied: {applied.kind.value} {applied.account_no} "
        f"{entry_words(applied.entry_no, applied.amount)} discount {applied.discount}"
        f" [{applied.rule}]\n"
        f"  truth:   {wanted}\n"
        f"  why:     {applied.explanation}"
    )


def as_json(scenario: Scenario, report: Report, show_wrong: int) -> dict[str, object]:
    return {
        "seed": scenario.seed,
        "lines": len(scenario.lines),
        "open_entries": len(scenario.entries),
        "parties": len(scenario.parties),
        "engine_seconds": f"{report.seconds:.2f}",
        "goals": {
            "high_share_percent": "90",
            "high_precision_percent": "99.5",
            "wrong_high_with_valid_reference": 0,
        },
        "total": report.total.figures(),
        "kinds": {kind.value: t.figures() for kind, t in report.kinds.items() if t.lines},
        "wrong": [
            {
                "line_no": line.line_no,
                "kind": truth.kind.value,
                "amount": str(line.amount),
                "text": line.text,
                "counterparty_name": line.counterparty_name,
                "references": list(line.references),
                "applied_entry_no": applied.entry_no,
                "applied_account": f"{applied.kind.value} {applied.account_no}",
                "applied_amount": str(applied.amount),
                "truth": [[t.entry_no, str(t.amount)] for t in truth.applications]
                or truth.gl_account
                or "nothing",
                "rule": applied.rule,
                "explanation": applied.explanation,
            }
            for line, truth, applied in report.wrong[:show_wrong]
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--parties", type=int, help="customers (default: as many as lines)")
    parser.add_argument("--entries-per-party", type=int, default=4)
    parser.add_argument("--tolerance", type=Decimal, default=Decimal(0), help="match tolerance")
    parser.add_argument("--wrong", type=int, default=20, help="wrong applications to list")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    scenario = generate(args.seed, args.lines, args.parties or args.lines, args.entries_per_party)
    report = measure(scenario, MatchTolerance(value=args.tolerance))
    if args.json:
        print(json.dumps(as_json(scenario, report, args.wrong), indent=2, ensure_ascii=False))
    else:
        print_report(scenario, report, args.wrong)


if __name__ == "__main__":
    main()
