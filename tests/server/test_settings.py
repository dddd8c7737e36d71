"""The one settings object refuses what the server could not run with, naming it."""

from __future__ import annotations

import pytest

from server.settings import CLINIC_TIMEZONE, Settings


def test_the_clinics_time_zone_is_amsterdam_by_default() -> None:
    assert Settings().timezone == CLINIC_TIMEZONE == "Europe/Amsterdam"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "../etc/passwd"])
def test_an_unknown_time_zone_is_refused_by_name(name: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        Settings(timezone=name)


def test_a_queue_url_that_is_not_redis_is_refused_without_its_secret() -> None:
    with pytest.raises(ValueError, match=r"redis:// or rediss://, got amqp:$") as refused:
        Settings(queue_url="amqp://user:s3cret@host/")
    assert "s3cret" not in str(refused.value)
    assert Settings(queue_url="redis://:s3cret@127.0.0.1:6379/0").queue_url is not None
    assert Settings(queue_url="rediss://queue-host:6380/0").queue_url is not None  # TLS


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0", "redis://user@host:6379/0"])
def test_a_queue_url_without_a_password_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="needs the Redis password"):
        Settings(queue_url=url)


@pytest.mark.parametrize("field", ["job_lease_s", "job_wait_s"])
def test_job_leases_must_be_positive(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        Settings(**{field: 0.0})  # type: ignore[arg-type]


def test_pose_mode_is_auto_by_default_and_checked() -> None:
    assert Settings().pose_mode == "auto"
    assert Settings().device_sessions > Settings().live_sessions  # no model: many more
    with pytest.raises(ValueError, match="pose_mode must be one of"):
        Settings(pose_mode="gpu")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="device_sessions >= 1"):
        Settings(device_sessions=0)


def test_the_public_address_is_the_configured_one_else_this_servers() -> None:
    assert Settings(port=8123).public_address == "http://127.0.0.1:8123/"
    assert Settings(https=True, host="::1").public_address == "https://[::1]:8000/"
    clinic = Settings(public_url="https://oefenen.clinic.nl/fc")
    assert clinic.public_address == "https://oefenen.clinic.nl/fc/"


@pytest.mark.parametrize("url", ["evil.example", "ftp://x/", "https:///x", "https://x/?a=1"])
def test_a_public_url_that_is_no_web_address_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="public_url must be an http"):
        Settings(public_url=url)


def test_the_clinics_name_has_a_default_and_refuses_a_blank_one() -> None:
    assert Settings().clinic_name == "Fysiotherapiepraktijk"
    assert Settings(clinic_name="Fysio De Linde").clinic_name == "Fysio De Linde"
    for bad in ("", " De Linde", "De Linde\n", "x" * 121):
        with pytest.raises(ValueError, match="clinic_name must be 1-120 printable"):
            Settings(clinic_name=bad)
