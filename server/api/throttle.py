"""What bounds password checks: how often per account from one address and per address
(`LoginThrottle`), and how many at once (`PasswordGate`), so a flood of guesses neither
finds a password nor delays anyone else's login or live session.

Throttle rule: every attempt counts as a failure when it starts (200 guesses sent at
once are counted before any is checked); a success takes it back. After `free`
failures each further attempt must wait `base_s * 2**(failures - free)`, at most
`max_s`; a key unused for `forget_s` starts again. The account's count is kept per
address it is tried from: wrong passwords from one address hold that address's
attempts at the account back, never its owner's from their own device (anyone who
knows a login name could otherwise lock its owner out). The address's own count, over
every account, bounds how many guesses one address gets in all. A success resets the
account at that address, and takes only its own attempt off the address (one known
password does not buy an address more guesses at others); the pair is then a known
device, which the address's count no longer holds back (a flood from the address a
whole clinic shares locks out none of those who logged in there before).

`MemoryThrottle` keeps the counts in this process, which is right for the embedded
single-process server; a shared store (Redis) would implement the same two methods.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol, TypeVar

from server.clock import SYSTEM_CLOCK, Clock

__all__ = [
    "GateFullError",
    "LoginThrottle",
    "MemoryThrottle",
    "PasswordGate",
    "ThrottleRule",
    "retry_after_s",
]

T = TypeVar("T")


class LoginThrottle(Protocol):
    def attempt(self, account: str, address: str) -> float | None:
        """None: check the password (the attempt is counted); else seconds to wait."""
        ...

    def refusals(self, account: str, address: str) -> int:
        """Attempts at the account from the address refused since the last one let
        through (1: the first of a wait, the one the audit log records)."""
        ...

    def succeeded(self, account: str, address: str) -> None: ...


@dataclass(frozen=True, slots=True)
class ThrottleRule:
    free: int  # failures before any wait
    base_s: float  # the first wait; it doubles with each further failure
    max_s: float  # the longest wait
    forget_s: float  # a key without attempts for this long starts from zero

    def __post_init__(self) -> None:
        if self.free < 1 or self.base_s <= 0 or self.max_s < self.base_s or self.forget_s <= 0:
            raise ValueError(f"ThrottleRule needs free >= 1 and 0 < base_s <= max_s, got {self}")


@dataclass(slots=True)
class _Count:
    failures: int = 0
    last_s: float = 0.0
    locked_until_s: float = 0.0
    refused: int = 0  # attempts refused since the last one let through


class MemoryThrottle:
    """`LoginThrottle` in this process's memory; at most `max_keys` keys (oldest go)."""

    def __init__(
        self,
        account: ThrottleRule,
        address: ThrottleRule,
        *,
        max_keys: int = 100_000,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._rules = {"account": account, "address": address}
        self._counts: dict[tuple[str, str], _Count] = {}
        # Account-and-address pairs that logged in before (a known device): the address's
        # count does not hold them back, so a flood from a clinic's shared address locks
        # out none of those who logged in there before. Most recent last.
        self._known: dict[tuple[str, str], None] = {}
        self._max_keys = max_keys
        self._clock = clock

    def _get(self, kind: str, key: str, now: float) -> _Count:
        count = self._counts.pop((kind, key), None)
        if count is None or now - count.last_s > self._rules[kind].forget_s:
            count = _Count()
        self._counts[(kind, key)] = count  # most recently used last
        while len(self._counts) > self._max_keys:
            del self._counts[next(iter(self._counts))]
        return count

    def attempt(self, account: str, address: str) -> float | None:
        now = self._clock.monotonic_s()
        pair, place = self._keys(account, address)
        keys = (pair,) if pair in self._known else (pair, place)
        counts = {kind: self._get(kind, key, now) for kind, key in keys}
        wait = max(c.locked_until_s - now for c in counts.values())
        if wait > 0:
            counts["account"].refused += 1
            return wait
        counts["account"].refused = 0
        for kind, count in counts.items():
            rule = self._rules[kind]
            count.failures += 1
            count.last_s = now
            if count.failures >= rule.free:
                delay = rule.base_s * 2.0 ** min(count.failures - rule.free, 60)
                count.locked_until_s = now + min(rule.max_s, delay)
        return None

    def refusals(self, account: str, address: str) -> int:
        count = self._counts.get(self._keys(account, address)[0])
        return 0 if count is None else count.refused

    def succeeded(self, account: str, address: str) -> None:
        pair = self._keys(account, address)[0]
        self._counts.pop(pair, None)
        self._known.pop(pair, None)
        self._known[pair] = None
        while len(self._known) > self._max_keys:
            del self._known[next(iter(self._known))]
        count = self._counts.get(("address", address))
        if count is not None:
            count.failures = max(0, count.failures - 1)
            if count.failures < self._rules["address"].free:
                count.locked_until_s = 0.0

    @staticmethod
    def _keys(account: str, address: str) -> tuple[tuple[str, str], tuple[str, str]]:
        # The account as tried from this address (NUL: in neither a login name nor an address).
        return ("account", f"{account.strip().lower()}\x00{address}"), ("address", address)


def retry_after_s(wait_s: float) -> int:
    """The whole seconds a Retry-After header says (at least 1)."""
    return max(1, math.ceil(wait_s))


class GateFullError(RuntimeError):
    """More password checks are waiting than the gate holds: answer "try again"."""


class PasswordGate:
    """Runs password checks on `workers` threads of their own, at most `queue` more
    waiting; beyond that `run` raises GateFullError at once instead of queueing. The
    waiting ones take turns by address (a flood from one address has at most one check
    ahead of anyone else's). The event loop and the threads that serve everything else
    never hash."""

    def __init__(self, workers: int, queue: int) -> None:
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="password")
        self._workers = workers
        self._capacity = workers + queue
        self._inside = 0  # running or waiting (event loop only, like all the state here)
        self._running = 0
        self._waiting: dict[str, deque[asyncio.Future[None]]] = {}  # in turn order

    async def run(self, key: str, fn: Callable[..., T], *args: object) -> T:
        """`fn(*args)` on a password thread when `key`'s turn comes."""
        if self._inside >= self._capacity:
            raise GateFullError(f"{self._inside} password checks running or waiting")
        loop = asyncio.get_running_loop()
        self._inside += 1
        turn: asyncio.Future[None] = loop.create_future()
        self._waiting.setdefault(key, deque()).append(turn)
        self._next()
        try:
            await turn
            return await loop.run_in_executor(self._pool, fn, *args)
        finally:
            self._inside -= 1
            if turn.done() and not turn.cancelled():
                self._running -= 1
            else:
                self._forget(key, turn)
            self._next()

    def _next(self) -> None:
        while self._running < self._workers and self._waiting:
            key = next(iter(self._waiting))
            waiting = self._waiting.pop(key)
            turn = waiting.popleft()
            if waiting:
                self._waiting[key] = waiting  # to the back of the line
            if not turn.done():
                turn.set_result(None)
                self._running += 1

    def _forget(self, key: str, turn: asyncio.Future[None]) -> None:
        waiting = self._waiting.get(key)
        if waiting is not None and turn in waiting:
            waiting.remove(turn)
            if not waiting:
                del self._waiting[key]

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
