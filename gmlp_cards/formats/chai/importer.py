"""Turn a CHAI applied model card (v0.2 XML) into a draft card of ours, with a report of what is missing.

Our card asks for much that CHAI does not (acceptable inputs, subgroup numbers with n, change history).
The draft still loads: every required text the source does not give holds `NOT_STATED`, every value the
importer had to choose (an enum, a date from "July 2024") is its best reading, and each of them is listed
in `identity.provenance.gaps`. The model refuses a non-draft card with gaps or placeholders left, so an
imported draft cannot be published until the manufacturer has filled them. Source text with no home in
our format is kept verbatim in `identity.provenance.unmapped`: nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from pydantic import ValidationError

from gmlp_cards.cards.loader import MAX_CARD_BYTES
from gmlp_cards.formats.chai import context, evidence, io_sections, sections
from gmlp_cards.formats.chai.guard import MAX_CHAI_BYTES, entity_problem, size_problem, too_long_problem
from gmlp_cards.formats.chai.schema import CHAI_NS, safe_parser
from gmlp_cards.formats.chai.source import Source
from gmlp_cards.model import ModelCard
from gmlp_cards.model.base import SEMVER_PATTERN
from gmlp_cards.model.provenance import Gap, GapKind, SourceText

SOURCE_FORMAT = "CHAI applied model card v0.2"


class ChaiImportError(ValueError):
    """The file is not a CHAI card we can read; the message says what is wrong and where."""


@dataclass
class ImportResult:
    """A draft card and what the manufacturer must still do before it can be published."""

    card: ModelCard
    source_file: str

    @property
    def gaps(self) -> list[Gap]:
        provenance = self.card.identity.provenance
        return list(provenance.gaps) if provenance else []

    @property
    def unmapped(self) -> list[SourceText]:
        provenance = self.card.identity.provenance
        return list(provenance.unmapped) if provenance else []

    def report(self) -> str:
        """The gap report: what our card needs that the CHAI card does not say, field by field."""
        missing = [g for g in self.gaps if g.kind is GapKind.missing]
        assumed = [g for g in self.gaps if g.kind is GapKind.assumed]
        lines = [
            f"Imported {self.source_file} as a draft of {self.card.device_id} {self.card.version}.",
            f"{len(missing)} fields missing, {len(assumed)} values assumed, "
            f"{len(self.unmapped)} source texts kept verbatim under identity.provenance.unmapped.",
            "The card cannot be published until every gap below is filled and removed from "
            "identity.provenance.gaps.",
        ]
        for title, gaps in (
            ("Missing (the CHAI card does not say)", missing),
            ("Assumed (confirm or correct)", assumed),
        ):
            if gaps:
                lines += ["", f"{title}:"] + [f"  - {g.field}: {g.need}" for g in gaps]
        if self.unmapped:
            lines += ["", "Source text with no field in our card (kept verbatim):"]
            lines += [f"  - {line}" for line in unmapped_lines(self.unmapped)]
        return "\n".join(lines)


def unmapped_lines(unmapped: list[SourceText]) -> list[str]:
    """One line per source section, with its count and its elements, in the source's order:
    `KeyMetrics/FairnessEquity, 5 texts: MetricGoal, Interpretation, ...` rather than a line each;
    an element kept more than once says how often (`Keyword ×3`)."""
    sections: dict[str, dict[str, int]] = {}
    for text in unmapped:
        parent, _, leaf = text.element.rpartition("/")
        counts = sections.setdefault(parent or leaf, {})
        counts[leaf] = counts.get(leaf, 0) + 1
    lines = []
    for parent, counts in sections.items():
        total = sum(counts.values())
        names = ", ".join(leaf + (f" ×{n}" if n > 1 else "") for leaf, n in counts.items())
        lines.append(f"{parent}, {total} text{'s' if total > 1 else ''}: {names}")
    return lines


def import_chai(
    data: bytes,
    *,
    source_file: str,
    device_id: str | None = None,
    card_version: str | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Read CHAI XML bytes into a draft ModelCard; raise ChaiImportError when the file is unusable."""
    too_big = size_problem(len(data))
    if too_big:
        raise ChaiImportError(f"{source_file}: {too_big}")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        raise ChaiImportError(
            f"{source_file}: line {error.lineno}: not well-formed XML: {error.msg}"
        ) from None
    if root.tag != f"{{{CHAI_NS}}}AppliedModelCard":
        raise ChaiImportError(
            f"{source_file}: the root element is {root.tag!r}, not a CHAI v0.2 "
            f"AppliedModelCard in namespace {CHAI_NS}"
        )
    entities = entity_problem(root)
    if entities:
        raise ChaiImportError(f"{source_file}: {entities}")
    if card_version is not None and not re.match(SEMVER_PATTERN, card_version):
        raise ChaiImportError(f"--version {card_version!r} is not a semantic version (e.g. 1.0.0)")
    try:
        return _build(root, data, source_file, device_id, card_version, today)
    except ValidationError as error:  # a source text over a field's limit, or a value we misread
        too_long = too_long_problem(error, root)
        if too_long:
            raise ChaiImportError(f"{source_file}: {too_long}") from None
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()[:10])
        raise ChaiImportError(f"{source_file}: the draft does not validate ({details})") from None


def _build(
    root: etree._Element,
    data: bytes,
    source_file: str,
    device_id: str | None,
    card_version: str | None,
    today: dt.date | None,
) -> ImportResult:
    source = Source(root, schema=sections.card_schema(root))
    identity = sections.identity(source, source_file, device_id, card_version)
    identity["provenance"] = {}  # filled last, once every gap is known
    # A draft is schema 1 (a vendor's metrics become `other`, which schema 2 has not), except our own
    # export of a schema-2 card, whose fields come back as they were.
    raw: dict[str, Any] = {"schema_version": source.schema, "identity": identity}
    raw["intended_use"] = sections.intended_use(source)
    raw["inputs"] = io_sections.inputs(source)
    raw["outputs"] = io_sections.outputs(source)
    raw["performance"], raw["monitoring"] = evidence.performance_and_monitoring(source)
    context.references(source, raw["performance"]["studies"])
    raw["data"] = context.data(source)
    raw["risks"] = context.risks(source)
    raw["patient"] = context.patient(source)
    context.leftovers(source)
    source.missing(
        "change_notice",
        "Change history: CHAI cards carry no version history. If earlier "
        "versions of this device were on the market, add their cards and a change notice.",
        None,
    )
    identity["provenance"] = {
        "source_format": SOURCE_FORMAT,
        "source_file": Path(source_file).name[:300],
        "source_sha256": hashlib.sha256(data).hexdigest(),
        "imported_on": (today or dt.date.today()).isoformat(),
        "gaps": [g.model_dump(mode="json") for g in source.gaps],
        "unmapped": [u.model_dump(mode="json") for u in source.unmapped],
    }
    return ImportResult(card=ModelCard.model_validate(raw), source_file=Path(source_file).name)


def import_chai_file(path: Path, **options: Any) -> ImportResult:
    """`import_chai` on a file; one over the size limit is refused before a byte is read."""
    too_big = size_problem(path.stat().st_size)
    if too_big:
        raise ChaiImportError(f"{path}: {too_big}")
    with path.open("rb") as stream:  # read at most one byte past the limit: the file may be growing
        data = stream.read(MAX_CHAI_BYTES + 1)
    return import_chai(data, source_file=str(path), **options)


def write_draft(result: ImportResult, out_dir: Path) -> Path:
    """Write the draft as `<out_dir>/<device-id>/<version>.yaml`, the layout the catalog reads."""
    from gmlp_cards.formats.card_yaml import dump_card

    path = out_dir / result.card.device_id / f"{result.card.version}.yaml"
    text = dump_card(
        result.card,
        header=(
            f"DRAFT imported from {result.source_file} ({SOURCE_FORMAT}). It cannot be published\n"
            "until every entry of identity.provenance.gaps is filled and removed; see the import report."
        ),
    )
    size = len(text.encode("utf-8"))
    if size > MAX_CARD_BYTES:  # `validate` would refuse the draft: say so now, and write nothing
        raise ChaiImportError(
            f"{result.source_file}: the draft would be {size:,} bytes, over the "
            f"{MAX_CARD_BYTES:,}-byte limit for a card file; nothing was written"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
