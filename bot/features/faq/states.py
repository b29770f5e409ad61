"""FSM states of the moderators' chat editor (members need none: a question is one message)."""

from aiogram.fsm.state import State, StatesGroup


class FaqEdit(StatesGroup):
    """Changing one field of an entry, or writing a new entry step by step."""

    value = State()  # a new value for the draft's "field" of its "entry"
    volatility = State()  # new entry: how often its facts change (after country and topic)
    sources = State()  # new entry: source URLs
    question_ru = State()
    answer_ru = State()
    keywords_ru = State()
    question_en = State()
    answer_en = State()
    keywords_en = State()
    preview = State()  # new entry: publish, save as draft, or cancel


#: The steps of a new entry after its country and topic (chosen on the editors' screens), in
#: order; the preview is the last.
NEW_ENTRY_STEPS = (
    FaqEdit.volatility,
    FaqEdit.sources,
    FaqEdit.question_ru,
    FaqEdit.answer_ru,
    FaqEdit.keywords_ru,
    FaqEdit.question_en,
    FaqEdit.answer_en,
    FaqEdit.keywords_en,
    FaqEdit.preview,
)
