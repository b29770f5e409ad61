"""/start (and a shared link's answer): it opens the profile wizard (``steps.WIZARD``), whose
handlers answer each step."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, MemberStatus, TaxonomyKind
from bot.features.common.keyboards import main_menu
from bot.features.profile.onboarding import keyboards as kb
from bot.features.profile.onboarding.keyboards import DeepLinkCb
from bot.features.profile.onboarding.service import (
    DEEP_LINK_KEY,
    DeepLink,
    apply_deep_link,
    deep_link_changes,
    get_or_create_member,
    parse_deep_link,
)
from bot.features.profile.onboarding.states import MODE_ONBOARDING
from bot.features.profile.onboarding.steps import WIZARD, first_missing_step
from bot.geo import country_name, find_city
from bot.taxonomy import active_slugs, label
from bot.ui.screens import edit_or_answer


async def start(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    assert message.from_user is not None
    member, created = await get_or_create_member(session, message.from_user.id, member)
    if member.status == MemberStatus.BANNED:
        # An erased member whose id was banned starts again: banned again (bans.py).
        await state.clear()
        await message.answer(i18n.get("banned-notice"))
        return
    link = parse_deep_link(command.args, await active_slugs(session, TaxonomyKind.PROFESSION))
    notes: list[str] = []
    if link.unknown:
        notes.append(i18n.get("deeplink-unknown", parts=", ".join(link.unknown)))
    if member.is_onboarded and await deep_link_changes(session, member, link):
        # A link someone shared must not silently move a member (and change which
        # announcements reach them): ask first, change nothing until they agree.
        await state.clear()
        await state.set_data({DEEP_LINK_KEY: command.args})
        notes.append(
            i18n.get(
                "deeplink-ask",
                place=_link_place(i18n, link),
                current=_place(i18n, member),
            )
        )
        await message.answer("\n\n".join(notes), reply_markup=kb.deep_link_keyboard(i18n))
        return
    if not link.is_empty and not member.is_onboarded:
        await apply_deep_link(session, member, link)
        if member.locale is None:
            # Arriving by a link skips the language question: keep Telegram's language.
            member.locale = i18n.locale
        notes.append(i18n.get("deeplink-applied", place=_place(i18n, member)))
    prefix = "\n".join(notes) or None
    if member.is_onboarded:
        await state.clear()
        text = i18n.get("start-welcome-back")
        await message.answer(
            f"{prefix}\n\n{text}" if prefix else text, reply_markup=main_menu(i18n)
        )
        return
    if created:
        # The welcome (what the bot does, what it keeps) is a message of its own: the steps
        # come below it and are edited as the member answers, so it stays to be read again.
        await message.answer(i18n.get("start-welcome"))
    await WIZARD.begin(
        message,
        mode=MODE_ONBOARDING,
        first=first_missing_step(member, has_language_choice=member.locale is not None),
        i18n=i18n,
        session=session,
        member=member,
        state=state,
        prefix=prefix,
    )


def _link_place(i18n: I18nContext, link: DeepLink) -> str:
    """What a link would set: the place and the profession."""
    parts = []
    if link.country:
        place = country_name(link.country, i18n.locale)
        city = find_city(link.country, link.city) if link.city else None
        parts.append(f"{place}, {city.name(i18n.locale)}" if city else place)
    if link.profession:
        parts.append(label(i18n.get, TaxonomyKind.PROFESSION, link.profession))
    return " · ".join(parts) or "—"


async def deep_link_answer(
    query: CallbackQuery,
    callback_data: DeepLinkCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    """The member's answer to "change your profile to the link's?" (asked, never assumed)."""
    data = await state.get_data()
    payload = data.get(DEEP_LINK_KEY)
    if member is None or not isinstance(payload, str):
        await query.answer(i18n.get("stale-button"))
        return
    await state.clear()
    if not callback_data.ok:
        await edit_or_answer(query, i18n.get("deeplink-kept"), main_menu(i18n))
        return
    link = parse_deep_link(payload, await active_slugs(session, TaxonomyKind.PROFESSION))
    await apply_deep_link(session, member, link)
    await edit_or_answer(
        query, i18n.get("deeplink-applied", place=_place(i18n, member)), main_menu(i18n)
    )


def _place(i18n: I18nContext, member: Member) -> str:
    if member.country is None:
        return "—"
    place = country_name(member.country, i18n.locale)
    city = find_city(member.country, member.city) if member.city else None
    return f"{place}, {city.name(i18n.locale)}" if city else place


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="onboarding")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(start, CommandStart())
    router.callback_query.register(deep_link_answer, DeepLinkCb.filter())
    router.include_router(WIZARD.create_router())
    return router
