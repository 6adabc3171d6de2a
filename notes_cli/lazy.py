"""Imports that wait until they are used, to keep every command's start-up short."""

from __future__ import annotations

import functools
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


def whoosh_lean() -> None:
    """Import whoosh without what it imports and notes never uses:

    - the urllib.request that whoosh.compat imports (with http, email and ssl: 16 ms of every
      search) only to re-export `urlretrieve`, which notes never calls;
    - the `cached_property` package that whoosh.reading imports for one property: it imports
      asyncio (15 ms and 3 MiB) to support coroutines; the standard library's
      functools.cached_property does the same for a plain method;
    - the English word forms that whoosh.query.terms imports for its Variations query, which
      notes never makes: their table is one large pattern compiled at import (4 ms);
    - the `html` package that whoosh.compat imports for `escape`, which only Whoosh's
      highlighter calls (notes makes its own snippets): with its table of entities, 1 ms.

    Stand-in modules serve while whoosh loads and are then removed, so anything imported
    later gets the real ones; a function of a stand-in loads the real one when called.
    """
    if "whoosh.reading" in sys.modules:
        return
    forwarded = (
        ("urllib.request", "urlretrieve"),
        ("whoosh.lang.morph_en", "variations"),
        ("html", "escape"),
    )
    stand_ins = {
        name: _forwarding(name, attr) for name, attr in forwarded if name not in sys.modules
    }
    if "cached_property" not in sys.modules:
        cached = types.ModuleType("cached_property")
        cached.cached_property = functools.cached_property  # type: ignore[attr-defined]
        stand_ins["cached_property"] = cached
    sys.modules.update(stand_ins)
    try:
        import whoosh.compat
        import whoosh.query
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


def _forwarding(name: str, attr: str) -> types.ModuleType:
    """A stand-in for the module `name` whose `attr` loads the real module when called."""
    module = types.ModuleType(name)

    def forward(*args: object, **kwargs: object) -> object:
        return getattr(importlib.import_module(name), attr)(*args, **kwargs)

    setattr(module, attr, forward)
    return module
