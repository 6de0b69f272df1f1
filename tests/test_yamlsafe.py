"""Safe YAML: plain data with line marks; duplicate keys, aliases and non-core tags refused."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from gmlp_cards.cards.yamlsafe import parse, parse_data
from gmlp_cards.errors import YamlProblem, format_path


def test_parse_returns_plain_data():
    data, _ = parse("a: 1\nb: [x, 2.5, true, null, 2025-01-02]\nc: {d: text}\n")
    assert data == {"a": 1, "b": ["x", 2.5, True, None, dt.date(2025, 1, 2)], "c": {"d": "text"}}


def test_marks_give_the_line_and_column_of_every_key_and_list_item():
    _, marks = parse("a:\n  b:\n    - x\n    - y: 1\n")
    assert marks[("a",)] == (1, 1)
    assert marks[("a", "b")] == (2, 3)
    assert marks[("a", "b", 0)] == (3, 7)
    assert marks[("a", "b", 1)] == (4, 7)
    assert marks[("a", "b", 1, "y")] == (4, 7)


def test_an_empty_document_parses_to_none():
    assert parse("# only a comment\n") == (None, {})


def test_duplicate_keys_are_refused_at_the_second_one():
    with pytest.raises(YamlProblem, match=r"duplicate key 'b': first given on line 2") as caught:
        parse("a: 1\nb: 2\nc: 3\nb: 4\n")
    assert (caught.value.line, caught.value.column, caught.value.field) == (4, 1, "b")


def test_an_alias_of_a_mapping_is_refused_where_it_is_used():
    with pytest.raises(YamlProblem, match=r"anchors and aliases .* anchored value is on line 1") as caught:
        parse("a: &x {k: 1}\nb: 2\nc: *x\n")
    assert (caught.value.line, caught.value.field) == (3, "c")


def test_an_alias_of_a_plain_value_is_refused_too():
    with pytest.raises(YamlProblem, match=r"anchors and aliases") as caught:
        parse("a: &x text\nb: *x\n")
    assert (caught.value.line, caught.value.field) == (2, "b")


def test_an_alias_used_as_a_key_is_refused():
    with pytest.raises(YamlProblem, match=r"anchors and aliases"):
        parse("a: &x key\n*x : 1\n")


def test_billion_laughs_is_refused_at_once():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{b}: &{b} [{', '.join([f'*{a}'] * 10)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    started = time.perf_counter()
    with pytest.raises(YamlProblem, match=r"anchors and aliases") as caught:
        parse("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 0.5
    assert (caught.value.line, caught.value.field) == (2, "b[0]")


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['echo hi']",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!custom value",
        "!!set {a, b}",
        "!!omap [a: 1]",
    ],
)
def test_tags_beyond_the_core_schema_are_refused(tagged):
    with pytest.raises(YamlProblem, match=r"tag .* is not allowed") as caught:
        parse(f"ok: 1\nvalue: {tagged}\n")
    assert (caught.value.line, caught.value.field) == (2, "value")


def test_a_python_tag_never_runs_its_command(tmp_path: Path):
    marker = tmp_path / "pwned"
    with pytest.raises(YamlProblem):
        parse(f'x: !!python/object/apply:os.system ["touch {marker}"]\n')
    with pytest.raises(YamlProblem):
        parse(f'x: !!python/object/apply:subprocess.call [["touch", "{marker}"]]\n')
    assert not marker.exists()


def test_merge_keys_are_refused():
    with pytest.raises(YamlProblem, match=r"no merge keys"):
        parse("a: {k: 1}\nb:\n  <<: {k: 2}\n")


def test_keys_keep_the_text_as_written():
    # YAML 1.1 would read `no`, `yes` and `on` as booleans: a Norwegian patient text keyed `no`
    # must stay `no`, not become "False".
    data, _ = parse("no: Norsk\nyes: 1\n1.10: x\n")
    assert list(data) == ["no", "yes", "1.10"]


def test_syntax_errors_give_the_line_of_the_problem():
    with pytest.raises(YamlProblem, match=r"not valid YAML") as caught:
        parse("a: 1\nb: [1, 2\nc: 3\n")
    assert caught.value.line == 3


def test_a_second_document_is_refused():
    with pytest.raises(YamlProblem, match=r"expected a single document") as caught:
        parse("a: 1\n---\nb: 2\n")
    assert caught.value.line == 2


def test_an_impossible_date_is_refused_with_its_field():
    with pytest.raises(YamlProblem, match=r"'2025-02-30' cannot be read: day is out of range") as caught:
        parse("when:\n  start: 2025-02-30\n")
    assert (caught.value.line, caught.value.column, caught.value.field) == (2, 10, "when.start")


def test_an_unreadable_value_is_quoted_short_in_the_message():
    message = r"value '1000000000.*…' cannot be read: the number has too many digits"
    with pytest.raises(YamlProblem, match=message) as caught:
        parse(f"n: 1{'0' * 5000}\n")
    assert len(caught.value.message) < 200


def test_deep_nesting_is_a_yaml_problem_not_a_crash():
    with pytest.raises(YamlProblem, match=r"not valid YAML"):
        parse("a: " + "[" * 5000 + "]" * 5000 + "\n")


@pytest.mark.parametrize("read", [parse, parse_data], ids=["parse", "parse_data"])
def test_a_control_character_is_refused_at_its_line_and_column(read):
    # Columns count characters: the é before it is two bytes in UTF-8, which libyaml counts.
    with pytest.raises(YamlProblem, match=r"^character U\+0007 is not allowed in a card") as caught:
        read("a: 1\nb: é\x07\n")
    assert (caught.value.line, caught.value.column) == (2, 5)
    assert "\n" not in caught.value.message


def nested_lists(levels: int) -> str:
    """A mapping whose value is `levels - 1` nested flow lists: `levels` levels in all."""
    return "a: " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"


@pytest.mark.parametrize("read", [parse, lambda text: (parse_data(text), None)], ids=["parse", "parse_data"])
def test_nesting_of_64_levels_is_accepted(read):
    data, _ = read(nested_lists(64))
    for _ in range(63):
        data = data["a"] if isinstance(data, dict) else data[0]
    assert data == []


@pytest.mark.parametrize("read", [parse, parse_data], ids=["parse", "parse_data"])
def test_nesting_of_65_levels_is_refused_where_level_65_starts(read):
    with pytest.raises(YamlProblem, match=r"^nested 65 levels deep; a card needs at most about 12") as caught:
        read(nested_lists(65))
    # The 64th `[` opens level 65: column 3 + 64.
    assert (caught.value.line, caught.value.column) == (1, 67)
    assert caught.value.field == "a" + "[0]" * 63


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("!!timestamp x", r"it is not a date \(YYYY-MM-DD\)"),
        ("!!timestamp 2025-13-01", r"month must be in 1..12"),
        ("!!int x", r"it is not a whole number"),
        ("!!float x", r"it is not a number"),
        ("!!bool maybe", r"it is not true or false"),
        ("!!int 0o" + "7" * 200, r"the number has too many digits \(202 characters; at most 100\)"),
        ("0x" + "f" * 3600, r"the number has too many digits \(3,602 characters; at most 100\)"),
        ("1" + ":00" * 60, r"the number has too many digits \(181 characters"),  # sexagesimal
        ("1." + "5" * 200, r"the number has too many digits \(202 characters"),
    ],
)
def test_a_value_its_constructor_cannot_read_is_located(value, reason):
    with pytest.raises(YamlProblem, match=r"cannot be read: " + reason) as caught:
        parse("when:\n  start: " + value + "\n")
    assert (caught.value.line, caught.value.column, caught.value.field) == (2, 10, "when.start")


def test_a_number_of_100_characters_is_still_read():
    assert parse("n: " + "9" * 100 + "\n")[0] == {"n": int("9" * 100)}


def list_document(items: int) -> str:
    """A document of `items + 3` nodes: the root mapping, its key and a list of `items` numbers."""
    return "a: [" + "1," * (items - 1) + "1]\n"


def test_a_document_of_200000_nodes_is_read():
    assert len(parse_data(list_document(199_997))["a"]) == 199_997


@pytest.mark.parametrize("read", [parse, parse_data], ids=["parse", "parse_data"])
def test_a_document_of_200001_nodes_is_refused_at_the_overflowing_list(read):
    with pytest.raises(YamlProblem, match=r"^the card holds more than 200,000 values") as caught:
        read(list_document(199_998))
    assert (caught.value.line, caught.value.column, caught.value.field) == (1, 4, "a")


def test_a_broken_document_over_the_node_limit_is_refused_for_its_size():
    # libyaml's counter gives up at the syntax error; the event walk still finds the overflow first.
    with pytest.raises(YamlProblem, match=r"more than 200,000 values"):
        parse(list_document(300_000) + "]]\n")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), ""),
        (("identity",), "identity"),
        (("identity", "device_id"), "identity.device_id"),
        (("performance", "studies", 0, "overall", "metrics", 2), "performance.studies[0].overall.metrics[2]"),
        ((0, "a"), "[0].a"),
    ],
)
def test_format_path_reads_like_a_field_reference(path, text):
    assert format_path(path) == text
