"""The REST API under ``/api/v1`` (DESIGN §9): a thin layer over the services.

Every endpoint needs a bearer token (``Authorization: Bearer rsk_…``); the token's company is
the only company the request sees, and its user's role there decides what it may do
(:mod:`reskontro.domain.access`). Refusals are JSON with the status codes of
:mod:`reskontro.interfaces.api.errors`. Amounts are strings with two decimals, dates ISO.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request, Response
from sqlalchemy import Engine

from reskontro.interfaces.api import (
    admin,
    documents,
    journals,
    ledger,
    masterdata,
    ocr,
    reconcile,
    reports,
    statements,
)
from reskontro.interfaces.api.deps import ENGINE_STATE
from reskontro.interfaces.api.errors import error_json

API_PREFIX = "/api/v1"


def _no_such_endpoint(request: Request) -> Response:
    return error_json(404, "not_found", f"There is no endpoint {request.method} {request.url.path}")


def api_router() -> APIRouter:
    """Every endpoint of the API, under :data:`API_PREFIX`."""
    router = APIRouter(prefix=API_PREFIX)
    for module in (
        masterdata,
        documents,
        journals,
        ledger,
        reports,
        admin,
        ocr,
        statements,
        reconcile,
    ):
        router.include_router(module.router)
    # Last, so it only answers paths no endpoint has: a JSON 404 instead of the web app's page.
    router.add_api_route(
        "/{path:path}",
        _no_such_endpoint,
        methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
    )
    return router


def mount_api(app: FastAPI, engine: Engine) -> None:
    """Serve the API from *app*, working on *engine*."""
    setattr(app.state, ENGINE_STATE, engine)
    app.include_router(api_router())
