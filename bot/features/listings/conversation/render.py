"""Texts of the relay: what each side receives and the conversation view.

Nothing here ever names the other side: no id, no name, no username (a username reaches the
other side only in the one message its owner asked to send, ``relay-revealed``).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.db.models import RelayMessage
from bot.features.listings.conversation.service import Side
from bot.features.listings.kinds import Listing
from bot.features.listings.render import Texts, scam_warning, short_title


def listing_title(t: Texts, listing: Listing | None) -> str:
    return short_title(listing) if listing is not None else t.get("relay-listing-gone")


def incoming(
    t: Texts, recipient: Side, listing: Listing | None, text: str, flags: list[str]
) -> str:
    """The relayed message as its recipient sees it."""
    key = "relay-incoming-for-author" if recipient.is_author else "relay-incoming-for-responder"
    body = t.get(key, thread=str(recipient.thread.id), title=listing_title(t, listing), text=text)
    warning = scam_warning(t, flags)
    return f"{body}\n\n{warning}" if warning else body


def conversation(
    t: Texts, side: Side, listing: Listing | None, messages: list[RelayMessage], zone: ZoneInfo
) -> str:
    lines = [
        t.get(
            "relay-thread-header",
            thread=str(side.thread.id),
            title=listing_title(t, listing),
            role=t.get("relay-role-author" if side.is_author else "relay-role-responder"),
        )
    ]
    for message in messages:
        mine = message.from_author == side.is_author
        lines.append(
            t.get(
                "relay-line-mine" if mine else "relay-line-theirs",
                at=format_datetime(
                    message.created_at.astimezone(zone), format="short", locale=t.locale
                ),
                text=message.text if len(message.text) <= 400 else message.text[:399] + "…",
            )
        )
    if not messages:
        lines.append(t.get("relay-thread-empty"))
    if side.thread.is_blocked:
        lines.append(
            t.get("relay-thread-blocked-by-me" if side.blocked_by_me else "relay-thread-closed")
        )
    return "\n\n".join(lines)
