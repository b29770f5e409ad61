"""FSM states of the broadcast wizard."""

from aiogram.fsm.state import State, StatesGroup


class Compose(StatesGroup):
    content = State()  # the text (formatting kept), a photo or a document with a caption
    button = State()  # an optional link button: "Label | https://…"
    segment = State()  # choosing who receives it
    confirm = State()  # the exact count and the preview shown: submit


class Unsubscribed(StatesGroup):
    reason = State()  # asked why (once)
