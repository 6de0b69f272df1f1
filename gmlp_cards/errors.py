"""Card problems: one error type carrying file, line, column, field path and an actionable sentence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class CardProblem:
    """One thing wrong with one card file, located as precisely as the file allows."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.path}:{self.line}:{self.column}:{field} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }


class CardError(Exception):
    """A card file could not be accepted; `problems` lists every reason, not just the first."""

    def __init__(self, problems: list[CardProblem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, path: Path | str, message: str, *, line: int = 1, column: int = 1,
               field: str = "") -> CardError:
        return cls([CardProblem(str(path), line, column, field, message)])
