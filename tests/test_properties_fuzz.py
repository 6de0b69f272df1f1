"""Mutation fuzzing of a real card's bytes: every outcome is a card or a located refusal, never a crash.

A seeded fuzzer (reproducible: a failure names its mutation number) applies 10,000 mutations per
run to tests/checks/clean_card.yaml: byte flips, binary and control characters, truncation,
duplicated, swapped and deleted lines, nesting far past the limit, core and foreign tags
(`!!timestamp`, `!!binary`, `!!python/...`), anchors, huge integers. Every mutant goes through the
loader's first half (bytes -> text -> YAML data) and every fifth through the whole of `load_card`
(validation, location). The only exceptions allowed out are YamlProblem and CardError, and no
problem may be an "internal error".
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from gmlp_cards.cards.loader import LoadedCard, load_card, read_card_text
from gmlp_cards.cards.yamlsafe import parse_data
from gmlp_cards.errors import MAX_PROBLEMS, CardError, YamlProblem

CARD = Path(__file__).parent / "checks" / "clean_card.yaml"
CARD_PATH = Path("cards") / "clean-dr-screen" / "1.0.0.yaml"  # never read: bytes are passed in
MUTATIONS = 10_000
FULL_LOAD_EVERY = 5

TAGS = [
    b"!!timestamp ",
    b"!!timestamp x",
    b"!!binary ",
    b"!!binary aGk=",
    b"!!python/object:os.system ",
    b"!!python/name:os.system ",
    b"!!python/object/apply:os.system [ls] ",
    b"!!int ",
    b"!!float ",
    b"!!bool ",
    b"!!str ",
    b"!!null ",
    b"!!set ",
    b"!!omap ",
    b"!!map ",
    b"!!seq ",
    b"!!merge ",
    b"!custom ",
    b"!<tag:example.org,2000:x> ",
    b"&a ",
    b"*a",
    b"<<: *a",
    b"%YAML 1.1\n",
    b"%TAG ! tag:yaml.org,2002:\n",
    b"---\n",
    b"...\n",
    b"? ",
    b": ",
    b"- ",
    b"|\n",
    b">-\n",
    b"'",
    b'"',
    b"#",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b"\t",
    b"\\",
    b"\xef\xbb\xbf",
]
CONTROL = [bytes([c]) for c in (*range(0, 32), 127)] + ["\x85", "\u2028", "\ufeff", "\U0001f600"]


def _huge_number(rng: random.Random) -> bytes:
    digits = rng.choice([101, 4_301, 5_000, 20_000])
    prefix, alphabet = rng.choice([("", "9"), ("0x", "f"), ("0o", "7"), ("-", "1"), ("1.", "5")])
    return (prefix + alphabet * digits).encode()


def _nesting(rng: random.Random) -> bytes:
    depth = rng.choice([10, 63, 64, 65, 200, 999, 1_500])
    kind = rng.randrange(4)
    if kind == 0:
        return b"[" * depth + b"]" * depth
    if kind == 1:
        return b"{a: " * depth + b"1" + b"}" * depth
    if kind == 2:
        return b"\n" + b"- " * depth + b"x\n"
    return b"\n" + b"".join(b" " * i + b"k:\n" for i in range(min(depth, 300)))


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three random edits of `data`."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(out) + 1)
        action = rng.randrange(11)
        if action == 0 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif action == 1:
            out[at:at] = rng.choice(TAGS)
        elif action == 2:
            control = rng.choice(CONTROL)
            out[at:at] = control if isinstance(control, bytes) else control.encode()
        elif action == 3:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif action == 4:
            del out[at:]  # truncation
        elif action == 5:
            del out[at : at + rng.randint(1, 40)]
        elif action == 6:
            out[at:at] = _nesting(rng)
        elif action == 7:
            out[at:at] = _huge_number(rng)
        else:
            lines = bytes(out).splitlines(keepends=True) or [b""]
            i = rng.randrange(len(lines))
            if action == 8:  # a duplicated line or block: duplicate keys, repeated list items
                lines[i:i] = lines[i : i + rng.randint(1, 5)] * rng.randint(1, 3)
            elif action == 9:
                j = rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            else:  # a value replaced by a hostile one, keeping its key
                key, sep, _ = lines[i].partition(b": ")
                if sep:
                    lines[i] = key + sep + rng.choice([*TAGS, _huge_number(rng), _nesting(rng)]) + b"\n"
            out = bytearray(b"".join(lines))
    return bytes(out)


def outcome(data: bytes, full: bool) -> str:
    """What the loader made of `data`; any other exception fails the test with its traceback."""
    if full:
        try:
            loaded = load_card(CARD_PATH, data=data)
        except CardError as error:
            assert 1 <= len(error.problems) <= MAX_PROBLEMS + 1
            for problem in error.problems:
                assert problem.line >= 1 and problem.column >= 1, problem
                assert "internal error" not in problem.message, problem
            return "refused card"
        assert isinstance(loaded, LoadedCard)
        return "valid card"
    try:
        text, _ = read_card_text(CARD_PATH, data)
    except CardError:
        return "unusable bytes"
    try:
        parse_data(text)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.column >= 1
        return "YAML problem"
    return "YAML data"


@pytest.mark.parametrize("seed", [20261201])
def test_ten_thousand_mutations_of_a_card_give_a_card_or_located_problems(seed):
    rng = random.Random(seed)
    original = CARD.read_bytes()
    seen: Counter[str] = Counter()
    for number in range(MUTATIONS):
        data = mutate(original, rng)
        try:
            seen[outcome(data, full=number % FULL_LOAD_EVERY == 0)] += 1
        except Exception as error:  # name the mutant so it can be replayed
            raise AssertionError(f"mutation {number} (seed {seed}) escaped: {data[:300]!r}") from error
    assert sum(seen.values()) == MUTATIONS
    # The fuzzer reaches every kind of outcome, so it tests more than the first failing check.
    assert set(seen) == {"valid card", "refused card", "unusable bytes", "YAML problem", "YAML data"}, seen
