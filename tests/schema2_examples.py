"""Schema-2 numbers shared by the model tests and the page tests (fictional; expected values in
each test were computed separately and are written there literally)."""

from __future__ import annotations

from typing import Any

WORST_CASE: dict[str, Any] = {
    "kind": "estimate",
    "name": "sensitivity",
    "analysis": "worst_case",
    "x": 174,
    "n": 198,
    "estimate": 0.879,
    "lower": 0.846,
    "sides": "lower",
    "level": 0.9,
    "method": "wilson",
    "source": {"document": "Fictional decision summary", "table": "Table 7", "page": "12"},
}
"""A worst-case analysis with its own x of n and a one-sided 90% Wilson lower bound."""

PPV_UNRECONCILED = {"quantity": "upper", "stated": 0.932, "recomputed": 0.8587}


def irreproducible_ppv(**explanation: Any) -> dict[str, Any]:
    """A PPV of 276/336 whose stated upper bound (0.932) no Wilson interval gives (0.8587)."""
    metric = {
        "kind": "estimate",
        "name": "ppv",
        "x": 276,
        "n": 336,
        "estimate": 0.821,
        "lower": 0.777,
        "upper": 0.932,
        "method": "wilson",
    }
    if explanation:
        metric["explanation"] = explanation
    return metric
