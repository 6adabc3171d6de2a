"""The Report: what the user should hear about while a command works (a rebuild, a skipped
note), gathered in one place and printed once by the command line when the command ends."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import NoteProblem


@dataclass
class Report:
    """What the user should hear about while a command works (the command line prints it)."""

    notices: list[str] = field(default_factory=list)
    # Notes skipped because they hold no usable event.
    unreadable: list[NoteProblem] = field(default_factory=list)
    _named: set[str] = field(default_factory=set, repr=False)

    def notice(self, message: str) -> None:
        """Say `message` once, however often it comes up."""
        if message not in self.notices:
            self.notices.append(message)

    def skipped(self, problem: NoteProblem) -> None:
        """Name a note that was skipped, once (a sync and a rebuild may both find it)."""
        if str(problem) not in self._named:
            self._named.add(str(problem))
            self.unreadable.append(problem)
