"""/mod — one review queue for every kind of listing; open reports; groups to re-check; and
the author's one appeal.

The queue knows listings only through :func:`review_handlers`: a feature that registers a
:class:`~bot.features.moderation.registry.ReviewHandler` appears here with no change to this
module. Two routers: the staff one carries the moderator gate (every message and button is
checked on the server and refusals are audited; the services check the scope of each item
again), the appeal one serves authors.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InaccessibleMessage, Message
from aiogram_i18n import I18nContext
from aiogram_i18n.exceptions import KeyNotFoundError
from babel.dates import format_timedelta
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.access import Access, audit
from bot.config import Settings
from bot.db.models import (
    ALL_COUNTRIES,
    AuditOutcome,
    Member,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
    Role,
)
from bot.db.types import utcnow
from bot.features.moderation import bans
from bot.features.moderation import keyboards as kb
from bot.features.moderation import service as moderation
from bot.features.moderation.keyboards import AppealCb, QueueCb, ReportsCb, StaleCb
from bot.features.moderation.service import (
    OVERDUE_AFTER,
    REASON_MAX_LENGTH,
    Decision,
    ModerationError,
    ReportedListing,
)
from bot.features.moderation.states import Appeal, Review
from bot.features.safety.scam import category_of
from bot.geo import country_name
from bot.i18n import Markup, escape, member_locale
from bot.middlewares.roles import RequireRole, audited
from bot.outbox import Outgoing
from bot.plugins import Plugins
from bot.reviewing import (
    RecheckingReviewHandler,
    ReviewHandler,
    StaleListing,
    approved_notice,
    editable,
    flag_clearer,
    previewer,
    rechecker,
)
from bot.ui.screens import Target, edit_or_answer, show

log = logging.getLogger(__name__)

# Text of a member's report comment shown to moderators, per comment.
COMMENT_PREVIEW = 200
COMMENTS_SHOWN = 5
TITLE_IN_BUTTON = 40
# Items whose member may be banned from the queue: the author of a listing, or the reported
# side of a conversation.
BANNABLE_KINDS = frozenset({ReviewKind.JOB, ReviewKind.OFFER, ReviewKind.RELAY})


# ---- rendering helpers ------------------------------------------------------------------


def _optional(i18n: I18nContext, key: str, fallback: str, **values: object) -> str:
    """A catalog text that a feature may not have provided (a flag or reason of a new kind)."""
    try:
        return i18n.get(key, **values)
    except KeyNotFoundError:
        return fallback


def flag_label(i18n: I18nContext, flag: str) -> str:
    """A queue flag in the moderator's language: a scam category, a report reason, or another
    warning (never the raw ``scam:deposit``)."""
    category = category_of(flag)
    if category is not None:
        return i18n.get("mod-flag-scam", reason=i18n.get(f"scam-flag-{category}"))
    if flag.startswith("report:"):
        reason = flag.removeprefix("report:")
        return i18n.get(
            "mod-flag-report", reason=_optional(i18n, f"report-reason-{reason}", reason)
        )
    return _optional(i18n, f"mod-flag-{flag}", flag)


def _clearable(
    i18n: I18nContext, item: ReviewItem, handler: ReviewHandler
) -> tuple[tuple[str, str], ...]:
    if flag_clearer(handler) is None:
        return ()
    categories = [category_of(flag) for flag in item.flags]
    return tuple(
        (category, i18n.get(f"scam-flag-{category}")) for category in categories if category
    )


def _kind(i18n: I18nContext, kind: str, locale: str | None = None) -> str:
    try:
        return i18n.get(f"mod-kind-{kind}", locale or i18n.locale)
    except KeyNotFoundError:
        return kind


def _scope_name(i18n: I18nContext, country: str) -> str:
    if country == ALL_COUNTRIES:
        return i18n.get("mod-scope-transnational")
    return country_name(country, i18n.locale)


def _moderated(i18n: I18nContext, access: Access) -> str:
    countries = access.moderated_countries()
    if countries is None:
        return i18n.get("scope-all")
    return ", ".join(sorted(country_name(code, i18n.locale) for code in countries))


def _prefixed(prefix: str | None, text: str) -> str:
    return f"{prefix}\n\n{text}" if prefix else text


async def _home(
    target: Target,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    prefix: str | None = None,
    *,
    handlers: Mapping[ReviewKind, ReviewHandler],
) -> None:
    by_kind = await moderation.pending_by_kind(session, access, kinds=handlers)
    pending = sum(by_kind.values())
    reports = await moderation.count_reported(session, access, kinds=handlers)
    stale = await _stale_count(session, access, handlers)
    lines = [
        i18n.get("mod-home-title", scope=_moderated(i18n, access)),
        i18n.get("mod-home-pending", count=pending),
    ]
    lines += [
        i18n.get("mod-home-kind", kind=_kind(i18n, kind), count=count)
        for kind, count in sorted(by_kind.items())
    ]
    lines.append(i18n.get("mod-home-reports", count=reports))
    lines.append(i18n.get("mod-home-stale", count=stale))
    if not (pending or reports or stale):
        lines.append("")
        lines.append(i18n.get("mod-home-all-clear"))
    markup = kb.home_keyboard(i18n, pending=pending, reports=reports, stale=stale)
    await show(target, _prefixed(prefix, "\n".join(lines)), markup)


async def _item_text(
    i18n: I18nContext,
    session: AsyncSession,
    item: ReviewItem,
    handler: ReviewHandler,
    at: int,
    total: int,
) -> tuple[str, bool]:
    """The moderator's card of one queue item; whether its listing still exists."""
    waited = utcnow() - item.queued_at
    lines = [
        i18n.get(
            "mod-item-header",
            kind=_kind(i18n, item.kind),
            scope=_scope_name(i18n, item.country),
            position=at + 1,
            total=total,
        ),
        i18n.get(
            "mod-item-waiting",
            age=format_timedelta(waited, locale=i18n.locale),
        )
        + (Markup(" ") + i18n.get("mod-item-overdue") if waited >= OVERDUE_AFTER else ""),
    ]
    if item.flags:
        labels = [flag_label(i18n, flag) for flag in item.flags]
        lines.append(i18n.get("mod-item-flags", flags=", ".join(labels)))
    if item.status == ReviewStatus.APPEALED:
        lines.append(
            i18n.get("mod-item-appeal", reason=item.reason or "—", appeal=item.appeal or "—")
        )
    card = await handler.describe(session, item.target_id, i18n.locale)
    lines.append("")
    lines.append(card if card is not None else i18n.get("mod-item-listing-gone"))
    return "\n".join(lines), card is not None


async def _position(
    target: Target,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    at: int,
    prefix: str | None = None,
    *,
    handlers: Mapping[ReviewKind, ReviewHandler],
) -> None:
    """The queue item at position ``at`` (oldest first); the home screen when none is left."""
    total = await moderation.count_pending(session, access, kinds=handlers)
    if total == 0:
        await _home(
            target,
            i18n,
            session,
            access,
            prefix=_prefixed(prefix, i18n.get("mod-queue-empty")),
            handlers=handlers,
        )
        return
    at = min(max(at, 0), total - 1)
    [item] = await moderation.queue(session, access, limit=1, offset=at, kinds=handlers)
    handler = handlers[ReviewKind(item.kind)]
    text, exists = await _item_text(i18n, session, item, handler, at, total)
    markup = kb.item_keyboard(
        i18n,
        item_id=item.id,
        at=at,
        total=total,
        can_edit=editable(handler) is not None,
        exists=exists,
        clearable=_clearable(i18n, item, handler),
        can_ban=exists and item.kind in BANNABLE_KINDS,
    )
    exact = previewer(handler)
    if exact is not None and exists and target.from_user is not None:
        # Seen exactly as members will get it (text, entities, media, buttons), then the card
        # with the decision below it, as new messages in that order.
        assert target.bot is not None
        if isinstance(target, CallbackQuery):
            await target.answer()
        chat_id = target.from_user.id
        await exact.send_preview(target.bot, session, item.target_id, chat_id, i18n.locale)
        await target.bot.send_message(chat_id, _prefixed(prefix, text), reply_markup=markup)
        return
    await show(target, _prefixed(prefix, text), markup)


async def _decided_item(
    session: AsyncSession,
    access: Access,
    item_id: int,
    action: str,
    *,
    handlers: Mapping[ReviewKind, ReviewHandler],
) -> tuple[ReviewItem, ReviewHandler]:
    item = await moderation.item_for(session, access, item_id, action=action)
    handler = handlers.get(ReviewKind(item.kind))
    if handler is None:
        raise ModerationError("mod-kind-unavailable")
    return item, handler


async def _alert(query: CallbackQuery, i18n: I18nContext, key: str) -> None:
    await query.answer(i18n.get(key), show_alert=True)


# ---- telling the author -----------------------------------------------------------------


async def notify_author(
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    settings: Settings,
    decision: Decision,
    handler: ReviewHandler,
) -> None:
    """Tell the author of a listing what was decided, in the author's language; a rejection
    carries the moderator's reason and, the first time, an appeal button."""
    item = decision.item
    if item.author_id is None:
        return
    author = await session.get(Member, item.author_id)
    if author is None:
        return
    locale = member_locale(author, None, settings.default_locale)
    title = await handler.title(session, item.target_id) or "—"
    kind = _kind(i18n, item.kind, locale)
    markup = None
    if decision.approved:
        text = i18n.get(approved_notice(handler), locale, kind=kind, title=title)
    elif item.appeal is not None:
        text = i18n.get(
            "mod-notice-rejected-final", locale, kind=kind, title=title, reason=item.reason or "—"
        )
    else:
        text = i18n.get(
            "mod-notice-rejected", locale, kind=kind, title=title, reason=item.reason or "—"
        )
        markup = kb.appeal_keyboard(i18n.get("mod-button-appeal", locale), item.id)
    # Sent after the decision commits, never for one rolled back.
    await outbox.enqueue(session, "moderation.decision", author.id, Outgoing(text, markup))


# ---- /mod and the queue -----------------------------------------------------------------


async def mod_command(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    await state.clear()
    await _home(message, i18n, session, access, handlers=plugins.review_handlers)


async def mod_home(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    await state.clear()
    await _home(query, i18n, session, access, handlers=plugins.review_handlers)


async def show_item(
    query: CallbackQuery,
    callback_data: QueueCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    await state.clear()
    await _position(
        query, i18n, session, access, callback_data.at, handlers=plugins.review_handlers
    )


async def approve(
    query: CallbackQuery,
    callback_data: QueueCb,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    plugins: Plugins,
) -> None:
    item, handler = await _decided_item(
        session, access, callback_data.item, "review.approve", handlers=plugins.review_handlers
    )
    decision = await moderation.decide(
        session, access, item.id, approve=True, reason=None, handler=handler
    )
    await notify_author(bot, session, i18n, settings, decision, handler)
    title = await handler.title(session, item.target_id) or "—"
    prefix = i18n.get("mod-approved", title=title)
    await _position(
        query,
        i18n,
        session,
        access,
        callback_data.at,
        prefix=prefix,
        handlers=plugins.review_handlers,
    )


async def ask_reason(
    query: CallbackQuery,
    callback_data: QueueCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    item, handler = await _decided_item(
        session, access, callback_data.item, "review.reject", handlers=plugins.review_handlers
    )
    if item.status not in moderation.QUEUED:
        await _alert(query, i18n, moderation.already_decided_key(item, access))
        return
    if item.author_id == access.user_id and not access.is_admin:
        await _alert(query, i18n, "mod-own-item")
        return
    await state.set_state(Review.reason)
    await state.set_data({"item": item.id, "at": callback_data.at})
    title = await handler.title(session, item.target_id) or "—"
    await edit_or_answer(
        query,
        i18n.get("mod-reject-prompt", title=title, limit=REASON_MAX_LENGTH),
        kb.back_to_item_keyboard(i18n, callback_data.at),
    )


async def typed_reason(
    message: Message,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    assert message.text is not None
    reason = message.text.strip()
    if len(reason) > REASON_MAX_LENGTH:
        await message.answer(
            i18n.get("mod-reason-too-long", limit=REASON_MAX_LENGTH, length=len(reason))
        )
        return
    data = await state.get_data()
    at = int(data.get("at", 0))
    try:
        item, handler = await _decided_item(
            session, access, int(data["item"]), "review.reject", handlers=plugins.review_handlers
        )
        decision = await moderation.decide(
            session, access, item.id, approve=False, reason=reason, handler=handler
        )
    except ModerationError as problem:
        await state.clear()
        await message.answer(i18n.get(problem.key))
        return
    await state.clear()
    await notify_author(bot, session, i18n, settings, decision, handler)
    title = await handler.title(session, item.target_id) or "—"
    told = item.author_id is not None
    prefix = i18n.get("mod-rejected", title=title) + (
        Markup(" ") + i18n.get("mod-author-told") if told else ""
    )
    await _position(
        message, i18n, session, access, at, prefix=prefix, handlers=plugins.review_handlers
    )


async def edit_menu(
    query: CallbackQuery,
    callback_data: QueueCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    await state.clear()
    item, handler = await _decided_item(
        session, access, callback_data.item, "review.edit", handlers=plugins.review_handlers
    )
    editor = editable(handler)
    fields = await editor.editable_fields(session, item.target_id) if editor else []
    if item.status not in moderation.QUEUED or not fields:
        await _alert(query, i18n, "mod-nothing-to-edit")
        return
    title = await handler.title(session, item.target_id) or "—"
    await edit_or_answer(
        query,
        i18n.get("mod-edit-choose", title=title),
        kb.edit_keyboard(i18n, item_id=item.id, at=callback_data.at, fields=fields),
    )


async def ask_field(
    query: CallbackQuery,
    callback_data: QueueCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    item, handler = await _decided_item(
        session, access, callback_data.item, "review.edit", handlers=plugins.review_handlers
    )
    editor = editable(handler)
    fields = await editor.editable_fields(session, item.target_id) if editor else []
    field = next((f for f in fields if f.name == callback_data.f), None)
    if field is None or item.status not in moderation.QUEUED:
        await _alert(query, i18n, "stale-button")
        return
    await state.set_state(Review.edit_value)
    await state.set_data({"item": item.id, "at": callback_data.at, "field": field.name})
    await edit_or_answer(
        query,
        # The current value may be long: escaped here, not interpolated by Fluent.
        i18n.get("mod-edit-prompt", field=i18n.get(field.label_key))
        + f"\n<code>{escape(field.current or '—')}</code>\n\n"
        + i18n.get("mod-edit-send", limit=field.max_length),
        kb.back_to_item_keyboard(i18n, callback_data.at),
    )


async def typed_field(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    assert message.text is not None
    data = await state.get_data()
    at = int(data.get("at", 0))
    try:
        item, handler = await _decided_item(
            session, access, int(data["item"]), "review.edit", handlers=plugins.review_handlers
        )
    except ModerationError as problem:
        await state.clear()
        await message.answer(i18n.get(problem.key))
        return
    editor = editable(handler)
    fields = await editor.editable_fields(session, item.target_id) if editor else []
    field = next((f for f in fields if f.name == data.get("field")), None)
    if editor is None or field is None or item.status not in moderation.QUEUED:
        await state.clear()
        await message.answer(i18n.get("mod-nothing-to-edit"))
        return
    value = message.text.strip()
    if len(value) > field.max_length:
        await message.answer(
            i18n.get("mod-value-too-long", limit=field.max_length, length=len(value))
        )
        return
    problem_key = await editor.edit(session, item.target_id, field.name, value, access.user_id)
    if problem_key is not None:
        await message.answer(i18n.get(problem_key))
        return
    await moderation.record_edit(session, access, item, field.name)
    await state.clear()
    await _position(
        message,
        i18n,
        session,
        access,
        at,
        prefix=i18n.get("mod-edit-saved", field=i18n.get(field.label_key)),
        handlers=plugins.review_handlers,
    )


async def clear_flag(
    query: CallbackQuery,
    callback_data: QueueCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    plugins: Plugins,
) -> None:
    """The moderator finds an automatic scam warning false: it is cleared (audited), and
    members never see it."""
    item, handler = await _decided_item(
        session,
        access,
        callback_data.item,
        "review.clear_flag",
        handlers=plugins.review_handlers,
    )
    clearer = flag_clearer(handler)
    if clearer is None or category_of(f"scam:{callback_data.f}") is None:
        raise ModerationError("mod-flag-gone")
    await moderation.clear_scam_flag(session, access, item.id, callback_data.f, clearer)
    prefix = i18n.get("mod-flag-cleared", flag=i18n.get(f"scam-flag-{callback_data.f}"))
    await _position(
        query,
        i18n,
        session,
        access,
        callback_data.at,
        prefix=prefix,
        handlers=plugins.review_handlers,
    )


async def ask_ban_reason(
    query: CallbackQuery,
    callback_data: QueueCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    item, handler = await _decided_item(
        session, access, callback_data.item, "member.ban", handlers=plugins.review_handlers
    )
    if item.kind not in BANNABLE_KINDS or await bans.ban_target(session, item) is None:
        await _alert(query, i18n, "mod-ban-nobody")
        return
    await state.set_state(Review.ban_reason)
    await state.set_data({"item": item.id, "at": callback_data.at})
    title = await handler.title(session, item.target_id) or "—"
    await edit_or_answer(
        query,
        i18n.get("mod-ban-prompt", title=title, limit=REASON_MAX_LENGTH),
        kb.back_to_item_keyboard(i18n, callback_data.at),
    )


async def typed_ban_reason(
    message: Message,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    """Ban the member behind the item: it is rejected with the reason, their listings and
    conversations close at once, and the people on the other side are told."""
    assert message.text is not None
    reason = message.text.strip()
    if not reason or len(reason) > REASON_MAX_LENGTH:
        await message.answer(
            i18n.get("mod-reason-too-long", limit=REASON_MAX_LENGTH, length=len(reason))
        )
        return
    data = await state.get_data()
    at = int(data.get("at", 0))
    try:
        item, handler = await _decided_item(
            session, access, int(data["item"]), "member.ban", handlers=plugins.review_handlers
        )
        if item.kind not in BANNABLE_KINDS:
            raise ModerationError("mod-ban-nobody")
        result = await bans.ban(session, access, item.id, reason, handler, plugins.ban_effects)
    except ModerationError as problem:
        await state.clear()
        await message.answer(i18n.get(problem.key))
        return
    await state.clear()
    for notice in result.notices:
        recipient = await session.get(Member, notice.member_id)
        if recipient is None:
            continue
        locale = member_locale(recipient, None, settings.default_locale)
        text = i18n.get(notice.key, locale, **notice.values)
        await outbox.enqueue(session, "moderation.ban", notice.member_id, Outgoing(text))
    prefix = i18n.get("mod-banned", closed=len(result.notices))
    await _position(
        message, i18n, session, access, at, prefix=prefix, handlers=plugins.review_handlers
    )


async def drop_gone(
    query: CallbackQuery,
    callback_data: QueueCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    plugins: Plugins,
) -> None:
    """The listing behind an item vanished (erased, deleted): take the item off the queue."""
    item, handler = await _decided_item(
        session, access, callback_data.item, "review.drop", handlers=plugins.review_handlers
    )
    if await handler.describe(session, item.target_id, i18n.locale) is not None:
        await _alert(query, i18n, "stale-button")
        return
    await moderation.withdraw(session, ReviewKind(item.kind), item.target_id)
    await audit(
        session,
        actor_id=access.user_id,
        action="review.drop",
        target_kind=str(item.kind),
        target_id=item.target_id,
        scope=item.country,
        details={"review_item": item.id},
    )
    await _position(
        query, i18n, session, access, callback_data.at, handlers=plugins.review_handlers
    )


# ---- reports ----------------------------------------------------------------------------


async def _reports_list(
    target: Target,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    prefix: str | None = None,
    *,
    handlers: Mapping[ReviewKind, ReviewHandler],
) -> None:
    listings = await moderation.reported_listings(session, access, kinds=handlers, limit=20)
    if not listings:
        await _home(
            target,
            i18n,
            session,
            access,
            prefix=_prefixed(prefix, i18n.get("mod-reports-none")),
            handlers=handlers,
        )
        return
    entries = []
    for listing in listings:
        title = await handlers[listing.kind].title(session, listing.target_id) or "—"
        if len(title) > TITLE_IN_BUTTON:
            title = title[: TITLE_IN_BUTTON - 1] + "…"
        # Button labels are plain text (never HTML): composed here, not escaped.
        label = f"🚩 {listing.reporters} · {_kind(i18n, listing.kind)}: {title}"
        entries.append((listing.first_report_id, label))
    text = i18n.get("mod-reports-title", count=len(listings))
    await show(target, _prefixed(prefix, text), kb.reports_keyboard(i18n, entries))


async def reports_list(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    await state.clear()
    await _reports_list(query, i18n, session, access, handlers=plugins.review_handlers)


async def _reported(
    session: AsyncSession,
    access: Access,
    report_id: int,
    action: str,
    *,
    handlers: Mapping[ReviewKind, ReviewHandler],
) -> tuple[ReportedListing, ReviewHandler]:
    listing = await moderation.reported_listing(session, access, report_id, action=action)
    handler = handlers.get(listing.kind)
    if handler is None:
        raise ModerationError("mod-kind-unavailable")
    return listing, handler


async def show_reported(
    query: CallbackQuery,
    callback_data: ReportsCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    await state.clear()
    listing, handler = await _reported(
        session, access, callback_data.report, "report.view", handlers=plugins.review_handlers
    )
    reasons = ", ".join(
        f"{_optional(i18n, f'report-reason-{reason}', reason)} × {count}"
        for reason, count in listing.reasons.most_common()
    )
    lines = [
        i18n.get(
            "mod-reported-header",
            kind=_kind(i18n, listing.kind),
            scope=_scope_name(i18n, listing.country),
            count=listing.reporters,
        ),
        i18n.get("mod-reported-reasons", reasons=reasons),
    ]
    # Who reports weighs: each reporter's record, never who they are.
    for reporter_id in listing.reporter_ids[:COMMENTS_SHOWN]:
        record = await moderation.reporter_record(
            session, reporter_id, listing.kind, listing.target_id
        )
        lines.append(
            i18n.get(
                "mod-reporter-record",
                days=record.account_days,
                upheld=record.upheld,
                dismissed=record.dismissed,
                trusted="yes" if record.trusted else "no",
            )
        )
    for comment in listing.comments[:COMMENTS_SHOWN]:
        short = comment if len(comment) <= COMMENT_PREVIEW else comment[: COMMENT_PREVIEW - 1] + "…"
        lines.append(i18n.get("mod-reported-comment", comment=short))
    card = await handler.describe(session, listing.target_id, i18n.locale)
    lines.append("")
    lines.append(card if card is not None else i18n.get("mod-item-listing-gone"))
    await edit_or_answer(
        query,
        "\n".join(lines),
        kb.reported_keyboard(i18n, report_id=callback_data.report, at=callback_data.at),
    )


async def keep_reported(
    query: CallbackQuery,
    callback_data: ReportsCb,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    plugins: Plugins,
) -> None:
    listing, handler = await _reported(
        session, access, callback_data.report, "report.keep", handlers=plugins.review_handlers
    )
    decision = await moderation.keep_listed(session, access, listing, handler)
    if decision is not None:
        await notify_author(bot, session, i18n, settings, decision, handler)
    title = await handler.title(session, listing.target_id) or "—"
    await _reports_list(
        query,
        i18n,
        session,
        access,
        prefix=i18n.get("mod-kept", title=title),
        handlers=plugins.review_handlers,
    )


async def ask_takedown_reason(
    query: CallbackQuery,
    callback_data: ReportsCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    listing, handler = await _reported(
        session,
        access,
        callback_data.report,
        "report.take_down",
        handlers=plugins.review_handlers,
    )
    await state.set_state(Review.takedown_reason)
    await state.set_data({"report": callback_data.report})
    title = await handler.title(session, listing.target_id) or "—"
    await edit_or_answer(
        query,
        i18n.get("mod-takedown-prompt", title=title, limit=REASON_MAX_LENGTH),
        kb.back_to_reports_keyboard(i18n),
    )


async def typed_takedown_reason(
    message: Message,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    assert message.text is not None
    reason = message.text.strip()
    if len(reason) > REASON_MAX_LENGTH:
        await message.answer(
            i18n.get("mod-reason-too-long", limit=REASON_MAX_LENGTH, length=len(reason))
        )
        return
    data = await state.get_data()
    try:
        listing, handler = await _reported(
            session,
            access,
            int(data["report"]),
            "report.take_down",
            handlers=plugins.review_handlers,
        )
        decision = await moderation.take_down(session, access, listing, reason, handler)
    except ModerationError as problem:
        await state.clear()
        await message.answer(i18n.get(problem.key))
        return
    await state.clear()
    await notify_author(bot, session, i18n, settings, decision, handler)
    title = await handler.title(session, listing.target_id) or "—"
    await _reports_list(
        message,
        i18n,
        session,
        access,
        prefix=i18n.get("mod-taken-down", title=title),
        handlers=plugins.review_handlers,
    )


# ---- groups to re-check -----------------------------------------------------------------


def _stale_source(
    handlers: Mapping[ReviewKind, ReviewHandler],
) -> RecheckingReviewHandler | None:
    # Groups are the kind that goes stale (dead links, facts not re-checked for long).
    return rechecker(handlers.get(ReviewKind.GROUP))


async def _stale_count(
    session: AsyncSession, access: Access, handlers: Mapping[ReviewKind, ReviewHandler]
) -> int:
    source = _stale_source(handlers)
    if source is None:
        return 0
    _, total = await source.stale(session, access, limit=1, offset=0)
    return total


async def _stale(
    target: Target,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    at: int,
    prefix: str | None = None,
    *,
    handlers: Mapping[ReviewKind, ReviewHandler],
) -> None:
    source = _stale_source(handlers)
    groups: list[StaleListing] = []
    total = 0
    if source is not None:
        groups, total = await source.stale(session, access, limit=1, offset=max(at, 0))
        if total and not groups:  # the list got shorter since the button was drawn
            at = total - 1
            groups, total = await source.stale(session, access, limit=1, offset=at)
    if source is None or not groups:
        await _home(
            target,
            i18n,
            session,
            access,
            prefix=_prefixed(prefix, i18n.get("mod-stale-none")),
            handlers=handlers,
        )
        return
    [group] = groups
    card = await source.describe(session, group.target_id, i18n.locale) or "—"
    text = i18n.get("mod-stale-header", position=at + 1, total=total) + "\n\n" + card
    markup = kb.stale_keyboard(
        i18n, group_id=int(group.target_id), at=at, total=total, link=group.link
    )
    await show(target, _prefixed(prefix, text), markup)


async def stale_list(
    query: CallbackQuery,
    callback_data: StaleCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    await state.clear()
    await _stale(query, i18n, session, access, callback_data.at, handlers=plugins.review_handlers)


async def mark_verified(
    query: CallbackQuery,
    callback_data: StaleCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    plugins: Plugins,
) -> None:
    source = _stale_source(plugins.review_handlers)
    if source is None:
        await _alert(query, i18n, "mod-kind-unavailable")
        return
    title = await source.mark_verified(session, access, str(callback_data.group))
    prefix = i18n.get("mod-verified", title=title)
    await _stale(
        query,
        i18n,
        session,
        access,
        callback_data.at,
        prefix=prefix,
        handlers=plugins.review_handlers,
    )


async def hide_stale(
    query: CallbackQuery,
    callback_data: StaleCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    plugins: Plugins,
) -> None:
    source = _stale_source(plugins.review_handlers)
    if source is None:
        await _alert(query, i18n, "mod-kind-unavailable")
        return
    title = await source.hide(session, access, str(callback_data.group))
    prefix = i18n.get("mod-hidden", title=title)
    await _stale(
        query,
        i18n,
        session,
        access,
        callback_data.at,
        prefix=prefix,
        handlers=plugins.review_handlers,
    )


# ---- the author's appeal ----------------------------------------------------------------


async def ask_appeal(
    query: CallbackQuery,
    callback_data: AppealCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    item = await session.get(ReviewItem, callback_data.item)
    if member is None or item is None or item.author_id != member.id:
        if item is not None:  # someone else's rejection, by a forged button
            await audit(
                session,
                actor_id=query.from_user.id,
                action="review.appeal",
                outcome=AuditOutcome.DENIED,
                target_kind=str(item.kind),
                target_id=item.target_id,
                scope=item.country,
            )
        await _alert(query, i18n, "stale-button")
        return
    if item.status != ReviewStatus.REJECTED:
        await _alert(query, i18n, "mod-appeal-not-rejected")
        return
    if item.appeal is not None:
        await _alert(query, i18n, "mod-appeal-once")
        return
    await state.set_state(Appeal.text)
    await state.set_data({"item": item.id})
    await query.answer()
    text = i18n.get("mod-appeal-prompt", limit=REASON_MAX_LENGTH)
    message = query.message
    if message is None or isinstance(message, InaccessibleMessage):
        assert query.bot is not None
        await query.bot.send_message(member.id, text)
    else:
        await message.answer(text)


async def typed_appeal(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    assert message.text is not None
    text = message.text.strip()
    if member is None:
        await state.clear()
        await message.answer(i18n.get("not-started"))
        return
    if len(text) > REASON_MAX_LENGTH:
        await message.answer(
            i18n.get("mod-reason-too-long", limit=REASON_MAX_LENGTH, length=len(text))
        )
        return
    data = await state.get_data()
    await state.clear()
    await moderation.appeal(session, author_id=member.id, item_id=int(data["item"]), text=text)
    await message.answer(i18n.get("mod-appeal-sent"), reply_markup=None)


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher): staff and authors."""
    router = Router(name="moderation")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")

    staff = Router(name="moderation.queue")
    staff.message.middleware(RequireRole(Role.MODERATOR, area="moderation"))
    staff.callback_query.middleware(RequireRole(Role.MODERATOR, area="moderation"))
    staff.message.register(mod_command, Command("mod"), flags=audited("moderation.mod_command"))
    staff.callback_query.register(
        mod_home, QueueCb.filter(F.a == "home"), flags=audited("moderation.mod_home")
    )
    staff.callback_query.register(
        show_item, QueueCb.filter(F.a == "show"), flags=audited("moderation.show_item")
    )
    staff.callback_query.register(
        approve, QueueCb.filter(F.a == "ok"), flags=audited("moderation.approve")
    )
    staff.callback_query.register(
        ask_reason, QueueCb.filter(F.a == "no"), flags=audited("moderation.ask_reason")
    )
    staff.callback_query.register(
        edit_menu, QueueCb.filter(F.a == "ed"), flags=audited("moderation.edit_menu")
    )
    staff.callback_query.register(
        ask_field, QueueCb.filter(F.a == "f"), flags=audited("moderation.ask_field")
    )
    staff.callback_query.register(
        drop_gone, QueueCb.filter(F.a == "gone"), flags=audited("moderation.drop_gone")
    )
    staff.callback_query.register(
        clear_flag, QueueCb.filter(F.a == "clr"), flags=audited("moderation.clear_flag")
    )
    staff.callback_query.register(
        ask_ban_reason, QueueCb.filter(F.a == "ban"), flags=audited("moderation.ask_ban_reason")
    )
    staff.callback_query.register(
        reports_list, ReportsCb.filter(F.a == "list"), flags=audited("moderation.reports_list")
    )
    staff.callback_query.register(
        show_reported, ReportsCb.filter(F.a == "show"), flags=audited("moderation.show_reported")
    )
    staff.callback_query.register(
        keep_reported, ReportsCb.filter(F.a == "keep"), flags=audited("moderation.keep_reported")
    )
    staff.callback_query.register(
        ask_takedown_reason,
        ReportsCb.filter(F.a == "down"),
        flags=audited("moderation.ask_takedown_reason"),
    )
    staff.callback_query.register(
        stale_list, StaleCb.filter(F.a == "show"), flags=audited("moderation.stale_list")
    )
    staff.callback_query.register(
        mark_verified, StaleCb.filter(F.a == "ok"), flags=audited("moderation.mark_verified")
    )
    staff.callback_query.register(
        hide_stale, StaleCb.filter(F.a == "hide"), flags=audited("moderation.hide_stale")
    )
    typed = (F.text, ~F.text.startswith("/"))
    staff.message.register(
        typed_reason, Review.reason, *typed, flags=audited("moderation.typed_reason")
    )
    staff.message.register(
        typed_field, Review.edit_value, *typed, flags=audited("moderation.typed_field")
    )
    staff.message.register(
        typed_takedown_reason,
        Review.takedown_reason,
        *typed,
        flags=audited("moderation.typed_takedown_reason"),
    )
    staff.message.register(
        typed_ban_reason, Review.ban_reason, *typed, flags=audited("moderation.typed_ban_reason")
    )

    authors = Router(name="moderation.appeals")
    authors.callback_query.register(ask_appeal, AppealCb.filter())
    authors.message.register(typed_appeal, Appeal.text, *typed)

    router.include_routers(staff, authors)
    return router
