"""The review loop that keeps the base true: a weekly digest for each country's moderators,
in their daytime and never in their quiet hours; and the starter base, walked entry by entry
as members read it, never claims a confirmation nobody gave."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select, update

from bot.db.models import FaqEntry, FaqStatus, Member
from bot.db.types import utcnow
from bot.features import plugins
from bot.features.faq import service
from bot.features.faq.jobs import send_review_digests
from bot.features.faq.render import card_text
from bot.i18n import offline_core
from bot.plugins import JobContext
from tests.integration.features.faq.stories import change_entry, moderator, settle
from tests.support.story import Harness

# The test's fixed clock: the day the starter base was checked against its sources.
CHECKED = date(2026, 12, 6)


class _Translator:
    """What ``card_text`` needs of an update's ``I18nContext``, outside an update."""

    def __init__(self, core: Any, locale: str) -> None:
        self.core, self.locale = core, locale

    def get(self, key: str, **values: object) -> str:
        return str(self.core.get(key, self.locale, **values))


def _at(day: date, hour_utc: int) -> datetime:
    return datetime.combine(day, time(hour_utc), tzinfo=UTC)


async def test_moderators_get_a_weekly_digest_of_their_countries_in_their_daytime(
    harness: Harness,
) -> None:
    today = utcnow().date()
    await change_entry(harness, "rs/housing", review_by=today - timedelta(days=4))
    await change_entry(harness, "rs/sim-card", review_by=today + timedelta(days=3))
    anna = await settle(harness, 7601, "RS")
    await anna.send("how do I open a bank account?")
    await anna.press("👎 No")
    await anna.send("where to find a vet for my cat in Serbia")
    await anna.press("Pass my question to the volunteers")
    olga = await moderator(harness, 7602, "RS")  # lives in Belgrade (UTC+1 in winter)
    nino = await moderator(harness, 7603, "GE")  # Tbilisi (UTC+4): nothing due there
    context = JobContext(
        services=harness.services, bot=harness.bot, worker_id="test", plugins=plugins()
    )
    seen = len(olga.transcript())

    night = _at(today, 2)  # 03:00 in Belgrade
    assert await send_review_digests(context, now=night) == 0
    morning = _at(today, 9)  # 10:00 in Belgrade
    assert await send_review_digests(context, now=morning) == 1
    digest = olga.transcript()[-1]
    assert len(olga.transcript()) == seen + 1
    assert digest.text.startswith("🛠 Knowledge base: this week")
    assert "🇷🇸 Housing — ⏳ overdue since" in digest.text
    assert "🇷🇸 SIM card — by" in digest.text
    assert "rs/bank-account — 1" in digest.text  # the 👎
    assert "Questions without a good answer: 1" in digest.text
    assert "Georgia" not in digest.text and not any(
        m.text.startswith("🛠 Knowledge base: this week") for m in nino.transcript()
    )

    assert await send_review_digests(context, now=morning + timedelta(hours=3)) == 0  # weekly
    await olga.press_on(digest, "Open the review list")
    assert "Due for review" in olga.last.text

    async with harness.services.sessions() as session, session.begin():
        await session.execute(
            update(Member).where(Member.id == 7602).values(quiet_start=8, quiet_end=12)
        )
    next_week = morning + timedelta(days=7)
    assert await send_review_digests(context, now=next_week) == 0  # 10:00 is in her quiet hours
    assert await send_review_digests(context, now=next_week + timedelta(hours=3)) == 1


async def test_every_starter_entry_reads_with_its_check_date_and_no_invented_confirmation(
    harness: Harness,
) -> None:
    core = offline_core()
    async with harness.services.sessions() as session:
        entries = list(
            await session.scalars(select(FaqEntry).where(FaqEntry.status == FaqStatus.PUBLISHED))
        )
        assert len(entries) >= 190
        for entry in entries:
            assert entry.verified_at is None and entry.verified_by is None, entry.slug
            assert entry.checked_on == CHECKED, entry.slug
            assert entry.review_by is not None and entry.review_by >= CHECKED, entry.slug
            for lang, checked, confirmed in (
                ("ru", "Сверено с источниками", "Подтверждено модератором"),
                ("en", "Checked against the sources on", "Confirmed by a moderator"),
            ):
                card = service.card_of(entry, lang)
                assert card.lang == lang and card.question and card.answer, entry.slug

                i18n = _Translator(core, lang)
                text = card_text(i18n, card, today=CHECKED, full=True)  # type: ignore[arg-type]
                assert checked in text and confirmed not in text, entry.slug
                assert "⏳" not in text, entry.slug  # nothing is due on the day it was checked
