"""`formcheck audit` and `formcheck patient export|delete`: the audit log and a
patient's rights on the command line (for the clinic's data officer).

What is done here is audited too: the actor is None (no account) and the client
`command line`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from server.cli.db import DatabaseUrlOption, DataDirOption, settings_for
from server.clock import now_ms
from server.private_files import write_private
from server.settings import Settings
from server.store.privacy.page import MAX_PAGE

if TYPE_CHECKING:
    from server.api.records.export import ExportStores
    from server.store.privacy.audit import Action, AuditEntry, AuditStore
    from server.store.privacy.rights import PatientData
    from server.store.users import User, UserStore

# The database layer is imported by the commands, when they run (`formcheck` starts
# without it).

__all__ = ["CLI_CLIENT", "register"]

CLI_CLIENT = "command line"
patient_app = typer.Typer(no_args_is_help=True, help="A patient's data: export and erase.")
NameArgument = Annotated[str, typer.Argument(help="The patient's login name")]


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"formcheck: error: {message}\n")
    return typer.Exit(2)


@dataclass(frozen=True, slots=True)
class _Stores:
    users: UserStore
    audit: AuditStore
    data: PatientData
    export: ExportStores  # the report's modules (WeasyPrint) load with the export only

    def patient(self, username: str) -> User:
        user = self.users.by_username(username)
        if user is None or user.role != "patient":
            raise _fail(f"no patient with login name {username!r}")
        return user

    def log(self, action: Action, patient_id: int | None) -> AuditEntry:
        from server.store.privacy.audit import AuditEntry  # noqa: PLC0415

        return AuditEntry.of(action, None, patient_id, client=CLI_CLIENT)


@contextmanager
def _stores(settings: Settings) -> Iterator[_Stores]:
    from server.api.records.export import ExportStores  # noqa: PLC0415 (slow: WeasyPrint)
    from server.store.db import Database  # noqa: PLC0415
    from server.store.jobs import JobStore  # noqa: PLC0415
    from server.store.privacy.audit import AuditStore  # noqa: PLC0415
    from server.store.privacy.rights import PatientData  # noqa: PLC0415
    from server.store.recording import SessionStore  # noqa: PLC0415
    from server.store.users import UserStore  # noqa: PLC0415
    from server.store.workouts import WorkoutStore  # noqa: PLC0415

    db = Database(settings.database)
    try:
        audit = AuditStore(db)
        data = PatientData(db, audit)
        export = ExportStores(data, SessionStore(db), WorkoutStore(db), JobStore(db))
        yield _Stores(UserStore(db, settings.login_ttl_s), audit, data, export)
    finally:
        db.close()


def _when(at_ms: int) -> str:
    return datetime.fromtimestamp(at_ms / 1000).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _who(users: UserStore, user_id: int | None, role: str | None) -> str:
    if user_id is None:
        return "-"
    user = users.get(user_id)
    return f"{role or '?'} {user_id} ({user.username if user else 'erased'})"


def audit_command(
    patient: Annotated[str | None, typer.Option(help="Only this patient's (login name)")] = None,
    limit: Annotated[int, typer.Option(min=1, max=MAX_PAGE, help="Newest entries shown")] = 100,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Print the audit log, newest first: when, who, whose, what, from where."""
    from server.store.privacy.audit import Action  # noqa: PLC0415

    with _stores(settings_for(data_dir, database_url)) as stores:
        patient_id = None if patient is None else stores.patient(patient).id
        stores.audit.record(stores.log(Action.AUDIT_READ, patient_id))
        page = stores.audit.page(patient_id, limit=limit)
        for e in page.entries:
            who = _who(stores.users, e.actor_id, e.actor_role)
            whose = "-" if e.patient_id is None else _who(stores.users, e.patient_id, "patient")
            sys.stdout.write(
                f"{_when(e.at_ms)}  {e.action.value:20}  by {who}  about {whose}"
                f"  {e.object_id or '-'}  from {e.client or '-'}\n"
            )
        sys.stdout.write(f"{len(page.entries)} of {page.total} entries\n")


@patient_app.command("export")
def export_command(
    name: NameArgument,
    out: Annotated[Path, typer.Option(help="The zip to write (mode 0600)")],
    pdf: Annotated[bool, typer.Option(help="Include each session report's PDF")] = True,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Write every row of the patient's and their session reports to a zip."""
    from server.api.records.export import export_archive  # noqa: PLC0415 (slow: WeasyPrint)
    from server.store.privacy.audit import Action  # noqa: PLC0415

    with _stores(settings_for(data_dir, database_url)) as stores:
        patient = stores.patient(name)
        stores.audit.record(stores.log(Action.PATIENT_EXPORTED, patient.id))
        write_private(out, export_archive(stores.export, patient, now_ms(), pdf=pdf))
    sys.stdout.write(f"exported patient {patient.id} to {out}\n")


@patient_app.command("delete")
def delete_command(
    name: NameArgument,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask to type the name")] = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Erase every row of the patient's; the audit log keeps its entries (ids only).
    Asks for the patient's name unless --yes. Erase from the page while the server runs:
    it also closes the patient's live session."""
    from server.api.records.privacy import same_name  # noqa: PLC0415
    from server.store.privacy.audit import Action  # noqa: PLC0415
    from server.store.privacy.rights import ErasureError  # noqa: PLC0415

    with _stores(settings_for(data_dir, database_url)) as stores:
        patient = stores.patient(name)
        if not yes:
            typed = str(typer.prompt(f"Type the name of the patient ({patient.display_name})"))
            if not same_name(typed, patient.display_name):
                raise _fail("the name typed is not the patient's; nothing was erased")
        try:
            deleted = stores.data.erase(patient, stores.log(Action.PATIENT_ERASED, patient.id))
        except ErasureError as err:
            raise _fail(str(err)) from None
    rows = sum(deleted.values())
    sys.stdout.write(f"erased patient {patient.id}: {rows} rows\n")


def register(app: typer.Typer) -> None:
    app.command("audit")(audit_command)
    app.add_typer(patient_app, name="patient")
