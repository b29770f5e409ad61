"""The organiser's new-event wizard, on the UI kit's step engine (:mod:`bot.ui.steps`).

Title → description → in person or online → country → city (in person, where the country has a
city list) → clock (online events for every country) → start → the start as understood, in
words → duration → address (in person) or link (online) → professions → interests → seats →
the summary. Every step has ⬅️ Back and ✖ Cancel; an answer given earlier can be kept.
"Change something" on the summary asks one answer again, or the place (format to start), and
comes straight back to the summary. The organiser's scope is checked on every country answer
and once more by the service when the draft is submitted.

The draft lives in the FSM data under :data:`NAME` (its keys were top-level before the wizard
moved onto the engine: a wizard open during that deploy starts again at worst).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from aiogram import Router
from aiogram.fsm.state import State
from aiogram.types import InlineKeyboardMarkup

from bot.access import Access
from bot.db.models import ALL_COUNTRIES, EventStatus, Role, TaxonomyKind
from bot.features.common.keyboards import main_menu
from bot.features.events import keyboards as kb
from bot.features.events import service
from bot.features.events.keyboards import DONE, SKIP, WizCb
from bot.features.events.render import (
    event_card,
    format_duration,
    format_moment,
    viewer_zone,
    zone_label,
)
from bot.features.events.service import EventError
from bot.features.events.states import NewEvent
from bot.features.events.when import (
    WhenError,
    parse_capacity,
    parse_duration,
    parse_start,
    zone_of,
)
from bot.geo import MAIN_HOST_COUNTRIES, cities_of, match_city, match_country, timezone_for
from bot.i18n import Markup
from bot.taxonomy import active_slugs
from bot.ui.keyboards import toggled
from bot.ui.screens import Target, show
from bot.ui.steps import (
    Draft,
    Gate,
    StepContext,
    StepEngine,
    Steps,
    StepView,
    Turn,
    advance,
    again,
    goto,
    screen,
)

NAME = "event"

ORDER: tuple[State, ...] = (
    NewEvent.title,
    NewEvent.description,
    NewEvent.format,
    NewEvent.country,
    NewEvent.city,
    NewEvent.zone,
    NewEvent.start,
    NewEvent.start_check,
    NewEvent.duration,
    NewEvent.venue,
    NewEvent.link,
    NewEvent.professions,
    NewEvent.interests,
    NewEvent.capacity,
    NewEvent.confirm,
)
# Step codes in callback data (``evw:<code>:<value>``); those of buttons already sent stay
# (:class:`~bot.features.events.keyboards.WizCb` reads the old Cancel and Send as the engine's).
# "Back to the summary" of a list sent before the move (``review``) is now a button of another
# step: the engine shows the step the wizard is on, the summary.
CODES: dict[str, State] = {
    "ti": NewEvent.title,
    "de": NewEvent.description,
    "f": NewEvent.format,
    "c": NewEvent.country,
    "ci": NewEvent.city,
    "tz": NewEvent.zone,
    "st": NewEvent.start,
    "sc": NewEvent.start_check,
    "d": NewEvent.duration,
    "ve": NewEvent.venue,
    "li": NewEvent.link,
    "prof": NewEvent.professions,
    "int": NewEvent.interests,
    "cap": NewEvent.capacity,
    kb.EDIT: NewEvent.confirm,
}
# "Change…" on the summary: one answer, or the place (format, country, city, time, address).
EDIT_STEPS: dict[str, State] = {
    "title": NewEvent.title,
    "description": NewEvent.description,
    "place": NewEvent.format,
    "start": NewEvent.start,
    "duration": NewEvent.duration,
    "professions": NewEvent.professions,
    "interests": NewEvent.interests,
    "capacity": NewEvent.capacity,
}
# The place: asked again, from the format to the start, by "Change…" → "Place and time zone".
PLACE_CHAIN = frozenset(ORDER[ORDER.index(NewEvent.format) : ORDER.index(NewEvent.duration)])
# The draft's key for what "Change something" is changing: "one" answer or the "place".
EDITING = "editing"
# Organisers only; the audit log names the engine's handlers as it named the wizard's before.
GATE = Gate(
    Role.ORGANISER,
    "events",
    pressed="events.wizard_button",
    typed="events.wizard_text",
    not_text="events.wizard_other",
)


def organiser_countries(access: Access) -> tuple[str, ...]:
    """The countries offered as buttons: the organiser's scope (the main ones for everywhere)."""
    if access.is_admin or ALL_COUNTRIES in access.organiser_scopes:
        return MAIN_HOST_COUNTRIES
    return tuple(sorted(access.organiser_scopes))


def _access(ctx: StepContext) -> Access:
    # The wizard's router runs behind the organiser gate, which needs the access middleware.
    assert ctx.access is not None
    return ctx.access


def skipped(step: State, draft: Draft) -> bool:
    """Steps that do not apply: the city online or without a list, the clock unless online for
    every country, the address online and the link in person."""
    online = bool(draft.get("online"))
    country = draft.get("country")
    if step == NewEvent.city:
        return online or not cities_of(str(country))
    if step == NewEvent.zone:
        return not (online and country == ALL_COUNTRIES)
    if step == NewEvent.venue:
        return online
    if step == NewEvent.link:
        return not online
    return False


def following(current: State, draft: Draft) -> State | None:
    """The next question: a typed start is always shown back in words (also when only the
    time is changed); a changed answer goes back to the summary, a changed place after its
    chain (and the address or link)."""
    if current == NewEvent.start:
        return NewEvent.start_check
    if current == NewEvent.confirm:
        return None
    editing = draft.get(EDITING)
    if editing == "one" or (editing == "place" and current not in PLACE_CHAIN):
        draft.pop(EDITING, None)
        return NewEvent.confirm
    index = ORDER.index(current) + 1
    while (editing == "place" and ORDER[index] == NewEvent.duration) or skipped(
        ORDER[index], draft
    ):
        index += 1
    if ORDER[index] == NewEvent.confirm:
        draft.pop(EDITING, None)
    return ORDER[index]


def event_draft(draft: Draft) -> service.Draft | None:
    """The event as answered so far, or ``None`` while the wizard has not asked everything."""
    try:
        return service.Draft(
            title=str(draft["title"]),
            description=str(draft.get("description") or ""),
            starts_at=datetime.fromisoformat(str(draft["start"])),
            duration=timedelta(minutes=int(str(draft["minutes"]))),
            timezone=str(draft["tz"]),
            country=str(draft["country"]),
            city=str(draft["city"]) if draft.get("city") else None,
            venue=str(draft["venue"]) if not draft.get("online") and draft.get("venue") else None,
            online_url=str(draft["link"]) if draft.get("online") and draft.get("link") else None,
            professions=tuple(str(slug) for slug in _list(draft.get("prof"))),
            interests=tuple(str(slug) for slug in _list(draft.get("int"))),
            capacity=int(str(draft["cap"])) if draft.get("cap") else None,
        )
    except (KeyError, TypeError, ValueError):
        return None


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _tags(step: State) -> tuple[TaxonomyKind, str]:
    """The taxonomy of a tags step and its code (also the draft key)."""
    if step == NewEvent.professions:
        return TaxonomyKind.PROFESSION, "prof"
    return TaxonomyKind.INTEREST, "int"


# ---- showing ------------------------------------------------------------------------------


async def render(step: State, ctx: StepContext, draft: Draft) -> StepView:
    t, locale = ctx.get, ctx.i18n.locale
    if step == NewEvent.title:
        return StepView(t("events-ask-title"), current=str(draft.get("title") or ""))
    if step == NewEvent.description:
        return StepView(t("events-ask-description"), current=str(draft.get("description") or ""))
    if step == NewEvent.format:
        return StepView(t("events-ask-format"), kb.format_builder(t))
    if step == NewEvent.country:
        access = _access(ctx)
        everyone = bool(draft.get("online")) and access.can_organise(ALL_COUNTRIES)
        countries = organiser_countries(access)
        return StepView(
            t("events-ask-country"), kb.country_builder(t, locale, countries, everyone=everyone)
        )
    if step == NewEvent.city:
        cities = cities_of(str(draft.get("country")))
        return StepView(t("events-ask-city"), kb.city_builder(t, locale, cities))
    if step == NewEvent.zone:
        return StepView(t("events-ask-zone"), kb.zone_builder(locale))
    zone = zone_of(str(draft.get("tz") or "UTC"))
    if step == NewEvent.start or (step == NewEvent.start_check and not draft.get("start")):
        return StepView(t("events-ask-start", zone=zone_label(zone, locale)))
    if step == NewEvent.start_check:
        moment = datetime.fromisoformat(str(draft["start"]))
        understood = t(
            "events-start-check",
            when=format_moment(moment, zone, locale),
            zone=zone_label(zone, locale),
        )
        return StepView(understood, kb.start_check_builder(t))
    if step == NewEvent.duration:
        minutes = draft.get("minutes")
        current = format_duration(timedelta(minutes=minutes), locale) if minutes else ""
        return StepView(t("events-ask-duration"), kb.duration_builder(locale), current=current)
    if step == NewEvent.venue:
        return StepView(t("events-ask-venue"), current=str(draft.get("venue") or ""))
    if step == NewEvent.link:
        return StepView(t("events-ask-link"), current=str(draft.get("link") or ""))
    if step in (NewEvent.professions, NewEvent.interests):
        kind, code = _tags(step)
        slugs = await active_slugs(ctx.session, kind)
        chosen = [str(slug) for slug in _list(draft.get(code))]
        return StepView(t(f"events-ask-{code}"), kb.tags_builder(t, code, kind, slugs, chosen))
    if step == NewEvent.capacity:
        seats = draft.get("cap")
        return StepView(t("events-ask-capacity"), kb.capacity_builder(t), current=str(seats or ""))
    return _summary(ctx, draft)


def _summary(ctx: StepContext, draft: Draft) -> StepView:
    """The event as members will see it, to send for review or change."""
    answers = event_draft(draft)
    if answers is None:
        return StepView(ctx.get("events-draft-incomplete"))
    card = event_card(
        ctx.get,
        ctx.i18n.locale,
        answers,
        viewer_zone(ctx.member.country, ctx.member.city, answers.timezone),
        professions=answers.professions,
        interests=answers.interests,
        status=EventStatus.PENDING,
        show_link=True,
    )
    return StepView(
        ctx.get("events-ask-confirm", card=Markup(card)), kb.confirm_draft_builder(ctx.get)
    )


# ---- typed answers ------------------------------------------------------------------------


async def read(step: State, text: str, ctx: StepContext, draft: Draft) -> Turn:
    """A typed answer of the open step (the engine shows a refusal above the step again)."""
    try:
        return _read(step, text, ctx, draft)
    except WhenError as problem:
        raise EventError(problem.key) from problem


def _read(step: State, text: str, ctx: StepContext, draft: Draft) -> Turn:
    if step == NewEvent.title:
        if not 3 <= len(text) <= service.TITLE_MAX:
            raise EventError("events-title-bad")
        draft["title"] = text
    elif step == NewEvent.description:
        text = "" if text in ("-", "—") else text
        if len(text) > service.DESCRIPTION_MAX:
            raise EventError("events-description-bad")
        draft["description"] = text
    elif step == NewEvent.country:
        matches = match_country(text)
        if not matches or not (matches[0].exact or matches[0].score >= 85):
            raise EventError("events-country-unknown")
        _set_country(draft, matches[0].code, _access(ctx))
    elif step == NewEvent.city:
        city = match_city(str(draft.get("country")), text)
        if city is None:
            raise EventError("events-city-unknown")
        draft.update(city=city.name_en, tz=city.timezone)
    elif step in (NewEvent.start, NewEvent.start_check):
        return _typed_start(step, text, ctx, draft)
    elif step == NewEvent.duration:
        draft["minutes"] = int(parse_duration(text).total_seconds() // 60)
    elif step == NewEvent.venue:
        if not 3 <= len(text) <= service.VENUE_MAX:
            raise EventError("events-venue-bad")
        draft["venue"] = text
    elif step == NewEvent.link:
        draft["link"] = service.clean_link(text)
    elif step == NewEvent.capacity:
        draft["cap"] = parse_capacity(text)
    else:
        raise EventError("wizard-use-buttons")
    return advance()


def _typed_start(step: State, text: str, ctx: StepContext, draft: Draft) -> Turn:
    """The start, typed: shown back in words by the next step. Typed on that check instead
    of confirming, it is the start typed again (a mistake there asks the start question)."""
    zone = zone_of(str(draft.get("tz") or "UTC"))
    try:
        draft["start"] = parse_start(text, zone).isoformat()
    except WhenError as problem:
        if step == NewEvent.start:
            raise
        return goto(NewEvent.start, ctx.get(problem.key))
    return advance() if step == NewEvent.start else again()


def _set_country(draft: Draft, code: str, access: Access) -> None:
    if not access.can_organise(code):
        raise EventError("events-out-of-scope")
    # The city and the clock belong to the country: asked again (the clock is asked online).
    draft.update(country=code, city=None, tz=None)
    if code != ALL_COUNTRIES:
        draft["tz"] = timezone_for(code).key


# ---- buttons ------------------------------------------------------------------------------


async def choose(step: State, value: str, ctx: StepContext, draft: Draft) -> Turn:
    """A button of the open step; the value must be one the step offers (data is forgeable)."""
    if step == NewEvent.format and value in ("offline", "online"):
        online = value == "online"
        if bool(draft.get("online")) != online:
            draft.update(venue=None, link=None, country=None, city=None, tz=None)
        draft["online"] = online
    elif step == NewEvent.country:
        access = _access(ctx)
        # "Everyone" is for online events only; a country must be one of the buttons offered.
        offered = value in organiser_countries(access) or (
            value == ALL_COUNTRIES and bool(draft.get("online"))
        )
        if not offered:
            raise EventError("stale-button")
        _set_country(draft, value, access)
    elif step == NewEvent.city:
        country = str(draft.get("country"))
        city = next((c for c in cities_of(country) if c.slug == value), None)
        if city is not None:
            draft.update(city=city.name_en, tz=city.timezone)
        elif value == SKIP:
            draft.update(city=None, tz=timezone_for(country).key)
        else:
            raise EventError("stale-button")
    elif step == NewEvent.zone and value in kb.ONLINE_ZONES:
        draft["tz"] = value
    elif step == NewEvent.start_check and value == "re":
        return goto(NewEvent.start)
    elif step == NewEvent.start_check and value == "ok" and draft.get("start"):
        pass
    elif step == NewEvent.duration and value.isdigit() and int(value) in kb.DURATION_PRESETS:
        draft["minutes"] = int(value)
    elif step in (NewEvent.professions, NewEvent.interests):
        return await _toggle(step, value, ctx, draft)
    elif step == NewEvent.confirm:
        return _change(value, ctx, draft)
    elif step == NewEvent.capacity and value.isdigit() and int(value) in (0, *kb.CAPACITY_PRESETS):
        draft["cap"] = int(value) or None
    else:
        raise EventError("stale-button")
    return advance()


async def _toggle(step: State, value: str, ctx: StepContext, draft: Draft) -> Turn:
    """A tag on or off (the step stays open), or Done."""
    if value == DONE:
        return advance()
    kind, code = _tags(step)
    if value not in await active_slugs(ctx.session, kind):
        raise EventError("stale-button")
    draft[code] = toggled([str(slug) for slug in _list(draft.get(code))], value)
    return again()


def _change(value: str, ctx: StepContext, draft: Draft) -> Turn:
    """The summary's "Change something": which answer (a list in place of the summary), that
    answer asked again, or back to the summary."""
    if not value:
        return screen(ctx.get("events-change-what"), kb.edit_keyboard(ctx.get))
    if value == kb.REVIEW:
        return again()
    if value not in EDIT_STEPS:
        raise EventError("stale-button")
    draft[EDITING] = "place" if value == "place" else "one"
    return goto(EDIT_STEPS[value])


async def submit(target: Target, ctx: StepContext, draft: Draft, note: str | None) -> None:
    """✅ Send for review: the service checks the draft (and the scope) once more."""
    answers = event_draft(draft)
    if answers is None:
        raise EventError("events-draft-incomplete")
    try:
        event = await service.create_event(ctx.session, _access(ctx), answers)
    except EventError as problem:
        if problem.key != "events-when-past":
            raise
        # The time passed while the organiser was filling in: ask for it again.
        draft[EDITING] = "one"
        await new_event_wizard().save(ctx.state, draft)
        await new_event_wizard().show(NewEvent.start, target, ctx, prefix=ctx.get(problem.key))
        return
    await ctx.state.clear()
    await show(
        target,
        ctx.get("events-submitted", title=event.title),
        kb.organised_keyboard(ctx.get, []),
    )


def cancelled(ctx: StepContext) -> tuple[str, InlineKeyboardMarkup | None]:
    return ctx.get("events-wizard-cancelled"), main_menu(ctx.i18n)


@cache
def new_event_wizard() -> StepEngine:
    """The wizard (stateless: one per process is enough; routers are made per Dispatcher)."""
    return StepEngine(
        Steps(
            name=NAME,
            states=NewEvent,
            order=ORDER,
            codes=CODES,
            callback=WizCb,
            render=render,
            read=read,
            choose=choose,
            finish=submit,
            cancelled=cancelled,
            skip=skipped,
            following=following,
            lost_key="events-wizard-lost",
            renamed=kb.OLD_CODES,
            gate=GATE,
        )
    )


def create_router() -> Router:
    """The wizard's router (it waits in the :class:`NewEvent` states only), behind the organiser
    gate (:data:`GATE`)."""
    return new_event_wizard().create_router()
