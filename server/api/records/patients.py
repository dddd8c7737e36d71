"""A therapist adds, edits and deactivates their own patients, and gives each a
one-time sign-in link with its QR code (revocable). Another therapist's patient is 404.

Plain-function routes: FastAPI runs them in its threadpool, off the event loop (the
edit runs its database work in a thread, then closes a deactivated patient's sockets).
"""

from __future__ import annotations

import asyncio
import ipaddress
from typing import Annotated
from urllib.parse import urlsplit

import segno
from fastapi import APIRouter, Depends, HTTPException, Request, status

from exercises.base import FieldError
from server.api.audit import audit
from server.api.auth import current_user, own_patient, therapist_only
from server.api.boundary.strict import RowId, StrictBody, StrictJsonRoute
from server.api.field_errors import InvalidFieldsError
from server.api.state import app_state
from server.api.ws import close_sockets_of
from server.protocol.accounts import Account
from server.protocol.codes import CloseCode
from server.protocol.patients import NewSigninLink, Revoked, SigninLinkWire
from server.store.privacy.audit import Action
from server.store.users import User

__all__ = ["only_here", "qr_svg", "router"]

router = APIRouter(prefix="/api/patients", route_class=StrictJsonRoute)
CurrentUser = Annotated[User, Depends(current_user)]


class NewPatient(StrictBody):
    display_name: str
    language: str = "nl"


class PatientEdit(StrictBody):
    display_name: str | None = None
    language: str | None = None
    active: bool | None = None


@router.post("", status_code=status.HTTP_201_CREATED)
def add_patient(body: NewPatient, request: Request, user: CurrentUser) -> Account:
    try:
        patient = app_state(request).patients.add(
            therapist_only(user), body.display_name, body.language
        )
    except FieldError as err:
        raise InvalidFieldsError.of(err) from None
    audit(request, Action.PATIENT_ADDED, user, patient.id)
    return Account.of(patient)


@router.patch("/{patient_id}")
async def edit_patient(
    patient_id: RowId, body: PatientEdit, request: Request, user: CurrentUser
) -> Account:
    """Deactivating a patient ends their logins and closes their live sockets."""
    state = app_state(request)
    edited = await asyncio.to_thread(_edit, request, user, patient_id, body)
    if body.active is False:
        await close_sockets_of(state, edited.id, CloseCode.LOGGED_OUT, "logged_out")
    return Account.of(edited)


def _edit(request: Request, user: User, patient_id: int, body: PatientEdit) -> User:
    """The edit, audited (off the event loop: the route awaits it in a thread)."""
    state = app_state(request)
    patient = own_patient(state, therapist_only(user), patient_id)
    try:
        edited = state.patients.edit(
            patient, display_name=body.display_name, language=body.language, active=body.active
        )
    except FieldError as err:
        raise InvalidFieldsError.of(err) from None
    if body.display_name is not None or body.language is not None:
        audit(request, Action.PATIENT_EDITED, user, patient.id)
    if edited.active != patient.active:
        action = Action.PATIENT_ACTIVATED if edited.active else Action.PATIENT_DEACTIVATED
        audit(request, action, user, patient.id)
    return edited


def qr_svg(url: str) -> str:
    """The URL as a QR code, an inline SVG that scales to its box (4-module quiet zone)."""
    code = segno.make(url, error="m")
    return str(code.svg_inline(scale=1, border=4, omitsize=True, light="#fff"))


def only_here(address: str) -> bool:
    """Whether `address` reaches only the computer the server runs on (a loopback address
    such as `make run`'s 127.0.0.1, localhost, or the unspecified 0.0.0.0): a link to it
    opens on no tablet or phone."""
    host = urlsplit(address).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: the clinic's DNS decides
    return ip.is_loopback or ip.is_unspecified


@router.get("/{patient_id}/links")
def links(patient_id: RowId, request: Request, user: CurrentUser) -> list[SigninLinkWire]:
    state = app_state(request)
    patient = own_patient(state, therapist_only(user), patient_id)
    at = state.clock.wall_ms()
    audit(request, Action.SIGNIN_LINKS_READ, user, patient.id)
    return [
        SigninLinkWire(
            id=link.id,
            created_ms=link.created_ms,
            expires_ms=link.expires_ms,
            used_ms=link.used_ms,
            revoked_ms=link.revoked_ms,
            state=link.state(at),
        )
        for link in state.signin_links.of(patient.id)
    ]


@router.post("/{patient_id}/links", status_code=status.HTTP_201_CREATED)
def new_link(patient_id: RowId, request: Request, user: CurrentUser) -> NewSigninLink:
    """A one-time sign-in link: `{id, url, expires_ms, qr_svg, only_here}`. The URL
    carries the token in its fragment (`/signin#<token>`) and is shown this once: only its
    hash is kept. It points to `Settings.public_address`, whatever Host the request named;
    `only_here` is true when that address reaches only this computer (the page warns that
    a tablet cannot open it, and how to set the clinic's address)."""
    state = app_state(request)
    therapist = therapist_only(user)
    patient = own_patient(state, therapist, patient_id)
    if not patient.active:
        raise HTTPException(status.HTTP_409_CONFLICT, f"patient {patient_id} is deactivated")
    made = state.signin_links.create(patient, therapist)
    audit(request, Action.SIGNIN_LINK_CREATED, therapist, patient.id, made.link.id)
    url = f"{state.settings.public_address}signin#{made.token}"
    return NewSigninLink(
        id=made.link.id,
        url=url,
        expires_ms=made.link.expires_ms,
        qr_svg=qr_svg(url),
        only_here=only_here(url),
    )


@router.delete("/{patient_id}/links/{link_id}")
def revoke_link(patient_id: RowId, link_id: RowId, request: Request, user: CurrentUser) -> Revoked:
    state = app_state(request)
    patient = own_patient(state, therapist_only(user), patient_id)
    if link_id not in {link.id for link in state.signin_links.of(patient.id)}:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no link {link_id}")
    revoked = state.signin_links.revoke(patient.id, link_id)
    audit(request, Action.SIGNIN_LINK_REVOKED, user, patient.id, link_id)
    return Revoked(revoked=revoked)


@router.delete("/{patient_id}/links")
def revoke_all(patient_id: RowId, request: Request, user: CurrentUser) -> Revoked:
    state = app_state(request)
    patient = own_patient(state, therapist_only(user), patient_id)
    revoked = state.signin_links.revoke(patient.id)
    audit(request, Action.SIGNIN_LINKS_REVOKED, user, patient.id)
    return Revoked(revoked=revoked)
