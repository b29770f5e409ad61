"""aiogram's models are built when first used, and each builds and validates as at import."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pydantic
from aiogram import methods, types
from aiogram.methods import Response, SendMessage
from pydantic import BaseModel

from bot.lazy_models import CHECKED_PYDANTIC, deferring


def models_of(module: object) -> list[type[BaseModel]]:
    found = []
    for name in module.__all__:  # type: ignore[attr-defined]
        value = getattr(module, name)
        if inspect.isclass(value) and issubclass(value, BaseModel):
            found.append(value)
    return found


def test_deferral_is_on_for_the_pydantic_it_was_checked_with() -> None:
    checked = ".".join(pydantic.VERSION.split(".")[:2]) in CHECKED_PYDANTIC
    assert deferring() == checked


def test_a_fresh_process_builds_no_model_at_import() -> None:
    probe = (
        "import bot, aiogram.types as t, aiogram.methods as m; "
        "print(t.Message.__pydantic_complete__, m.SendMessage.__pydantic_complete__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    expected = "False False" if deferring() else "True True"
    assert result.stdout.split() == expected.split()


def test_every_type_and_method_builds_on_first_use() -> None:
    incomplete = []
    for model in models_of(types) + models_of(methods):
        if model.__pydantic_generic_metadata__["parameters"]:
            continue  # a generic base (TelegramMethod[T], Response[T]) is built per parameter
        model.model_rebuild()
        if not model.__pydantic_complete__:
            incomplete.append(model.__name__)
    assert incomplete == []


def test_an_update_and_a_reply_round_trip() -> None:
    update = types.Update.model_validate(
        {
            "update_id": 7,
            "callback_query": {
                "id": "1",
                "chat_instance": "c",
                "data": "menu:groups",
                "from": {"id": 5, "is_bot": False, "first_name": "Нино", "language_code": "ru"},
                "message": {
                    "message_id": 3,
                    "date": 1_700_000_000,
                    "chat": {"id": 5, "type": "private"},
                    "text": "Меню",
                    "reply_markup": {
                        "inline_keyboard": [[{"text": "Группы", "callback_data": "menu:groups"}]]
                    },
                },
            },
        }
    )
    assert update.callback_query is not None
    message = update.callback_query.message
    assert isinstance(message, types.Message) and message.reply_markup is not None
    assert message.reply_markup.inline_keyboard[0][0].text == "Группы"

    reply = SendMessage(chat_id=5, text="Привет", reply_markup=message.reply_markup)
    markup = reply.model_dump(exclude_none=True)["reply_markup"]
    assert markup["inline_keyboard"][0][0]["callback_data"] == "menu:groups"

    answer = Response[types.Message].model_validate(
        {
            "ok": True,
            "result": {
                "message_id": 4,
                "date": 0,
                "chat": {"id": 5, "type": "private"},
                "text": "Привет",
                "reply_markup": markup,
            },
        }
    )
    assert answer.result is not None and answer.result.text == "Привет"
