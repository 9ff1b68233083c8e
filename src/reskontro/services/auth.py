"""Users, roles, web sessions, API tokens and the audit trail (issue 3: security).

* Passwords are hashed with Argon2id; a login never says whether the name or the password
  was wrong, and an inactive user cannot log in.
* Roles are per company (:class:`reskontro.domain.access.Role`). Every session and token
  belongs to one company, and the principal it yields carries that company's id, so every
  request is limited to it.
* Session ids and API tokens are random secrets given to the client once; only their SHA-256
  is stored, so a copy of the database does not let anyone in.
* Every change to users, roles, tokens and sessions writes an audit row in the same
  transaction. Changing a session's language does not: it is a display preference.

Sessions live in :mod:`reskontro.services.auth_sessions` and tokens in
:mod:`reskontro.services.auth_tokens`; this module offers all of it under one name.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from reskontro.domain.access import Role, parse_role
from reskontro.domain.errors import ConflictError, NotFoundError, ValidationError
from reskontro.services import auth_common as common
from reskontro.services.auth_common import LANGUAGES
from reskontro.services.auth_sessions import (
    DEFAULT_SESSION_LIFETIME,
    WebSessionInfo,
    create_session,
    csrf_matches,
    end_session,
    load_session,
    set_session_language,
    switch_company,
)
from reskontro.services.auth_tokens import (
    TOKEN_PREFIX,
    TokenInfo,
    authenticate_token,
    create_token,
    list_tokens,
    revoke_token,
)
from reskontro.services.companies import CompanyInfo
from reskontro.storage import audit
from reskontro.storage.models import AuditEntry, Company, CompanyRole, User
from reskontro.storage.uow import UnitOfWork

__all__ = [
    "DEFAULT_SESSION_LIFETIME",
    "HASHER",
    "LANGUAGES",
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "TOKEN_PREFIX",
    "AuditLine",
    "TokenInfo",
    "UserInfo",
    "WebSessionInfo",
    "activate_user",
    "authenticate",
    "authenticate_token",
    "check_new_password",
    "count_audit",
    "create_session",
    "create_token",
    "create_user",
    "csrf_matches",
    "deactivate_user",
    "end_session",
    "get_user",
    "list_audit",
    "list_tokens",
    "list_users",
    "load_session",
    "revoke_token",
    "set_password",
    "set_role",
    "set_session_language",
    "switch_company",
    "user_companies",
]

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024

HASHER = PasswordHasher()
"""Argon2id with the library's recommended cost; tests may swap in a cheaper one."""


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    language: str
    active: bool
    role: Role | None
    """The role in the company asked about; None where no company is in question (login)."""


@dataclass(frozen=True)
class AuditLine:
    entry_no: int
    at: datetime
    user: str
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any]


def _role(role: Role | str) -> Role:
    return role if isinstance(role, Role) else parse_role(role)


def check_new_password(password: str) -> None:
    """Refuse a password a person chooses that is too short or too long.

    The interfaces where people choose passwords (CLI, API, web) call this; the services
    themselves accept any non-empty password, so code can make the demo user ``demo``/``demo``.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(f"A password may have at most {MAX_PASSWORD_LENGTH} characters")


def _password_hash(password: str) -> str:
    if not isinstance(password, str) or not password:
        raise ValidationError("Give a password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(f"A password may have at most {MAX_PASSWORD_LENGTH} characters")
    return HASHER.hash(password)


def _info(row: User, role: Role | str | None) -> UserInfo:
    return UserInfo(
        row.id,
        row.username,
        row.full_name,
        row.language,
        row.active,
        None if role is None else Role(role),
    )


def _active_admins(session: Session, company_id: int) -> set[int]:
    return set(
        session.scalars(
            select(CompanyRole.user_id)
            .join(User, User.id == CompanyRole.user_id)
            .where(
                CompanyRole.company_id == company_id,
                CompanyRole.role == Role.ADMIN.value,
                User.active.is_(True),
            )
        )
    )


def _keep_an_admin(session: Session, company_id: int, user_id: int, what: str) -> None:
    """Refuse a change that would leave the company without an active admin."""
    if _active_admins(session, company_id) == {user_id}:
        raise ConflictError(
            f"{what} would leave the company without an admin; make another user admin first"
        )


# -- users and roles -------------------------------------------------------------------------


def create_user(
    engine: Engine,
    username: str,
    password: str,
    *,
    company_id: int,
    role: Role | str,
    full_name: str = "",
    language: str = "en",
    user: str = "",
) -> UserInfo:
    """Create a user with *role* in the company. Usernames are unique across companies and
    kept in lower case. See :func:`check_new_password` for the length rule."""
    name = common.username_of(username)
    chosen = _role(role)
    code = common.language_of(language)
    if len(full_name) > 100:
        raise ValidationError("full_name: at most 100 characters")
    hashed = _password_hash(password)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        common.check_company(session, company_id)
        if common.user_by_name(session, name) is not None:
            raise ConflictError(f"User {name} already exists; choose another username")
        row = User(
            username=name,
            full_name=full_name.strip(),
            password_hash=hashed,
            language=code,
            active=True,
            created_at=common.now(),
        )
        session.add(row)
        session.flush()
        session.add(CompanyRole(company_id=company_id, user_id=row.id, role=chosen.value))
        audit.record(session, company_id, user, "user_create", "user", name, role=chosen.value)
        info = _info(row, chosen)
        uow.commit()
        return info


def set_role(
    engine: Engine, company_id: int, username: str, role: Role | str, *, user: str = ""
) -> UserInfo:
    """Give an existing user *role* in the company (also a user who has none here yet)."""
    chosen = _role(role)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        common.check_company(session, company_id)
        row = common.user_by_name(session, username)
        if row is None:
            raise NotFoundError(f"User {username.strip()} does not exist")
        current = common.company_role(session, company_id, row.id)
        before = current.role if current is not None else ""
        if current is None:
            session.add(CompanyRole(company_id=company_id, user_id=row.id, role=chosen.value))
        elif current.role != chosen.value:
            if current.role == Role.ADMIN.value:
                _keep_an_admin(session, company_id, row.id, f"Making {row.username} {chosen}")
            current.role = chosen.value
        audit.record(
            session,
            company_id,
            user,
            "user_role",
            "user",
            row.username,
            before=before,
            role=chosen.value,
        )
        info = _info(row, chosen)
        uow.commit()
        return info


def list_users(engine: Engine, company_id: int) -> list[UserInfo]:
    """The users with a role in the company, active or not, by username."""
    with UnitOfWork(engine) as uow:
        rows = uow.session.execute(
            select(User, CompanyRole.role)
            .join(CompanyRole, CompanyRole.user_id == User.id)
            .where(CompanyRole.company_id == company_id)
            .order_by(User.username)
        )
        return [_info(row, role) for row, role in rows]


def get_user(engine: Engine, company_id: int, username: str) -> UserInfo:
    with UnitOfWork(engine) as uow:
        row, role = common.member(uow.session, company_id, username)
        return _info(row, role.role)


def deactivate_user(engine: Engine, company_id: int, username: str, *, user: str = "") -> UserInfo:
    """End the user's access to the company: their sessions end and their tokens stop working.

    A user who works only in this company is marked inactive (and still listed). A user who
    also has roles in other companies loses only this company's role, so one company's admin
    never locks a person out of another company.
    """
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        row, role = common.member(session, company_id, username)
        _keep_an_admin(session, company_id, row.id, f"Deactivating {row.username}")
        others = session.scalar(
            select(func.count())
            .select_from(CompanyRole)
            .where(CompanyRole.user_id == row.id, CompanyRole.company_id != company_id)
        )
        if others:
            session.delete(role)
            common.end_sessions(session, row.id, company_id)
            result = _info(row, None)
        else:
            row.active = False
            common.end_sessions(session, row.id, None)
            result = _info(row, role.role)
        audit.record(
            session, company_id, user, "user_deactivate", "user", row.username, role=role.role
        )
        uow.commit()
        return result


def activate_user(engine: Engine, company_id: int, username: str, *, user: str = "") -> UserInfo:
    """Let an inactive user of the company log in again."""
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        row, role = common.member(session, company_id, username)
        if not row.active:
            row.active = True
            audit.record(session, company_id, user, "user_activate", "user", row.username)
        info = _info(row, role.role)
        uow.commit()
        return info


def set_password(engine: Engine, username: str, password: str, *, user: str = "") -> None:
    """Give the user a new password (noted in the audit trail of each of their companies)."""
    hashed = _password_hash(password)
    with UnitOfWork(engine, write=True) as uow:
        session = uow.session
        row = common.user_by_name(session, username)
        if row is None:
            raise NotFoundError(f"User {username.strip()} does not exist")
        row.password_hash = hashed
        for company_id in _companies_of(session, row.id):
            audit.record(session, company_id, user, "user_password", "user", row.username)
        uow.commit()


def _companies_of(session: Session, user_id: int) -> list[int]:
    return list(
        session.scalars(
            select(CompanyRole.company_id)
            .where(CompanyRole.user_id == user_id)
            .order_by(CompanyRole.company_id)
        )
    )


@cache
def _dummy_hash() -> str:
    """A hash to check against when the username is unknown, so both refusals take as long.
    Made on first use, so importing this module stays quick."""
    return HASHER.hash(secrets.token_urlsafe(16))


def _verify(stored: str, password: str) -> bool:
    try:
        return bool(HASHER.verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def authenticate(engine: Engine, username: str, password: str) -> UserInfo | None:
    """The user if the name and password match an active user, else None (never saying which
    was wrong). A hash made with older cost settings is renewed on a successful login."""
    if not isinstance(password, str) or not password or len(password) > MAX_PASSWORD_LENGTH:
        return None
    # The slow hash check runs outside any transaction, so a login never holds a lock.
    with UnitOfWork(engine) as uow:
        row = common.user_by_name(uow.session, username)
        info = None if row is None else _info(row, None)
        stored = _dummy_hash() if row is None else row.password_hash
    if not _verify(stored, password) or info is None or not info.active:
        return None
    if HASHER.check_needs_rehash(stored):
        renewed = HASHER.hash(password)
        with UnitOfWork(engine, write=True) as uow:
            current = uow.session.get(User, info.id)
            if current is not None and current.password_hash == stored:
                current.password_hash = renewed
            uow.commit()
    return info


def user_companies(engine: Engine, user_id: int) -> list[tuple[CompanyInfo, Role]]:
    """The companies the user has a role in, with that role, by company name."""
    with UnitOfWork(engine) as uow:
        rows = uow.session.execute(
            select(Company, CompanyRole.role)
            .join(CompanyRole, CompanyRole.company_id == Company.id)
            .where(CompanyRole.user_id == user_id)
            .order_by(Company.name)
        )
        return [
            (CompanyInfo(c.id, c.name, c.country, c.currency, c.org_no), Role(role))
            for c, role in rows
        ]


# -- the audit trail -------------------------------------------------------------------------


def _details(text: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {"text": text}
    return value if isinstance(value, dict) else {"value": value}


def list_audit(
    engine: Engine, company_id: int, *, limit: int = 50, offset: int = 0
) -> list[AuditLine]:
    """The company's audit trail, newest first."""
    with UnitOfWork(engine) as uow:
        rows = uow.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.company_id == company_id)
            .order_by(AuditEntry.entry_no.desc())
            .limit(max(limit, 0))
            .offset(max(offset, 0))
        )
        return [
            AuditLine(
                r.entry_no,
                common.aware(r.at),
                r.user_id,
                r.action,
                r.object_type,
                r.object_id,
                _details(r.details),
            )
            for r in rows
        ]


def count_audit(engine: Engine, company_id: int) -> int:
    with UnitOfWork(engine) as uow:
        return int(
            uow.session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.company_id == company_id)
            )
            or 0
        )
