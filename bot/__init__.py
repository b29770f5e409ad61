"""Prichal: a Telegram bot for mutual-aid communities of recent emigrants."""

__version__ = "0.1.0"
