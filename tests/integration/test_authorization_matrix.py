"""Who may do what, as a table: every privileged command and button × every role and scope.

Each row of :data:`ACTIONS` names a privileged action, the handlers of the role-gated routers it
exercises, who may take it, how to take it through the real Dispatcher, and how to see that it
took effect. For every role the test plays the action on a target of its own in Georgia (GE) and
checks: the allowed act (the state changed), the refused do not (the state did not change), and
every refusal left a ``denied`` entry in the audit log with the actor's id.

The roles cover the scopes: a moderator of Armenia facing a Georgian item, a moderator of
Georgia, a moderator of every country, the organiser who owns the event and one who does not, an
admin, a member, and a moderator who was banned. State-bound steps (a typed reason, a confirmed
import, the event wizard) start from the FSM state that the previous, privileged step would have
left — as after a role was revoked half-way.

:func:`test_every_role_gated_handler_is_in_the_matrix` walks the Dispatcher's routers: a new
handler behind a role gate that no row covers fails it. To add actions (broadcasts, say): add
rows to :data:`ACTIONS` — nothing else.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import delete, func, select, update

from bot.access import load_member
from bot.db.models import (
    AuditEntry,
    AuditOutcome,
    Broadcast,
    BroadcastStatus,
    Event,
    EventRsvp,
    EventStatus,
    FaqEntry,
    FaqEntryText,
    FaqGap,
    FaqStatus,
    GapKind,
    GapStatus,
    Group,
    GroupStatus,
    Job,
    JobSubscription,
    ListingStatus,
    Member,
    MemberStatus,
    Offer,
    RelayThread,
    Report,
    ReportStatus,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
    Role,
    RoleGrant,
    Volatility,
)
from bot.db.types import utcnow
from bot.features import plugins
from bot.features.admin.transfer_router import AdminImport
from bot.features.broadcast import service as broadcasts
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import Content
from bot.features.broadcast.states import Compose
from bot.features.events.states import Manage, NewEvent
from bot.features.faq.admin import EDITOR
from bot.features.faq.states import FaqEdit
from bot.features.faq.topics import COUNTRY_TOPICS
from bot.features.listings.conversation import service as relay
from bot.features.listings.kinds import ListingKind
from bot.features.moderation import service as moderation
from bot.features.moderation.states import Review
from bot.features.staffapp.api import ROUTES, create_app
from bot.middlewares.roles import GatedHandlers
from tests.conftest import HarnessFactory
from tests.support import seeds
from tests.support.directory import add_group
from tests.support.staffapp import staff_app
from tests.support.story import Harness, Person

# ---- roles --------------------------------------------------------------------------------

MEMBER = "member"
BANNED_MODERATOR = "banned-moderator-GE"
MODERATOR_AM = "moderator-AM"
MODERATOR_GE = "moderator-GE"
MODERATOR_ALL = "moderator-global"
ORGANISER_OWNER = "organiser-GE-owner"
ORGANISER_OTHER = "organiser-GE-not-owner"
ADMIN = "admin"

ROLES: dict[str, tuple[tuple[Role, str], ...]] = {
    MEMBER: (),
    BANNED_MODERATOR: ((Role.MODERATOR, "GE"),),
    MODERATOR_AM: ((Role.MODERATOR, "AM"),),
    MODERATOR_GE: ((Role.MODERATOR, "GE"),),
    MODERATOR_ALL: ((Role.MODERATOR, "*"),),
    ORGANISER_OWNER: ((Role.ORGANISER, "GE"),),
    ORGANISER_OTHER: ((Role.ORGANISER, "GE"),),
    ADMIN: ((Role.ADMIN, "*"),),
}

ADMINS = frozenset({ADMIN})
MODERATORS = frozenset({MODERATOR_AM, MODERATOR_GE, MODERATOR_ALL, ADMIN})
GEORGIAN_MODERATORS = frozenset({MODERATOR_GE, MODERATOR_ALL, ADMIN})
ORGANISERS = frozenset({ORGANISER_OWNER, ORGANISER_OTHER, ADMIN})
EVENT_OWNERS = frozenset({ORGANISER_OWNER, ADMIN})

_ids = itertools.count(8_100_000)

VALID_YAML = b"""\
groups:
  - slug: ge-matrix-import
    title: Matrix import
    link: "@example_matrix_import"
    country: GE
"""


# ---- the world of one row -----------------------------------------------------------------


@dataclass
class Play:
    """One role playing one action: the actor, and the targets made for them."""

    harness: Harness
    role: str
    actor: Person
    targets: dict[str, int] = field(default_factory=dict)

    @property
    def sessions(self) -> Any:
        return self.harness.services.sessions

    def fsm(self) -> FSMContext:
        key = StorageKey(
            bot_id=self.harness.bot.id, chat_id=self.actor.user_id, user_id=self.actor.user_id
        )
        return FSMContext(storage=self.harness.dispatcher.fsm.storage, key=key)

    async def in_state(self, state: State, data: dict[str, Any]) -> None:
        """The FSM state a privileged step before this one would have left."""
        await self.fsm().set_state(state)
        await self.fsm().set_data(data)

    async def scalar(self, statement: Any) -> Any:
        async with self.sessions() as session:
            return await session.scalar(statement)


async def make_play(harness: Harness, role: str) -> Play:
    actor_id = next(_ids)
    actor = await seeds.member(
        harness, actor_id, banned=role == BANNED_MODERATOR, roles=ROLES[role]
    )
    # Something in the chat, so that buttons are pressed on a message of the bot.
    await actor.send("/privacy")
    return Play(harness, role, actor)


# Targets, each made afresh for every role (all in Georgia).


async def pending_group(play: Play) -> None:
    author = next(_ids)
    await seeds.member(play.harness, author)
    item_id = await seeds.pending_group(play.harness, author)
    item = await _item(play, item_id)
    play.targets.update(item=item_id, group=int(item.target_id))


async def reported_group(play: Play) -> None:
    await pending_group(play)
    await seeds.approve(play.harness, ReviewKind.GROUP, play.targets["group"])
    reporter = next(_ids)
    await seeds.member(play.harness, reporter)
    async with play.sessions() as session, session.begin():
        await moderation.report(
            session,
            kind=ReviewKind.GROUP,
            target_id=str(play.targets["group"]),
            country="GE",
            reporter_id=reporter,
            reason="scam",
        )
    play.targets["report"] = await play.scalar(
        select(Report.id).where(Report.target_id == str(play.targets["group"]))
    )


async def flagged_offer(play: Play) -> None:
    """A Georgian aid offer waiting in the queue with a scam warning."""
    author = next(_ids)
    await seeds.member(play.harness, author)
    offer_id = await seeds.pending_offer(play.harness, author)
    async with play.sessions() as session, session.begin():
        offer = await session.get(Offer, offer_id)
        item = await moderation.queued_item(session, ReviewKind.OFFER, str(offer_id))
        assert offer is not None and item is not None
        offer.scam_flags = ["deposit"]
        item.flags = ["scam:deposit"]
        play.targets.update(item=item.id, offer=offer_id, author=author)


async def _flag_cleared(play: Play, before: int) -> bool:
    return "scam:deposit" not in (await _item(play, play.targets["item"])).flags


async def _author_banned(play: Play, before: int) -> bool:
    status = await play.scalar(select(Member.status).where(Member.id == play.targets["author"]))
    return status == MemberStatus.BANNED


async def stale_group(play: Play) -> None:
    number = next(_ids)
    group = await add_group(
        play.harness, slug=f"ge-stale-{number}", verified_at=utcnow() - timedelta(days=800)
    )
    play.targets["group"] = group.id


async def faq_entry(play: Play) -> None:
    entry_id = await play.scalar(
        select(FaqEntry.id)
        .where(FaqEntry.country == "GE", FaqEntry.status == FaqStatus.PUBLISHED)
        .order_by(FaqEntry.id)
        .limit(1)
    )
    assert entry_id is not None, "the starter knowledge base has Georgian entries"
    async with play.sessions() as session, session.begin():
        entry = await session.get(FaqEntry, entry_id)
        assert entry is not None
        # One entry serves every role: put it back as it was before each of them.
        entry.verified_at = (utcnow() - timedelta(days=400)).date()
        entry.volatility = Volatility.LOW
        entry.status = FaqStatus.PUBLISHED
        text = await session.get(FaqEntryText, (entry_id, "en"))
        assert text is not None
        text.question = "The question as it was?"
    play.targets["entry"] = entry_id


async def faq_gap(play: Play) -> None:
    async with play.sessions() as session, session.begin():
        gap = FaqGap(kind=GapKind.NO_MATCH, country="GE", lang="en")
        session.add(gap)
        await session.flush()
        play.targets["gap"] = gap.id


async def event(play: Play) -> None:
    if play.role == ORGANISER_OWNER:
        owner = play.actor.user_id
    else:
        owner = next(_ids)
        await seeds.member(play.harness, owner, roles=((Role.ORGANISER, "GE"),))
    event_id = await seeds.pending_event(play.harness, owner)
    await seeds.approve(play.harness, ReviewKind.EVENT, event_id)
    play.targets["event"] = event_id


async def past_event(play: Play) -> None:
    """The event (as :func:`event`) took place and ended a day ago: how many came is owed."""
    await event(play)
    now = utcnow()
    async with play.sessions() as session, session.begin():
        await session.execute(
            update(Event)
            .where(Event.id == play.targets["event"])
            .values(starts_at=now - timedelta(days=1, hours=2), ends_at=now - timedelta(days=1))
        )


async def _broadcast_of_owner(play: Play) -> None:
    """A broadcast to Georgia waiting for review, by the actor if they are the owning
    organiser, otherwise by another organiser of Georgia."""
    if play.role == ORGANISER_OWNER:
        owner = play.actor.user_id
    else:
        owner = next(_ids)
        await seeds.member(play.harness, owner, roles=((Role.ORGANISER, "GE"),))
    async with play.sessions() as session, session.begin():
        _, access = await load_member(session, owner, play.harness.services.settings.admin_ids)
        created = await broadcasts.create_broadcast(
            session, access, Content(text="Picnic on Saturday"), Segment(countries=("GE",))
        )
    play.targets["broadcast"] = created.id


async def pending_broadcast(play: Play) -> None:
    await _broadcast_of_owner(play)


async def approved_broadcast(play: Play) -> None:
    await _broadcast_of_owner(play)
    await seeds.approve(play.harness, ReviewKind.BROADCAST, play.targets["broadcast"])


async def paused_broadcast(play: Play) -> None:
    await approved_broadcast(play)
    async with play.sessions() as session, session.begin():
        found = await session.get(Broadcast, play.targets["broadcast"])
        assert found is not None
        found.status = BroadcastStatus.PAUSED


async def _item(play: Play, item_id: int) -> ReviewItem:
    async with play.sessions() as session:
        item = await session.get(ReviewItem, item_id)
    assert item is not None
    return item


# Effects: what changed if the action was taken.


def screen_shown(play: Play, before: int) -> bool:
    """The bot showed the privileged screen: it answered, and not with a refusal."""
    refusals = (
        "This needs the",
        "restricted by the moderators",
        "out of your",
        "not yours",
        "not among the countries you moderate",
    )
    telegram = play.harness.telegram
    answered = [
        getattr(request, "text", None) or ""
        for request in telegram.requests[before:]
        if type(request).__name__ in ("SendMessage", "EditMessageText", "SendDocument")
        and getattr(request, "chat_id", None) == play.actor.user_id
    ]
    alerts = [
        answer["text"] or ""
        for answer in telegram.callback_answers
        if answer["id"] == play.harness.last_query.get(play.actor.user_id)
    ]
    if any(any(r in text for r in refusals) for text in answered + alerts):
        return False
    return bool(answered)


async def item_status(play: Play) -> ReviewStatus:
    return (await _item(play, play.targets["item"])).status


async def _broadcast_status(play: Play) -> BroadcastStatus:
    found = await play.scalar(select(Broadcast).where(Broadcast.id == play.targets["broadcast"]))
    assert found is not None
    return BroadcastStatus(found.status)


def _broadcast_now(*statuses: BroadcastStatus) -> Callable[[Play, int], Awaitable[bool]]:
    async def took(play: Play, before: int) -> bool:
        return await _broadcast_status(play) in statuses

    return took


def _composing(
    state: State, then: Callable[[Play], Awaitable[None]]
) -> Callable[[Play], Awaitable[None]]:
    """A step of the broadcast wizard, with the text already written (its draft)."""

    async def act(play: Play) -> None:
        await play.in_state(state, {"broadcast": {"text": "Picnic on Saturday", "entities": []}})
        await then(play)

    return act


# ---- the table ----------------------------------------------------------------------------

Prepare = Callable[[Play], Awaitable[None]]
Act = Callable[[Play], Awaitable[None]]
Took = Callable[[Play, int], Awaitable[bool]]


@dataclass(frozen=True)
class Privileged:
    name: str
    allowed: frozenset[str]
    act: Act
    took_effect: Took
    prepare: tuple[Prepare, ...] = ()
    # The role-gated handlers this row exercises ("area.function", as the gate audits them).
    handlers: tuple[str, ...] = ()


async def _screen(play: Play, before: int) -> bool:
    return screen_shown(play, before)


def _send(text: str) -> Act:
    async def act(play: Play) -> None:
        await play.actor.send(text.format(**play.targets, actor=play.actor.user_id))

    return act


def _press(data: str) -> Act:
    async def act(play: Play) -> None:
        await play.actor.press_data(data.format(**play.targets, actor=play.actor.user_id))

    return act


def _in_state(state: State, data: dict[str, str], then: Act) -> Act:
    async def act(play: Play) -> None:
        values = {key: int(value.format(**play.targets)) for key, value in data.items()}
        await play.in_state(state, values)
        await then(play)

    return act


def _steps(*acts: Act) -> Act:
    async def act(play: Play) -> None:
        for step in acts:
            await step(play)

    return act


async def _granted(play: Play, before: int) -> bool:
    count = await play.scalar(
        select(func.count())
        .select_from(RoleGrant)
        .where(RoleGrant.member_id == play.targets["subject"], RoleGrant.role == Role.MODERATOR)
    )
    return bool(count)


async def _revoked(play: Play, before: int) -> bool:
    return not await _granted(play, before)


async def subject(play: Play) -> None:
    play.targets["subject"] = next(_ids)
    await seeds.member(play.harness, play.targets["subject"])


async def subject_with_role(play: Play) -> None:
    await subject(play)
    async with play.sessions() as session, session.begin():
        session.add(RoleGrant(member_id=play.targets["subject"], role=Role.MODERATOR, scope="GE"))


async def _approved(play: Play, before: int) -> bool:
    return await item_status(play) == ReviewStatus.APPROVED


async def _rejected(play: Play, before: int) -> bool:
    return await item_status(play) == ReviewStatus.REJECTED


async def _title_edited(play: Play, before: int) -> bool:
    group = await play.scalar(select(Group).where(Group.id == play.targets["group"]))
    return group is not None and group.title == "Edited by staff"


async def _withdrawn(play: Play, before: int) -> bool:
    return await item_status(play) not in moderation.QUEUED


async def _report_resolved(play: Play, before: int) -> bool:
    report = await play.scalar(select(Report).where(Report.id == play.targets["report"]))
    return report is not None and report.status == ReportStatus.RESOLVED


async def _group_down(play: Play, before: int) -> bool:
    group = await play.scalar(select(Group).where(Group.id == play.targets["group"]))
    return group is not None and group.status != GroupStatus.PUBLISHED


async def _verified(play: Play, before: int) -> bool:
    group = await play.scalar(select(Group).where(Group.id == play.targets["group"]))
    return (
        group is not None
        and group.verified_at is not None
        and (utcnow() - group.verified_at < timedelta(hours=1))
    )


async def _entry(play: Play) -> FaqEntry:
    entry = await play.scalar(select(FaqEntry).where(FaqEntry.id == play.targets["entry"]))
    assert entry is not None
    return entry


async def _entry_verified(play: Play, before: int) -> bool:
    return (await _entry(play)).verified_at == utcnow().date()


async def _entry_archived(play: Play, before: int) -> bool:
    return (await _entry(play)).status == FaqStatus.ARCHIVED


async def _entry_volatile(play: Play, before: int) -> bool:
    return (await _entry(play)).volatility == Volatility.HIGH


async def _entry_edited(play: Play, before: int) -> bool:
    question = await play.scalar(
        select(FaqEntryText.question).where(
            FaqEntryText.entry_id == play.targets["entry"], FaqEntryText.lang == "en"
        )
    )
    return question == "Edited by staff?"


async def _gap_closed(play: Play, before: int) -> bool:
    gap = await play.scalar(select(FaqGap).where(FaqGap.id == play.targets["gap"]))
    return gap is not None and gap.status == GapStatus.CLOSED


async def _event(play: Play) -> Event:
    found = await play.scalar(select(Event).where(Event.id == play.targets["event"]))
    assert found is not None
    return found


async def _attendance_recorded(play: Play, before: int) -> bool:
    return (await _event(play)).attended_count is not None


async def _event_cancelled(play: Play, before: int) -> bool:
    return (await _event(play)).status == EventStatus.CANCELLED


NEW_START = (utcnow() + timedelta(days=40)).replace(hour=10, minute=0, second=0, microsecond=0)


async def _event_moved(play: Play, before: int) -> bool:
    return (await _event(play)).starts_at == NEW_START


async def _typed_start(play: Play) -> None:
    await play.actor.send(f"{NEW_START:%Y-%m-%d} 14:00")


async def _state_is(play: Play, state: State) -> bool:
    return await play.fsm().get_state() == state.state


def _now_in(state: State) -> Took:
    async def took(play: Play, before: int) -> bool:
        return await _state_is(play, state)

    return took


def _left(state: State) -> Took:
    """A state-bound step was taken: the member is no longer where the step waits."""

    async def took(play: Play, before: int) -> bool:
        return not await _state_is(play, state)

    return took


async def _exported(play: Play, before: int) -> bool:
    return any(chat == play.actor.user_id for chat, _, _ in play.harness.telegram.documents)


async def _imported(play: Play, before: int) -> bool:
    return bool(await play.scalar(select(Group.id).where(Group.slug == "ge-matrix-import")))


async def _send_import(play: Play) -> None:
    await play.actor.send_document(VALID_YAML, "directory.yaml")


async def _confirm_import(play: Play) -> None:
    file_id = play.harness.telegram.upload(VALID_YAML)
    await play.fsm().set_state(AdminImport.confirm)
    await play.fsm().set_data({"file_id": file_id, "name": "directory.yaml"})
    await play.actor.press_data("imp:go")


async def _message_confirm(play: Play) -> None:
    await play.fsm().set_state(Manage.message_confirm)
    await play.fsm().set_data({"event": play.targets["event"], "text": "See you all there"})
    await play.actor.press_data(f"evo:msg_send:{play.targets['event']}")


async def _move_confirm(play: Play) -> None:
    await play.fsm().set_state(Manage.move_confirm)
    await play.fsm().set_data({"event": play.targets["event"], "start": NEW_START.isoformat()})
    await play.actor.press_data(f"evo:move_ok:{play.targets['event']}")


_EDITOR_KEY = EDITOR.spec.name  # where the editor keeps its draft (bot.features.faq.admin)


def _new_entry(*, volatility: bool, then: Act, at: State | None = None) -> Act:
    """The new-entry wizard's draft, as the earlier steps left it (a topic Georgia lacks),
    open at ``at`` (the volatility, or the preview once it is chosen)."""

    async def act(play: Play) -> None:
        async with play.sessions() as session, session.begin():
            # The starter base covers every topic of Georgia: take one away.
            await session.execute(delete(FaqEntry).where(FaqEntry.slug == "ge/schools"))
            topics = select(FaqEntry.topic).where(FaqEntry.country == "GE")
            taken = set(await session.scalars(topics))
        topic = next(t for t in sorted(COUNTRY_TOPICS) if t not in taken)
        play.targets["topic"] = sorted(COUNTRY_TOPICS).index(topic)
        draft: dict[str, Any] = {"country": "GE", "topic": topic, "texts": {}}
        if volatility:
            draft.update(
                volatility="high",
                sources=["https://example.org/source"],
                texts={
                    lang: {"question": f"Question {lang}?", "answer": "An answer.", "keywords": []}
                    for lang in ("ru", "en")
                },
            )
        step = at or (FaqEdit.preview if volatility else FaqEdit.volatility)
        await play.in_state(step, {_EDITOR_KEY: draft})
        await then(play)

    return act


async def _entry_created(play: Play, before: int) -> bool:
    topic = sorted(COUNTRY_TOPICS)[play.targets["topic"]]
    found = await play.scalar(
        select(FaqEntry.id).where(FaqEntry.country == "GE", FaqEntry.topic == topic)
    )
    return found is not None


def _editing(field: str, then: Act) -> Act:
    """The editor open at an entry's ``field``, as "Correct" → the field left it."""

    async def act(play: Play) -> None:
        draft = {"entry": play.targets["entry"], "field": field}
        await play.in_state(FaqEdit.value, {_EDITOR_KEY: draft})
        await then(play)

    return act


async def _sticker(play: Play) -> None:
    await play.actor.send_message(
        sticker={
            "file_id": "s",
            "file_unique_id": "s",
            "type": "regular",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
        }
    )


async def _message_queued(play: Play, before: int) -> bool:
    from bot.db.models import EventNotice

    count = await play.scalar(
        select(func.count())
        .select_from(EventNotice)
        .where(EventNotice.event_id == play.targets["event"], EventNotice.kind == "message")
    )
    return bool(count) or not await _state_is(play, Manage.message_confirm)


async def _stats_drawn(play: Play, before: int) -> bool:
    return any(chat == play.actor.user_id for chat, _ in play.harness.telegram.photos)


ACTIONS: tuple[Privileged, ...] = (
    # -- the numbers as a picture (staff app) -------------------------------------------------
    Privileged(
        "numbers as charts in chat",
        ORGANISERS,
        _send("/stats"),
        _stats_drawn,
        (),
        ("staffapp.stats_command",),
    ),
    # -- admin: roles -----------------------------------------------------------------------
    Privileged(
        "grant by command",
        ADMINS,
        _send("/grant {subject} moderator GE"),
        _granted,
        (subject,),
        ("admin.grant_command",),
    ),
    Privileged(
        "grant by button",
        ADMINS,
        _press("role:g:{subject}:moderator:GE"),
        _granted,
        (subject,),
        ("admin.grant_button",),
    ),
    Privileged(
        "revoke by command",
        ADMINS,
        _send("/revoke {subject} moderator GE"),
        _revoked,
        (subject_with_role,),
        ("admin.revoke_command",),
    ),
    Privileged(
        "revoke by button",
        ADMINS,
        _press("role:r:{subject}:moderator:GE"),
        _revoked,
        (subject_with_role,),
        ("admin.revoke_button",),
    ),
    Privileged("staff list", ADMINS, _send("/staff"), _screen, (), ("admin.staff_list",)),
    # -- admin: import and export -------------------------------------------------------------
    Privileged("export", ADMINS, _send("/export"), _exported, (), ("admin.export_command",)),
    Privileged("import: check a file", ADMINS, _send_import, _screen, (), ("admin.received_file",)),
    Privileged("import: confirm", ADMINS, _confirm_import, _imported, (), ("admin.confirmed",)),
    Privileged(
        "import: decline",
        ADMINS,
        _in_state(AdminImport.confirm, {}, _press("imp:no")),
        _left(AdminImport.confirm),
        (),
        ("admin.declined",),
    ),
    # -- moderation queue ---------------------------------------------------------------------
    Privileged(
        "/mod", MODERATORS, _send("/mod"), _screen, (pending_group,), ("moderation.mod_command",)
    ),
    # The main menu's staff entry: moderators and organisers (admins are both).
    Privileged(
        "staff tools",
        MODERATORS | ORGANISERS,
        _press("m:staff"),
        _screen,
        (),
        ("common.staff_hub",),
    ),
    Privileged(
        "queue home",
        MODERATORS,
        _press("mq:home:0:0:"),
        _screen,
        (pending_group,),
        ("moderation.mod_home",),
    ),
    Privileged(
        "queue: show the oldest",
        MODERATORS,
        _press("mq:show:0:0:"),
        _screen,
        (pending_group,),
        ("moderation.show_item",),
    ),
    Privileged(
        "approve",
        GEORGIAN_MODERATORS,
        _press("mq:ok:{item}:0:"),
        _approved,
        (pending_group,),
        ("moderation.approve",),
    ),
    Privileged(
        "reject: ask the reason",
        GEORGIAN_MODERATORS,
        _press("mq:no:{item}:0:"),
        _now_in(Review.reason),
        (pending_group,),
        ("moderation.ask_reason",),
    ),
    Privileged(
        "reject: the typed reason",
        GEORGIAN_MODERATORS,
        _in_state(Review.reason, {"item": "{item}"}, _send("Not a community group")),
        _rejected,
        (pending_group,),
        ("moderation.typed_reason",),
    ),
    Privileged(
        "edit: the menu",
        GEORGIAN_MODERATORS,
        _press("mq:ed:{item}:0:"),
        _screen,
        (pending_group,),
        ("moderation.edit_menu",),
    ),
    Privileged(
        "edit: ask a field",
        GEORGIAN_MODERATORS,
        _press("mq:f:{item}:0:title"),
        _now_in(Review.edit_value),
        (pending_group,),
        ("moderation.ask_field",),
    ),
    Privileged(
        "edit: the typed value",
        GEORGIAN_MODERATORS,
        _steps(_press("mq:f:{item}:0:title"), _send("Edited by staff")),
        _title_edited,
        (pending_group,),
        ("moderation.typed_field",),
    ),
    Privileged(
        "drop an item whose listing vanished",
        GEORGIAN_MODERATORS,
        _press("mq:gone:{item}:0:"),
        _withdrawn,
        (pending_group, lambda play: _vanish(play)),
        ("moderation.drop_gone",),
    ),
    Privileged(
        "clear a false scam warning",
        GEORGIAN_MODERATORS,
        _press("mq:clr:{item}:0:deposit"),
        _flag_cleared,
        (flagged_offer,),
        ("moderation.clear_flag",),
    ),
    Privileged(
        "ban: ask the reason",
        GEORGIAN_MODERATORS,
        _press("mq:ban:{item}:0:"),
        _now_in(Review.ban_reason),
        (flagged_offer,),
        ("moderation.ask_ban_reason",),
    ),
    Privileged(
        "ban: the typed reason",
        GEORGIAN_MODERATORS,
        _in_state(Review.ban_reason, {"item": "{item}"}, _send("Deposits for flats nobody saw")),
        _author_banned,
        (flagged_offer,),
        ("moderation.typed_ban_reason",),
    ),
    # -- reports --------------------------------------------------------------------------------
    Privileged(
        "reports list",
        MODERATORS,
        _press("mr:list:0:0"),
        _screen,
        (reported_group,),
        ("moderation.reports_list",),
    ),
    Privileged(
        "a reported listing",
        GEORGIAN_MODERATORS,
        _press("mr:show:{report}:0"),
        _screen,
        (reported_group,),
        ("moderation.show_reported",),
    ),
    Privileged(
        "keep a reported listing",
        GEORGIAN_MODERATORS,
        _press("mr:keep:{report}:0"),
        _report_resolved,
        (reported_group,),
        ("moderation.keep_reported",),
    ),
    Privileged(
        "take down: ask the reason",
        GEORGIAN_MODERATORS,
        _press("mr:down:{report}:0"),
        _now_in(Review.takedown_reason),
        (reported_group,),
        ("moderation.ask_takedown_reason",),
    ),
    Privileged(
        "take down: the typed reason",
        GEORGIAN_MODERATORS,
        _in_state(Review.takedown_reason, {"report": "{report}"}, _send("A scam, reported thrice")),
        _group_down,
        (reported_group,),
        ("moderation.typed_takedown_reason",),
    ),
    # -- stale groups ---------------------------------------------------------------------------
    Privileged(
        "stale list",
        MODERATORS,
        _press("ms:show:0:0"),
        _screen,
        (stale_group,),
        ("moderation.stale_list",),
    ),
    Privileged(
        "mark a group verified",
        GEORGIAN_MODERATORS,
        _press("ms:ok:{group}:0"),
        _verified,
        (stale_group,),
        ("moderation.mark_verified",),
    ),
    Privileged(
        "hide a stale group",
        GEORGIAN_MODERATORS,
        _press("ms:hide:{group}:0"),
        _group_down,
        (stale_group,),
        ("moderation.hide_stale",),
    ),
    # -- the knowledge base ---------------------------------------------------------------------
    Privileged("/faq_admin", MODERATORS, _send("/faq_admin"), _screen, (), ("faq.admin_command",)),
    Privileged("faq home", MODERATORS, _press("fqm:home:0:"), _screen, (), ("faq.home",)),
    Privileged("faq due list", MODERATORS, _press("fqm:due:0:0"), _screen, (), ("faq.due_list",)),
    Privileged(
        "faq gaps", MODERATORS, _press("fqm:gaps:0:0"), _screen, (faq_gap,), ("faq.gaps_list",)
    ),
    Privileged("coverage", MODERATORS, _press("fqm:cov:0:"), _screen, (), ("faq.coverage",)),
    Privileged(
        "faq entries",
        GEORGIAN_MODERATORS,
        _press("fqm:list:0:GE"),
        _screen,
        (),
        ("faq.entries_list",),
    ),
    Privileged(
        "faq entry card",
        GEORGIAN_MODERATORS,
        _press("fqm:card:{entry}:"),
        _screen,
        (faq_entry,),
        ("faq.entry_card",),
    ),
    Privileged(
        "the facts behind an entry",
        GEORGIAN_MODERATORS,
        _press("fqm:src:{entry}:"),
        _screen,
        (faq_entry,),
        ("faq.entry_facts",),
    ),
    Privileged(
        "close a gap",
        GEORGIAN_MODERATORS,
        _press("fqm:gclose:{gap}:"),
        _gap_closed,
        (faq_gap,),
        ("faq.close_gap",),
    ),
    Privileged(
        "verify an entry",
        GEORGIAN_MODERATORS,
        _press("fqm:ver:{entry}:"),
        _entry_verified,
        (faq_entry,),
        ("faq.verify",),
    ),
    Privileged(
        "archive an entry",
        GEORGIAN_MODERATORS,
        _press("fqm:st:{entry}:archived"),
        _entry_archived,
        (faq_entry,),
        ("faq.status",),
    ),
    Privileged(
        "volatility: choose",
        GEORGIAN_MODERATORS,
        _press("fqm:vol:{entry}:"),
        _screen,
        (faq_entry,),
        ("faq.volatility",),
    ),
    Privileged(
        "volatility: set",
        GEORGIAN_MODERATORS,
        _press("fqm:vol:{entry}:high"),
        _entry_volatile,
        (faq_entry,),
        ("faq.volatility",),
    ),
    Privileged(
        "edit an entry: the fields",
        GEORGIAN_MODERATORS,
        _press("fqm:edit:{entry}:"),
        _screen,
        (faq_entry,),
        ("faq.choose_field",),
    ),
    Privileged(
        "edit an entry: ask a value",
        GEORGIAN_MODERATORS,
        _press("fqm:fld:{entry}:q.en"),
        _now_in(FaqEdit.value),
        (faq_entry,),
        ("faq.ask_value",),
    ),
    Privileged(
        "edit an entry: the typed value",
        GEORGIAN_MODERATORS,
        _steps(_press("fqm:fld:{entry}:q.en"), _send("Edited by staff?")),
        _entry_edited,
        (faq_entry,),
        ("faq.editor_text",),
    ),
    Privileged(
        # The step is shown again (the field's text): only to moderators of its country.
        "edit an entry: not text",
        GEORGIAN_MODERATORS,
        _editing("q.en", _sticker),
        _screen,
        (faq_entry,),
        ("faq.not_text",),
    ),
    Privileged("new entry", MODERATORS, _press("fqm:new:0:"), _screen, (), ("faq.new_entry",)),
    Privileged(
        "new entry: the country",
        GEORGIAN_MODERATORS,
        _press("fqm:new:0:GE"),
        _screen,
        (),
        ("faq.new_entry",),
    ),
    Privileged(
        # The country was chosen (and its scope checked) a step before; saving checks again.
        "new entry: volatility",
        MODERATORS,
        _new_entry(volatility=False, then=_press("fqm:nvol:0:high")),
        _now_in(FaqEdit.sources),
        (),
        ("faq.editor_button",),
    ),
    Privileged(
        "new entry: save",
        GEORGIAN_MODERATORS,
        _new_entry(volatility=True, then=_press("fqm:save:0:draft")),
        _entry_created,
        (),
        ("faq.editor_button",),
    ),
    Privileged(
        "new entry: a typed step",
        MODERATORS,
        _new_entry(volatility=True, at=FaqEdit.sources, then=_send("https://example.org/x")),
        _screen,
        (),
        ("faq.editor_text",),
    ),
    # -- events: organisers ---------------------------------------------------------------------
    Privileged(
        "new event",
        ORGANISERS,
        _send("/new_event"),
        _now_in(NewEvent.title),
        (),
        ("events.new_event",),
    ),
    Privileged(
        "new event (button)",
        ORGANISERS,
        _press("evo:new:0"),
        _now_in(NewEvent.title),
        (),
        ("events.new_event",),
    ),
    Privileged(
        "new event: a typed answer",
        ORGANISERS,
        _in_state(NewEvent.title, {}, _send("Designers' breakfast")),
        _left(NewEvent.title),
        (),
        ("events.wizard_text",),
    ),
    Privileged(
        "new event: a button answer",
        ORGANISERS,
        _in_state(NewEvent.format, {}, _press("evw:f:online")),
        _left(NewEvent.format),
        (),
        ("events.wizard_button",),
    ),
    Privileged(
        "new event: anything else",
        ORGANISERS,
        _in_state(NewEvent.title, {}, _sticker),
        _screen,
        (),
        ("events.wizard_other",),
    ),
    Privileged(
        "my events", ORGANISERS, _send("/my_events"), _screen, (event,), ("events.organised",)
    ),
    Privileged(
        "my events (button)",
        ORGANISERS,
        _press("evo:mine:0"),
        _screen,
        (event,),
        ("events.organised",),
    ),
    Privileged(
        "manage an event",
        EVENT_OWNERS,
        _press("evo:show:{event}"),
        _screen,
        (event,),
        ("events.manage",),
    ),
    Privileged(
        "message attendees: ask",
        EVENT_OWNERS,
        _press("evo:msg:{event}"),
        _now_in(Manage.message),
        (event,),
        ("events.ask_message",),
    ),
    Privileged(
        "message attendees: the typed message",
        ORGANISERS,
        _in_state(Manage.message, {"event": "{event}"}, _send("See you all there")),
        _now_in(Manage.message_confirm),
        (event,),
        ("events.typed_message",),
    ),
    Privileged(
        "message attendees: send",
        EVENT_OWNERS,
        _message_confirm,
        _message_queued,
        (event,),
        ("events.send_message_to_attendees",),
    ),
    Privileged(
        "move: ask",
        EVENT_OWNERS,
        _press("evo:move:{event}"),
        _now_in(Manage.move),
        (event,),
        ("events.ask_move",),
    ),
    Privileged(
        "move: the typed time",
        EVENT_OWNERS,
        _in_state(Manage.move, {"event": "{event}"}, _typed_start),
        _now_in(Manage.move_confirm),
        (event,),
        ("events.typed_move",),
    ),
    Privileged(
        "move: confirm", EVENT_OWNERS, _move_confirm, _event_moved, (event,), ("events.move",)
    ),
    Privileged(
        "cancel: ask",
        EVENT_OWNERS,
        _press("evo:cancel:{event}"),
        _screen,
        (event,),
        ("events.ask_cancel",),
    ),
    Privileged(
        "cancel: confirm",
        EVENT_OWNERS,
        _press("evo:cancel_ok:{event}"),
        _event_cancelled,
        (event,),
        ("events.cancel",),
    ),
    Privileged(
        "attendance: ask",
        EVENT_OWNERS,
        _press("evo:att:{event}"),
        _now_in(Manage.attendance),
        (past_event,),
        ("events.attendance",),
    ),
    Privileged(
        "attendance: one tap",
        EVENT_OWNERS,
        _press("evo:att_rsvp:{event}"),
        _attendance_recorded,
        (past_event,),
        ("events.attendance",),
    ),
    Privileged(
        "attendance: nobody came",
        EVENT_OWNERS,
        _press("evo:att_zero:{event}"),
        _attendance_recorded,
        (past_event,),
        ("events.attendance",),
    ),
    Privileged(
        "attendance: the typed count",
        EVENT_OWNERS,
        _in_state(Manage.attendance, {"event": "{event}"}, _send("12")),
        _attendance_recorded,
        (past_event,),
        ("events.attendance",),
    ),
    # -- broadcasts: organisers -----------------------------------------------------------------
    Privileged(
        "new broadcast",
        ORGANISERS,
        _send("/broadcast"),
        _now_in(Compose.content),
        (),
        ("broadcast.new_broadcast",),
    ),
    Privileged(
        "new broadcast (button)",
        ORGANISERS,
        _press("bc:new:0"),
        _now_in(Compose.content),
        (),
        ("broadcast.new_broadcast",),
    ),
    Privileged(
        "broadcast: the typed announcement",
        ORGANISERS,
        _in_state(Compose.content, {}, _send("Picnic on Saturday")),
        _now_in(Compose.button),
        (),
        ("broadcast.typed_content",),
    ),
    Privileged(
        "broadcast: the typed link button",
        ORGANISERS,
        _composing(Compose.button, _send("Register | https://example.org/picnic")),
        _now_in(Compose.segment),
        (),
        ("broadcast.typed_button",),
    ),
    Privileged(
        "broadcast: a wizard button",
        ORGANISERS,
        _composing(Compose.segment, _press("bcw:dim:countries")),
        _screen,
        (),
        ("broadcast.compose_button",),
    ),
    Privileged(
        "broadcast: anything else",
        ORGANISERS,
        _composing(Compose.segment, _sticker),
        _screen,
        (),
        ("broadcast.compose_other",),
    ),
    Privileged(
        "broadcast: text where buttons are expected",
        ORGANISERS,
        _composing(Compose.segment, _send("who gets it?")),
        _screen,
        (),
        ("broadcast.typed_button",),
    ),
    Privileged(
        "my broadcasts",
        ORGANISERS,
        _send("/my_broadcasts"),
        _screen,
        (pending_broadcast,),
        ("broadcast.mine",),
    ),
    Privileged(
        "my broadcasts (button)",
        ORGANISERS,
        _press("bc:mine:0"),
        _screen,
        (pending_broadcast,),
        ("broadcast.mine",),
    ),
    Privileged(
        "broadcast progress",
        EVENT_OWNERS,
        _press("bc:show:{broadcast}"),
        _screen,
        (pending_broadcast,),
        ("broadcast.show",),
    ),
    Privileged(
        "pause a broadcast",
        EVENT_OWNERS,
        _press("bc:pause:{broadcast}"),
        _broadcast_now(BroadcastStatus.PAUSED),
        (approved_broadcast,),
        ("broadcast.control",),
    ),
    Privileged(
        "resume a broadcast",
        EVENT_OWNERS,
        _press("bc:resume:{broadcast}"),
        _broadcast_now(BroadcastStatus.APPROVED, BroadcastStatus.SENDING),
        (paused_broadcast,),
        ("broadcast.control",),
    ),
    Privileged(
        "cancel a broadcast: ask",
        EVENT_OWNERS,
        _press("bc:cancel:{broadcast}"),
        _screen,
        (pending_broadcast,),
        ("broadcast.control",),
    ),
    Privileged(
        "cancel a broadcast: confirm",
        EVENT_OWNERS,
        _press("bc:cancel_ok:{broadcast}"),
        _broadcast_now(BroadcastStatus.CANCELLED),
        (approved_broadcast,),
        ("broadcast.control",),
    ),
)


async def _vanish(play: Play) -> None:
    """The listing behind the item was erased (its author left)."""
    async with play.sessions() as session, session.begin():
        group = await session.get(Group, play.targets["group"])
        assert group is not None
        await session.delete(group)


# ---- the test -----------------------------------------------------------------------------


async def denials(play: Play) -> list[AuditEntry]:
    async with play.sessions() as session:
        return list(
            await session.scalars(
                select(AuditEntry).where(
                    AuditEntry.actor_id == play.actor.user_id,
                    AuditEntry.outcome == AuditOutcome.DENIED,
                )
            )
        )


@pytest.mark.parametrize("action", ACTIONS, ids=[action.name for action in ACTIONS])
async def test_only_the_allowed_act_and_every_refusal_is_audited(
    make_harness: HarnessFactory, action: Privileged
) -> None:
    harness = await make_harness(admin_ids="1")
    wrong: list[str] = []
    for role in ROLES:
        play = await make_play(harness, role)
        for prepare in action.prepare:
            await prepare(play)
        before = len(harness.telegram.requests)
        await action.act(play)
        took = await action.took_effect(play, before)
        refused = await denials(play)
        if role in action.allowed:
            if not took:
                wrong.append(f"{role}: allowed, but nothing happened")
            if refused:
                wrong.append(f"{role}: allowed, but a refusal was audited: {refused[0].action}")
        else:
            if took:
                wrong.append(f"{role}: refused, but it took effect")
            if not refused:
                wrong.append(f"{role}: refused without an audit entry")
            elif any(entry.actor_id != play.actor.user_id for entry in refused):
                wrong.append(f"{role}: the audit entry names someone else")
    assert not wrong, f"{action.name}:\n  " + "\n  ".join(wrong)


# ---- what belongs to one member ------------------------------------------------------------
# Not role-gated: a member's own listing or subscription. Only its owner may act on it — not
# another member, not a moderator, not an admin (they take listings down through reports).

OWNER = "owner"
OWNERSHIP_ROLES: dict[str, tuple[tuple[Role, str], ...]] = {
    OWNER: (),
    "another member": (),
    MODERATOR_GE: ((Role.MODERATOR, "GE"),),
    ADMIN: ((Role.ADMIN, "*"),),
}


async def _owned_job(play: Play, owner: int) -> None:
    play.targets["job"] = await seeds.pending_job(play.harness, owner)
    await seeds.approve(play.harness, ReviewKind.JOB, play.targets["job"])


async def _owned_offer(play: Play, owner: int) -> None:
    play.targets["offer"] = await seeds.pending_offer(play.harness, owner)
    await seeds.approve(play.harness, ReviewKind.OFFER, play.targets["offer"])


async def _owned_subscription(play: Play, owner: int) -> None:
    async with play.sessions() as session, session.begin():
        subscription = JobSubscription(member_id=owner, country="GE")
        session.add(subscription)
        await session.flush()
        play.targets["subscription"] = subscription.id


async def _listing_closed(play: Play, model: Any, key: str) -> bool:
    listing = await play.scalar(select(model).where(model.id == play.targets[key]))
    return listing is not None and listing.status == ListingStatus.CLOSED


async def _job_closed(play: Play, before: int) -> bool:
    return await _listing_closed(play, Job, "job")


async def _offer_closed(play: Play, before: int) -> bool:
    return await _listing_closed(play, Offer, "offer")


async def _unsubscribed(play: Play, before: int) -> bool:
    found = await play.scalar(
        select(JobSubscription.id).where(JobSubscription.id == play.targets["subscription"])
    )
    return found is None


@dataclass(frozen=True)
class Owned:
    name: str
    give: Callable[[Play, int], Awaitable[None]]
    act: Act
    took_effect: Took


OWNED: tuple[Owned, ...] = (
    Owned("close a job", _owned_job, _press("ls:j:cl!:{job}:"), _job_closed),
    Owned("close an aid offer", _owned_offer, _press("ls:o:cl!:{offer}:"), _offer_closed),
    Owned(
        "delete a job subscription",
        _owned_subscription,
        _press("js:del:::{subscription}"),
        _unsubscribed,
    ),
)


@pytest.mark.parametrize("action", OWNED, ids=[action.name for action in OWNED])
async def test_only_the_owner_acts_on_what_is_theirs(
    make_harness: HarnessFactory, action: Owned
) -> None:
    harness = await make_harness(admin_ids="1")
    wrong: list[str] = []
    for role, roles in OWNERSHIP_ROLES.items():
        actor = await seeds.member(harness, next(_ids), roles=roles)
        await actor.send("/privacy")
        play = Play(harness, role, actor)
        owner = actor.user_id
        if role != OWNER:
            owner = next(_ids)
            await seeds.member(harness, owner)
        await action.give(play, owner)
        before = len(harness.telegram.requests)
        await action.act(play)
        took = await action.took_effect(play, before)
        refused = await denials(play)
        if role == OWNER and (not took or refused):
            wrong.append(f"{role}: allowed, but took={took}, refusals={len(refused)}")
        if role != OWNER and (took or not refused):
            wrong.append(f"{role}: refused, but took={took}, refusals={len(refused)}")
    assert not wrong, f"{action.name}:\n  " + "\n  ".join(wrong)


# ---- the list is complete ------------------------------------------------------------------


async def test_every_role_gated_handler_is_in_the_matrix(harness: Harness) -> None:
    gated = GatedHandlers(harness.dispatcher).names()
    covered = {name for action in ACTIONS for name in action.handlers}
    assert gated, "no role-gated handlers found: the walk over the routers is broken"
    assert gated - covered == set(), "privileged handlers missing from ACTIONS"
    assert covered - gated == set(), "ACTIONS names handlers that are not role-gated"


# ---- conversations and appeals: only their own sides -----------------------------------------


async def _owned_thread(play: Play, owner: int) -> None:
    """A conversation in which ``owner`` answered a third member's published job."""
    author = next(_ids)
    await seeds.member(play.harness, author)
    job_id = await seeds.pending_job(play.harness, author)
    await seeds.approve(play.harness, ReviewKind.JOB, job_id)
    async with play.sessions() as session, session.begin():
        outgoing = await relay.respond(session, ListingKind.JOB, job_id, owner, "Hello")
        play.targets["thread"] = outgoing.side.thread.id


async def _thread_blocked(play: Play, before: int) -> bool:
    thread = await play.scalar(select(RelayThread).where(RelayThread.id == play.targets["thread"]))
    return thread is not None and thread.blocked_by_responder


async def _owned_rejection(play: Play, owner: int) -> None:
    """A job of ``owner`` that a moderator rejected: its author may appeal once."""
    job_id = await seeds.pending_job(play.harness, owner)
    item = await seeds.review_item_of(play.harness, ReviewKind.JOB, job_id)
    async with play.sessions() as session, session.begin():
        _, admin = await load_member(session, 1, play.harness.services.settings.admin_ids)
        await moderation.decide(
            session,
            admin,
            item.id,
            approve=False,
            reason="Add the salary",
            handler=plugins().review_handlers[ReviewKind.JOB],
        )
    play.targets["item"] = item.id


async def _appealed(play: Play, before: int) -> bool:
    return await item_status(play) == ReviewStatus.APPEALED


SIDES: tuple[Owned, ...] = (
    Owned("block in a conversation", _owned_thread, _press("rl:bl!:{thread}:"), _thread_blocked),
    Owned(
        "appeal a rejection",
        _owned_rejection,
        _steps(_press("ma:{item}"), _send("The salary is 2500 USD, please look again")),
        _appealed,
    ),
)


@pytest.mark.parametrize("action", SIDES, ids=[action.name for action in SIDES])
async def test_only_a_side_acts_in_a_conversation_or_on_an_appeal(
    make_harness: HarnessFactory, action: Owned
) -> None:
    await test_only_the_owner_acts_on_what_is_theirs(make_harness, action)


# ---- pending items and RSVPs: what is not yet public -----------------------------------------

PENDING_ROLES: dict[str, tuple[tuple[Role, str], ...]] = {
    MEMBER: (),
    MODERATOR_AM: ((Role.MODERATOR, "AM"),),
    MODERATOR_GE: ((Role.MODERATOR, "GE"),),
    ORGANISER_OWNER: ((Role.ORGANISER, "GE"),),
    ADMIN: ((Role.ADMIN, "*"),),
}
MAY_SEE_PENDING = frozenset({MODERATOR_GE, ORGANISER_OWNER, ADMIN})


async def _venue_shown(play: Play, before: int) -> bool:
    event = await play.scalar(select(Event).where(Event.id == play.targets["event"]))
    assert event is not None and event.venue
    # The venue's canary word: the same escaped in a message and written in a calendar file.
    venue = next(word for word in event.venue.replace("<", " ").replace(">", " ").split()
                 if word.startswith("zqxcanary"))  # fmt: skip
    sent = [
        getattr(request, "text", None) or getattr(request, "caption", None) or ""
        for request in play.harness.telegram.requests[before:]
        if getattr(request, "chat_id", None) == play.actor.user_id
    ]
    calendar = [
        document
        for chat, _, document in play.harness.telegram.documents
        if chat == play.actor.user_id and venue.encode() in document
    ]
    return any(venue in text for text in sent) or bool(calendar)


async def _answered(play: Play, before: int) -> bool:
    found = await play.scalar(
        select(func.count())
        .select_from(EventRsvp)
        .where(
            EventRsvp.event_id == play.targets["event"],
            EventRsvp.member_id == play.actor.user_id,
        )
    )
    return bool(found)


PENDING: tuple[tuple[str, frozenset[str], Act, Took], ...] = (
    ("open a pending event", MAY_SEE_PENDING, _press("ev:open:{event}:"), _venue_shown),
    ("its calendar file", MAY_SEE_PENDING, _press("ev:ics:{event}:"), _venue_shown),
    ("RSVP to a pending event", frozenset(), _press("ev:go:{event}:"), _answered),
)


@pytest.mark.parametrize("row", PENDING, ids=[row[0] for row in PENDING])
async def test_a_pending_item_is_seen_only_in_its_scope_and_cannot_be_answered(
    make_harness: HarnessFactory, row: tuple[str, frozenset[str], Act, Took]
) -> None:
    name, allowed, act, took_effect = row
    harness = await make_harness(admin_ids="1")
    wrong: list[str] = []
    for role, roles in PENDING_ROLES.items():
        actor = await seeds.member(harness, next(_ids), roles=roles)
        await actor.send("/privacy")
        play = Play(harness, role, actor)
        organiser = actor.user_id if role == ORGANISER_OWNER else next(_ids)
        if role != ORGANISER_OWNER:
            await seeds.member(harness, organiser, roles=((Role.ORGANISER, "GE"),))
        play.targets["event"] = await seeds.pending_event(harness, organiser)
        before = len(harness.telegram.requests)
        await act(play)
        took = await took_effect(play, before)
        refused = await denials(play)
        if role in allowed and (not took or refused):
            wrong.append(f"{role}: allowed, but took={took}, refusals={len(refused)}")
        if role not in allowed and (took or not refused):
            wrong.append(f"{role}: refused, but took={took}, refusals={len(refused)}")
    assert not wrong, f"{name}:\n  " + "\n  ".join(wrong)


# ---- the staff app: the same roles over HTTP ----------------------------------------------
# Every endpoint of the Mini App's API (bot.features.staffapp.api.ROUTES), played by every
# role with that role's own genuine initData, through the app's real HTTP server.

STAFF = MODERATORS | ORGANISERS


@dataclass(frozen=True)
class AppAction:
    route: str  # the endpoint's name in ROUTES
    allowed: frozenset[str]
    method: str
    path: str  # formatted with the targets
    took_effect: Took
    prepare: tuple[Prepare, ...] = ()
    body: dict[str, Any] | None = None


async def _answered(play: Play, before: int) -> bool:
    return play.targets.get("status") == 200


async def _entry_question_edited(play: Play, before: int) -> bool:
    return await _entry_edited(play, before)


APP_ACTIONS: tuple[AppAction, ...] = (
    AppAction("me", STAFF, "GET", "/me", _answered),
    AppAction("strings", STAFF, "GET", "/strings", _answered),
    AppAction("queue", MODERATORS, "GET", "/queue", _answered, (pending_group,)),
    AppAction(
        "queue_item", GEORGIAN_MODERATORS, "GET", "/queue/{item}", _answered, (pending_group,)
    ),
    AppAction(
        "queue_fields", GEORGIAN_MODERATORS, "GET", "/queue/{item}/fields", _answered,
        (pending_group,),
    ),
    AppAction(
        "queue_approve", GEORGIAN_MODERATORS, "POST", "/queue/{item}/approve", _approved,
        (pending_group,),
    ),
    AppAction(
        "queue_reject", GEORGIAN_MODERATORS, "POST", "/queue/{item}/reject", _rejected,
        (pending_group,), {"reason": "Not a real community"},
    ),
    AppAction("kb_due", MODERATORS, "GET", "/kb/due", _answered),
    AppAction("kb_heatmap", MODERATORS, "GET", "/kb/heatmap", _answered),
    AppAction("kb_cell", GEORGIAN_MODERATORS, "GET", "/kb/entries?country=GE", _answered),
    AppAction(
        "kb_entry", GEORGIAN_MODERATORS, "GET", "/kb/entries/{entry}", _answered, (faq_entry,)
    ),
    AppAction(
        "kb_diff", GEORGIAN_MODERATORS, "POST", "/kb/entries/{entry}/diff", _answered,
        (faq_entry,), {"field": "q.en", "value": "Edited by staff?"},
    ),
    AppAction(
        "kb_edit", GEORGIAN_MODERATORS, "POST", "/kb/entries/{entry}/edit",
        _entry_question_edited, (faq_entry,), {"field": "q.en", "value": "Edited by staff?"},
    ),
    AppAction(
        "kb_verify", GEORGIAN_MODERATORS, "POST", "/kb/entries/{entry}/verify", _entry_verified,
        (faq_entry,),
    ),
    AppAction("stats", ORGANISERS, "GET", "/stats", _answered),
)  # fmt: skip


@pytest.mark.parametrize("action", APP_ACTIONS, ids=[action.route for action in APP_ACTIONS])
async def test_the_staff_app_lets_only_the_allowed_act_and_audits_every_refusal(
    make_harness: HarnessFactory, action: AppAction
) -> None:
    harness = await make_harness(admin_ids="1")
    wrong: list[str] = []
    async with staff_app(harness) as app:
        for role in ROLES:
            play = await make_play(harness, role)
            for prepare in action.prepare:
                await prepare(play)
            path = action.path.format(**play.targets)
            status, _ = await app.call(action.method, path, play.actor.user_id, action.body)
            play.targets["status"] = status
            took = await action.took_effect(play, 0)
            refused = await denials(play)
            if role in action.allowed:
                if not took or status != 200:
                    wrong.append(f"{role}: allowed, but {status} and took={took}")
                if refused:
                    wrong.append(f"{role}: allowed, but a refusal was audited: {refused[0].action}")
            else:
                if took or status not in (403, 404):
                    wrong.append(f"{role}: refused, but {status} and took={took}")
                if not refused:
                    wrong.append(f"{role}: refused without an audit entry")
                elif any(entry.actor_id != play.actor.user_id for entry in refused):
                    wrong.append(f"{role}: the audit entry names someone else")
    assert not wrong, f"{action.route}:\n  " + "\n  ".join(wrong)


def test_every_staff_app_endpoint_is_in_the_matrix(harness: Harness) -> None:
    served = {
        resource.canonical
        for resource in create_app(harness.services, harness.bot, plugins()).router.resources()
        if resource.canonical.startswith("/api/") and "{tail" not in resource.canonical
    }
    declared = {f"/api{route.path}" for route in ROUTES}
    assert served == declared, "an /api/ route was added outside ROUTES"
    covered = {action.route for action in APP_ACTIONS}
    names = {route.name for route in ROUTES}
    assert names - covered == set(), "staff app endpoints missing from APP_ACTIONS"
    assert covered - names == set(), "APP_ACTIONS names endpoints that do not exist"
