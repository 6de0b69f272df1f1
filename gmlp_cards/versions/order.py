"""The one order of card versions: by semantic version, a badly named file after all real versions."""

from __future__ import annotations

from gmlp_cards.model import semver_key


def version_order(version: str) -> tuple[object, ...]:
    """Sort key of a version string: real versions by semver, then anything else by its text."""
    try:
        return (0, semver_key(version))
    except ValueError:  # a badly named file still gets a stable place, after the real versions
        return (1, version)
