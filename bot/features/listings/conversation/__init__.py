"""Conversations about a listing through the bot (relay): masked contact until both agree."""
