"""CHAI import: every vendor example becomes a loadable draft, fields map verbatim, gaps are reported."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from chai_support import CHAI_EXAMPLES, REPO
from pydantic import ValidationError

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.cards.loader import load_card
from gmlp_cards.cli.main import main
from gmlp_cards.formats.chai.importer import ChaiImportError, import_chai, import_chai_file, write_draft
from gmlp_cards.model import ModelCard
from gmlp_cards.model.metrics import EstimateMetric, MeanSDMetric, SingleMetric
from gmlp_cards.model.provenance import NOT_STATED, GapKind
from gmlp_cards.model.vocabulary import MetricName

TODAY = dt.date(2025, 1, 2)


def _example(name: str) -> Path:
    return next(p for p in CHAI_EXAMPLES if p.name == name)


@pytest.fixture(scope="module")
def pe() -> ModelCard:
    return import_chai_file(_example("Aidoc_PE-03-RT.xml"), today=TODAY).card


@pytest.mark.parametrize("path", CHAI_EXAMPLES, ids=lambda p: p.stem)
def test_every_vendor_example_imports_as_a_draft_that_validates(path: Path, tmp_path: Path) -> None:
    result = import_chai_file(path, today=TODAY)
    written = write_draft(result, tmp_path)
    loaded = load_card(written)  # the file on disk passes the same loader as our own cards
    assert loaded.card.identity.status.value == "draft"
    assert loaded.card.identity.provenance is not None
    assert loaded.card.identity.provenance.source_file == path.name


def test_all_sixteen_drafts_validate_with_the_cli(tmp_path: Path) -> None:
    assert len(CHAI_EXAMPLES) == 16
    for path in CHAI_EXAMPLES:
        write_draft(import_chai_file(path, today=TODAY), tmp_path)
    out = io.StringIO()
    assert main(["validate", str(tmp_path)], out=out) == 0, out.getvalue()
    assert "16 cards, 16 devices, 0 problems" in out.getvalue()


def test_identity_maps_from_basic_and_release_info(pe: ModelCard) -> None:
    identity = pe.identity
    assert identity.device_id == "aidoc-pe-03-rt"
    assert identity.device_name == "BriefCase-Triage for Pulmonary Embolism"
    assert identity.manufacturer.name == "Aidoc"
    assert identity.manufacturer.contact_email == "info@aidoc.com"
    assert identity.manufacturer.website == "https://www.aidoc.com/contact-support/"
    assert identity.software_version == "PE-03-RT"
    assert identity.release_date == dt.date(2024, 7, 1)
    us = identity.regulatory[0]
    assert (us.jurisdiction, us.pathway, us.status, us.identifier, us.device_class) == (
        "US",
        "510(k)",
        "cleared",
        "K241727",
        "II",
    )


def test_free_text_is_kept_verbatim(pe: ModelCard) -> None:
    assert pe.intended_use.purpose.startswith("BriefCase-Triage is a radiological computer aided triage")
    assert pe.outputs.interpretation.startswith("Notifications include compressed preview images")
    assert pe.outputs.model_type == "Custom-built 3D deep convolutional neural network."
    assert pe.risks.cybersecurity.startswith("Aidoc's products are structured based on international")
    assert "**Continuous monitoring**" in pe.monitoring.process  # Markdown stays Markdown
    assert pe.intended_use.indications.target_population == (
        "patients Adults or transitional adolescents aged 18 and older."
    )


def test_metric_values_are_parsed_from_value_json(pe: ModelCard) -> None:
    usefulness = pe.performance.primary
    sensitivity = usefulness.overall.metric(MetricName.sensitivity)
    assert isinstance(sensitivity, EstimateMetric)
    assert (sensitivity.estimate, sensitivity.lower, sensitivity.upper) == (94.39, 90.41, 97.07)
    assert sensitivity.scale.value == "percent" and sensitivity.level == 0.95
    assert usefulness.overall.n == 499  # "in 499 cases" in the metric goal, recorded as assumed
    safety = next(s for s in pe.performance.studies if s.id == "safety")
    device_time = safety.overall.metrics[0]
    assert device_time.title == "Mean time-to-notification (device) [seconds]"
    assert isinstance(device_time, EstimateMetric) and device_time.estimate == 26.42


def test_mean_sd_and_percent_singles_map_on_a_second_card() -> None:
    card = import_chai_file(_example("Aidoc_AD-01.xml"), today=TODAY).card
    metrics = [m for s in card.performance.studies for m in s.overall.metrics]
    age = next(m for m in metrics if m.title == "Mean age [years]")
    assert isinstance(age, MeanSDMetric) and (age.mean, age.sd) == (67.4, 12.8)
    agreement = next(m for m in metrics if m.title == "Overall agreement")
    assert (
        isinstance(agreement, SingleMetric) and agreement.value == 87.1 and agreement.scale.value == "percent"
    )
    assert card.identity.software_version == "AD-01"


def test_unitless_auc_is_a_proportion_and_percent_auc_is_percent() -> None:
    rib = import_chai_file(_example("Aidoc_RibFx-02-RT.xml"), today=TODAY).card
    vcf = import_chai_file(_example("Aidoc_VCFx-01.xml"), today=TODAY).card
    auc = next(m for s in rib.performance.studies for m in s.overall.metrics if m.name is MetricName.auroc)
    assert auc.scale.value == "proportion" and auc.value == 0.98
    auc = next(m for s in vcf.performance.studies for m in s.overall.metrics if m.name is MetricName.auroc)
    assert auc.scale.value == "percent" and auc.value == 97.6


def test_gap_report_lists_what_chai_does_not_say(pe: ModelCard) -> None:
    result = import_chai_file(_example("Aidoc_PE-03-RT.xml"), today=TODAY)
    missing = {g.field for g in result.gaps if g.kind is GapKind.missing}
    assert {
        "performance.studies[*].subgroups",
        "inputs.acceptable",
        "change_notice",
        "patient",
        "data.training",
        "identity.modality",
    } <= missing
    assumed = {g.field for g in result.gaps if g.kind is GapKind.assumed}
    assert {"identity.release_date", "intended_use.decision_role"} <= assumed
    report = result.report()
    assert "cannot be published" in report
    assert "performance.studies[*].subgroups: Results per subgroup" in report
    assert "inputs.acceptable: Acceptable inputs as a table" in report


def test_placeholders_are_visible_and_unmapped_text_is_kept(pe: ModelCard) -> None:
    assert pe.inputs.acceptable[0].modality == NOT_STATED
    assert pe.identity.modality == NOT_STATED
    unmapped = {u.element: u.text for u in pe.identity.provenance.unmapped}
    assert (
        unmapped["TrustIngredients/TransparencyInformation/FundingSource"]
        == "Aidoc's model creation is self-funded."
    )
    assert unmapped["ReleaseInfo/GlobalAvailability"].startswith("US, EU (CE Marked)")


def test_an_imported_draft_cannot_be_published(pe: ModelCard) -> None:
    data = pe.model_dump(mode="json")
    data["identity"]["status"] = "published"
    with pytest.raises(ValidationError, match="unresolved import gaps"):
        ModelCard.model_validate(data)
    data["identity"].pop("provenance")  # removing the record does not hide the placeholders
    with pytest.raises(ValidationError, match="import placeholder"):
        ModelCard.model_validate(data)


def test_imported_drafts_are_not_served_by_the_catalog(tmp_path: Path) -> None:
    write_draft(import_chai_file(_example("Aidoc_PE-03-RT.xml"), today=TODAY), tmp_path)
    catalog = Catalog.load(tmp_path)
    assert catalog.device_ids() == []
    assert catalog.versions("aidoc-pe-03-rt", include_drafts=True) == ["1.0.0"]


def _import_ptx_into(drafts: Path) -> tuple[int, str]:
    """`gmlp-cards import chai Aidoc_PTX-01.xml --device-id ptx-triage -o DRAFTS`: exit code and output."""
    out = io.StringIO()
    source = str(_example("Aidoc_PTX-01.xml"))
    argv = ["import", "chai", source, "--device-id", "ptx-triage", "-o", str(drafts)]
    return main(argv, out=out), out.getvalue()


def test_cli_import_writes_into_the_named_folder_and_prints_the_report(tmp_path: Path) -> None:
    code, printed = _import_ptx_into(tmp_path / "drafts")
    assert code == 0
    assert (tmp_path / "drafts" / "ptx-triage" / "1.0.0.yaml").is_file()
    assert "Missing (the CHAI card does not say)" in printed
    assert not (REPO / "model_cards" / "ptx-triage").exists()
    assert _import_ptx_into(tmp_path / "drafts")[0] == 2  # no silent overwrite


def test_default_import_folder_is_not_model_cards() -> None:
    from gmlp_cards.cli.formats import DEFAULT_IMPORT_DIR

    assert DEFAULT_IMPORT_DIR.name != "model_cards"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<not xml", "not well-formed XML"),
        (b'<?xml version="1.0"?><card/>', "not a CHAI v0.2 AppliedModelCard"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(ChaiImportError, match=message):
        import_chai(data, source_file="bad.xml", today=TODAY)


def test_external_entities_are_never_expanded_and_the_file_is_refused() -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<AppliedModelCard xmlns="https://mc.chai.org/v0.2/schema.xsd"><BasicInfo><ModelName>&e;'
        b"</ModelName></BasicInfo></AppliedModelCard>"
    )
    with pytest.raises(ChaiImportError) as refused:  # refused, not imported with the text cut
        import_chai(xml, source_file="x.xml", today=TODAY)
    assert "root:" not in str(refused.value)
    assert "the entity reference &e; in BasicInfo/ModelName is not allowed" in str(refused.value)


def test_a_bad_value_json_is_kept_and_reported_not_fatal() -> None:
    xml = (
        _example("Aidoc_PE-03-RT.xml")
        .read_bytes()
        .replace(
            b'{"kind":"estimate_ci","estimate":94.39,"lower":90.41',
            b'{"kind":"estimate_ci","estimate":94.39,"lower":99.9',
            1,
        )
    )
    result = import_chai(xml, source_file="x.xml", today=TODAY)
    assert any("could not be read" in g.need for g in result.gaps)
    assert any('"lower":99.9' in u.text for u in result.unmapped)


def test_publishing_an_imported_draft_names_each_gap_where_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One list of refusals (publishing.blockers) for the CLI and the /publish page: each gap is
    # named with its field, not summed up as "N unresolved import gaps".
    written = write_draft(import_chai_file(_example("Aidoc_PE-03-RT.xml"), today=TODAY), tmp_path)
    assert main(["publish", "aidoc-pe-03-rt", "1.0.0", "--cards", str(tmp_path)], out=io.StringIO()) == 1
    lines = capsys.readouterr().err.splitlines()
    assert any(f": {written}: inputs.acceptable: " in line for line in lines), lines
    assert any(f": {written}: performance.studies[*].subgroups: " in line for line in lines), lines
