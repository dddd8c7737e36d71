"""The FastAPI app, built by `create_app(settings)`; the model is loaded once in the
lifespan, and everything the app holds lives in one `AppState`.

`create_app(settings, estimator_factory=...)` puts another pose estimator in the model's
place (a replay of recorded landmarks in tests): the app then never loads the model.
Uploaded clips are analysed in a child process (`server.jobs.child`) on the model, or on
the factory when it is a recipe a child can build (`server.jobs.recipes`); another
`analysis=` is for tests whose estimator cannot cross to a child.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import RequestResponseEndpoint

from pose.models import load_model_bundle
from server.api import demo, login, resume, sessions, signin, texts
from server.api.bootstrap import ensure_demo_users
from server.api.boundary import errors
from server.api.boundary.access_log import AccessLog
from server.api.boundary.headers import SecurityHeaders
from server.api.ondevice import config as on_device
from server.api.records import intake, patients, privacy, reports, therapist, uploads
from server.api.state import AppState
from server.api.throttle import MemoryThrottle, PasswordGate, ThrottleRule
from server.api.ws import check_logins, session_socket
from server.clock import SYSTEM_CLOCK, Clock
from server.jobs.analysis import ClipAnalysis
from server.jobs.child import ChildAnalysis
from server.jobs.leases import Heartbeat
from server.jobs.recipes import EstimatorRecipe, ModelRecipe, ReplayRecipe
from server.jobs.redis_queue import RedisQueue, connect
from server.jobs.runner import InProcessRunner, JobQueue, server_owner
from server.jobs.uploads import UploadJobs, UploadLimits, remove_leftovers
from server.live.cueing import SessionCues
from server.live.demo import DemoSessions
from server.live.inference import (
    EstimatorFactory,
    InferenceFactory,
    MediaPipeEstimators,
    mediapipe_estimators,
)
from server.live.recorder import BatchRecorder, Recorder, SharedRecorder
from server.live.registry import LiveRegistry
from server.protocol.codes import ErrorCode
from server.protocol.errors import ErrorAnswer
from server.protocol.page import Health
from server.report.page import page_css
from server.settings import CLINIC_CA_FILE, Settings
from server.store.db import Database
from server.store.intake import IntakeStore
from server.store.jobs import JobStore
from server.store.patients import PatientStore
from server.store.privacy.audit import AuditStore
from server.store.privacy.rights import PatientData
from server.store.programmes import ProgrammeStore
from server.store.recording import SessionStore
from server.store.signin_links import SigninLinks
from server.store.users import UserStore
from server.store.workouts import WorkoutStore

__all__ = ["create_app"]

log = logging.getLogger("formcheck.server")

# Every body but a recorded clip's is a small JSON document (the largest, a programme of
# every exercise with its notes, is a few kB): longer ones are refused (413) unread.
JSON_MAX_BYTES = 256_000


def _recipe(settings: Settings, estimator_factory: EstimatorFactory | None) -> EstimatorRecipe:
    """What an upload's analysis child builds its estimator from: the model, or the
    injected factory when it is a recipe."""
    if estimator_factory is None:
        return ModelRecipe(settings.model_name, settings.models_dir)
    if isinstance(estimator_factory, ModelRecipe | ReplayRecipe):
        return estimator_factory
    raise TypeError(
        f"create_app: uploads are analysed in a child process, which cannot build an "
        f"estimator from {estimator_factory!r}: inject a recipe (server.jobs.recipes) "
        "or an analysis="
    )


def _build_state(
    settings: Settings,
    estimator_factory: EstimatorFactory | None,
    analysis: ClipAnalysis | None,
    clock: Clock,
) -> AppState:
    if analysis is None:  # checked first: a factory no child can build fails before the model
        analysis = ChildAnalysis(_recipe(settings, estimator_factory), settings.analysis_memory_mb)
    model: MediaPipeEstimators | None = None  # ours to close (a test's factory is its own)
    if estimator_factory is None:
        bundle = load_model_bundle(settings.model_name, settings.models_dir)
        estimator_factory = model = mediapipe_estimators(bundle)
    db = Database(settings.database, busy_s=settings.database_busy_s)  # upgrades the schema
    users = UserStore(
        db,
        settings.login_ttl_s,
        idle_s=settings.login_idle_s,
        seen_every_s=settings.login_seen_every_s,
        clock=clock,
    )
    purged = users.purge_ended()
    if purged:
        log.info("purged %d ended logins", purged)
    if settings.create_demo_users:
        creds = ensure_demo_users(users, settings.data_dir)
        if creds is not None:  # the passwords only in that private file, never the log
            log.warning("first run: demo accounts made; their passwords are in %s", creds.path)
    sessions = SessionStore(
        db,
        record_landmarks=settings.record_landmarks,
        batch_frames=settings.frame_batch_frames,
        batch_ms=settings.frame_batch_ms,
        clock=clock,
    )
    inference = InferenceFactory(estimator_factory)
    live = LiveRegistry(
        settings,
        sessions,
        inference.new_pipeline,
        SessionCues,
        recorder=_recorder(settings, sessions),
        clock=clock,
    )
    jobs = JobStore(db, clock)
    queue = _job_queue(settings, jobs)
    # Our previous life's jobs at once, and any dead holder's: failed, not lost.
    interrupted = (jobs.fail_owned(queue.owner) if queue.owner else 0) + jobs.fail_abandoned()
    if interrupted:
        log.warning("%d upload analyses were interrupted by a restart: marked failed", interrupted)
    uploads_dir = settings.data_dir / "uploads"
    if remove_leftovers(uploads_dir):
        log.warning("deleted the clips of interrupted upload analyses in %s", uploads_dir)
    upload_jobs = UploadJobs(
        jobs,
        sessions,
        analysis,
        queue,
        limits=UploadLimits.of(settings),
        folder=uploads_dir,
    )
    audit = AuditStore(db, clock)
    return AppState(
        settings,
        db,
        users,
        ProgrammeStore(db, clock),
        sessions,
        WorkoutStore(db, clock),
        live,
        PatientStore(db, users, clock),
        SigninLinks(db, settings.signin_link_ttl_s, clock),
        upload_jobs,
        IntakeStore(db, clock),
        DemoSessions(settings, inference.new_pipeline, SessionCues, clock),
        _throttle(settings, clock),
        PasswordGate(settings.password_checks, settings.password_check_queue),
        audit,
        PatientData(db, audit),
        Heartbeat(jobs, queue.owner, settings.job_lease_s, queue.fail_lost).start(),
        clock,
        model=model,
    )


def _recorder(settings: Settings, sessions: SessionStore) -> Recorder:
    """Where every patient's live session records (`Settings.frame_writer`; the demo
    records nothing: `server.live.demo`)."""
    if settings.frame_writer == "session":
        return BatchRecorder(sessions)
    return SharedRecorder(sessions)


def _throttle(settings: Settings, clock: Clock) -> MemoryThrottle:
    def rule(free: int) -> ThrottleRule:
        forget_s = 4 * settings.login_backoff_max_s
        return ThrottleRule(free, settings.login_backoff_s, settings.login_backoff_max_s, forget_s)

    return MemoryThrottle(
        rule(settings.login_free_failures),
        rule(settings.login_address_free_failures),
        clock=clock,
    )


def _job_queue(settings: Settings, jobs: JobStore) -> JobQueue:
    """The Redis queue of `formcheck worker`s when `settings.queue_url` is set, else
    this server's own runner."""
    owner = server_owner(settings.data_dir)
    if settings.queue_url is not None:
        return RedisQueue(
            connect(settings.queue_url),
            jobs,
            owner=owner,  # holds a job while its clip moves to the database
            lease_s=settings.job_lease_s,
            max_waiting=settings.upload_queue,
            wait_s=settings.job_wait_s,
            run_s=settings.upload_max_duration_s * 4,
        )
    return InProcessRunner(
        owner, settings.job_lease_s, settings.upload_workers, settings.upload_queue
    )


def _close(state: AppState) -> None:
    state.password_gate.close()
    state.demo.close_all()
    state.uploads.close()  # a running analysis finishes; waiting ones stay queued
    state.heartbeat.stop()  # after it: the running job's lease holds until it ends
    state.live.close_all()  # saves each session's counters and waiting frames
    state.sessions.close()  # the shared writer's waiting sessions
    state.sessions.flush_all()
    if state.model is not None:
        state.model.close()  # the shared look, once no session or job uses it
    state.db.close()


async def _sweep(state: AppState) -> None:
    while True:
        await asyncio.sleep(state.settings.sweep_every_s)
        async with state.live_lock:  # never close a session while it is being attached
            expired = await asyncio.to_thread(state.live.sweep)  # closing writes to the db
        for sid in expired:
            log.info("session %s: grace period over, closed (can be restored)", sid)
        ended = await check_logins(state)  # logins ended elsewhere (CLI, idle, expired)
        if ended:
            log.info("closed %d live connections whose login ended", ended)


def create_app(
    settings: Settings,
    *,
    estimator_factory: EstimatorFactory | None = None,
    analysis: ClipAnalysis | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> FastAPI:
    """The app; `estimator_factory` (None: the model of `settings`) gives each live
    session its pose estimator; `analysis` (None: a child process with the memory limit
    of `settings`, on the model or the factory's recipe) analyses uploaded clips; `clock`
    is the one every part of it reads (server/clock.py)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = await asyncio.to_thread(_build_state, settings, estimator_factory, analysis, clock)
        app.state.formcheck = state
        sweeper = asyncio.create_task(_sweep(state))
        try:
            yield
        finally:
            sweeper.cancel()
            await asyncio.gather(sweeper, return_exceptions=True)
            await asyncio.to_thread(_close, state)

    # No API docs (/docs, /redoc, /openapi.json): the API is the pages' own, not a public
    # one, and its schema names every route; the fuzz tests take it from `app.openapi()`.
    app = FastAPI(
        title="Formcheck",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        max_body_size=JSON_MAX_BYTES,
    )
    app.add_middleware(SecurityHeaders, https=settings.https)
    app.add_middleware(AccessLog)  # outermost: it sees every answer, the headers' too

    @app.middleware("http")
    async def same_origin_writes(request: Request, call_next: RequestResponseEndpoint) -> Response:
        """Refuse state-changing requests from other sites (the login cookie rides along)."""
        origin = request.headers.get("origin")
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            and origin is not None
            and urlsplit(origin).netloc != request.headers.get("host")
        ):
            refused = ErrorAnswer(code=ErrorCode.FORBIDDEN, message="cross-origin request refused")
            return errors.answer(refused, 403)
        response = await call_next(request)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    errors.install(app)  # error answers that cannot fail
    app.include_router(login.router)
    app.include_router(sessions.router)
    app.include_router(reports.router)
    app.include_router(resume.router)
    app.include_router(therapist.router)
    app.include_router(patients.router)
    app.include_router(signin.router)
    app.include_router(texts.router)
    app.include_router(
        uploads.router, max_body_size=settings.upload_max_bytes + uploads.FORM_OVERHEAD_BYTES
    )
    app.include_router(intake.router)
    app.include_router(privacy.router)
    app.include_router(demo.router)
    on_device.install(app, settings)
    app.add_api_websocket_route("/ws/sessions/{session_id}", session_socket)
    app.add_api_websocket_route("/ws/demo/{session_id}", demo.demo_socket)

    @app.get("/healthz")
    async def healthz() -> Health:
        return Health()

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(settings.web_dir / "index.html")

    @app.get("/signin", include_in_schema=False)
    async def signin_page() -> FileResponse:
        """A sign-in link, `/signin#<token>`: the token stays in the fragment, which no
        request, log or Referer carries; the page spends it (POST /api/signin)."""
        return FileResponse(settings.web_dir / "index.html")

    @app.get("/formcheck-cert.crt", include_in_schema=False)
    async def certificate() -> Response:
        """The local clinic CA's certificate, for a tablet to install and trust (public)."""
        cert = settings.data_dir / "tls" / CLINIC_CA_FILE
        if settings.cert_path is not None or not cert.is_file():
            missing = ErrorAnswer(code=ErrorCode.NOT_FOUND, message="no clinic CA in use")
            return errors.answer(missing, 404)
        return Response(cert.read_bytes(), media_type="application/x-x509-ca-cert")

    @app.get("/report.css", include_in_schema=False)
    async def report_style() -> Response:
        return Response(page_css(), media_type="text/css")

    app.mount("/static", StaticFiles(directory=settings.web_dir), name="static")
    return app
