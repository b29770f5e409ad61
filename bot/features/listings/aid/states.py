"""The mutual-aid wizard's steps, in order (urgency only for requests)."""

from aiogram.fsm.state import State, StatesGroup

from bot.features.listings.posting import step_codes


class AidWizard(StatesGroup):
    category = State()
    title = State()
    description = State()
    place = State()
    city = State()
    urgency = State()
    preview = State()


# Short step names in callback data, in the order of the steps.
STEP_CODES = step_codes(AidWizard, "ca ti de pl ci ur pv")
