"""A card file's bytes, read safely: regular files only, never through a link, within a size limit."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from gmlp_cards.errors import CardError

MAX_CARD_BYTES = 2 * 1024 * 1024
"""A real card is tens of kilobytes; anything this large is a mistake or an attack."""


def read_card_text(path: Path, data: bytes | None = None) -> tuple[str, str]:
    """Return (text, sha256) for a card file, or raise CardError saying why the bytes are unusable."""
    if data is None:
        data = read_card_bytes(path)
    if len(data) > MAX_CARD_BYTES:
        raise CardError.single(path, _too_large(len(data)))
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise CardError.single(path, "file is empty; a card is a YAML mapping of its sections")
    if b"\x00" in data:
        raise CardError.single(path, "file contains NUL bytes: it is binary, not a YAML card")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CardError.single(
            path,
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the card as UTF-8",
            line=line,
        ) from None
    return text, digest


_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def read_card_bytes(path: Path, limit: int = MAX_CARD_BYTES, what: str = "card") -> bytes:
    """The bytes of a regular card file (or the folder's lock: `what`), never more than `limit` + 1.

    A symbolic link is refused rather than followed: where it points can change between any check
    and the read, and a card folder is written by `gmlp-cards publish` and git, which never make
    links, so a link there is a mistake or someone reaching for a file outside the folder.
    The type is checked before opening (opening a device can itself act on it) and again on the
    open descriptor, which no rename can swap. O_NOFOLLOW makes the refusal of links part of the
    open, O_NONBLOCK keeps a FIFO put there in between from blocking it, and the read is bounded,
    so a file that grows, or lies about its size, cannot exhaust memory.
    """
    try:
        _refuse_unless_regular(path, os.lstat(path).st_mode, what)
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:
            _refuse_unless_regular(path, stat.S_IFLNK, what)
        raise CardError.single(path, f"cannot be read: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        _refuse_unless_regular(path, info.st_mode, what)
        if info.st_size > limit:
            raise CardError.single(path, _too_large(info.st_size, limit, what))
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise CardError.single(path, f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(fd)
    if left <= 0:  # the file grew after fstat, or its size is not what fstat said (/proc, FUSE)
        raise CardError.single(path, f"file holds more than {limit:,} bytes, the limit for a {what}")
    return b"".join(chunks)


def _refuse_unless_regular(path: Path, mode: int, what: str = "card") -> None:
    if stat.S_ISLNK(mode):
        raise CardError.single(
            path,
            f"is a symbolic link; {what} files must be regular files inside "
            "the card folder (copy the file instead)",
        )
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise CardError.single(
            path,
            f"is {kind}, not a {what} file; a {what} is a regular {'YAML ' if what == 'card' else ''}file",
        )


def _too_large(size: int, limit: int = MAX_CARD_BYTES, what: str = "card") -> str:
    return f"file is {size:,} bytes, over the {limit:,}-byte limit for a {what}"
