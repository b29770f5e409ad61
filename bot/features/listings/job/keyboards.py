"""Buttons of the job board and their callback data (all well under 64 bytes: ids, codes and a
compact filter token, never a member id)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import DeliveryMode, JobSubscription, TaxonomyKind
from bot.features.listings.board import Board, BoardListCb, BoardPickCb, Topic
from bot.features.listings.job.render import filter_text, job_line, subscription_text
from bot.features.listings.job.service import JobFilter, browse
from bot.features.listings.kinds import ListingKind
from bot.features.listings.posting import StepCb
from bot.features.listings.render import Texts
from bot.features.listings.section import Section, SectionCb
from bot.ui.keyboards import InlineKeyboardBuilder


class JobsCb(SectionCb, prefix="jobs"):
    """A button of the job board's home (``SECTION.buttons``)."""


class JobWizCb(StepCb, prefix="jw"):
    """A button of the job posting wizard (steps: ``states.STEP_CODES``)."""


class JobListCb(BoardListCb, prefix="jl"):
    """A page of the job list for the filter token ``f`` (``JobFilter.pack``)."""


class JobPickCb(BoardPickCb, prefix="jp"):
    """Open a filter picker: ``what`` is place, city or prof, over the filter ``f``."""


class JobSubCb(CallbackData, prefix="js"):
    """Subscriptions: ``a`` = ask (choose the delivery for filter ``f``), add (with ``m``, a
    :data:`MODE_CODES` key), del (subscription ``id``)."""

    a: str
    f: str = ""
    m: str = ""
    id: int = 0


# Delivery modes in callback data, one letter each (the filter token needs the room).
MODE_CODES: dict[str, DeliveryMode] = {"i": DeliveryMode.INSTANT, "d": DeliveryMode.DAILY}


SECTION = Section(
    JobsCb,
    {
        "browse": "jobs-browse",
        "post": "jobs-post",
        "subs": "jobs-subscriptions",
        "mine": "jobs-mine",
    },
    safety="jobs",
)
"""The job board's home: browse, post, subscriptions, my jobs."""


def _subscribe_row(t: Texts, token: str) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            text=t.get("jobs-subscribe-this"), callback_data=JobSubCb(a="ask", f=token).pack()
        )
    ]


def _post(t: Texts) -> list[list[InlineKeyboardButton]]:
    """Under an empty job list (subscribing is the row every list has) and "my jobs"."""
    return [[SECTION.button(t, "post")]]


BOARD: Board[JobFilter] = Board(
    ListingKind.JOB,
    "jobs",
    SECTION,
    JobListCb,
    JobPickCb,
    parse=JobFilter.parse,
    browse=browse,
    describe=filter_text,
    line=job_line,
    topic=Topic("prof", "profession", TaxonomyKind.PROFESSION),
    remote=JobFilter.remote_only,
    place_rows=(2, 3),
    extra_rows=_subscribe_row,
    next_steps=lambda t, listing_filter: _post(t),
    mine_rows=_post,
)
"""The job list and its pickers (``bot.features.listings.board``)."""


def mode_keyboard(t: Texts, token: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, mode in MODE_CODES.items():
        builder.button(
            text=t.get(f"jobs-mode-choose-{mode}"), callback_data=JobSubCb(a="add", f=token, m=code)
        )
    builder.button(text=t.get("wizard-cancel"), callback_data=JobListCb(f=token))
    builder.adjust(1)
    return builder.as_markup()


def subscriptions_keyboard(t: Texts, subscriptions: list[JobSubscription]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for subscription in subscriptions:
        builder.row(
            InlineKeyboardButton(
                text=t.get("jobs-unsubscribe", what=subscription_text(t, subscription)),
                callback_data=JobSubCb(a="del", id=subscription.id).pack(),
            )
        )
    builder.row(SECTION.button(t, "browse"))
    builder.row(BOARD.home_button(t))
    return builder.as_markup()
