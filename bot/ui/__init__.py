"""Prichal's UI kit: the one way to show a screen and the keyboards every wizard and list shares.

- :func:`bot.ui.screens.show` — "reply or edit": a screen in place of the pressed message, or as a
  new message after typed text (:func:`~bot.ui.screens.edit_or_answer` for callbacks alone).
- :func:`bot.ui.keyboards.multiselect` — the one multi-select (toggle buttons, ✅ on the chosen).
- :func:`bot.ui.keyboards.pager` — the one paginator row (◀ n/N ▶).
- :class:`bot.ui.keyboards.InlineKeyboardBuilder` — aiogram's builder without quadratic copying.
- :class:`bot.ui.steps.StepEngine` — the one step engine of every wizard (steps in order, typed
  answers validated, Keep / Back / Cancel, stale and forged presses, the draft in the FSM).

The kit sits below the features (it imports aiogram only, never a feature), so every feature may
use it. Why our own kit and not ``aiogram_dialog``: see ``bot/ui/README.md`` (the spike).
"""
