"""The profile card and its edit buttons."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n import I18nContext

from bot.db.models import TaxonomyKind
from bot.features.common.keyboards import back_to_menu_button
from bot.features.profile.service import Profile
from bot.geo import country_name, find_city
from bot.taxonomy import label
from bot.ui.keyboards import InlineKeyboardBuilder


class ProfileCb(CallbackData, prefix="pf"):
    """``field``: language, country, city, professions, interests, notify, alerts, quiet."""

    field: str
    value: str = ""


EDITABLE = ("language", "country", "city", "professions", "interests", "notify", "alerts", "quiet")


def profile_text(i18n: I18nContext, profile: Profile) -> str:
    none = i18n.get("profile-none")
    city = find_city(profile.country, profile.city) if profile.city else None
    quiet = (
        i18n.get(
            "profile-quiet-window",
            start=f"{profile.quiet_start:02d}:00",
            end=f"{profile.quiet_end:02d}:00",
        )
        if profile.quiet_start is not None and profile.quiet_end is not None
        else i18n.get("profile-off")
    )
    return i18n.get(
        "profile-card",
        language=i18n.get(f"language-name-{profile.locale or i18n.locale}"),
        country=country_name(profile.country, i18n.locale) if profile.country else none,
        city=city.name(i18n.locale) if city else none,
        professions=", ".join(
            label(i18n.get, TaxonomyKind.PROFESSION, slug) for slug in profile.professions
        )
        or none,
        interests=", ".join(
            label(i18n.get, TaxonomyKind.INTEREST, slug) for slug in profile.interests
        )
        or none,
        announcements=i18n.get("profile-on" if profile.broadcasts_opt_in else "profile-off"),
        alerts=i18n.get("profile-on" if profile.alerts_opt_in else "profile-off"),
        quiet=quiet,
    )


def profile_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for field in EDITABLE:
        builder.button(text=i18n.get(f"profile-edit-{field}"), callback_data=ProfileCb(field=field))
    builder.adjust(2)
    builder.row(back_to_menu_button(i18n))
    return builder.as_markup()
