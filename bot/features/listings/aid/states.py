"""The mutual-aid wizard's steps, in order (urgency only for requests)."""

from aiogram.fsm.state import State, StatesGroup


class AidWizard(StatesGroup):
    category = State()
    title = State()
    description = State()
    place = State()
    city = State()
    urgency = State()
    preview = State()


ORDER: tuple[State, ...] = (
    AidWizard.category,
    AidWizard.title,
    AidWizard.description,
    AidWizard.place,
    AidWizard.city,
    AidWizard.urgency,
    AidWizard.preview,
)
STEP_CODES: dict[str, State] = {
    "ca": AidWizard.category,
    "ti": AidWizard.title,
    "de": AidWizard.description,
    "pl": AidWizard.place,
    "ci": AidWizard.city,
    "ur": AidWizard.urgency,
    "pv": AidWizard.preview,
}
