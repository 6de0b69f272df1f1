"""parse_data (the fast path used to load catalogs) gives exactly what parse gives, or the same refusal."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmlp_cards.cards.yamlsafe import parse, parse_data
from gmlp_cards.errors import YamlProblem

EXAMPLES = sorted(Path(__file__).parents[1].joinpath("model_cards").glob("*/*.yaml"))

# Scalars chosen to hit every branch of the fast path and every fallback to the constructor.
SCALARS = st.sampled_from(
    [
        "0",
        "7",
        "-3",
        "012",
        "0x1F",
        "1_000",
        "-0",
        "+5",
        "190:20:30",
        "99999999999999999999",
        "1.5",
        "-0.0",
        ".5",
        "1.",
        "1.5e+3",
        "1_0.5",
        ".inf",
        "-.inf",
        ".nan",
        "6.8523015e+5",
        "yes",
        "No",
        "on",
        "OFF",
        "true",
        "~",
        "null",
        "",
        "2025-01-02",
        "2025-02-30",
        "2001-12-14t21:59:43.10-05:00",
        "text",
        "'quoted'",
        '"1.5"',
        "!!str 12",
        "!!int 12",
        "!!float 1e5",
        "!!float -+1",
        "!!bool maybe",
        "!!python/object:os.system x",
        "&a x",
        "*a",
        "R&D",
        "<<",
        "=",
        "!!binary aGk=",
        "[1, 2]",
        "{k: v}",
    ]
)


def _same(text: str) -> None:
    try:
        expected = parse(text)[0]
    except YamlProblem as problem:
        with pytest.raises(YamlProblem) as caught:
            parse_data(text)
        assert (caught.value.message, caught.value.line, caught.value.column, caught.value.field) == (
            problem.message,
            problem.line,
            problem.column,
            problem.field,
        )
        return
    assert parse_data(text) == expected


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "no", "1", "2025-02-30", "<<"]), SCALARS), max_size=6))
@settings(max_examples=300, deadline=None)
def test_a_mapping_of_odd_scalars_reads_the_same_on_both_paths(pairs: list[tuple[str, str]]) -> None:
    _same("".join(f"{key}: {value}\n" for key, value in pairs))


@given(st.lists(SCALARS, max_size=6))
@settings(max_examples=200, deadline=None)
def test_a_list_of_odd_scalars_reads_the_same_on_both_paths(items: list[str]) -> None:
    _same("x:\n" + "".join(f"- {item}\n" for item in items))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: 2\na: 3\n",
        "a: &x {k: 1}\nc: *x\n",
        "a: &x text\nb: *x\n",
        "a: [1, 2\n",
        "--- 1\n--- 2\n",
        "a: !!python/object/apply:os.system [ls]\n",
        "? [a, b]\n: 1\n",
        "<<: {a: 1}\n",
        "# nothing\n",
    ],
)
def test_refusals_are_the_same_on_both_paths(text: str) -> None:
    _same(text)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_example_cards_read_the_same_on_both_paths(path: Path) -> None:
    _same(path.read_text(encoding="utf-8"))
