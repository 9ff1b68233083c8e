"""``reskontro user …``, ``reskontro token …`` and ``reskontro serve`` through the command line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from reskontro.interfaces.cli.main import app
from reskontro.services import auth
from reskontro.services.setup import create_company
from reskontro.storage.database import make_engine

runner = CliRunner()


@pytest.fixture(autouse=True)
def _setting(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RESKONTRO_DATABASE_URL", "RESKONTRO_COMPANY", "RESKONTRO_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(auth, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def url(sqlite_url: str) -> str:
    engine = make_engine(sqlite_url)
    create_company(engine, "Fjord AS", "NO")
    engine.dispose()
    return sqlite_url


def run(url: str, *args: str, stdin: str | None = None) -> Result:
    return runner.invoke(app, ["--db", url, *args], input=stdin)


def as_json(url: str, *args: str) -> Any:
    result = run(url, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_add_list_change_and_deactivate_users(url: str) -> None:
    added = run(url, "user", "add", "Kari", "--role", "admin", "--password", "long enough")
    assert added.exit_code == 0, added.output
    assert "kari (admin)" in added.stdout
    run(url, "user", "add", "ola", "--role", "viewer", "--password", "long enough")
    users = as_json(url, "user", "list")
    assert [(u["username"], u["role"], u["active"]) for u in users] == [
        ("kari", "admin", True),
        ("ola", "viewer", True),
    ]
    assert run(url, "user", "set-role", "ola", "--role", "approver").exit_code == 0
    assert run(url, "user", "deactivate", "ola").exit_code == 0
    users = as_json(url, "user", "list")
    assert [(u["role"], u["active"]) for u in users] == [("admin", True), ("approver", False)]
    assert run(url, "user", "activate", "ola").exit_code == 0


def test_the_password_can_be_typed_at_a_hidden_prompt(url: str) -> None:
    result = run(url, "user", "add", "kari", "--role", "viewer", stdin="long enough\nlong enough\n")
    assert result.exit_code == 0, result.output
    engine = make_engine(url)
    assert auth.authenticate(engine, "kari", "long enough") is not None
    changed = run(url, "user", "set-password", "kari", "--password", "another one")
    assert changed.exit_code == 0, changed.output
    assert auth.authenticate(engine, "kari", "another one") is not None
    engine.dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("user", "add", "kari", "--role", "boss", "--password", "long enough"), "role 'boss'"),
        (("user", "add", "kari", "--role", "viewer", "--password", "short"), "at least 8"),
        (("user", "set-role", "nobody", "--role", "viewer"), "nobody does not exist"),
        (("token", "create", "--user", "nobody"), "nobody does not exist"),
        (("token", "revoke", "42"), "Token 42 does not exist"),
    ],
)
def test_refusals_exit_1_with_the_reason(url: str, args: tuple[str, ...], message: str) -> None:
    result = run(url, *args)
    assert result.exit_code == 1
    assert message in result.stderr


def test_tokens_are_printed_once_listed_and_revoked(url: str) -> None:
    run(url, "user", "add", "kari", "--role", "accountant", "--password", "long enough")
    made = run(url, "token", "create", "--user", "kari", "--name", "bank script")
    assert made.exit_code == 0, made.output
    token = made.stdout.strip()
    assert token.startswith("rsk_") and "not shown again" in made.stderr
    listed = as_json(url, "token", "list")
    assert [(t["username"], t["name"], t["revoked_at"]) for t in listed] == [
        ("kari", "bank script", None)
    ]
    assert token not in json.dumps(listed)
    engine = make_engine(url)
    assert auth.authenticate_token(engine, token) is not None
    assert run(url, "token", "revoke", str(listed[0]["id"])).exit_code == 0
    assert auth.authenticate_token(engine, token) is None
    engine.dispose()
    assert as_json(url, "token", "list")[0]["revoked_at"] is not None


def test_serve_runs_the_app_with_uvicorn(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []

    def fake_run(application: Any, **options: Any) -> None:
        paths = TestClient(application).get("/openapi.json").json()["paths"]
        calls.append({"paths": list(paths), **options})

    monkeypatch.setattr("uvicorn.run", fake_run)
    result = run(url, "serve", "--port", "8123")
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8123
    assert "/api/v1/customers" in calls[0]["paths"]
