"""Imports that wait until they are used, to keep every command's start-up short."""

from __future__ import annotations

import importlib.util
import sys
import types


def lazy_import(name: str) -> types.ModuleType:
    """The module `name`, loaded on first attribute access (the recipe of importlib's docs)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}")
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


def whoosh_without_urllib() -> None:
    """Import whoosh's compat module without the urllib.request it imports (with http, email
    and ssl: 16 ms of every search) only to re-export `urlretrieve`, which notes never calls.

    A stand-in module serves while whoosh loads and is then removed, so anything imported
    later gets the real urllib.request.
    """
    if "urllib.request" in sys.modules or "whoosh.compat" in sys.modules:
        return
    stand_in = types.ModuleType("urllib.request")

    def urlretrieve(*args: object, **kwargs: object) -> object:  # loads the real one if called
        return importlib.import_module("urllib.request").urlretrieve(*args, **kwargs)

    stand_in.urlretrieve = urlretrieve  # type: ignore[attr-defined]
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]
