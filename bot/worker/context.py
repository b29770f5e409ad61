"""What a job gets: the shared services and a Bot to talk to Telegram."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiogram import Bot

from bot.services import Services


@dataclass(frozen=True)
class JobContext:
    services: Services
    bot: Bot
    worker_id: str
    # Set when the worker is asked to stop: long rounds (broadcast delivery) hand back what
    # they hold and return early.
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
