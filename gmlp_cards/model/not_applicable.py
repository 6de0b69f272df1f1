""" "Not applicable, because ...": a maker's declaration that a GMLP coverage item does not apply.

The keys are the coverage report's (gmlp_cards.checks.coverage names its items by these members,
so the two cannot drift): the twelve items of principle 9's essential information, and the other
principles by number. Principle 9 itself always applies: a device's users always need the
information; its items may not. Whether a declaration contradicts the card (the item is fully
there) is judged by the coverage report, which knows the fields behind each key.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from gmlp_cards.model.base import CardEnum, CardModel, Text


class CoverageKey(CardEnum):
    """What coverage rates: principle 9's information items, then the other principles."""

    intended_use = "intended_use"
    benefits_risks = "benefits_risks"
    subgroup_performance = "subgroup_performance"
    study_methodology = "study_methodology"
    data = "data"
    inputs = "inputs"
    limitations = "limitations"
    reading_output = "reading_output"
    workflow = "workflow"
    basis = "basis"
    updates = "updates"
    report_concerns = "report_concerns"
    principle_1 = "principle_1"
    principle_2 = "principle_2"
    principle_3 = "principle_3"
    principle_4 = "principle_4"
    principle_5 = "principle_5"
    principle_6 = "principle_6"
    principle_7 = "principle_7"
    principle_8 = "principle_8"
    principle_10 = "principle_10"


def principle_key(number: int) -> CoverageKey | None:
    """The key declaring principle `number` not applicable (None for 9: it always applies)."""
    return CoverageKey.__members__.get(f"principle_{number}")


class NotApplicable(CardModel):
    """One coverage item that does not apply to this device, and why (shown to readers)."""

    item: CoverageKey = Field(
        description="The coverage item (e.g. `subgroup_performance`) or principle (e.g. `principle_7`) "
        "that does not apply; `gmlp-cards lint` lists the keys."
    )
    because: Text = Field(
        description="Why it does not apply, in words a reader understands, e.g. `over-the-counter "
        "device: no clinician reads its output, so there is no reader study`."
    )

    @field_validator("because")
    @classmethod
    def _says_something(cls, because: str) -> str:
        if not because.strip():
            raise ValueError("give the reason it does not apply; readers are shown it")
        return because
