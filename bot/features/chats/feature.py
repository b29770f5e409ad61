"""The bot inside community groups, as plugged into the bot."""

from __future__ import annotations

from bot.db.models import ReviewKind
from bot.features.chats import service
from bot.features.chats.jobs import forget_chat_data, refresh_chats, run_chat_actions
from bot.features.chats.render import live_lines
from bot.features.chats.review import (
    ChatBanReviewHandler,
    ChatLinkReviewHandler,
    ChatMessageReviewHandler,
)
from bot.features.chats.router import create_group_router, create_private_router
from bot.features.directory.extensions import CARD_LINES
from bot.plugins import DataSection, Feature, Job, RouterSet

FEATURE = Feature(
    "chats",
    # Listed first: the group router takes every update from a group (nothing after it answers
    # there). The private one (/groups, /appeal, the settings' buttons) has no wizard step that
    # could swallow /menu, /help or /cancel.
    routers=lambda: RouterSet([create_group_router(), create_private_router()]),
    review={
        ReviewKind.CHAT_MESSAGE: ChatMessageReviewHandler,
        ReviewKind.CHAT_LINK: ChatLinkReviewHandler,
        ReviewKind.CHAT_BAN: ChatBanReviewHandler,
    },
    jobs=[
        Job("chats.actions", run_chat_actions, interval=2.0, wakes_on=("group_actions",)),
        Job("chats.refresh", refresh_chats, interval=300.0),
        Job("chats.forget", forget_chat_data, interval=3600.0),
    ],
    personal_data=[DataSection("groups", service.export_member, service.erase_member)],
    # The directory card of a group the bot is in: its presence and the live member count.
    provides=[CARD_LINES.provide(live_lines)],
)
