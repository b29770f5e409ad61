"""``python -m bot.emulator``: run the emulator until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from bot.emulator.config import EmulatorConfig
from bot.emulator.server import EmulatorServer


def parse_args(argv: list[str] | None = None) -> EmulatorConfig:
    """The command line as an :class:`EmulatorConfig`."""
    defaults = EmulatorConfig()
    parser = argparse.ArgumentParser(
        prog="python -m bot.emulator",
        description="Local Telegram Bot API emulator with a web chat.",
    )
    parser.add_argument("--host", default=defaults.host)
    parser.add_argument("--port", type=int, default=defaults.port)
    parser.add_argument("--bot-token", default=defaults.bot_token)
    parser.add_argument("--bot-username", default=defaults.bot_username)
    parser.add_argument("--bot-name", default=defaults.bot_first_name, help="the bot's first name")
    parser.add_argument(
        "--rate-limits",
        action="store_true",
        help="refuse sends over Telegram's flood limits with 429",
    )
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every Bot API call")
    args = parser.parse_args(argv)
    return EmulatorConfig(
        host=args.host,
        port=args.port,
        bot_token=args.bot_token,
        bot_username=args.bot_username.lstrip("@"),
        bot_first_name=args.bot_name,
        rate_limits=args.rate_limits,
        # Whole milliseconds print as the contract shows them (0, not 0.0).
        latency_ms=int(args.latency_ms) if args.latency_ms.is_integer() else args.latency_ms,
    )


async def serve(config: EmulatorConfig) -> None:
    """Run until a stop signal arrives."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with EmulatorServer(config) as server:
        print(f"Telegram Bot API emulator: {server.url}", flush=True)
        print(f"  bot API:  {server.url}/bot{config.bot_token}/getMe", flush=True)
        print(f"  web chat: {server.url}/", flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    config = parse_args(argv)
    try:
        asyncio.run(serve(config))
    except KeyboardInterrupt:
        pass
    except OSError as e:
        print(f"cannot start the emulator: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
