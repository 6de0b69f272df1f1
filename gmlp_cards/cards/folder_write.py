"""Atomic writes that stay inside the card folder and keep the folder's usual file modes.

Every file the publishing steps write (a card, the lock) goes through `write_inside`:

- It never leaves the card folder: each folder between the card folder and the file, and the file
  itself, is opened without following symlinks (`O_NOFOLLOW` on every step, relative to the folder
  above), so a symlinked device folder or card file is refused, not written through, even if it is
  swapped in while we write. The card folder itself may be a symlink: that is the operator's choice.
- It is atomic: a temporary file in the same folder, then a rename, so a crash never leaves half a file.
- It keeps modes: a replaced file keeps the mode it had; a new file gets the mode any ordinary file
  gets here (0666 less the umask, applied by the kernel, so the umask is never read or changed —
  changing it would race with the server's other threads). `tempfile.mkstemp` would leave 0600, and a
  reader running as another user could then not read the card or the lock.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class WriteRefused(ValueError):
    """The write would leave the card folder or replace something that is not a plain file."""


def _parts_inside(root: Path, path: Path) -> tuple[str, ...]:
    """`path` relative to `root`, judged on the names as written (symlinks are checked on disk).

    `abspath` folds `..` away by name, so `root/dev/../../x` is refused here and `root/link/..`
    becomes `root`: the names opened below never climb, whatever a symlink points at.
    """
    absolute_root = Path(os.path.abspath(root))
    absolute = Path(os.path.abspath(path))
    try:
        parts = absolute.relative_to(absolute_root).parts
    except ValueError:
        raise WriteRefused(f"{path} is outside the card folder {root}; nothing was written") from None
    if not parts:
        raise WriteRefused(f"{path} is the card folder itself, not a file in it; nothing was written")
    return parts


def _open_folders(root: Path, path: Path, folders: tuple[str, ...]) -> int:
    """A descriptor of the folder that holds the file, reached without following any symlink."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    for depth, name in enumerate(folders, 1):
        try:
            child = os.open(name, _DIR_FLAGS, dir_fd=fd)
        except OSError as error:
            os.close(fd)
            link = os.path.islink(Path(root, *folders[:depth]))
            reason = "is a symlink" if link else f"cannot be opened as a folder ({error.strerror})"
            raise WriteRefused(
                f"{path}: the folder {name!r} {reason}; writes never leave the card "
                f"folder {root}, nothing was written"
            ) from None
        os.close(fd)
        fd = child
    return fd


def _existing_mode(folder_fd: int, name: str, path: Path) -> int | None:
    """The permission bits of the file being replaced; None when there is none yet."""
    try:
        info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise WriteRefused(f"{path} is a symlink; writes never leave the card folder, nothing was written")
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused(f"{path} is not a regular file; nothing was written")
    return stat.S_IMODE(info.st_mode)


def check_inside(root: Path, path: Path) -> None:
    """Raise WriteRefused when `write_inside(root, path, ...)` would refuse; writes nothing.

    For steps that write two files (card, then lock): both are checked before the first is written.
    """
    parts = _parts_inside(root, path)
    folder_fd = _open_folders(root, path, parts[:-1])
    try:
        _existing_mode(folder_fd, parts[-1], path)
    finally:
        os.close(folder_fd)


def write_inside(root: Path, path: Path, text: str) -> Path:
    """Write `text` (UTF-8) to `path`, a file inside the card folder `root`, atomically and safely."""
    parts = _parts_inside(root, path)
    folders, name = parts[:-1], parts[-1]
    folder_fd = _open_folders(root, path, folders)
    try:
        mode = _existing_mode(folder_fd, name, path)
        temporary = f".{name}.{secrets.token_hex(8)}.tmp"
        # 0o666: the kernel takes the umask off, exactly as for any file an editor would create.
        handle = os.open(temporary, _NEW_FILE_FLAGS, 0o666, dir_fd=folder_fd)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                if mode is not None:
                    os.fchmod(stream.fileno(), mode)
                stream.write(text)
            os.replace(temporary, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary, dir_fd=folder_fd)
            raise
    finally:
        os.close(folder_fd)
    return path
