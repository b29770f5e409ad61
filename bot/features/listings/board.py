"""Browsing a kind of listing: the list, its pages and its filter pickers (place, city, topic).

Every kind (the job board, mutual aid) browses the same way; what differs is described by one
:class:`Board`: its catalog prefix, its filter type, its callback data (each kind keeps its own
prefixes, so buttons already sent keep working) and the taxonomy its topic picker offers
(professions for jobs, categories for aid). A filter comes back from callback data through the
kind's ``parse``, which refuses a forged or malformed token (the member gets the stale-button
answer); page numbers are clamped by the kind's ``browse``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, Self, TypeVar

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, TaxonomyKind
from bot.features.common.keyboards import MenuCb, elsewhere_row
from bot.features.listings.keyboards import BACK_MINE, card_button_data, place_options
from bot.features.listings.kinds import ListingKind
from bot.features.listings.render import Texts, status_text
from bot.features.listings.section import Section
from bot.features.listings.service import authored_by
from bot.geo import cities_of, country_name
from bot.taxonomy import active_slugs, label
from bot.ui.keyboards import InlineKeyboardBuilder, pager
from bot.ui.screens import edit_or_answer


class BoardListCb(CallbackData, prefix="_bl"):
    """A page of a kind's list for the filter token ``f``. Each kind subclasses it with its own
    prefix (``jl`` jobs, ``al`` aid); this base is never registered."""

    f: str
    pg: int = 0


class BoardPickCb(CallbackData, prefix="_bp"):
    """Open a filter picker of a kind: ``what`` is place, city or the kind's topic code, over
    the filter ``f``. Subclassed per kind (``jp``, ``ap``)."""

    what: str
    f: str


class BoardFilter(Protocol):
    """What a kind's filter answers: where, and the copy of itself with one part changed."""

    @property
    def country(self) -> str | None: ...

    def pack(self) -> str: ...

    def anywhere(self) -> Self:
        """No place (the topic kept)."""

    def in_country(self, code: str) -> Self:
        """Only ``code`` (the topic kept, the city dropped)."""

    def in_city(self, city: str | None) -> Self:
        """Only ``city`` of the filter's country (``None``: the whole country)."""

    def about(self, topic: str | None) -> Self:
        """Only ``topic`` (``None``: any), the place kept."""


class BoardPage(Protocol):
    @property
    def items(self) -> Sequence[Any]: ...

    @property
    def total(self) -> int: ...

    @property
    def page(self) -> int: ...

    @property
    def pages(self) -> int: ...


Filter = TypeVar("Filter", bound=BoardFilter)


@dataclass(frozen=True)
class Topic:
    """What a list is about besides the place: its picker's ``code`` in callback data
    ("prof", "cat"), its catalog ``word`` ("profession", "category") and the taxonomy offered."""

    code: str
    word: str
    taxonomy: TaxonomyKind

    def label(self, t: Texts, slug: str) -> str:
        return label(t.get, self.taxonomy, slug)


@dataclass(frozen=True)
class Board(Generic[Filter]):
    """One kind's browsing surface. ``name`` is its command (``/jobs``), its main menu's
    section and its catalog prefix: ``<name>-list`` (and ``-list-empty``),
    ``<name>-pick-<place|city|topic word>`` (and ``…-text``), ``<name>-any-<topic word>``,
    ``<name>-back-list``, ``<name>-back-mine``, ``<name>-mine-text`` (``-mine-none``),
    ``<name>-home`` and ``<name>-home-text``."""

    kind: ListingKind
    name: str
    section: Section  # the home screen (and "mine", the author's own list, for a card's ⬅️)
    list_cb: type[BoardListCb]
    pick_cb: type[BoardPickCb]
    parse: Callable[[str], Filter | None]
    browse: Callable[[AsyncSession, Filter, int], Awaitable[BoardPage]]
    describe: Callable[[Texts, Filter], str]  # the filter in words
    line: Callable[[Texts, Any], str]  # one listing as a button label
    topic: Topic
    remote: Callable[[Filter], Filter] | None = None  # "remote only", for kinds that have it
    place_rows: tuple[int, ...] = (1, 3)
    # Rows under the filters (the job board's "subscribe to this"), given the filter token.
    extra_rows: Callable[[Texts, str], list[InlineKeyboardButton]] | None = None
    # What an empty list offers instead of a dead end (post one, ask for help...), given the
    # filter; the board adds "look wider" and the ways out of the section (groups, questions).
    next_steps: Callable[[Texts, Filter], list[list[InlineKeyboardButton]]] | None = None
    # The author's own list: a mark before each listing (aid: request or offer), and the rows
    # under the list (the job board's "post a job").
    mine_mark: Callable[[Any], str] = lambda listing: ""
    mine_rows: Callable[[Texts], list[list[InlineKeyboardButton]]] | None = None

    # ---- keyboards --------------------------------------------------------------------------

    def home(self, t: Texts) -> InlineKeyboardMarkup:
        """The section's first screen (``<name>-home-text``)."""
        return self.section.home(t)

    def opens(self, listing_filter: Filter, page: int = 0) -> BoardListCb:
        return self.list_cb(f=listing_filter.pack(), pg=page)

    def home_button(self, t: Texts) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=t.get(f"{self.name}-home"), callback_data=MenuCb(section=self.name).pack()
        )

    def back_from_card(self, t: Texts, back: str) -> InlineKeyboardButton:
        """A card's ⬅️: to the author's own list (``BACK_MINE``), to the list page the card was
        opened from (``<filter token>.<page>``, checked like any callback data), or home."""
        if back == BACK_MINE and "mine" in self.section.buttons:
            return InlineKeyboardButton(
                text=t.get(f"{self.name}-back-mine"), callback_data=self.section.cb("mine").pack()
            )
        token, _, page = back.rpartition(".")
        if token and page.isdigit() and self.parse(token) is not None:
            return InlineKeyboardButton(
                text=t.get(f"{self.name}-back-list"),
                callback_data=self.list_cb(f=token, pg=int(page)).pack(),
            )
        return self.home_button(t)

    def back_to_list(self, t: Texts, listing_filter: Filter) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=t.get(f"{self.name}-back-list"), callback_data=self.opens(listing_filter).pack()
        )

    def list_keyboard(
        self, t: Texts, listing_filter: Filter, page: BoardPage
    ) -> InlineKeyboardMarkup:
        token = listing_filter.pack()
        builder = InlineKeyboardBuilder()
        for listing in page.items:
            builder.row(
                InlineKeyboardButton(
                    text=self.line(t, listing),
                    callback_data=card_button_data(self.kind, listing.id, f"{token}.{page.page}"),
                )
            )

        def opens(number: int) -> BoardListCb:
            return self.list_cb(f=token, pg=number)

        if nav := pager(page.page, page.pages, opens, counter=opens):
            builder.row(*nav)
        if not page.total:
            for row in self._empty_rows(t, listing_filter):
                builder.row(*row)
        pickers = ["place"]
        if listing_filter.country and cities_of(listing_filter.country):
            pickers.append("city")
        pickers.append(self.topic.code)
        builder.row(
            *(
                InlineKeyboardButton(
                    text=t.get(f"{self.name}-pick-{self._word(what)}"),
                    callback_data=self.pick_cb(what=what, f=token).pack(),
                )
                for what in pickers
            )
        )
        if self.extra_rows is not None:
            builder.row(*self.extra_rows(t, token))
        builder.row(self.home_button(t))
        return builder.as_markup()

    def _empty_rows(self, t: Texts, listing_filter: Filter) -> list[list[InlineKeyboardButton]]:
        """The next useful steps from an empty list: look wider (the whole country, then
        everywhere), the kind's own steps, then local groups and the knowledge base."""
        rows: list[list[InlineKeyboardButton]] = []
        wider = None
        if listing_filter.country and listing_filter.in_city(None) != listing_filter:
            wider = ("listing-wider-country", listing_filter.in_city(None))
        elif listing_filter.country:
            wider = ("listing-wider-anywhere", listing_filter.anywhere())
        if wider is not None:
            key, widened = wider
            rows.append(
                [InlineKeyboardButton(text=t.get(key), callback_data=self.opens(widened).pack())]
            )
        if self.next_steps is not None:
            rows.extend(self.next_steps(t, listing_filter))
        rows.append(elsewhere_row(t.get))
        return rows

    def place_picker(
        self, t: Texts, listing_filter: Filter, member_country: str | None
    ) -> InlineKeyboardMarkup:
        builder = InlineKeyboardBuilder()
        builder.button(
            text=t.get("listing-place-anywhere"),
            callback_data=self.opens(listing_filter.anywhere()),
        )
        if self.remote is not None:
            builder.button(
                text=t.get("listing-place-remote"),
                callback_data=self.opens(self.remote(listing_filter)),
            )
        for code in place_options(member_country):
            builder.button(
                text=country_name(code, t.locale),
                callback_data=self.opens(listing_filter.in_country(code)),
            )
        builder.adjust(*self.place_rows)
        builder.row(self.back_to_list(t, listing_filter))
        return builder.as_markup()

    def city_picker(self, t: Texts, listing_filter: Filter) -> InlineKeyboardMarkup:
        assert listing_filter.country is not None
        builder = InlineKeyboardBuilder()
        for city in cities_of(listing_filter.country):
            builder.button(
                text=city.name(t.locale),
                callback_data=self.opens(listing_filter.in_city(city.name_en)),
            )
        builder.adjust(3)
        builder.row(
            InlineKeyboardButton(
                text=t.get("listing-city-whole-country"),
                callback_data=self.opens(listing_filter.in_city(None)).pack(),
            )
        )
        builder.row(self.back_to_list(t, listing_filter))
        return builder.as_markup()

    def topic_picker(
        self, t: Texts, listing_filter: Filter, slugs: Iterable[str]
    ) -> InlineKeyboardMarkup:
        builder = InlineKeyboardBuilder()
        builder.button(
            text=t.get(f"{self.name}-any-{self.topic.word}"),
            callback_data=self.opens(listing_filter.about(None)),
        )
        for slug in slugs:
            builder.button(
                text=self.topic.label(t, slug), callback_data=self.opens(listing_filter.about(slug))
            )
        builder.adjust(2)
        builder.row(self.back_to_list(t, listing_filter))
        return builder.as_markup()

    def mine_keyboard(self, t: Texts, listings: Sequence[Any]) -> InlineKeyboardMarkup:
        """The author's own listings, whatever their state; a card opened here goes back here."""
        builder = InlineKeyboardBuilder()
        for listing in listings:
            label = f"{self.mine_mark(listing)}{status_text(t, listing.status)} · "
            builder.row(
                InlineKeyboardButton(
                    text=label + self.line(t, listing),
                    callback_data=card_button_data(self.kind, listing.id, BACK_MINE),
                )
            )
        for row in self.mine_rows(t) if self.mine_rows is not None else []:
            builder.row(*row)
        builder.row(self.home_button(t))
        return builder.as_markup()

    def _word(self, what: str) -> str:
        return self.topic.word if what == self.topic.code else what

    # ---- handlers ---------------------------------------------------------------------------

    async def show_list(
        self,
        query: CallbackQuery,
        t: Texts,
        session: AsyncSession,
        listing_filter: Filter,
        page: int,
    ) -> None:
        found = await self.browse(session, listing_filter, page)
        key = f"{self.name}-list" if found.total else f"{self.name}-list-empty"
        text = t.get(key, filter=self.describe(t, listing_filter), total=found.total)
        await edit_or_answer(query, text, self.list_keyboard(t, listing_filter, found))

    async def show_mine(
        self, query: CallbackQuery, t: Texts, session: AsyncSession, author_id: int
    ) -> None:
        """ "My jobs", "my requests and offers": ``<name>-mine-text`` (``-mine-none``)."""
        listings = await authored_by(session, self.kind.model, author_id)
        key = f"{self.name}-mine-text" if listings else f"{self.name}-mine-none"
        await edit_or_answer(query, t.get(key), self.mine_keyboard(t, listings))

    def register(self, router: Router) -> None:
        """Add the section's home (its command and its main-menu button), the list's and the
        pickers' handlers to ``router`` (the kind's own)."""

        async def home(message: Message, i18n: I18nContext, state: FSMContext) -> None:
            await state.clear()
            text = i18n.get(f"{self.name}-home-text")
            await message.answer(text, reply_markup=self.home(Texts.of(i18n)))

        async def home_from_menu(
            query: CallbackQuery, i18n: I18nContext, state: FSMContext
        ) -> None:
            await state.clear()
            text = i18n.get(f"{self.name}-home-text")
            await edit_or_answer(query, text, self.home(Texts.of(i18n)))

        async def list_page(
            query: CallbackQuery,
            callback_data: BoardListCb,
            i18n: I18nContext,
            session: AsyncSession,
        ) -> None:
            listing_filter = self.parse(callback_data.f)
            if listing_filter is None:
                await query.answer(i18n.get("stale-button"))
                return
            await self.show_list(query, Texts.of(i18n), session, listing_filter, callback_data.pg)

        async def pick(
            query: CallbackQuery,
            callback_data: BoardPickCb,
            i18n: I18nContext,
            session: AsyncSession,
            member: Member | None,
        ) -> None:
            listing_filter = self.parse(callback_data.f)
            if listing_filter is None:
                await query.answer(i18n.get("stale-button"))
                return
            t = Texts.of(i18n)
            what = callback_data.what
            if what == "place":
                markup = self.place_picker(t, listing_filter, member.country if member else None)
            elif what == "city" and listing_filter.country:
                markup = self.city_picker(t, listing_filter)
            elif what == self.topic.code:
                slugs = await active_slugs(session, self.topic.taxonomy)
                markup = self.topic_picker(t, listing_filter, slugs)
            else:
                await query.answer(i18n.get("stale-button"))
                return
            text = i18n.get(f"{self.name}-pick-{self._word(what)}-text")
            await edit_or_answer(query, text, markup)

        router.message.register(home, Command(self.name))
        router.callback_query.register(home_from_menu, MenuCb.filter(F.section == self.name))
        router.callback_query.register(list_page, self.list_cb.filter())
        router.callback_query.register(pick, self.pick_cb.filter())


__all__ = ["Board", "BoardFilter", "BoardListCb", "BoardPage", "BoardPickCb", "Topic"]
