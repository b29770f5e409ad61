"""Showing the wizard's steps and moving between them (shared by onboarding and /profile)."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, TaxonomyKind
from bot.features.common.keyboards import main_menu
from bot.features.profile.onboarding import keyboards as kb
from bot.features.profile.onboarding.service import finish
from bot.features.profile.onboarding.states import MODE_EDIT, MODE_ONBOARDING, Setup
from bot.features.profile.render import profile_keyboard, profile_text
from bot.features.profile.service import interest_slugs, load_profile, profession_slugs
from bot.geo import MAIN_HOST_COUNTRIES, cities_of, country_name
from bot.taxonomy import active_slugs
from bot.ui.screens import Target, drop_step_buttons, edit_or_answer, show_step_screen

ORDER: tuple[State, ...] = (
    Setup.language,
    Setup.country,
    Setup.city,
    Setup.professions,
    Setup.interests,
    Setup.notifications,
)


async def render_step(
    step: State, i18n: I18nContext, session: AsyncSession, member: Member
) -> tuple[str, InlineKeyboardMarkup]:
    if step == Setup.language:
        return i18n.get("setup-language"), kb.language_keyboard()
    if step == Setup.country:
        return i18n.get("setup-country"), kb.country_keyboard(i18n, MAIN_HOST_COUNTRIES)
    if step == Setup.city:
        assert member.country is not None
        return (
            i18n.get("setup-city", country=country_name(member.country, i18n.locale)),
            kb.city_keyboard(i18n, cities_of(member.country)),
        )
    if step == Setup.professions:
        return i18n.get("setup-professions"), kb.multi_select_keyboard(
            i18n,
            "p",
            TaxonomyKind.PROFESSION,
            await active_slugs(session, TaxonomyKind.PROFESSION),
            await profession_slugs(session, member.id),
        )
    if step == Setup.interests:
        return i18n.get("setup-interests"), kb.multi_select_keyboard(
            i18n,
            "i",
            TaxonomyKind.INTEREST,
            await active_slugs(session, TaxonomyKind.INTEREST),
            await interest_slugs(session, member.id),
        )
    return i18n.get("setup-notifications"), kb.notifications_keyboard(i18n)


async def show_step(
    step: State,
    target: Target,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member,
    state: FSMContext,
    prefix: str | None = None,
) -> None:
    """Enter ``step`` and show it: in place of the pressed message, or as a new message (the
    previous step's buttons then go, so only the current step offers any)."""
    await state.set_state(step)
    text, markup = await render_step(step, i18n, session, member)
    await show_step_screen(target, text, markup, state=state, prefix=prefix)


async def start_wizard(
    target: Target,
    *,
    mode: str,
    first: State,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member,
    state: FSMContext,
    prefix: str | None = None,
) -> None:
    await state.set_data({"mode": mode})
    await show_step(
        first, target, i18n=i18n, session=session, member=member, state=state, prefix=prefix
    )


def first_missing_step(member: Member, has_language_choice: bool) -> State:
    """Where a (re)started onboarding should continue."""
    if not has_language_choice:
        return Setup.language
    if member.country is None:
        return Setup.country
    if member.city is None and cities_of(member.country):
        return Setup.city
    return Setup.professions


async def advance(
    current: State,
    target: Target,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member,
    state: FSMContext,
    prefix: str | None = None,
) -> None:
    """After ``current`` is answered: the next step, or the profile card when editing."""
    mode = (await state.get_data()).get("mode", MODE_ONBOARDING)
    following: State | None
    if mode == MODE_EDIT:
        following = Setup.city if current == Setup.country else None
    else:
        index = ORDER.index(current)
        following = ORDER[index + 1] if index + 1 < len(ORDER) else None
    if following == Setup.city and not cities_of(member.country):
        following = None if mode == MODE_EDIT else Setup.professions
    if following is not None:
        await show_step(
            following,
            target,
            i18n=i18n,
            session=session,
            member=member,
            state=state,
            prefix=prefix,
        )
        return
    if isinstance(target, Message):
        await drop_step_buttons(target, state)
    await state.clear()
    profile = await load_profile(session, member)
    if mode == MODE_EDIT:
        text = i18n.get("profile-saved") + "\n\n" + profile_text(i18n, profile)
        markup = profile_keyboard(i18n)
    else:
        finish(member)
        text = i18n.get("setup-finished") + "\n\n" + profile_text(i18n, profile)
        markup = main_menu(i18n)
    if prefix:
        text = f"{prefix}\n\n{text}"
    if isinstance(target, CallbackQuery):
        await edit_or_answer(target, text, markup)
    else:
        await target.answer(text, reply_markup=markup)


__all__ = ["MODE_EDIT", "MODE_ONBOARDING", "advance", "show_step", "start_wizard"]
