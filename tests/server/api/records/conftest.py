"""The clients the per-patient route tests share: the demo therapist, logged in afresh
for each test, and another therapist with no patients of ours."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from server.cli.admin import create_user
from tests.server.clients import Client
from tests.server.live_server import RunningServer


@pytest.fixture
def therapist(server: RunningServer) -> Iterator[Client]:
    with Client.login(server, *server.credentials()["therapist"]) as client:
        yield client


@pytest.fixture(scope="module")
def stranger(server: RunningServer) -> Iterator[Client]:
    """Another therapist, with no patients of ours (once per module's server)."""
    create_user(server.settings, "dr-bakker", "bakker-wachtwoord", "therapist")
    with Client.login(server, "dr-bakker", "bakker-wachtwoord") as client:
        yield client
