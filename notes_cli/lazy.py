"""Imports that wait until they are used, to keep every command's start-up short."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import re
import sys
import types
from collections.abc import Callable, Iterator, Mapping
from typing import Any


def lazy_import(name: str, *, patterns_when_used: bool = False) -> types.ModuleType:
    """The module `name`, loaded on first attribute access (the recipe of importlib's docs).

    With `patterns_when_used`, the regular expressions the package compiles while it loads
    are compiled when first used instead (see `patterns_deferred`)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}")
    inner: Any = _PatternsDeferred(spec.loader, name) if patterns_when_used else spec.loader
    loader = importlib.util.LazyLoader(inner)
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
      highlighter calls (notes makes its own snippets): with its table of entities, 1 ms;
    - `hashlib`, which whoosh.filedb.filetables imports for the md5 of every term it looks
      up: importing it loads OpenSSL's libcrypto (3 ms; 11 ms with the page cache cold), and
      Python's own md5 gives the same digests (see `digest`);
    - `tempfile`, `random` and `calendar`, which whoosh uses only to write (a temporary
      folder, a new segment's random name) and to parse dates in a query language notes does
      not use: with the `locale` calendar imports, 2.5 ms; each is loaded when first used.

    And shutil comes without its archive modules (`shutil_lean`), whichever imports it first.

    And the patterns of three modules are compiled when first used (`patterns_deferred`):
    the Porter stemmer's 13, of which a word's stemming uses a few; the 6 of whoosh's
    character-table parser (notes uses only its ready-made accent table); and the double
    metaphone's 2, which notes never calls (1.5 ms together).

    Stand-in modules serve while whoosh loads and are then removed, so anything imported
    later gets the real ones; a function of a stand-in loads the real one when called.
    """
    if "whoosh.reading" in sys.modules:
        return
    shutil_lean()
    forwarded = (
        ("urllib.request", "urlretrieve"),
        ("whoosh.lang.morph_en", "variations"),
        ("html", "escape"),
    )
    stand_ins = {
        name: _forwarding(name, attr) for name, attr in forwarded if name not in sys.modules
    }
    own_md5 = _own("md5")
    if "hashlib" not in sys.modules and own_md5 is not None:
        hashing = _deferred("hashlib")  # (random, say, may ask it for another function)
        hashing.md5 = own_md5  # type: ignore[attr-defined]
        stand_ins["hashlib"] = hashing
    if "cached_property" not in sys.modules:
        cached = types.ModuleType("cached_property")
        cached.cached_property = functools.cached_property  # type: ignore[attr-defined]
        stand_ins["cached_property"] = cached
    for name in ("tempfile", "random", "calendar"):
        if name not in sys.modules:
            stand_ins[name] = _deferred(name)
    deferred = ("whoosh.lang.porter", "whoosh.support.charset", "whoosh.lang.dmetaphone")
    with _standing_in(stand_ins), patterns_deferred(*deferred):
        import whoosh.compat
        import whoosh.filedb.filetables
        import whoosh.query
        import whoosh.reading
        import whoosh.searching  # (every command that reads the index loads it)
        import whoosh.support.charset  # noqa: F401


@contextlib.contextmanager
def _standing_in(stand_ins: dict[str, types.ModuleType]) -> Iterator[None]:
    """While it lasts, the modules in `stand_ins` stand in for those of their names; then
    they are removed, so that anything imported later gets the real ones."""
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


# Python's own implementations of hashlib's functions: _sha2 from Python 3.12, _sha256 before.
_OWN_HASHES = {"md5": ("_md5",), "sha256": ("_sha2", "_sha256")}


def digest(name: str) -> Callable[..., Any]:
    """hashlib's `name` ("md5" or "sha256") without loading OpenSSL when Python has its own
    (hashlib's import loads libcrypto, which nothing else a search does needs); the same
    digests either way."""
    own = _own(name)
    if own is not None:
        return own
    import hashlib

    found: Callable[..., Any] = getattr(hashlib, name)
    return found


def _own(name: str) -> Callable[..., Any] | None:
    """Python's own implementation of hashlib's `name`, when it was built with one."""
    for module in _OWN_HASHES[name]:
        with contextlib.suppress(ImportError, AttributeError):
            own: Callable[..., Any] = getattr(importlib.import_module(module), name)
            return own
    return None


def shutil_lean() -> None:
    """Import shutil (Typer imports it) without the `bz2` and `lzma` modules it imports only
    to know that it could make such archives, which notes never makes (1.2 ms; 2.5 with the
    page cache cold); an attribute of either, were anything to ask, is the real module's."""
    imported_without(
        "shutil",  # (a Python built without one: shutil is told so, as it would find)
        *(name for name in ("bz2", "lzma") if importlib.util.find_spec(f"_{name}") is not None),
    )


def imported_without(name: str, *unused: str, called: Mapping[str, str] | None = None) -> None:
    """Import the module `name` without those of `unused` not loaded yet, which it imports
    for what notes never asks of it. Stand-ins serve while it loads and are then removed, so
    that anything imported later gets the real ones; an attribute of one is the real
    module's, loaded when first asked for. A module of `called` stands in with only the one
    function named (one that `name` imports by name): the real module is loaded when it is
    called. Nothing is done when `name` is loaded already."""
    if name in sys.modules:
        return
    stand_ins = {module: _deferred(module) for module in unused if module not in sys.modules}
    for module, function in (called or {}).items():
        if module not in sys.modules:  # (loaded when called: without `unused` too)
            stand_ins[module] = _forwarding(module, function, unused)
    with _standing_in(stand_ins):
        importlib.import_module(name)


def _deferred(name: str) -> types.ModuleType:
    """A stand-in for the module `name` whose every attribute is the real module's, loaded
    when first asked for."""
    module = types.ModuleType(name)

    def real(attr: str) -> object:
        if attr.startswith("__"):  # (the import system asks for __path__ and the like)
            raise AttributeError(attr)
        if sys.modules.get(name) is module:  # asked while it stands in: the real one now
            del sys.modules[name]
        return getattr(importlib.import_module(name), attr)

    module.__getattr__ = real  # type: ignore[method-assign]
    return module


def _forwarding(name: str, attr: str, unused: tuple[str, ...] = ()) -> types.ModuleType:
    """A stand-in for the module `name` whose `attr` loads the real module when called
    (without the modules of `unused` not loaded yet, as `imported_without` would)."""
    module = types.ModuleType(name)

    def forward(*args: object, **kwargs: object) -> object:
        if sys.modules.get(name) is module:  # called while it stands in: the real one now
            del sys.modules[name]
        imported_without(name, *unused)
        return getattr(sys.modules[name], attr)(*args, **kwargs)

    setattr(module, attr, forward)
    return module


class _PatternsDeferred:
    """A module's own loader, loading it with `patterns_deferred` for its package (a plain
    class: importlib.abc would import importlib.resources, 7 ms)."""

    def __init__(self, loader: Any, package: str) -> None:
        self.loader = loader
        self.package = package

    def create_module(self, spec: Any) -> types.ModuleType | None:
        created: types.ModuleType | None = self.loader.create_module(spec)
        return created

    def exec_module(self, module: types.ModuleType) -> None:
        with patterns_deferred(self.package):
            self.loader.exec_module(module)


@contextlib.contextmanager
def patterns_deferred(*packages: str) -> Iterator[None]:
    """While it lasts, `re.compile` called from the modules of `packages` (each a module or a
    package, with its modules) gives a pattern compiled when first used.

    PyYAML compiles a dozen patterns as it loads, whether or not a document ever needs them:
    its pure-Python reader's check for unprintable characters alone, one class of most of
    Unicode, takes 5 ms, and notes reads with libyaml's reader, which never uses it. Every
    command that reads a note paid for them (an edit's first search among them)."""
    real = re.compile

    def compile(pattern: Any, flags: Any = 0) -> Any:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if any(caller == name or caller.startswith(f"{name}.") for name in packages):
            return DeferredPattern(functools.partial(real, pattern, flags))
        return real(pattern, flags)

    re.compile = compile
    try:
        yield
    finally:
        re.compile = real


def pattern(text: str, flags: int = 0) -> re.Pattern[str]:
    """The regular expression `text`, compiled when first used: for a pattern only some
    commands use, whose compiling every command would otherwise pay as its module loads."""
    deferred: Any = DeferredPattern(functools.partial(re.compile, text, flags))
    compiled: re.Pattern[str] = deferred  # (a stand-in, with the compiled pattern's methods)
    return compiled


class DeferredPattern:
    """A regular expression compiled when first used, then its methods the compiled one's."""

    _METHODS = ("match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split")

    def __init__(self, make: Callable[[], re.Pattern[Any]]) -> None:
        self._make = make

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_make":  # (copy and pickle ask before _make is)
            raise AttributeError(name)
        compiled = self._make()
        for method in self._METHODS:  # from now on found without coming here
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)
