"""Prichal: a Telegram bot for mutual-aid communities of recent emigrants."""

from bot.lazy_models import defer_aiogram_models

__version__ = "0.1.0"

# Before any module of the package can import aiogram: its ~570 pydantic models are then built
# when first used, not all at import (~110 MB and ~2.5 s of CPU at every start; see
# bot/lazy_models.py). Changes how pydantic builds them, never what it builds.
defer_aiogram_models()
