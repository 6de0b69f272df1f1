"""`gmlp-cards export` (chai-xml, fhir, hti1-json, html, pdf, qr) and `gmlp-cards import chai`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cli.common import COMMAND_HELP, EXIT_FAILED, EXIT_OK, EXIT_USAGE, add_deployed_cards_option
from gmlp_cards.formats.chai.guard import MAX_CHAI_BYTES
from gmlp_cards.model import ModelCard

FORMATS = ("chai-xml", "fhir", "hti1-json", "html", "pdf", "qr")
TIERS = ("front", "back", "leaflet", "patient")
"""The tiers html, pdf and qr export (and `preview` writes)."""
DEFAULT_IMPORT_DIR = Path("imported-drafts")
"""Never model_cards/: an imported draft is not a card of ours until the maker has filled its gaps."""


def _fail(command: str, message: str, code: int = EXIT_USAGE) -> int:
    print(f"gmlp-cards {command}: {message}", file=sys.stderr)
    return code


def load_card_for(command: str, args: argparse.Namespace) -> tuple[Catalog, ModelCard] | int:
    """The catalog and the valid card `args.device` `args.version` (drafts included), or the exit code
    after saying why there is none."""
    root: Path = args.cards
    catalog = Catalog.load(root)
    entry = catalog.entry(args.device, args.version)
    if entry is None:
        return _fail(command, f"no card {args.device} {args.version} under {root}/")
    if entry.card is None:
        problems = "; ".join(str(p) for p in entry.problems[:3])
        return _fail(
            command,
            f"{entry.path} is not a valid card ({problems}); run `gmlp-cards validate`",
            EXIT_FAILED,
        )
    return catalog, entry.card


def _export(args: argparse.Namespace, out: TextIO) -> int:
    found = load_card_for("export", args)
    if isinstance(found, int):
        return found
    catalog, card = found
    if args.sign is not None and args.to != "chai-xml":
        return _fail("export", "--sign signs CHAI XML only; card files are signed by `publish --sign`")
    stem = f"{card.device_id}-{card.version}"
    if args.to == "chai-xml":
        from gmlp_cards.formats.chai.export import ChaiExportError, export_chai

        try:
            xml = export_chai(card)
        except ChaiExportError as error:  # a card CHAI XML cannot carry: say which field, write nothing
            return _fail("export", str(error), EXIT_FAILED)
        if args.sign is not None:  # an enveloped ds:Signature where CHAI's schema allows one
            from gmlp_cards.formats.chai.signature import ChaiSignatureError, load_chai_key, sign_chai

            try:
                xml = sign_chai(xml, load_chai_key(args.sign))
            except ChaiSignatureError as error:
                return _fail("export", f"not signed: {error}", EXIT_FAILED)
        return _write(args.output or Path(f"{stem}.chai.xml"), xml, out)
    if args.to == "fhir":
        from gmlp_cards.formats.fhir import FhirExportError, export_fhir

        try:
            bundle = export_fhir(catalog, card)
        except FhirExportError as error:  # a defect of the exporter: say so, write nothing invalid
            return _fail("export", str(error), EXIT_FAILED)
        return _write(args.output or Path(f"{stem}.fhir.json"), bundle, out)
    if args.to == "hti1-json":
        from gmlp_cards.formats.hti1 import hti1_attributes

        text = json.dumps(hti1_attributes(card), indent=2, ensure_ascii=False) + "\n"
        return _write(args.output or Path(f"{stem}.hti1.json"), text.encode("utf-8"), out)
    tier = args.tier or "front"
    if args.to == "html":
        from gmlp_cards.formats.pdf import tier_html  # the HTML the PDF is printed from, nothing fetched

        document = tier_html(catalog, card, tier)
        return _write(args.output or Path(f"{stem}-{tier}.html"), document.encode("utf-8"), out)
    if args.to == "pdf":
        from gmlp_cards.formats.pdf import PdfError, tier_pdf

        try:
            data = tier_pdf(catalog, card, tier)
        except PdfError as error:
            return _fail("export", str(error), EXIT_FAILED)
        return _write(args.output or Path(f"{stem}-{tier}.pdf"), data, out)
    from gmlp_cards.formats.qr import deep_link, label_title, qr_png, qr_svg

    if tier not in TIERS:
        return _fail("export", f"--tier must be one of {', '.join(TIERS)}")
    url = deep_link(card.device_id, card.version, tier)
    formats = [args.format] if args.format else ["png", "svg"]
    base = args.output or Path(f"{stem}-{tier}-qr")
    for fmt in formats:
        path = base if args.format and args.output else base.with_suffix(f".{fmt}")
        title = label_title(card)
        data = qr_png(url, title=title) if fmt == "png" else qr_svg(url, title=title)
        path.write_bytes(data)
        print(f"wrote {path} ({url})", file=out)
    return EXIT_OK


def _write(path: Path, data: bytes, out: TextIO) -> int:
    if str(path) == "-":
        out.write(data.decode("utf-8") if not data.startswith(b"%PDF") else "")
        if data.startswith(b"%PDF"):
            sys.stdout.buffer.write(data)
        return EXIT_OK
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path} ({len(data):,} bytes)", file=out)
    return EXIT_OK


def _import(args: argparse.Namespace, out: TextIO) -> int:
    from gmlp_cards.formats.chai.importer import ChaiImportError, import_chai_file, write_draft

    if not args.file.is_file():
        return _fail("import", f"no such file: {args.file}")
    try:
        result = import_chai_file(args.file, device_id=args.device_id, card_version=args.version)
    except ChaiImportError as error:
        return _fail("import", str(error), EXIT_FAILED)
    target = args.output / result.card.device_id / f"{result.card.version}.yaml"
    if target.exists() and not args.force:
        return _fail("import", f"{target} exists; pass --force to replace it")
    try:
        path = write_draft(result, args.output)
    except ChaiImportError as error:
        return _fail("import", str(error), EXIT_FAILED)
    print(f"wrote {path}", file=out)
    print(result.report(), file=out)
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = commands.add_parser("export", help=COMMAND_HELP["export"])
    export.add_argument("device", metavar="DEVICE")
    export.add_argument("version", metavar="VERSION")
    export.add_argument("--to", choices=FORMATS, required=True)
    export.add_argument("--tier", choices=TIERS, help="tier for html, pdf and qr (default: front)")
    export.add_argument("--format", choices=("png", "svg"), help="qr: one format (default: both)")
    add_deployed_cards_option(export)
    export.add_argument("-o", "--output", type=Path, help="output file ('-' for stdout)")
    export.add_argument(
        "--sign", type=Path, metavar="KEYFILE", help="chai-xml: add an XML Signature (ECDSA P-256 PEM key)"
    )
    export.set_defaults(handler=_export)

    importer = commands.add_parser("import", help=COMMAND_HELP["import"])
    kinds = importer.add_subparsers(dest="source", required=True, metavar="FORMAT")
    chai = kinds.add_parser(
        "chai",
        help=f"a CHAI applied model card (v0.2 XML, at most {MAX_CHAI_BYTES:,} bytes)",
        description=(
            f"Turn a CHAI applied model card into a draft card. Files over {MAX_CHAI_BYTES:,} bytes "
            "(the limit of a card file) are refused before they are read; so are DTDs, entity "
            "references and texts longer than a card text holds: nothing is cut."
        ),
    )
    chai.add_argument("file", type=Path, metavar="FILE.xml")
    chai.add_argument("--device-id", help="device id (default: from the card or the file name)")
    chai.add_argument("--version", help="card version of the draft (default: 1.0.0)")
    chai.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_IMPORT_DIR,
        help=f"folder for the draft (default: {DEFAULT_IMPORT_DIR}/, never model_cards/)",
    )
    chai.add_argument("--force", action="store_true", help="replace an existing draft file")
    chai.set_defaults(handler=_import)
