"""Child processes for the concurrency and crash tests (started with the "spawn" context).

Each function runs in a fresh interpreter: it builds its own engine from the URL and reports
back through a queue or pipe as plain tuples (exception type name and message, never the
exception object).
"""

from __future__ import annotations

import time
from multiprocessing.connection import Connection
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier, Event
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from reskontro.domain.enums import DocumentType
from reskontro.domain.errors import ReskontroError
from reskontro.services import documents
from reskontro.services.posting import post_batch
from reskontro.storage import ledger
from reskontro.storage import models as m
from reskontro.storage.database import make_engine
from reskontro.storage.uow import UnitOfWork

HANG = 3600.0  # seconds a paused child sleeps: far longer than any test waits for it


def post_together(
    url: str,
    company_id: int,
    template: str,
    batch: str,
    barrier: Barrier,
    results: Queue[tuple[str, str, str, int]],
) -> None:
    """Get ready, wait for the other process, then post the batch; report the outcome."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:  # connected and imported before the start signal
            connection.execute(text("SELECT 1"))
        barrier.wait(timeout=120)
        try:
            summary = post_batch(engine, company_id, template, batch)
        except ReskontroError as exc:
            problems = [p for p in getattr(exc, "problems", [])[:3] if p != str(exc)]
            results.put((batch, type(exc).__name__, "\n".join([str(exc), *problems]), 0))
        else:
            results.put((batch, "posted", str(summary.register_no), summary.lines_posted))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the test
        results.put((batch, f"crashed: {type(exc).__name__}", repr(exc), 0))
    finally:
        engine.dispose()


def _backend_pid(session: Session) -> int:
    if session.get_bind().dialect.name != "postgresql":
        return 0
    return int(session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


def _gl_rows(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(m.GLEntryRow)) or 0)


def post_and_hang(
    url: str, company_id: int, template: str, batch: str, point: str, pipe: Connection
) -> None:
    """Post the batch, but stop inside the posting transaction at *point* and sleep there.

    ``before_write``: everything is checked and computed, nothing written yet.
    ``before_commit``: every entry is written and the journal lines deleted, not committed.
    The pipe gets ``(point, PostgreSQL backend pid or 0, G/L rows the transaction sees)``.
    """
    engine = make_engine(url)

    def pause(session: Session) -> None:
        pipe.send((point, _backend_pid(session), _gl_rows(session)))
        time.sleep(HANG)

    if point == "before_write":
        real_write = ledger.write_result

        def write_result(session: Session, *args: Any, **kwargs: Any) -> None:
            pause(session)
            real_write(session, *args, **kwargs)

        ledger.write_result = write_result
    elif point == "before_commit":

        def commit(self: UnitOfWork) -> None:
            self.session.flush()
            pause(self.session)

        UnitOfWork.commit = commit
    else:
        raise ValueError(point)
    try:
        post_batch(engine, company_id, template, batch)
        pipe.send(("finished without pausing", 0, 0))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the test
        pipe.send((f"failed: {exc!r}", 0, 0))


def post_credit_memo_slowly(
    url: str, company_id: int, draft_no: str, read_done: Event, go: Event, pipe: Connection
) -> None:
    """Post a draft credit memo, pausing after it has read the invoice it applies to and
    before it posts, until the parent says go: a slow reader, made deterministic."""
    engine = make_engine(url)
    real_post_lines = documents.post_lines

    def post_lines(*args: Any, **kwargs: Any) -> Any:
        read_done.set()
        go.wait(timeout=120)
        return real_post_lines(*args, **kwargs)

    documents.post_lines = post_lines
    try:
        posted = documents.post_sales_document(
            engine, company_id, DocumentType.CREDIT_MEMO, draft_no
        )
        pipe.send(("posted", posted.no))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the test
        read_done.set()
        pipe.send((type(exc).__name__, str(exc)))
    finally:
        engine.dispose()
