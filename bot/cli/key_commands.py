"""``rotate-key``: re-encrypt every encrypted column, and compute again every pseudonym that
can be, with a new first key."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.cli.base import CliCommand
from bot.config import Settings, SettingsError


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--new-key",
        action="store_true",
        help="only print a new key (put it first in PRICHAL_DATA_KEYS, then run rotate-key)",
    )


def _rotate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.db import crypto

    if args.new_key:
        print(crypto.new_key())
        return 0
    try:
        summary = asyncio.run(_rotate_all(settings))
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except crypto.DataKeyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(summary)
    return 0


async def _rotate_all(settings: Settings) -> str:
    from bot.db import crypto
    from bot.db.rotation import pseudonym_columns, reencrypt_all, rekey_pseudonyms
    from bot.db.uow import unit_of_work
    from bot.factory import create_services
    from bot.features.faq.service import rekey_gap_signatures
    from bot.fsm import reencrypt_redis_fsm

    key_file = crypto.key_file_for(settings) if settings.data_keys is None else None
    # (``python -m bot`` checked before this that the keys open the database: open_data_keys.)
    if key_file is not None and key_file.exists():
        # The embedded default rotates its own file: a new key first, the old ones still read.
        old = crypto.read_key_file(key_file)
        crypto.write_key_file(key_file, [crypto.new_key(), *old])
    services = create_services(settings)
    try:
        rewritten = await reencrypt_all(services.sessions)
        rekeyed = await rekey_pseudonyms(services.sessions)
        async with unit_of_work(services.sessions) as session:
            rekeyed["faq_gaps.signature"] = await rekey_gap_signatures(session)
        if services.redis is not None:
            rewritten["redis:fsm"] = await reencrypt_redis_fsm(services.redis)
    finally:
        await services.close()
    # Pseudonyms with nothing in their row to compute them from again (none today: every one
    # keeps its member encrypted beside it), found only while their key is listed.
    stranded = sorted(
        f"{table.name}.{column.name}" for table, column, of in pseudonym_columns() if not of.source
    )
    if key_file is not None and key_file.exists():
        crypto.write_key_file(key_file, crypto.read_key_file(key_file)[:1])
        after = "the key file now holds only the new key"
    else:
        after = "every value is under the first key of PRICHAL_DATA_KEYS: remove the others"
    if stranded:
        after += f" (made before, {', '.join(stranded)} match nobody without the old key)"
    counts = ", ".join(f"{table}: {count}" for table, count in rewritten.items())
    keyed = ", ".join(f"{column}: {count}" for column, count in rekeyed.items())
    return f"re-encrypted ({counts}); pseudonyms computed again ({keyed}); {after}"


ROTATE_KEY = CliCommand(
    "rotate-key",
    "re-encrypt the encrypted columns with the first data key (the key file: a new key)",
    _rotate,
    configure=_configure,
)
