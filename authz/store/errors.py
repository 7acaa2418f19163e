"""Errors of the samtykke registry and the audit log.

::

    StoreError
    ├── StoreUnavailable          the database could not be reached or answer in time
    │   └── AuditUnavailable      an audit record could not be written: return no personal data
    ├── SchemaTooNew              the database was migrated by newer code than this
    ├── SamtykkeNotFound          no samtykke with that id
    └── InvalidStatusChange       e.g. withdrawing a samtykke that is not active

Messages are fixed texts plus, at most, a samtykke id or a status name: never a CPR number,
a borger id or anything else a client should not see. The driver's own error is chained
(``__cause__``) for the server log, which must not be sent to a client either.
"""

from __future__ import annotations

__all__ = [
    "AuditUnavailable",
    "InvalidStatusChange",
    "SamtykkeNotFound",
    "SchemaTooNew",
    "StoreError",
    "StoreUnavailable",
]


class StoreError(Exception):
    """Base class of the errors raised by :mod:`authz.store`."""


class StoreUnavailable(StoreError):
    """The database did not answer (unreachable, closed store, timeout, broken schema).

    Callers fail closed: without the samtykke registry no cross-sector access is granted.
    """


class AuditUnavailable(StoreUnavailable):
    """A batch of audit records could not be written; none of it was stored.

    The gateway must then return no personal data for the request (DOMAIN §12 G4).
    """


class SchemaTooNew(StoreError):
    """The database carries a schema version this code does not know (a newer release ran)."""


class SamtykkeNotFound(StoreError):
    """No samtykke has the given id."""

    def __init__(self, samtykke_id: str) -> None:
        super().__init__(f"samtykke {samtykke_id} not found")
        self.samtykke_id = samtykke_id


class InvalidStatusChange(StoreError):
    """The requested status change is not allowed from the samtykke's current status."""

    def __init__(self, samtykke_id: str, current: str, requested: str) -> None:
        super().__init__(f"samtykke {samtykke_id} is {current}; cannot change it to {requested}")
        self.samtykke_id = samtykke_id
        self.current = current
        self.requested = requested
