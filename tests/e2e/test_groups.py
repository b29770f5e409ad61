"""The bot inside community groups, end to end: the real bot process, the emulator's groups.

Each test plays a community: a directory entry and its supergroup, whose owner adds the bot
as an administrator. Moderators are granted per country, so each test that reads the queue
has a country of its own (the session's other tests fill Georgia's queue).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import String, func, select, update

from bot.db.models import (
    ActionKind,
    AllianceBan,
    AuditEntry,
    ChatAction,
    Event,
    EventRsvp,
    EventStatus,
    GroupChat,
    Newcomer,
    ReviewItem,
    ReviewKind,
)
from bot.db.types import utcnow
from bot.emulator.client import EmulatorError
from tests.support.e2e import E2E, WAIT, BotMessage, Player
from tests.support.groups import Community, button_url, community, door_button, linked, wait_for

pytestmark = pytest.mark.e2e


async def test_a_spam_bot_joining_is_restricted_and_removed_without_a_tap(e2e: E2E) -> None:
    group = await community(e2e)
    spam_bot = await e2e.client.create_user("Crypto Signals", is_bot=True)

    await group.join(spam_bot)

    async def removed() -> bool:
        return await group.status(spam_bot["id"]) == "left"

    await wait_for(removed, "the spam bot to be removed")
    note = await group.last_bot_message("not an admin")
    assert note["reply_markup"] is not None  # the admins' one-tap undo
    async with e2e.session() as session:
        kinds = list(
            await session.scalars(
                select(ChatAction.kind).where(
                    ChatAction.chat_id == group.chat_id, ChatAction.reason == "bot"
                )
            )
        )
    assert kinds == [ActionKind.KICK]


async def test_a_person_passes_the_door_with_one_tap_and_can_write(e2e: E2E) -> None:
    group = await community(e2e)
    dana = await e2e.user("Dana", language="en")

    await group.join(dana)

    welcome = await group.last_bot_message("Dana")
    assert await group.status(dana.id) == "restricted"
    with pytest.raises(EmulatorError) as refused:
        await e2e.client.group_send(group.chat_id, dana.id, "hello?")
    assert refused.value.status == 403
    # The welcome's other button opens the bot with the group's place (the deep link).
    assert (button_url(welcome) or "").endswith("?start=kz-almaty")
    # Someone else cannot pass the door for her.
    other = await e2e.user("Mallory", language="en")
    await group.join(other)
    await e2e.client.group_press(
        group.chat_id, other.id, welcome["message_id"], text=door_button(welcome)
    )
    await e2e.client.wait_idle(WAIT)
    assert await group.status(dana.id) == "restricted"

    await e2e.client.group_press(
        group.chat_id, dana.id, welcome["message_id"], text=door_button(welcome)
    )

    async def opened() -> bool:
        return await group.status(dana.id) == "member"

    await wait_for(opened, "the door to open")
    message_id = await group.say(dana, "Hi all, just arrived in Almaty!")
    assert not (await group.message(message_id))["deleted"]


async def test_a_newcomer_who_never_taps_is_removed_and_the_welcome_cleaned(e2e: E2E) -> None:
    group = await community(e2e)
    silent = await e2e.user("Silent", language="en")
    await group.join(silent)
    welcome = await group.last_bot_message("Silent")
    assert await group.status(silent.id) == "restricted"

    # Time passes: the deadline is a row, so the worker acts on it whenever it comes (and
    # after a restart) — here it is moved to now instead of waiting minutes.
    async with e2e.session() as session:
        await session.execute(
            update(Newcomer)
            .where(Newcomer.chat_id == group.chat_id)
            .values(door_deadline=utcnow() - timedelta(seconds=1))
        )
        await session.commit()

    async def removed() -> bool:
        return await group.status(silent.id) == "left"

    await wait_for(removed, "the silent newcomer to be removed")

    async def welcome_gone() -> bool:
        return (await group.message(welcome["message_id"]))["deleted"]

    await wait_for(welcome_gone, "the welcome to be deleted")
    async with e2e.session() as session:
        left = await session.scalar(select(Newcomer.id).where(Newcomer.chat_id == group.chat_id))
    assert left is None  # nothing is kept about someone who never came in


async def test_a_scam_message_from_a_newcomer_is_deleted_and_reaches_the_moderators(
    e2e: E2E,
) -> None:
    group = await community(e2e)
    moderator = await e2e.user("Aigerim", language="en")
    await moderator.onboard("kz-almaty")
    await e2e.grant(moderator, "moderator", "KZ")
    scammer = await e2e.user("Landlord", language="ru")
    await group.let_in(scammer)
    honest = await group.say(scammer, "Добрый день! Ищу квартиру в Алматы.")

    scam = "Сдаю квартиру в центре, нужна предоплата до просмотра, пишите скорее"
    message_id = await group.say(scammer, scam)

    async def deleted() -> bool:
        return (await group.message(message_id))["deleted"]

    await wait_for(deleted, "the scam message to be deleted")
    assert not (await group.message(honest))["deleted"]
    assert await group.status(scammer.id) == "restricted"
    await group.last_bot_message("scam")  # the admins are told, naming nobody
    home = await moderator.send("/mod")
    card = await review_until(moderator, scam)
    assert "Landlord" not in home.text + card.text
    assert scam in card.text and "group message" in card.text
    async with e2e.session() as session:
        actions = select(func.cast(ChatAction.id, String)).where(
            ChatAction.chat_id == group.chat_id
        )
        item = await session.scalar(
            select(ReviewItem).where(
                ReviewItem.kind == ReviewKind.CHAT_MESSAGE, ReviewItem.target_id.in_(actions)
            )
        )
    assert item is not None and item.country == "KZ" and "scam:deposit" in item.flags


async def test_report_reaches_the_queue_with_the_message(e2e: E2E) -> None:
    group = await community(e2e, country="UZ", city="Tashkent")
    moderator = await e2e.user("Dilnoza", language="en")
    await moderator.onboard("uz-tashkent")
    await e2e.grant(moderator, "moderator", "UZ")
    author = await e2e.user("Rude", language="en")
    reporter = await e2e.user("Kind", language="en")
    await group.let_in(author)
    await group.let_in(reporter)
    rude = await group.say(author, "Everyone here is an idiot, go home")

    report = await group.say(reporter, "/report", reply_to=rude)

    assert (await group.message(report))["deleted"]  # the reporter is not shown
    await group.last_bot_message("moderators")
    await moderator.send("/mod")
    card = await review_until(moderator, "Everyone here is an idiot")
    assert "Kind" not in card.text
    assert not (await group.message(rude))["deleted"]  # nothing happens before a decision

    # The moderator rejects: the message is deleted and its author restricted there.
    await moderator.press("Reject")
    await moderator.send("Insults")

    async def acted() -> bool:
        return (await group.message(rude))["deleted"] and (
            await group.status(author.id) == "restricted"
        )

    await wait_for(acted, "the decision to reach the group")


async def test_a_ban_in_one_allied_group_applies_in_the_others(e2e: E2E) -> None:
    owner = await e2e.user("Asel", language="en")
    await owner.onboard("kg-bishkek")
    first = await community(e2e, country="KG", city="Bishkek", owner=owner)
    second = await community(e2e, country="KG", city="Bishkek", owner=owner)
    moderator = await e2e.user("Bakyt", language="en")
    await moderator.onboard("kg-bishkek")
    await e2e.grant(moderator, "moderator", "KG")
    # A moderator confirms each chat's link to its directory entry.
    for group in (first, second):
        await moderator.send("/mod")
        card = await moderator.press("Review")
        assert "group link" in card.text
        await moderator.press("Approve")
        assert await linked(e2e, group.group_id)
    # The owner opts both groups into the alliance through /groups.
    for group in (first, second):
        await owner.send("/groups")
        settings = await owner.press(group_title(group))
        assert "Settings" in settings.text
        joined = await owner.press("Join the alliance")
        assert "KG alliance" in joined.text
    scammer = await e2e.user("Cardrent", language="ru")
    await first.let_in(scammer)
    await second.let_in(scammer)
    offer = await first.say(scammer, "Кто хочет подзаработать? Пишите")

    await first.say(owner, "/ban scam", reply_to=offer)

    async def banned_everywhere() -> bool:
        return await first.status(scammer.id) == "kicked" and (
            await second.status(scammer.id) == "kicked"
        )

    await wait_for(banned_everywhere, "the ban to reach both allied groups")
    assert (await first.message(offer))["deleted"]
    async with e2e.session() as session:
        ban = await session.scalar(select(AllianceBan).where(AllianceBan.alliance == "kg"))
        audited = await session.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "chat.ban", AuditEntry.actor_id == owner.id
            )
        )
    assert ban is not None and ban.reason == "scam" and ban.moderator_id == owner.id
    assert audited is not None and audited.details["alliance"] == "kg"

    # A group that joins the alliance later keeps the person out too (known by the hash).
    third = await community(e2e, country="KG", city="Bishkek", owner=owner)
    await moderator.send("/mod")
    await review_until(moderator, "group link")
    await moderator.press("Approve")
    await owner.send("/groups")
    await owner.press(group_title(third))
    await owner.press("Join the alliance")
    await e2e.client.join_group(third.chat_id, scammer.id)

    async def kept_out() -> bool:
        return await third.status(scammer.id) == "kicked"

    await wait_for(kept_out, "the third group to keep the banned person out")

    # The banned person appeals through the bot; the moderator lifts the ban everywhere.
    await scammer.send("/start")
    sent = await scammer.send("/appeal Это ошибка, я просто искал работу")
    assert "✅" in sent.text
    await moderator.send("/mod")
    card = await moderator.press("Review")
    assert "Это ошибка" in card.text
    await moderator.press("Approve")

    async def lifted() -> bool:
        return await first.status(scammer.id) == "left" and (
            await second.status(scammer.id) == "left"
        )

    await wait_for(lifted, "the ban to be lifted in both groups")


async def review_until(moderator: Player, text: str) -> BotMessage:
    """The queue's card holding ``text`` (other items of the country may come first)."""
    card = await moderator.press("Review")
    for _ in range(10):
        if text in card.text:
            return card
        card = await moderator.press("Next")
    raise AssertionError(f"{text!r} is not in the moderator's queue")


def group_title(group: Community) -> str:
    return f"Bishkek newcomers {group.username.rsplit('_', 1)[1]}"


async def test_the_directory_card_shows_the_live_member_count(e2e: E2E) -> None:
    group = await community(e2e, country="UZ", city="Samarkand")
    reader = await e2e.user("Ani", language="en")
    await reader.onboard("uz-samarkand")
    async with e2e.session() as session:
        chat = await session.get(GroupChat, group.chat_id)
        assert chat is not None
        chat.link_confirmed = True  # a moderator confirmed it (the alliance test plays that)
        await session.commit()
    for name in ("Aram", "Lilit"):
        await group.let_in(await e2e.user(name, language="en"))

    title = f"Samarkand newcomers {group.username.rsplit('_', 1)[1]}"
    card = await reader.send("/communities")
    for _ in range(5):  # other tests' groups of the country may come first
        if title in card.text:
            break
        card = await reader.press("Next")
    # The list shows a button a group ("3. Title"): open its card.
    card = await reader.press(next(label for label in card.buttons if title in label))

    # Telegram counts every member, the bot too: the owner, the bot, Aram and Lilit.
    assert "Bot present" in card.text and "Members: 4" in card.text


async def test_an_event_posted_in_a_group_takes_rsvps_privately(e2e: E2E) -> None:
    organiser = await e2e.user("Nare", language="en")
    await organiser.onboard("am-yerevan")
    await e2e.grant(organiser, "organiser", "AM")
    group = await community(e2e, country="AM", city="Yerevan", owner=organiser)
    async with e2e.session() as session:
        event = Event(
            organiser_id=organiser.id,
            title="Newcomers' picnic",
            description="Bring a snack.",
            starts_at=utcnow() + timedelta(days=3),
            ends_at=utcnow() + timedelta(days=3, hours=2),
            timezone="Asia/Yerevan",
            venue="Lovers' Park",
            country="AM",
            city="Yerevan",
            professions=[],
            interests=[],
            status=EventStatus.PUBLISHED,
        )
        session.add(event)
        await session.commit()
        event_id = event.id
    guest = await e2e.user("Gor", language="en")
    await guest.onboard("am-yerevan")
    await group.let_in(guest)

    await organiser.send("/groups")
    await organiser.press("Yerevan newcomers")
    await organiser.press("Post an event here")
    await organiser.press("Newcomers' picnic")

    post = await group.last_bot_message("Newcomers' picnic")
    pinned = [m for m in await group.messages() if m.get("service") == "pinned_message"]
    assert pinned, "the event post is pinned"
    await e2e.client.group_press(group.chat_id, guest.id, post["message_id"], text="✅ I'll go")
    await e2e.client.wait_idle(WAIT)

    async def kept() -> int | None:
        async with e2e.session() as session:
            return await session.scalar(
                select(EventRsvp.member_ref).where(EventRsvp.event_id == event_id)
            )

    assert await wait_for(kept, "the RSVP to be kept") == guest.id
    # The group sees no names: the post is as it was.
    after = await group.message(post["message_id"])
    assert "Gor" not in after["text"] and after["text"] == post["text"]


async def test_a_join_request_is_approved_after_the_door_check_in_private(e2e: E2E) -> None:
    group = await community(e2e)
    zhan = await e2e.user("Zhan", language="ru")

    await e2e.client.join_group(group.chat_id, zhan.id, request=True)
    await e2e.client.wait_idle(WAIT)

    asked = await zhan.last()
    assert "Almaty newcomers" in asked.text and asked.buttons
    assert await group.status(zhan.id) == "left"  # not in before the tap
    await zhan.press(asked.buttons[0])

    async def let_in() -> bool:
        return await group.status(zhan.id) == "member"

    await wait_for(let_in, "the request to be approved")
    welcome = await group.last_bot_message("Zhan")
    assert (button_url(welcome) or "").endswith("?start=kz-almaty")
    await group.say(zhan, "Всем привет!")
