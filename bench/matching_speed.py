"""Matching speed: statement lines applied to open entries by the matching engine.

Run:  .venv/bin/python bench/matching_speed.py [--quick] [--seed 1]

It generates parties, open entries and statement lines of a realistic mix (KIDs in the
structured reference and in the text, invoice nos. in the text, payer accounts and IBANs,
payer names, amounts only, bank fees, payments nobody knows), then:

1. 10,000 lines against 100,000 and against 1,000,000 open entries: the engine's index build
   and its apply, timed apart from generating the objects; the cost per line, the ratio of
   that cost at 1M to 100k (goal <= 1.5: a line costs its candidates, not the open entries),
   and whether 10,000 lines x 1,000,000 entries take under 10 s without loading (index build
   and apply, generation excluded; goal).
2. 1,000 lines against 10,000 entries: the engine beside a naive scorer that evaluates every
   line x entry pair with the same criteria (NAV's way), with the ratio of their times and a
   check that both give every line the same best entry (differences listed).

``--quick`` runs 1,000 lines against 10,000 and 100,000 entries and a 200 x 2,000 comparison.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz import fuzz  # noqa: E402

from reskontro.domain.matching.engine import MatchingEngine  # noqa: E402
from reskontro.domain.matching.facts import (  # noqa: E402
    MAX_NAMED_PARTIES,
    MIN_TEXT_NAME_LENGTH,
    NAME_THRESHOLD,
    amount_window,
)
from reskontro.domain.matching.index import minor_units  # noqa: E402
from reskontro.domain.matching.model import (  # noqa: E402
    AccountKind,
    AmountMatch,
    DocMatch,
    LineResult,
    MatchTolerance,
    OpenEntry,
    Party,
    PartyMatch,
    StatementLine,
    TextMapping,
    ToleranceKind,
)
from reskontro.domain.matching.normalise import (  # noqa: E402
    account_keys,
    document_key,
    document_tokens,
    normalise_address,
    normalise_name,
    normalise_text,
)
from reskontro.domain.matching.references import compact_reference, line_references  # noqa: E402
from reskontro.domain.matching.rules import DEFAULT_RULES, rule_table  # noqa: E402
from reskontro.domain.references.kid import calc_check_digit  # noqa: E402

CUSTOMER, VENDOR = AccountKind.CUSTOMER, AccountKind.VENDOR
TOLERANCE = MatchTolerance(ToleranceKind.AMOUNT, Decimal("0.00"))
START = date(2026, 1, 2)
STATEMENT_DAY = date(2026, 4, 10)

FIRST = [
    "Nordlys",
    "Fjord",
    "Berg",
    "Vik",
    "Dal",
    "Skog",
    "Sol",
    "Havn",
    "Stein",
    "Elv",
    "Lyng",
    "Bjørk",
    "Furu",
    "Ask",
    "Eik",
    "Lind",
    "Rogn",
    "Hegg",
    "Øst",
    "Vest",
    "Nord",
    "Sør",
    "Midt",
    "Topp",
    "Kyst",
    "Fjell",
    "Storm",
    "Bølge",
    "Gran",
    "Eng",
    "Myr",
    "Tind",
    "Nes",
    "Holm",
    "Bakke",
    "Strand",
    "Sand",
    "Lia",
    "Mo",
    "Foss",
    "Li",
    "Ås",
    "Bru",
    "Tun",
    "Kvern",
    "Sag",
    "Smie",
    "Vind",
    "Snø",
    "Is",
]
SECOND = [
    "Bygg",
    "Fisk",
    "Transport",
    "Eiendom",
    "Consult",
    "Data",
    "Handel",
    "Regnskap",
    "Maskin",
    "Rør",
    "Elektro",
    "Maling",
    "Snekkeri",
    "Catering",
    "Frisør",
    "Tannlege",
    "Advokat",
    "Design",
    "Media",
    "Trening",
    "Bilverksted",
    "Taxi",
    "Kafé",
    "Bakeri",
    "Blomster",
    "Sport",
    "Hage",
    "Marine",
    "Energi",
    "Invest",
]
PLACES = [
    "Oslo",
    "Bergen",
    "Trondheim",
    "Stavanger",
    "Tromsø",
    "Bodø",
    "Ålesund",
    "Molde",
    "Hamar",
    "Lillehammer",
    "Gjøvik",
    "Drammen",
    "Tønsberg",
    "Sandefjord",
    "Larvik",
    "Skien",
    "Porsgrunn",
    "Arendal",
    "Kristiansand",
    "Mandal",
    "Egersund",
    "Haugesund",
    "Stord",
    "Voss",
    "Førde",
    "Florø",
    "Kristiansund",
    "Steinkjer",
    "Namsos",
    "Mosjøen",
    "Narvik",
    "Harstad",
    "Alta",
    "Hammerfest",
    "Kirkenes",
    "Vadsø",
    "Göteborg",
    "Malmö",
    "Uppsala",
    "Västerås",
    "Örebro",
    "Linköping",
    "Helsingborg",
    "Jönköping",
    "Norrköping",
    "Lund",
    "Umeå",
    "Gävle",
    "Borås",
    "Eskilstuna",
    "Södertälje",
    "Karlstad",
    "Täby",
    "Växjö",
    "Halmstad",
]
FORMS = ("AS", "AS", "AS", "ASA", "ANS", "DA", "AB", "ENK", "")
GIVEN = [
    "Kari",
    "Ola",
    "Per",
    "Anne",
    "Lars",
    "Ingrid",
    "Nils",
    "Sigrid",
    "Erik",
    "Astrid",
    "Jon",
    "Liv",
    "Knut",
    "Eva",
]
FAMILY = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Berg",
    "Haugen",
    "Bakken",
]


@dataclass
class Data:
    parties: list[Party]
    entries: list[OpenEntry]
    lines: list[StatementLine]
    mappings: list[TextMapping]
    truth: dict[int, int | None]
    """The entry a line pays, where the generator made it pay one entry."""


def _money(minor: int) -> Decimal:
    return Decimal(minor).scaleb(-2)


def make_parties(rng: random.Random, count: int) -> list[Party]:
    parties = []
    for index in range(count):
        kind = VENDOR if index % 10 == 9 else CUSTOMER
        if index % 4 == 3:
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        else:
            words = (rng.choice(FIRST), rng.choice(SECOND), rng.choice(PLACES), rng.choice(FORMS))
            name = " ".join(word for word in words if word)
        account = f"{rng.randrange(10**10, 10**11)}"
        parties.append(
            Party(
                kind,
                f"{'V' if kind is VENDOR else 'C'}{index:07d}",
                name,
                address=f"Gate {rng.randrange(1, 200)}",
                city=rng.choice(PLACES),
                accounts=(account,),
            )
        )
    return parties


def make_entries(rng: random.Random, parties: Sequence[Party], count: int) -> list[OpenEntry]:
    entries = []
    for index in range(count):
        party = parties[rng.randrange(len(parties))]
        minor = rng.randrange(10_000, 2_000_000) if index % 3 else rng.randrange(1, 200) * 5_000
        posted = START + timedelta(days=rng.randrange(90))
        body = f"{index:09d}"
        discount = _money(minor // 50) if index % 5 == 0 else Decimal(0)
        sign = -1 if party.kind is VENDOR else 1
        entries.append(
            OpenEntry(
                kind=party.kind,
                entry_no=index + 1,
                party_no=party.no,
                document_type="invoice",
                document_no=f"{1_000_000 + index}",
                posting_date=posted,
                remaining_amount=_money(sign * minor),
                external_document_no=f"INV-{index}" if party.kind is VENDOR else "",
                payment_reference=body + calc_check_digit(body) if party.kind is CUSTOMER else "",
                due_date=posted + timedelta(days=30),
                remaining_pmt_disc_possible=_money(sign * (minor // 50)) if discount else discount,
                pmt_discount_date=posted + timedelta(days=10) if discount else None,
            )
        )
    return entries


def make_lines(
    rng: random.Random, parties: Sequence[Party], entries: Sequence[OpenEntry], count: int
) -> tuple[list[StatementLine], dict[int, int | None]]:
    """Lines of a realistic mix; each pays a different entry (or none)."""
    by_no = {party.no: party for party in parties}
    chosen = rng.sample(range(len(entries)), count)
    lines: list[StatementLine] = []
    truth: dict[int, int | None] = {}
    for line_no, position in enumerate(chosen, start=1):
        entry = entries[position]
        party = by_no[entry.party_no]
        amount = entry.remaining_amount
        day = STATEMENT_DAY
        roll = rng.randrange(100)
        truth[line_no] = entry.entry_no
        if roll < 45 and entry.payment_reference:
            line = StatementLine(line_no, amount, day, references=(entry.payment_reference,))
        elif roll < 60:
            number = entry.external_document_no or entry.document_no
            line = StatementLine(line_no, amount, day, text=f"Faktura {number} takk")
        elif roll < 70:
            account = party.accounts[0]
            given = f"NO00{account}" if rng.randrange(2) else account
            line = StatementLine(line_no, amount, day, counterparty_account=given)
        elif roll < 80:
            line = StatementLine(line_no, amount, day, counterparty_name=party.name.upper())
        elif roll < 85 and entry.payment_reference:
            line = StatementLine(line_no, amount, day, text=f"KID {entry.payment_reference}")
        elif roll < 90:
            line = StatementLine(line_no, amount, day, text="Innbetaling")
        elif roll < 95:
            fee = _money(-rng.randrange(100, 10_000))
            line = StatementLine(line_no, fee, day, text=f"Gebyr nettbank {line_no}")
            truth[line_no] = None
        else:
            unknown = _money(rng.randrange(1_000, 9_000_000) + 1)
            line = StatementLine(line_no, unknown, day, counterparty_name="Ukjent Betaler")
            truth[line_no] = None
        lines.append(line)
    return lines, truth


def generate(seed: int, n_entries: int, n_lines: int) -> Data:
    rng = random.Random(seed)
    parties = make_parties(rng, max(n_entries // 10, 10))
    entries = make_entries(rng, parties, n_entries)
    lines, truth = make_lines(rng, parties, entries, n_lines)
    mappings = [TextMapping(1, "Gebyr", AccountKind.GL, "7770", "7770")]
    return Data(parties, entries, lines, mappings, truth)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the naive reference: every line against every entry ------------------------------------


class NaiveScorer:
    """The engine's criteria evaluated over every line x party and line x entry pair, with no
    index: what NAV does. Only single entries (no groups, no mappings, no assignment)."""

    def __init__(self, parties: Sequence[Party], entries: Sequence[OpenEntry]) -> None:
        self.parties = parties
        self.entries = entries
        self.table = rule_table(DEFAULT_RULES)
        self.names = [normalise_name(p.name) for p in parties]

    def party_matches(self, line: StatementLine) -> dict[tuple[AccountKind, str], PartyMatch]:
        keys = set(account_keys(line.counterparty_account))
        found: dict[tuple[AccountKind, str], PartyMatch] = {}
        named: list[tuple[int, bool]] = []
        given = normalise_name(line.counterparty_name)
        text = normalise_text(line.text)
        for index, party in enumerate(self.parties):
            if keys and any(keys.intersection(account_keys(a)) for a in party.accounts):
                found[party.kind, party.no] = PartyMatch.FULLY
            name = self.names[index]
            if not name:
                continue
            if given:
                if fuzz.token_sort_ratio(given, name) >= NAME_THRESHOLD:
                    named.append((index, True))
                elif len(name.split()) >= 2 and set(given.split()).issuperset(name.split()):
                    named.append((index, False))
            elif len(name) >= MIN_TEXT_NAME_LENGTH and f" {name} " in text:
                named.append((index, True))
        address = normalise_address(line.counterparty_address)
        if len(named) > MAX_NAMED_PARTIES:  # a name that fits too many parties names none
            named = [(i, e) for i, e in named if self._lives_at(i, address)]
        for index, exact in named:
            party = self.parties[index]
            key = (party.kind, party.no)
            if key in found:
                continue
            same_kind = sum(1 for i, _ in named if self.parties[i].kind is party.kind)
            same_name = sum(
                1
                for i, other in enumerate(self.parties)
                if other.kind is party.kind
                and " ".join(sorted(self.names[i].split()))
                == " ".join(sorted(self.names[index].split()))
            )
            unique = exact and same_kind == 1 and same_name == 1
            by_address = self._lives_at(index, address)
            found[key] = PartyMatch.FULLY if by_address or unique else PartyMatch.PARTIALLY
        return found

    def _lives_at(self, index: int, address: str) -> bool:
        party = self.parties[index]
        padded = f" {address} "
        return bool(
            address
            and party.address
            and party.city
            and f" {normalise_address(party.address)} " in padded
            and f" {normalise_address(party.city)} " in padded
        )

    def best(self, line: StatementLine) -> tuple[int, set[int]]:
        """The best score for the line and the entry nos. that have it."""
        minor = minor_units(line.amount)
        low, high = amount_window(minor, TOLERANCE)
        day = line.transaction_date
        refs = {r.value for r in line_references(line.references, line.text)}
        tokens = document_tokens(" ".join((line.text, *line.references)))
        parties = self.party_matches(line)
        in_window = []
        for entry in self.entries:
            whole = minor_units(entry.remaining_amount)
            less = whole - minor_units(entry.remaining_pmt_disc_possible)
            discount_open = entry.pmt_discount_date is not None and day <= entry.pmt_discount_date
            in_window.append(low <= whole <= high or (discount_open and low <= less <= high))
        counts: dict[object, int] = {}
        for entry, fits in zip(self.entries, in_window, strict=True):
            if fits:
                counts[entry.kind] = counts.get(entry.kind, 0) + 1
                if entry.posting_date <= day:
                    key = (entry.kind, entry.party_no)
                    counts[key] = counts.get(key, 0) + 1
        best, best_entries = 0, set()
        for entry, fits in zip(self.entries, in_window, strict=True):
            if (entry.remaining_amount > 0) != (minor > 0) or entry.posting_date > day:
                continue
            key = (entry.kind, entry.party_no)
            party = parties.get(key, PartyMatch.NO)
            structured = bool(entry.payment_reference) and (
                compact_reference(entry.payment_reference) in refs
            )
            in_text = any(
                len(number) >= 4 and document_key(number) in tokens
                for number in (entry.document_no, entry.external_document_no)
            )
            document = DocMatch.YES if structured or in_text else DocMatch.NO
            if not fits:
                amount = AmountMatch.NONE
            else:
                count = counts[key] if key in parties else counts[entry.kind]
                amount = AmountMatch.ONE if count <= 1 else AmountMatch.MULTIPLE
            rule = self.table.get((party, document, amount, structured))
            if rule is None:
                continue
            if rule.score > best:
                best, best_entries = rule.score, {entry.entry_no}
            elif rule.score == best:
                best_entries.add(entry.entry_no)
        return best, best_entries


def compare(results: Sequence[LineResult], naive: dict[int, tuple[int, set[int]]]) -> list[str]:
    """Lines where the engine's single-entry application is not the naive best."""
    differences = []
    for result in results:
        score, best = naive[result.line_no]
        applied = [a for a in result.applications if a.entry_no is not None]
        others = [a for a in result.applications if a.entry_no is None]
        if others or len(applied) > 1:
            continue  # a mapping or a group: the naive scorer has neither
        if applied:
            got = applied[0]
            if got.entry_no not in best or got.score != score:
                differences.append(
                    f"line {result.line_no}: engine {got.entry_no} ({got.score}), "
                    f"naive {sorted(best)[:5]} ({score})"
                )
        elif score and len(best) == 1:
            differences.append(
                f"line {result.line_no}: engine nothing ({'; '.join(result.notes)[:120]}), "
                f"naive {sorted(best)} ({score})"
            )
    return differences


# -- the runs ---------------------------------------------------------------------------------


def timed_run(seed: int, n_entries: int, n_lines: int) -> dict[str, object]:
    t0 = time.perf_counter()
    data = generate(seed, n_entries, n_lines)
    t1 = time.perf_counter()
    engine = MatchingEngine(data.parties, data.entries, tolerance=TOLERANCE, mappings=data.mappings)
    t2 = time.perf_counter()
    results = engine.apply(data.lines)
    t3 = time.perf_counter()
    right = sum(
        1
        for r in results
        if data.truth[r.line_no] is not None
        and [a.entry_no for a in r.applications] == [data.truth[r.line_no]]
    )
    applied = sum(1 for r in results if r.applications)
    return {
        "entries": n_entries,
        "lines": n_lines,
        "generate": t1 - t0,
        "build": t2 - t1,
        "apply": t3 - t2,
        "per_line_us": (t3 - t2) * 1_000_000 / n_lines,
        "applied": applied,
        "right": right,
        "peak_mb": peak_mb(),
    }


def print_speed(runs: list[dict[str, object]]) -> None:
    print(
        f"{'lines':>7} {'entries':>10} {'generate s':>11} {'index s':>8} {'apply s':>8} "
        f"{'µs/line':>8} {'applied':>8} {'to truth':>9} {'peak MB':>8}"
    )
    for run in runs:
        print(
            f"{run['lines']:>7,} {run['entries']:>10,} {run['generate']:>11.2f} "
            f"{run['build']:>8.2f} {run['apply']:>8.2f} {run['per_line_us']:>8.0f} "
            f"{run['applied']:>8,} {run['right']:>9,} {run['peak_mb']:>8.0f}"
        )


def speed(seed: int, sizes: Sequence[int], n_lines: int) -> None:
    print(f"\n== {n_lines:,} statement lines against growing open entries ==")
    runs = [timed_run(seed, size, n_lines) for size in sizes]
    print_speed(runs)
    small, large = runs[0], runs[-1]
    ratio = large["per_line_us"] / small["per_line_us"]  # type: ignore[operator]
    met = "met" if ratio <= 1.5 else "NOT met"
    print(
        f"per-line cost {large['entries']:,} vs {small['entries']:,} entries: "
        f"{ratio:.2f} (goal <= 1.5: {met})"
    )
    total = large["build"] + large["apply"]  # type: ignore[operator]
    with_generation = total + large["generate"]  # type: ignore[operator]
    met = "met" if total < 10 else "NOT met"
    print(
        f"{n_lines:,} lines x {large['entries']:,} entries without loading (index + apply): "
        f"{total:.2f} s (goal < 10 s: {met}); with generating the objects: {with_generation:.2f} s"
    )


def versus_naive(seed: int, n_entries: int, n_lines: int) -> None:
    print(f"\n== {n_lines:,} lines x {n_entries:,} entries: engine vs naive pair scoring ==")
    data = generate(seed, n_entries, n_lines)
    t0 = time.perf_counter()
    engine = MatchingEngine(data.parties, data.entries, tolerance=TOLERANCE, mappings=data.mappings)
    results = engine.apply(data.lines)
    t1 = time.perf_counter()
    scorer = NaiveScorer(data.parties, data.entries)
    naive = {line.line_no: scorer.best(line) for line in data.lines}
    t2 = time.perf_counter()
    engine_s, naive_s = t1 - t0, t2 - t1
    print(f"{'':<24} {'seconds':>8} {'µs/line':>9}")
    print(f"{'engine (index + apply)':<24} {engine_s:>8.2f} {engine_s * 1e6 / n_lines:>9.0f}")
    print(f"{'naive (every pair)':<24} {naive_s:>8.2f} {naive_s * 1e6 / n_lines:>9.0f}")
    print(f"naive / engine: {naive_s / engine_s:.0f} x")
    differences = compare(results, naive)
    compared = sum(
        1 for r in results if len(r.applications) <= 1 and all(a.entry_no for a in r.applications)
    )
    if differences:
        print(f"best applications differ on {len(differences)} of {compared} lines compared:")
        for difference in differences[:20]:
            print(f"  {difference}")
    else:
        print(f"same best application on all {compared} lines compared (groups, mappings aside)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.quick:
        speed(args.seed, (10_000, 100_000), 1_000)
        versus_naive(args.seed, 2_000, 200)
    else:
        speed(args.seed, (100_000, 1_000_000), 10_000)
        versus_naive(args.seed, 10_000, 1_000)


if __name__ == "__main__":
    main()
