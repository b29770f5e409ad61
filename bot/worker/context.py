"""What a job gets: the shared services and a Bot to talk to Telegram."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot

from bot.services import Services


@dataclass(frozen=True)
class JobContext:
    services: Services
    bot: Bot
    worker_id: str
