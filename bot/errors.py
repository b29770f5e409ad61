"""The one kind of refusal a service raises for a member to read.

A service that cannot do what was asked raises a :class:`DomainError` (or a feature's subclass
of it, e.g. ``ModerationError``) naming the catalog message that explains why, with its values.
Handlers let it through: :class:`bot.middlewares.refusals.RefusalReplies` answers the member in
their language (an alert on a button, a message otherwise) and lets the update end normally,
so what the service wrote before refusing — the audit row of a refused action — is committed.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refusal: ``key`` is the catalog message that explains it, ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
