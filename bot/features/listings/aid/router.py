"""Mutual aid: /aid, posting a request or an offer, browsing, "my requests and offers".

Cards and their actions (respond, report, close, renew) are in ``bot.features.listings.router``.
"""

from __future__ import annotations

from aiogram import Router

from bot.db.models import OfferKind
from bot.features.listings.aid.keyboards import BOARD, SECTION
from bot.features.listings.aid.service import AidFilter
from bot.features.listings.aid.wizard import POSTING
from bot.features.listings.section import Action, Press


def _post(kind: OfferKind) -> Action:
    async def post(press: Press) -> None:
        await POSTING.start(press, {"kind": str(kind)}, f"aid-wizard-intro-{kind}")

    return post


def _browse(kind: OfferKind) -> Action:
    async def browse(press: Press) -> None:
        listing_filter = AidFilter(kind, country=press.member.country)
        await BOARD.show_list(press.query, press.t, press.session, listing_filter, 0)

    return browse


async def _mine(press: Press) -> None:
    await BOARD.show_mine(press.query, press.t, press.session, press.member.id)


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = SECTION.router(
        "offers",
        {
            "need": _post(OfferKind.REQUEST),
            "give": _post(OfferKind.OFFER),
            "requests": _browse(OfferKind.REQUEST),
            "offers": _browse(OfferKind.OFFER),
            "mine": _mine,
        },
    )
    BOARD.register(router)
    router.include_router(POSTING.wizard.create_router())
    return router
