"""`formcheck user add|passwd`: accounts for patients and therapists.

Passwords are asked for on the terminal (or read from standard input when it is not
one), never taken from the command line, where other users could see them.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from server.cli.db import DatabaseUrlOption, DataDirOption, settings_for

__all__ = ["register"]

users_app = typer.Typer(no_args_is_help=True, help="Create accounts and reset passwords.")


def _password() -> str:
    if sys.stdin.isatty():
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\n")


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"formcheck: error: {message}\n")
    return typer.Exit(2)


@users_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name")],
    role: Annotated[str, typer.Option(help="patient or therapist")] = "patient",
    therapist: Annotated[
        str | None, typer.Option(help="A patient's therapist (their login name)")
    ] = None,
    name: Annotated[str, typer.Option(help="Name shown in the app")] = "",
    language: Annotated[str, typer.Option(help="nl or en")] = "nl",
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Create a patient or therapist account."""
    from server.cli.admin import create_user  # noqa: PLC0415 (the database layer)
    from server.store.users import UserError  # noqa: PLC0415

    settings = settings_for(data_dir, database_url)
    try:
        message = create_user(
            settings,
            username,
            _password(),
            role,
            therapist=therapist,
            display_name=name,
            language=language,
        )
    except (UserError, ValueError) as err:
        raise _fail(str(err)) from None
    sys.stdout.write(message + "\n")


@users_app.command("passwd")
def passwd(
    username: Annotated[str, typer.Argument(help="Login name")],
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Set a new password for an account."""
    from server.cli.admin import set_password  # noqa: PLC0415 (the database layer)
    from server.store.users import UserError  # noqa: PLC0415

    try:
        message = set_password(settings_for(data_dir, database_url), username, _password())
    except (UserError, ValueError) as err:
        raise _fail(str(err)) from None
    sys.stdout.write(message + "\n")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="user")
