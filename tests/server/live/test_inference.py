"""The app's model estimators share one look for a second person, and close it: a
landmarker left to the garbage collector closes itself in `__del__` through MediaPipe's
dispatcher thread and can hang whichever thread the collector ran on (seen: a test
worker hung for good in a hypothesis test and in an app's start-up)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pose.adaptive import AdaptiveEstimator, LockedEstimator
from pose.estimator import MediaPipeEstimator
from pose.models import ModelBundle
from server.api.app import create_app
from server.api.state import app_state
from server.live.inference import MediaPipeEstimators
from server.settings import Settings

pytestmark = pytest.mark.real_model


def _landmarker(look: object) -> MediaPipeEstimator:
    assert isinstance(look, LockedEstimator)
    inner = look._inner
    assert isinstance(inner, MediaPipeEstimator)
    return inner


def test_every_session_shares_one_look_and_closing_closes_it(model_bundle: ModelBundle) -> None:
    model = MediaPipeEstimators(model_bundle)
    first, second = model(), model()
    assert isinstance(first, AdaptiveEstimator)
    assert isinstance(second, AdaptiveEstimator)
    try:
        assert first._look is second._look
    finally:
        first.close()
        second.close()
    look = _landmarker(first._look)
    assert not look._closed  # a session's close leaves the shared look to the model
    model.close()
    assert look._closed
    model.close()  # twice is no error


def test_the_apps_shutdown_closes_the_model_it_made(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, create_demo_users=False))
    with TestClient(app):
        model = app_state(app).model
        assert isinstance(model, MediaPipeEstimators)
        model().close()  # a session's estimator: the shared look is made
        look = _landmarker(model._look)
    assert look._closed
