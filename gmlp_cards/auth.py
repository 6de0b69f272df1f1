"""Desk passwords: scrypt hashes, constant-time checks and a growing delay after failures."""

from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import hmac
import secrets
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import IO

SCHEME = "scrypt"
# n=2**15, r=8 costs ~32 MiB and a few tens of milliseconds per try: slow for a guesser,
# still quick enough for a human login.
DEFAULT_N, DEFAULT_R, DEFAULT_P = 2**15, 8, 1
_MAX_N = 2**20  # refuse configured hashes that would make one login cost seconds of CPU
_SALT_BYTES, _KEY_BYTES = 16, 32
MIN_PASSWORD_LENGTH = 12
ENV_DESK_USERS = "GMLP_CARDS_DESK_USERS"


class AuthConfigError(ValueError):
    """The configured desk users or hashes cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class PasswordHash:
    """A parsed `scrypt$n$r$p$salt$key` string (salt and key in base64)."""

    n: int
    r: int
    p: int
    salt: bytes
    key: bytes

    def encode(self) -> str:
        """The storable text form."""
        salt = base64.b64encode(self.salt).decode()
        key = base64.b64encode(self.key).decode()
        return f"{SCHEME}${self.n}${self.r}${self.p}${salt}${key}"

    @classmethod
    def parse(cls, text: str) -> PasswordHash:
        """Read the text form, raising AuthConfigError when it is malformed."""
        parts = text.strip().split("$")
        if len(parts) != 6 or parts[0] != SCHEME:
            raise AuthConfigError(
                "a desk password hash must look like scrypt$n$r$p$salt$key; "
                "make one with `gmlp-cards hash-password`"
            )
        try:
            n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
            salt = base64.b64decode(parts[4], validate=True)
            key = base64.b64decode(parts[5], validate=True)
        except ValueError as error:
            raise AuthConfigError(f"unreadable scrypt hash: {error}") from None
        if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
            raise AuthConfigError("scrypt parameters out of range (n a power of two ≤ 2**20)")
        if len(salt) < 8 or len(key) < 16:
            raise AuthConfigError("scrypt salt or key too short")
        return cls(n, r, p, salt, key)


def _derive(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8", "surrogatepass"),
        salt=salt, n=n, r=r, p=p, dklen=length, maxmem=256 * 1024 * 1024,
    )


def hash_password(
    password: str, *, n: int = DEFAULT_N, r: int = DEFAULT_R, p: int = DEFAULT_P
) -> str:
    """A salted scrypt hash of `password` in the text form used in the desk configuration."""
    salt = secrets.token_bytes(_SALT_BYTES)
    return PasswordHash(n, r, p, salt, _derive(password, salt, n, r, p, _KEY_BYTES)).encode()


def verify_password(password: str, stored: PasswordHash) -> bool:
    """Whether `password` matches `stored`, compared in constant time."""
    candidate = _derive(password, stored.salt, stored.n, stored.r, stored.p, len(stored.key))
    return hmac.compare_digest(candidate, stored.key)


def parse_desk_users(source: Mapping[str, object] | str | None) -> dict[str, PasswordHash]:
    """Desk users from a secrets table ({user: hash}) or the env form `user:hash,user2:hash`."""
    if not source:
        return {}
    if isinstance(source, str):
        pairs: Iterable[tuple[str, object]] = [
            _env_pair(chunk) for chunk in source.split(",") if chunk.strip()
        ]
    else:
        pairs = source.items()
    users: dict[str, PasswordHash] = {}
    for user, hashed in pairs:
        name = str(user).strip()
        if not name or not isinstance(hashed, str):
            raise AuthConfigError("every desk user needs a name and a hash string")
        try:
            users[name] = PasswordHash.parse(hashed)
        except AuthConfigError as error:
            raise AuthConfigError(f"desk user {name!r}: {error}") from None
    return users


def _env_pair(chunk: str) -> tuple[str, str]:
    user, sep, hashed = chunk.partition(":")
    if not sep:
        raise AuthConfigError(f"{ENV_DESK_USERS} entries must be user:hash, comma-separated")
    return user, hashed


class Outcome(Enum):
    """Result of a login attempt. LOCKED and REFUSED never say whether the user exists."""

    OK = "ok"
    REFUSED = "refused"
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginResult:
    """Outcome of one attempt, and how long to wait when locked."""

    outcome: Outcome
    retry_after: float = 0.0


class Lockout:
    """Failure counts per key (user, session, address) with an exponentially growing wait.

    Process-wide and guarded by a lock, because Streamlit serves sessions on many threads.
    Memory is bounded: the oldest keys are dropped beyond `max_keys`.
    """

    def __init__(
        self,
        *,
        free_attempts: int = 3,
        base_delay: float = 1.0,
        max_delay: float = 900.0,
        forget_after: float = 3600.0,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free_attempts = free_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.forget_after = forget_after
        self.max_keys = max_keys
        self._clock = clock
        self._lock = threading.Lock()
        # key -> (failures, time of last failure)
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()

    def delay_for(self, failures: int) -> float:
        """Seconds to wait after `failures` consecutive failures."""
        if failures < self.free_attempts:
            return 0.0
        return min(self.max_delay, self.base_delay * 2 ** (failures - self.free_attempts))

    def retry_after(self, keys: Iterable[str]) -> float:
        """Seconds until any of `keys` may try again (0 when none is locked)."""
        now = self._clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                failures, last = self._failures.get(key, (0, now))
                if now - last > self.forget_after:
                    continue
                wait = max(wait, last + self.delay_for(failures) - now)
        return max(0.0, wait)

    def failed(self, keys: Iterable[str]) -> None:
        """Count one failure against every key."""
        now = self._clock()
        with self._lock:
            for key in keys:
                failures, last = self._failures.pop(key, (0, now))
                if now - last > self.forget_after:
                    failures = 0
                self._failures[key] = (failures + 1, now)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def succeeded(self, keys: Iterable[str]) -> None:
        """Forget the failures of every key."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


class DeskAuthenticator:
    """Checks desk logins against configured hashes; unknown users cost as much as known ones."""

    def __init__(self, users: Mapping[str, PasswordHash], lockout: Lockout) -> None:
        self.users = dict(users)
        self.lockout = lockout
        # A hash of a random password with the parameters of a configured user, so that an
        # unknown name runs the same scrypt work as a known name with a wrong password.
        template = next(iter(self.users.values()), None)
        n, r, p = (template.n, template.r, template.p) if template else (DEFAULT_N, DEFAULT_R, 1)
        self._dummy = PasswordHash.parse(hash_password(secrets.token_urlsafe(16), n=n, r=r, p=p))

    @property
    def configured(self) -> bool:
        """Whether any desk user exists."""
        return bool(self.users)

    def login(self, username: str, password: str, *, client_keys: Iterable[str] = ()) -> LoginResult:
        """Try one login; `client_keys` identify the session/address for the lockout."""
        username = username.strip()
        keys = [f"user:{username.casefold()}", *client_keys]
        wait = self.lockout.retry_after(keys)
        if wait > 0:
            return LoginResult(Outcome.LOCKED, wait)
        stored = self.users.get(username)
        ok = verify_password(password, stored or self._dummy) and stored is not None
        if ok:
            self.lockout.succeeded(keys)
            return LoginResult(Outcome.OK)
        self.lockout.failed(keys)
        return LoginResult(Outcome.REFUSED)


def hash_password_command(stdin: IO[str], stdout: IO[str], stderr: IO[str] | None = None) -> int:
    """`gmlp-cards hash-password`: read a password (prompt on a terminal, else a line of stdin)."""
    if stdin.isatty():
        password = getpass.getpass("Desk password: ")
        if getpass.getpass("Again: ") != password:
            _say(stderr, "The two passwords differ; nothing was hashed.")
            return 1
    else:
        password = stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD_LENGTH:
        _say(stderr, f"Use at least {MIN_PASSWORD_LENGTH} characters; nothing was hashed.")
        return 2
    stdout.write(hash_password(password) + "\n")
    _say(
        stderr,
        'Put it in .streamlit/secrets.toml under [desk_users] as  name = "<hash>"  '
        f"or in {ENV_DESK_USERS} as name:<hash>.",
    )
    return 0


def _say(stream: IO[str] | None, message: str) -> None:
    if stream is not None:
        stream.write(message + "\n")


def register_cli(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `gmlp-cards hash-password` to the CLI (see gmlp_cards/cli_extras.py)."""
    parser = commands.add_parser(
        "hash-password",
        help="print a scrypt hash for a desk user (asks for the password; never pass it as an "
             "argument)",
    )
    parser.set_defaults(
        handler=lambda _args, out: hash_password_command(sys.stdin, out, sys.stderr)
    )
