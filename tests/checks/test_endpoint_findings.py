"""Issue 16, item 5: a pre-specified endpoint the card's own numbers show not met is said in lint
(a warning, so `--strict` fails), in publish (a warning; it still publishes), on the front of pack
beside the headline and in the leaflet's study section. One it cannot judge is a note."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

from check_cards import codes, make_card, study, write_card

from gmlp_cards.cards.catalog import Catalog
from gmlp_cards.checks import Level, endpoint_findings, run_checks
from gmlp_cards.cli.main import main
from gmlp_cards.model import ModelCard
from gmlp_cards.render.blocks import Facts, Notice
from gmlp_cards.tiers.facts import VersionFacts
from gmlp_cards.tiers.leaflet import leaflet
from gmlp_cards.tiers.pages import front

# The clean card's specificity is 95% (95% CI 93.6% to 96.1%), n 1200: a criterion of 94% for the
# lower bound is not met by 0.4 points.
NOT_MET = (
    "A primary endpoint was not met in Prospective pivotal study in primary care: Specificity 95% "
    "(95% CI 93.6% to 96.1%; Wilson score), n = 1200, against a criterion of at least 94% for the "
    "lower bound."
)


def specificity_threshold(value: object) -> Any:
    def edit(data: dict[str, Any]) -> None:
        study(data)["endpoints"][1]["threshold"] = value

    return edit


def as_draft(data: dict[str, Any]) -> None:
    data["identity"]["status"] = "draft"


def lint(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(["lint", *argv], out), out.getvalue()


def facts(card: ModelCard) -> VersionFacts:
    """The card as the latest published version of its device."""
    return VersionFacts(card.device_id, card.version, card.identity.status, card.version, ())


def test_an_endpoint_met_gives_no_endpoint_finding(clean_card: ModelCard) -> None:
    assert endpoint_findings(clean_card) == []


def test_an_endpoint_not_met_is_a_warning_naming_study_metric_numbers_and_criterion() -> None:
    findings = endpoint_findings(make_card(specificity_threshold(0.94)))
    assert [(f.code, f.level, f.field) for f in findings] == [
        ("endpoint.not-met", Level.warning, "performance.studies[0].endpoints[1]")
    ]
    assert findings[0].message == NOT_MET
    assert findings[0].patient_message is None  # no exact plain-words sentence for patients


def test_the_endpoint_warning_is_among_every_check_run_by_lint() -> None:
    assert "endpoint.not-met" in codes(run_checks(make_card(specificity_threshold(0.94))))


def test_a_lower_is_better_criterion_reads_at_most() -> None:
    def no_result_rate(data: dict[str, Any]) -> None:
        row = study(data)
        row["endpoints"] = [{"metric": "no_result_rate", "threshold": 0.04, "judged_on": "upper"}]
        row["overall"]["metrics"].append(
            {"kind": "estimate", "name": "no_result_rate", "n": 1500, "estimate": 0.05}
            | {"lower": 0.04, "upper": 0.062, "method": "bootstrap"}
        )

    (finding,) = endpoint_findings(make_card(no_result_rate))
    assert finding.message.endswith(
        ": No-result rate (input could not be analysed) 5% (95% CI 4% to 6.2%; bootstrap), n = 1500, "
        "against a criterion of at most 4% for the upper bound."
    )


def test_the_studys_own_conclusion_is_quoted_beside_the_computed_verdict() -> None:
    def concluded(data: dict[str, Any]) -> None:
        study(data)["stated_conclusion"] = "The study met its endpoints (p. 9)."

    (finding,) = endpoint_findings(make_card(specificity_threshold(0.94), concluded))
    assert finding.message == NOT_MET + " The study's stated conclusion: The study met its endpoints (p. 9)."


def test_an_endpoint_whose_threshold_is_not_disclosed_is_a_note() -> None:
    findings = endpoint_findings(make_card(specificity_threshold("not_disclosed")))
    assert [(f.code, f.level) for f in findings] == [("endpoint.not-judged", Level.note)]
    assert findings[0].message == (
        "The endpoint on Specificity in Prospective pivotal study in primary care cannot be judged: "
        "its threshold is not disclosed."
    )


def test_lint_prints_the_warning_at_the_endpoints_line_and_strict_fails(tmp_path: Path) -> None:
    path = write_card(tmp_path, specificity_threshold(0.94))
    code, text = lint(str(path))
    assert code == 0
    line = next(x for x in text.splitlines() if "endpoint.not-met" in x)
    assert line.startswith(f"{path}:")
    assert line.endswith(f"warning endpoint.not-met: performance.studies[0].endpoints[1]: {NOT_MET}")
    assert lint("--strict", str(path))[0] == 1


def test_publish_prints_the_warning_and_publishes(tmp_path: Path) -> None:
    path = write_card(tmp_path, specificity_threshold(0.94), as_draft)
    out = io.StringIO()
    code = main(["publish", "clean-dr-screen", "1.0.0", "--cards", str(tmp_path)], out)
    assert code == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"published {path} (sha256 ")
    assert lines[1:] == [f"{path}: warning endpoint.not-met: performance.studies[0].endpoints[1]: {NOT_MET}"]
    assert "status: published" in path.read_text(encoding="utf-8")


def test_publish_of_a_card_that_meets_its_endpoints_prints_no_warning(tmp_path: Path) -> None:
    write_card(tmp_path, as_draft)
    out = io.StringIO()
    assert main(["publish", "clean-dr-screen", "1.0.0", "--cards", str(tmp_path)], out) == 0
    assert len(out.getvalue().splitlines()) == 1


def test_the_front_says_it_beside_the_headline_result() -> None:
    card = make_card(specificity_threshold(0.94))
    blocks = front(card, facts(card))
    glance = next(b for b in blocks if isinstance(b, Facts) and b.items[0][0] == "Population")
    labels = [label for label, _ in glance.items]
    assert labels == ["Population", "Headline result", "Primary endpoint", "How it works"]
    assert glance.items[2][1] == NOT_MET


def test_the_front_of_a_card_meeting_its_endpoints_has_no_endpoint_line(clean_card: ModelCard) -> None:
    glance = next(
        b
        for b in front(clean_card, facts(clean_card))
        if isinstance(b, Facts) and b.items[0][0] == "Population"
    )
    assert [label for label, _ in glance.items] == ["Population", "Headline result", "How it works"]


def test_the_leaflet_says_it_in_the_study_section() -> None:
    card = make_card(specificity_threshold(0.94))
    blocks = leaflet(card, facts(card), [card])
    table = next(i for i, b in enumerate(blocks) if getattr(b, "caption", "").startswith("Primary endpoints"))
    assert blocks[table + 1] == Notice("warning", NOT_MET)  # right under the endpoints table


EXAMPLES = Path(__file__).resolve().parents[2] / "model_cards"


def test_of_the_example_and_real_cards_only_quantx_misses_an_endpoint() -> None:
    # QuantX (DEN170022): the same primary endpoint with the trapezoidal AUC has a two-sided 95% CI
    # of -0.0011 to 0.0985 (Table 3, p. 18), which includes 0; FDA calls it "marginally met".
    catalog = Catalog.load(EXAMPLES)
    found = {
        (d, v): [(f.code, f.field) for f in endpoint_findings(catalog.card(d, v))]
        for d in catalog.device_ids()
        for v in catalog.versions(d)
    }
    assert {key: value for key, value in found.items() if value} == {
        ("quantx", "1.0.0"): [("endpoint.not-met", "performance.studies[0].endpoints[1]")]
    }
    (finding,) = endpoint_findings(catalog.card("quantx", "1.0.0"))
    assert "(95% CI -0.0011 AUC to 0.0985 AUC; other method)" in finding.message
    assert "against a criterion of above 0 AUC for the lower bound (superiority)." in finding.message
    assert "marginally met the primary endpoint" in finding.message  # the study's own words, beside it


def test_lint_words_its_endpoint_findings_without_loading_pandas(tmp_path: Path) -> None:
    # The wording (evidence.described) is apart from the tables (evidence.results), so the checks
    # cost `gmlp-cards lint` no pandas import.
    path = write_card(tmp_path, specificity_threshold(0.94))
    probe = (
        "import io, sys\nfrom gmlp_cards.cli.main import main\n"
        f"main(['lint', {str(path)!r}], io.StringIO())\nprint('pandas' in sys.modules)"
    )
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", probe], cwd=repo, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
