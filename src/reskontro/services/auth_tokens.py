"""API tokens: ``rsk_`` and a random secret, shown once; only the SHA-256 is stored.

A token acts for its user in its company with the user's role there at the time of each
request, so a changed role or a deactivated user takes effect at once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select

from reskontro.domain.access import Principal
from reskontro.domain.errors import ConflictError, NotFoundError, ValidationError
from reskontro.services import auth_common as common
from reskontro.storage import audit
from reskontro.storage.models import ApiToken, User
from reskontro.storage.uow import UnitOfWork

TOKEN_PREFIX = "rsk_"  # noqa: S105 - the visible prefix of every token, not a secret
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
"""How stale ``last_used_at`` may get before a request updates it (saves a write per call)."""


@dataclass(frozen=True)
class TokenInfo:
    id: int
    username: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _token_info(row: ApiToken, username: str) -> TokenInfo:
    return TokenInfo(
        row.id,
        username,
        row.name,
        common.aware(row.created_at),
        None if row.last_used_at is None else common.aware(row.last_used_at),
        None if row.revoked_at is None else common.aware(row.revoked_at),
    )


def create_token(
    engine: Engine, username: str, company_id: int, name: str = "", *, user: str = ""
) -> tuple[str, TokenInfo]:
    """A new API token for the user in the company: (the token, shown only now; its record).

    The token acts with the user's role in the company at the time of each request.
    """
    label = name.strip()
    if len(label) > 100:
        raise ValidationError("A token name may have at most 100 characters")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        row_user, _role_row = common.member(session, company_id, username)
        if not row_user.active:
            raise ConflictError(f"User {row_user.username} is inactive; activate them first")
        row = ApiToken(
            user_id=row_user.id,
            company_id=company_id,
            name=label,
            token_hash=common.digest(plain),
            created_at=common.now(),
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            company_id,
            user,
            "token_create",
            "api_token",
            str(row.id),
            username=row_user.username,
            name=label,
        )
        info = _token_info(row, row_user.username)
        uow.commit()
        return plain, info


def authenticate_token(engine: Engine, token: str) -> Principal | None:
    """The principal a bearer token stands for; None when unknown, revoked, or its user is
    inactive or has lost their role in the token's company."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = common.digest(token)
    now = common.now()
    with UnitOfWork(engine) as uow:
        session = uow.session
        row = session.scalars(select(ApiToken).where(ApiToken.token_hash == digest)).first()
        if row is None or row.revoked_at is not None:
            return None
        principal = common.principal_of(session, row.user_id, row.company_id, "")
        stale = (
            row.last_used_at is None or now - common.aware(row.last_used_at) > TOKEN_TOUCH_INTERVAL
        )
        token_id = row.id
    if principal is not None and stale:
        # A separate short write, and only once a minute per token, so that API reads do not
        # each take the database's write lock.
        with UnitOfWork(engine, write=True) as uow:
            touched = uow.session.get(ApiToken, token_id)
            if touched is not None:
                touched.last_used_at = now
            uow.commit()
    return principal


def revoke_token(engine: Engine, company_id: int, token_id: int, *, user: str = "") -> TokenInfo:
    """Stop a token from working; it stays listed with the time it was revoked."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        row = session.get(ApiToken, token_id)
        if row is None or row.company_id != company_id:
            raise NotFoundError(f"Token {token_id} does not exist in this company")
        if row.revoked_at is not None:
            when = common.aware(row.revoked_at).strftime("%Y-%m-%d %H:%M")
            raise ConflictError(f"Token {token_id} was already revoked at {when} UTC")
        row.revoked_at = common.now()
        owner = session.get(User, row.user_id)
        audit.record(
            session,
            company_id,
            user,
            "token_revoke",
            "api_token",
            str(row.id),
            username=owner.username if owner else "",
        )
        info = _token_info(row, owner.username if owner else "")
        uow.commit()
        return info


def list_tokens(engine: Engine, company_id: int) -> list[TokenInfo]:
    """The company's tokens, revoked ones included, newest first. Never the tokens themselves."""
    with UnitOfWork(engine) as uow:
        rows = uow.session.execute(
            select(ApiToken, User.username)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.company_id == company_id)
            .order_by(ApiToken.id.desc())
        )
        return [_token_info(row, username) for row, username in rows]
