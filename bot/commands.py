"""The "/" command menus: what members see everywhere, and what each staff role adds.

Telegram shows a chat the most specific list set for it: members keep the default private-chat
list (set at start by :mod:`bot.factory`), and each staff member gets a list of their own
(``BotCommandScopeChat``), set by the admin feature's worker job after a grant or a revoke
commits. The names here are the commands the routers register; a test keeps them in step.
"""

from __future__ import annotations

from bot.access import Access
from bot.db.models import Role

MEMBER_COMMANDS = (
    "start",
    "menu",
    "communities",
    "ask",
    "events",
    "jobs",
    "aid",
    "safety",
    "profile",
    "help",
    "privacy",
    "my_data",
    "delete_me",
    "cancel",
)
GROUP_COMMANDS = ("report",)
GROUP_ADMIN_COMMANDS = ("ban",)

# What each role's gated routers answer in private (moderation, faq admin; events, broadcast,
# staff app; admin, transfer), in the order shown after the member's own commands.
STAFF_COMMANDS: dict[Role, tuple[str, ...]] = {
    Role.MODERATOR: ("mod", "faq_admin"),
    Role.ORGANISER: ("new_event", "my_events", "broadcast", "my_broadcasts", "stats"),
    Role.ADMIN: ("grant", "revoke", "staff", "export"),
}


def staff_commands(access: Access) -> tuple[str, ...]:
    """The staff commands ``access`` may use (admins hold every role); empty for members."""
    return tuple(
        name
        for role in (Role.MODERATOR, Role.ORGANISER, Role.ADMIN)
        if access.has(role)
        for name in STAFF_COMMANDS[role]
    )


def menu_for(access: Access) -> tuple[str, ...] | None:
    """A staff member's whole "/" menu (theirs first, then the members'), or ``None`` for a
    member, who keeps the default one."""
    own = staff_commands(access)
    if not own:
        return None
    return (*own, *(name for name in MEMBER_COMMANDS if name not in own))
