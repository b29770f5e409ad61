"""The organiser's wizards: a new event, a message to attendees, a new time, how many came."""

from aiogram.fsm.state import State, StatesGroup


class NewEvent(StatesGroup):
    title = State()
    description = State()
    format = State()  # in person or online
    country = State()
    city = State()  # in person, where the country has a city list
    zone = State()  # online for every country: which clock the organiser types in
    start = State()
    start_check = State()  # the start as understood, in words: confirm or type it again
    duration = State()
    venue = State()
    link = State()
    professions = State()
    interests = State()
    capacity = State()
    confirm = State()


class Manage(StatesGroup):
    message = State()  # typing the message to everyone going
    message_confirm = State()
    move = State()  # typing the new start
    move_confirm = State()
    attendance = State()  # typing how many came, after the event
