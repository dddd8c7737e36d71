"""First run: a fresh database gets a demo therapist and patient, so `formcheck serve`
is usable at once. Their passwords are random, printed once and kept in a 0600 file
in the data dir (0700) until someone deletes it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from server.private_files import write_private
from server.store.users import UserStore

__all__ = ["DemoCredentials", "ensure_demo_users"]

CREDENTIALS_FILE = "first-run-credentials.txt"


@dataclass(frozen=True, slots=True)
class DemoCredentials:
    therapist: tuple[str, str]  # (username, password)
    patient: tuple[str, str]
    path: Path

    def text(self, url: str) -> str:
        return (
            "Formcheck first run: demo accounts created\n"
            f"  open {url}\n"
            f"  patient:   {self.patient[0]} / {self.patient[1]}\n"
            f"  therapist: {self.therapist[0]} / {self.therapist[1]}\n"
            f"  (also saved in {self.path}; delete that file once noted)\n"
        )


def _password() -> str:
    # Easy to type on a tablet: lowercase letters and digits in groups of four.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def ensure_demo_users(users: UserStore, data_dir: Path) -> DemoCredentials | None:
    """Create the demo accounts when there are no users at all; else None."""
    if users.count() > 0:
        return None
    therapist = ("therapeut", _password())
    patient = ("patient", _password())
    users.create_user(*therapist, "therapist", display_name="Demo therapeut")
    users.create_user(*patient, "patient", display_name="Demo patiënt", therapist=therapist[0])
    path = data_dir / CREDENTIALS_FILE
    creds = DemoCredentials(therapist, patient, path)
    write_private(path, creds.text("(the address formcheck serve prints)").encode("utf-8"))
    return creds
