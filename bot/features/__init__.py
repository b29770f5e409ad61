"""Every feature's router, assembled in one explicit order (the catch-all last).

Order matters: commands that work from anywhere (/menu, /cancel, /help) come before the
wizards, so they are never swallowed by a step waiting for text; privileged routers carry
their role gate themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiogram import Router


def build_routers() -> list[Router]:
    """New routers for one Dispatcher, in the order updates should meet them."""
    # Imported here, not with the package: a command that uses one feature's service (the
    # CLI's ``faq search``) must not import aiogram and every router to start.
    from bot.features.admin.router import create_router as admin
    from bot.features.admin.transfer_router import create_router as admin_transfer
    from bot.features.broadcast.router import create_organiser_router as broadcast_organiser
    from bot.features.broadcast.router import create_router as broadcast
    from bot.features.common.fallback import create_router as fallback
    from bot.features.common.router import create_router as common
    from bot.features.directory.router import create_router as directory
    from bot.features.events.organiser import create_router as events_organiser
    from bot.features.events.router import create_router as events
    from bot.features.faq.admin import create_router as faq_admin
    from bot.features.faq.router import create_question_router as faq_questions
    from bot.features.faq.router import create_router as faq
    from bot.features.faq.service import FaqLibrary
    from bot.features.jobs.router import create_router as jobs
    from bot.features.listings.router import create_router as listings
    from bot.features.moderation.router import create_router as moderation
    from bot.features.offers.router import create_router as offers
    from bot.features.onboarding.router import create_router as onboarding
    from bot.features.privacy.router import create_router as privacy
    from bot.features.profile.router import create_router as profile
    from bot.features.relay.router import create_router as relay
    from bot.features.safety.router import create_router as safety

    # One knowledge-base search index for the process, shared by the routers that search.
    faq_library = FaqLibrary()
    return [
        common(),
        privacy(),
        admin(),
        admin_transfer(),
        moderation(),
        faq(faq_library),
        faq_admin(),
        onboarding(),
        profile(),
        directory(),
        events(),
        events_organiser(),  # after events: its wizard catches typed text
        broadcast(),  # recipients: unsubscribe, my_chat_member (no role)
        broadcast_organiser(),
        safety(),
        listings(),
        jobs(),
        offers(),
        relay(),
        # Free text becomes a question only when no wizard waits: after every wizard.
        faq_questions(faq_library),
        fallback(),  # catch-all: always last
    ]
