"""The job posting wizard's steps, in order."""

from aiogram.fsm.state import State, StatesGroup

from bot.features.listings.posting import step_codes


class JobWizard(StatesGroup):
    title = State()
    company = State()
    place = State()
    city = State()
    professions = State()
    employment = State()
    languages = State()
    salary = State()
    description = State()
    how_to_apply = State()
    preview = State()


# Short step names in callback data, in the order of the steps.
STEP_CODES = step_codes(JobWizard, "ti co pl ci pr em la sa de ha pv")
