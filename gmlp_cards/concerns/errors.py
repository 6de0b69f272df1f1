"""The one failure type of the concern store, and every exception a caller treats as "not stored"."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError


class StoreUnavailable(RuntimeError):
    """The database the store was opened on is missing, replaced or unreadable: nothing was stored.

    The message is for the operator's log (it names files); readers get a plain sentence instead.
    """


# What the pages catch around a store call: a refusal of ours, a database error, a file error.
STORE_ERRORS: tuple[type[BaseException], ...] = (StoreUnavailable, SQLAlchemyError, OSError)
