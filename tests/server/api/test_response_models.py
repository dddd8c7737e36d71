"""Every HTTP route declares the type of its answer (`response_model`, from its return
annotation): a `server.protocol` type, or a file or page (`Response`). The routes that
still answer an untyped dict are listed here: the list may only shrink."""

from __future__ import annotations

import typing
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel
from starlette.responses import Response

# (method, path) of the routes whose answer is still a dict[str, Any] (issue 23: to type).
UNTYPED = {
    ("DELETE", "/api/patients/{patient_id}"),
    ("DELETE", "/api/patients/{patient_id}/links"),
    ("DELETE", "/api/patients/{patient_id}/links/{link_id}"),
    ("GET", "/api/exercises"),
    ("GET", "/api/intake"),
    ("GET", "/api/jobs/{job_id}"),
    ("GET", "/api/me"),
    ("GET", "/api/on-device"),
    ("GET", "/api/patients"),
    ("GET", "/api/patients/{patient_id}/audit"),
    ("GET", "/api/patients/{patient_id}/intake"),
    ("GET", "/api/patients/{patient_id}/links"),
    ("GET", "/api/patients/{patient_id}/programme"),
    ("GET", "/api/patients/{patient_id}/progress"),
    ("GET", "/api/patients/{patient_id}/progress/plots"),
    ("GET", "/api/programme"),
    ("GET", "/api/sessions/{session_id}"),
    ("GET", "/api/sessions/{session_id}/report.json"),
    ("GET", "/api/sessions/{session_id}/reps/{index}/landmarks"),
    ("GET", "/api/texts"),
    ("GET", "/healthz"),
    ("PATCH", "/api/me"),
    ("PATCH", "/api/patients/{patient_id}"),
    ("POST", "/api/demo"),
    ("POST", "/api/login"),
    ("POST", "/api/logout"),
    ("POST", "/api/password"),
    ("POST", "/api/patients"),
    ("POST", "/api/patients/{patient_id}/links"),
    ("POST", "/api/patients/{patient_id}/recordings"),
    ("POST", "/api/recordings"),
    ("POST", "/api/sessions"),
    ("POST", "/api/sessions/{session_id}/resume"),
    ("POST", "/api/signin"),
    ("POST", "/api/signin/check"),
    ("POST", "/api/workouts"),
    ("POST", "/api/workouts/{workout_id}/pain"),
    ("PUT", "/api/intake"),
    ("PUT", "/api/patients/{patient_id}/programme"),
}


def _typed(model: Any) -> bool:
    """A protocol type, a list of one, or a file or page."""
    if model is None:
        return False
    args = typing.get_args(model)
    if typing.get_origin(model) is list and args:
        return _typed(args[0])
    plain_class = typing.get_origin(model) is None and isinstance(model, type)
    return plain_class and issubclass(model, BaseModel | Response)


def _api_routes(routes: list[Any]) -> list[APIRoute]:
    """Every API route, in included routers too."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):  # an included router (FastAPI >= 0.16x)
            found += _api_routes(route.original_router.routes)
    return found


def _routes(app_client: TestClient) -> dict[tuple[str, str], APIRoute]:
    return {
        (method, route.path): route
        for route in _api_routes(app_client.app.routes)  # type: ignore[attr-defined]
        for method in route.methods or ()
        if method != "HEAD"
    }


def test_every_route_declares_the_type_of_its_answer(app_client: TestClient) -> None:
    routes = _routes(app_client)
    untyped = {
        key
        for key, route in routes.items()
        if not _typed(route.response_model)
        and not _typed(typing.get_type_hints(route.endpoint).get("return"))
    }
    assert untyped - UNTYPED == set(), "a new route without a response model"
    assert UNTYPED - untyped == set(), "typed now (or gone): take it off UNTYPED"
