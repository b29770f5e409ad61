"""Buttons of the job board and their callback data (all well under 64 bytes: ids, codes and a
compact filter token, never a member id)."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import DeliveryMode, Job, JobSubscription, TaxonomyKind
from bot.features.common.keyboards import MenuCb
from bot.features.listings.job.render import job_line, subscription_text
from bot.features.listings.job.service import JobFilter, JobPage
from bot.features.listings.keyboards import (
    BACK_MINE,
    ListingCb,
    card_button_data,
    menu_button,
    place_options,
)
from bot.features.listings.kinds import ListingKind
from bot.features.listings.render import Texts, status_text
from bot.features.safety.keyboards import SafetyCb
from bot.geo import cities_of, country_name
from bot.taxonomy import label
from bot.ui.keyboards import InlineKeyboardBuilder, pager


class JobsCb(CallbackData, prefix="jobs"):
    """``a``: browse, post, subs (subscriptions), mine (my jobs)."""

    a: str


class JobWizCb(CallbackData, prefix="jw"):
    """A button of the posting wizard: ``step`` (see ``states.STEP_CODES``, or back, cancel,
    submit) and its ``v``alue."""

    step: str
    v: str = ""


class JobListCb(CallbackData, prefix="jl"):
    """A page of the job list for the filter token ``f`` (``JobFilter.pack``)."""

    f: str
    pg: int = 0


class JobPickCb(CallbackData, prefix="jp"):
    """Open a filter picker: ``what`` is place, city or prof, over the filter ``f``."""

    what: str
    f: str


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


def jobs_home_button(t: Texts) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.get("jobs-home"), callback_data=MenuCb(section="jobs").pack()
    )


def list_keyboard(t: Texts, job_filter: JobFilter, page: JobPage) -> InlineKeyboardMarkup:
    token = job_filter.pack()
    builder = InlineKeyboardBuilder()
    for job in page.jobs:
        builder.row(
            InlineKeyboardButton(
                text=job_line(t, job),
                callback_data=card_button_data(ListingKind.JOB, job.id, f"{token}.{page.page}"),
            )
        )

    def opens(number: int) -> JobListCb:
        return JobListCb(f=token, pg=number)

    if nav := pager(page.page, page.pages, opens, counter=opens):
        builder.row(*nav)
    filters = [
        InlineKeyboardButton(
            text=t.get("jobs-pick-place"), callback_data=JobPickCb(what="place", f=token).pack()
        )
    ]
    if job_filter.country and cities_of(job_filter.country):
        filters.append(
            InlineKeyboardButton(
                text=t.get("jobs-pick-city"), callback_data=JobPickCb(what="city", f=token).pack()
            )
        )
    filters.append(
        InlineKeyboardButton(
            text=t.get("jobs-pick-profession"), callback_data=JobPickCb(what="prof", f=token).pack()
        )
    )
    builder.row(*filters)
    builder.row(
        InlineKeyboardButton(
            text=t.get("jobs-subscribe-this"), callback_data=JobSubCb(a="ask", f=token).pack()
        )
    )
    builder.row(jobs_home_button(t))
    return builder.as_markup()


def back_to_list(t: Texts, job_filter: JobFilter) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.get("jobs-back-list"), callback_data=JobListCb(f=job_filter.pack()).pack()
    )


def place_picker(
    t: Texts, job_filter: JobFilter, member_country: str | None
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    keep = job_filter.profession
    builder.button(
        text=t.get("listing-place-anywhere"),
        callback_data=JobListCb(f=JobFilter(profession=keep).pack()),
    )
    builder.button(
        text=t.get("listing-place-remote"),
        callback_data=JobListCb(f=JobFilter(remote=True, profession=keep).pack()),
    )
    for code in place_options(member_country):
        builder.button(
            text=country_name(code, t.locale),
            callback_data=JobListCb(f=JobFilter(country=code, profession=keep).pack()),
        )
    builder.adjust(2, 3)
    builder.row(back_to_list(t, job_filter))
    return builder.as_markup()


def city_picker(t: Texts, job_filter: JobFilter) -> InlineKeyboardMarkup:
    assert job_filter.country is not None
    builder = InlineKeyboardBuilder()
    for city in cities_of(job_filter.country):
        chosen = JobFilter(
            country=job_filter.country, city=city.name_en, profession=job_filter.profession
        )
        builder.button(text=city.name(t.locale), callback_data=JobListCb(f=chosen.pack()))
    builder.adjust(3)
    whole = JobFilter(country=job_filter.country, profession=job_filter.profession)
    builder.row(
        InlineKeyboardButton(
            text=t.get("listing-city-whole-country"), callback_data=JobListCb(f=whole.pack()).pack()
        )
    )
    builder.row(back_to_list(t, job_filter))
    return builder.as_markup()


def profession_picker(
    t: Texts, job_filter: JobFilter, slugs: Iterable[str]
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()

    def with_profession(slug: str | None) -> str:
        return JobFilter(
            country=job_filter.country,
            city=job_filter.city,
            remote=job_filter.remote,
            profession=slug,
        ).pack()

    builder.button(
        text=t.get("jobs-any-profession"), callback_data=JobListCb(f=with_profession(None))
    )
    for slug in slugs:
        builder.button(
            text=label(t.get, TaxonomyKind.PROFESSION, slug),
            callback_data=JobListCb(f=with_profession(slug)),
        )
    builder.adjust(2)
    builder.row(back_to_list(t, job_filter))
    return builder.as_markup()


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
    builder.row(jobs_home_button(t))
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
    builder.row(jobs_home_button(t))
    return builder.as_markup()
