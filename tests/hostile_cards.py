"""Card files an attacker or an unlucky operator leaves in a card folder (issue #12, items 2, 8, 10, 11).

Importable from every test folder as `from hostile_cards import ...` (tests/ is on sys.path because
of tests/conftest.py). Each case writes one `<device>/1.0.0.yaml` under a card folder and states
the one located problem the loader must report for it. The expected places are read off the
fixture by hand (tests/fixtures/cards/valid/demo-dr-screen/1.0.0.yaml), never computed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

VALID_CARD = Path(__file__).parent / "fixtures" / "cards" / "valid" / "demo-dr-screen" / "1.0.0.yaml"


@dataclass(frozen=True)
class Hostile:
    device: str
    write: Callable[[Path, Path], None]
    """Writes the case's file at the given path; the second path is a folder outside the cards."""
    line: int
    column: int
    field: str
    message: str
    """A regular expression the problem's message must match."""
    about_folder: bool = False
    """The problem names the device folder, not the file in it."""

    def located_at(self, path: Path) -> Path:
        """Where the problem of the file written at `path` stands."""
        return path.parent if self.about_folder else path


def _edited(old: str, new: str) -> Callable[[Path, Path], None]:
    def write(path: Path, outside: Path) -> None:
        text = VALID_CARD.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return write


def _text(text: str) -> Callable[[Path, Path], None]:
    return lambda path, outside: path.write_text(text, encoding="utf-8")


def _fifo(path: Path, outside: Path) -> None:
    os.mkfifo(path)


def _link_to_dev_zero(path: Path, outside: Path) -> None:
    path.symlink_to("/dev/zero")


def _link_out_of_the_folder(path: Path, outside: Path) -> None:
    # A valid card that lives outside the card folder: following the link would serve it.
    target = outside / "elsewhere.yaml"
    target.write_bytes(VALID_CARD.read_bytes().replace(b"demo-dr-screen", b"outside-link"))
    path.symlink_to(target)


def _linked_device_folder(path: Path, outside: Path) -> None:
    # The device folder itself is the link; the file inside it is regular.
    real = outside / "linked-device"
    real.mkdir()
    (real / path.name).write_bytes(VALID_CARD.read_bytes().replace(b"demo-dr-screen", b"linked-device"))
    path.parent.rmdir()
    path.parent.symlink_to(real, target_is_directory=True)


def _long_list(path: Path, outside: Path) -> None:
    # 1.2 MB: the two intended users replaced by a flow list of 600,001 numbers.
    text = VALID_CARD.read_text(encoding="utf-8")
    old = "  intended_users:\n    - Primary care physicians\n    - Trained camera operators\n"
    assert old in text
    path.write_text(text.replace(old, "  intended_users: [" + "1," * 600_000 + "1]\n"), encoding="utf-8")


# Problems stand where the offending node starts; a wrong type stands at its key (as everywhere).
_DEEP = "nested 65 levels deep; a card needs at most about 12 and 64 is the limit"

HOSTILE = [
    Hostile("fifo-card", _fifo, 1, 1, "", r"is a named pipe \(FIFO\), not a card file"),
    Hostile("zero-link", _link_to_dev_zero, 1, 1, "", r"is a symbolic link; card files must be regular"),
    Hostile("outside-link", _link_out_of_the_folder, 1, 1, "", r"is a symbolic link"),
    Hostile(
        "linked-device",
        _linked_device_folder,
        1,
        1,
        "",
        r"^this device folder is a symbolic link",
        about_folder=True,
    ),
    # 500 levels each, in at most a few kilobytes (block mappings need one more space per level).
    Hostile(
        "deep-flow-lists",
        _text("identity: " + "[" * 500 + "]" * 500 + "\n"),
        1,
        74,
        "identity" + "[0]" * 63,
        _DEEP,
    ),
    Hostile(
        "deep-flow-maps",
        _text("identity: " + "{a: " * 500 + "1" + "}" * 500 + "\n"),
        1,
        263,
        "identity" + ".a" * 63,
        _DEEP,
    ),
    Hostile(
        "deep-block-lists", _text("identity:\n" + "- " * 500 + "x\n"), 2, 127, "identity" + "[0]" * 63, _DEEP
    ),
    Hostile(
        "deep-block-maps",
        _text("".join(" " * i + "k:\n" for i in range(500))),
        65,
        65,
        ".".join(["k"] * 64),
        _DEEP,
    ),
    Hostile(
        "timestamp-tag",
        _edited("  release_date: 2025-03-01\n", "  release_date: !!timestamp x\n"),
        14,
        17,
        "identity.release_date",
        r"value 'x' cannot be read: it is not a date \(YYYY-MM-DD\)",
    ),
    Hostile(
        "huge-hex",
        _edited("  software_version: 2.4.1\n", "  software_version: 0x" + "f" * 3600 + "\n"),
        12,
        21,
        "identity.software_version",
        r"the number has too many digits \(3,602 characters",
    ),
    Hostile(
        "long-list",
        _long_list,
        39,
        19,
        "intended_use.intended_users",
        r"the card holds more than 200,000 values .* is this list far too long\?",
    ),
    Hostile(
        "quoted-number",
        _edited("estimate: 0.880,", "estimate: '0.880',"),
        110,
        57,
        "performance.studies[0].overall.metrics[0].estimate",
        r"expected a number, but '0.880' is text in quotes; write 0.880 without quotes",
    ),
    Hostile(
        "bool-as-count",
        _edited("        n: 500\n", "        n: true\n"),
        107,
        9,
        "performance.studies[0].overall.n",
        r"expected a whole number, but YAML read true as yes/no, which is not a count",
    ),
    Hostile(
        "text-as-bool",
        _edited("  pccp_authorized: false\n", "  pccp_authorized: 'no'\n"),
        28,
        3,
        "identity.pccp_authorized",
        r"expected true or false, but 'no' is text in quotes; write false, without quotes",
    ),
]


def write_hostile(root: Path, outside: Path, case: Hostile) -> Path:
    """Write `case` as `root/<device>/1.0.0.yaml`; `outside` is a folder that is not under `root`."""
    path = root / case.device / "1.0.0.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    case.write(path, outside)
    return path


def write_all_hostile(root: Path, outside: Path) -> list[Path]:
    outside.mkdir(parents=True, exist_ok=True)
    return [write_hostile(root, outside, case) for case in HOSTILE]
