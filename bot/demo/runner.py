"""``python -m bot demo``: the emulator, the real bot and its worker, in one process.

The bot is the production one — :func:`bot.app.serve_bot` with the composition root of
:mod:`bot.factory` — and talks HTTP to the emulator exactly as it talks to api.telegram.org;
only ``TELEGRAM_API_URL`` differs. Everything runs in one event loop so that Ctrl-C or SIGTERM
stops all of it in order (long poll, worker, database, emulator) and nothing can be left
running or listening: there is no child process to outlive its parent.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import shutil
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url

from bot.app import migrate_and_seed, serve_bot
from bot.config import Settings, SettingsError, load_settings
from bot.content.demo_personas import PERSONAS, Persona
from bot.db.keys import open_data_keys
from bot.demo import DEFAULT_HOST, DEFAULT_PORT
from bot.demo.seed import load_demo_data
from bot.emulator import EmulatorClient, EmulatorConfig, EmulatorServer
from bot.factory import create_bot, create_services
from bot.geo import country_name
from bot.logs import setup_logging

log = logging.getLogger(__name__)

DATABASE_FILE = "prichal.db"
# How long the bot may take to connect before the demo gives up and says why.
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class DemoOptions:
    """The demo's command line (contract: ``--host``, ``--port``, ``--data-dir``,
    ``--database-url``). With neither ``data_dir`` nor ``database_url`` the SQLite file lives
    in a fresh temporary folder that is removed on exit."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    data_dir: Path | None = None
    database_url: str | None = None
    verbose: bool = False


class DemoError(Exception):
    """The demo cannot start; ``str()`` is the one line shown to the person."""


def run_demo(options: DemoOptions, out: TextIO | None = None) -> int:
    """Run until Ctrl-C or SIGTERM; returns the exit code (0 after a clean stop)."""
    stream = out or sys.stdout
    temporary: Path | None = None
    if options.database_url is None and options.data_dir is None:
        temporary = Path(tempfile.mkdtemp(prefix="prichal-demo-"))
    try:
        database_url = options.database_url or _sqlite_url(
            options.data_dir or (temporary / "data" if temporary is not None else None)
        )
        try:
            return asyncio.run(_Demo(options, database_url, temporary, stream).run())
        except DemoError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        except SettingsError as error:  # the data key: missing, or not this database's
            print(f"error: {error}", file=sys.stderr)
            return 2
        except (KeyboardInterrupt, asyncio.CancelledError):
            # A second Ctrl-C while stopping: everything was closed on the way out anyway.
            return 130
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


def _sqlite_url(folder: Path | None) -> str:
    assert folder is not None
    folder = folder.expanduser().resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DemoError(f"--data-dir {folder}: {error.strerror or error}") from None
    return f"sqlite+aiosqlite:///{folder / DATABASE_FILE}"


class _Demo:
    def __init__(
        self, options: DemoOptions, database_url: str, temporary: Path | None, out: TextIO
    ) -> None:
        self.options = options
        self.database_url = database_url
        self.temporary = temporary
        self.out = out
        self.stop = asyncio.Event()
        # The staff app's own small server (beside long polling), on a free port of the host.
        self.app_port = _free_port(options.host)

    def _on_signal(self, task: asyncio.Task[int] | None) -> None:
        if self.stop.is_set() and task is not None:
            task.cancel()  # a second Ctrl-C: stop waiting for a graceful end
            return
        self.stop.set()

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        signals = (signal.SIGINT, signal.SIGTERM)
        for number in signals:
            loop.add_signal_handler(number, self._on_signal, task)
        try:
            return await self._run()
        finally:
            for number in signals:
                loop.remove_signal_handler(number)

    async def _run(self) -> int:
        config = EmulatorConfig(host=self.options.host, port=self.options.port)
        # Quiet from the first line on: a person should see the banner, not the start-up log.
        setup_logging(self._settings(config, None))
        emulator = EmulatorServer(config)
        try:
            await emulator.start()
        except OSError as error:
            raise DemoError(
                f"cannot listen on {self.options.host}:{self.options.port} "
                f"({error.strerror or error}); choose another with --port"
            ) from None
        try:
            settings = self._settings(config, emulator.url)
            setup_logging(settings)
            return await self._serve(emulator, settings)
        finally:
            await emulator.stop()
            print("Prichal demo stopped.", file=self.out, flush=True)

    def _settings(self, config: EmulatorConfig, api_url: str | None) -> Settings:
        try:
            return load_settings(
                environment=False,
                bot_token=config.bot_token,
                telegram_api_url=api_url or "http://127.0.0.1",
                database_url=self.database_url,
                data_key_file=self._key_file(),
                admin_ids=",".join(str(p.user_id) for p in PERSONAS if p.kind == "admin"),
                log_level="INFO" if self.options.verbose else "WARNING",
                PRICHAL_APP_HOST=self.options.host,
                PRICHAL_APP_PORT=self.app_port,
            )
        except SettingsError as error:
            if error.variable == "DATABASE_URL":
                raise DemoError(f"--database-url: {error}".replace("DATABASE_URL: ", "")) from None
            raise DemoError(str(error)) from None

    def _key_file(self) -> Path | None:
        """The demo's own data key file, beside its folder: ``<folder>.key`` (a database given
        with ``--database-url`` uses the usual ``prichal.key`` beside its folder)."""
        if self.options.database_url is not None:
            return None
        folder = self.options.data_dir or (self.temporary / "data" if self.temporary else None)
        if folder is None:
            return None
        folder = folder.expanduser().resolve()
        return folder.with_name(folder.name + ".key")

    async def _serve(self, emulator: EmulatorServer, settings: Settings) -> int:
        await open_data_keys(settings)
        services = create_services(settings)
        bot = create_bot(settings)
        bot_task: asyncio.Task[None] | None = None
        try:
            await migrate_and_seed(services)
            loaded = await load_demo_data(services.sessions)
            async with EmulatorClient(emulator.url) as client:
                for persona in PERSONAS:
                    await client.create_user(
                        persona.first_name,
                        user_id=persona.user_id,
                        language_code=persona.language,
                        note=persona.note,
                    )
            if self.stop.is_set():
                return 0
            bot_task = asyncio.create_task(serve_bot(services, bot, stop=self.stop), name="bot")
            await self._wait_until_polling(emulator, bot_task)
            # What is loaded now lives until the end: frozen, the collector never walks it
            # again — nor does the interpreter's final collection, so Ctrl-C returns at once.
            gc.freeze()
            self._print_banner(emulator, loaded)
            await bot_task
            return 0
        finally:
            self.stop.set()
            if bot_task is not None and not bot_task.done():
                with contextlib.suppress(Exception):
                    await bot_task
            await bot.session.close()
            await services.close()

    async def _wait_until_polling(
        self, emulator: EmulatorServer, bot_task: asyncio.Task[None]
    ) -> None:
        """Print nothing before the bot really takes updates: a person may type at once."""
        deadline = time.monotonic() + START_TIMEOUT
        state = emulator.state
        while not (state.poller_active or state.stats.calls["getUpdates"]):
            if bot_task.done():
                bot_task.result()  # the reason it stopped
                return
            if self.stop.is_set():
                return
            if time.monotonic() > deadline:
                raise DemoError(f"the bot did not connect to the emulator in {START_TIMEOUT:.0f} s")
            await asyncio.sleep(0.05)

    def _print_banner(self, emulator: EmulatorServer, loaded: dict[str, int]) -> None:
        url = emulator.url + "/"
        width = max(len(p.first_name) for p in PERSONAS)
        lines = [
            f"Prichal demo: open {url} in a browser",
            "",
            "  Demo personas (open each in its own tab):",
        ]
        for persona in PERSONAS:
            role = _describe(persona)
            lines.append(
                f"    {persona.first_name:<{width}}  {role:<30} {url}?user={persona.user_id}"
            )
        lines += [
            "  Or create a person of your own on the page (a name and a language).",
            "",
            "  Demo data: " + (", ".join(f"{k} {v} new" for k, v in loaded.items()) or "none"),
            f"  Database:  {self._database_note()}",
            f"  Bot API:   {emulator.url}/bot{emulator.config.bot_token}/ — what the bot talks to "
            "instead of api.telegram.org",
            f"  Control:   {emulator.url}/_emulator/ — the emulator's control API, to play the "
            "people from scripts",
            f"  Staff app: {self._app_url()}/ — the Mini App staff open from the menu (🛠 Staff "
            "app), beside the chat",
            "",
            "Ctrl-C stops everything.",
        ]
        print("\n".join(lines), file=self.out, flush=True)

    def _app_url(self) -> str:
        host = "127.0.0.1" if self.options.host in ("0.0.0.0", "::", "") else self.options.host
        return f"http://{host}:{self.app_port}/app"

    def _database_note(self) -> str:
        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite" and url.database:
            where = url.database
            if self.temporary is not None:
                return f"{where} (a temporary folder, removed on exit)"
            return f"{where} (kept)"
        return url.render_as_string(hide_password=True)


def _free_port(host: str) -> int:
    """A port nothing listens on now (the operating system's choice)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _describe(persona: Persona) -> str:
    language = {"ru": "Russian", "en": "English"}.get(persona.language, persona.language)
    if persona.scope and persona.scope != "*":
        place = country_name(persona.scope, "en")
        return f"{persona.kind} · {place} · {language}"
    return f"{persona.kind} · {language}"
