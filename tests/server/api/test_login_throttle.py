"""The login throttle and the password gate, by table, on a fake clock."""

from __future__ import annotations

import asyncio
import threading

import pytest

from server.api.throttle import GateFullError, MemoryThrottle, PasswordGate, ThrottleRule
from server.clock import ManualClock


def _throttle(clock: ManualClock, account_free: int = 3, address_free: int = 10) -> MemoryThrottle:
    def rule(free: int) -> ThrottleRule:
        return ThrottleRule(free, base_s=1.0, max_s=8.0, forget_s=3600.0)

    return MemoryThrottle(rule(account_free), rule(address_free), clock=clock)


@pytest.mark.parametrize(
    ("failures", "expected_wait_s"),
    [(1, None), (2, None), (3, 1.0), (4, 2.0), (5, 4.0), (6, 8.0), (7, 8.0), (12, 8.0)],
)
def test_an_account_waits_longer_with_each_failure_up_to_the_cap(
    failures: int, expected_wait_s: float | None
) -> None:
    clock = ManualClock()
    throttle = _throttle(clock, account_free=3)
    for i in range(failures):
        if i:
            clock.advance(10.0)  # wait out any lock: each of these attempts is let through
        assert throttle.attempt("noor", "10.0.0.1") is None
    assert throttle.attempt("noor", "10.0.0.1") == expected_wait_s


def test_attempts_sent_at_once_are_counted_before_any_is_checked() -> None:
    throttle = _throttle(ManualClock(), account_free=3)
    let_through = [throttle.attempt("noor", "10.0.0.1") is None for _ in range(200)]
    assert sum(let_through) == 3


def test_a_success_resets_the_account_but_not_the_whole_address() -> None:
    clock = ManualClock()
    throttle = _throttle(clock, account_free=3, address_free=4)
    for _ in range(2):
        assert throttle.attempt("noor", "10.0.0.1") is None
    assert throttle.attempt("noor", "10.0.0.1") is None
    throttle.succeeded("noor", "10.0.0.1")  # the third was right
    assert throttle.attempt("noor", "10.0.0.1") is None  # the account starts again
    assert throttle.attempt("anna", "10.0.0.1") is None  # the address's 3rd failure
    assert throttle.attempt("anna", "10.0.0.1") is None  # ... and 4th (Noor's, known, not)
    assert throttle.attempt("anna", "10.0.0.1") == 1.0  # only the right one was taken off


def test_accounts_and_addresses_are_apart_and_are_forgotten() -> None:
    clock = ManualClock()
    throttle = _throttle(clock, account_free=1)
    assert throttle.attempt("noor", "10.0.0.1") is None
    assert throttle.attempt("NOOR ", "10.0.0.1") == 1.0  # the same account, same address
    assert throttle.attempt("anna", "10.0.0.1") is None
    clock.advance(3601.0)
    assert throttle.attempt("noor", "10.0.0.1") is None


def test_wrong_passwords_from_elsewhere_never_lock_the_owner_out() -> None:
    """Anyone who knows a login name can send it wrong passwords: that address is held
    back, the owner on their own device is not (they log in at once)."""
    clock = ManualClock()
    throttle = _throttle(clock, account_free=3, address_free=10)
    for _ in range(8):
        throttle.attempt("noor", "203.0.113.9")
    assert throttle.attempt("noor", "203.0.113.9") is not None  # the attacker waits
    assert throttle.attempt("noor", "192.168.1.20") is None  # the owner does not
    throttle.succeeded("noor", "192.168.1.20")
    assert throttle.attempt("noor", "203.0.113.9") is not None  # still held back


def test_the_throttle_holds_at_most_max_keys() -> None:
    rule = ThrottleRule(1, 1.0, 8.0, 3600.0)
    throttle = MemoryThrottle(rule, rule, max_keys=10, clock=ManualClock())
    for i in range(100):
        throttle.attempt(f"user{i}", f"10.0.{i}.1")
    assert len(throttle._counts) <= 10


def test_a_rule_must_make_sense() -> None:
    with pytest.raises(ValueError, match="free >= 1"):
        ThrottleRule(0, 1.0, 8.0, 60.0)


def test_the_gate_answers_at_once_when_full() -> None:
    release = threading.Event()

    async def main() -> tuple[list[int], int]:
        gate = PasswordGate(workers=1, queue=2)
        running = [asyncio.ensure_future(gate.run("10.0.0.1", release.wait, 5)) for _ in range(3)]
        await asyncio.sleep(0.05)
        refused = 0
        for _ in range(5):
            try:
                await gate.run("10.0.0.2", int, "1")
            except GateFullError:
                refused += 1
        release.set()
        done = [int(bool(r)) for r in await asyncio.gather(*running)]
        after = await gate.run("10.0.0.2", int, "7")
        gate.close()
        return done, refused + after

    done, refused_plus_seven = asyncio.run(main())
    assert done == [1, 1, 1]
    assert refused_plus_seven == 5 + 7


def test_the_gate_takes_turns_by_address() -> None:
    order: list[str] = []
    release = threading.Event()

    def check(who: str) -> None:
        release.wait(5)
        order.append(who)

    async def main() -> None:
        gate = PasswordGate(workers=1, queue=10)
        flood = [asyncio.ensure_future(gate.run("10.0.0.1", check, f"f{i}")) for i in range(5)]
        await asyncio.sleep(0.05)
        other = asyncio.ensure_future(gate.run("10.0.0.2", check, "other"))
        await asyncio.sleep(0.05)
        release.set()
        await asyncio.gather(*flood, other)
        gate.close()

    asyncio.run(main())
    assert order[:3] == ["f0", "f1", "other"]  # one of the flood's ahead, not five


def test_a_flood_from_a_shared_address_locks_out_none_who_logged_in_there_before() -> None:
    """A clinic behind one address: after the address's free failures every new account
    there waits, but a login that succeeded there before (a known device) does not."""
    clock = ManualClock()
    throttle = _throttle(clock, account_free=3, address_free=4)
    assert throttle.attempt("noor", "10.0.0.1") is None
    throttle.succeeded("noor", "10.0.0.1")  # Noor's tablet, this morning
    for i in range(6):
        throttle.attempt(f"guess{i}", "10.0.0.1")
    assert throttle.attempt("anna", "10.0.0.1") is not None  # new here: held back
    assert throttle.attempt("noor", "10.0.0.1") is None  # known here: not


def test_a_waits_refusals_are_counted_from_the_last_attempt_let_through() -> None:
    clock = ManualClock()
    throttle = _throttle(clock, account_free=1)
    assert throttle.attempt("noor", "10.0.0.1") is None
    assert throttle.refusals("noor", "10.0.0.1") == 0
    for expected in (1, 2, 3):
        assert throttle.attempt("noor", "10.0.0.1") is not None
        assert throttle.refusals("noor", "10.0.0.1") == expected
    clock.advance(10.0)
    assert throttle.attempt("noor", "10.0.0.1") is None
    assert throttle.refusals("noor", "10.0.0.1") == 0
