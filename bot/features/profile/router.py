"""/profile: the card, and changing any part of it later."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.errors import DomainError
from bot.features.common.keyboards import MenuCb
from bot.features.profile.onboarding.states import MODE_EDIT, Setup
from bot.features.profile.onboarding.steps import WIZARD
from bot.features.profile.render import ProfileCb, profile_keyboard, profile_text
from bot.features.profile.service import QUIET_PRESETS, load_profile, set_quiet_hours
from bot.geo import cities_of
from bot.ui.keyboards import InlineKeyboardBuilder
from bot.ui.screens import edit_or_answer, show

# The profile's buttons for the fields the onboarding wizard asks, and its step for each.
EDITED_IN_WIZARD = {
    "language": Setup.language,
    "country": Setup.country,
    "city": Setup.city,
    "professions": Setup.professions,
    "interests": Setup.interests,
}


async def show_profile(
    event: Message | CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    """/profile, or "My profile" in the menu: the card (whatever was open is left)."""
    await state.clear()
    if member is None:
        raise DomainError("not-started")
    profile = await load_profile(session, member)
    await show(event, profile_text(i18n, profile), profile_keyboard(i18n))


async def edit_field(
    query: CallbackQuery,
    callback_data: ProfileCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    if member is None:
        raise DomainError("not-started")
    field = callback_data.field
    if field in EDITED_IN_WIZARD:
        # The fields onboarding asks are edited in its wizard: that step (and the city after a
        # new country), then this card again.
        if field == "city" and not cities_of(member.country):
            raise DomainError("profile-no-cities")
        await WIZARD.begin(
            query,
            mode=MODE_EDIT,
            first=EDITED_IN_WIZARD[field],
            i18n=i18n,
            session=session,
            member=member,
            state=state,
        )
        return
    if field == "notify":
        # "on"/"off" from a button elsewhere (the empty events list's "tell me about new
        # events") sets it, so an old copy pressed again never turns it off; the profile's own
        # button toggles.
        value = callback_data.value
        member.broadcasts_opt_in = (
            value == "on" if value in ("on", "off") else (not member.broadcasts_opt_in)
        )
    elif field == "alerts":
        member.alerts_opt_in = not member.alerts_opt_in
    elif field == "quiet":
        if not callback_data.value:
            await edit_or_answer(
                query, i18n.get("profile-quiet-choose"), _quiet_keyboard(i18n).as_markup()
            )
            return
        preset = _parse_quiet(callback_data.value)
        if preset is None:
            await query.answer(i18n.get("stale-button"))
            return
        set_quiet_hours(member, *preset)
    else:
        await query.answer(i18n.get("stale-button"))
        return
    await state.clear()
    profile = await load_profile(session, member)
    await edit_or_answer(query, profile_text(i18n, profile), profile_keyboard(i18n))


def _quiet_value(start: int | None, end: int | None) -> str:
    return "off" if start is None else f"{start}-{end}"


def _parse_quiet(value: str) -> tuple[int | None, int | None] | None:
    for start, end in QUIET_PRESETS:
        if _quiet_value(start, end) == value:
            return start, end
    return None


def _quiet_keyboard(i18n: I18nContext) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for start, end in QUIET_PRESETS:
        text = (
            i18n.get("profile-quiet-off")
            if start is None
            else i18n.get("profile-quiet-window", start=f"{start:02d}:00", end=f"{end:02d}:00")
        )
        builder.button(
            text=text, callback_data=ProfileCb(field="quiet", value=_quiet_value(start, end))
        )
    builder.adjust(2)
    return builder


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="profile")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(show_profile, Command("profile"))
    router.callback_query.register(show_profile, MenuCb.filter(F.section == "profile"))
    router.callback_query.register(edit_field, ProfileCb.filter())
    return router
