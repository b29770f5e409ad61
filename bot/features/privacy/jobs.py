"""The worker's retention jobs: warn silent members, erase those who stayed away, trim the
audit log. The rules are in :mod:`bot.features.privacy.retention`."""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram.exceptions import TelegramForbiddenError

from bot.db.uow import unit_of_work
from bot.features.privacy import retention
from bot.features.privacy.service import erase_when_decided
from bot.plugins import JobContext

log = logging.getLogger(__name__)


async def warn_and_erase_silent_members(context: JobContext) -> int:
    settings = context.services.settings
    services = context.services
    async with unit_of_work(services.sessions) as session:
        to_warn = await retention.members_to_warn(
            session, inactive_for=timedelta(days=settings.inactive_days)
        )
    for member_id, locale in to_warn:
        text = services.text(
            locale or settings.default_locale,
            "privacy-retention-warning",
            days=settings.inactive_grace_days,
        )
        try:
            await context.bot.send_message(member_id, text)
        except TelegramForbiddenError:
            pass  # blocked the bot: they are erased after the grace period all the same
        except Exception as error:
            log.warning("retention warning not delivered: %s", type(error).__name__)
    async with unit_of_work(services.sessions) as session:
        erased = await retention.erase_silent_members(
            session,
            context.plugins.personal_data,
            grace=timedelta(days=settings.inactive_grace_days),
        )
    for member_id in erased:
        await services.forget_member_state(context.bot.id, member_id)
    if erased:
        log.info("retention: %d silent members erased", len(erased))
    return len(to_warn) + len(erased)


async def purge_old_audit_entries(context: JobContext) -> int:
    settings = context.services.settings
    async with unit_of_work(context.services.sessions) as session:
        return await retention.purge_audit(
            session, older_than=timedelta(days=settings.audit_retention_days)
        )


async def erase_after_decisions(context: JobContext) -> int:
    """Erase members who asked to while a report about them was open, once it is decided."""
    services = context.services
    async with unit_of_work(services.sessions) as session:
        erased = await erase_when_decided(session, context.plugins.personal_data)
    for member_id in erased:
        await services.forget_member_state(context.bot.id, member_id)
    if erased:
        log.info("privacy: %d deferred erasures done", len(erased))
    return len(erased)
