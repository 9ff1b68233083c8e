"""Who may do what: the four roles of a company and the actions they allow.

Roles are cumulative, as in the issue's list: a viewer reads; an accountant also enters
(drafts, journal lines, test reports, applications); an approver also posts (and undoes
postings: unapply, reverse); an admin also administers (users, tokens, set-up, master data).

>>> allowed(Role.ACCOUNTANT, Action.ENTER), allowed(Role.ACCOUNTANT, Action.POST)
(True, False)
>>> viewer = Principal(1, "kari", 1, Role.VIEWER, "nb")
>>> require(viewer, Action.READ)
>>> require(viewer, Action.POST)
Traceback (most recent call last):
    ...
reskontro.domain.errors.AccessDenied: Your role (viewer) may not post; ask an approver
>>> parse_role("Approver")
<Role.APPROVER: 'approver'>
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reskontro.domain.errors import AccessDenied, ValidationError


class Role(StrEnum):
    """A user's role in one company."""

    VIEWER = "viewer"
    ACCOUNTANT = "accountant"
    APPROVER = "approver"
    ADMIN = "admin"


class Action(StrEnum):
    """What a request does, as far as access is concerned."""

    READ = "read"
    """See data and reports."""
    ENTER = "enter"
    """Create and change drafts and journal lines, run test reports, apply entries, set
    applies-to IDs, import files into journals."""
    POST = "post"
    """Post journals and documents, unapply, reverse, import open items."""
    ADMIN = "admin"
    """Users, tokens, set-up and master data changes."""


# Each role allows its own action and every action of the roles below it.
_RANKS: dict[Role, int] = {Role.VIEWER: 0, Role.ACCOUNTANT: 1, Role.APPROVER: 2, Role.ADMIN: 3}
_LEAST_ROLE: dict[Action, Role] = {
    Action.READ: Role.VIEWER,
    Action.ENTER: Role.ACCOUNTANT,
    Action.POST: Role.APPROVER,
    Action.ADMIN: Role.ADMIN,
}
_VERBS: dict[Action, str] = {
    Action.READ: "read this company's data",
    Action.ENTER: "enter or change journal lines, drafts and applications",
    Action.POST: "post",
    Action.ADMIN: "change users, tokens, set-up or master data",
}


def least_role(action: Action) -> Role:
    """The lowest role that may do *action*.

    >>> least_role(Action.ENTER)
    <Role.ACCOUNTANT: 'accountant'>
    """
    return _LEAST_ROLE[action]


def allowed(role: Role, action: Action) -> bool:
    """Whether *role* may do *action*."""
    return _RANKS[role] >= _RANKS[_LEAST_ROLE[action]]


def parse_role(text: str) -> Role:
    """The role named by *text* (any case); refuse an unknown name with the valid ones."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValidationError(f"role {text!r}: use one of {names}") from None


@dataclass(frozen=True)
class Principal:
    """Who makes a request, and in which company (from a web session or an API token)."""

    user_id: int
    username: str
    company_id: int
    """Every read and write of the request is limited to this company."""
    role: Role
    language: str
    """``en``, ``nb`` or ``sv``."""


def require(principal: Principal, action: Action) -> None:
    """Refuse with :class:`AccessDenied` unless the principal's role allows *action*."""
    if allowed(principal.role, action):
        return
    needed = least_role(action)
    article = "an" if needed.value[0] in "aeiou" else "a"
    raise AccessDenied(
        f"Your role ({principal.role.value}) may not {_VERBS[action]}; ask {article} {needed.value}"
    )
