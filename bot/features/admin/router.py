"""/grant, /revoke and /staff — admins only (checked by the router's RequireRole gate)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message, MessageOriginHiddenUser, MessageOriginUser
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.db.models import ALL_COUNTRIES, Role
from bot.errors import DomainError
from bot.features.admin import service
from bot.features.admin.service import GrantError
from bot.geo import MAIN_HOST_COUNTRIES, country_name, is_country
from bot.middlewares.roles import RequireRole, audited
from bot.ui.keyboards import InlineKeyboardBuilder
from bot.ui.screens import edit_or_answer

# Characters of one /staff message (HTML counted, so the visible text is shorter than 4096).
STAFF_TEXT_LIMIT = 3500


class RoleCb(CallbackData, prefix="role"):
    """``action``: g(rant) or r(evoke); an empty ``role``/``scope`` means "ask for it"."""

    action: str
    member: int
    role: str = ""
    scope: str = ""


class _NoTargetError(DomainError):
    """No member named: neither an id in the arguments nor a replied-to forwarded message."""


def _target_and_rest(message: Message, command: CommandObject) -> tuple[int, list[str]]:
    """Whose role: the id in the arguments, or the author of the replied-to forwarded message."""
    args = (command.args or "").split()
    if args and args[0].isdigit() and len(args[0]) <= 20:
        return int(args[0]), args[1:]
    replied = message.reply_to_message
    if replied is not None and replied.forward_origin is not None:
        if isinstance(replied.forward_origin, MessageOriginUser):
            return replied.forward_origin.sender_user.id, args
        if isinstance(replied.forward_origin, MessageOriginHiddenUser):
            raise _NoTargetError("grant-hidden-user")
    raise _NoTargetError("grant-usage")


async def grant_command(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    member_id, rest = _target_and_rest(message, command)
    if not rest:
        await message.answer(
            i18n.get("grant-choose-role", member=str(member_id)),
            reply_markup=_role_keyboard(i18n, member_id).as_markup(),
        )
        return
    role = service.parse_role(rest[0])
    scopes = service.parse_scopes(role, ",".join(rest[1:]) or None)
    await service.grant(
        session, actor_id=access.user_id, member_id=member_id, role=role, scopes=scopes
    )
    await message.answer(_granted_text(i18n, member_id, role, scopes))


async def grant_button(
    query: CallbackQuery,
    callback_data: RoleCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    try:
        role = service.parse_role(callback_data.role)
    except GrantError:
        await query.answer(i18n.get("stale-button"))
        return
    if role is not Role.ADMIN and not callback_data.scope:
        await edit_or_answer(
            query,
            i18n.get(
                "grant-choose-scope",
                member=str(callback_data.member),
                role=i18n.get(f"role-{role}"),
            ),
            _scope_keyboard(i18n, callback_data.member, role).as_markup(),
        )
        return
    scope = callback_data.scope or ALL_COUNTRIES
    if scope != ALL_COUNTRIES and not is_country(scope):
        await query.answer(i18n.get("stale-button"))
        return
    await service.grant(
        session, actor_id=access.user_id, member_id=callback_data.member, role=role, scopes=[scope]
    )
    await edit_or_answer(query, _granted_text(i18n, callback_data.member, role, [scope]))


async def revoke_command(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    member_id, rest = _target_and_rest(message, command)
    if not rest:
        grants = await service.grants_of(session, member_id)
        if not grants:
            await message.answer(i18n.get("revoke-nothing", member=str(member_id)))
            return
        builder = InlineKeyboardBuilder()
        for entry in grants:
            builder.button(
                text=f"✖ {i18n.get(f'role-{entry.role}')} · {_scope_name(i18n, entry.scope)}",
                callback_data=RoleCb(
                    action="r", member=member_id, role=str(entry.role), scope=entry.scope
                ),
            )
        builder.adjust(1)
        await message.answer(
            i18n.get("revoke-choose", member=str(member_id)), reply_markup=builder.as_markup()
        )
        return
    role = service.parse_role(rest[0])
    scopes = service.parse_scopes(role, ",".join(rest[1:])) if rest[1:] else None
    removed = await service.revoke(
        session, actor_id=access.user_id, member_id=member_id, role=role, scopes=scopes
    )
    await message.answer(
        i18n.get("revoke-done", member=str(member_id), role=i18n.get(f"role-{role}"), count=removed)
    )


async def revoke_button(
    query: CallbackQuery,
    callback_data: RoleCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    try:
        role = service.parse_role(callback_data.role)
    except GrantError:
        await query.answer(i18n.get("stale-button"))
        return
    removed = await service.revoke(
        session,
        actor_id=access.user_id,
        member_id=callback_data.member,
        role=role,
        scopes=[callback_data.scope or ALL_COUNTRIES],
    )
    await edit_or_answer(
        query,
        i18n.get(
            "revoke-done",
            member=str(callback_data.member),
            role=i18n.get(f"role-{role}"),
            count=removed,
        ),
    )


async def staff_list(message: Message, i18n: I18nContext, session: AsyncSession) -> None:
    entries = await service.staff(session)
    if not entries:
        await message.answer(i18n.get("staff-empty"))
        return
    lines = [
        i18n.get(
            "staff-line",
            member=str(entry.member_id),
            role=i18n.get(f"role-{entry.role}"),
            scope=_scope_name(i18n, entry.scope),
        )
        for entry in entries
    ]
    # A community's staff outgrows one message (Telegram allows 4096 characters): several.
    text = i18n.get("staff-title")
    for line in lines:
        if len(text) + 1 + len(line) > STAFF_TEXT_LIMIT:
            await message.answer(text)
            text = line
        else:
            text += "\n" + line
    await message.answer(text)


def _scope_name(i18n: I18nContext, scope: str) -> str:
    return i18n.get("scope-all") if scope == ALL_COUNTRIES else country_name(scope, i18n.locale)


def _granted_text(i18n: I18nContext, member_id: int, role: Role, scopes: list[str]) -> str:
    return i18n.get(
        "grant-done",
        member=str(member_id),
        role=i18n.get(f"role-{role}"),
        scopes=", ".join(_scope_name(i18n, scope) for scope in scopes),
    )


def _role_keyboard(i18n: I18nContext, member_id: int) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for role in Role:
        builder.button(
            text=i18n.get(f"role-{role}"),
            callback_data=RoleCb(action="g", member=member_id, role=str(role)),
        )
    builder.adjust(1)
    return builder


def _scope_keyboard(i18n: I18nContext, member_id: int, role: Role) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("scope-all"),
        callback_data=RoleCb(action="g", member=member_id, role=str(role), scope=ALL_COUNTRIES),
    )
    for code in MAIN_HOST_COUNTRIES:
        builder.button(
            text=country_name(code, i18n.locale),
            callback_data=RoleCb(action="g", member=member_id, role=str(role), scope=code),
        )
    builder.adjust(1, 2)
    return builder


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="admin")
    router.message.filter(F.chat.type == "private")
    router.message.middleware(RequireRole(Role.ADMIN, area="admin"))
    router.callback_query.middleware(RequireRole(Role.ADMIN, area="admin"))
    router.message.register(grant_command, Command("grant"), flags=audited("admin.grant_command"))
    router.callback_query.register(
        grant_button, RoleCb.filter(F.action == "g"), flags=audited("admin.grant_button")
    )
    router.message.register(
        revoke_command, Command("revoke"), flags=audited("admin.revoke_command")
    )
    router.callback_query.register(
        revoke_button, RoleCb.filter(F.action == "r"), flags=audited("admin.revoke_button")
    )
    router.message.register(staff_list, Command("staff"), flags=audited("admin.staff_list"))
    return router
