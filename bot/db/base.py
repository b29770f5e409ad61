"""Declarative base with a naming convention, so that migrations name constraints stably."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model. The schema itself comes only from ``migrations/``.

    Every surrogate key is ``AUTOINCREMENT`` on SQLite (migration 0010): without it SQLite gives
    the largest freed id to the next row, so a button of an erased listing would open the next
    one written. PostgreSQL's sequences never go back anyway.
    """

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        table = cls.__dict__.get("__table__")
        if isinstance(table, Table) and table.autoincrement_column is not None:
            table.dialect_kwargs["sqlite_autoincrement"] = True
