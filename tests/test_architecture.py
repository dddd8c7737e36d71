"""The house rules that keep the code base in shape, checked on the source itself."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pose", "exercises", "server")
# What each package may import from the others: pose <- exercises <- server.
ALLOWED = {"pose": {"pose"}, "exercises": {"pose", "exercises"}, "server": set(PACKAGES)}
PURE_FORBIDDEN = {"cv2", "mediapipe", "fastapi", "starlette", "uvicorn", "time", "datetime"}
MAX_LINES = 400

# The server's packages, by job, and what each may import of the server: the loose
# modules (settings, the clock, the wire helpers, the pipelines) are shared by all and
# import none of them; the command line sits on top of everything.
SERVER_LAYERS = {
    "store": {"store"},  # persistence
    "protocol": {"protocol"},  # the wire: one type per message, the codes, the error shape
    "live": {"live", "protocol", "store"},  # one live session: frames in, events and cues out
    # the session report: one value, its page, PDF, CSV and JSON (its rows and its JSON
    # are the wire's types, defined once in protocol)
    "report": {"report", "protocol"},
    "offline": {"offline", "report"},  # videos, recordings and the generated tables
    # background work: uploaded clips into sessions
    "jobs": {"jobs", "offline", "protocol", "store"},
    # a patient's progress across sessions, its plots (its answer a protocol type)
    "progress": {"progress", "protocol", "report"},
    # HTTP and the WebSocket
    "api": {"api", "jobs", "live", "progress", "protocol", "report", "store"},
    "cli": {"cli", "api", "bench", "jobs", "live", "offline", "progress", "protocol", "report"}
    | {"store"},
    # the benchmarks: a real server (its uploads' analysis too) and its clients
    # (`formcheck bench`)
    "bench": {"bench", "api", "jobs", "live", "offline", "protocol", "store"},
}


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", PACKAGES)
def test_dependency_direction(package: str) -> None:
    for path in _modules(package):
        ours = _imports(path) & set(PACKAGES)
        assert ours <= ALLOWED[package], (
            f"{path.relative_to(ROOT)} imports {ours - ALLOWED[package]}"
        )


def test_exercises_are_pure() -> None:
    for path in _modules("exercises"):
        bad = _imports(path) & PURE_FORBIDDEN
        assert not bad, (
            f"{path.relative_to(ROOT)} imports {bad}: exercises/ is frames in, events out"
        )


def test_only_the_estimator_imports_mediapipe() -> None:
    users = [
        str(p.relative_to(ROOT))
        for pkg in (*PACKAGES, "synth")
        for p in _modules(pkg)
        if "mediapipe" in _imports(p)
    ]
    assert users == ["pose/estimator.py"]


@pytest.mark.parametrize("package", PACKAGES)
def test_modules_stay_small(package: str) -> None:
    for path in _modules(package):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines (cap {MAX_LINES})"


@pytest.mark.parametrize("package", PACKAGES)
def test_public_surface_is_declared(package: str) -> None:
    """Every module with public names lists them in __all__, and each one exists."""
    for path in _modules(package):
        if path.name.startswith("__"):
            continue
        module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        module = importlib.import_module(module_name)
        exported = getattr(module, "__all__", None)
        assert exported is not None, f"{module_name} has no __all__"
        missing = [n for n in exported if not hasattr(module, n)]
        assert not missing, f"{module_name}.__all__ names missing attributes: {missing}"


def test_no_swallowed_except_exception() -> None:
    """Catching everything is allowed only to clean up and re-raise."""
    for pkg in (*PACKAGES, "synth"):
        for path in _modules(pkg):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ExceptHandler) and node.type is not None:
                    reraises = isinstance(node.body[-1], ast.Raise) and node.body[-1].exc is None
                    if reraises:
                        continue
                    caught = ast.unparse(node.type)
                    assert caught not in {"Exception", "BaseException"}, (
                        f"{path.relative_to(ROOT)}:{node.lineno} catches {caught}"
                    )


def _server_layer(path: Path) -> str | None:
    """The server package a module is in, or None for a loose `server/*.py` module."""
    parts = path.relative_to(ROOT / "server").parts
    return parts[0] if len(parts) > 1 else None


def _server_imports(path: Path) -> set[str]:
    """The server packages (or "" for a loose module) a module imports, by name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    layers: set[str] = set()
    for node in ast.walk(tree):
        names = (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module]
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
            else []
        )
        for name in names:
            parts = name.split(".")
            if parts[0] == "server" and len(parts) > 1:
                layers.add(parts[1] if parts[1] in SERVER_LAYERS else "")
    return layers


def test_every_server_package_has_its_rules() -> None:
    """A server package is a job with its declared imports, not a place for overflow."""
    packages = {p.name for p in (ROOT / "server").iterdir() if (p / "__init__.py").exists()}
    assert packages == set(SERVER_LAYERS)


def test_server_layers() -> None:
    bad: list[str] = []
    for path in _modules("server"):
        layer = _server_layer(path)
        if path.name == "__main__.py":
            layer = "cli"  # `python -m server` is the command line
        allowed = SERVER_LAYERS[layer] if layer else set()
        used = _server_imports(path) - {""}
        bad.extend(f"{path.relative_to(ROOT)} imports server.{u}" for u in used - allowed)
    assert not bad, "\n".join(bad)


def test_formcheck_without_the_synth_extra_never_imports_synth() -> None:
    """With mannequin-x missing, the command line loads, lists `synth`, and imports none of it."""
    probe = """
import sys
sys.modules["mannequin"] = None  # as if not installed: find_spec gives None, import fails
from server.cli.main import app
from typer.testing import CliRunner
out = CliRunner().invoke(app, ["synth", "--view", "side"])
assert out.exit_code == 2 and "[synth]" in out.output, out.output
assert CliRunner().invoke(app, ["--help"]).exit_code == 0
leaked = sorted(m for m in sys.modules if m.split(".")[0] == "synth")
assert not leaked, leaked
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_view_is_worked_out_once_per_frame() -> None:
    """`estimate_view` runs where an observation is made (its `view`), and on the
    candidates the person selector chooses among; everything else reads `Observation.view`."""
    callers = sorted(
        str(p.relative_to(ROOT))
        for pkg in PACKAGES
        for p in _modules(pkg)
        if "estimate_view(" in p.read_text(encoding="utf-8") and p.name != "view.py"
    )
    assert callers == ["pose/selection.py", "pose/types.py"]


# exercises/: the shared machinery (counter, hold, progress, cues, the registry, ...) as
# loose modules, and one package per exercise (bridge/, clamshell/, ...) beside them.
def exercise_packages(root: Path = ROOT / "exercises") -> set[str]:
    return {p.name for p in root.iterdir() if (p / "__init__.py").exists()}


def _under_exercises(module: str) -> set[str]:
    parts = module.split(".")
    return {parts[1]} if parts[0] == "exercises" and len(parts) > 1 else set()


def exercises_imported(path: Path) -> set[str]:
    """The names under `exercises.` a module imports (`exercises.bridge.engine` gives
    "bridge", `from exercises import hold` gives "hold"); "." for a relative import."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            names.add(".")  # where it points depends on the file's place
        elif isinstance(node, ast.ImportFrom) and node.module == "exercises":
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.update(_under_exercises(node.module))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names.update(_under_exercises(alias.name))
    return names


def exercise_package_breaks(folder: Path, others: set[str]) -> list[str]:
    """What an exercise package imports that it may not: another exercise package (in
    `others`), a relative import, or the server. It may import the shared machinery, `pose`
    and itself."""
    bad: list[str] = []
    for path in sorted(folder.rglob("*.py")):
        wrong = exercises_imported(path) & (others | {"."})
        bad.extend(f"{path} imports exercises.{name}" for name in sorted(wrong))
        ours = _imports(path) & set(PACKAGES)
        bad.extend(f"{path} imports {name}" for name in sorted(ours - ALLOWED["exercises"]))
    return bad


def test_an_exercise_package_imports_only_the_shared_machinery_and_itself() -> None:
    packages = exercise_packages()
    assert {"bridge", "clamshell", "stretch", "breathing"} <= packages
    bad: list[str] = []
    for name in sorted(packages):
        bad.extend(exercise_package_breaks(ROOT / "exercises" / name, packages - {name}))
    assert not bad, "\n".join(bad)


def test_the_shared_machinery_reaches_the_exercises_only_through_the_registry() -> None:
    """No shared module names an exercise package: the registry finds them on disk."""
    packages = exercise_packages()
    bad = [
        f"exercises/{path.name} imports exercises.{name}"
        for path in sorted((ROOT / "exercises").glob("*.py"))
        for name in sorted(exercises_imported(path) & (packages | {"."}))
    ]
    assert not bad, "\n".join(bad)


def test_each_exercise_package_exports_its_spec() -> None:
    """The package's face is its spec; its modules (engine, pose, ...) are its own."""
    for name in sorted(exercise_packages()):
        module = importlib.import_module(f"exercises.{name}")
        assert module.__all__ == ["SPEC"], f"exercises.{name} exports {module.__all__}"
