"""Communities: the groups for the member's place and profession, filters that do not touch
the profile, reports, and the door to proposing a group (the wizard: ``propose``; decided in
the one moderation queue).

Thin handlers: the ranking, the duplicate checks and the report threshold live in
``bot.features.directory.service``.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    ALL_COUNTRIES,
    Group,
    LinkCheck,
    Member,
    TaxonomyKind,
)
from bot.features.common.keyboards import MenuCb
from bot.features.directory import keyboards as kb
from bot.features.directory import service as directory
from bot.features.directory.extensions import card_lines
from bot.features.directory.keyboards import DirCb, ProposeCb
from bot.features.directory.propose import proposal_wizard
from bot.features.directory.render import member_card, place_name, short_place
from bot.features.directory.service import ANY, REPORT_REASONS
from bot.features.directory.states import ReportComment
from bot.geo import find_city, is_country, timezone_for
from bot.plugins import Plugins
from bot.taxonomy import active_slugs, label
from bot.ui.screens import Target, edit_or_answer, show
from bot.ui.steps import StepContext


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


async def start_proposal(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    """ "Propose a group" (under the list, also mid-wizard from an older list: it starts over),
    unless the member has as many proposals waiting as allowed."""
    if (viewer := await _onboarded_or_refused(query, i18n, member)) is None:
        return
    if await directory.pending_proposals(session, viewer.id) >= directory.MAX_PENDING_PER_MEMBER:
        await query.answer(
            i18n.get("directory-propose-too-many", limit=directory.MAX_PENDING_PER_MEMBER),
            show_alert=True,
        )
        return
    await proposal_wizard().start(query, StepContext(i18n, session, viewer, state))


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

    # Before the wizard's own handlers (a router's come before those it includes), so that
    # "Propose a group" of an older list starts over even mid-wizard.
    router.callback_query.register(start_proposal, ProposeCb.filter(F.step == "start"))
    router.include_router(proposal_wizard().create_router())
    return router
