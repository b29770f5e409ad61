"""``python -m bot demo``: the emulator, the real bot and its worker in one process, with demo
personas and demo data (see :mod:`bot.demo.seed`). Importing this package starts nothing."""

# The contract's defaults (DESIGN.md): the web chat and the Bot API on one port.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
