"""Refusals as JSON, with their HTTP status codes: the one place that maps them.

Every answer that is not a success has the shape
``{"error": {"type": ..., "message": ..., "problems": [...]}}``. The mapping lives in the API's
own route class (:class:`ApiRoute`) rather than in app-wide exception handlers, so the web app
mounted beside the API keeps its own error pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from reskontro.domain.errors import (
    AccessDenied,
    AmountError,
    ApplicationError,
    ConflictError,
    FormatError,
    ImportRefused,
    NotAuthenticated,
    NotFoundError,
    PostingError,
    ReskontroError,
    ValidationError,
)
from reskontro.interfaces.api.types import ErrorResponse

log = logging.getLogger("reskontro.api")

# The first entry whose class matches wins.
STATUS: tuple[tuple[type[Exception], int, str], ...] = (
    (NotAuthenticated, 401, "not_authenticated"),
    (AccessDenied, 403, "access_denied"),
    (NotFoundError, 404, "not_found"),
    (ValidationError, 422, "validation_error"),
    (FormatError, 422, "format_error"),
    (AmountError, 422, "amount_error"),
    (ConflictError, 409, "conflict"),
    (ImportRefused, 409, "import_refused"),
    (PostingError, 422, "posting_error"),
    (ApplicationError, 422, "application_error"),
    (ReskontroError, 400, "refused"),
)


def error_json(
    status: int, kind: str, message: str, problems: Sequence[str] = (), **headers: str
) -> JSONResponse:
    body = {"error": {"type": kind, "message": message, "problems": list(problems)}}
    return JSONResponse(body, status_code=status, headers=headers or None)


def _where(location: Sequence[Any]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_problems(exc: RequestValidationError) -> list[str]:
    """Each problem of a request as ``field: what is wrong``."""
    problems = []
    for error in exc.errors():
        message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
        problems.append(f"{_where(error.get('loc', ()))}: {message}")
    return problems


def error_response(exc: Exception) -> Response:
    """The JSON answer for any exception raised while handling an API request."""
    if isinstance(exc, RequestValidationError):
        problems = validation_problems(exc)
        count = len(problems)
        message = f"The request has {count} problem{'s' if count != 1 else ''}: " + "; ".join(
            problems
        )
        return error_json(422, "request_validation", message, problems)
    if isinstance(exc, HTTPException):
        return error_json(exc.status_code, "http_error", str(exc.detail))
    for kind, status, name in STATUS:
        if isinstance(exc, kind):
            message = str(exc) or name.replace("_", " ")
            problems = [str(p) for p in getattr(exc, "problems", None) or [message]]
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
            return error_json(status, name, message, problems, **headers)
    log.exception("Internal error in the API", exc_info=exc)
    return error_json(500, "internal_error", "Internal error; the server log has the details")


class ApiRoute(APIRoute):
    """A route whose refusals (from dependencies, validation or services) become JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:  # noqa: BLE001 - every failure becomes a JSON answer
                return error_response(exc)

        return guarded


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid API token", "model": ErrorResponse},
    403: {"description": "The token's role may not do this", "model": ErrorResponse},
    404: {"description": "Not found in the token's company", "model": ErrorResponse},
    409: {"description": "Collides with what is already there", "model": ErrorResponse},
    422: {"description": "The request or the data is not acceptable", "model": ErrorResponse},
}
"""The refusals every endpoint may answer with, for the OpenAPI document."""
