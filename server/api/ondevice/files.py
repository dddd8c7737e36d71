"""The page's on-device pose files, served from this server only (nothing from a CDN).

`GET /vendor/{package}/{version}/{file}`: the few files the page loads from the pinned npm
packages (`package.json`, `package-lock.json`; `make setup` runs `npm ci`), each package
with its licence; nothing else under `node_modules/` is reachable. The version is in the
path, so a file never changes under its URL and is cached for a year.
`GET /models/{sha256_16}/{filename}`: the clinic's pose model (`Settings.model_name`),
likewise under its own checksum. The flow worker (`web/workers/flow_worker.js`) gets a
policy of its own: OpenCV.js's bindings build functions at run time (`new Function`), so
its worker, and only it, may evaluate code; it may load no URL but our scripts and reach
no network, and it has no page to touch.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from pose.models import MODELS
from server.settings import Settings, repo_root

__all__ = ["FLOW_WORKER_CSP", "OnDeviceFiles", "VendorPackage", "default_node_modules"]

_TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm"}
_YEAR = "public, max-age=31536000, immutable"
FLOW_WORKER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'"


@dataclass(frozen=True, slots=True)
class VendorPackage:
    """One npm package: its folder in node_modules, its URL name and the files served
    (path in the package -> path in the URL); `licence` is the licence file's path in
    the package, or a file of ours when the package ships none."""

    npm_name: str
    url_name: str
    files: dict[str, str]
    licence: str | Path


PACKAGES: tuple[VendorPackage, ...] = (
    VendorPackage(
        "@mediapipe/tasks-vision",
        "tasks-vision",
        {
            "vision_bundle.mjs": "vision_bundle.mjs",
            # FilesetResolver picks the SIMD build where WebAssembly SIMD runs, else the other.
            **{
                f"wasm/vision_wasm{kind}_internal.{ext}": f"wasm/vision_wasm{kind}_internal.{ext}"
                for kind in ("", "_nosimd")
                for ext in ("js", "wasm")
            },
        },
        # The package says "Apache-2.0" and ships no licence text: the same text as the
        # model's (both are MediaPipe's, Google's).
        repo_root() / "models" / "LICENSE-Apache-2.0.txt",
    ),
    VendorPackage("@techstark/opencv-js", "opencv-js", {"dist/opencv.js": "opencv.js"}, "LICENSE"),
)


def default_node_modules() -> Path:
    return repo_root() / "node_modules"


def _sha256_16(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:16]


class OnDeviceFiles:
    """The served files, looked up once: which are present, their URLs, and a router."""

    def __init__(self, settings: Settings, node_modules: Path | None = None) -> None:
        root = node_modules or default_node_modules()
        self.files: dict[str, Path] = {}  # URL -> file
        self.urls: dict[str, str] = {}  # "<url_name>/<file>" -> URL (for the config)
        self.missing: list[str] = []
        for pkg in PACKAGES:
            folder = root / pkg.npm_name
            try:
                version = json.loads((folder / "package.json").read_text("utf-8"))["version"]
            except FileNotFoundError:
                self.missing.append(pkg.npm_name)
                continue
            base = f"/vendor/{pkg.url_name}/{version}"
            licence = pkg.licence if isinstance(pkg.licence, Path) else folder / pkg.licence
            for source, target in (*pkg.files.items(), ("LICENSE", "LICENSE")):
                path = licence if source == "LICENSE" else folder / source
                if not path.is_file():
                    self.missing.append(f"{pkg.npm_name}/{source}")
                self.files[f"{base}/{target}"] = path
                self.urls[f"{pkg.url_name}/{target}"] = f"{base}/{target}"
        model = settings.models_dir / MODELS[settings.model_name].filename
        self.model_path = model
        self._model_url: str | None = None
        self.worker_path = settings.web_dir / "workers" / "flow_worker.js"

    @property
    def problem(self) -> str | None:
        """Why the page cannot run the pose model itself, or None."""
        if self.missing:
            return (
                f"the on-device pose files are missing ({', '.join(self.missing)}): "
                "run `make setup` (it runs `npm ci --ignore-scripts`)"
            )
        if not self.model_path.is_file():
            return f"model file {self.model_path} is missing: restore it (see models/README.md)"
        return None

    def model_url(self) -> str:
        """The model's URL, named by its checksum (read once, on first use)."""
        if self._model_url is None:
            self._model_url = f"/models/{_sha256_16(self.model_path)}/{self.model_path.name}"
        return self._model_url

    def router(self) -> APIRouter:
        router = APIRouter(include_in_schema=False)

        @router.get("/vendor/{path:path}")
        def vendor(path: str) -> FileResponse:
            file = self.files.get(f"/vendor/{path}")
            if file is None or not file.is_file():
                detail = self.problem or f"/vendor/{path} is not one of the served files"
                raise HTTPException(404, detail)
            kind = _TYPES.get(file.suffix, "text/plain; charset=utf-8")
            return FileResponse(file, media_type=kind, headers={"Cache-Control": _YEAR})

        @router.get("/models/{digest}/{name}")
        def model(digest: str, name: str) -> FileResponse:
            if not self.model_path.is_file() or f"/models/{digest}/{name}" != self.model_url():
                raise HTTPException(404, self.problem or f"no model at /models/{digest}/{name}")
            return FileResponse(self.model_path, headers={"Cache-Control": _YEAR})

        @router.get("/ondevice/flow_worker.js")
        def flow_worker() -> FileResponse:
            headers = {"Content-Security-Policy": FLOW_WORKER_CSP, "Cache-Control": "no-cache"}
            return FileResponse(self.worker_path, media_type="text/javascript", headers=headers)

        return router
