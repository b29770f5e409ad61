"""Free text members write to each other or about each other, encrypted at rest.

Relay messages, how-to-apply contacts of job offers, report comments, appeals and the
questions passed to moderators are stored as Fernet tokens (``cryptography``: AES-128-CBC +
HMAC-SHA256) in :class:`EncryptedText` columns; the rest of the code sees plain ``str``.

The keys never live in the database:

* ``PRICHAL_DATA_KEYS`` — comma-separated Fernet keys, the first one encrypts, every one
  decrypts (so a new key can be put first, ``python -m bot rotate-key`` re-encrypts, and the
  old key is then removed). Required for a server database: every replica needs the same keys.
* otherwise, for the embedded SQLite default, a key file (``PRICHAL_DATA_KEY_FILE``, by default
  ``prichal.key`` beside the database's folder — never inside it, so a copy of that folder
  reads nothing), mode 0600, made when a database without encrypted data first starts.

:func:`bot.db.keys.open_data_keys` checks at start that the keys open this database (a canary)
and makes the key file of a new one; :func:`configure_data_keys` installs the keys for the
process (``create_services`` calls it too). Nothing is read at import time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from bot.config import Settings, SettingsError, sqlite_path

log = logging.getLogger(__name__)

# Stored values start with this, so plaintext written before encryption (or by hand) still reads.
PREFIX = "f1:"
KEY_FILE_NAME = "prichal.key"
KEY_FILE_VARIABLE = "PRICHAL_DATA_KEY_FILE"

_keys: MultiFernet | None = None
# One HMAC key per data key, same order (the first one writes): derived, never stored.
_pseudonym_keys: tuple[bytes, ...] = ()
# The key of an in-memory SQLite database: one per process, like the database itself.
_in_memory_key: str | None = None


class DataKeyError(RuntimeError):
    """Encrypted data cannot be read with the keys configured (a key was removed too early)."""


def configure_data_keys(keys: Sequence[str]) -> None:
    """Use ``keys`` (Fernet keys, the first one encrypts) for every encrypted column."""
    global _keys, _pseudonym_keys
    try:
        _keys = MultiFernet([Fernet(key.strip().encode()) for key in keys])
    except ValueError:
        raise SettingsError(
            "PRICHAL_DATA_KEYS", "each key must be 32 url-safe base64-encoded bytes (Fernet)"
        ) from None
    _pseudonym_keys = tuple(
        hashlib.sha256(b"prichal-pseudonym:" + base64.urlsafe_b64decode(key.strip())).digest()
        for key in keys
    )


def keys_configured() -> bool:
    """Whether this process has its data keys (a migration that converts rows needs them)."""
    return _keys is not None


def new_key() -> str:
    return Fernet.generate_key().decode()


def data_keys_for(settings: Settings) -> list[str]:
    """The keys from the settings, or the embedded default's key file (never made here: see
    :func:`bot.db.keys.open_data_keys`)."""
    if settings.data_keys is not None:
        keys = [k for k in settings.data_keys.get_secret_value().split(",") if k.strip()]
        if not keys:
            raise SettingsError("PRICHAL_DATA_KEYS", "is empty")
        return keys
    if not settings.is_sqlite:
        raise SettingsError(
            "PRICHAL_DATA_KEYS",
            "must be set for a server database (every replica needs the same keys; "
            "make one with `python -m bot rotate-key --new-key`)",
        )
    path = key_file_for(settings)
    if path is None:  # SQLite in memory: the data dies with the process, so may its key
        return [_memory_key()]
    if not path.exists():
        raise SettingsError(KEY_FILE_VARIABLE, f"{path} is missing")
    return read_key_file(path)


def _memory_key() -> str:
    global _in_memory_key
    if _in_memory_key is None:
        _in_memory_key = new_key()
    return _in_memory_key


def key_file_for(settings: Settings) -> Path | None:
    """Where the embedded default keeps its keys; ``None`` for a server or in-memory database.

    ``PRICHAL_DATA_KEY_FILE``, else ``prichal.key`` in the folder that holds the database's
    folder (``./prichal.key`` for the default ``./data/prichal.db``).
    """
    database = sqlite_path(settings.database_url) if settings.is_sqlite else None
    if database is None:
        return None
    if settings.data_key_file is not None:
        return settings.data_key_file.expanduser().absolute()
    return database.expanduser().absolute().parent.parent / KEY_FILE_NAME


def legacy_key_file_for(settings: Settings) -> Path | None:
    """Where versions before 0010 kept the key: inside the database's folder."""
    database = sqlite_path(settings.database_url) if settings.is_sqlite else None
    return None if database is None else database.expanduser().absolute().parent / KEY_FILE_NAME


def read_key_file(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text("ascii").splitlines() if line.strip()]


def write_key_file(path: Path, keys: Sequence[str]) -> None:
    """Write the keys (first one encrypts) readable by this user only, replacing atomically."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    draft = path.with_suffix(".new")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write("\n".join(keys) + "\n")
    os.replace(draft, path)


def encrypt(value: str) -> str:
    return PREFIX + _require_keys().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(value: str) -> str:
    if not value.startswith(PREFIX):
        return value  # written before encryption
    try:
        return _require_keys().decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise DataKeyError(
            "encrypted data does not open with the configured keys "
            "(was an old key removed before `python -m bot rotate-key`?)"
        ) from None


def pseudonym(purpose: str, *parts: object) -> str:
    """A keyed hash (HMAC-SHA256 with the first data key) of ``parts`` for ``purpose``.

    What must be found again but never read back — who reported whom, a banned Telegram id that
    outlives erasure — is stored as a pseudonym: equal inputs give equal values, and without the
    data key nobody can tell which id or text it stands for. ``purpose`` separates uses, so one
    member's pseudonyms in two tables cannot be joined by value.
    """
    return _pseudonym_with(_require_pseudonym_keys()[0], purpose, parts)


def pseudonyms(purpose: str, *parts: object) -> list[str]:
    """The pseudonym of ``parts`` under every configured key (first one first): look up with
    ``IN (...)`` so values written before a key rotation are still found."""
    return [_pseudonym_with(key, purpose, parts) for key in _require_pseudonym_keys()]


def _pseudonym_with(key: bytes, purpose: str, parts: Sequence[object]) -> str:
    message = "\x1f".join([purpose, *(str(part) for part in parts)]).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:40]


def _require_pseudonym_keys() -> tuple[bytes, ...]:
    if not _pseudonym_keys:
        raise DataKeyError("data keys are not configured (create_services configures them)")
    return _pseudonym_keys


def _require_keys() -> MultiFernet:
    if _keys is None:
        raise DataKeyError("data keys are not configured (create_services configures them)")
    return _keys


class EncryptedText(TypeDecorator[str]):
    """A ``Text`` column whose values are stored encrypted (see the module docstring)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else decrypt(str(value))


class EncryptedInt(TypeDecorator[int]):
    """A member's Telegram id that must be read back (to write to them) but must not tell a
    reader of the database who it is: stored encrypted, found by a pseudonym beside it."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: int | None, dialect: Dialect) -> str | None:
        return None if value is None else encrypt(str(int(value)))

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else int(decrypt(str(value)))


class EncryptedJson(TypeDecorator[Any]):
    """A JSON document stored encrypted (a wizard's data: what a member typed)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else encrypt(json.dumps(value, ensure_ascii=False))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else json.loads(decrypt(str(value)))


@dataclass(frozen=True)
class PseudonymOf:
    """What a pseudonym column stands for (``Column.info["pseudonym"]``).

    ``source``: the column holding the same value encrypted, from which ``rotate-key`` computes
    the pseudonym again under the new key; ``None`` when nothing in the row can give the value
    back — such pseudonyms are found only while the key they were made with is still listed.
    """

    purpose: str
    source: str | None = None


def pseudonym_info(purpose: str, source: str | None = None) -> dict[str, PseudonymOf]:
    """``info=`` of a pseudonym column (rotation and the erasure test read it)."""
    return {"pseudonym": PseudonymOf(purpose, source)}
