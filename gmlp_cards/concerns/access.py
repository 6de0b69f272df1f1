"""Desk passwords: scrypt hashes, constant-time checks, and throttling of failures shared by replicas."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

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
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=length,
        maxmem=256 * 1024 * 1024,
    )


def hash_password(password: str, *, n: int = DEFAULT_N, r: int = DEFAULT_R, p: int = DEFAULT_P) -> str:
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
    """Outcome of one attempt, how long to wait when locked, and how long it was slowed down."""

    outcome: Outcome
    retry_after: float = 0.0
    slowed_by: float = 0.0


@dataclass(frozen=True)
class Backoff:
    """A wait that doubles with each failure beyond the free ones, capped; forgotten after a quiet time."""

    free_attempts: int
    base_delay: float
    max_delay: float
    forget_after: float  # seconds without a failure after which counting starts again

    def delay_for(self, failures: int) -> float:
        """Seconds to wait after `failures` counted failures."""
        if failures < self.free_attempts:
            return 0.0
        # The exponent is capped: counts shared by replicas can grow past what a float holds.
        return min(self.max_delay, self.base_delay * 2.0 ** min(failures - self.free_attempts, 64))


class FailureLedger(Protocol):
    """Where failure counts live: shared by every replica (gmlp_cards.concerns.login_ledger)."""

    def counts(self, keys: Sequence[str]) -> dict[str, tuple[int, float]]:
        """{key: (failures, time of the last failure in epoch seconds)} for the keys it holds."""
        ...

    def add_failure(self, forget_after: Mapping[str, float], now: float) -> None:
        """Count one failure at `now` for each key, restarting a key quiet for its forget_after."""
        ...

    def clear(self, keys: Sequence[str]) -> None:
        """Forget these keys."""
        ...


PER_USER_AND_CLIENT = Backoff(free_attempts=3, base_delay=1.0, max_delay=900.0, forget_after=3600.0)
# A hospital behind one NAT address has many people who mistype: more free attempts per address.
PER_CLIENT = Backoff(free_attempts=20, base_delay=1.0, max_delay=900.0, forget_after=3600.0)
# Everyone's failures together. Never a lock (that would let anyone lock every maker out): every
# attempt, right or wrong, waits a few seconds before the password is checked while a spray is on.
GLOBAL_SLOWDOWN = Backoff(free_attempts=50, base_delay=0.25, max_delay=5.0, forget_after=900.0)


def _key(*parts: str) -> str:
    # Digests, so the ledger never holds typed names (sometimes a password in the wrong box).
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class Lockout:
    """Failed-login throttling per (user, client) and per client, and a global slow-down.

    A (user, client) pair or a client is locked for a growing time after repeated failures, so
    an attacker locks out only their own client, never the maker signing in from elsewhere.
    Counts live in a FailureLedger in the database, so every replica sees the same ones; times
    are wall-clock epoch seconds because replicas share no monotonic clock.
    """

    def __init__(
        self,
        ledger: FailureLedger,
        *,
        per_user_and_client: Backoff = PER_USER_AND_CLIENT,
        per_client: Backoff = PER_CLIENT,
        global_slowdown: Backoff = GLOBAL_SLOWDOWN,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.ledger = ledger
        self.per_user_and_client = per_user_and_client
        self.per_client = per_client
        self.global_slowdown = global_slowdown
        self._clock = clock
        self.sleep = sleep

    def _keys(self, user: str, client: str) -> tuple[tuple[str, Backoff], ...]:
        """(pair, client, everyone) ledger keys with their backoffs, in that order."""
        return (
            (_key("user+client", user.casefold(), client), self.per_user_and_client),
            (_key("client", client), self.per_client),
            (_key("all"), self.global_slowdown),
        )

    def check(self, user: str, client: str) -> tuple[float, float]:
        """(seconds until this user may try from this client, seconds every attempt waits now)."""
        keys = self._keys(user, client)
        counts = self.ledger.counts([key for key, _ in keys])
        now = self._clock()

        def counted(key: str, backoff: Backoff) -> tuple[int, float]:
            failures, last = counts.get(key, (0, now))
            return (0, now) if now - last > backoff.forget_after else (failures, last)

        (pair, pair_backoff), (by_client, client_backoff), (everyone, slow_backoff) = keys
        wait = 0.0
        for key, backoff in ((pair, pair_backoff), (by_client, client_backoff)):
            failures, last = counted(key, backoff)
            wait = max(wait, last + backoff.delay_for(failures) - now)
        return wait, slow_backoff.delay_for(counted(everyone, slow_backoff)[0])

    def failed(self, user: str, client: str) -> None:
        """Count one failure for the pair, the client and everyone."""
        keys = self._keys(user, client)
        self.ledger.add_failure({key: b.forget_after for key, b in keys}, self._clock())

    def succeeded(self, user: str, client: str) -> None:
        """Forget the pair's failures; the client's and everyone's stay (a spray must not reset)."""
        pair, _ = self._keys(user, client)[0]
        self.ledger.clear([pair])


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

    def login(self, username: str, password: str, *, client: str) -> LoginResult:
        """Try one login from `client` (its address, see `client_address`; "unknown" when none)."""
        username = username.strip()
        wait, slowdown = self.lockout.check(username, client)
        if wait > 0:
            return LoginResult(Outcome.LOCKED, wait)
        if slowdown > 0:
            self.lockout.sleep(slowdown)  # before the check, so a spray cannot skip the wait
        stored = self.users.get(username)
        ok = verify_password(password, stored or self._dummy) and stored is not None
        if ok:
            self.lockout.succeeded(username, client)
            return LoginResult(Outcome.OK, slowed_by=slowdown)
        self.lockout.failed(username, client)
        return LoginResult(Outcome.REFUSED, slowed_by=slowdown)


def client_address(forwarded: Sequence[str], hops: int | None, socket_address: str | None) -> str:
    """The client to throttle and bind a sign-in to.

    With a trusted proxy (`hops` proxies each appending the address they received from, as in
    X-Forwarded-For), the hops-th address from the right; entries further left are whatever the
    client sent and are never trusted. Without one, the socket address; "unknown" when none.
    """
    if hops is not None:
        entries = [e.strip() for line in forwarded for e in line.split(",") if e.strip()]
        if len(entries) >= hops:
            return entries[-hops]
    return socket_address or "unknown"


def xsrf_token(cookie: str | None) -> str:
    """The token inside Streamlit's `_streamlit_xsrf` cookie (hex), "" when absent or unreadable.

    The cookie is Tornado's version-2 form `2|mask|masked token|time`; Streamlit re-masks it on
    every page it serves, so only the unmasked token identifies the browser.
    """
    parts = (cookie or "").strip("\"'").split("|")
    if len(parts) != 4 or parts[0] != "2":
        return ""
    try:
        mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
    except ValueError:
        return ""
    if not mask:
        return ""
    return bytes(b ^ mask[i % len(mask)] for i, b in enumerate(masked)).hex()
