"""camt.053 parsing speed and memory, against pycamt.

Run:  .venv/bin/python bench/statement_parse.py [--entries 20000] [--size-mb 500] [--no-pycamt]

1. Writes a camt.053.001.02 with N entries (each one payment with an end-to-end id, the
   payer's name and IBAN, a KID and a message) to a temporary file and parses it whole
   (``parse_camt``) in a fresh process, reporting the time and that process's peak memory.
2. Parses the same file with pycamt (``Camt053Parser(xml).get_transactions()``), installed
   only in this bench's own virtual environment ``bench/out/venv-pycamt`` (made on first use,
   never a dependency of reskontro); skipped with a message when it cannot be installed.
3. Streams a camt.053 of about SIZE MB to a temporary file (entry by entry, never held in
   memory), streams it through ``iter_camt`` in a fresh process, and deletes it.

Goals: at least 100x faster than pycamt on step 1's file; step 3 within 300 MB of memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.unit.camt_generator import Ntry, Ref, Stmt, Tx, write_camt  # noqa: E402

# Under bench/out/, which git ignores: the bench's own environment, never reskontro's.
PYCAMT_VENV = ROOT / "bench" / "out" / "venv-pycamt"
GOAL_SPEEDUP = 100
GOAL_MEMORY_MB = 300


def entries(count: int | None) -> Iterator[Ntry]:
    """Payments like a Norwegian bank's: KID, payer, IBAN, a message; *count* or endless."""
    number = 0
    while count is None or number < count:
        number += 1
        amount = Decimal(number % 100000) + Decimal("0.25")
        yield Ntry(
            amount=amount,
            credit=number % 7 != 0,
            bank_reference=f"NO{number:012d}",
            transactions=(
                Tx(
                    amount=amount,
                    end_to_end_id=f"E2E{number:010d}",
                    name=f"Kunde {number} AS",
                    account=f"NO93860111{number % 10**5:05d}",
                    references=(Ref(f"{number:012d}"),),
                    unstructured=(f"Faktura {100000 + number}",),
                ),
            ),
        )


def write_file(path: Path, count: int | None, size_mb: int | None = None) -> int:
    """Write a camt.053 with *count* entries, or until it holds *size_mb* MB; return entries."""
    written = 0
    limit = None if size_mb is None else size_mb * 1024 * 1024

    def limited() -> Iterator[Ntry]:
        nonlocal written
        for entry in entries(count):
            if limit is not None and written % 1000 == 0 and out.tell() >= limit:
                return
            written += 1
            yield entry

    with path.open("w", encoding="utf-8", buffering=1 << 20) as out:
        write_camt(out.write, [Stmt(id="BENCH", entries=limited())])
    return written


# -- measured in a fresh process ----------------------------------------------------------


def child(mode: str, path: str) -> None:
    from reskontro.formats.camt import iter_camt, parse_camt
    from reskontro.formats.statements import Entry

    started = time.perf_counter()
    count = 0
    total = Decimal(0)
    if mode == "whole":
        for statement in parse_camt(Path(path)):
            count += len(statement.entries)
            total += sum((e.amount for e in statement.entries), Decimal(0))
    else:
        for item in iter_camt(Path(path)):
            if isinstance(item, Entry):
                count += 1
                total += item.amount
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps({"seconds": seconds, "entries": count, "total": str(total), "peak_mb": peak_mb})
    )


def measure(mode: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


# -- pycamt, in its own environment ------------------------------------------------------------

PYCAMT_SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    from pycamt.parser import Camt053Parser
    xml = open(sys.argv[1], "rb").read()
    started = time.perf_counter()
    transactions = Camt053Parser(xml).get_transactions()
    print(json.dumps({"seconds": time.perf_counter() - started, "entries": len(transactions)}))
    """
)


def pycamt_python() -> Path | None:
    python = PYCAMT_VENV / "bin" / "python"
    if not python.exists():
        print(f"  installing pycamt into {PYCAMT_VENV.relative_to(ROOT)} (its own venv) ...")
        PYCAMT_VENV.parent.mkdir(parents=True, exist_ok=True)
        made = subprocess.run([sys.executable, "-m", "venv", str(PYCAMT_VENV)], check=False)
        if made.returncode != 0:
            return None
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "pycamt"],
        capture_output=True,
        text=True,
        check=False,
    )
    if installed.returncode != 0:
        print(f"  pycamt could not be installed: {installed.stderr.strip()[-300:]}")
        return None
    return python


def run_pycamt(path: Path, timeout: int) -> dict[str, float] | None:
    python = pycamt_python()
    if python is None:
        return None
    try:
        done = subprocess.run(
            [str(python), "-c", PYCAMT_SCRIPT, str(path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        print(f"  pycamt did not finish within {timeout} s")
        return {"seconds": timeout, "entries": -1}
    if done.returncode != 0:
        print(f"  pycamt failed: {done.stderr.strip()[-300:]}")
        return None
    return json.loads(done.stdout)


# -- the report -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--size-mb", type=int, default=500, help="0 skips the large file")
    parser.add_argument("--no-pycamt", action="store_true")
    parser.add_argument("--pycamt-timeout", type=int, default=1800)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    with tempfile.TemporaryDirectory(prefix="camt-bench-") as folder:
        small = Path(folder) / "entries.xml"
        write_file(small, args.entries)
        size = small.stat().st_size / 1024 / 1024
        ours = measure("whole", small)
        print(f"camt.053, {ours['entries']:,} entries, {size:.1f} MB (parse_camt, whole):")
        print(f"  reskontro  {ours['seconds']:8.2f} s   peak {ours['peak_mb']:6.0f} MB")
        if not args.no_pycamt:
            theirs = run_pycamt(small, args.pycamt_timeout)
            if theirs is None:
                print("  pycamt     skipped (see the reason above)")
            else:
                ratio = theirs["seconds"] / ours["seconds"]
                verdict = "met" if ratio >= GOAL_SPEEDUP else "NOT met"
                found = int(theirs["entries"])
                print(f"  pycamt     {theirs['seconds']:8.2f} s   ({found:,} entries)")
                print(f"  speed-up   {ratio:8.0f}x  (goal >= {GOAL_SPEEDUP}x: {verdict})")

        if args.size_mb:
            large = Path(folder) / "large.xml"
            try:
                started = time.perf_counter()
                count = write_file(large, None, args.size_mb)
                written = large.stat().st_size / 1024 / 1024
                wrote = time.perf_counter() - started
                print(f"camt.053, {count:,} entries, {written:.0f} MB (written in {wrote:.0f} s):")
                streamed = measure("stream", large)
                verdict = "met" if streamed["peak_mb"] <= GOAL_MEMORY_MB else "NOT met"
                rate = streamed["entries"] / streamed["seconds"]
                seconds, peak = streamed["seconds"], streamed["peak_mb"]
                print(
                    f"  reskontro  {seconds:8.2f} s   peak {peak:6.0f} MB   ({rate:,.0f} entries/s;"
                    f" goal <= {GOAL_MEMORY_MB} MB: {verdict})"
                )
            finally:
                large.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
