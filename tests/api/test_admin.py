"""Users, tokens and the audit trail over the API (admins only)."""

from __future__ import annotations

import pytest

from reskontro.domain.access import Role
from tests.api.conftest import Api, refused


def test_admins_list_the_companys_users(api: Api) -> None:
    users = api.get("/users").json()
    assert [(u["username"], u["role"]) for u in users] == [
        ("a-accountant", "accountant"),
        ("a-admin", "admin"),
        ("a-approver", "approver"),
        ("a-viewer", "viewer"),
    ]


def test_an_admin_adds_a_user_who_can_then_get_a_token(api: Api) -> None:
    created = api.post(
        "/users",
        json={
            "username": "Ola",
            "password": "long enough",
            "role": "accountant",
            "full_name": "Ola Nordmann",
            "language": "nb",
        },
    )
    assert created.status_code == 201, created.text
    assert created.json() == {
        "id": created.json()["id"],
        "username": "ola",
        "full_name": "Ola Nordmann",
        "language": "nb",
        "active": True,
        "role": "accountant",
    }
    made = api.post("/tokens", json={"username": "ola", "name": "bank script"})
    assert made.status_code == 201, made.text
    token = made.json()["token"]
    assert token.startswith("rsk_") and made.json()["info"]["username"] == "ola"
    me = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert (me["username"], me["role"]) == ("ola", "accountant")
    listed = api.get("/tokens").json()
    assert token not in str(listed)  # only ever shown once
    assert "bank script" in [t["name"] for t in listed]


@pytest.mark.parametrize(
    ("body", "status", "kind"),
    [
        ({"username": "ola", "password": "short", "role": "viewer"}, 422, "request_validation"),
        ({"username": "ola", "password": "long enough", "role": "king"}, 422, "request_validation"),
        ({"username": "a-viewer", "password": "long enough", "role": "viewer"}, 409, "conflict"),
        (
            {"username": "o la", "password": "long enough", "role": "viewer"},
            422,
            "validation_error",
        ),
    ],
)
def test_bad_new_users_are_refused(api: Api, body: dict[str, str], status: int, kind: str) -> None:
    refused(api.post("/users", json=body), status, kind)


def test_roles_change_and_the_last_admin_stays(api: Api) -> None:
    changed = api.put("/users/a-viewer/role", json={"role": "approver"})
    assert changed.json()["role"] == "approver"
    assert api.get("/me", role=Role.VIEWER).json()["role"] == "approver"
    refused(api.put("/users/a-admin/role", json={"role": "viewer"}), 409, "conflict", "admin")
    refused(api.put("/users/nobody/role", json={"role": "viewer"}), 404, "not_found")


def test_deactivate_a_user(api: Api) -> None:
    body = api.post("/users/a-accountant/deactivate").json()
    assert body["active"] is False
    refused(api.get("/me", role=Role.ACCOUNTANT), 401, "not_authenticated")
    refused(api.post("/users/a-admin/deactivate"), 409, "conflict")


def test_revoke_a_token(api: Api) -> None:
    made = api.post("/tokens", json={"username": "a-viewer"}).json()
    revoked = api.post(f"/tokens/{made['info']['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    refused(api.post(f"/tokens/{made['info']['id']}/revoke"), 409, "conflict")
    refused(api.post("/tokens/9999/revoke"), 404, "not_found")


def test_the_audit_trail_shows_who_did_what(api: Api) -> None:
    api.post("/users", json={"username": "ola", "password": "long enough", "role": "viewer"})
    no = api.invoice()
    lines = api.get("/audit", params={"limit": 2}).json()
    assert [(line["action"], line["object_id"]) for line in lines] == [
        ("post", no),
        ("user_create", "ola"),
    ]
    assert lines[1]["user"] == "a-admin" and lines[1]["details"] == {"role": "viewer"}
    assert len(api.get("/audit", params={"offset": 1, "limit": 1}).json()) == 1


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ACCOUNTANT, Role.APPROVER])
def test_only_admins_manage_users_and_tokens(api: Api, role: Role) -> None:
    for method, path, body in (
        ("GET", "/users", None),
        ("POST", "/users", {"username": "x1", "password": "long enough", "role": "admin"}),
        ("PUT", f"/users/a-{role.value}/role", {"role": "admin"}),
        ("POST", "/users/a-viewer/deactivate", None),
        ("GET", "/tokens", None),
        ("POST", "/tokens", {"username": f"a-{role.value}"}),
        ("POST", "/tokens/1/revoke", None),
        ("GET", "/audit", None),
    ):
        refused(api.call(method, path, role=role, json=body), 403, "access_denied")
    assert api.get("/me", role=role).json()["role"] == role.value  # nothing changed
