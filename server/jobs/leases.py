"""A process's heartbeat for the jobs it holds: a thread that renews their leases
(`JobStore.renew`) and marks the jobs of dead holders interrupted
(`JobStore.fail_abandoned`) and those the queue lost (`JobQueue.fail_lost`), every
`lease_s / 3`.

A holder that stops beating (killed, its machine gone) loses its jobs after `lease_s`;
a live one never does, however many processes share the database.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from server.store.jobs import JobStore

__all__ = ["Heartbeat"]

log = logging.getLogger("formcheck.jobs")


class Heartbeat:
    def __init__(
        self,
        jobs: JobStore,
        owner: str | None,
        lease_s: float,
        fail_lost: Callable[[], int] | None = None,
    ) -> None:
        if lease_s <= 0:
            raise ValueError(f"lease_s must be > 0, got {lease_s}")
        self._jobs = jobs
        self._owner = owner
        self._lease_s = lease_s
        self._fail_lost = fail_lost
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="job-heartbeat", daemon=True)

    def start(self) -> Heartbeat:
        self._thread.start()
        return self

    def beat(self) -> None:
        """One beat: renew ours, interrupt the abandoned and the lost."""
        if self._owner is not None:
            self._jobs.renew(self._owner, self._lease_s)
        interrupted = self._jobs.fail_abandoned()
        if interrupted:
            log.warning("%d jobs of a stopped server or worker marked interrupted", interrupted)
        lost = self._fail_lost() if self._fail_lost is not None else 0
        if lost:
            log.warning("%d waiting jobs the queue lost marked interrupted", lost)

    def _beat(self) -> None:
        while not self._stop.wait(self._lease_s / 3):
            try:
                self.beat()
            except SQLAlchemyError as err:  # the database is away: try again next beat
                log.warning("job heartbeat failed: %s", type(err).__name__)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
