"""The `notes` command line: thin commands over the core modules."""

from __future__ import annotations

from . import importing, publishing, reading, searching, sharing, writing  # noqa: F401  (registers the commands)
from .app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
