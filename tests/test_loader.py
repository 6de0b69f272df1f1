"""load_card: bytes to a validated card, every failure a CardError located at file, line and field."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gmlp_cards.cards import card_bytes, loader
from gmlp_cards.cards.loader import MAX_CARD_BYTES, load_card
from gmlp_cards.errors import CardError, CardProblem

VALID = Path(__file__).parent / "fixtures" / "cards" / "valid" / "demo-dr-screen" / "1.0.0.yaml"


def only_problem(error: pytest.ExceptionInfo[CardError]) -> CardProblem:
    assert len(error.value.problems) == 1, error.value.problems
    return error.value.problems[0]


def edited(old: str, new: str) -> str:
    text = VALID.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_the_valid_fixture_loads_with_its_digest_and_marks():
    loaded = load_card(VALID)
    assert loaded.card.identity.device_name == "DemoScreen DR"
    assert len(loaded.sha256) == 64
    assert loaded.marks[("identity", "card_version")] == (13, 3)


def test_bytes_can_be_given_instead_of_reading_the_file(tmp_path):
    loaded = load_card(tmp_path / "demo-dr-screen" / "1.0.0.yaml", data=VALID.read_bytes())
    assert loaded.card.version == "1.0.0"


def test_a_byte_order_mark_is_accepted(write_card):
    path = write_card(b"\xef\xbb\xbf" + VALID.read_bytes())
    assert load_card(path).card.version == "1.0.0"


def test_a_wrong_type_names_line_and_field(write_card):
    path = write_card(edited("        n: 500\n", "        n: many\n"))
    with pytest.raises(CardError, match=r"Input should be a valid integer") as caught:
        load_card(path)
    problem = only_problem(caught)
    assert (problem.line, problem.column, problem.field) == (107, 9, "performance.studies[0].overall.n")


def test_a_problem_inside_a_tagged_metric_keeps_the_field_name(write_card):
    # `estimate` is both the tag of an estimate and one of its fields; the path must keep the field.
    path = write_card(
        edited("estimate: 0.880, lower: 0.802, upper: 0.930", "estimate: 0.880, lower: 0.802, upper: .inf")
    )
    with pytest.raises(CardError, match=r"finite number") as caught:
        load_card(path)
    problem = only_problem(caught)
    assert (problem.line, problem.field) == (110, "performance.studies[0].overall.metrics[0].upper")


def test_a_rule_of_a_whole_metric_points_at_the_metric_not_at_a_field(write_card):
    path = write_card(edited("estimate: 0.880, lower: 0.802", "estimate: 0.880, lower: 0.902"))
    with pytest.raises(CardError, match=r"lower bound 0.902 is above the estimate 0.88") as caught:
        load_card(path)
    problem = only_problem(caught)
    where = (problem.line, problem.column, problem.field)
    assert where == (110, 13, "performance.studies[0].overall.metrics[0]")


def test_a_number_where_text_is_expected_says_to_quote_it(write_card):
    path = write_card(edited("  software_version: 2.4.1\n", "  software_version: 2.4\n"))
    with pytest.raises(CardError, match=r"expected text, but YAML read '2.4' as a number; put it in quotes"):
        load_card(path)


def test_a_date_where_text_is_expected_says_to_quote_it(write_card):
    path = write_card(edited("  software_version: 2.4.1\n", "  software_version: 2025-01-01\n"))
    with pytest.raises(CardError, match=r"YAML read '2025-01-01' as a date; put it in quotes"):
        load_card(path)


def test_a_card_version_that_is_not_semver_says_what_is_expected(write_card):
    path = write_card(edited("  card_version: 1.0.0\n", "  card_version: v1\n"), version="v1")
    with pytest.raises(CardError, match=r"'v1' is not a semantic version; write MAJOR.MINOR.PATCH") as caught:
        load_card(path)
    assert only_problem(caught).field == "identity.card_version"


def test_a_missing_field_is_located_at_its_parent(write_card):
    path = write_card(edited("  modality: Colour fundus photograph\n", "  # modality removed\n"))
    with pytest.raises(CardError, match=r"identity.modality: required field is missing") as caught:
        load_card(path)
    assert only_problem(caught).line == 5  # the `identity:` key


def test_a_norwegian_patient_text_keyed_no_is_accepted(write_card):
    path = write_card(
        edited("  default_language: en\n  texts:\n    en:\n", "  default_language: 'no'\n  texts:\n    no:\n")
    )
    assert list(load_card(path).card.patient.texts) == ["no"]


def test_several_problems_in_one_file_are_all_reported(write_card):
    text = edited("  status: published\n", "  status: live\n")
    text = text.replace("  cybersecurity: Runs", "  cybersecurty: Runs")
    text = text.replace("{group: male, percent: 51.5}", "{group: male, percent: 55.5}")
    with pytest.raises(CardError) as caught:
        load_card(write_card(text))
    assert [(p.line, p.field) for p in caught.value.problems] == [
        (15, "identity.status"),
        (147, "data.training[0].demographics[0]"),
        (184, "risks.cybersecurity"),
        (194, "risks.cybersecurty"),
    ]


def test_problems_are_sorted_by_line(write_card):
    text = edited("  cybersecurity: Runs", "  cybersecurty: Runs")
    text = text.replace("  status: published", "  status: x")
    with pytest.raises(CardError) as caught:
        load_card(write_card(text))
    lines = [p.line for p in caught.value.problems]
    assert lines == sorted(lines)


def test_a_file_over_the_size_limit_is_refused_without_being_read(write_card, monkeypatch):
    path = write_card(b"a: b\n" * (20 * 1024 * 1024 // 5))  # 20 MB
    monkeypatch.setattr(card_bytes.os, "read", lambda fd, n: pytest.fail("read a file over the limit"))
    with pytest.raises(CardError, match=rf"file is 20,971,520 bytes, over the {MAX_CARD_BYTES:,}-byte limit"):
        load_card(path)


def test_bytes_over_the_size_limit_are_refused(tmp_path):
    with pytest.raises(CardError, match=r"over the .*-byte limit"):
        load_card(tmp_path / "x" / "1.0.0.yaml", data=b" " * (MAX_CARD_BYTES + 1))


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\n"])
def test_an_empty_file_is_refused(write_card, data):
    with pytest.raises(CardError, match=r"1:1: file is empty; a card is a YAML mapping"):
        load_card(write_card(data))


def test_a_binary_file_is_refused(write_card):
    with pytest.raises(CardError, match=r"1:1: file contains NUL bytes: it is binary"):
        load_card(write_card(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))


def test_utf16_is_refused_as_binary(write_card):
    with pytest.raises(CardError, match=r"NUL bytes"):
        load_card(write_card(VALID.read_text(encoding="utf-8").encode("utf-16")))


def test_non_utf8_text_names_the_line_and_the_byte(write_card):
    data = edited("Colour fundus", "Colour fündus").encode("latin-1")
    message = r":16:1: not UTF-8 text \(byte 0xfc at offset \d+\); save the card as UTF-8"
    with pytest.raises(CardError, match=message):
        load_card(write_card(data))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("- a\n- b\n", "list"),
        ("just text\n", "str"),
        ("42\n", "int"),
        ("# comment only\n", "nothing"),
        ("~\n", "nothing"),
    ],
)
def test_a_document_that_is_not_a_mapping_is_refused(write_card, text, kind):
    with pytest.raises(CardError, match=rf"a card must be a YAML mapping of its sections, got {kind}"):
        load_card(write_card(text))


def test_a_device_id_that_does_not_match_the_folder_is_an_error(write_card, card_dict):
    path = write_card(card_dict, device="another-device")
    message = r"device_id 'demo-dr-screen' does not match its folder 'another-device'"
    with pytest.raises(CardError, match=message) as caught:
        load_card(path)
    assert (only_problem(caught).line, only_problem(caught).field) == (3, "identity.device_id")


def test_a_card_version_that_does_not_match_the_file_name_is_an_error(write_card, card_dict):
    path = write_card(card_dict, version="1.0.1")
    with pytest.raises(CardError, match=r"card_version '1.0.0' does not match the file name '1.0.1.yaml'"):
        load_card(path)


def test_the_location_check_can_be_switched_off(write_card, card_dict):
    path = write_card(card_dict, device="anywhere", version="whatever")
    assert load_card(path, expect_location=False).card.version == "1.0.0"


def test_an_unreadable_path_is_a_card_error(tmp_path):
    with pytest.raises(CardError, match=r"cannot be read"):
        load_card(tmp_path / "missing" / "1.0.0.yaml")


def test_a_folder_given_as_a_card_is_a_card_error(tmp_path):
    (tmp_path / "1.0.0.yaml").mkdir()
    with pytest.raises(CardError, match=r"1:1: is a folder, not a card file"):
        load_card(tmp_path / "1.0.0.yaml")


def test_the_problem_prints_as_one_line_path_line_column_field_message():
    problem = CardProblem("cards/x/1.0.0.yaml", 12, 5, "identity.status", "bad")
    assert str(problem) == "cards/x/1.0.0.yaml:12:5: identity.status: bad"
    assert str(CardProblem("f.yaml", 1, 1, "", "file is empty")) == "f.yaml:1:1: file is empty"


def test_more_than_50_problems_are_cut_to_50_and_one_line_with_the_rest(write_card):
    # 60 numbers where the intended users' names belong: 60 wrong types, lines 40 to 99.
    users = "  intended_users:\n    - Primary care physicians\n    - Trained camera operators\n"
    numbers = "".join(f"    - {i}\n" for i in range(60))
    with pytest.raises(CardError) as caught:
        load_card(write_card(edited(users, "  intended_users:\n" + numbers)))
    problems = caught.value.problems
    assert len(problems) == 51
    assert [p.line for p in problems[:50]] == list(range(40, 90))
    assert (problems[50].line, problems[50].message) == (
        90,
        "... and 10 more problems in this file (only the first 50 are listed)",
    )


def test_50_problems_are_all_listed(write_card):
    users = "  intended_users:\n    - Primary care physicians\n    - Trained camera operators\n"
    numbers = "".join(f"    - {i}\n" for i in range(50))
    with pytest.raises(CardError) as caught:
        load_card(write_card(edited(users, "  intended_users:\n" + numbers)))
    assert len(caught.value.problems) == 50
    assert not [p for p in caught.value.problems if "more problems" in p.message]


def test_a_symbolic_link_to_a_valid_card_is_refused(write_card, tmp_path):
    link = tmp_path / "cards" / "demo-dr-screen" / "1.0.0.yaml"
    link.parent.mkdir(parents=True)
    link.symlink_to(VALID)
    with pytest.raises(CardError, match=r"1:1: is a symbolic link; card files must be regular files"):
        load_card(link)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (RecursionError, r"1:1: nested too deeply to read; a card needs about 12 levels"),
        (MemoryError, r"1:1: too large to read: the card ran this process out of memory"),
    ],
)
def test_exhaustion_while_reading_a_card_is_that_card_s_problem(write_card, monkeypatch, error, message):
    def exhausted(text):
        raise error

    monkeypatch.setattr(loader, "parse_data", exhausted)
    with pytest.raises(CardError, match=message):
        load_card(write_card(VALID.read_bytes()))


def test_a_huge_integer_is_never_converted_to_text_in_a_message():
    # str() of an int past 4,300 digits raises ValueError; YAML refuses such numbers, but a
    # message must not depend on that.
    item = {"type": "string_type", "input": 16**3600, "msg": "Input should be a valid string"}
    assert loader._message(item) == (
        "expected text, but YAML read 'a number with too many digits' as a number; put it in quotes"
    )


def test_a_fifo_is_refused_without_being_opened(tmp_path, monkeypatch):
    # Opening a device or FIFO can act on it (a FIFO's writer is woken); its type is known first.
    fifo = tmp_path / "demo-dr-screen" / "1.0.0.yaml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    monkeypatch.setattr(card_bytes.os, "open", lambda *args: pytest.fail("opened a FIFO"))
    with pytest.raises(CardError, match=r"1:1: is a named pipe \(FIFO\), not a card file"):
        load_card(fifo)


def test_a_count_with_a_decimal_point_says_to_write_the_whole_number(write_card):
    path = write_card(edited("        n: 500\n", "        n: 500.0\n"))
    message = (
        r"107:9: performance.studies\[0\].overall.n: "
        r"expected a whole number, but 500.0 has a decimal point; write 500$"
    )
    with pytest.raises(CardError, match=message):
        load_card(path)


def test_a_control_character_written_as_an_escape_is_a_located_problem(write_card):
    # YAML refuses a raw U+0007, but `"\a"` in double quotes writes one; no screen or XML can show it.
    path = write_card(edited("  device_name: DemoScreen DR\n", '  device_name: "DemoScreen \\a DR"\n'))
    with pytest.raises(CardError) as error:
        load_card(path)
    problem = only_problem(error)
    assert (problem.line, problem.field) == (7, "identity.device_name")
    assert "contains the control character U+0007 at character 12; remove it" in problem.message


def test_tabs_and_line_breaks_in_text_are_kept(write_card):
    path = write_card(edited("  device_name: DemoScreen DR\n", '  device_name: "DemoScreen\\tDR"\n'))
    assert load_card(path).card.identity.device_name == "DemoScreen\tDR"


def test_text_where_a_section_is_expected_lists_the_fields_it_takes(write_card):
    path = write_card(
        edited(
            "  manufacturer:\n    name: Example Medical Software Ltd\n    contact_email: safety@example.org\n"
            "    website: https://example.org/demoscreen\n",
            "  manufacturer: Example Medical Software Ltd\n",
        )
    )
    with pytest.raises(CardError) as caught:
        load_card(path)
    problem = only_problem(caught)
    assert problem.field == "identity.manufacturer"
    assert problem.message == (
        "expected a mapping (indented `key: value` lines), but got the text "
        "'Example Medical Software Ltd'; fields here: name, contact_email, website, address"
    )


def test_a_date_with_no_such_day_says_why_and_how_to_write_one(write_card):
    path = write_card(edited("  release_date: 2025-03-01\n", "  release_date: '2025-02-30'\n"))
    with pytest.raises(CardError) as caught:
        load_card(path)
    assert only_problem(caught).message == (
        "2025-02-30 is not a calendar date (day is out of range for month); write YYYY-MM-DD"
    )
