"""Moderators work one queue: /mod counts what waits in their countries, shows the oldest first,
and every decision — approve, edit then approve, reject with a reason — is checked on the
server, audited, and told to the author in the author's language."""

from __future__ import annotations

from datetime import timedelta

from bot.db.models import AuditOutcome, Group, GroupStatus, ReviewKind, ReviewStatus
from bot.db.types import utcnow
from bot.features.moderation import service as moderation
from bot.outbox.job import outbox_job
from tests.conftest import HarnessFactory
from tests.support.copy import has
from tests.support.directory import (
    ADMIN,
    add_group,
    age_item,
    audit_entries,
    group_by_title,
    onboarded,
    propose,
    review_items,
    staff,
)
from tests.support.story import Harness

ANNA, OLGA, GEORGIAN_MOD, SERBIAN_MOD = 2101, 2102, 2201, 2202


async def test_submit_approve_and_the_group_is_visible(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    anna = await onboarded(harness, ANNA)
    await propose(anna, link="https://t.me/tbilisi_devs", title="Тбилиси: разработчики")
    assert "ждёт модератора" in anna.last.text

    olga = await onboarded(harness, OLGA)
    await olga.send("/communities")
    assert "Тбилиси: разработчики" not in olga.last.text  # not before a moderator approves

    moderator = await staff(harness, GEORGIAN_MOD, "moderator", "GE")
    await moderator.send("/mod")
    assert "Waiting for review: 1" in moderator.last.text
    await moderator.press("Review, oldest first")
    card = moderator.last.text
    assert "Тбилиси: разработчики" in card and "https://t.me/tbilisi_devs" in card
    assert str(ANNA) not in card  # moderators never see who proposed it
    await moderator.press("Approve")
    assert "Approved: “Тбилиси: разработчики”" in moderator.last.text
    assert "The queue is empty" in moderator.last.text

    notice = anna.last.text
    assert "одобрена модератором" in notice and "Тбилиси: разработчики" in notice

    await olga.send("/communities")
    assert "Тбилиси: разработчики" in olga.last.text
    await olga.press("Тбилиси: разработчики")  # its card
    assert "Проверено модератором" in olga.last.text
    [item] = await review_items(harness)
    assert (item.status, item.decided_by) == (ReviewStatus.APPROVED, GEORGIAN_MOD)
    [entry] = await audit_entries(harness, "review.approve")
    assert (entry.actor_id, entry.outcome, entry.scope) == (GEORGIAN_MOD, AuditOutcome.OK, "GE")


async def test_a_rejection_reason_reaches_the_author_in_her_language_and_she_appeals_once(
    harness: Harness,
) -> None:
    anna = await onboarded(harness, ANNA, language="ru")
    await propose(anna, link="@private_chat_x", title="Какой-то чат")
    moderator = await staff(harness, GEORGIAN_MOD, "moderator", "GE", language="en")

    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    await moderator.press("Reject")
    assert "Why are you rejecting “Какой-то чат”?" in moderator.last.text
    await moderator.send("The link leads to a <private> chat & needs an invite")
    assert "Rejected: “Какой-то чат”" in moderator.last.text
    assert "The author has been told why." in moderator.last.text

    notice = anna.last.text
    assert "не одобрена" in notice  # Russian: the author's language, not the moderator's
    assert "The link leads to a <private> chat & needs an invite" in notice  # escaped, intact
    group = await group_by_title(harness, "Какой-то чат")
    assert group is not None and group.status == GroupStatus.REJECTED

    await anna.press("Обжаловать")
    await anna.send("Это открытый чат, ссылку поменяли вчера")
    assert "Апелляция в очереди" in anna.last.text

    await moderator.send("/mod")
    assert "Waiting for review: 1" in moderator.last.text
    await moderator.press("Review, oldest first")
    assert "Appeal" in moderator.last.text
    assert "Это открытый чат, ссылку поменяли вчера" in moderator.last.text
    await moderator.press("Reject")
    await moderator.send("Still invite-only, sorry")
    final = anna.last.text
    assert "апелляция рассмотрена" in final and "Still invite-only, sorry" in final
    assert not any("Обжаловать" in label for label, _ in anna.last.buttons())

    # The old appeal button does not give a second appeal.
    first_notice = next(m for m in anna.transcript() if "не одобрена" in m.text)
    await anna.press_data(first_notice.buttons()[0][1], first_notice)
    assert "уже обжаловали" in (anna.last_answer() or "")
    [item] = await review_items(harness)
    assert item.status == ReviewStatus.REJECTED


async def test_a_forged_approve_from_a_member_changes_nothing_and_is_audited(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    anna = await onboarded(harness, ANNA)
    await propose(anna, link="@scam_deposits", title="Аренда без залога")
    [item] = await review_items(harness)

    await anna.press_data(f"mq:ok:{item.id}:0:")  # the moderator's Approve, forged
    assert anna.last_answer() == "⛔ Для этого нужна роль «модератор»."
    [after] = await review_items(harness)
    assert after.status == ReviewStatus.PENDING
    group = await group_by_title(harness, "Аренда без залога")
    assert group is not None and group.status == GroupStatus.PENDING
    [denied] = await audit_entries(harness, "moderation.approve")
    assert (denied.actor_id, denied.outcome) == (ANNA, AuditOutcome.DENIED)


async def test_a_moderator_of_serbia_cannot_approve_a_georgian_group(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    anna = await onboarded(harness, ANNA)
    await propose(anna, link="@tbilisi_bikes", title="Велосипедисты Тбилиси")
    [item] = await review_items(harness)

    serbian = await staff(harness, SERBIAN_MOD, "moderator", "RS")
    await serbian.send("/mod")
    assert "Waiting for review: 0" in serbian.last.text  # not even counted
    await serbian.press_data(f"mq:ok:{item.id}:0:")
    assert "outside the countries you moderate" in (serbian.last_answer() or "")
    await serbian.press_data(f"mq:no:{item.id}:0:")  # nor reject it
    await serbian.press_data(f"mq:ed:{item.id}:0:")  # nor edit it

    [after] = await review_items(harness)
    assert after.status == ReviewStatus.PENDING
    group = await group_by_title(harness, "Велосипедисты Тбилиси")
    assert group is not None and group.status == GroupStatus.PENDING
    denied = [
        (entry.action, entry.actor_id, entry.outcome, entry.scope)
        for action in ("review.approve", "review.reject", "review.edit")
        for entry in await audit_entries(harness, action)
    ]
    assert denied == [
        ("review.approve", SERBIAN_MOD, AuditOutcome.DENIED, "GE"),
        ("review.reject", SERBIAN_MOD, AuditOutcome.DENIED, "GE"),
        ("review.edit", SERBIAN_MOD, AuditOutcome.DENIED, "GE"),
    ]


async def test_edit_then_approve(harness: Harness) -> None:
    anna = await onboarded(harness, ANNA)
    await propose(anna, link="@tbilisi_designers", title="дизайнеры тбилиси!!!")
    moderator = await staff(harness, GEORGIAN_MOD, "moderator", "GE")
    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    await moderator.press("Edit before approving")
    await moderator.press("Name")
    assert "дизайнеры тбилиси!!!" in moderator.last.text  # the current value, to copy
    await moderator.send("   ")
    assert "cannot be empty" in moderator.last.text
    await moderator.send("Дизайнеры Тбилиси")
    assert "Saved: Name" in moderator.last.text
    assert "<b>Дизайнеры Тбилиси</b>" not in moderator.last.text  # rendered, not raw HTML
    assert "Дизайнеры Тбилиси" in moderator.last.text
    await moderator.press("Approve")

    group = await group_by_title(harness, "Дизайнеры Тбилиси")
    assert group is not None and group.status == GroupStatus.PUBLISHED
    [edit] = await audit_entries(harness, "review.edit")
    assert edit.actor_id == GEORGIAN_MOD and edit.details["field"] == "title"
    assert "Дизайнеры Тбилиси" in anna.last.text  # the approval names the corrected title


async def test_the_queue_is_oldest_first_and_counts_only_the_moderators_countries(
    harness: Harness,
) -> None:
    anna = await onboarded(harness, ANNA)
    await propose(anna, link="@ge_newer", title="Новее")
    await propose(anna, link="@ge_older", title="Старше")
    await propose(anna, link="@rs_group", title="Белград: все", country="Сербия", city="Белград")
    items = await review_items(harness)
    await age_item(harness, items[1].id, utcnow() - timedelta(hours=5))

    moderator = await staff(harness, GEORGIAN_MOD, "moderator", "GE")
    await moderator.send("/mod")
    assert "Waiting for review: 2" in moderator.last.text
    await moderator.press("Review, oldest first")
    assert "Старше" in moderator.last.text and "1 of 2" in moderator.last.text
    await moderator.press("Next")
    assert "Новее" in moderator.last.text and "2 of 2" in moderator.last.text

    admin = harness.member(ADMIN, language_code="en")
    await admin.send("/mod")
    assert "Waiting for review: 3" in admin.last.text  # admins see every country


async def test_a_reason_that_is_too_long_is_refused_and_a_command_leaves_the_step(
    harness: Harness,
) -> None:
    anna = await onboarded(harness, ANNA)
    await propose(anna, link="@ge_long_reason", title="Группа")
    moderator = await staff(harness, GEORGIAN_MOD, "moderator", "GE")
    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    await moderator.press("Reject")
    await moderator.send("x" * 501)
    assert has(moderator.last.text, "mod-reason-too-long", length=501, limit=500)
    await moderator.send("/mod")  # changes her mind: back home, nothing decided
    assert "Waiting for review: 1" in moderator.last.text
    await moderator.send("not a reason any more")
    [item] = await review_items(harness)
    assert item.status == ReviewStatus.PENDING


async def test_a_member_asking_for_mod_is_refused_and_audited(harness: Harness) -> None:
    anna = await onboarded(harness, ANNA)
    await anna.send("/mod")
    assert anna.last.text == "⛔ Для этого нужна роль «модератор»."
    [denied] = await audit_entries(harness, "moderation.mod_command")
    assert (denied.actor_id, denied.outcome) == (ANNA, AuditOutcome.DENIED)


async def test_an_item_whose_listing_vanished_can_be_removed_from_the_queue(
    harness: Harness,
) -> None:
    group = await add_group(harness, slug="ge-vanishing", status=GroupStatus.PENDING)
    async with harness.services.sessions() as session, session.begin():
        await moderation.submit(
            session, kind=ReviewKind.GROUP, target_id=str(group.id), country="GE", author_id=None
        )
        await session.delete(await session.get(Group, group.id))
    admin = harness.member(ADMIN, language_code="en")
    await admin.send("/mod")
    await admin.press("Review, oldest first")
    assert "no longer exists" in admin.last.text
    assert not any("Approve" in label for label, _ in admin.last.buttons())
    await admin.press("Remove from the queue")
    assert "The queue is empty" in admin.last.text
    [item] = await review_items(harness)
    assert item.status == ReviewStatus.WITHDRAWN


class JobOffers:
    """A kind of listing another feature will register (jobs): the queue must need no change."""

    def __init__(self) -> None:
        self.published: set[str] = set()

    async def describe(self, session: object, target_id: str, locale: str) -> str | None:
        return f"<b>Backend developer</b> &lt;remote&gt; #{target_id}"

    async def title(self, session: object, target_id: str) -> str | None:
        return "Backend developer"

    async def approve(self, session: object, target_id: str, moderator_id: int) -> None:
        self.published.add(target_id)

    async def reject(self, session: object, target_id: str, moderator_id: int) -> None:
        self.published.discard(target_id)


async def test_a_kind_registered_later_is_reviewed_with_no_change_to_the_queue(
    make_harness: HarnessFactory,
) -> None:
    """A feature plugs its kind in through its descriptor alone: the queue is not touched."""
    from dataclasses import replace

    from bot.features import FEATURES
    from bot.plugins import Feature, Plugins

    jobs = JobOffers()
    # This descriptor stands in for the real job offers (listings' job kind is left out).
    features = [
        replace(feature, review={k: v for k, v in feature.review.items() if k != ReviewKind.JOB})
        for feature in FEATURES
    ]
    plugins = Plugins.of([*features, Feature("job_offers", review={ReviewKind.JOB: lambda: jobs})])
    harness = await make_harness(admin_ids="1", plugins=plugins)
    anna = await onboarded(harness, ANNA)
    async with harness.services.sessions() as session, session.begin():
        await moderation.submit(
            session, kind=ReviewKind.JOB, target_id="17", country="GE", author_id=ANNA
        )
    moderator = await staff(harness, GEORGIAN_MOD, "moderator", "GE")
    await moderator.send("/mod")
    assert "job offer: 1" in moderator.last.text
    await moderator.press("Review, oldest first")
    assert (
        "job offer" in moderator.last.text
        and "Backend developer <remote> #17" in moderator.last.text
    )
    labels = [label for label, _ in moderator.last.buttons()]
    assert not any("Edit" in label for label in labels)  # this kind is not editable
    await moderator.press("Approve")
    assert jobs.published == {"17"}
    assert "вакансия" in anna.last.text and "одобрена" in anna.last.text


async def test_items_waiting_over_48_hours_are_flagged_to_admins_once(harness: Harness) -> None:
    from bot.features import plugins
    from bot.worker.runner import Worker

    anna = await onboarded(harness, ANNA)
    await propose(anna, link="@ge_forgotten", title="Забытая заявка")
    await propose(anna, link="@ge_fresh", title="Свежая заявка")
    items = await review_items(harness)
    await age_item(harness, items[0].id, utcnow() - timedelta(hours=49))

    [job] = [job for job in plugins().jobs if job.name == "moderation.escalate_overdue"]
    # The job owes the alerts, the outbox's loop (run after it) sends them.
    worker = Worker(harness.services, harness.bot, jobs=[job, outbox_job()])
    assert (await worker.run_once())["moderation.escalate_overdue"] == 1
    admin = harness.member(ADMIN, language_code="en")
    assert "One item has waited in the review queue for more than 48 hours" in admin.last.text
    assert "(2 pending in all)" in admin.last.text
    alerts = len(admin.transcript())
    assert (await worker.run_once())["moderation.escalate_overdue"] == 0
    assert len(admin.transcript()) == alerts  # flagged once per wait, not every round

    await admin.send("/mod")
    await admin.press("Review, oldest first")
    assert "Забытая заявка" in admin.last.text and "overdue" in admin.last.text


async def test_a_moderator_cannot_decide_on_her_own_proposal(harness: Harness) -> None:
    moderator = await staff(harness, GEORGIAN_MOD, "moderator", "GE", language="ru")
    await onboarded(harness, GEORGIAN_MOD)
    await propose(moderator, link="@my_own_group", title="Моя группа")
    await moderator.send("/mod")
    await moderator.press("Проверять, старые первыми")
    await moderator.press("Одобрить")
    assert "ваша собственная заявка" in (moderator.last_answer() or "")
    await moderator.press("Отклонить")
    assert "ваша собственная заявка" in (moderator.last_answer() or "")
    [item] = await review_items(harness)
    assert item.status == ReviewStatus.PENDING
    [denied] = await audit_entries(harness, "review.approve")
    assert denied.outcome == AuditOutcome.DENIED and denied.details["why"] == "own"
