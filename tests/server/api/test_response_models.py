"""Every HTTP route declares the type of its answer (`response_model`, from its return
annotation): a `server.protocol` type listed in its generated schema
(`server.protocol.schema.HTTP_ANSWERS`), or a file or page (`Response`). The OpenAPI
document then shows each answer's schema."""

from __future__ import annotations

import typing
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel
from starlette.responses import Response

from server.protocol.schema import HTTP_ANSWERS


def _model(annotation: Any) -> type[BaseModel] | type[Response] | None:
    """The protocol type of an answer (a list's item type), a file or page, or None."""
    if annotation is None:
        return None
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is list and args:
        return _model(args[0])
    plain_class = typing.get_origin(annotation) is None and isinstance(annotation, type)
    if plain_class and issubclass(annotation, BaseModel | Response):
        answer: type[BaseModel] | type[Response] = annotation
        return answer
    return None


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


def _answer(route: APIRoute) -> type[BaseModel] | type[Response] | None:
    return _model(route.response_model) or _model(
        typing.get_type_hints(route.endpoint).get("return")
    )


def test_every_route_declares_the_type_of_its_answer(app_client: TestClient) -> None:
    routes = _routes(app_client)
    assert len(routes) > 40
    untyped = {key for key, route in routes.items() if _answer(route) is None}
    assert untyped == set(), "routes whose answer is an untyped dict"


def test_every_answer_type_is_in_the_generated_schema(app_client: TestClient) -> None:
    """The page's copy of the wire (web/protocol.schema.json) holds every JSON answer."""
    answers = {_answer(route) for route in _routes(app_client).values()}
    models = {a for a in answers if a is not None and issubclass(a, BaseModel)}
    assert models - set(HTTP_ANSWERS) == set(), "an answer type missing from HTTP_ANSWERS"
    assert set(HTTP_ANSWERS) - models == set(), "HTTP_ANSWERS lists a type no route answers"


def _ok_responses(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): answer
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status, answer in operation["responses"].items()
        if status.startswith("2")
    }


def _named(answer: dict[str, Any]) -> bool:
    """The JSON answer's schema is a named type (or a list of one), not an object of
    anything (what a `dict[str, Any]` shows) or an empty schema."""
    schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
    return "$ref" in schema or (schema.get("type") == "array" and "$ref" in schema["items"])


def test_the_openapi_document_shows_every_answers_schema(app_client: TestClient) -> None:
    document = app_client.app.openapi()  # type: ignore[attr-defined]
    ok = _ok_responses(document)
    assert len(ok) > 40
    empty = {key for key, answer in ok.items() if not _named(answer)}
    # Only a file or page (a zip, a PDF, a CSV, the report's HTML) has no JSON schema.
    files = {("GET", p) for p in _FILES}
    assert empty <= files, f"2xx answers without a named schema: {sorted(empty - files)}"
    assert len(set(ok) - files) == len(ok) - len(files)  # every file route is still there


_FILES = (
    "/api/patients/{patient_id}/export",
    "/api/sessions/{session_id}/report",
    "/api/sessions/{session_id}/report.pdf",
    "/api/sessions/{session_id}/report.csv",
)
