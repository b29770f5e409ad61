"""Buttons of the job board and their callback data (all well under 64 bytes: ids, codes and a
compact filter token, never a member id)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import DeliveryMode, Job, JobSubscription, TaxonomyKind
from bot.features.listings.board import Board, BoardListCb, BoardPickCb
from bot.features.listings.job.render import filter_text, job_line, subscription_text
from bot.features.listings.job.service import JobFilter, browse
from bot.features.listings.keyboards import (
    BACK_MINE,
    ListingCb,
    menu_button,
)
from bot.features.listings.kinds import ListingKind
from bot.features.listings.render import Texts, status_text
from bot.features.safety.keyboards import SafetyCb
from bot.taxonomy import label
from bot.ui.keyboards import InlineKeyboardBuilder


class JobsCb(CallbackData, prefix="jobs"):
    """``a``: browse, post, subs (subscriptions), mine (my jobs)."""

    a: str


class JobWizCb(CallbackData, prefix="jw"):
    """A button of the posting wizard: ``step`` (see ``states.STEP_CODES``, or back, cancel,
    submit) and its ``v``alue."""

    step: str
    v: str = ""


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


def home_keyboard(t: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t.get("jobs-browse"), callback_data=JobsCb(a="browse"))
    builder.button(text=t.get("jobs-post"), callback_data=JobsCb(a="post"))
    builder.button(text=t.get("jobs-subscriptions"), callback_data=JobsCb(a="subs"))
    builder.button(text=t.get("jobs-mine"), callback_data=JobsCb(a="mine"))
    builder.button(text=t.get("safety-button"), callback_data=SafetyCb(topic="jobs"))
    builder.adjust(2)
    builder.row(menu_button(t))
    return builder.as_markup()


def _subscribe_row(t: Texts, token: str) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            text=t.get("jobs-subscribe-this"), callback_data=JobSubCb(a="ask", f=token).pack()
        )
    ]


def _next_steps(t: Texts, listing_filter: JobFilter) -> list[list[InlineKeyboardButton]]:
    """An empty job list: post one (subscribing is the row every list has)."""
    return [[InlineKeyboardButton(text=t.get("jobs-post"), callback_data=JobsCb(a="post").pack())]]


BOARD: Board[JobFilter] = Board(
    kind=ListingKind.JOB,
    command="jobs",
    section="jobs",
    home=lambda t: home_keyboard(t),
    texts="jobs",
    list_cb=JobListCb,
    pick_cb=JobPickCb,
    parse=JobFilter.parse,
    browse=browse,
    describe=filter_text,
    line=job_line,
    topic="prof",
    topic_word="profession",
    topics=TaxonomyKind.PROFESSION,
    topic_label=lambda t, slug: label(t.get, TaxonomyKind.PROFESSION, slug),
    remote=JobFilter.remote_only,
    place_rows=(2, 3),
    extra_rows=_subscribe_row,
    next_steps=_next_steps,
    mine=JobsCb(a="mine"),
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
    builder.row(
        InlineKeyboardButton(text=t.get("jobs-browse"), callback_data=JobsCb(a="browse").pack())
    )
    builder.row(BOARD.home_button(t))
    return builder.as_markup()


def my_jobs_keyboard(t: Texts, jobs: list[Job]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for job in jobs:
        builder.row(
            InlineKeyboardButton(
                text=f"{status_text(t, job.status)} · {job_line(t, job)}",
                callback_data=ListingCb(
                    k=ListingKind.JOB.value, a="v", id=job.id, v=BACK_MINE
                ).pack(),
            )
        )
    builder.row(
        InlineKeyboardButton(text=t.get("jobs-post"), callback_data=JobsCb(a="post").pack())
    )
    builder.row(BOARD.home_button(t))
    return builder.as_markup()
