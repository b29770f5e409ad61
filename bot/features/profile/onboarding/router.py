"""/start and the answers to each wizard step. Thin: parse, call the services, render."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, MemberStatus, TaxonomyKind
from bot.features.common.keyboards import main_menu
from bot.features.profile.onboarding import keyboards as kb
from bot.features.profile.onboarding.keyboards import DONE, SKIP, DeepLinkCb, SetupCb
from bot.features.profile.onboarding.service import (
    DEEP_LINK_KEY,
    DeepLink,
    apply_deep_link,
    deep_link_changes,
    get_or_create_member,
    parse_deep_link,
)
from bot.features.profile.onboarding.states import MODE_EDIT, MODE_ONBOARDING, Setup
from bot.features.profile.onboarding.steps import (
    advance,
    first_missing_step,
    show_step,
    start_wizard,
)
from bot.features.profile.render import ProfileCb
from bot.features.profile.service import set_city, set_country, toggle_interest, toggle_profession
from bot.geo import City, cities_of, country_name, find_city, is_country, match_city, match_country
from bot.taxonomy import active_slugs, label
from bot.ui.screens import edit_or_answer, show_step_screen

# A typed country is taken without asking back when it is this sure and this far ahead.
CONFIDENT_SCORE = 85.0
CLEAR_LEAD = 8.0


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
    await start_wizard(
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


# ---- language ---------------------------------------------------------------------------


async def chose_language(
    query: CallbackQuery,
    callback_data: SetupCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    if member is None or callback_data.value not in dict(kb.LANGUAGES):
        await query.answer(i18n.get("stale-button"))
        return
    await i18n.set_locale(callback_data.value, member=member)
    await advance(Setup.language, query, i18n=i18n, session=session, member=member, state=state)


async def typed_language(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    assert message.text is not None
    typed = message.text.strip().casefold()
    chosen = {
        "русский": "ru",
        "russian": "ru",
        "ru": "ru",
        "english": "en",
        "английский": "en",
        "en": "en",
    }.get(typed)
    if member is None or chosen is None:
        await message.answer(i18n.get("setup-use-buttons"), reply_markup=kb.language_keyboard())
        return
    await i18n.set_locale(chosen, member=member)
    await advance(Setup.language, message, i18n=i18n, session=session, member=member, state=state)


# ---- country ----------------------------------------------------------------------------


async def chose_country(
    query: CallbackQuery,
    callback_data: SetupCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    if member is None or not is_country(callback_data.value):
        await query.answer(i18n.get("stale-button"))
        return
    set_country(member, callback_data.value)
    await advance(Setup.country, query, i18n=i18n, session=session, member=member, state=state)


async def typed_country(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    assert message.text is not None and member is not None
    matches = match_country(message.text)
    if matches and (
        matches[0].exact
        or (
            matches[0].score >= CONFIDENT_SCORE
            and (len(matches) == 1 or matches[0].score - matches[1].score >= CLEAR_LEAD)
        )
    ):
        set_country(member, matches[0].code)
        note = i18n.get(
            "setup-country-understood", country=country_name(matches[0].code, i18n.locale)
        )
        await advance(
            Setup.country,
            message,
            i18n=i18n,
            session=session,
            member=member,
            state=state,
            prefix=note,
        )
        return
    if matches:
        await show_step_screen(
            message,
            i18n.get("setup-country-did-you-mean"),
            kb.country_keyboard(i18n, [match.code for match in matches]),
            state=state,
        )
        return
    await message.answer(i18n.get("setup-country-not-found"))


# ---- city -------------------------------------------------------------------------------


async def chose_city(
    query: CallbackQuery,
    callback_data: SetupCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    if member is None:
        await query.answer(i18n.get("stale-button"))
        return
    if callback_data.value == SKIP:
        set_city(member, None)
    elif find_city(member.country, callback_data.value) is not None:
        set_city(member, callback_data.value)
    else:
        await query.answer(i18n.get("stale-button"))
        return
    await advance(Setup.city, query, i18n=i18n, session=session, member=member, state=state)


async def typed_city(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    assert message.text is not None and member is not None
    city: City | None = match_city(member.country, message.text)
    if city is None:
        await show_step(
            Setup.city,
            message,
            i18n=i18n,
            session=session,
            member=member,
            state=state,
            prefix=i18n.get("setup-city-not-found"),
        )
        return
    set_city(member, city.slug)
    await advance(
        Setup.city,
        message,
        i18n=i18n,
        session=session,
        member=member,
        state=state,
        prefix=i18n.get("setup-city-understood", city=city.name(i18n.locale)),
    )


# ---- professions and interests ----------------------------------------------------------


# A press on a professions or interests button: what it toggles, and the step it redraws. Each
# is registered only in its own step's state, so a stale button of the other step never lands.
_MULTI_STEPS: dict[str, tuple[TaxonomyKind, State]] = {
    "p": (TaxonomyKind.PROFESSION, Setup.professions),
    "i": (TaxonomyKind.INTEREST, Setup.interests),
}


async def toggled(
    query: CallbackQuery,
    callback_data: SetupCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    kind, step = _MULTI_STEPS[callback_data.step]
    await _multi_select(
        query, callback_data, kind, step, i18n=i18n, session=session, member=member, state=state
    )


async def _multi_select(
    query: CallbackQuery,
    callback_data: SetupCb,
    kind: TaxonomyKind,
    step: State,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    if member is None:
        await query.answer(i18n.get("stale-button"))
        return
    if callback_data.value == DONE:
        await advance(step, query, i18n=i18n, session=session, member=member, state=state)
        return
    if callback_data.value not in await active_slugs(session, kind):
        await query.answer(i18n.get("stale-button"))
        return
    toggle = toggle_profession if kind == TaxonomyKind.PROFESSION else toggle_interest
    await toggle(session, member.id, callback_data.value)
    await show_step(step, query, i18n=i18n, session=session, member=member, state=state)


# ---- announcements opt-in ---------------------------------------------------------------


async def chose_notifications(
    query: CallbackQuery,
    callback_data: SetupCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    if member is None or callback_data.value not in ("yes", "no"):
        await query.answer(i18n.get("stale-button"))
        return
    member.broadcasts_opt_in = callback_data.value == "yes"
    await advance(
        Setup.notifications, query, i18n=i18n, session=session, member=member, state=state
    )


# ---- anything else typed mid-wizard -----------------------------------------------------


async def use_the_buttons(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    """Text where buttons are expected (or a sticker where a name is): show the step again."""
    current = await state.get_state()
    step = next((step for step in Setup.__states__ if step.state == current), None)
    if member is None or step is None:
        await state.clear()
        await message.answer(i18n.get("not-started"))
        return
    typed_command = (message.text or "").startswith("/")
    await show_step(
        step,
        message,
        i18n=i18n,
        session=session,
        member=member,
        state=state,
        prefix=i18n.get("setup-unknown-command" if typed_command else "setup-use-buttons"),
    )


# The profile's buttons for the fields this wizard asks: editing one runs the wizard in its
# edit mode, from that step (the profile's other buttons stay with the profile's router).
EDITED_IN_WIZARD = {
    "language": Setup.language,
    "country": Setup.country,
    "city": Setup.city,
    "professions": Setup.professions,
    "interests": Setup.interests,
}


async def edit_from_profile(
    query: CallbackQuery,
    callback_data: ProfileCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    if member is None:
        await query.answer(i18n.get("not-started"), show_alert=True)
        return
    field = callback_data.field
    if field == "city" and not cities_of(member.country):
        await query.answer(i18n.get("profile-no-cities"), show_alert=True)
        return
    await start_wizard(
        query,
        mode=MODE_EDIT,
        first=EDITED_IN_WIZARD[field],
        i18n=i18n,
        session=session,
        member=member,
        state=state,
    )


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="onboarding")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(start, CommandStart())
    router.callback_query.register(deep_link_answer, DeepLinkCb.filter())
    router.callback_query.register(
        edit_from_profile, ProfileCb.filter(F.field.in_(set(EDITED_IN_WIZARD)))
    )
    router.callback_query.register(chose_language, Setup.language, SetupCb.filter(F.step == "l"))
    router.message.register(typed_language, Setup.language, F.text, ~F.text.startswith("/"))
    router.callback_query.register(chose_country, Setup.country, SetupCb.filter(F.step == "c"))
    router.message.register(typed_country, Setup.country, F.text, ~F.text.startswith("/"))
    router.callback_query.register(chose_city, Setup.city, SetupCb.filter(F.step == "ci"))
    router.message.register(typed_city, Setup.city, F.text, ~F.text.startswith("/"))
    for code, (_, step) in _MULTI_STEPS.items():
        router.callback_query.register(toggled, step, SetupCb.filter(F.step == code))
    router.callback_query.register(
        chose_notifications, Setup.notifications, SetupCb.filter(F.step == "n")
    )
    # Last: whatever else arrives while a step waits (text at a button step, a sticker...).
    router.message.register(use_the_buttons, StateFilter(Setup))
    return router
