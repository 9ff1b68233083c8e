"""One hierarchy of errors, each with a message a bookkeeper can act on."""

from __future__ import annotations


class ReskontroError(Exception):
    """Base of every refusal reskontro makes on purpose."""


class AmountError(ReskontroError, ValueError):
    """A value is not a valid amount."""


class ValidationError(ReskontroError, ValueError):
    """Input is not acceptable; the message says where and what to do."""


class NotFoundError(ReskontroError):
    """Something the user named does not exist."""


class ConflictError(ReskontroError):
    """The request collides with what is already there (duplicates, concurrent posting)."""


class PostingError(ReskontroError):
    """A journal or document cannot be posted. Nothing was posted."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class ApplicationError(ReskontroError):
    """Entries cannot be applied, unapplied or reversed as asked."""


class FormatError(ReskontroError, ValueError):
    """A file cannot be read. Says which file, line/record and field."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.reason = message
        self.source = source
        self.line = line
        self.field = field
        where = ", ".join(
            part
            for part in (
                source or "",
                f"row {line}" if line is not None else "",
                f"field {field}" if field else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class ImportRefused(ReskontroError):
    """A file was refused as a whole (bad rows, or already imported). Nothing was imported."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class NotAuthenticated(ReskontroError):
    """No valid login, session or API token came with the request."""


class AccessDenied(ReskontroError):
    """The user is logged in, but their role in the company does not allow this."""
