"""Exceptions and located problems.

Every error the tool reports about a user's file is a :class:`Problem`: where it is
(``claims.yaml:12:5`` or ``tracker.xlsx Claims!H7``), a stable code and a message.
Library code collects problems and raises them together; the CLI prints them, one
line each, and exits with status 2.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    where: str
    code: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.message}"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


class WorksheetError(Exception):
    """Base of every error this package raises on purpose."""

    def __init__(self, message: str = "", problems: list[Problem] | None = None) -> None:
        self.problems: list[Problem] = list(problems or [])
        if not message and self.problems:
            message = "; ".join(str(p) for p in self.problems)
        super().__init__(message)

    def lines(self) -> list[str]:
        """The messages to show a person, one per problem."""
        if self.problems:
            return [str(p) for p in self.problems]
        return [str(self)]


class InputError(WorksheetError, ValueError):
    """An input file is missing, unreadable, or not what it claims to be."""


class ArticleError(InputError):
    """The article cannot be read."""


class ClaimsError(InputError):
    """The claims file is malformed or invalid."""


class ScaleError(InputError):
    """A verdict scale file is invalid."""


class TrackerError(InputError):
    """A tracker cannot be read, or its layout is not one we wrote."""


class FilledWorksheetError(InputError):
    """A filled worksheet cannot be read, or does not belong with the tracker."""


class OutputError(WorksheetError, OSError):
    """An output cannot be written, or writing it would lose a reviewer's work."""


class ManifestError(InputError):
    """A batch manifest (or folder of articles) cannot be read."""
