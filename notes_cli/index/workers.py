"""The writer of a parallel build: Whoosh's MpWriter, with workers that die with their parent
and write their segments with writing.Writer.

Whoosh's workers are ordinary child processes blocked on a queue. When the build is killed
(SIGKILL, a closed terminal), nothing tells them: each holds the queue's pipe open for the
other, so they wait on it for ever, and an interpreter that exits after a failed build waits
for them in turn. Here every worker is a daemon (it never outlives a parent that exits), asks
the kernel to kill it when its parent dies (Linux's PR_SET_PDEATHSIG), and elsewhere watches
its parent from a thread. A cancelled build terminates its workers rather than leaving them
on the queue.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any

from notes_cli.index import lean  # noqa: F401 (first: Whoosh loaded lean)

# isort: split

from whoosh.multiproc import MpWriter, SubWriterTask

from .writing import Writer

_PR_SET_PDEATHSIG = 1


def die_with(parent: int) -> None:
    """End this process when the process `parent` ends (or at once if it has ended)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            _watch(parent)
    else:
        _watch(parent)
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


def _watch(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class _Worker(SubWriterTask):  # type: ignore[misc]
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.daemon = True
        self.parent = os.getpid()

    def run(self) -> None:
        die_with(self.parent)
        import whoosh.multiproc

        whoosh.multiproc.SegmentWriter = Writer  # in this worker process only: what it writes with
        super().run()


class BuildWriter(MpWriter):  # type: ignore[misc]
    """MpWriter whose workers die with the build (see the module's docstring)."""

    def _new_task(self) -> Any:
        task = _Worker(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task

    def cancel(self) -> None:
        try:
            for task in self.tasks:
                if task.is_alive():
                    task.terminate()
                task.join(5)
        finally:
            super().cancel()
