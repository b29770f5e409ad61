"""The steps of proposing a group, and the comment of a report ("something else")."""

from aiogram.fsm.state import State, StatesGroup


class Propose(StatesGroup):
    """FSM data holds the draft: link, country, city, title, description, kind, professions,
    interests, languages (plain values, see :class:`bot.features.directory.service.GroupDraft`)."""

    link = State()
    country = State()
    city = State()
    title = State()
    similar = State()
    description = State()
    kind = State()
    professions = State()
    interests = State()
    languages = State()
    confirm = State()


class ReportComment(StatesGroup):
    """FSM data: ``group`` and the browsing position to return to (page, country, profession)."""

    text = State()
