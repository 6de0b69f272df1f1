"""GMLP coverage: ten principles mapped to card fields; principle 9's items present, thin or missing,
each with its reason, or not applicable for the reason the maker declares (`not_applicable`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from gmlp_cards.checks.coverage_map import (
    INFORMATION_ITEMS,
    PRINCIPLES,
    THIN_WORDS,
    Item,
    Part,
    Principle,
)
from gmlp_cards.checks.finding import Finding, Level
from gmlp_cards.model import ModelCard
from gmlp_cards.model.not_applicable import CoverageKey, NotApplicable
from gmlp_cards.model.not_stated import is_not_stated


class Coverage(StrEnum):
    present = "present"
    thin = "thin"
    missing = "missing"
    not_applicable = "not_applicable"
    """Declared by the maker, with a reason; never counted as thin or missing."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


__all__ = [
    "INFORMATION_ITEMS",
    "PRINCIPLES",
    "THIN_WORDS",
    "Coverage",
    "Item",
    "ItemCoverage",
    "Part",
    "PartResult",
    "Principle",
    "PrincipleCoverage",
    "coverage_findings",
    "information_coverage",
    "judge_part",
    "not_applicable_contradictions",
    "principle_coverage",
    "resolve",
]


def resolve(card: ModelCard, path: str, *, not_stated: bool = False) -> list[object]:
    """Values at `path`; raises AttributeError for a path that is not a real field (tests rely on it).

    A value the card marks `not_stated` is no value: coverage counts it as missing. With
    `not_stated=True` the not-stated values are returned instead, to say why a field is missing.
    """
    values: list[object] = [card]
    marked: list[object] = []
    for segment in path.split("."):
        name = segment.removesuffix("[*]")
        found: list[object] = []
        for value in values:
            child = getattr(value, name)
            if child is None:
                continue
            children = child if segment.endswith("[*]") and isinstance(child, list) else [child]
            marked.extend(c for c in children if is_not_stated(c))
            found.extend(c for c in children if not is_not_stated(c))
        values = found
    return marked if not_stated else values


@dataclass(frozen=True)
class PartResult:
    part: Part
    status: Coverage
    note: str
    """The reason for the status, in words a maker can act on (which field, how much, how much more)."""


def judge_part(card: ModelCard, part: Part) -> PartResult:
    # Notes never hold ";": the reasons of several parts are joined with it.
    values = resolve(card, part.path)
    if part.min_items:
        flat = [v for value in values for v in (value if isinstance(value, list | tuple) else [value])]
        count = len({str(v) for v in flat}) if part.distinct else len(flat)
        what = "distinct values" if part.distinct else "entries"
        if not values:  # not even an empty list: the field itself is absent
            return PartResult(
                part, Coverage.missing, _missing(card, part, f"{part.path} is not given (add it)")
            )
        if count == 0:
            note = f"{part.path} has no {what} (add at least {part.min_items})"
            return PartResult(part, Coverage.missing, _missing(card, part, note))
        if count < part.min_items:
            one = ("distinct value" if part.distinct else "entry") if count == 1 else what
            note = f"{part.path} has {count} {one}, fewer than the {part.min_items} expected"
            return PartResult(part, Coverage.thin, note)
        return PartResult(part, Coverage.present, f"{part.path}: {count} {what}")
    texts = [str(v) for v in values if str(v).strip()]
    if not texts:
        ask = "write it" if part.min_words <= 1 else f"write at least {part.min_words} words"
        return PartResult(part, Coverage.missing, _missing(card, part, f"{part.path} is not given ({ask})"))
    counts = [len(t.split()) for t in texts]
    words = min(counts)
    if words < part.min_words:
        which = "" if len(texts) == 1 else f" (entry {counts.index(words) + 1} of {len(texts)})"
        note = f"{part.path}{which} has {words} words, fewer than {part.min_words}"
        return PartResult(part, Coverage.thin, note)
    return PartResult(part, Coverage.present, f"{part.path}: present")


def _missing(card: ModelCard, part: Part, note: str) -> str:
    marked = resolve(card, part.path, not_stated=True)
    return f"{part.path} is not stated in the source" if marked else note


def _overall(results: list[PartResult]) -> Coverage:
    if all(r.status is Coverage.missing for r in results):
        return Coverage.missing
    return Coverage.thin if any(r.status is not Coverage.present for r in results) else Coverage.present


def _reason(status: Coverage, parts: tuple[PartResult, ...], declared: NotApplicable | None) -> str:
    if declared is not None:
        return f"not applicable: {declared.because}"
    if status is Coverage.present:
        return "every field it needs is given"
    return "; ".join(r.note for r in parts if r.status is not Coverage.present)


@dataclass(frozen=True)
class _Rated:
    """A rating of an item or a principle, with the part results it was judged from."""

    status: Coverage
    parts: tuple[PartResult, ...]
    declared: NotApplicable | None = field(default=None, kw_only=True)
    """The maker's "not applicable, because ..." for it, if any."""

    @property
    def reason(self) -> str:
        """Why it has its status: the fields short or missing, or the maker's reason it does not apply."""
        return _reason(self.status, self.parts, self.declared)


@dataclass(frozen=True)
class ItemCoverage(_Rated):
    item: Item = field(kw_only=True)


@dataclass(frozen=True)
class PrincipleCoverage(_Rated):
    principle: Principle = field(kw_only=True)


def _declared(card: ModelCard) -> dict[CoverageKey, NotApplicable]:
    return {n.item: n for n in card.not_applicable}


def _judged(card: ModelCard, parts: tuple[Part, ...]) -> tuple[Coverage, tuple[PartResult, ...]]:
    results = tuple(judge_part(card, p) for p in parts)
    return _overall(list(results)), results


def information_coverage(card: ModelCard) -> list[ItemCoverage]:
    declared = _declared(card)
    out = []
    for item in INFORMATION_ITEMS:
        status, parts = _judged(card, item.parts)
        said = declared.get(item.key)
        out.append(ItemCoverage(Coverage.not_applicable if said else status, parts, declared=said, item=item))
    return out


def principle_coverage(card: ModelCard) -> list[PrincipleCoverage]:
    declared = _declared(card)
    out = []
    for principle in PRINCIPLES:
        if principle.number == 9:  # its items, less those the maker declares not applicable
            items = [i for i in information_coverage(card) if i.status is not Coverage.not_applicable]
            parts = tuple(r for i in items for r in i.parts)
            status = _overall(list(parts)) if parts else Coverage.not_applicable
        else:
            status, parts = _judged(card, principle.parts)
        said = declared.get(principle.key) if principle.key is not None else None
        rated = Coverage.not_applicable if said else status
        out.append(PrincipleCoverage(rated, parts, declared=said, principle=principle))
    return out


def not_applicable_contradictions(card: ModelCard) -> list[tuple[int, str]]:
    """Declarations the card itself contradicts: the item is declared not applicable, yet every
    field it needs is given. Each as (index in `not_applicable`, message)."""
    judged: dict[CoverageKey, tuple[Coverage, tuple[PartResult, ...]]] = {
        i.key: _judged(card, i.parts) for i in INFORMATION_ITEMS
    }
    judged |= {p.key: _judged(card, p.parts) for p in PRINCIPLES if p.key is not None}
    problems = []
    for index, declared in enumerate(card.not_applicable):
        status, parts = judged[declared.item]
        if status is Coverage.present:
            fields = ", ".join(r.part.path for r in parts)
            problems.append(
                (
                    index,
                    f"declares {declared.item.value!r} not applicable, but the card gives it in full "
                    f"({fields}); remove the declaration, or the content if it truly does not apply",
                )
            )
    return problems


def coverage_findings(card: ModelCard) -> list[Finding]:
    findings = []
    for item in information_coverage(card):
        if item.status in (Coverage.present, Coverage.not_applicable):
            continue
        gaps = [r for r in item.parts if r.status is not Coverage.present]
        findings.append(
            Finding(
                f"coverage.{item.status.value}",
                Level.warning,
                gaps[0].part.loc,
                f"Principle 9 item {item.item.label!r} is {item.status.value}: {item.reason}.",
            )
        )
    return findings
