"""What every endpoint depends on: the engine, and the principal behind the bearer token.

Each endpoint names the action it does through one of :data:`Reader`, :data:`Enterer`,
:data:`Approver` or :data:`Admin`; the dependency refuses a missing or revoked token (401)
and a role that does not allow the action (403) before the endpoint runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, cast

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from reskontro.domain.access import Action, Principal, require
from reskontro.domain.errors import NotAuthenticated
from reskontro.services.auth import authenticate_token

ENGINE_STATE = "reskontro_engine"

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="An API token, made with: reskontro token create --user NAME",
)


def engine_of(request: Request) -> Engine:
    return cast(Engine, getattr(request.app.state, ENGINE_STATE))


EngineDep = Annotated[Engine, Depends(engine_of)]


def current_principal(
    engine: EngineDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None:
        raise NotAuthenticated("Send an API token in the header: Authorization: Bearer <token>")
    principal = authenticate_token(engine, credentials.credentials)
    if principal is None:
        raise NotAuthenticated(
            "The API token is unknown or revoked, or its user may no longer use this company"
        )
    return principal


def requires(action: Action) -> Callable[[Principal], Principal]:
    def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        require(principal, action)
        return principal

    return check


Reader = Annotated[Principal, Depends(requires(Action.READ))]
Enterer = Annotated[Principal, Depends(requires(Action.ENTER))]
Approver = Annotated[Principal, Depends(requires(Action.POST))]
Admin = Annotated[Principal, Depends(requires(Action.ADMIN))]

MAX_PAGE = 500
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="At most this many rows")]
Offset = Annotated[int, Query(ge=0, description="Skip this many rows first")]
