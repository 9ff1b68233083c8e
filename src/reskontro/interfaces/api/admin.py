"""Users, API tokens and the audit trail of the token's company (admin only), and ``/me``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, status
from pydantic import Field

from reskontro.domain.access import Role
from reskontro.interfaces.api.deps import Admin, EngineDep, Limit, Offset, Reader
from reskontro.interfaces.api.errors import ERROR_RESPONSES, ApiRoute
from reskontro.interfaces.api.types import Model, build
from reskontro.services import auth

router = APIRouter(route_class=ApiRoute, responses=ERROR_RESPONSES, tags=["users and access"])


class Me(Model):
    user_id: int
    username: str
    company_id: int
    role: Role
    language: str


class User(Model):
    id: int
    username: str
    full_name: str
    language: str
    active: bool
    role: Role | None
    """None: the user no longer has a role in this company."""


class NewUser(Model):
    username: str
    password: Annotated[
        str, Field(min_length=auth.MIN_PASSWORD_LENGTH, max_length=auth.MAX_PASSWORD_LENGTH)
    ]
    role: Role
    full_name: str = ""
    language: str = "en"


class RoleChange(Model):
    role: Role


class Token(Model):
    id: int
    username: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool


class NewToken(Model):
    username: str
    name: str = ""


class CreatedToken(Model):
    token: str
    """Shown only now: store it; only its SHA-256 is kept."""
    info: Token


class AuditLine(Model):
    entry_no: int
    at: datetime
    user: str
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any]


@router.get("/me")
def me(who: Reader) -> Me:
    """Who the token acts for, in which company and with which role."""
    return build(Me, who)


@router.get("/users")
def list_users(engine: EngineDep, who: Admin) -> list[User]:
    return [build(User, u) for u in auth.list_users(engine, who.company_id)]


@router.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(engine: EngineDep, who: Admin, body: NewUser) -> User:
    created = auth.create_user(
        engine,
        body.username,
        body.password,
        company_id=who.company_id,
        role=body.role,
        full_name=body.full_name,
        language=body.language,
        user=who.username,
    )
    return build(User, created)


@router.put("/users/{username}/role")
def set_role(engine: EngineDep, who: Admin, username: str, body: RoleChange) -> User:
    """Give a user a role in this company (also a user who has none here yet)."""
    changed = auth.set_role(engine, who.company_id, username, body.role, user=who.username)
    return build(User, changed)


@router.post("/users/{username}/deactivate")
def deactivate_user(engine: EngineDep, who: Admin, username: str) -> User:
    """End the user's access to this company: sessions end, tokens stop working."""
    return build(User, auth.deactivate_user(engine, who.company_id, username, user=who.username))


@router.get("/tokens")
def list_tokens(engine: EngineDep, who: Admin) -> list[Token]:
    return [build(Token, t) for t in auth.list_tokens(engine, who.company_id)]


@router.post("/tokens", status_code=status.HTTP_201_CREATED)
def create_token(engine: EngineDep, who: Admin, body: NewToken) -> CreatedToken:
    """A token for a user of this company; the answer is the only time the token is shown."""
    plain, info = auth.create_token(
        engine, body.username, who.company_id, body.name, user=who.username
    )
    return CreatedToken(token=plain, info=build(Token, info))


@router.post("/tokens/{token_id}/revoke")
def revoke_token(engine: EngineDep, who: Admin, token_id: int) -> Token:
    return build(Token, auth.revoke_token(engine, who.company_id, token_id, user=who.username))


@router.get("/audit")
def list_audit(
    engine: EngineDep, who: Admin, limit: Limit = 50, offset: Offset = 0
) -> list[AuditLine]:
    """Who did what, when, newest first."""
    rows = auth.list_audit(engine, who.company_id, limit=limit, offset=offset)
    return [build(AuditLine, a) for a in rows]
