"""OCR giro parse speed: our parser and netsgiro's on the same 100,000-payment file.

Run:  .venv/bin/python bench/ocr_parse.py [--payments 100000] [--repeat 5]

The file comes from ``tests/unit/ocr_generator.py`` in its netsgiro-compatible form (no MOD11
KIDs ending in ``-``, which netsgiro cannot read), with every transaction type, minus signs and
reversals. Ours parses the bytes (decoding included); netsgiro parses the decoded text, as its
API wants. Each is timed as the best of several runs, in CPU time of this process (less noisy
than the wall clock on a shared machine) and in wall time; both must find the same payments.
Goal (issue 4): ours at least 10 times faster.
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import time
from collections import deque
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import netsgiro  # noqa: E402
from tests.unit.ocr_generator import make_file  # noqa: E402

from reskontro.formats.ocr_giro import iter_lines, iter_transactions, parse  # noqa: E402

T = TypeVar("T")


def best_of(repeat: int, run: Callable[[], T]) -> tuple[float, float, T]:
    """The least CPU and wall seconds of *repeat* runs, and what the last run gave."""
    cpu = wall = math.inf
    for _ in range(repeat):
        gc.collect()
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        result = run()
        cpu = min(cpu, time.process_time() - started_cpu)
        wall = min(wall, time.perf_counter() - started_wall)
    return cpu, wall, result


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--payments", type=int, default=100_000)
    options.add_argument("--repeat", type=int, default=5)
    args = options.parse_args()

    data = make_file(args.payments, seed=4, assignments=4, netsgiro_compatible=True)
    text = data.decode("iso-8859-1")
    print(f"file: {args.payments:,} payments, {len(data) / 1e6:.1f} MB")

    ours_cpu, ours_wall, ours = best_of(args.repeat, lambda: parse(data, "bench.txt"))
    stream_cpu, stream_wall, _ = best_of(
        args.repeat, lambda: deque(iter_transactions(iter_lines(data)), maxlen=0)
    )
    theirs_cpu, theirs_wall, theirs = best_of(
        max(1, args.repeat // 2), lambda: netsgiro.parse(text)
    )

    mine = list(ours.transactions)
    other = [t for a in theirs.assignments for t in a.transactions]
    same = len(mine) == len(other) and sum(abs(t.amount) for t in mine) == sum(
        (t.amount for t in other), Decimal(0)
    )
    print(f"both parsers found the same {len(mine):,} payments: {'yes' if same else 'NO'}")
    print()
    print(f"{'parser':<34}{'CPU s':>9}{'wall s':>9}{'payments/s':>13}")
    for name, cpu, wall in (
        ("reskontro parse()", ours_cpu, ours_wall),
        ("reskontro streaming (not kept)", stream_cpu, stream_wall),
        ("netsgiro.parse()", theirs_cpu, theirs_wall),
    ):
        print(f"{name:<34}{cpu:>9.3f}{wall:>9.3f}{len(mine) / cpu:>13,.0f}")
    print()
    print(
        f"ratio netsgiro / reskontro parse(): {theirs_cpu / ours_cpu:.1f}x CPU, "
        f"{theirs_wall / ours_wall:.1f}x wall (goal >= 10x)"
    )


if __name__ == "__main__":
    main()
