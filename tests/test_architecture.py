"""The house rules that keep the code base in shape, checked on the source itself."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pose", "exercises", "server")
# What each package may import from the others: pose <- exercises <- server.
ALLOWED = {"pose": {"pose"}, "exercises": {"pose", "exercises"}, "server": set(PACKAGES)}
PURE_FORBIDDEN = {"cv2", "mediapipe", "fastapi", "starlette", "uvicorn", "time", "datetime"}
MAX_LINES = 400


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
