"""The steps of proposing a group, and the comment of a report ("something else")."""

from aiogram.fsm.state import State, StatesGroup


class Propose(StatesGroup):
    """The steps of :mod:`bot.features.directory.propose`, in order. FSM data holds the draft under
    ``propose``: link, country, city, title, similar (titles alike), description, kind,
    professions, interests, languages (plain values, see ``service.GroupDraft``)."""

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
