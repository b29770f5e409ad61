"""The profile wizard on the UI kit's step engine (:mod:`bot.ui.steps`).

Onboarding runs it from the first step not answered yet: language → country → city (only where
the country has a city list) → professions → interests → announcements → the profile card with
the main menu. /profile runs it in its edit mode (``mode`` = "edit") from one step: that answer,
and the city after a new country, then the card again. Every answer is saved on the member at
once (a newcomer who pauses with /cancel and sends /start again continues where they were), so
the draft only says which mode runs and the country the city step belongs to.

Onboarding draws no ⬅️ Back / ✖ Cancel (a newcomer finishes, or sends /cancel or /start again):
every step's view has ``navigation=False``. A command the bot does not know, sent mid-step,
shows the step again with a note (the engine lets commands fall through).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, TaxonomyKind
from bot.errors import DomainError
from bot.features.common.keyboards import main_menu
from bot.features.profile.onboarding import keyboards as kb
from bot.features.profile.onboarding.keyboards import DONE, SKIP, SetupCb
from bot.features.profile.onboarding.service import finish
from bot.features.profile.onboarding.states import MODE_EDIT, MODE_ONBOARDING, Setup
from bot.features.profile.render import profile_keyboard, profile_text
from bot.features.profile.service import (
    interest_slugs,
    load_profile,
    profession_slugs,
    set_city,
    set_country,
    toggle_interest,
    toggle_profession,
)
from bot.geo import (
    MAIN_HOST_COUNTRIES,
    cities_of,
    country_name,
    find_city,
    is_country,
    match_city,
    match_country,
)
from bot.taxonomy import active_slugs
from bot.ui import steps as engine
from bot.ui.keyboards import InlineKeyboardBuilder
from bot.ui.screens import Target, drop_step_buttons, show
from bot.ui.steps import Draft, StepContext, StepEngine, Steps, StepView, Turn

# The draft: which mode runs, and the country chosen (the city step follows only when that
# country has a city list). Before the engine the mode was a top-level FSM key: a wizard open
# during the deploy runs as onboarding, which is what it most likely was.
MODE = "mode"
COUNTRY = "country"

# A typed country is taken without asking back when it is this sure and this far ahead.
CONFIDENT_SCORE = 85.0
CLEAR_LEAD = 8.0

# A language typed instead of pressed.
TYPED_LANGUAGES = {
    "русский": "ru",
    "russian": "ru",
    "ru": "ru",
    "english": "en",
    "английский": "en",
    "en": "en",
}

# The multi-select steps: what their buttons toggle.
MULTI = {Setup.professions: TaxonomyKind.PROFESSION, Setup.interests: TaxonomyKind.INTEREST}

QUESTIONS = {
    Setup.language: "setup-language",
    Setup.country: "setup-country",
    Setup.city: "setup-city",
    Setup.professions: "setup-professions",
    Setup.interests: "setup-interests",
    Setup.notifications: "setup-notifications",
}

# Step codes in callback data (``su:<code>:<value>``), as they always were.
CODES = {
    "l": Setup.language,
    "c": Setup.country,
    "ci": Setup.city,
    "p": Setup.professions,
    "i": Setup.interests,
    "n": Setup.notifications,
}


def first_missing_step(member: Member, has_language_choice: bool) -> State:
    """Where a (re)started onboarding should continue."""
    if not has_language_choice:
        return Setup.language
    if member.country is None:
        return Setup.country
    if member.city is None and cities_of(member.country):
        return Setup.city
    return Setup.professions


# ---- showing --------------------------------------------------------------------------------


async def _chosen(step: State, ctx: StepContext) -> tuple[str, ...]:
    read = profession_slugs if step == Setup.professions else interest_slugs
    return await read(ctx.session, ctx.member.id)


async def _builder(step: State, ctx: StepContext) -> InlineKeyboardBuilder:
    i18n = ctx.i18n
    if step == Setup.language:
        return kb.language_keyboard()
    if step == Setup.country:
        return kb.country_keyboard(i18n, MAIN_HOST_COUNTRIES)
    if step == Setup.city:
        return kb.city_keyboard(i18n, cities_of(ctx.member.country))
    if step in MULTI:
        kind = MULTI[step]
        slugs = await active_slugs(ctx.session, kind)
        code = WIZARD.code(step)
        return kb.multi_select_keyboard(i18n, code, kind, slugs, await _chosen(step, ctx))
    return kb.notifications_keyboard(i18n)


async def render(step: State, ctx: StepContext, draft: Draft) -> StepView:
    values: dict[str, object] = {}
    if step == Setup.city:
        assert ctx.member.country is not None
        values["country"] = country_name(ctx.member.country, ctx.i18n.locale)
    text = ctx.get(QUESTIONS[step], **values)
    # No ⬅️ Back / ✖ Cancel here: onboarding is finished, or paused with /cancel.
    return StepView(text, await _builder(step, ctx), navigation=False)


# ---- answers --------------------------------------------------------------------------------


def _take_country(ctx: StepContext, draft: Draft, code: str) -> None:
    set_country(ctx.member, code)
    draft[COUNTRY] = code


async def read(step: State, text: str, ctx: StepContext, draft: Draft) -> Turn:
    """A typed language, country or city; the other steps want their buttons. A command
    reaches here only when no router knew it (see :meth:`ProfileWizard.create_router`)."""
    if text.startswith("/"):
        raise DomainError("setup-unknown-command")
    if step == Setup.language:
        chosen = TYPED_LANGUAGES.get(text.casefold())
        if chosen is None:
            raise DomainError("setup-use-buttons")
        await ctx.i18n.set_locale(chosen, member=ctx.member)
        return engine.advance()
    if step == Setup.country:
        return _typed_country(text, ctx, draft)
    if step == Setup.city:
        city = match_city(ctx.member.country, text)
        if city is None:
            raise DomainError("setup-city-not-found")
        set_city(ctx.member, city.slug)
        return engine.advance(ctx.get("setup-city-understood", city=city.name(ctx.i18n.locale)))
    raise DomainError("setup-use-buttons")


def _typed_country(text: str, ctx: StepContext, draft: Draft) -> Turn:
    matches = match_country(text)
    if not matches:
        raise DomainError("setup-country-not-found")
    best = matches[0]
    clear = len(matches) == 1 or best.score - matches[1].score >= CLEAR_LEAD
    if best.exact or (best.score >= CONFIDENT_SCORE and clear):
        _take_country(ctx, draft, best.code)
        name = country_name(best.code, ctx.i18n.locale)
        return engine.advance(ctx.get("setup-country-understood", country=name))
    # Not sure: the likely countries, as buttons of the country step.
    choices = kb.country_keyboard(ctx.i18n, [match.code for match in matches])
    return engine.screen(ctx.get("setup-country-did-you-mean"), choices.as_markup())


async def choose(step: State, value: str, ctx: StepContext, draft: Draft) -> Turn:
    """A pressed answer, checked against what the step offers (callback data is forgeable)."""
    member = ctx.member
    if step == Setup.language and value in dict(kb.LANGUAGES):
        await ctx.i18n.set_locale(value, member=member)
        return engine.advance()
    if step == Setup.country and is_country(value):
        _take_country(ctx, draft, value)
        return engine.advance()
    if step == Setup.city and (value == SKIP or find_city(member.country, value) is not None):
        set_city(member, None if value == SKIP else value)
        return engine.advance()
    if step in MULTI:
        if value == DONE:
            return engine.advance()
        if value in await active_slugs(ctx.session, MULTI[step]):
            toggle = toggle_profession if step == Setup.professions else toggle_interest
            await toggle(ctx.session, member.id, value)
            return engine.again()
    if step == Setup.notifications and value in kb.NOTIFY:
        member.broadcasts_opt_in = value == "yes"
        return engine.advance()
    raise DomainError("stale-button")


# ---- past the last step ---------------------------------------------------------------------


async def finished(target: Target, ctx: StepContext, draft: Draft, note: str | None) -> None:
    """The profile card: with the main menu after onboarding, with its own buttons after an
    edit."""
    if isinstance(target, Message):
        await drop_step_buttons(target, ctx.state)
    await ctx.state.clear()
    profile = await load_profile(ctx.session, ctx.member)
    markup: InlineKeyboardMarkup
    if draft.get(MODE) == MODE_EDIT:
        heading, markup = ctx.get("profile-saved"), profile_keyboard(ctx.i18n)
    else:
        finish(ctx.member)
        heading, markup = ctx.get("setup-finished"), main_menu(ctx.i18n)
    await show(target, f"{heading}\n\n{profile_text(ctx.i18n, profile)}", markup, prefix=note)


def cancelled(ctx: StepContext) -> tuple[str, InlineKeyboardMarkup | None]:
    """What /cancel says (no step offers ✖ Cancel; only forged data lands here)."""
    if ctx.member.is_onboarded:
        return ctx.get("cancel-done"), main_menu(ctx.i18n)
    return ctx.get("cancel-onboarding-paused"), None


def _city_skipped(step: State, draft: Draft) -> bool:
    return step == Setup.city and not cities_of(draft.get(COUNTRY))


class ProfileWizard(StepEngine):
    """The step engine with the edit mode's short path and commands the bot does not know."""

    def next_of(self, step: State, draft: Draft) -> State | None:
        if draft.get(MODE) == MODE_EDIT:
            # One answer edited: a new country asks for its city, then the card again.
            city = step == Setup.country and not self.skipped(Setup.city, draft)
            return Setup.city if city else None
        return super().next_of(step, draft)

    async def begin(
        self,
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
        """Open the wizard in ``mode`` at ``first``."""
        ctx = StepContext(i18n, session, member, state)
        draft = {MODE: mode, COUNTRY: member.country}
        await self.start(target, ctx, draft, first=first, prefix=prefix)

    def create_router(self) -> Router:
        """The engine's handlers, and an unknown command mid-step: the step again, with a note
        (/help, /menu, /cancel and /start are taken by their routers first)."""
        router = super().create_router()
        router.message.register(self.typed, F.text.startswith("/"))
        return router


WIZARD = ProfileWizard(
    Steps(
        name="setup",
        states=Setup,
        order=Setup.__states__,  # as declared: language, country, city... notifications
        codes=CODES,
        callback=SetupCb,
        render=render,
        read=read,
        choose=choose,
        finish=finished,
        cancelled=cancelled,
        skip=_city_skipped,
        back=False,
    )
)


__all__ = ["MODE_EDIT", "MODE_ONBOARDING", "WIZARD", "ProfileWizard", "first_missing_step"]
