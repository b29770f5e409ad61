"""Anti-spam in layers, as pure functions: what a group message is, and what to do about it.

No aiogram and no database here: the router turns a Telegram message into :class:`Facts`,
the service adds what it knows about the sender (a newcomer? flooding?), and :func:`judge`
answers. ``bench/group_messages.py`` replays a labelled corpus through the same function.

The layers, each switchable per group (:class:`~bot.features.chats.settings.ChatSettings`):

* ``scam`` — the listing scam detector (:func:`bot.features.safety.scam.scam_flags`): rent
  deposits before viewing, "rent out your card", card details, exchange, guaranteed visas.
  From a newcomer: deleted, the sender restricted, the moderators told. From an established
  member: only the moderators are told (a false positive there costs more).
* ``links``, ``forwards``, ``contacts`` — a newcomer's message with a link, forwarded from a
  channel, or giving a phone number / @username / messenger link: deleted.
* ``promo`` — a newcomer's "easy money" offer ("earn 300$ a day", "заработок от 500$ в
  день, подробности в лс"): deleted. Established members are never judged by it.
* ``flood`` — too many messages too fast (the shared flood limiter): the sender is muted a
  while.
* ``lookalike`` — a newcomer whose name looks like an admin's (checked on joining,
  :func:`impersonates`): restricted and shown to the admins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.cleaning import clean_line, has_contact, has_link, skeleton
from bot.features.chats.settings import ChatSettings
from bot.features.safety.scam import scam_flags


class Act(StrEnum):
    NOTHING = "nothing"
    REPORT = "report"  # only tell the moderators
    DELETE = "delete"  # delete the message
    DELETE_RESTRICT = "delete-restrict"  # delete, restrict the sender, tell the moderators
    MUTE = "mute"  # restrict the sender for a while (flood)


@dataclass(frozen=True)
class Facts:
    """What a group message carries, read off the Telegram message by the router."""

    text: str = ""
    # A link entity (url, text_link) or an address in the text.
    link: bool = False
    # Forwarded from a channel (``forward_origin`` of type channel).
    channel_forward: bool = False
    # A shared contact, or a phone number / @username / messenger link in the text.
    contact: bool = False


@dataclass(frozen=True)
class Verdict:
    act: Act
    # The layer that decided (``scam-<category>`` for scam), or "" when nothing did.
    reason: str = ""


CLEAN = Verdict(Act.NOTHING)

# "Easy money" offers: an earning word, then an amount, then a period, close together; or an
# earning word with "details in private". Matched on the cleaned text (invisible characters
# and compatibility forms such as full-width digits undone).
_EARN = r"(?:заработ\w*|доход\w*|подработ\w*|earn\w*|make|income|profit)"
_AMOUNT = r"(?:[$€₽]\s?\d[\d\s.,]*|\d[\d\s.,]*\s?(?:\$|€|₽|usd|usdt|долл\w*|руб\w*|dollars?))"
_PERIOD = r"(?:в\s+(?:день|сутки|неделю|час)|(?:a|per)\s+(?:day|week|hour)|daily|weekly)"
_PRIVATE = r"(?:в\s+(?:лс|личк\w*|личн\w+)|in\s+(?:dm|pm|private)|dm\s+me)"
_PROMO = (
    re.compile(rf"{_EARN}\W+(?:\w+\W+){{0,3}}{_AMOUNT}\W*(?:\w+\W+){{0,2}}{_PERIOD}", re.I),
    re.compile(rf"{_EARN}\b.{{0,60}}{_PRIVATE}", re.I | re.S),
)


def is_promo(text: str) -> bool:
    """An "easy money" offer (see the module doc)."""
    shown = clean_line(text).casefold()
    return any(pattern.search(shown) for pattern in _PROMO)


def facts_of(text: str, *, link_entity: bool, channel_forward: bool, shared_contact: bool) -> Facts:
    """Facts from a message's text and what the Telegram message says besides it."""
    return Facts(
        text=text,
        link=link_entity or (bool(text) and has_link(text)),
        channel_forward=channel_forward,
        contact=shared_contact or (bool(text) and has_contact(text)),
    )


def judge(facts: Facts, settings: ChatSettings, *, newcomer: bool, flooding: bool) -> Verdict:
    """What to do about one message (the first layer that objects decides)."""
    if settings.scam and facts.text:
        categories = scam_flags(facts.text)
        if categories:
            reason = f"scam-{categories[0]}"
            return Verdict(Act.DELETE_RESTRICT if newcomer else Act.REPORT, reason)
    if newcomer:
        if settings.forwards and facts.channel_forward:
            return Verdict(Act.DELETE, "forwards")
        if settings.links and facts.link:
            return Verdict(Act.DELETE, "links")
        if settings.contacts and facts.contact:
            return Verdict(Act.DELETE, "contacts")
        if settings.promo and facts.text and is_promo(facts.text):
            return Verdict(Act.DELETE, "promo")
    if settings.flood and flooding:
        return Verdict(Act.MUTE, "flood")
    return CLEAN


def impersonates(name: str, admin_names: list[str]) -> bool:
    """Whether a newcomer's ``name`` looks like one of the admins' names: the same
    confusable skeleton (look-alike letters, invisible characters) — an exact copy included,
    since the newcomer is never that admin."""
    shown = clean_line(name).strip()
    if not shown:
        return False
    shape = skeleton(shown)
    for admin in admin_names:
        theirs = clean_line(admin).strip()
        if theirs and skeleton(theirs) == shape:
            return True
    return False
