"""Buttons of the knowledge base and their callback data (each packs to at most 64 bytes)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n import I18nContext

from bot.db.models import GLOBAL_ENTRY
from bot.features.common.keyboards import MenuCb, back_to_menu_button
from bot.features.faq.render import place_label, short, topic_label
from bot.features.faq.service import Card, GroupLink, Match, TopicLink
from bot.ui.keyboards import InlineKeyboardBuilder

#: Other matches shown under an answer.
OTHER_MATCHES = 3


class FaqCb(CallbackData, prefix="faq"):
    """A member's button.

    ``action``: ``e`` open an entry (``value`` ``f``: in full, with steps, documents and
    caveats), ``v`` vote (``value`` ``+``/``-``), ``t`` topics of ``value`` (a country code,
    ``*``, or empty for the member's own), ``c`` choose a country, ``g`` pass the member's
    last question to the volunteers.
    ``alts``: the other matches of the question, as dot-separated entry ids, so every card of
    one question keeps offering the others. ``q``: the token of the member's question the
    entry was offered for (0 when browsing), so a 👎 passes on that very question and "ask
    the volunteers" the question it was under; the router finds it in the member's own FSM
    data and checks the entry was offered for it.
    """

    action: str
    entry: int = 0
    value: str = ""
    alts: str = ""
    q: int = 0


class FaqModCb(CallbackData, prefix="fqm"):
    """A moderator's button (the role and the entry's country are checked again on press).

    ``action`` names the screen or the change; ``value`` is a page, a country, a field, a
    status or a volatility depending on it.
    """

    action: str
    entry: int = 0
    value: str = ""


class FaqStepCb(CallbackData, prefix="fqm"):
    """:class:`FaqModCb` as the step engine (:mod:`bot.ui.steps`) reads it: the editor's step
    code in ``step`` and its value in ``v``. Same prefix and field order, so the volatility
    (``fqm:nvol:0:high``) and save (``fqm:save:0:publish``) buttons already sent pack alike."""

    step: str
    entry: int = 0
    v: str = ""


def pack_alts(entry_ids: Sequence[int]) -> str:
    return ".".join(str(i) for i in entry_ids[:OTHER_MATCHES])


def unpack_alts(alts: str) -> list[int]:
    """Entry ids from forgeable data: anything that is not a small list of numbers is ignored."""
    ids: list[int] = []
    for part in alts.split(".")[:OTHER_MATCHES]:
        if part.isdigit() and len(part) <= 12:
            ids.append(int(part))
    return ids


def card_keyboard(
    i18n: I18nContext,
    card: Card,
    others: Sequence[Card],
    *,
    question: int,
    voted: bool | None = None,
    can_edit: bool = False,
    more: bool = False,
) -> InlineKeyboardMarkup:
    """ "More" when the card opened compact, 👍/👎, the other matches, topics and the menu (and
    "edit" for its moderators)."""
    alts = pack_alts([other.entry_id for other in others])
    q = question
    builder = InlineKeyboardBuilder()
    if more:
        builder.row(
            InlineKeyboardButton(
                text=i18n.get("faq-button-more"),
                callback_data=FaqCb(
                    action="e", entry=card.entry_id, value="f", alts=alts, q=q
                ).pack(),
            )
        )
    yes = i18n.get("faq-vote-yes") + (" ✓" if voted is True else "")
    no = i18n.get("faq-vote-no") + (" ✓" if voted is False else "")
    builder.row(
        InlineKeyboardButton(
            text=yes,
            callback_data=FaqCb(action="v", entry=card.entry_id, value="+", alts=alts, q=q).pack(),
        ),
        InlineKeyboardButton(
            text=no,
            callback_data=FaqCb(action="v", entry=card.entry_id, value="-", alts=alts, q=q).pack(),
        ),
    )
    for other in others[:OTHER_MATCHES]:
        # Each other match offers the rest of the list, the current card included.
        rest = [card.entry_id, *(o.entry_id for o in others if o.entry_id != other.entry_id)]
        builder.row(
            InlineKeyboardButton(
                text=f"➡️ {short(other.question)}",
                callback_data=FaqCb(
                    action="e", entry=other.entry_id, alts=pack_alts(rest), q=q
                ).pack(),
            )
        )
    bottom = [
        InlineKeyboardButton(
            text=i18n.get("faq-button-topics"),
            callback_data=FaqCb(
                action="t", value="" if card.country == GLOBAL_ENTRY else card.country
            ).pack(),
        ),
        back_to_menu_button(i18n),
    ]
    builder.row(*bottom)
    if can_edit:
        builder.row(
            InlineKeyboardButton(
                text=i18n.get("faq-button-moderate"),
                callback_data=FaqModCb(action="card", entry=card.entry_id).pack(),
            )
        )
    return builder.as_markup()


def group_buttons(groups: Sequence[GroupLink]) -> list[list[InlineKeyboardButton]]:
    """One row per group: its title, opening the group in Telegram."""
    return [[InlineKeyboardButton(text=f"👥 {short(g.title)}", url=g.link)] for g in groups]


def matches_keyboard(
    i18n: I18nContext,
    matches: Sequence[Match],
    groups: Sequence[GroupLink] = (),
    *,
    can_ask: bool = False,
    question: int = 0,
) -> InlineKeyboardMarkup:
    """ "Maybe one of these" for a question without a good answer, the country's groups that
    help with papers and banks, and "ask the volunteers"."""
    builder = InlineKeyboardBuilder()
    ids = [m.entry_id for m in matches]
    for match in matches:
        rest = [i for i in ids if i != match.entry_id]
        builder.row(
            InlineKeyboardButton(
                text=f"❔ {short(match.title)}",
                callback_data=FaqCb(
                    action="e", entry=match.entry_id, alts=pack_alts(rest), q=question
                ).pack(),
            )
        )
    for row in group_buttons(groups):
        builder.row(*row)
    if can_ask:
        builder.row(
            InlineKeyboardButton(
                text=i18n.get("faq-button-ask-volunteers"),
                callback_data=FaqCb(action="g", q=question).pack(),
            )
        )
    builder.row(
        InlineKeyboardButton(
            text=i18n.get("faq-button-topics"), callback_data=FaqCb(action="t").pack()
        ),
        back_to_menu_button(i18n),
    )
    return builder.as_markup()


def topics_keyboard(i18n: I18nContext, links: Sequence[TopicLink]) -> InlineKeyboardMarkup:
    """One button per entry of the country, then the global ones, then "another country"."""
    builder = InlineKeyboardBuilder()
    own = [link for link in links if link.country != GLOBAL_ENTRY]
    common = [link for link in links if link.country == GLOBAL_ENTRY]
    for link in own:
        builder.button(
            text=topic_label(i18n, link.topic), callback_data=FaqCb(action="e", entry=link.entry_id)
        )
    for link in common:
        builder.button(
            text=f"🌍 {topic_label(i18n, link.topic)}",
            callback_data=FaqCb(action="e", entry=link.entry_id),
        )
    builder.adjust(2)
    builder.row(
        InlineKeyboardButton(
            text=i18n.get("faq-button-other-country"), callback_data=FaqCb(action="c").pack()
        ),
        InlineKeyboardButton(
            text=i18n.get("menu-back"), callback_data=MenuCb(section="home").pack()
        ),
    )
    return builder.as_markup()


def countries_keyboard(i18n: I18nContext, countries: Sequence[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for country in countries:
        builder.button(
            text=place_label(i18n, country), callback_data=FaqCb(action="t", value=country)
        )
    builder.button(
        text=f"🌍 {i18n.get('faq-global-topics')}",
        callback_data=FaqCb(action="t", value=GLOBAL_ENTRY),
    )
    builder.adjust(2)
    builder.row(back_to_menu_button(i18n))
    return builder.as_markup()


def help_keyboard(i18n: I18nContext, groups: Sequence[GroupLink]) -> InlineKeyboardMarkup:
    """Under a crisis reply or a 👎: groups to turn to, then topics and the menu."""
    builder = InlineKeyboardBuilder()
    for row in group_buttons(groups):
        builder.row(*row)
    builder.row(
        InlineKeyboardButton(
            text=i18n.get("faq-button-topics"), callback_data=FaqCb(action="t").pack()
        ),
        back_to_menu_button(i18n),
    )
    return builder.as_markup()
