"""The staff entry of the main menu: one screen with the tools of the member's roles.

The tools come from the features that own them (``provides=[STAFF_TOOLS.provide(...)]``), so
this screen imports none of them; each tool's button is that feature's own callback, checked
again by its own role gate when pressed. The screen itself is behind a gate too: a member who
forges the press is refused and the refusal audited, like any privileged button.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo
from aiogram_i18n import I18nContext

from bot.access import Access
from bot.commands import staff_commands
from bot.config import Settings
from bot.db.models import Role
from bot.features.common.keyboards import MenuCb, back_to_menu_button
from bot.middlewares.roles import RequireRole, audited
from bot.plugins import ExtensionPoint, Plugins
from bot.ui.keyboards import InlineKeyboardBuilder
from bot.ui.screens import edit_or_answer

STAFF_SECTION = "staff"


@dataclass(frozen=True)
class StaffTool:
    """One button of the staff screen: shown to holders of ``role`` (admins hold every role),
    labelled by the catalog key ``label``, pressing ``callback`` (the owning feature's)."""

    role: Role
    label: str
    callback: CallbackData


STAFF_TOOLS = ExtensionPoint[StaffTool]("common.staff_tools")


def is_staff(access: Access) -> bool:
    """Whether the main menu shows the staff entry."""
    return access.is_moderator or access.is_organiser


def staff_keyboard(
    i18n: I18nContext, tools: list[StaffTool], access: Access, staff_app: str | None
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for tool in tools:
        if access.has(tool.role):
            builder.button(text=i18n.get(tool.label), callback_data=tool.callback)
    builder.adjust(2)
    if staff_app is not None:
        builder.row(
            InlineKeyboardButton(
                text=i18n.get("app-menu-button"), web_app=WebAppInfo(url=staff_app)
            )
        )
    builder.row(back_to_menu_button(i18n))
    return builder.as_markup()


async def staff_hub(
    query: CallbackQuery, i18n: I18nContext, access: Access, settings: Settings, plugins: Plugins
) -> None:
    """The staff screen: the tools of the member's roles and their "/" commands."""
    commands = " ".join(f"/{name}" for name in staff_commands(access))
    roles = ", ".join(i18n.get(f"role-{role}") for role in Role if access.has(role))
    url = settings.staff_app_url
    await edit_or_answer(
        query,
        i18n.get("staff-hub", roles=roles, commands=commands),
        staff_keyboard(
            i18n, plugins.extensions(STAFF_TOOLS), access, None if url is None else url + "/"
        ),
    )


def create_router() -> Router:
    """The staff screen, for moderators and organisers (admins are both)."""
    router = Router(name="common.staff")
    router.callback_query.filter(F.message.chat.type == "private")
    router.callback_query.middleware(
        RequireRole(Role.MODERATOR, area="staff", or_roles=(Role.ORGANISER,))
    )
    router.callback_query.register(
        staff_hub,
        MenuCb.filter(F.section == STAFF_SECTION),
        flags=audited("common.staff_hub"),
    )
    return router
