"""A local Telegram Bot API emulator with a control API and a web chat (see EMULATOR.md).

Importing this package creates nothing: build an :class:`EmulatorServer` and ``start()`` it,
or run ``python -m bot.emulator``.
"""

from bot.emulator.client import EmulatorClient, EmulatorError
from bot.emulator.config import EmulatorConfig
from bot.emulator.server import EmulatorServer

__all__ = ["EmulatorClient", "EmulatorConfig", "EmulatorError", "EmulatorServer"]
