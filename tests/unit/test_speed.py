"""What ``bot.speed`` changes at start-up leaves every object as aiogram would have made it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from types import FrameType
from typing import Any

from aiogram import Bot
from aiogram.client.context_controller import BotContextController
from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import Message, TelegramObject, Update
from pydantic import PrivateAttr

from bot import speed

PRESS = {
    "update_id": 7,
    "callback_query": {
        "id": "q1",
        "from": {"id": 42, "is_bot": False, "first_name": "Member", "language_code": "en"},
        "chat_instance": "c1",
        "data": "menu:jobs",
        "message": {
            "message_id": 3,
            "date": 1,
            "chat": {"id": 42, "type": "private", "first_name": "Member"},
            "from": {"id": 1, "is_bot": True, "first_name": "Prichal"},
            "text": "Main menu",
            "reply_markup": {"inline_keyboard": [[{"text": "Jobs", "callback_data": "menu:jobs"}]]},
        },
    },
}


def a_bot() -> Bot:
    return Bot("42:TEST-TOKEN-FOR-SPEED")


def objects_in(model: BotContextController) -> Iterator[BotContextController]:
    """The object and every aiogram object nested in it (lists of lists included)."""
    yield model
    for name in type(model).model_fields:
        pending: list[Any] = [getattr(model, name)]
        while pending:
            value = pending.pop()
            if isinstance(value, BotContextController):
                yield from objects_in(value)
            elif isinstance(value, list):
                pending.extend(value)


def functions_called(action: Any) -> list[str]:
    """The names of the Python functions ``action()`` called (deterministic, no timing)."""
    names: list[str] = []

    def profile(frame: FrameType, event: str, _: Any) -> None:
        if event == "call":
            names.append(frame.f_code.co_name)

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return names


def test_an_update_and_everything_in_it_know_the_bot_it_came_from() -> None:
    speed.bind_bot_in_one_step()
    bot = a_bot()

    update = Update.model_validate(PRESS, context={"bot": bot})

    nested = list(objects_in(update))
    assert len(nested) >= 7  # update, query, user, message, chat, bot user, keyboard, button
    assert all(each.bot is bot for each in nested)
    assert all(each.__pydantic_private__ == {"_bot": bot} for each in nested)


def test_parsing_takes_the_one_step_not_pydantics_wrappers() -> None:
    speed.bind_bot_in_one_step()
    bot = a_bot()

    called = functions_called(lambda: Update.model_validate(PRESS, context={"bot": bot}))

    assert "_bind_bot" in called
    assert "init_private_attributes" not in called
    assert "wrapped_model_post_init" not in called


def test_without_a_bot_objects_carry_none_and_can_be_bound_later() -> None:
    speed.bind_bot_in_one_step()
    bot = a_bot()

    message = Message.model_validate(PRESS["callback_query"]["message"])  # type: ignore[index]
    method = SendMessage(chat_id=42, text="hello")

    assert message.bot is None and method.bot is None
    assert message.as_(bot).bot is bot and method.as_(bot).bot is bot
    assert message.model_copy().bot is bot  # a copy keeps what was bound


def test_methods_and_types_alike_take_the_one_step_and_it_can_run_again() -> None:
    first = speed.bind_bot_in_one_step()
    again = speed.bind_bot_in_one_step()

    assert first == again > 500  # aiogram's ~400 types and ~170 methods
    assert Message.__dict__["model_post_init"] is speed._bind_bot
    assert EditMessageText.__dict__["model_post_init"] is speed._bind_bot


def test_a_class_with_a_post_init_or_a_private_attribute_of_its_own_is_left_as_it_is() -> None:
    class Stamped(TelegramObject):
        text: str
        _stamped: bool = PrivateAttr(default=False)  # a private attribute of its own

        def model_post_init(self, context: Any, /) -> None:
            super().model_post_init(context)
            self._stamped = True

    class Counted(TelegramObject):
        _seen: int = PrivateAttr(default=1)

    speed.bind_bot_in_one_step()
    bot = a_bot()

    stamped = Stamped.model_validate({"text": "x"}, context={"bot": bot})
    counted = Counted.model_validate({}, context={"bot": bot})

    assert "model_post_init" in Stamped.__dict__
    assert Stamped.__dict__["model_post_init"] is not speed._bind_bot
    assert stamped.bot is bot and stamped._stamped is True
    assert Counted.__dict__.get("model_post_init") is not speed._bind_bot
    assert counted.bot is bot and counted._seen == 1


def test_a_class_made_after_the_step_still_knows_its_bot() -> None:
    speed.bind_bot_in_one_step()

    class Later(TelegramObject):
        note: str

    bot = a_bot()
    assert Later.model_validate({"note": "x"}, context={"bot": bot}).bot is bot
    speed.bind_bot_in_one_step()
    assert Later.__dict__["model_post_init"] is speed._bind_bot
    assert Later.model_validate({"note": "y"}, context={"bot": bot}).bot is bot
