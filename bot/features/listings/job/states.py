"""The job posting wizard's steps, in order."""

from aiogram.fsm.state import State, StatesGroup


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


ORDER: tuple[State, ...] = (
    JobWizard.title,
    JobWizard.company,
    JobWizard.place,
    JobWizard.city,
    JobWizard.professions,
    JobWizard.employment,
    JobWizard.languages,
    JobWizard.salary,
    JobWizard.description,
    JobWizard.how_to_apply,
    JobWizard.preview,
)
# Short step names in callback data.
STEP_CODES: dict[str, State] = {
    "ti": JobWizard.title,
    "co": JobWizard.company,
    "pl": JobWizard.place,
    "ci": JobWizard.city,
    "pr": JobWizard.professions,
    "em": JobWizard.employment,
    "la": JobWizard.languages,
    "sa": JobWizard.salary,
    "de": JobWizard.description,
    "ha": JobWizard.how_to_apply,
    "pv": JobWizard.preview,
}
