"""Demo events for ``python -m bot demo``: a few upcoming, clearly marked.

Dates are relative to the moment of loading (in each event's own time zone), so the demo always
has something to RSVP to. The Tbilisi ones belong to the demo organiser (when the personas are
loaded): one published, so "Manage" shows attendance, and one waiting in the moderation queue
for the demo moderator. Loading twice adds nothing (each is recorded in ``seeded_content``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.demo_personas import ORGANISER
from bot.db.models import ALL_COUNTRIES, Event, EventStatus, Member, ReviewKind, SeededContent
from bot.db.types import utcnow
from bot.features.moderation import service as moderation

DEMO_KIND = "demo-event"
DEMO_MARK = "🧪 ДЕМО / DEMO · "
DEMO_NOTE = "Демо-событие: на самом деле его нет. / A demo event: it does not really happen."


@dataclass(frozen=True)
class _Demo:
    key: str
    title: str
    description: str
    days_ahead: int
    at: time
    minutes: int
    timezone: str
    country: str
    city: str | None
    venue: str | None = None
    online_url: str | None = None
    professions: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    capacity: int | None = None
    by_demo_organiser: bool = False
    pending: bool = False  # waits for a moderator instead of being published


DEMOS = (
    _Demo(
        key="tbilisi-designers-breakfast",
        title="Завтрак дизайнеров",
        description="Портфолио-ревью и знакомства за кофе. Берите ноутбук или распечатки.",
        days_ahead=3,
        at=time(10, 0),
        minutes=90,
        timezone="Asia/Tbilisi",
        country="GE",
        city="Tbilisi",
        venue="Кафе у станции Руставели (демо-адрес)",
        professions=("design", "marketing"),
        interests=("networking",),
        capacity=12,
        by_demo_organiser=True,
    ),
    _Demo(
        key="tbilisi-board-games",
        title="Вечер настольных игр",
        description="Приносите свои игры; новичкам объясним правила.",
        days_ahead=6,
        at=time(19, 30),
        minutes=180,
        timezone="Asia/Tbilisi",
        country="GE",
        city="Tbilisi",
        venue="Антикафе в Сололаки (демо-адрес)",
        interests=("networking", "events"),
        capacity=16,
        by_demo_organiser=True,
        pending=True,
    ),
    _Demo(
        key="belgrade-residence-permit-qa",
        title="ВНЖ в Сербии: вопросы юристу",
        description="Час ответов на вопросы о виде на жительство и регистрации. Без записи.",
        days_ahead=5,
        at=time(18, 30),
        minutes=60,
        timezone="Europe/Belgrade",
        country="RS",
        city="Belgrade",
        venue="Коворкинг в центре (демо-адрес)",
        professions=("law",),
        interests=("legal", "relocation"),
        capacity=30,
    ),
    _Demo(
        key="online-bank-account-abroad",
        title="Онлайн: счёт за границей — вопросы и ответы",
        description="Как открыть счёт с российским паспортом, какие документы спрашивают банки.",
        days_ahead=2,
        at=time(19, 0),
        minutes=60,
        timezone="Europe/Moscow",
        country=ALL_COUNTRIES,
        city=None,
        online_url="https://example.org/demo-meeting",
        professions=("finance",),
        interests=("banking",),
    ),
    _Demo(
        key="yerevan-it-networking",
        title="IT-нетворкинг в Ереване",
        description="Короткие доклады о найме в Армении и свободное общение.",
        days_ahead=7,
        at=time(19, 0),
        minutes=150,
        timezone="Asia/Yerevan",
        country="AM",
        city="Yerevan",
        venue="Бар на Каскаде (демо-адрес)",
        professions=("it",),
        interests=("networking", "jobs"),
        capacity=40,
    ),
    _Demo(
        key="almaty-kazakh-speaking-club",
        title="Разговорный клуб казахского языка",
        description="Для начинающих: простые диалоги, игры, чай.",
        days_ahead=4,
        at=time(18, 0),
        minutes=90,
        timezone="Asia/Almaty",
        country="KZ",
        city="Almaty",
        venue="Библиотека (демо-адрес)",
        interests=("language",),
        capacity=2,
    ),
)


def _start(demo: _Demo, now: datetime) -> datetime:
    zone = ZoneInfo(demo.timezone)
    day = now.astimezone(zone).date() + timedelta(days=demo.days_ahead)
    return datetime.combine(day, demo.at, tzinfo=zone).astimezone(UTC)


async def load_demo_events(session: AsyncSession, now: datetime | None = None) -> int:
    """Add the demo events not loaded before; returns how many were added. Never commits."""
    now = now or utcnow()
    organiser = await session.get(Member, ORGANISER.user_id)
    added = 0
    for demo in DEMOS:
        if await session.get(SeededContent, (DEMO_KIND, demo.key)) is not None:
            continue
        organiser_id = organiser.id if organiser is not None and demo.by_demo_organiser else None
        starts_at = _start(demo, now)
        event = Event(
            organiser_id=organiser_id,
            title=DEMO_MARK + demo.title,
            description=f"{DEMO_NOTE}\n\n{demo.description}",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=demo.minutes),
            timezone=demo.timezone,
            venue=demo.venue,
            online_url=demo.online_url,
            country=demo.country,
            city=demo.city,
            professions=list(demo.professions),
            interests=list(demo.interests),
            capacity=demo.capacity,
            status=EventStatus.PENDING if demo.pending else EventStatus.PUBLISHED,
            sequence=0,
            created_at=now,
            updated_at=now,
        )
        session.add(event)
        if demo.pending:
            await session.flush()
            await moderation.submit(
                session,
                kind=ReviewKind.EVENT,
                target_id=str(event.id),
                country=event.country,
                author_id=organiser_id,
            )
        session.add(SeededContent(kind=DEMO_KIND, key=demo.key, loaded_at=now))
        added += 1
    await session.flush()
    return added
