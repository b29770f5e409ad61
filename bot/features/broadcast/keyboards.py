"""Keyboards and callback data of broadcasts. Every CallbackData fits 64 bytes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Self

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.ui.keyboards import InlineKeyboardBuilder, multiselect
from bot.ui.steps import BACK, CANCEL, SUBMIT

Translate = Callable[..., str]


class BcCb(CallbackData, prefix="bc"):
    """The author's controls: ``show``, ``pause``, ``resume``, ``cancel``, ``cancel_ok``,
    ``mine``, ``new``."""

    action: str
    id: int = 0


# The compose wizard's step codes (:mod:`bot.features.broadcast.compose`), and the step each
# action packed in its buttons belongs to.
ACTION_STEPS = {
    "skip": "button",
    "dim": "segment",
    "tog": "segment",
    "ev": "segment",
    "seg": "segment",
    "preview": "segment",
    "sign": "confirm",
    "now": "confirm",
}
LEGACY_CANCEL = "x"  # ✖ Cancel as packed before the step engine


class ComposeCb(CallbackData, prefix="bcw"):
    """A button of the compose wizard, packed ``bcw:<action>:<value>`` as before the step
    engine (buttons already sent keep working): the action (``skip``, ``seg``, ``dim``,
    ``tog``, ``ev``, ``preview``, ``sign``, ``submit``, ``now``; the engine's ``back``,
    ``cancel`` and Keep), then a value (a slug, a code, an id). The field was ``value``: names
    are not in the packed data.

    Unpacked, it is what the engine reads: ``step``, the code of the step the action belongs
    to, and ``v``, ``"<action>:<value>"`` (see :data:`ACTION_STEPS`). "Change recipients"
    under the preview is now the engine's Back; its older ``seg`` (the segment's Done too)
    belongs to the segment step, so under an older preview it shows where the wizard is."""

    step: str
    v: str = ""

    @classmethod
    def unpack(cls, value: str) -> Self:
        packed = super().unpack(value)
        if packed.step == LEGACY_CANCEL:
            return cls(step=CANCEL)
        code = ACTION_STEPS.get(packed.step)
        return packed if code is None else cls(step=code, v=f"{packed.step}:{packed.v}")


class UnsubCb(CallbackData, prefix="bu"):
    """The unsubscribe button of copies sent before :class:`OptOutCb` (still honoured)."""

    reason: str = ""


class OptOutCb(CallbackData, prefix="bo"):
    """Under each copy of broadcast ``b``: ``off`` (unsubscribe), then ``undo`` (subscribe
    again) or ``why`` with a ``reason`` (counted, tied to nobody)."""

    action: str
    b: int = 0
    reason: str = ""


DIMENSION_KEYS = {
    "countries": "bc-dim-countries",
    "cities": "bc-dim-cities",
    "professions": "bc-dim-professions",
    "interests": "bc-dim-interests",
    "languages": "bc-dim-languages",
    "event": "bc-dim-event",
}


def recipient_keyboard(
    t: Translate, button_text: str | None, button_url: str | None, broadcast_id: int = 0
) -> InlineKeyboardMarkup:
    """Under every broadcast: its link button (if any) and a one-tap "Unsubscribe"."""
    rows: list[list[InlineKeyboardButton]] = []
    if button_text and button_url:
        rows.append([InlineKeyboardButton(text=button_text, url=button_url)])
    off = OptOutCb(action="off", b=broadcast_id).pack()
    rows.append([InlineKeyboardButton(text=t("bc-unsubscribe"), callback_data=off)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def reasons_keyboard(
    t: Translate, reasons: Sequence[str], broadcast_id: int = 0, *, undo: bool = True
) -> InlineKeyboardMarkup:
    """After unsubscribing: Undo, and why (optional; only counted)."""
    builder = InlineKeyboardBuilder()
    if undo:
        builder.button(text=t("bc-undo"), callback_data=OptOutCb(action="undo", b=broadcast_id))
    for reason in reasons:
        builder.button(
            text=t(f"bc-reason-{reason}"),
            callback_data=OptOutCb(action="why", b=broadcast_id, reason=reason),
        )
    builder.button(
        text=t("bc-reason-skip"), callback_data=OptOutCb(action="why", b=broadcast_id, reason="-")
    )
    builder.adjust(1)
    return builder.as_markup()


def segment_builder(t: Translate, dimensions: Sequence[str]) -> InlineKeyboardBuilder:
    """The audience step: a button per dimension (none is "chosen": each opens its choices),
    then Preview; the engine adds Back and Cancel."""
    options = [(dimension, t(DIMENSION_KEYS[dimension])) for dimension in dimensions]
    builder = multiselect(options, (), lambda dimension: ComposeCb(step="dim", v=dimension))
    preview = ComposeCb(step="preview").pack()
    builder.row(InlineKeyboardButton(text=t("bc-preview"), callback_data=preview))
    return builder


def choices_keyboard(
    t: Translate, dimension: str, options: Sequence[tuple[str, str]], chosen: Sequence[str]
) -> InlineKeyboardMarkup:
    """Toggle buttons (``value``, label); ✅ marks the chosen ones."""
    step = "ev" if dimension == "event" else "tog"
    builder = multiselect(
        options, chosen, lambda value: ComposeCb(step=step, v=f"{_short(dimension)}.{value}")
    )
    builder.row(InlineKeyboardButton(text=t("bc-done"), callback_data=ComposeCb(step="seg").pack()))
    return builder.as_markup()


def confirm_builder(t: Translate, *, can_send_now: bool, signed: bool) -> InlineKeyboardBuilder:
    """Submit (or send now), sign with my name (off by default), change recipients (the
    engine's Back), cancel."""
    builder = InlineKeyboardBuilder()
    if can_send_now:
        builder.button(text=t("bc-send-now"), callback_data=ComposeCb(step="now"))
    builder.button(text=t("bc-submit"), callback_data=ComposeCb(step=SUBMIT))
    builder.button(
        text=t("bc-signed" if signed else "bc-sign"), callback_data=ComposeCb(step="sign")
    )
    builder.button(text=t("bc-change-segment"), callback_data=ComposeCb(step=BACK))
    builder.button(text=t("wizard-cancel"), callback_data=ComposeCb(step=CANCEL))
    builder.adjust(1)
    return builder


def progress_keyboard(
    t: Translate, broadcast_id: int, *, can_pause: bool, can_resume: bool, can_cancel: bool
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("bc-refresh"), callback_data=BcCb(action="show", id=broadcast_id))
    if can_pause:
        builder.button(text=t("bc-pause"), callback_data=BcCb(action="pause", id=broadcast_id))
    if can_resume:
        builder.button(text=t("bc-resume"), callback_data=BcCb(action="resume", id=broadcast_id))
    if can_cancel:
        builder.button(text=t("bc-cancel"), callback_data=BcCb(action="cancel", id=broadcast_id))
    builder.button(text=t("bc-mine"), callback_data=BcCb(action="mine"))
    builder.adjust(2)
    return builder.as_markup()


def report_keyboard(t: Translate) -> InlineKeyboardMarkup:
    """Under the final report: the author's list of announcements."""
    builder = InlineKeyboardBuilder()
    builder.button(text=t("bc-mine"), callback_data=BcCb(action="mine"))
    return builder.as_markup()


def cancel_confirm_keyboard(t: Translate, broadcast_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("bc-cancel-yes"), callback_data=BcCb(action="cancel_ok", id=broadcast_id))
    builder.button(text=t("bc-cancel-no"), callback_data=BcCb(action="show", id=broadcast_id))
    builder.adjust(1)
    return builder.as_markup()


def mine_keyboard(t: Translate, items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for broadcast_id, label in items:
        builder.button(text=label, callback_data=BcCb(action="show", id=broadcast_id))
    builder.button(text=t("bc-new"), callback_data=BcCb(action="new"))
    builder.adjust(1)
    return builder.as_markup()


_SHORT = {
    "countries": "c",
    "cities": "ci",
    "professions": "p",
    "interests": "i",
    "languages": "l",
    "event": "e",
}
_LONG = {short: long for long, short in _SHORT.items()}


def _short(dimension: str) -> str:
    return _SHORT[dimension]


def parse_toggle(value: str) -> tuple[str, str] | None:
    """``c.GE`` → (``countries``, ``GE``); ``None`` for anything forged."""
    short, _, item = value.partition(".")
    dimension = _LONG.get(short)
    if dimension is None or not item:
        return None
    return dimension, item
