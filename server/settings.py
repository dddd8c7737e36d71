"""The one settings object the server is built from (`create_app(settings)`).

Built once at start-up (by the CLI or a test) and passed down; nothing here reads the
environment or the disk at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "ANALYSIS_MEMORY_ENV",
    "CLINIC_CA_FILE",
    "CLINIC_NAME",
    "CLINIC_NAME_ENV",
    "CLINIC_TIMEZONE",
    "DATABASE_URL_ENV",
    "FRAME_WRITERS",
    "POSE_MODES",
    "POSE_MODE_ENV",
    "PUBLIC_URL_ENV",
    "QUEUE_URL_ENV",
    "FrameWriter",
    "PoseMode",
    "PoseSource",
    "Settings",
    "check_timezone",
    "default_data_dir",
    "repo_root",
]

# The environment variable the command line reads a database URL from.
DATABASE_URL_ENV = "FORMCHECK_DATABASE_URL"
# ... and the Redis queue's URL: set, uploads are analysed by `formcheck worker` processes.
QUEUE_URL_ENV = "FORMCHECK_QUEUE_URL"
# ... and the pose mode (`Settings.pose_mode`).
POSE_MODE_ENV = "FORMCHECK_POSE_MODE"
# ... and the public address sign-in links point to (`Settings.public_url`).
PUBLIC_URL_ENV = "FORMCHECK_PUBLIC_URL"
# ... and the clinic's name, on every report and PDF (`Settings.clinic_name`).
CLINIC_NAME_ENV = "FORMCHECK_CLINIC_NAME"
# ... and the memory an upload's analysis may take (`Settings.analysis_memory_mb`).
ANALYSIS_MEMORY_ENV = "FORMCHECK_ANALYSIS_MEMORY_MB"
# Where a live session's pose is estimated: `device`, the patient's browser sends
# landmarks and no image leaves it; `server`, the page sends camera images.
PoseSource = Literal["device", "server"]
# The clinic's choice: one of the two only, or `auto` (the page chooses the device when
# its browser can run the model fast enough, else the server).
PoseMode = Literal["auto", "device", "server"]
POSE_MODES: tuple[str, ...] = get_args(PoseMode)
# Who writes live sessions' frame rows (`Settings.frame_writer`).
FrameWriter = Literal["shared", "session"]
FRAME_WRITERS: tuple[str, ...] = get_args(FrameWriter)
# The clinic's time zone (an IANA name): the reports show times in it, not in UTC.
CLINIC_TIMEZONE = "Europe/Amsterdam"
# The clinic's name until it is set: a report still says it is a physiotherapy practice's.
CLINIC_NAME = "Fysiotherapiepraktijk"
# The local clinic CA's certificate in `<data dir>/tls` (server.cli.tls), which the app
# serves at /formcheck-cert.crt for a tablet to install.
CLINIC_CA_FILE = "clinic-ca.pem"


def _check_clinic(timezone: str, name: str) -> None:
    """The clinic's time zone (`check_timezone`) and its name, as reports show them."""
    check_timezone(timezone)
    if name != name.strip() or not 0 < len(name) <= 120 or not name.isprintable():
        raise ValueError(
            "Settings.clinic_name must be 1-120 printable characters without leading or"
            f" trailing spaces, e.g. 'Fysiotherapie De Linde'; got {name!r}"
        )


def check_timezone(name: str) -> None:
    """Raises ValueError unless `name` is a time zone this machine knows (IANA, e.g.
    Europe/Amsterdam; the tzdata package supplies them where the system has none)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (an IANA name, e.g. Europe/Amsterdam)"
        ) from None


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    """`<repo>/data`: sessions database, TLS certificate, first-run credentials."""
    return repo_root() / "data"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything `formcheck serve` can be told.

    Limits carry their unit and why they exist; they bound what one client can make
    the server hold in memory.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    # The address patients and tablets open (https://192.168.1.20:8000/, or the proxy's
    # https://oefenen.clinic.nl/): sign-in links and their QR codes point here, never to
    # a request's Host header (anyone can send one). None: this server's own scheme,
    # host and port (`formcheck serve` on 0.0.0.0 takes its first LAN address).
    public_url: str | None = None
    timezone: str = CLINIC_TIMEZONE  # the reports' times (stored times are UTC epochs)
    # The name every report and PDF carries beside the patient's and the therapist's, so
    # that a filed one is attributable ($FORMCHECK_CLINIC_NAME, `serve --clinic-name`).
    clinic_name: str = CLINIC_NAME
    data_dir: Path = field(default_factory=default_data_dir)
    # None: the embedded SQLite file in data_dir (nothing to start). Else a SQLAlchemy URL,
    # e.g. postgresql+psycopg://user:password@host/dbname ($FORMCHECK_DATABASE_URL).
    database_url: str | None = None
    # A write waits this long for another process's lock, then the request is
    # answered 503 (try again) rather than holding its thread (None: the store's own,
    # server.store.db.BUSY_S, 5 s).
    database_busy_s: float | None = None
    model_name: str = "full"  # pose.models.MODELS key: full (bundled), lite, heavy
    models_dir: Path = field(default_factory=lambda: repo_root() / "models")
    web_dir: Path = field(default_factory=lambda: repo_root() / "web")
    # HTTPS: tablets open the camera only over HTTPS (or on localhost).
    https: bool = False
    cert_path: Path | None = None  # the clinic's own certificate (PEM); else self-signed
    key_path: Path | None = None
    # The connection edge (server/api/boundary/edge.py): a request's line and headers at most
    # this long (a browser's are under 8 kB; the login cookie is 43 characters) ...
    max_header_bytes: int = 64 * 1024
    # ... and complete within this long of connecting or of the last answer (a
    # half-sent request must not hold a connection for good); an idle keep-alive
    # connection closes after keep_alive_s.
    request_head_timeout_s: float = 10.0
    keep_alive_s: int = 5
    # Connections (sockets included) and requests at once; past it, a request is
    # answered 503 at once. Live and on-device sessions are capped far below it.
    max_connections: int = 512
    # A 640x480 JPEG is ~30-60 kB; 4 MB leaves room for a full-HD still and no more.
    max_frame_bytes: int = 4_000_000
    # Longest image side accepted; larger images are refused before decoding (memory).
    max_frame_side_px: int = 2560
    # Images are scaled down to this longest side before inference (speed; the model
    # works at 256 px internally anyway).
    inference_side_px: int = 640
    # A dropped connection may come back within this time to the same live session.
    resume_grace_s: float = 120.0
    # How often detached sessions are checked against the grace period.
    sweep_every_s: float = 5.0
    # Frames waiting for inference per session beyond the one being processed.
    pending_frames: int = 1
    # Messages a live socket may send a second (a second's worth at once): a page sends
    # 15-30 frames or landmark messages and a ping now and then; past it the socket is
    # read no faster, so a flood cannot slow the other sessions.
    socket_messages_per_s: float = 60.0
    # A login ends this long after it began, however busy (a clinic day) ...
    login_ttl_s: float = 12 * 3600.0
    # ... or after this long without a request (a shared clinic tablet left logged in).
    login_idle_s: float = 30 * 60.0
    # Last-seen is written at most this often per login (not once per request).
    login_seen_every_s: float = 60.0
    # Wrong passwords (server/api/throttle.py): per account and address this many free
    # (so nobody elsewhere can lock an owner out), then a wait of login_backoff_s
    # doubling with each failure, at most login_backoff_max_s; per address over every
    # account (a whole clinic may share one) more free ones.
    login_free_failures: int = 5
    login_address_free_failures: int = 30
    login_backoff_s: float = 1.0
    login_backoff_max_s: float = 15 * 60.0
    # Password checks (Argon2id: ~40 ms of one core and 19 MiB each) run this many at
    # once on their own threads, at most password_check_queue more waiting; a flood
    # beyond that is answered 429 at once, and never slows a live session.
    password_checks: int = 1
    password_check_queue: int = 16
    # Live sessions (each holds a landmarker, ~70-95 MB; see README "Logins and limits"):
    # per patient (a new one finishes the old), and for the whole server: CPU binds first.
    # The default is from `formcheck bench --quick`'s ladder on the 2-core machine, quiet:
    # 6 held p95 54 ms with every count right, 7 128 ms, 8 149 ms (at the 150 ms bound, no
    # margin), 9 did not hold; while other work loaded it, 4 held. Re-run it on the
    # clinic's own machine and set `formcheck serve --live-sessions`.
    live_sessions_per_user: int = 1
    live_sessions: int = 6
    # Where pose runs (PoseMode above); the page connects with `source=device|server`.
    pose_mode: PoseMode = "auto"
    # Live sessions whose browser sends landmarks (no model here): the server's work
    # per message is the step after estimation and the socket, ~0.75-1.0 ms of one core
    # (the event loop's), so one loop saturates near 65-85 sessions at 15 a second; 25
    # held (median of three) a p95 of 2.1-4.2 ms on this 2-core machine shared with
    # other work; quiet, 50 held 4.96 ms (at the 5 ms bound, no margin) and 100 did not
    # (see README "Logins and limits"; server/bench/device.py). Set it from `formcheck bench`.
    device_sessions: int = 25
    # A patient's one-time sign-in link (and its QR code) works for this long.
    signin_link_ttl_s: float = 24 * 3600.0
    # First run on an empty database: create a demo therapist and patient.
    create_demo_users: bool = True
    # Store per-frame landmarks (never video) so a session can be reviewed and replayed.
    record_landmarks: bool = True
    # Per-frame rows are committed in batches of this many frames or this long (and at
    # once with any event): a crash loses at most one batch of landmarks, never a rep.
    frame_batch_frames: int = 30
    frame_batch_ms: float = 1000.0
    # Who writes a live session's batches when they fall due (server.live.recorder):
    # "shared", one writer thread for every session, all due batches of a tenth of a
    # second in one transaction (with a hundred sessions, their own commits fought for
    # SQLite's one write lock); "session", each session its own, before that frame's
    # answer. Events are committed before their answer either way.
    frame_writer: FrameWriter = "shared"
    # Recorded clips: a phone's 1080p clip is ~15-25 MB a minute; 200 MB and 10 minutes
    # cover a whole exercise and bound the disk and time one upload can take.
    upload_max_bytes: int = 200_000_000
    upload_max_duration_s: float = 600.0
    # What a clip's header may promise, checked before any frame is decoded (a 223-byte
    # GIF can declare a 16000x16000 canvas: 770 MB a frame): 4K UHD's pixels a frame,
    # 120 frames a second (a phone's slow motion at 240 is refused; the analysis needs
    # far less), and 10 minutes at 60 fps of frames in all.
    upload_max_pixels: int = 3840 * 2160
    upload_max_fps: float = 120.0
    upload_max_frames: int = 36_000
    # Analysis is CPU-bound: this many clips at once, at most upload_queue waiting or running.
    upload_workers: int = 1
    upload_queue: int = 8
    # ... of which one patient's (a therapist uploading for them included): the others
    # keep their places.
    upload_queue_per_patient: int = 2
    # Each clip is analysed in a child process whose data (RLIMIT_DATA: heap and private
    # memory) may not grow past this ($FORMCHECK_ANALYSIS_MEMORY_MB): a 720p or a 4K clip
    # on the full model needs 600-800 MB; past it the job fails, the server lives on.
    analysis_memory_mb: int = 2048
    # None: uploads are analysed in this process. Else a Redis URL with a password
    # (redis://:PASSWORD@host:port/0, or rediss:// for TLS; $FORMCHECK_QUEUE_URL):
    # `formcheck worker` processes, here or elsewhere, analyse them. Whoever writes to
    # that Redis chooses what the workers analyse, so it never runs open.
    queue_url: str | None = None
    # A job's holder (this server, a worker) renews its lease every job_lease_s / 3; a
    # holder silent for job_lease_s is taken for dead and its jobs marked interrupted.
    job_lease_s: float = 30.0
    # A job on the Redis queue that no worker took within this long is interrupted.
    job_wait_s: float = 3600.0
    # The clinic demo (no account, nothing stored): at most this many at once.
    demo_enabled: bool = True
    demo_sessions: int = 2
    # A demo socket that sends nothing for this long is closed and its place freed.
    demo_idle_s: float = 60.0
    # Reverse proxies (addresses) whose X-Forwarded-For names the client: the audit log
    # records that address for their requests. None trusted: the log records the peer,
    # and a client's own X-Forwarded-For is ignored.
    trusted_proxies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError(f"Settings.port must be 0-65535, got {self.port}")
        if (self.cert_path is None) != (self.key_path is None):
            raise ValueError("Settings.cert_path and key_path must be given together")
        if self.max_frame_bytes < 1024:
            raise ValueError(f"Settings.max_frame_bytes too small: {self.max_frame_bytes}")
        if not 64 <= self.inference_side_px <= self.max_frame_side_px:
            raise ValueError(
                f"Settings.inference_side_px must be 64..max_frame_side_px, "
                f"got {self.inference_side_px}"
            )
        if (
            self.frame_batch_frames < 1
            or self.frame_batch_ms < 0
            or self.frame_writer not in FRAME_WRITERS
        ):
            raise ValueError(
                "Settings.frame_batch_frames must be >= 1, frame_batch_ms >= 0 and "
                f"frame_writer one of {FRAME_WRITERS}; got {self.frame_batch_frames}, "
                f"{self.frame_batch_ms}, {self.frame_writer!r}"
            )
        if self.upload_max_bytes < 1024 or self.upload_max_duration_s <= 0:
            raise ValueError(
                "Settings.upload_max_bytes must be >= 1024 and upload_max_duration_s > 0, got "
                f"{self.upload_max_bytes}, {self.upload_max_duration_s}"
            )
        if (
            min(self.upload_max_pixels, self.upload_max_frames, self.analysis_memory_mb) < 1
            or self.upload_max_fps <= 0
        ):
            raise ValueError(
                "Settings.upload_max_pixels, upload_max_frames, analysis_memory_mb and "
                f"upload_max_fps must be > 0; got {self.upload_max_pixels}, "
                f"{self.upload_max_frames}, {self.analysis_memory_mb}, {self.upload_max_fps}"
            )
        if not 1 <= self.upload_queue_per_patient <= self.upload_queue:
            raise ValueError(
                "Settings.upload_queue_per_patient must be 1..upload_queue; got "
                f"{self.upload_queue_per_patient}"
            )
        if self.upload_workers < 1 or self.upload_queue < 1 or self.demo_sessions < 0:
            raise ValueError(
                "Settings.upload_workers and upload_queue must be >= 1, demo_sessions >= 0; "
                f"got {self.upload_workers}, {self.upload_queue}, {self.demo_sessions}"
            )
        if self.login_ttl_s <= 0 or self.login_idle_s <= 0 or self.login_seen_every_s < 0:
            raise ValueError(
                "Settings.login_ttl_s and login_idle_s must be > 0, login_seen_every_s >= 0; "
                f"got {self.login_ttl_s}, {self.login_idle_s}, {self.login_seen_every_s}"
            )
        if min(self.login_free_failures, self.login_address_free_failures) < 1 or not (
            0 < self.login_backoff_s <= self.login_backoff_max_s
        ):
            raise ValueError(
                "Settings.login_*free_failures must be >= 1 and 0 < login_backoff_s <= "
                f"login_backoff_max_s; got {self.login_free_failures}, "
                f"{self.login_address_free_failures}, {self.login_backoff_s}, "
                f"{self.login_backoff_max_s}"
            )
        if self.password_checks < 1 or self.password_check_queue < 0:
            raise ValueError(
                "Settings.password_checks must be >= 1 and password_check_queue >= 0; got "
                f"{self.password_checks}, {self.password_check_queue}"
            )
        if self.live_sessions_per_user < 1 or self.live_sessions < 1:
            raise ValueError(
                "Settings.live_sessions_per_user and live_sessions must be >= 1; got "
                f"{self.live_sessions_per_user}, {self.live_sessions}"
            )
        if self.pose_mode not in POSE_MODES or self.device_sessions < 1:
            raise ValueError(
                f"Settings.pose_mode must be one of {POSE_MODES} and device_sessions >= 1; "
                f"got {self.pose_mode!r}, {self.device_sessions}"
            )
        if self.socket_messages_per_s < 1:
            raise ValueError(
                f"Settings.socket_messages_per_s must be >= 1, got {self.socket_messages_per_s}"
            )
        if self.demo_idle_s <= 0:
            raise ValueError(f"Settings.demo_idle_s must be > 0, got {self.demo_idle_s}")
        if self.database_busy_s is not None and self.database_busy_s <= 0:
            raise ValueError(f"Settings.database_busy_s must be > 0, got {self.database_busy_s}")
        if self.job_lease_s <= 0 or self.job_wait_s <= 0:
            raise ValueError(
                "Settings.job_lease_s and job_wait_s must be > 0, got "
                f"{self.job_lease_s}, {self.job_wait_s}"
            )
        if self.queue_url is not None and not self.queue_url.startswith(("redis://", "rediss://")):
            scheme = self.queue_url.split(":", 1)[0]  # never the rest: it may hold a password
            raise ValueError(f"Settings.queue_url must be redis:// or rediss://, got {scheme}:")
        if (
            self.queue_url is not None
            and self.queue_url.startswith("redis://")
            and not urlsplit(self.queue_url).password
        ):
            raise ValueError(
                "Settings.queue_url needs the Redis password (redis://:PASSWORD@host:port/0"
                " with Redis's requirepass, or rediss:// with TLS): an open Redis lets"
                " anyone queue work for the workers"
            )
        if self.public_url is not None:
            parts = urlsplit(self.public_url)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
                raise ValueError(
                    "Settings.public_url must be an http(s) address with a host and no query,"
                    f" e.g. https://192.168.1.20:8000/; got {self.public_url!r}"
                )
        if (
            self.max_header_bytes < 4096
            or self.request_head_timeout_s <= 0
            or self.keep_alive_s < 1
            or self.max_connections < 16
        ):
            raise ValueError(
                "Settings.max_header_bytes must be >= 4096, request_head_timeout_s > 0,"
                " keep_alive_s >= 1 and max_connections >= 16; got "
                f"{self.max_header_bytes}, {self.request_head_timeout_s}, "
                f"{self.keep_alive_s}, {self.max_connections}"
            )
        if not 0 <= self.pending_frames <= 4:
            raise ValueError(f"Settings.pending_frames must be 0-4, got {self.pending_frames}")
        _check_clinic(self.timezone, self.clinic_name)

    @property
    def db_path(self) -> Path:
        """The embedded SQLite database's file (used when no database_url is set)."""
        return self.data_dir / "formcheck.sqlite3"

    @property
    def database(self) -> str | Path:
        """What `server.store.db.Database` opens: the URL, or the SQLite file."""
        return self.database_url or self.db_path

    @property
    def scheme(self) -> str:
        return "https" if self.https else "http"

    @property
    def public_address(self) -> str:
        """The public address with a trailing slash: `public_url`, else this server's."""
        if self.public_url is not None:
            parts = urlsplit(self.public_url)
            return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}/"
