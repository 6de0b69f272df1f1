"""Card problems: one error type carrying file, line, column, field path and an actionable sentence."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


def format_path(path: Sequence[str | int]) -> str:
    """`('a', 0, 'b')` -> `a[0].b`, the way a manufacturer reads a field path (a problem's `field`)."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


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


MAX_PROBLEMS = 50
"""Problems listed per card file; past that, one line says how many more there are."""


class CardError(Exception):
    """A card file could not be accepted; `problems` lists the reasons in file order.

    All of them up to MAX_PROBLEMS, then one problem saying how many more were found: a card with
    a list of 600,000 wrong items must not print 600,000 lines (or hold them in memory twice).
    """

    def __init__(self, problems: list[CardProblem]) -> None:
        ordered = sorted(problems)
        if len(ordered) > MAX_PROBLEMS:
            first_left_out = ordered[MAX_PROBLEMS]
            more = dataclasses.replace(
                first_left_out,
                field="",
                message=f"... and {len(ordered) - MAX_PROBLEMS:,} more problems in this file "
                f"(only the first {MAX_PROBLEMS} are listed)",
            )
            ordered = [*ordered[:MAX_PROBLEMS], more]
        self.problems = ordered
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls, path: Path | str, message: str, *, line: int = 1, column: int = 1, field: str = ""
    ) -> CardError:
        return cls([CardProblem(str(path), line, column, field, message)])


class YamlProblem(Exception):
    """A YAML-level problem at a 1-based line and column."""

    def __init__(self, message: str, line: int, column: int, field: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.field = message, line, column, field
