"""Communities: the groups for the member's place and profession, filters that do not touch
the profile, reports, and proposing a group (decided in the one moderation queue).

Thin handlers: the ranking, the duplicate checks and the report threshold live in
``bot.features.directory.service``.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    ALL_COUNTRIES,
    Group,
    GroupKind,
    GroupStatus,
    LinkCheck,
    Member,
    TaxonomyKind,
)
from bot.features.common.keyboards import MenuCb, main_menu
from bot.features.directory import keyboards as kb
from bot.features.directory import service as directory
from bot.features.directory.extensions import card_lines
from bot.features.directory.keyboards import DONE, DirCb, ProposeCb
from bot.features.directory.links import normalise_link
from bot.features.directory.render import member_card, place_name, short_place
from bot.features.directory.service import (
    ANY,
    DESCRIPTION_MAX,
    GROUP_LANGUAGES,
    REPORT_REASONS,
    TITLE_MAX,
    GroupDraft,
)
from bot.features.directory.states import Propose, ReportComment
from bot.geo import (
    MAIN_HOST_COUNTRIES,
    cities_of,
    find_city,
    is_country,
    match_country,
    timezone_for,
)
from bot.i18n import Markup
from bot.plugins import Plugins
from bot.taxonomy import active_slugs, label
from bot.ui.keyboards import toggled
from bot.ui.screens import Target, edit_or_answer, show

TITLE_MIN = 3
DESCRIPTION_MIN = 10
SIMILAR_SHOWN = 3


def _onboarded(member: Member | None) -> Member | None:
    return member if member is not None and member.is_onboarded else None


async def _onboarded_or_refused(
    query: CallbackQuery, i18n: I18nContext, member: Member | None
) -> Member | None:
    """The member behind a press, once onboarded; otherwise the press is answered with
    "start first" and None comes back."""
    if (viewer := _onboarded(member)) is None:
        await query.answer(i18n.get("not-started"), show_alert=True)
    return viewer


# ---- browsing ---------------------------------------------------------------------------


def _valid_filters(country: str, profession: str, professions: tuple[str, ...]) -> bool:
    country_ok = country in ("", ALL_COUNTRIES) or is_country(country)
    profession_ok = profession in ("", ANY) or profession in professions
    return country_ok and profession_ok


def _header(
    i18n: I18nContext,
    member: Member,
    viewer: directory.Viewer,
    *,
    country: str,
    profession: str,
) -> str:
    if country == ALL_COUNTRIES or viewer.country is None:
        place = i18n.get("directory-place-everywhere")
    elif country:
        place = place_name(country, None, i18n.locale, i18n.get)
    else:
        place = place_name(viewer.country, member.city, i18n.locale, i18n.get)
    if viewer.professions:
        field = ", ".join(
            label(i18n.get, TaxonomyKind.PROFESSION, s) for s in sorted(viewer.professions)
        )
    else:
        field = i18n.get("directory-filter-any-profession")
    return i18n.get("directory-header", place=place, field=field)


async def _viewer_for(
    session: AsyncSession, member: Member, country: str, profession: str
) -> tuple[directory.Viewer, str, str]:
    """The member's viewer with the filters applied, and the filters as kept: they come back
    from callback data (forgeable), so unknown ones mean "as in the profile"."""
    professions = await active_slugs(session, TaxonomyKind.PROFESSION)
    if not _valid_filters(country, "", professions):
        country = ""
    if not _valid_filters("", profession, professions):
        profession = ""
    viewer = directory.with_filters(
        await directory.viewer_of(session, member),
        country=country or None,
        profession=profession or None,
    )
    return viewer, country, profession


def _list_line(i18n: I18nContext, number: int, group: Group) -> str:
    """One group in the list: its number, title, where it is (city, country or online) and
    its kind, with a warning when the automatic check found its link dead."""
    place = short_place(group, i18n.locale, i18n.get)
    line = i18n.get(
        "directory-list-line",
        number=number,
        title=group.title,
        place=place,
        kind=i18n.get(f"directory-kind-{group.kind}"),
    )
    if group.link_check == LinkCheck.GONE:
        line += " " + i18n.get("directory-list-link-gone")
    return line


def _city_without_groups(
    i18n: I18nContext, viewer: directory.Viewer, groups: list[Group]
) -> str | None:
    """The viewer's city, by name, when her own list has no group of it; else ``None``."""
    if viewer.city is None or viewer.country is None or viewer.whole_country:
        return None
    if any(directory.place_tier(group, viewer) == directory.SAME_CITY for group in groups):
        return None
    found = find_city(viewer.country, viewer.city)
    return found.name(i18n.locale) if found is not None else viewer.city


async def _browse(
    target: Target,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member,
    *,
    page: int = 0,
    country: str = "",
    profession: str = "",
    prefix: str | None = None,
    toast: str | None = None,
) -> None:
    """One screen of the list: :data:`~kb.PAGE_SIZE` groups, a button each, and the pager;
    ``prefix`` a note above it, ``toast`` the notice on the button press."""
    viewer, country, profession = await _viewer_for(session, member, country, profession)
    found = await directory.listing(session, viewer)
    groups = found.groups
    header = _header(i18n, member, viewer, country=country, profession=profession)
    pages = max(1, -(-len(groups) // kb.PAGE_SIZE))
    # Page numbers come from callback data: clamp a forged one (or one from a longer list).
    page = min(max(page, 0), pages - 1)
    shown = groups[page * kb.PAGE_SIZE : (page + 1) * kb.PAGE_SIZE]
    first = page * kb.PAGE_SIZE + 1
    more_in = (viewer.country, found.elsewhere) if viewer.country and found.elsewhere else None
    if shown:
        lines = [
            i18n.get(
                "directory-shown", first=first, last=first + len(shown) - 1, total=len(groups)
            ),
            "",
            *(_list_line(i18n, number, group) for number, group in enumerate(shown, first)),
        ]
        if page == 0 and (city := _city_without_groups(i18n, viewer, groups)):
            # Say why the list starts with the country: her city has nothing yet.
            lines[:0] = [i18n.get("directory-none-in-city", city=city), ""]
        body = "\n".join(lines)
    else:
        body = i18n.get("directory-empty")
    text = "\n".join(part for part in (prefix, header, "", body) if part is not None)
    view = kb.ListView(
        groups=shown,
        first=first,
        page=page,
        pages=pages,
        country=country,
        profession=profession,
        more_in=more_in,
    )
    markup = kb.list_keyboard(i18n, view)
    if isinstance(target, CallbackQuery):
        await edit_or_answer(target, text, markup, toast=toast)
    else:
        await show(target, text, markup)


async def _card(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    plugins: Plugins,
    member: Member,
    group: Group,
    *,
    page: int,
    country: str,
    profession: str,
) -> None:
    """A group's card in place of the list, with "back to the list" to the same page."""
    _, country, profession = await _viewer_for(session, member, country, profession)
    zone = timezone_for(member.country, member.city)
    text = member_card(i18n.get, group, i18n.locale, zone)
    # What other features know of the group (the bot inside it: presence, live count).
    for lines in await card_lines(plugins, i18n.get, session, group.id, i18n.locale, zone):
        text += "\n" + lines
    markup = kb.card_keyboard(i18n, group=group, page=page, country=country, profession=profession)
    await edit_or_answer(query, text, markup)


async def communities_command(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    plugins: Plugins,
    member: Member | None,
    state: FSMContext,
) -> None:
    await state.clear()
    if (viewer := _onboarded(member)) is None:
        await message.answer(i18n.get("not-started"))
        return
    await _browse(message, i18n, session, viewer)


async def communities_from_menu(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    plugins: Plugins,
    member: Member | None,
    state: FSMContext,
) -> None:
    await state.clear()
    if (viewer := await _onboarded_or_refused(query, i18n, member)) is None:
        return
    await _browse(query, i18n, session, viewer)


async def browse(
    query: CallbackQuery,
    callback_data: DirCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    await state.clear()
    if (viewer := await _onboarded_or_refused(query, i18n, member)) is None:
        return
    professions = await active_slugs(session, TaxonomyKind.PROFESSION)
    if not _valid_filters(callback_data.c, callback_data.p, professions):
        await _stale(query, i18n, session, viewer)
        return
    await _browse(
        query,
        i18n,
        session,
        viewer,
        page=callback_data.page,
        country=callback_data.c,
        profession=callback_data.p,
    )


async def open_card(
    query: CallbackQuery,
    callback_data: DirCb,
    i18n: I18nContext,
    session: AsyncSession,
    plugins: Plugins,
    member: Member | None,
    state: FSMContext,
) -> None:
    await state.clear()
    if (viewer := await _onboarded_or_refused(query, i18n, member)) is None:
        return
    group = await directory.published_group(session, callback_data.g)
    if group is None:
        # Hidden, removed, or a forged id: say so, and show the list it came from.
        await _browse(
            query,
            i18n,
            session,
            viewer,
            prefix=i18n.get("directory-report-gone"),
            **_position(callback_data),
        )
        return
    await _card(query, i18n, session, plugins, viewer, group, **_position(callback_data))


async def old_card_button(
    query: CallbackQuery,
    callback_data: DirCb,
    i18n: I18nContext,
    session: AsyncSession,
    plugins: Plugins,
    member: Member | None,
    state: FSMContext,
) -> None:
    """A button of a card from the one-group-per-screen era (◀ / ▶ / a filter): ``page`` was
    a group's position in the list, so open the card at that position; its "back to the
    list" goes to the page that holds it."""
    await state.clear()
    if (viewer := await _onboarded_or_refused(query, i18n, member)) is None:
        return
    professions = await active_slugs(session, TaxonomyKind.PROFESSION)
    if not _valid_filters(callback_data.c, callback_data.p, professions):
        await _stale(query, i18n, session, viewer)
        return
    found, country, profession = await _viewer_for(
        session, viewer, callback_data.c, callback_data.p
    )
    groups = await directory.communities(session, found)
    if not groups:
        await _browse(query, i18n, session, viewer, country=country, profession=profession)
        return
    position = min(max(callback_data.page, 0), len(groups) - 1)
    await _card(
        query,
        i18n,
        session,
        plugins,
        viewer,
        groups[position],
        page=position // kb.PAGE_SIZE,
        country=country,
        profession=profession,
    )


async def unknown_button(
    query: CallbackQuery, i18n: I18nContext, session: AsyncSession, member: Member | None
) -> None:
    """A directory button nobody answers (forged, or from a version that is gone): say so,
    and show the member's list in its place, so there is a way on."""
    if (viewer := await _onboarded_or_refused(query, i18n, member)) is None:
        return
    await _stale(query, i18n, session, viewer)


async def _stale(
    query: CallbackQuery, i18n: I18nContext, session: AsyncSession, member: Member
) -> None:
    """A forged or outdated button: the usual notice, and the member's own list in place of
    the pressed message (with a line saying why), so the road goes on."""
    await _browse(
        query,
        i18n,
        session,
        member,
        prefix=i18n.get("directory-stale-button"),
        toast=i18n.get("stale-button"),
    )


async def choose_country(
    query: CallbackQuery,
    callback_data: DirCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
) -> None:
    if await _onboarded_or_refused(query, i18n, member) is None:
        return
    countries = await directory.countries_with_groups(session)
    await edit_or_answer(
        query,
        i18n.get("directory-choose-country"),
        kb.country_filter_keyboard(i18n, countries, profession=callback_data.p),
    )


async def choose_profession(
    query: CallbackQuery,
    callback_data: DirCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
) -> None:
    if await _onboarded_or_refused(query, i18n, member) is None:
        return
    slugs = await active_slugs(session, TaxonomyKind.PROFESSION)
    await edit_or_answer(
        query,
        i18n.get("directory-choose-profession"),
        kb.profession_filter_keyboard(i18n, slugs, country=callback_data.c),
    )


# ---- reports ----------------------------------------------------------------------------


def _position(data: DirCb | dict[str, Any]) -> dict[str, Any]:
    if isinstance(data, DirCb):
        return {"page": data.page, "country": data.c, "profession": data.p}
    return {"page": data["page"], "country": data["country"], "profession": data["profession"]}


def _report_outcome(i18n: I18nContext, outcome: directory.ReportOutcome) -> str:
    if outcome.already:
        return i18n.get("directory-report-already")
    if outcome.hidden:
        return i18n.get("directory-report-thanks") + " " + i18n.get("directory-report-hidden")
    return i18n.get("directory-report-thanks")


async def ask_report_reason(
    query: CallbackQuery,
    callback_data: DirCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
) -> None:
    group = await directory.published_group(session, callback_data.g)
    if _onboarded(member) is None or group is None:
        await query.answer(i18n.get("directory-report-gone"), show_alert=True)
        return
    await edit_or_answer(
        query,
        i18n.get("directory-report-why", title=group.title),
        kb.report_keyboard(
            i18n,
            group_id=group.id,
            page=callback_data.page,
            country=callback_data.c,
            profession=callback_data.p,
        ),
    )


async def report_reason(
    query: CallbackQuery,
    callback_data: DirCb,
    i18n: I18nContext,
    session: AsyncSession,
    plugins: Plugins,
    member: Member | None,
    state: FSMContext,
) -> None:
    viewer = _onboarded(member)
    reason = REPORT_REASONS[callback_data.r] if 0 <= callback_data.r < len(REPORT_REASONS) else None
    if viewer is None or reason is None:
        await query.answer(i18n.get("stale-button"))
        return
    if reason == "other":
        group = await directory.published_group(session, callback_data.g)
        if group is None:
            await query.answer(i18n.get("directory-report-gone"), show_alert=True)
            return
        await state.set_state(ReportComment.text)
        await state.set_data({"group": group.id, **_position(callback_data)})
        await edit_or_answer(
            query,
            i18n.get("directory-report-comment", title=group.title, limit=directory.COMMENT_MAX),
            kb.report_keyboard(
                i18n,
                group_id=group.id,
                page=callback_data.page,
                country=callback_data.c,
                profession=callback_data.p,
            ),
        )
        return
    outcome = await directory.report_group(
        session, member_id=viewer.id, group_id=callback_data.g, reason=reason
    )
    await _browse(
        query,
        i18n,
        session,
        viewer,
        prefix=_report_outcome(i18n, outcome),
        **_position(callback_data),
    )


async def typed_report_comment(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    plugins: Plugins,
    member: Member | None,
    state: FSMContext,
) -> None:
    assert message.text is not None
    viewer = _onboarded(member)
    if viewer is None:
        await state.clear()
        await message.answer(i18n.get("not-started"))
        return
    if len(message.text.strip()) > directory.COMMENT_MAX:
        await message.answer(
            i18n.get("directory-report-comment-too-long", limit=directory.COMMENT_MAX)
        )
        return
    data = await state.get_data()
    await state.clear()
    outcome = await directory.report_group(
        session,
        member_id=viewer.id,
        group_id=int(data["group"]),
        reason="other",
        comment=message.text,
    )
    await _browse(
        message,
        i18n,
        session,
        viewer,
        prefix=_report_outcome(i18n, outcome),
        **_position(data),
    )


# ---- proposing a group ------------------------------------------------------------------


async def _ask(
    target: Target,
    state: FSMContext,
    step: Any,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    await state.set_state(step)
    await show(target, text, markup)


async def start_proposal(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    if (viewer := await _onboarded_or_refused(query, i18n, member)) is None:
        return
    if await directory.pending_proposals(session, viewer.id) >= directory.MAX_PENDING_PER_MEMBER:
        await query.answer(
            i18n.get("directory-propose-too-many", limit=directory.MAX_PENDING_PER_MEMBER),
            show_alert=True,
        )
        return
    await state.set_data({})
    await _ask(query, state, Propose.link, i18n.get("directory-propose-link"))


async def typed_link(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    assert message.text is not None
    link = normalise_link(message.text)
    if link is None:
        await message.answer(i18n.get("directory-propose-link-invalid"))
        return
    existing = await directory.group_with_link(session, link)
    if existing is not None:
        key = (
            "directory-propose-already-listed"
            if existing.status == GroupStatus.PUBLISHED
            else "directory-propose-already-waiting"
        )
        await message.answer(i18n.get(key, title=existing.title))
        return
    await state.update_data(link=link)
    await _ask_country(message, i18n, member, state)


async def _ask_country(
    target: Target, i18n: I18nContext, member: Member | None, state: FSMContext
) -> None:
    codes = list(MAIN_HOST_COUNTRIES)
    if member is not None and member.country and member.country not in codes:
        codes.insert(0, member.country)
    await _ask(
        target,
        state,
        Propose.country,
        i18n.get("directory-propose-country"),
        kb.propose_country_keyboard(i18n, codes),
    )


async def _country_chosen(target: Target, code: str, i18n: I18nContext, state: FSMContext) -> None:
    await state.update_data(country=code, city=None)
    cities = cities_of(code) if code != ALL_COUNTRIES else ()
    if cities:
        await _ask(
            target,
            state,
            Propose.city,
            i18n.get(
                "directory-propose-city", country=place_name(code, None, i18n.locale, i18n.get)
            ),
            kb.propose_city_keyboard(i18n, cities),
        )
        return
    await _ask(target, state, Propose.title, i18n.get("directory-propose-title", limit=TITLE_MAX))


async def chose_country(
    query: CallbackQuery, callback_data: ProposeCb, i18n: I18nContext, state: FSMContext
) -> None:
    if callback_data.v != ALL_COUNTRIES and not is_country(callback_data.v):
        await query.answer(i18n.get("stale-button"))
        return
    await _country_chosen(query, callback_data.v, i18n, state)


async def typed_country(
    message: Message, i18n: I18nContext, member: Member | None, state: FSMContext
) -> None:
    assert message.text is not None
    matches = match_country(message.text)
    if matches and matches[0].exact:
        await _country_chosen(message, matches[0].code, i18n, state)
        return
    await message.answer(i18n.get("directory-propose-use-buttons"))
    await _ask_country(message, i18n, member, state)


async def chose_city(
    query: CallbackQuery, callback_data: ProposeCb, i18n: I18nContext, state: FSMContext
) -> None:
    data = await state.get_data()
    city = None
    if callback_data.v != DONE:
        found = find_city(data.get("country"), callback_data.v)
        if found is None:
            await query.answer(i18n.get("stale-button"))
            return
        city = found.name_en
    await state.update_data(city=city)
    await _ask(query, state, Propose.title, i18n.get("directory-propose-title", limit=TITLE_MAX))


async def typed_title(
    message: Message, i18n: I18nContext, session: AsyncSession, state: FSMContext
) -> None:
    assert message.text is not None
    title = directory.clean_title(message.text)
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        await message.answer(
            i18n.get("directory-propose-title-length", min=TITLE_MIN, limit=TITLE_MAX)
        )
        return
    await state.update_data(title=title)
    await _after_title(message, i18n, session, state)


async def _after_title(
    target: Target, i18n: I18nContext, session: AsyncSession, state: FSMContext
) -> None:
    """Warn about groups with a similar title before going on (the member decides)."""
    data = await state.get_data()
    similar = await directory.similar_groups(session, data["title"], data["country"])
    if not similar:
        await _ask(
            target,
            state,
            Propose.description,
            i18n.get("directory-propose-description", limit=DESCRIPTION_MAX),
        )
        return
    names = "\n".join(
        i18n.get("directory-propose-similar-line", title=group.title)
        for group in similar[:SIMILAR_SHOWN]
    )
    await _ask(
        target,
        state,
        Propose.similar,
        # The lines come from the catalog, already escaped.
        i18n.get("directory-propose-similar", groups=Markup(names)),
        kb.propose_similar_keyboard(i18n),
    )


async def confirmed_different(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await _ask(
        query,
        state,
        Propose.description,
        i18n.get("directory-propose-description", limit=DESCRIPTION_MAX),
    )


async def typed_description(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    assert message.text is not None
    description = directory.clean_text(message.text)
    if not DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX:
        await message.answer(
            i18n.get(
                "directory-propose-description-length", min=DESCRIPTION_MIN, limit=DESCRIPTION_MAX
            )
        )
        return
    await state.update_data(description=description)
    await _ask(
        message,
        state,
        Propose.kind,
        i18n.get("directory-propose-kind"),
        kb.propose_kind_keyboard(i18n),
    )


async def chose_kind(
    query: CallbackQuery,
    callback_data: ProposeCb,
    i18n: I18nContext,
    session: AsyncSession,
    state: FSMContext,
) -> None:
    if callback_data.v not in (GroupKind.CHAT, GroupKind.CHANNEL, GroupKind.FORUM):
        await query.answer(i18n.get("stale-button"))
        return
    await state.update_data(kind=callback_data.v)
    await _ask_professions(query, i18n, session, state)


async def _ask_professions(
    target: Target, i18n: I18nContext, session: AsyncSession, state: FSMContext
) -> None:
    data = await state.get_data()
    slugs = await active_slugs(session, TaxonomyKind.PROFESSION)
    options = [(slug, label(i18n.get, TaxonomyKind.PROFESSION, slug)) for slug in slugs]
    await _ask(
        target,
        state,
        Propose.professions,
        i18n.get("directory-propose-professions"),
        kb.propose_multi_keyboard(i18n, "p", options, data.get("professions", [])),
    )


async def _ask_interests(
    target: Target, i18n: I18nContext, session: AsyncSession, state: FSMContext
) -> None:
    data = await state.get_data()
    slugs = await active_slugs(session, TaxonomyKind.INTEREST)
    options = [(slug, label(i18n.get, TaxonomyKind.INTEREST, slug)) for slug in slugs]
    await _ask(
        target,
        state,
        Propose.interests,
        i18n.get("directory-propose-interests"),
        kb.propose_multi_keyboard(i18n, "i", options, data.get("interests", [])),
    )


async def _ask_languages(target: Target, i18n: I18nContext, state: FSMContext) -> None:
    data = await state.get_data()
    await _ask(
        target,
        state,
        Propose.languages,
        i18n.get("directory-propose-languages"),
        kb.propose_multi_keyboard(
            i18n,
            "l",
            kb.language_options(i18n, GROUP_LANGUAGES),
            data.get("languages", []),
            need_one=True,
        ),
    )


async def _toggle(state: FSMContext, key: str, value: str) -> None:
    await state.update_data({key: toggled((await state.get_data()).get(key, []), value)})


async def toggled_profession(
    query: CallbackQuery,
    callback_data: ProposeCb,
    i18n: I18nContext,
    session: AsyncSession,
    state: FSMContext,
) -> None:
    if callback_data.v == DONE:
        await _ask_interests(query, i18n, session, state)
        return
    if callback_data.v not in await active_slugs(session, TaxonomyKind.PROFESSION):
        await query.answer(i18n.get("stale-button"))
        return
    await _toggle(state, "professions", callback_data.v)
    await _ask_professions(query, i18n, session, state)


async def toggled_interest(
    query: CallbackQuery,
    callback_data: ProposeCb,
    i18n: I18nContext,
    session: AsyncSession,
    state: FSMContext,
) -> None:
    if callback_data.v == DONE:
        await _ask_languages(query, i18n, state)
        return
    if callback_data.v not in await active_slugs(session, TaxonomyKind.INTEREST):
        await query.answer(i18n.get("stale-button"))
        return
    await _toggle(state, "interests", callback_data.v)
    await _ask_interests(query, i18n, session, state)


async def toggled_language(
    query: CallbackQuery,
    callback_data: ProposeCb,
    i18n: I18nContext,
    member: Member | None,
    state: FSMContext,
) -> None:
    if callback_data.v == DONE:
        if not (await state.get_data()).get("languages"):
            await query.answer(i18n.get("directory-propose-need-language"), show_alert=True)
            return
        await _confirm(query, i18n, member, state)
        return
    if callback_data.v not in GROUP_LANGUAGES:
        await query.answer(i18n.get("stale-button"))
        return
    await _toggle(state, "languages", callback_data.v)
    await _ask_languages(query, i18n, state)


def _draft(data: dict[str, Any]) -> GroupDraft:
    return GroupDraft(
        title=data["title"],
        link=data["link"],
        country=data["country"],
        city=data.get("city"),
        professions=list(data.get("professions", [])),
        interests=list(data.get("interests", [])),
        languages=list(data.get("languages", [])),
        description=data.get("description", ""),
        kind=GroupKind(data.get("kind", GroupKind.CHAT)),
    )


async def _confirm(
    target: Target, i18n: I18nContext, member: Member | None, state: FSMContext
) -> None:
    draft = _draft(await state.get_data())
    preview = Group(
        title=draft.title,
        link=draft.link,
        kind=draft.kind,
        country=draft.country,
        city=draft.city,
        professions=draft.professions,
        interests=draft.interests,
        languages=draft.languages,
        description=draft.description,
        is_demo=False,
    )
    zone = timezone_for(member.country if member else None, member.city if member else None)
    card = member_card(i18n.get, preview, i18n.locale, zone, preview=True)
    await _ask(
        target,
        state,
        Propose.confirm,
        i18n.get("directory-propose-confirm", link=draft.link) + "\n\n" + card,
        kb.propose_confirm_keyboard(i18n),
    )


async def send_proposal(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    if (viewer := await _onboarded_or_refused(query, i18n, member)) is None:
        return
    draft = _draft(await state.get_data())
    await directory.submit_group(session, viewer.id, draft)
    await state.clear()
    await edit_or_answer(
        query, i18n.get("directory-propose-sent", title=draft.title), main_menu(i18n)
    )


async def propose_again(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await state.set_data({})
    await _ask(query, state, Propose.link, i18n.get("directory-propose-link"))


async def stop_proposal(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await edit_or_answer(query, i18n.get("directory-propose-stopped"), main_menu(i18n))


async def use_the_buttons(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    """Text at a step that waits for a button press: say so, and show the step again below."""
    await message.answer(i18n.get("directory-propose-use-buttons"))
    current = await state.get_state()
    data = await state.get_data()
    if current == Propose.city.state:
        await _country_chosen(message, data["country"], i18n, state)
    elif current == Propose.similar.state:
        await _after_title(message, i18n, session, state)
    elif current == Propose.kind.state:
        await _ask(
            message,
            state,
            Propose.kind,
            i18n.get("directory-propose-kind"),
            kb.propose_kind_keyboard(i18n),
        )
    elif current == Propose.professions.state:
        await _ask_professions(message, i18n, session, state)
    elif current == Propose.interests.state:
        await _ask_interests(message, i18n, session, state)
    elif current == Propose.languages.state:
        await _ask_languages(message, i18n, state)
    elif current == Propose.confirm.state:
        await _confirm(message, i18n, member, state)


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="directory")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(communities_command, Command("communities"))
    router.callback_query.register(communities_from_menu, MenuCb.filter(F.section == "communities"))
    router.callback_query.register(browse, DirCb.filter(F.a == "l"))
    router.callback_query.register(open_card, DirCb.filter(F.a == "g"))
    router.callback_query.register(old_card_button, DirCb.filter(F.a == "list"))
    router.callback_query.register(choose_country, DirCb.filter(F.a == "cc"))
    router.callback_query.register(choose_profession, DirCb.filter(F.a == "cp"))
    router.callback_query.register(ask_report_reason, DirCb.filter(F.a == "rp"))
    router.callback_query.register(report_reason, DirCb.filter(F.a == "rr"))
    # Last of the browsing buttons: any other "dir:" data (an unknown action, or data that
    # does not even parse) gets a word and the list, never silence.
    router.callback_query.register(unknown_button, F.data.startswith(DirCb.__prefix__ + ":"))
    typed = (F.text, ~F.text.startswith("/"))
    router.message.register(typed_report_comment, ReportComment.text, *typed)

    router.callback_query.register(start_proposal, ProposeCb.filter(F.s == "start"))
    router.callback_query.register(
        stop_proposal, ProposeCb.filter(F.s == "stop"), StateFilter(Propose)
    )
    router.message.register(typed_link, Propose.link, *typed)
    router.callback_query.register(chose_country, Propose.country, ProposeCb.filter(F.s == "c"))
    router.message.register(typed_country, Propose.country, *typed)
    router.callback_query.register(chose_city, Propose.city, ProposeCb.filter(F.s == "ci"))
    router.message.register(typed_title, Propose.title, *typed)
    router.callback_query.register(
        confirmed_different, Propose.similar, ProposeCb.filter(F.s == "same")
    )
    router.message.register(typed_description, Propose.description, *typed)
    router.callback_query.register(chose_kind, Propose.kind, ProposeCb.filter(F.s == "k"))
    router.callback_query.register(
        toggled_profession, Propose.professions, ProposeCb.filter(F.s == "p")
    )
    router.callback_query.register(
        toggled_interest, Propose.interests, ProposeCb.filter(F.s == "i")
    )
    router.callback_query.register(
        toggled_language, Propose.languages, ProposeCb.filter(F.s == "l")
    )
    router.callback_query.register(send_proposal, Propose.confirm, ProposeCb.filter(F.s == "send"))
    router.callback_query.register(propose_again, Propose.confirm, ProposeCb.filter(F.s == "again"))
    # Last: a text or anything else at a step that waits for buttons.
    router.message.register(
        use_the_buttons,
        StateFilter(
            Propose.city,
            Propose.similar,
            Propose.kind,
            Propose.professions,
            Propose.interests,
            Propose.languages,
            Propose.confirm,
        ),
        *typed,
    )
    return router
