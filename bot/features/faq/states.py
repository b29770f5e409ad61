"""FSM states of the moderators' chat editor (members need none: a question is one message)."""

from aiogram.fsm.state import State, StatesGroup


class FaqEdit(StatesGroup):
    """Changing one field of an entry, or writing a new entry step by step."""

    value = State()  # a new value for the field in data["field"] of data["entry"]
    sources = State()  # new entry: source URLs
    question_ru = State()
    answer_ru = State()
    keywords_ru = State()
    question_en = State()
    answer_en = State()
    keywords_en = State()
    preview = State()  # new entry: publish, save as draft, or cancel


#: The steps of a new entry after its country, topic and volatility, in order.
NEW_ENTRY_STEPS = (
    FaqEdit.sources,
    FaqEdit.question_ru,
    FaqEdit.answer_ru,
    FaqEdit.keywords_ru,
    FaqEdit.question_en,
    FaqEdit.answer_en,
    FaqEdit.keywords_en,
)
