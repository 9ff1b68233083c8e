"""Users and API tokens of the company: ``reskontro user …`` and ``reskontro token …``.

Whoever runs the command line has the database itself, so these commands need no login; they
are how the first admin and the first API token come to be. Each change is in the audit trail
under the name of whoever ran it (``RESKONTRO_USER``, else the login name).
"""

from __future__ import annotations

from typing import Annotated

import typer

from reskontro.interfaces.cli.main import JsonOption, app, get_state

user_app = typer.Typer(help="Users of the company and their roles.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens (Authorization: Bearer …).", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")

ROLES = "viewer, accountant, approver or admin"
RoleOption = Annotated[str, typer.Option("--role", metavar="ROLE", help=f"One of {ROLES}.")]


def new_password(given: str | None) -> str:
    from reskontro.services.auth import check_new_password

    password = given
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    check_new_password(password)
    return password


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The login name (lower case).")],
    role: RoleOption,
    password: Annotated[
        str | None,
        typer.Option("--password", help="The password; asked for (hidden) when left out."),
    ] = None,
    full_name: Annotated[str, typer.Option("--full-name", help="The person's name.")] = "",
    language: Annotated[str, typer.Option("--language", help="en, nb or sv.")] = "en",
) -> None:
    """Add a user with a role in the company."""
    from reskontro.services.auth import create_user

    state = get_state(ctx)
    company_id = state.company_id
    info = create_user(
        state.engine,
        username,
        new_password(password),
        company_id=company_id,
        role=role,
        full_name=full_name,
        language=language,
        user=state.user,
    )
    typer.echo(f"Added the user {info.username} ({info.role}) to {state.company.name}.")


@user_app.command("list")
def user_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the company's users and their roles."""
    from reskontro.interfaces.cli import output
    from reskontro.services.auth import list_users

    state = get_state(ctx)
    output.show(
        list_users(state.engine, state.company_id),
        as_json=as_json,
        title=f"Users of {state.company.name}",
        empty="The company has no users yet; add one with: reskontro user add NAME --role admin",
    )


@user_app.command("set-role")
def user_set_role(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The login name.")],
    role: RoleOption,
) -> None:
    """Change a user's role in the company (or give an existing user one here)."""
    from reskontro.services.auth import set_role

    state = get_state(ctx)
    info = set_role(state.engine, state.company_id, username, role, user=state.user)
    typer.echo(f"{info.username} is now {info.role} in {state.company.name}.")


@user_app.command("set-password")
def user_set_password(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The login name.")],
    password: Annotated[
        str | None,
        typer.Option("--password", help="The new password; asked for (hidden) when left out."),
    ] = None,
) -> None:
    """Give a user a new password."""
    from reskontro.services.auth import get_user, set_password

    state = get_state(ctx)
    # Only users of the chosen company, as in the other user commands.
    info = get_user(state.engine, state.company_id, username)
    set_password(state.engine, info.username, new_password(password), user=state.user)
    typer.echo(f"Changed the password of {info.username}.")


@user_app.command("deactivate")
def user_deactivate(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The login name.")],
) -> None:
    """End a user's access to the company; their sessions end and tokens stop working."""
    from reskontro.services.auth import deactivate_user

    state = get_state(ctx)
    info = deactivate_user(state.engine, state.company_id, username, user=state.user)
    if info.role is None:
        typer.echo(f"{info.username} no longer has a role in {state.company.name}.")
    else:
        typer.echo(f"Deactivated {info.username}; they can no longer log in.")


@user_app.command("activate")
def user_activate(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The login name.")],
) -> None:
    """Let a deactivated user of the company log in again."""
    from reskontro.services.auth import activate_user

    state = get_state(ctx)
    info = activate_user(state.engine, state.company_id, username, user=state.user)
    typer.echo(f"{info.username} can log in again.")


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    username: Annotated[
        str, typer.Option("--user", metavar="USERNAME", help="The user the token acts for.")
    ],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "",
) -> None:
    """Make an API token; it is printed once, on its own line, and never shown again."""
    from reskontro.services.auth import create_token

    state = get_state(ctx)
    plain, info = create_token(state.engine, username, state.company_id, name, user=state.user)
    typer.echo(plain)
    typer.echo(
        f"Token {info.id} for {info.username} in {state.company.name}; store it now, it is not "
        "shown again.",
        err=True,
    )


@token_app.command("list")
def token_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the company's API tokens (never the tokens themselves)."""
    from reskontro.interfaces.cli import output
    from reskontro.services.auth import list_tokens

    state = get_state(ctx)
    output.show(
        list_tokens(state.engine, state.company_id),
        as_json=as_json,
        title=f"API tokens of {state.company.name}",
        empty="No API tokens; make one with: reskontro token create --user NAME",
    )


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(metavar="ID", help="The token's id (token list).")],
) -> None:
    """Stop a token from working."""
    from reskontro.services.auth import revoke_token

    state = get_state(ctx)
    info = revoke_token(state.engine, state.company_id, token_id, user=state.user)
    typer.echo(f"Revoked token {info.id} of {info.username}.")
