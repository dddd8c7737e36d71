"""The server the live measures talk to: `formcheck serve`'s own code (real uvicorn,
the model, the database) in a child process, so the bench's clients do not share its
interpreter and its memory is its own.

    python -m server.bench.child PORT DATA_DIR SESSIONS
"""

from __future__ import annotations

import sys
from pathlib import Path

from pose.native_logs import quiet_native_stderr
from server.cli.serve import run
from server.settings import Settings

__all__ = ["main"]


def main(argv: list[str]) -> None:
    port, data_dir, sessions = int(argv[0]), Path(argv[1]), int(argv[2])
    # One patient runs every session: the caps are what is measured, not what is set.
    settings = Settings(
        port=port, data_dir=data_dir, live_sessions=sessions, live_sessions_per_user=sessions
    )
    with quiet_native_stderr():
        run(settings)


if __name__ == "__main__":
    main(sys.argv[1:])
