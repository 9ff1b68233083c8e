"""A posting process killed half way leaves no trace (DESIGN §5: one transaction, all or
nothing), on SQLite (a file) and on PostgreSQL.

A child process posts a batch of 2000 payments and is stopped inside ``post_batch`` — once
before it writes anything, once with every entry written and the journal lines deleted but not
committed — and killed there with SIGKILL. Afterwards every table is exactly as it was, the
invariants hold, and the batch posts normally.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from decimal import Decimal

import pytest
from sqlalchemy import Engine, text

from reskontro.domain.enums import DocumentType
from reskontro.services.posting import post_batch
from reskontro.storage import models as m
from tests.integration.ledger_fixtures import make_books
from tests.integration.prop_support import (
    add_payments,
    assert_same_dump,
    count,
    dump,
    invoice_applications,
    post_invoices,
)
from tests.integration.prop_workers import post_and_hang
from tests.invariants import check_invariants

D = Decimal
SPAWN = multiprocessing.get_context("spawn")
LINES = 2000
AMOUNT = D("100.00")
WAIT = 300  # seconds: only a limit for a hung child, never an expectation


def wait_for_backend_to_end(engine: Engine, backend_pid: int) -> None:
    """PostgreSQL rolls back a killed client's transaction when it notices the dead socket."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with engine.connect() as c:
            alive = c.scalar(
                text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": backend_pid}
            )
        if not alive:
            return
        time.sleep(0.1)
    pytest.fail(f"PostgreSQL backend {backend_pid} outlived its killed client")


@pytest.mark.slow
@pytest.mark.parametrize("point", ["before_write", "before_commit"])
def test_a_posting_killed_half_way_leaves_no_trace(engine: Engine, db_url: str, point: str) -> None:
    books = make_books(engine)
    company = books.company_id
    invoices = post_invoices(books, [AMOUNT] * LINES)
    add_payments(books, "DEFAULT", [(number, AMOUNT) for number in invoices])
    before = dump(engine)
    gl_before = count(engine, m.GLEntryRow, m.GLEntryRow.company_id == company)

    receive, send = SPAWN.Pipe(duplex=False)
    child = SPAWN.Process(
        target=post_and_hang, args=(db_url, company, "CASH", "DEFAULT", point, send)
    )
    child.start()
    try:
        assert receive.poll(WAIT), "the posting process never reached the point to kill it at"
        reached, backend_pid, gl_seen = receive.recv()
        assert reached == point, reached
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join(timeout=WAIT)
    finally:
        if child.is_alive():
            child.kill()
    assert child.exitcode == -signal.SIGKILL
    if point == "before_commit":  # the dying transaction had written every entry
        assert gl_seen == gl_before + 2 * LINES
    else:
        assert gl_seen == gl_before
    if backend_pid:
        wait_for_backend_to_end(engine, backend_pid)

    # No trace: every table as before (entries, registers, counters, journal lines, audit).
    assert_same_dump(before, dump(engine), "the killed posting")
    assert count(engine, m.GLEntryRow, m.GLEntryRow.company_id == company) == gl_before
    assert count(engine, m.BankLedgerEntryRow, m.BankLedgerEntryRow.company_id == company) == 0
    assert count(engine, m.JournalLine, m.JournalLine.company_id == company) == LINES
    assert invoice_applications(engine, company) == {}
    check_invariants(engine, company)

    # The batch posts normally afterwards, exactly once.
    summary = post_batch(engine, company, "CASH", "DEFAULT")
    assert summary.lines_posted == LINES and summary.bank_entries == LINES
    assert invoice_applications(engine, company) == dict.fromkeys(invoices, (-AMOUNT, 1))
    assert not books.entry(DocumentType.INVOICE, invoices[-1]).open
    assert count(engine, m.JournalLine, m.JournalLine.company_id == company) == 0
    assert books.gl_balance(books.bank_gl) == AMOUNT * LINES
    assert books.gl_balance(books.receivables) == 0
    check_invariants(engine, company)
