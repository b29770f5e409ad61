"""The author watches their broadcast go out: one status message that edits itself, then a report.

* When sending starts (the worker's round that starts an approved broadcast) the author is owed
  a status message through the outbox, in the same transaction; when the outbox delivered it,
  its ``delivered`` hook keeps the message's id on the broadcast.
* :func:`refresh_statuses` (the job ``broadcast.status``) edits that message with the live
  numbers — sent of total, unreachable, failed, waiting for quiet hours — at most every
  :data:`MIN_EDIT_GAP`, and only when something changed. Each edit is claimed in a committed
  transaction first and made after it (no transaction is held across a Telegram call); what
  Telegram answers is judged by the outbox's one policy, and an edit that fails is simply made
  again on a later round: it never touches the sending.
* When sending ends the report (delivered, unreachable, failed, unsubscribed since) is owed as
  a new message through the outbox, in the transaction that marks the broadcast done, so the
  author is notified; the status message's last edit shows the same report.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Broadcast, BroadcastStatus, DeliveryStatus, Member
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features.broadcast import keyboards as kb
from bot.features.broadcast import service
from bot.features.broadcast.render import STATUS_MARKS, Translate
from bot.outbox import Outgoing, enqueue, policy
from bot.outbox.kinds import OutboxKind
from bot.plugins import JobContext
from bot.ratelimit import wait_for_token
from bot.services import Services

log = logging.getLogger(__name__)

# Kinds of outbox messages (metrics, logs, the ``delivered`` hook).
STATUS_KIND = "broadcast.status"
REPORT_KIND = "broadcast.report"
# At most one edit of a status message this often: Telegram limits edits too, and a number
# changing several times a second helps nobody.
MIN_EDIT_GAP = timedelta(seconds=3)
BATCH = 50
# The statuses after which nothing changes any more: the last edit is the report.
FINAL = (BroadcastStatus.DONE, BroadcastStatus.CANCELLED)
STARTING = "starting"


@dataclass(frozen=True)
class View:
    """What the status message shows: its text and buttons, and a short fingerprint of the
    numbers (kept on the broadcast, so an unchanged view is not sent again)."""

    text: str
    markup: InlineKeyboardMarkup
    shown: str
    final: bool


def title_of(broadcast: Broadcast) -> str:
    """The first line of the announcement, shortened: how the author recognises it."""
    first = (broadcast.text.strip().splitlines() or ["—"])[0]
    return first[:40] + ("…" if len(first) > 40 else "")


@dataclass(frozen=True)
class Numbers:
    status: BroadcastStatus
    total: int
    sent: int
    unreachable: int
    failed: int
    deferred: int
    unsubscribed: int

    @property
    def shown(self) -> str:
        return "|".join(
            str(value)
            for value in (
                self.status,
                self.total,
                self.sent,
                self.unreachable,
                self.failed,
                self.deferred,
                self.unsubscribed,
            )
        )


async def numbers(session: AsyncSession, broadcast: Broadcast, send_rate: float) -> Numbers:
    """The broadcast's numbers now (from its delivery rows)."""
    progress = await service.progress(session, broadcast, send_rate)
    counts = progress.counts
    return Numbers(
        status=progress.status,
        total=progress.total,
        sent=progress.sent,
        unreachable=counts.get(DeliveryStatus.UNREACHABLE, 0),
        failed=counts.get(DeliveryStatus.FAILED, 0),
        deferred=progress.deferred,
        unsubscribed=broadcast.unsubscribed_count,
    )


def report_text(t: Translate, broadcast: Broadcast, found: Numbers) -> str:
    """The final report (safe HTML): delivered, unreachable, failed, unsubscribed since."""
    key = "bc-report-cancelled" if found.status == BroadcastStatus.CANCELLED else "bc-report"
    return t(
        key,
        title=title_of(broadcast),
        total=found.total,
        sent=found.sent,
        unreachable=found.unreachable,
        failed=found.failed,
        unsubscribed=found.unsubscribed,
    )


def view(t: Translate, broadcast: Broadcast, found: Numbers) -> View:
    """The status message for these numbers: live progress, or the report once finished."""
    if found.status in FINAL:
        markup = kb.report_keyboard(t)
        return View(report_text(t, broadcast, found), markup, found.shown, final=True)
    text = t(
        "bc-live",
        mark=STATUS_MARKS[found.status],
        status=t(f"bc-status-{found.status}"),
        title=title_of(broadcast),
        total=found.total,
        sent=found.sent,
        unreachable=found.unreachable,
        failed=found.failed,
        deferred=found.deferred,
    )
    markup = kb.progress_keyboard(
        t,
        broadcast.id,
        can_pause=found.status in (BroadcastStatus.APPROVED, BroadcastStatus.SENDING),
        can_resume=found.status == BroadcastStatus.PAUSED,
        can_cancel=True,
    )
    return View(text, markup, found.shown, final=False)


def _locale(services: Services, author: Member | None) -> str:
    return (author.locale if author is not None else None) or services.settings.default_locale


# ---- owed through the outbox ------------------------------------------------------------


async def owe_status_messages(
    session: AsyncSession, services: Services, broadcast_ids: list[int]
) -> None:
    """Sending starts: each author is owed their status message (sent after the commit)."""
    for broadcast in await session.scalars(
        select(Broadcast).where(Broadcast.id.in_(broadcast_ids), Broadcast.author_id.is_not(None))
    ):
        assert broadcast.author_id is not None
        author = await session.get(Member, broadcast.author_id)
        t = partial(services.text, _locale(services, author))
        text = t("bc-live-starting", title=title_of(broadcast))
        markup = kb.progress_keyboard(
            t, broadcast.id, can_pause=True, can_resume=False, can_cancel=True
        )
        await enqueue(
            session,
            STATUS_KIND,
            broadcast.author_id,
            Outgoing(text, markup, ref={"broadcast": broadcast.id}),
        )


async def status_delivered(
    session: AsyncSession, recipient_id: int, ref: Mapping[str, Any], message_id: int
) -> None:
    """The outbox delivered a status message: it is the one to edit from now on."""
    broadcast_id = ref.get("broadcast")
    if not isinstance(broadcast_id, int):
        return
    await session.execute(
        update(Broadcast)
        .where(
            Broadcast.id == broadcast_id,
            Broadcast.author_id == recipient_id,
            Broadcast.status_message_id.is_(None),
        )
        .values(status_message_id=message_id, status_shown=STARTING, status_edited_at=utcnow())
    )


OUTBOX_STATUS = OutboxKind(STATUS_KIND, delivered=status_delivered)


async def owe_report(session: AsyncSession, services: Services, broadcast_id: int) -> None:
    """Sending ended: the author is owed the report as a new message (so they are notified)."""
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None or broadcast.author_id is None:
        return
    author = await session.get(Member, broadcast.author_id)
    t = partial(services.text, _locale(services, author))
    found = await numbers(session, broadcast, services.settings.send_rate)
    await enqueue(
        session,
        REPORT_KIND,
        broadcast.author_id,
        Outgoing(report_text(t, broadcast, found), kb.report_keyboard(t)),
    )


# ---- the job: editing the status messages -----------------------------------------------


@dataclass(frozen=True)
class _Edit:
    broadcast_id: int
    chat_id: int
    message_id: int
    view: View


async def _due_edits(services: Services, now: datetime) -> list[_Edit]:
    """Claim the status messages to edit now (committed before any of them is edited)."""
    edits: list[_Edit] = []
    async with unit_of_work(services.sessions) as session:
        due = list(
            await session.scalars(
                select(Broadcast)
                .where(
                    Broadcast.status_message_id.is_not(None),
                    Broadcast.reported_at.is_(None),
                    Broadcast.author_id.is_not(None),
                    or_(
                        Broadcast.status_edited_at.is_(None),
                        Broadcast.status_edited_at <= now - MIN_EDIT_GAP,
                    ),
                )
                .order_by(Broadcast.id)
                .limit(BATCH)
            )
        )
        for broadcast in due:
            assert broadcast.author_id is not None and broadcast.status_message_id is not None
            author = await session.get(Member, broadcast.author_id)
            t = partial(services.text, _locale(services, author))
            found = await numbers(session, broadcast, services.settings.send_rate)
            shown = view(t, broadcast, found)
            if shown.shown == broadcast.status_shown:
                if shown.final:
                    broadcast.reported_at = now  # the report is shown: nothing more to do
                continue  # nothing changed: no edit
            # Claimed by moving the last edit's time on: another worker's round skips it.
            claimed = await session.execute(
                update(Broadcast)
                .where(
                    Broadcast.id == broadcast.id,
                    or_(
                        Broadcast.status_edited_at.is_(None),
                        Broadcast.status_edited_at <= now - MIN_EDIT_GAP,
                    ),
                )
                .values(status_edited_at=now)
            )
            if getattr(claimed, "rowcount", 0):
                edits.append(
                    _Edit(broadcast.id, broadcast.author_id, broadcast.status_message_id, shown)
                )
    return edits


SHOWN, LATER, GONE = "shown", "later", "gone"


async def _edit(services: Services, bot: Bot, edit: _Edit) -> str:
    """Make one edit: ``SHOWN`` (it shows the view now), ``LATER`` (a later round tries
    again) or ``GONE`` (it can never be edited: stop trying)."""
    await wait_for_token(services.send_limiter)
    try:
        await bot.edit_message_text(
            edit.view.text,
            chat_id=edit.chat_id,
            message_id=edit.message_id,
            reply_markup=edit.view.markup,
        )
    except TelegramBadRequest as error:
        # "message is not modified": it shows this already (a worker died after its edit,
        # before recording it). Any other refusal (the author deleted the message) stays.
        if "not modified" in error.message:
            return SHOWN
        log.info("broadcast %s: the status message cannot be edited", edit.broadcast_id)
        return GONE
    except TelegramAPIError as error:
        verdict = policy.judge(error, attempts=0)
        if verdict.result is policy.Result.BLOCKED:
            async with unit_of_work(services.sessions) as session:
                await policy.mark_unreachable(session, edit.chat_id)
            return GONE
        # A flood wait or a server error: a later round edits it (the sending goes on).
        log.info("broadcast %s: status edit put off (%s)", edit.broadcast_id, verdict.result)
        return LATER
    return SHOWN


async def refresh_statuses(services: Services, bot: Bot, now: datetime | None = None) -> int:
    """One round: edit each status message whose numbers changed; returns how many were due.

    ``now`` is for tests that stand at a given moment (the gap between edits)."""
    now = now or utcnow()
    edits = await _due_edits(services, now)
    for edit in edits:
        outcome = await _edit(services, bot, edit)
        if outcome == LATER:
            continue
        async with unit_of_work(services.sessions) as session:
            await session.execute(
                update(Broadcast)
                .where(Broadcast.id == edit.broadcast_id)
                .values(
                    status_shown=edit.view.shown,
                    reported_at=now if edit.view.final or outcome == GONE else None,
                )
            )
    return len(edits)


async def refresh_job(context: JobContext) -> int:
    """The job ``broadcast.status`` (see :func:`refresh_statuses`)."""
    return await refresh_statuses(context.services, context.bot)
