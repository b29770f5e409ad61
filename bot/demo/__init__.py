"""``python -m bot demo``: the emulator, the real bot and its worker in one process, with demo
personas and demo data (see :mod:`bot.demo.seed`). Importing this package starts nothing."""
