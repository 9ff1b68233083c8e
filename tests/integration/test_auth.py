"""Users, roles, sessions, tokens and the audit trail through the auth service, on SQLite and
PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, select

from reskontro.domain.access import Role
from reskontro.domain.errors import (
    AccessDenied,
    ConflictError,
    NotAuthenticated,
    NotFoundError,
    ValidationError,
)
from reskontro.services import auth
from reskontro.services.setup import create_company
from reskontro.storage import models as m
from reskontro.storage.uow import UnitOfWork

PASSWORD = "correct horse"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with the smallest cost: the tests check behaviour, not hashing strength."""
    monkeypatch.setattr(auth, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def company(engine: Engine) -> int:
    return create_company(engine, "Fjord AS", "NO").id


@pytest.fixture
def other_company(engine: Engine) -> int:
    return create_company(engine, "Vik AB", "SE").id


def add(engine: Engine, company_id: int, name: str, role: Role = Role.ADMIN) -> auth.UserInfo:
    return auth.create_user(engine, name, PASSWORD, company_id=company_id, role=role, user="t")


def audit_actions(engine: Engine, company_id: int) -> list[str]:
    return [line.action for line in auth.list_audit(engine, company_id, limit=500)]


# -- users and roles --------------------------------------------------------------------------


def test_a_new_user_is_listed_with_their_role_and_the_change_is_audited(
    engine: Engine, company: int
) -> None:
    info = auth.create_user(
        engine,
        "Kari",
        PASSWORD,
        company_id=company,
        role="accountant",
        full_name="Kari Nordmann",
        language="nb",
        user="admin",
    )
    assert info.username == "kari"  # kept in lower case
    assert auth.list_users(engine, company) == [
        auth.UserInfo(info.id, "kari", "Kari Nordmann", "nb", True, Role.ACCOUNTANT)
    ]
    line = auth.list_audit(engine, company)[0]
    assert (line.user, line.action, line.object_id) == ("admin", "user_create", "kari")
    assert line.details == {"role": "accountant"}


def test_the_password_is_stored_only_as_an_argon2_hash(engine: Engine, company: int) -> None:
    add(engine, company, "kari")
    with UnitOfWork(engine) as uow:
        stored = uow.session.scalars(select(m.User.password_hash)).one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.parametrize(
    ("username", "password", "role", "language", "expected"),
    [
        ("", PASSWORD, "admin", "en", "username"),
        ("kari nordmann", PASSWORD, "admin", "en", "username"),
        ("kari", "", "admin", "en", "Give a password"),
        ("kari", PASSWORD, "boss", "en", "role 'boss'"),
        ("kari", PASSWORD, "admin", "de", "language 'de'"),
    ],
)
def test_bad_user_data_is_refused_with_the_field_named(
    engine: Engine,
    company: int,
    username: str,
    password: str,
    role: str,
    language: str,
    expected: str,
) -> None:
    with pytest.raises(ValidationError, match=expected):
        auth.create_user(
            engine, username, password, company_id=company, role=role, language=language
        )
    assert auth.list_users(engine, company) == []


def test_a_username_is_taken_in_any_case_and_across_companies(
    engine: Engine, company: int, other_company: int
) -> None:
    add(engine, company, "kari")
    with pytest.raises(ConflictError, match="kari already exists"):
        add(engine, other_company, "KARI")


def test_a_new_password_needs_eight_characters() -> None:
    with pytest.raises(ValidationError, match="at least 8"):
        auth.check_new_password("short")
    auth.check_new_password("long enough")


def test_set_role_changes_the_role_and_can_add_a_user_to_a_second_company(
    engine: Engine, company: int, other_company: int
) -> None:
    add(engine, company, "boss")
    kari = add(engine, company, "kari", Role.VIEWER)
    assert auth.set_role(engine, company, "kari", Role.APPROVER).role is Role.APPROVER
    auth.set_role(engine, other_company, "kari", "viewer")
    companies = auth.user_companies(engine, kari.id)
    assert [(c.name, role) for c, role in companies] == [
        ("Fjord AS", Role.APPROVER),
        ("Vik AB", Role.VIEWER),
    ]
    assert "user_role" in audit_actions(engine, company)
    assert "user_role" in audit_actions(engine, other_company)


def test_the_last_admin_cannot_be_demoted_or_deactivated(engine: Engine, company: int) -> None:
    add(engine, company, "boss")
    with pytest.raises(ConflictError, match="without an admin"):
        auth.set_role(engine, company, "boss", Role.VIEWER)
    with pytest.raises(ConflictError, match="without an admin"):
        auth.deactivate_user(engine, company, "boss")
    add(engine, company, "second")
    assert auth.set_role(engine, company, "boss", Role.VIEWER).role is Role.VIEWER


def test_users_of_another_company_are_not_found(
    engine: Engine, company: int, other_company: int
) -> None:
    add(engine, company, "kari")
    add(engine, other_company, "nils")
    with pytest.raises(NotFoundError):
        auth.deactivate_user(engine, other_company, "kari")
    with pytest.raises(NotFoundError):
        auth.get_user(engine, other_company, "kari")
    assert [u.username for u in auth.list_users(engine, other_company)] == ["nils"]


def test_a_deactivated_user_cannot_log_in_and_loses_sessions_and_tokens(
    engine: Engine, company: int
) -> None:
    add(engine, company, "boss")
    kari = add(engine, company, "kari", Role.ACCOUNTANT)
    session_id, _ = auth.create_session(engine, kari.id, company)
    token, _ = auth.create_token(engine, "kari", company, "script")
    info = auth.deactivate_user(engine, company, "kari", user="boss")
    assert not info.active and info.role is Role.ACCOUNTANT  # still listed, as inactive
    assert auth.authenticate(engine, "kari", PASSWORD) is None
    assert auth.load_session(engine, session_id) is None
    assert auth.authenticate_token(engine, token) is None
    assert auth.activate_user(engine, company, "kari").active
    assert auth.authenticate(engine, "kari", PASSWORD) is not None


def test_deactivating_in_one_company_leaves_the_other_alone(
    engine: Engine, company: int, other_company: int
) -> None:
    add(engine, company, "boss")
    kari = add(engine, company, "kari", Role.ACCOUNTANT)
    auth.set_role(engine, other_company, "kari", Role.ADMIN)
    info = auth.deactivate_user(engine, company, "kari")
    assert info.active and info.role is None
    assert [c.name for c, _ in auth.user_companies(engine, kari.id)] == ["Vik AB"]
    assert auth.authenticate(engine, "kari", PASSWORD) is not None


# -- logging in --------------------------------------------------------------------------------


def test_authenticate_gives_the_user_only_for_the_right_password(
    engine: Engine, company: int
) -> None:
    kari = add(engine, company, "kari")
    found = auth.authenticate(engine, " KARI ", PASSWORD)
    assert found is not None and found.id == kari.id and found.role is None
    assert auth.authenticate(engine, "kari", "wrong password") is None
    assert auth.authenticate(engine, "nobody", PASSWORD) is None
    assert auth.authenticate(engine, "kari", "") is None


def test_set_password_replaces_the_old_one(engine: Engine, company: int) -> None:
    add(engine, company, "kari")
    auth.set_password(engine, "kari", "a new password", user="kari")
    assert auth.authenticate(engine, "kari", PASSWORD) is None
    assert auth.authenticate(engine, "kari", "a new password") is not None
    assert "user_password" in audit_actions(engine, company)
    with pytest.raises(NotFoundError):
        auth.set_password(engine, "nobody", "whatever1")


def test_a_hash_with_old_settings_is_renewed_at_login(
    engine: Engine, company: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(engine, company, "kari")
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    monkeypatch.setattr(auth, "HASHER", stronger)
    assert auth.authenticate(engine, "kari", PASSWORD) is not None
    with UnitOfWork(engine) as uow:
        stored = uow.session.scalars(select(m.User.password_hash)).one()
    assert not stronger.check_needs_rehash(stored)


# -- web sessions ------------------------------------------------------------------------------


def test_a_session_gives_the_principal_and_only_its_hash_is_stored(
    engine: Engine, company: int
) -> None:
    kari = add(engine, company, "kari", Role.APPROVER)
    session_id, csrf = auth.create_session(engine, kari.id, company, language="sv")
    loaded = auth.load_session(engine, session_id)
    assert loaded is not None
    assert loaded.principal.username == "kari"
    assert loaded.principal.role is Role.APPROVER
    assert loaded.principal.company_id == company
    assert loaded.principal.language == "sv"
    assert loaded.csrf_token == csrf
    assert auth.csrf_matches(loaded, csrf) and not auth.csrf_matches(loaded, "forged")
    with UnitOfWork(engine) as uow:
        stored = uow.session.scalars(select(m.WebSession.id_hash)).one()
    assert stored == hashlib.sha256(session_id.encode()).hexdigest()
    assert "login" in audit_actions(engine, company)


def test_sessions_end_at_logout_at_expiry_and_when_the_role_goes(
    engine: Engine, company: int, other_company: int
) -> None:
    add(engine, company, "boss")
    kari = add(engine, company, "kari", Role.VIEWER)
    auth.set_role(engine, other_company, "kari", Role.VIEWER)
    ended, _ = auth.create_session(engine, kari.id, company)
    auth.end_session(engine, ended)
    assert auth.load_session(engine, ended) is None
    expired, _ = auth.create_session(engine, kari.id, company, lifetime=timedelta(seconds=-1))
    assert auth.load_session(engine, expired) is None
    assert auth.load_session(engine, "not a session") is None
    auth.end_session(engine, "not a session")  # ignored
    live, _ = auth.create_session(engine, kari.id, other_company)
    auth.deactivate_user(engine, other_company, "kari")  # kari keeps her role in Fjord AS
    assert auth.load_session(engine, live) is None


def test_a_session_needs_a_role_in_the_company(
    engine: Engine, company: int, other_company: int
) -> None:
    kari = add(engine, company, "kari")
    with pytest.raises(AccessDenied):
        auth.create_session(engine, kari.id, other_company)


def test_switch_company_only_to_a_company_with_a_role(
    engine: Engine, company: int, other_company: int
) -> None:
    kari = add(engine, company, "kari", Role.ACCOUNTANT)
    session_id, _ = auth.create_session(engine, kari.id, company)
    with pytest.raises(AccessDenied):
        auth.switch_company(engine, session_id, other_company)
    auth.set_role(engine, other_company, "kari", Role.VIEWER)
    switched = auth.switch_company(engine, session_id, other_company)
    assert switched.principal.company_id == other_company
    assert switched.principal.role is Role.VIEWER
    loaded = auth.load_session(engine, session_id)
    assert loaded is not None and loaded.principal.company_id == other_company
    with pytest.raises(NotAuthenticated):
        auth.switch_company(engine, "gone", company)


def test_the_session_language_is_kept_for_the_user(engine: Engine, company: int) -> None:
    kari = add(engine, company, "kari")
    session_id, _ = auth.create_session(engine, kari.id, company)
    auth.set_session_language(engine, session_id, "nb")
    loaded = auth.load_session(engine, session_id)
    assert loaded is not None and loaded.principal.language == "nb"
    assert auth.list_users(engine, company)[0].language == "nb"
    with pytest.raises(ValidationError, match="language"):
        auth.set_session_language(engine, session_id, "fi")


# -- API tokens --------------------------------------------------------------------------------


def test_a_token_gives_the_principal_and_only_its_hash_is_stored(
    engine: Engine, company: int
) -> None:
    add(engine, company, "kari", Role.ACCOUNTANT)
    token, info = auth.create_token(engine, "kari", company, "bank script", user="boss")
    assert token.startswith("rsk_") and len(token) > 40
    principal = auth.authenticate_token(engine, token)
    assert principal is not None
    assert (principal.username, principal.company_id, principal.role) == (
        "kari",
        company,
        Role.ACCOUNTANT,
    )
    with UnitOfWork(engine) as uow:
        row = uow.session.scalars(select(m.ApiToken)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert row.last_used_at is not None
    listed = auth.list_tokens(engine, company)
    assert [(t.id, t.username, t.name, t.active) for t in listed] == [
        (info.id, "kari", "bank script", True)
    ]


def test_a_revoked_or_unknown_token_gives_nothing(engine: Engine, company: int) -> None:
    add(engine, company, "kari")
    token, info = auth.create_token(engine, "kari", company, "old")
    revoked = auth.revoke_token(engine, company, info.id, user="kari")
    assert revoked.revoked_at is not None and not revoked.active
    assert auth.authenticate_token(engine, token) is None
    assert auth.authenticate_token(engine, "rsk_unknown") is None
    assert auth.authenticate_token(engine, "") is None
    with pytest.raises(ConflictError, match="already revoked"):
        auth.revoke_token(engine, company, info.id)
    assert {"token_create", "token_revoke"} <= set(audit_actions(engine, company))


def test_a_token_of_one_company_cannot_be_revoked_from_another(
    engine: Engine, company: int, other_company: int
) -> None:
    add(engine, company, "kari")
    token, info = auth.create_token(engine, "kari", company)
    with pytest.raises(NotFoundError):
        auth.revoke_token(engine, other_company, info.id)
    assert auth.list_tokens(engine, other_company) == []
    assert auth.authenticate_token(engine, token) is not None


def test_tokens_only_for_users_of_the_company(
    engine: Engine, company: int, other_company: int
) -> None:
    add(engine, company, "kari")
    with pytest.raises(NotFoundError):
        auth.create_token(engine, "kari", other_company, "sneaky")


def test_a_token_follows_the_users_current_role(engine: Engine, company: int) -> None:
    add(engine, company, "boss")
    add(engine, company, "kari", Role.VIEWER)
    token, _ = auth.create_token(engine, "kari", company)
    auth.set_role(engine, company, "kari", Role.APPROVER)
    principal = auth.authenticate_token(engine, token)
    assert principal is not None and principal.role is Role.APPROVER


# -- the audit trail ---------------------------------------------------------------------------


def test_the_audit_trail_pages_newest_first_per_company(
    engine: Engine, company: int, other_company: int
) -> None:
    for name in ("a1", "a2", "a3"):
        add(engine, company, name)
    add(engine, other_company, "b1")
    lines = auth.list_audit(engine, company)
    # the company's creation is the first row of its trail
    assert [line.object_id for line in lines] == ["a3", "a2", "a1", "Fjord AS"]
    assert [line.object_id for line in auth.list_audit(engine, company, limit=1, offset=1)] == [
        "a2"
    ]
    assert auth.count_audit(engine, company) == 4
    other = [line.object_id for line in auth.list_audit(engine, other_company)]
    assert other[0] == "b1"
    assert "a1" not in other
