"""`gmlp-cards lint`: evidence checks and GMLP coverage for card files; warnings fail only with --strict."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from gmlp_cards.cards.catalog import files_for
from gmlp_cards.cards.loader import LoadedCard
from gmlp_cards.checks import (
    CautionRules,
    Coverage,
    Finding,
    Level,
    information_coverage,
    principle_coverage,
    readability_scores,
    run_checks,
)
from gmlp_cards.cli.ci_output import CI_FORMATS, Annotation, add_card_paths, add_format_option, from_problem
from gmlp_cards.cli.ci_output import write as write_annotations
from gmlp_cards.cli.common import (
    COMMAND_HELP,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    existing_paths,
)
from gmlp_cards.errors import CardProblem


@dataclass(frozen=True)
class Linted:
    """One file: either problems (invalid) or the card's findings and coverage."""

    path: Path
    loaded: LoadedCard | None
    problems: tuple[CardProblem, ...]
    findings: tuple[Finding, ...] = ()


def _collect(paths: list[Path]) -> list[tuple[Path, LoadedCard | None, tuple[CardProblem, ...]]]:
    out: list[tuple[Path, LoadedCard | None, tuple[CardProblem, ...]]] = []
    for path in paths:
        # The catalog's reading of a path (card folder, device folder or file): history, notices
        # and the lock are checked, as `validate` does.
        out.extend((f.path, f.loaded if f.valid else None, f.problems) for f in files_for(path))
    return out


def lint_paths(paths: list[Path], rules: CautionRules | None = None) -> list[Linted]:
    return [
        Linted(path, loaded, problems, tuple(run_checks(loaded.card, rules)) if loaded is not None else ())
        for path, loaded, problems in _collect(paths)
    ]


def _line_column(linted: Linted, finding: Finding) -> tuple[int, int]:
    marks = linted.loaded.marks if linted.loaded else {}
    # The nearest located ancestor: derived paths may end below what the file spells out.
    for end in range(len(finding.loc), 0, -1):
        if finding.loc[:end] in marks:
            return marks[finding.loc[:end]]
    return 1, 1


def _where(linted: Linted, finding: Finding) -> str:
    line, column = _line_column(linted, finding)
    return f"{linted.path}:{line}:{column}"


def _annotations(results: list[Linted]) -> list[Annotation]:
    """Every problem of an invalid card and every finding of a valid one, in file order."""
    notes: list[Annotation] = []
    for linted in results:
        notes += [from_problem(p) for p in linted.problems]
        for finding in linted.findings:
            line, column = _line_column(linted, finding)
            level = finding.level.value  # warning or note, the SARIF and GitHub level names
            notes.append(
                Annotation(
                    str(linted.path), line, column, level, finding.code, finding.field, finding.message
                )
            )
    return notes


def _print_text(results: list[Linted], out: TextIO) -> None:
    for linted in results:
        if linted.loaded is None:
            print(f"== {linted.path}: invalid card", file=out)
            for problem in linted.problems:
                print(problem, file=out)
            continue
        card = linted.loaded.card
        items = information_coverage(card)
        counts = {s: sum(1 for i in items if i.status is s) for s in Coverage}
        print(f"== {card.device_id} {card.version} ({linted.path})", file=out)
        print(
            f"GMLP principle 9 information: {counts[Coverage.present]} present, "
            f"{counts[Coverage.thin]} thin, {counts[Coverage.missing]} missing"
            + (f", {n} not applicable" if (n := counts[Coverage.not_applicable]) else ""),
            file=out,
        )
        for item in items:  # each rating with its reason, so the maker knows what to change
            why = "" if item.status is Coverage.present else f" ({item.reason})"
            print(f"  {item.status.label:<8} {item.item.label}{why}", file=out)
        principles = principle_coverage(card)
        print(
            "GMLP principles: " + ", ".join(f"{p.principle.number} {p.status.label}" for p in principles),
            file=out,
        )
        for p in principles:
            if p.status is not Coverage.present and p.principle.number != 9:  # 9: its items, above
                print(f"  principle {p.principle.number} {p.status.label}: {p.reason}", file=out)
        for finding in linted.findings:
            print(
                f"{_where(linted, finding)}: {finding.level.value} {finding.code}: {finding.field}: "
                f"{finding.message}",
                file=out,
            )


def _as_json(results: list[Linted]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for linted in results:
        entry: dict[str, object] = {
            "path": str(linted.path),
            "valid": linted.loaded is not None,
            "problems": [p.as_dict() for p in linted.problems],
        }
        if linted.loaded is not None:
            card = linted.loaded.card
            entry |= {
                "device_id": card.device_id,
                "version": card.version,
                "information_items": [
                    {
                        "key": i.item.key,
                        "label": i.item.label,
                        "status": i.status.value,
                        "notes": [p.note for p in i.parts if p.status.value != "present"],
                        "reason": i.reason,
                    }
                    for i in information_coverage(card)
                ],
                "principles": [
                    {
                        "number": p.principle.number,
                        "title": p.principle.title,
                        "status": p.status.value,
                        "reason": p.reason,
                    }
                    for p in principle_coverage(card)
                ],
                "readability": [
                    {
                        "language": s.language,
                        "field": s.field,
                        "words": s.words,
                        "flesch_kincaid_grade": round(s.grade, 1),
                        "dale_chall": round(s.dale_chall, 1),
                    }
                    for s in readability_scores(card)
                ],
                "findings": [f.as_dict() | {"location": _where(linted, f)} for f in linted.findings],
            }
        out.append(entry)
    return out


def run(args: argparse.Namespace, out: TextIO) -> int:
    paths = existing_paths(args.paths, "lint")
    if paths is None:
        return EXIT_USAGE
    results = lint_paths(paths, CautionRules(margin_points=args.margin, max_half_width_points=args.width))
    invalid = sum(1 for r in results if r.loaded is None)
    warnings = sum(1 for r in results for f in r.findings if f.level is Level.warning)
    notes = sum(1 for r in results for f in r.findings if f.level is Level.note)
    summary = {"cards": len(results), "invalid": invalid, "warnings": warnings, "notes": notes}
    if args.format == "json":
        json.dump({"cards": _as_json(results), "summary": summary}, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format in CI_FORMATS:
        write_annotations(_annotations(results), args.format, "lint", out)
        if args.format == "github":
            print(f"{len(results)} cards, {invalid} invalid, {warnings} warnings, {notes} notes", file=out)
    else:
        _print_text(results, out)
        print(
            f"{len(results)} cards, {invalid} invalid, {warnings} warnings, {notes} notes"
            + (" (warnings fail with --strict)" if warnings and not args.strict else ""),
            file=out,
        )
    failed = invalid or (args.strict and warnings)
    return EXIT_FAILED if failed else EXIT_OK


def _points(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 100 percentage points")
    return value


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    defaults = CautionRules()
    lint = commands.add_parser("lint", help=COMMAND_HELP["lint"])
    add_card_paths(lint)
    lint.add_argument("--strict", action="store_true", help="treat warnings as failures (exit 1)")
    add_format_option(lint)
    lint.add_argument(
        "--margin",
        type=_points,
        default=defaults.margin_points,
        metavar="POINTS",
        help=f"flag subgroups more than this many points below overall (default {defaults.margin_points:g})",
    )
    lint.add_argument(
        "--width",
        type=_points,
        default=defaults.max_half_width_points,
        metavar="POINTS",
        help="flag subgroup intervals with a half-width above this "
        f"(default {defaults.max_half_width_points:g})",
    )
    lint.set_defaults(handler=run)
