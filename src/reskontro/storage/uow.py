"""The unit of work: one database transaction per service call (STYLE habit 5).

Services open it, do their work through its session and call :meth:`UnitOfWork.commit` once.
Leaving the block without committing rolls everything back, so an error half way leaves no
trace. Repositories never commit.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine, Transaction
from sqlalchemy.orm import Session


class UnitOfWork:
    def __init__(self, engine: Engine, *, write: bool = False) -> None:
        self.engine = engine
        self.write = write
        self._connection: Connection | None = None
        self._transaction: Transaction | None = None
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open")
        return self._session

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def __enter__(self) -> UnitOfWork:
        connection = self.engine.connect().execution_options(reskontro_write=self.write)
        self._connection = connection
        self._transaction = connection.begin()
        self._session = Session(
            bind=connection,
            expire_on_commit=False,
            autoflush=True,
            join_transaction_mode="conditional_savepoint",
        )
        return self

    def commit(self) -> None:
        if self._session is None or self._transaction is None:
            raise RuntimeError("the unit of work is not open")
        self._session.flush()
        self._transaction.commit()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if self._transaction is not None and self._transaction.is_active:
                self._transaction.rollback()
        finally:
            if self._session is not None:
                self._session.close()
            if self._connection is not None:
                self._connection.close()
            self._session = self._connection = self._transaction = None
