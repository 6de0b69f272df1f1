"""Property tests: consistent generated cards validate; mutated cards fail only with CardError."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gmlp_cards.cards.loader import load_card
from gmlp_cards.cards.yamlsafe import parse
from gmlp_cards.errors import CardError
from gmlp_cards.model.intervals import wilson

VALID = Path(__file__).parent / "fixtures" / "cards" / "valid" / "demo-dr-screen" / "1.0.0.yaml"
BASE, _ = parse(VALID.read_text(encoding="utf-8"))
CARD_PATH = Path("cards") / "demo-dr-screen" / "1.0.0.yaml"  # never read: bytes are passed in

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def dump(card: dict[str, Any]) -> bytes:
    return yaml.safe_dump(card, sort_keys=False, allow_unicode=True).encode("utf-8")


def load(data: bytes) -> None:
    """Load from bytes; the only exception allowed out is CardError."""
    load_card(CARD_PATH, data=data)


# --- strategies for consistent cards ------------------------------------------------------------

counts = st.fixed_dictionaries(
    {
        "tp": st.integers(0, 400),
        "fn": st.integers(0, 400),
        "tn": st.integers(0, 400),
        "fp": st.integers(0, 400),
    }
).filter(lambda c: c["tp"] + c["fn"] > 0 and c["tn"] + c["fp"] > 0)


def metrics_for(c: dict[str, int]) -> list[dict[str, Any]]:
    """Sensitivity, specificity, PPV and NPV with Wilson intervals, rounded to 3 decimals as a maker would."""
    fractions = {
        "sensitivity": (c["tp"], c["tp"] + c["fn"]),
        "specificity": (c["tn"], c["tn"] + c["fp"]),
        "ppv": (c["tp"], c["tp"] + c["fp"]),
        "npv": (c["tn"], c["tn"] + c["fn"]),
    }
    metrics = []
    for name, (successes, n) in fractions.items():
        if n == 0:
            continue
        lower, upper = wilson(successes, n)
        metrics.append(
            {
                "kind": "estimate",
                "name": name,
                "n": n,
                "estimate": round(successes / n, 3),
                "lower": round(lower, 3),
                "upper": round(upper, 3),
                "method": "wilson",
            }
        )
    return metrics


@st.composite
def split(draw, c: dict[str, int]) -> tuple[dict[str, int], dict[str, int]]:
    part = {k: draw(st.integers(0, v)) for k, v in c.items()}
    return part, {k: c[k] - part[k] for k in c}


@st.composite
def shares(draw) -> list[dict[str, Any]]:
    """Percentages with one decimal that add up to exactly 100.0."""
    k = draw(st.integers(1, 6))
    cuts = sorted(draw(st.lists(st.integers(0, 1000), min_size=k - 1, max_size=k - 1)))
    tenths = [b - a for a, b in zip([0, *cuts], [*cuts, 1000], strict=True)]
    return [{"group": f"group {i}", "percent": t / 10} for i, t in enumerate(tenths)]


# PyYAML writes NEL and the Unicode line separators raw inside quotes, where YAML folds them to a
# space; a maker types text, so the round trip through the writer is not what is under test.
text = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\x85\u2028\u2029"),
    min_size=1,
    max_size=60,
)


@st.composite
def valid_cards(draw) -> dict[str, Any]:
    card = copy.deepcopy(BASE)
    study = card["performance"]["studies"][0]
    c = draw(counts)
    n = sum(c.values())
    auroc = study["overall"]["metrics"][2] | {"n": n}
    study["overall"] = {"n": n, "counts": c, "metrics": [*metrics_for(c), auroc]}
    study["endpoints"] = []  # endpoints name metrics the generated counts may not define
    first, second = draw(split(c))
    study["subgroups"] = [
        {
            "dimension": "sex",
            "group": group,
            "n": sum(part.values()),
            "counts": part,
            "metrics": metrics_for(part),
        }
        for group, part in (("female", first), ("male", second))
    ]
    card["data"]["test"][0]["demographics"] = [{"dimension": "age_band", "shares": draw(shares())}]
    card["identity"]["device_name"] = draw(text.filter(lambda s: len(s) <= 300))
    card["intended_use"]["purpose"] = draw(text)
    card["risks"]["warnings"][0]["detail"] = draw(text)
    card["patient"]["texts"]["en"]["summary"] = draw(text)
    return card


@FAST
@given(valid_cards())
def test_generated_consistent_cards_validate(card):
    loaded = load_card(CARD_PATH, data=dump(card))
    assert loaded.card.identity.device_name == card["identity"]["device_name"]
    assert (
        loaded.card.performance.studies[0].overall.counts.tp
        == card["performance"]["studies"][0]["overall"]["counts"]["tp"]
    )


# --- mutations ----------------------------------------------------------------------------------


def containers(node: Any, path: tuple = ()) -> list[tuple]:
    """Paths of every mapping and list in the card."""
    found = [path] if isinstance(node, dict | list) else []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in items:
        found += containers(child, (*path, key))
    return found


PATHS = containers(BASE)
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    text,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(text, st.integers(), max_size=2),
    st.dates(),
)


def at(card: dict, path: tuple) -> Any:
    """The node at `path`, or None when earlier mutations removed it."""
    node: Any = card
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


@st.composite
def mutated_cards(draw) -> dict[str, Any]:
    card = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        node = at(card, draw(st.sampled_from(PATHS)))
        if not node or not isinstance(node, dict | list):
            continue
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = draw(st.sampled_from(keys))
        action = draw(st.sampled_from(["delete", "retype", "unknown", "swap"]))
        if action == "delete":
            del node[key]
        elif action == "retype":
            node[key] = draw(ODD_VALUES)
        elif action == "unknown" and isinstance(node, dict):
            node[draw(text)] = draw(ODD_VALUES)
        elif action == "swap" and isinstance(node, dict) and {"lower", "upper"} <= node.keys():
            node["lower"], node["upper"] = node["upper"], node["lower"]
    return card


@FAST
@given(mutated_cards())
def test_mutated_cards_validate_or_fail_with_card_error(card):
    try:
        data = dump(card)
    except yaml.YAMLError:
        assume(False)  # not a document the YAML writer can produce; nothing to load
    try:
        load(data)
    except CardError as error:
        assert error.problems and all(str(p).startswith(f"{CARD_PATH}:") for p in error.problems)


VALID_BYTES = VALID.read_bytes()


@st.composite
def mutated_bytes(draw) -> bytes:
    data = bytearray(VALID_BYTES)
    for _ in range(draw(st.integers(1, 8))):
        at_ = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete"]))
        if action == "flip":
            data[at_] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at_:at_] = draw(
                st.sampled_from(
                    [
                        b"&a ",
                        b"*a",
                        b"!!python/object ",
                        b":",
                        b"- ",
                        b"\t",
                        b"\n",
                        b"  ",
                        b"{",
                        b"[",
                        b"'",
                        b'"',
                        b"\xff",
                        b"\x00",
                        b"<<: ",
                        b"---\n",
                        b"#",
                    ]
                )
            )
        else:
            del data[at_ : at_ + draw(st.integers(1, 20))]
    return bytes(data)


@FAST
@given(mutated_bytes())
def test_mutated_yaml_bytes_validate_or_fail_with_card_error(data):
    try:
        load(data)
    except CardError as error:
        assert error.problems
