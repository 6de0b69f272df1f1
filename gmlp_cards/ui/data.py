"""Cached access to the catalog: parsed once per change of the card files, shared by all sessions."""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from gmlp_cards.catalog import CARD_GLOB, Catalog
from gmlp_cards.config import cards_dir
from gmlp_cards.lock import LOCK_NAME


def fingerprint(root: Path) -> str:
    """Cheap identity of the card folder: names, sizes and modification times of cards and lock.

    Stat-ing the files costs microseconds per file, so every rerun can afford it; a changed card
    gets a new fingerprint and therefore a fresh parse.
    """
    digest = hashlib.sha256(str(root.resolve()).encode())
    # The lock decides which published files are trusted, so a changed lock must reload too.
    for path in sorted([*root.glob(CARD_GLOB), *root.glob(LOCK_NAME)]):
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@st.cache_resource(max_entries=4, show_spinner="Loading model cards…")
def _load(root: str, version: str) -> Catalog:
    # `version` (the fingerprint) is part of the cache key, so an edited card is parsed anew.
    # The Catalog is immutable after loading, so sharing it across sessions is thread-safe.
    return Catalog.load(Path(root))


def get_catalog() -> Catalog:
    root = cards_dir()
    return _load(str(root), fingerprint(root))
