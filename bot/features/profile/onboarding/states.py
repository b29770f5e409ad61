"""The profile wizard's steps; /profile re-enters them one at a time (``mode`` = "edit")."""

from aiogram.fsm.state import State, StatesGroup


class Setup(StatesGroup):
    language = State()
    country = State()
    city = State()
    professions = State()
    interests = State()
    notifications = State()


MODE_ONBOARDING = "onboarding"
MODE_EDIT = "edit"
